using System.Xml.Linq;
using Dqml.Circuits.Drawing;
using Dqml.Circuits.Parameters;
using Dqml.Testing;

namespace Dqml.Circuits.Tests.Drawing;

public class SvgDiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Draw_Teleport_IsXmlWithOneGroupPerInstructionAndOneRectPerGateBox()
    {
        var circuit = TextDiagramTests.Teleport();
        var doc = XDocument.Parse(SvgDiagram.Draw(circuit));
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        var ops = doc.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.StartsWith("op", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(circuit.Instructions.Length, ops.Count);
        Assert.Equal(Enumerable.Range(0, circuit.Instructions.Length), ops.Select(g => (int)g.Attribute("data-index")!));

        // Boxes: u3, h, u3 (single-qubit gates), measurements; the CX is a control and a target.
        int boxes = DiagramLayout.Create(circuit).Operations.Sum(o => o.Elements.Count(e => e.Kind is ElementKind.Box or ElementKind.Measure));
        var rects = doc.Descendants(Svg + "rect").Where(r => ((string?)r.Attribute("class"))?.StartsWith("gate", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(boxes, rects.Count);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "U3(1.2,0.4,-0.3)");
    }

    [Fact]
    public void Draw_SameCircuit_SameSvg()
        => Assert.Equal(SvgDiagram.Draw(TextDiagramTests.Bell()), SvgDiagram.Draw(TextDiagramTests.Bell()));

    [ChromiumFact]
    public void Draw_Teleport_EveryGateVisibleInHeadlessChromium()
    {
        var circuit = TextDiagramTests.Teleport();
        string png = Path.Combine(AppContext.BaseDirectory, "teleport-svg.png");
        File.Delete(png);
        var result = SvgVisibility.Check(SvgDiagram.Draw(circuit), png);

        Assert.True(File.Exists(png), "no screenshot kept next to the test binaries");
        Assert.True(result.Invisible.Count == 0, "invisible in Chromium:\n" + result.Describe());
        Assert.Equal(Enumerable.Range(0, circuit.Instructions.Length), result.Ops.Select(o => o.Index));
        Assert.Equal(GateBoxes(circuit), result.Gates);
        Assert.All(result.Ops, o => Assert.True(o.Box[2] > o.Box[0] && o.Box[3] > o.Box[1], $"op {o.Index} has an empty box"));
    }

    [ChromiumFact]
    public void Draw_GateZoo_EveryGateVisibleInHeadlessChromium()
    {
        var circuit = Zoo();
        var result = SvgVisibility.Check(SvgDiagram.Draw(circuit), Path.Combine(AppContext.BaseDirectory, "zoo-svg.png"));
        Assert.True(result.Invisible.Count == 0, "invisible in Chromium:\n" + result.Describe());
        Assert.Equal(Enumerable.Range(0, circuit.Instructions.Length), result.Ops.Select(o => o.Index));
        Assert.Equal(GateBoxes(circuit), result.Gates);
    }

    /// <summary>The harness can fail: gates moved out of the viewBox, of zero size, hidden, transparent, undisplayed or with an overflowing label are reported, and only those.</summary>
    [ChromiumFact]
    public void SvgVisibility_TamperedGates_ReportedInvisible()
    {
        var circuit = TextDiagramTests.Teleport();
        var doc = XDocument.Parse(SvgDiagram.Draw(circuit));
        double width = (double)doc.Root!.Attribute("width")!;
        var boxed = doc.Descendants(Svg + "g")
            .Where(g => ((string?)g.Attribute("class"))?.StartsWith("op", StringComparison.Ordinal) == true && Rect(g) is not null)
            .ToList();
        Assert.True(boxed.Count >= 6, $"{boxed.Count} ops with a gate box");
        Rect(boxed[0])!.SetAttributeValue("x", width + 40);
        Rect(boxed[1])!.SetAttributeValue("width", 0);
        boxed[2].SetAttributeValue("style", "visibility: hidden");
        boxed[3].SetAttributeValue("opacity", "0");
        Rect(boxed[4])!.SetAttributeValue("style", "display: none");
        Rect(boxed[5])!.ElementsAfterSelf(Svg + "text").First().Value = "ZZZZZ";

        var result = SvgVisibility.Check(doc.ToString(SaveOptions.DisableFormatting));
        var tampered = boxed.Take(6).Select(g => (int)g.Attribute("data-index")!).Order().ToList();
        Assert.True(tampered.SequenceEqual(result.InvisibleOps), "reported:\n" + result.Describe());
        Assert.Contains(result.Invisible, p => p.Index == tampered[0] && p.Reason.StartsWith("outside the SVG viewport", StringComparison.Ordinal));
        Assert.Contains(result.Invisible, p => p.Index == tampered[1] && p.Reason.StartsWith("empty bounding box", StringComparison.Ordinal));
        Assert.Contains(result.Invisible, p => p.Index == tampered[2] && p.Reason == "visibility: hidden");
        Assert.Contains(result.Invisible, p => p.Index == tampered[3] && p.Reason == "opacity: 0");
        Assert.Contains(result.Invisible, p => p.Index == tampered[4] && p.Reason == "display: none");
        Assert.Contains(result.Invisible, p => p.Index == tampered[5] && p.Reason.Contains("outside its box", StringComparison.Ordinal));
        Assert.All(result.Invisible, p => Assert.Contains(p.Index, tampered));
    }

    /// <summary>A gate drawn over another op's gate is reported as covered (hit test at the centre).</summary>
    [ChromiumFact]
    public void SvgVisibility_GateCoveredByAnotherOp_ReportedInvisible()
    {
        const string svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">
            <g class="op gate" data-index="0"><rect class="gate" x="20" y="16" width="28" height="28" fill="white" stroke="black"/></g>
            <g class="op gate" data-index="1"><rect class="gate" x="80" y="16" width="28" height="28" fill="white" stroke="black"/></g>
            <g class="op gate" data-index="2"><rect x="10" y="10" width="50" height="40" fill="#dadce0"/></g>
            </svg>
            """;
        var result = SvgVisibility.Check(svg);
        Assert.True(result.Invisible.Count == 1, "reported:\n" + result.Describe());
        Assert.Equal([0, 1, 2], result.Ops.Select(o => o.Index));
        Assert.Equal(2, result.Gates);
        var problem = Assert.Single(result.Invisible);
        Assert.Equal(0, problem.Index);
        Assert.StartsWith("covered at its centre by rect of op 2", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SvgVisibility_Parse_ReadsTheHtmlEscapedVerdict()
    {
        const string dom = """
            <html><body><div id="subject"><svg></svg></div><pre id="result">{"width":120,"height":60,"ops":[{"index":0,"kind":"op gate","box":[1,2,3,4],"gates":[[1,2,3,4]],"links":[]}],"gates":1,"notes":["A→B &lt;1ns &amp; more"],"invisible":[{"index":0,"element":"rect.gate","reason":"opacity: 0"}]}</pre></body></html>
            """;
        var result = SvgVisibility.Parse(dom);
        Assert.Equal(120, result.Width);
        Assert.Equal(0, Assert.Single(result.Ops).Index);
        Assert.Equal("A→B <1ns & more", Assert.Single(result.Notes));
        Assert.Equal([0], result.InvisibleOps);
        string page = SvgVisibility.Page(SvgDiagram.Draw(TextDiagramTests.Bell()));
        Assert.Contains("<div id=\"subject\">\n<svg xmlns=", page, StringComparison.Ordinal);
        Assert.Contains("<pre id=\"result\">", page, StringComparison.Ordinal);
    }

    private static XElement? Rect(XElement op) => op.Elements(Svg + "rect").FirstOrDefault(r => ((string?)r.Attribute("class"))?.StartsWith("gate", StringComparison.Ordinal) == true);

    private static int GateBoxes(Circuit circuit)
        => DiagramLayout.Create(circuit).Operations.Sum(o => o.Elements.Count(e => e.Kind is ElementKind.Box or ElementKind.Measure));

    /// <summary>The gate zoo of <see cref="TextDiagramTests.Draw_GateZoo_MatchesExpectedFile"/>: every element kind.</summary>
    private static Circuit Zoo() => new CircuitBuilder(4, 1)
        .RX(0.785398, 0).RY(ParamExpr.Trainable("t3"), 1).RZ(Math.PI / 2, 2)
        .CCX(0, 1, 3).Swap(0, 2).CZ(1, 3).CRX(ParamExpr.Trainable("k0"), 3, 0).RZZ(0.5, 1, 2)
        .Barrier(0, 1, 2, 3).Reset(2).Measure(3, 0)
        .If(0, false, b => b.X(1))
        .Build();
}
