using System.Xml.Linq;
using Dqml.Circuits;
using Dqml.Circuits.Drawing;
using Dqml.Distributed.Drawing;
using Dqml.Testing;

namespace Dqml.Distributed.Tests.Drawing;

public class DistributedDiagramTests
{
    private static readonly DiagramOptions Wide = new() { Width = 160 };

    private static DistributedCircuit TwoQubitCx()
        => DistributedCircuit.Parse(new CircuitBuilder(2).H(0).CX(0, 1).Build(), Architecture.TwoProcessors(classicalLatency: 224e-9), "A:0,B:1");

    [Fact]
    public void Text_TwoProcessorTelegate_MatchesExpectedFile()
    {
        var lowered = Lowering.Lower(TwoQubitCx(), Scheme.Parse("qc:telegate"));
        ExpectedFile.Match("telegate.txt", DistributedDiagram.Text(lowered, Wide));
    }

    [Fact]
    public void Text_Teledata_MarksTeleportsAndEbits()
    {
        var lowered = Lowering.Lower(TwoQubitCx(), Scheme.Parse("qc:teledata"));
        string text = DistributedDiagram.Text(lowered, Wide);
        Assert.Contains("── QPU A ──", text, StringComparison.Ordinal);
        Assert.Contains("── QPU B ──", text, StringComparison.Ordinal);
        Assert.Equal(lowered.Ledger.Ebits, CountOf(text, "ebit A~B"));
        Assert.Equal(lowered.Ledger.QubitsTeleported, CountOf(text, "teleport "));
    }

    [Fact]
    public void Text_ClassicalCondition_AcrossProcessors_ShowsLinkLatency()
    {
        var c = new CircuitBuilder(2, 1).H(0).Measure(0, 0).If(0, true, b => b.X(1)).Build();
        var dc = DistributedCircuit.Parse(c, Architecture.TwoProcessors(classicalLatency: 224e-9), "A:0;B:1");
        string text = DistributedDiagram.Text(dc, Wide);
        ExpectedFile.Match("classical-send.txt", text);
        Assert.Contains("A→B 224ns", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ForKnitted_NumericCut_NotesGamma()
    {
        var c = new CircuitBuilder(2).CRZ(1.0, 0, 1).Build();
        var dc = DistributedCircuit.Parse(c, Architecture.TwoProcessors(), "A:0,B:1");
        var options = DistributedDiagram.ForKnitted(dc, Wide);
        var mark = Assert.Single(options.Marks!);
        Assert.StartsWith("γ=", mark.Value.Note, StringComparison.Ordinal);
        Assert.Equal(ConnectorStyle.Linked, mark.Value.Connector);
        Assert.Contains("┆", TextDiagram.Draw(c, options), StringComparison.Ordinal);
    }

    [Fact]
    public void Svg_Telegate_HasOneBandPerProcessorAndOneGroupPerInstruction()
    {
        var lowered = Lowering.Lower(TwoQubitCx(), Scheme.Parse("qc:telegate"));
        var doc = XDocument.Parse(DistributedDiagram.Svg(lowered));
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal(2, doc.Descendants(svg + "g").Count(g => (string?)g.Attribute("class") == "band"));
        Assert.Equal(lowered.Circuit.Instructions.Length, doc.Descendants(svg + "g").Count(g => ((string?)g.Attribute("class"))?.StartsWith("op", StringComparison.Ordinal) == true));
    }

    private static int CountOf(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
