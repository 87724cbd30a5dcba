using Dqml.Circuits;
using Dqml.Circuits.Drawing;
using Dqml.Circuits.Instructions;
using Dqml.Distributed.Drawing;
using Dqml.Testing;

namespace Dqml.Distributed.Tests.Drawing;

/// <summary>Distributed SVG diagrams rendered in headless Chromium: every gate and communication mark visible (<see cref="SvgVisibility"/>).</summary>
public class DistributedDiagramChromiumTests
{
    private static LoweredCircuit Lowered(string scheme)
        => Lowering.Lower(
            DistributedCircuit.Parse(new CircuitBuilder(2).H(0).CX(0, 1).Build(), Architecture.TwoProcessors(classicalLatency: 224e-9), "A:0,B:1"),
            Scheme.Parse(scheme));

    [ChromiumFact]
    public void Svg_TwoProcessorTelegate_EveryGateAndCommunicationMarkVisibleInHeadlessChromium()
    {
        var lowered = Lowered("qc:telegate");
        string png = Path.Combine(AppContext.BaseDirectory, "telegate-svg.png");
        File.Delete(png);
        var result = CheckVisible(lowered, png);
        Assert.True(File.Exists(png), "no screenshot kept next to the test binaries");

        // Communication notes (the same events as the text diagram, Expected/telegate.txt), each visible.
        foreach (string note in new[] { "ebit A~B", "A→B 224ns", "telegate", "B→A 224ns" })
        {
            Assert.Contains(result.Notes, n => n.Contains(note, StringComparison.Ordinal));
        }

        Assert.Equal(1, EbitLinks(lowered, result));

        // Classical sends: the two corrections conditioned on a bit measured on the other processor, each a
        // visible op whose double line runs from the bit row up to its gate box.
        var sends = lowered.Circuit.Instructions.Select((ins, i) => (ins, i)).Where(p => p.ins is Conditioned).Select(p => p.i).ToList();
        Assert.Equal(2, sends.Count);
        foreach (int i in sends)
        {
            var op = result.Ops.Single(o => o.Index == i);
            var gate = Assert.Single(op.Gates);
            Assert.True(op.Box[3] > gate[3] + 20, $"op {i}: no classical line below its box [{string.Join(",", op.Box)}]");
        }
    }

    [ChromiumFact]
    public void Svg_TwoProcessorTeledata_EveryGateAndEbitVisibleInHeadlessChromium()
    {
        var lowered = Lowered("qc:teledata");
        var result = CheckVisible(lowered, Path.Combine(AppContext.BaseDirectory, "teledata-svg.png"));
        Assert.Equal(lowered.Ledger.Ebits, EbitLinks(lowered, result));
        Assert.Equal(lowered.Ledger.Ebits, result.Notes.Sum(n => Count(n, "ebit A~B")));
        Assert.Equal(lowered.Ledger.QubitsTeleported, result.Notes.Sum(n => Count(n, "teleport ")));
    }

    /// <summary>Renders the lowered circuit's SVG; asserts nothing is invisible, one op per instruction and one gate rect per box.</summary>
    private static SvgVisibilityResult CheckVisible(LoweredCircuit lowered, string screenshot)
    {
        var result = SvgVisibility.Check(DistributedDiagram.Svg(lowered), screenshot);
        Assert.True(result.Invisible.Count == 0, "invisible in Chromium:\n" + result.Describe());
        Assert.Equal(Enumerable.Range(0, lowered.Circuit.Instructions.Length), result.Ops.Select(o => o.Index));
        int boxes = DiagramLayout.Create(lowered.Circuit, DistributedDiagram.ForLowered(lowered)).Operations
            .Sum(o => o.Elements.Count(e => e.Kind is ElementKind.Box or ElementKind.Measure));
        Assert.Equal(boxes, result.Gates);
        return result;
    }

    /// <summary>
    /// Asserts every ebit (bell_pair op) is two visible EPR boxes joined by a visible dashed link that runs from
    /// the upper box to the lower one; returns the number of ebits.
    /// </summary>
    private static int EbitLinks(LoweredCircuit lowered, SvgVisibilityResult result)
    {
        const double tol = 0.5;
        var pairs = lowered.Circuit.Instructions.Select((ins, i) => (ins, i))
            .Where(p => p.ins is GateOperation { Gate.Name: Lowering.BellPairGateName }).Select(p => p.i).ToList();
        foreach (int i in pairs)
        {
            var op = result.Ops.Single(o => o.Index == i);
            Assert.Equal(2, op.Gates.Count);
            var (upper, lower) = op.Gates[0][1] < op.Gates[1][1] ? (op.Gates[0], op.Gates[1]) : (op.Gates[1], op.Gates[0]);
            var link = Assert.Single(op.Links);
            Assert.True(link[1] <= upper[3] + tol && link[3] >= lower[1] - tol, $"ebit {i}: link [{string.Join(",", link)}] does not join [{string.Join(",", upper)}] and [{string.Join(",", lower)}]");
            Assert.True(link[0] >= upper[0] && link[2] <= upper[2], $"ebit {i}: link [{string.Join(",", link)}] not under its boxes");
        }

        return pairs.Count;
    }

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
