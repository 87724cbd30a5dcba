using System.Xml.Linq;
using Dqml.Circuits.Drawing;
using Dqml.Testing;

namespace Dqml.Circuits.Tests.Drawing;

/// <summary>A fact that runs only where a Chromium binary is on PATH (Debian's <c>chromium</c> package).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Binary is null)
        {
            Skip = HeadlessChromium.SkipReason;
        }
    }
}

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
    public void Draw_Teleport_RendersInHeadlessChromium()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dqml-svg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string svg = Path.Combine(dir, "teleport.svg");
            File.WriteAllText(svg, SvgDiagram.Draw(TextDiagramTests.Teleport()));
            string png = Path.Combine(dir, "teleport.png");
            HeadlessChromium.Run(dir, $"--screenshot={png}", "--window-size=1000,400", new Uri(svg).AbsoluteUri);
            Assert.True(File.Exists(png), "chromium wrote no screenshot");
            byte[] bytes = File.ReadAllBytes(png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
            string kept = Path.Combine(AppContext.BaseDirectory, "teleport-svg.png");
            File.Copy(png, kept, overwrite: true);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

}
