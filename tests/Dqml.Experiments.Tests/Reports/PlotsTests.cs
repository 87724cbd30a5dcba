using System.Xml.Linq;
using Dqml.Experiments.Reports;

namespace Dqml.Experiments.Tests.Reports;

public class PlotsTests
{
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static LineFigure Figure() => ReportFigures.MetricVsX(
        "accuracy-vs-depth",
        "Validation accuracy vs depth",
        "depth",
        "validation accuracy (%)",
        [("cc", [(3.0, 91.0, 1.4), (5.0, 94.0, 1.4)]), ("qc", [(3.0, 89.0, double.NaN), (5.0, 93.0, 1.0)])],
        [("paper cc", [(3.0, 90.0), (5.0, 93.1)])]);

    [Fact]
    public void Save_LineFigureWithErrorBars_WritesPngAndSvg()
    {
        string dir = ReportData.TempDirectory();
        try
        {
            var rendered = Plots.Save(Figure(), dir);

            Assert.Equal(Path.Combine(dir, "accuracy-vs-depth.png"), rendered.PngPath);
            byte[] png = File.ReadAllBytes(rendered.PngPath!);
            Assert.True(png.Length > 1000);
            Assert.Equal(PngMagic, png.Take(PngMagic.Length));
            var svg = XDocument.Parse(File.ReadAllText(rendered.SvgPath!));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.Contains("Validation accuracy vs depth", svg.ToString(), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Render_LogAxisAndEmptySeries_RendersValidSvg()
    {
        var figure = ReportFigures.EffectiveDimensionVsN(
            "effdim", "Effective dimension", "d_eff / d", [("nc", [1e3, 1e4, 1e5], [0.5, 0.6, 0.7]), ("none", [], [])]);

        var rendered = Plots.Render(figure);

        Assert.Equal("svg", XDocument.Parse(rendered.Svg).Root!.Name.LocalName);
        Assert.Equal(PngMagic, rendered.Png.Take(PngMagic.Length));
    }

    [Fact]
    public void Render_MismatchedLengthsOrBadName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Plots.Render(new LineFigure("x", "t", "x", "y", [new PlotSeries("a", [1, 2], [1])])));
        Assert.Throws<ArgumentException>(() => Plots.Render(new LineFigure("../x", "t", "x", "y", [])));
        Assert.Throws<ArgumentException>(() => Plots.Render(new LineFigure("x", "t", "x", "y", [new PlotSeries("a", [0], [1])]) { LogX = true }));
    }
}
