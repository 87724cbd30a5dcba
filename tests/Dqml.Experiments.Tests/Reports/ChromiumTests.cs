using Dqml.Experiments.Reports;
using Dqml.Testing;

namespace Dqml.Experiments.Tests.Reports;

public class ChromiumTests
{
    private static readonly byte[] PngMagic = [0x89, (byte)'P', (byte)'N', (byte)'G'];


    [ChromiumFact]
    public void Report_OpenedInHeadlessChromium_LoadsEveryFigureAndScreenshots()
    {
        string dir = ReportData.TempDirectory();
        try
        {
            var section = HtmlReportTests.TrainSection(Path.Combine(dir, "files"), Path.Combine(dir, "store"));
            string report = HtmlReport.Write(Path.Combine(dir, "report.html"), "Report", "dqml reproduce --quick", [section]);
            string uri = new Uri(report).AbsoluteUri;

            string dom = HeadlessChromium.Run(dir, "--dump-dom", uri);
            Assert.Contains($"data-figures-loaded=\"{section.Figures.Count}/{section.Figures.Count}\"", dom, StringComparison.Ordinal);

            string screenshot = Path.Combine(dir, "report.png");
            HeadlessChromium.Run(dir, $"--screenshot={screenshot}", "--window-size=1200,2000", uri);
            Assert.True(File.Exists(screenshot), "chromium wrote no screenshot");
            byte[] png = File.ReadAllBytes(screenshot);
            Assert.True(png.Length > 10_000, $"screenshot of {png.Length} bytes");
            Assert.Equal(PngMagic, png.Take(PngMagic.Length));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
