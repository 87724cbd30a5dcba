using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dqml.Experiments.Reports;
using Dqml.Experiments.Specs;

namespace Dqml.Experiments.Tests.Reports;

public partial class HtmlReportTests
{
    private const string TrainSpec = """
        { "name": "hwang2025-table1", "kind": "train", "description": "Table I test",
          "sweep": { "scheme": ["cc", "qc"], "depth": [3, 5], "seed": [1, 2] } }
        """;

    internal static ReportSection TrainSection(string? outputDirectory, string storeDirectory)
    {
        var spec = SpecParser.Parse(TrainSpec, "table1.json");
        return PresetReport.Build(spec, ReportData.Train(), storeDirectory, 8, "dqml run experiments/hwang2025-table1.json", outputDirectory);
    }

    [Fact]
    public void Write_TrainSection_InlinesEveryFigureAndShowsPaperValues()
    {
        string dir = ReportData.TempDirectory();
        try
        {
            // Per-run training curve of one run; the others have none.
            string runDir = Path.Combine(dir, "store", "runs", "scheme=cc,depth=3,seed=1");
            Directory.CreateDirectory(runDir);
            File.WriteAllText(Path.Combine(runDir, "metrics.csv"), "step,epoch,learning_rate,batch_loss,batch_accuracy,validation_loss,validation_accuracy,elapsed_seconds\n1,0,0.05,1,0.5,NaN,NaN,0.1\n2,0,0.05,0.9,0.6,NaN,NaN,0.2\n3,0,0.05,0.8,0.7,0.7,0.9,0.3\n");
            var section = TrainSection(Path.Combine(dir, "files"), Path.Combine(dir, "store"));
            string path = HtmlReport.Write(Path.Combine(dir, "report.html"), "Report", "dqml reproduce --quick", [section]);

            Assert.Equal(["accuracy-vs-depth", "training-curves"], section.Figures.Select(f => f.Figure.Name));
            string html = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
            Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));

            // Every figure inline: an <img> per figure whose data URI decodes to that figure's SVG.
            var images = ImageSources().Matches(html).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(section.Figures.Count, images.Count);
            foreach (string src in images)
            {
                Assert.StartsWith("data:image/svg+xml;base64,", src, StringComparison.Ordinal);
                string svg = Encoding.UTF8.GetString(Convert.FromBase64String(src["data:image/svg+xml;base64,".Length..]));
                Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
            }

            // Nothing loaded from elsewhere: every src is a data URI, every href an anchor in the page.
            foreach (Match m in Links().Matches(html))
            {
                string value = m.Groups[2].Value;
                Assert.True(value.StartsWith("data:", StringComparison.Ordinal) || value.StartsWith('#'), $"external {m.Groups[1].Value}: {value}");
            }

            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@import", html, StringComparison.Ordinal);

            // Measured beside the paper, the spec and the command.
            Assert.Contains("<td>91.0 ± 1.4</td><td>90.0</td>", html, StringComparison.Ordinal);
            Assert.Contains("<td>93.1</td>", html, StringComparison.Ordinal);
            Assert.Contains("Hwang et al. (2025), Table I", html, StringComparison.Ordinal);
            Assert.Contains("dqml reproduce --quick", html, StringComparison.Ordinal);
            Assert.Contains("dqml run experiments/hwang2025-table1.json", html, StringComparison.Ordinal);
            Assert.Contains("&quot;kind&quot;: &quot;train&quot;", html, StringComparison.Ordinal);
            Assert.Contains("Table I test", html, StringComparison.Ordinal);

            // Figures and tables also as files.
            foreach (string file in new[] { "accuracy-vs-depth.png", "accuracy-vs-depth.svg", "training-curves.svg", "accuracy.md", "accuracy.csv", "summary.csv" })
            {
                Assert.True(File.Exists(Path.Combine(dir, "files", "hwang2025-table1", file)), file);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Build_KindWithoutSpecialFigures_PlotsVaryingMetricsAndSummarises()
    {
        // A kind this report has no special figures for (an enum value it has never seen).
        var spec = SpecParser.Parse("""{ "name": "t", "kind": "train", "sweep": { "scheme": ["cc"] } }""") with { Kind = (ExperimentKind)1000 };
        Store.RunRecord Run(int i, string v, double value) =>
            new($"visibility={v}", i, [new("visibility", v)], [new("constant", 0.75), new("value", value)], 1);
        var records = new[] { Run(0, "0", 0.5), Run(1, "0.5", 0.68), Run(2, "1", 0.85) };

        var section = PresetReport.Build(spec, records, Path.GetTempPath(), 4, "dqml run t.json", null);

        Assert.Equal(["value-vs-visibility"], section.Figures.Select(f => f.Figure.Name));
        Assert.Equal(["summary"], section.Tables.Select(t => t.Name));
        Assert.Contains(section.Notes, n => n.Contains("3 of 4 runs", StringComparison.Ordinal));
        var summary = section.Tables[0];
        Assert.Equal(["visibility", "runs", "constant", "value"], summary.Header);
        Assert.Equal(["0.5", "1", "0.75", "0.68"], summary.Rows[1]);
    }

    [GeneratedRegex("<img [^>]*src=\"([^\"]*)\"")]
    private static partial Regex ImageSources();

    [GeneratedRegex("\\b(src|href)\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex Links();
}
