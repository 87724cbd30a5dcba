using Dqml.Experiments.Reports;

namespace Dqml.Experiments.Tests.Reports;

public class ReproductionTests
{
    /// <summary>A capacity preset whose quick variant is two tiny runs (a second or so in all).</summary>
    internal const string TinyCapacity = """
        {
          "name": "capacity",
          "kind": "capacity",
          "model": { "model": "hwang-qcnn" },
          "capacity": { "samples": 100, "inputs": 100, "seed": 1 },
          "sweep": { "scheme": ["nc", "cc", "qc"], "depth": [1, 3, 5] },
          "quick": { "capacity": { "samples": 2, "inputs": 4 }, "sweep": { "scheme": ["nc", "cc"], "depth": [1] } }
        }
        """;

    internal static string Experiments(string root)
    {
        string dir = Path.Combine(root, "experiments");
        Directory.CreateDirectory(Path.Combine(dir, "schema"));
        File.WriteAllText(Path.Combine(dir, "capacity.json"), TinyCapacity);
        File.WriteAllText(Path.Combine(dir, "schema", "ignored.json"), "{}");
        return dir;
    }

    [Fact]
    public void Run_QuickCapacity_WritesReportAndResumes()
    {
        string root = ReportData.TempDirectory();
        try
        {
            string experiments = Experiments(root);
            string output = Path.Combine(root, "out");
            var lines = new List<string>();
            var options = new ReproduceOptions
            {
                ExperimentsDirectory = experiments,
                OutputDirectory = output,
                Presets = ["capacity"],
                Quick = true,
                Threads = 1,
                CommandLine = "dqml reproduce capacity --quick",
                Log = lines.Add,
            };

            var first = Reproduction.Run(options);

            Assert.Equal(Path.Combine(output, "report.html"), first.ReportPath);
            var preset = Assert.Single(first.Presets);
            Assert.Equal((2, 2, 0), (preset.GridRuns, preset.Executed, preset.Skipped));
            Assert.Equal(Path.Combine(output, "capacity-quick"), preset.StoreDirectory);
            Assert.Equal(["effective-dimension-vs-n", "fisher-rank-vs-depth", "fisher-spectrum"], preset.Section.Figures.Select(f => f.Figure.Name));
            string html = File.ReadAllText(first.ReportPath);
            Assert.Contains("dqml reproduce capacity --quick", html, StringComparison.Ordinal);
            Assert.Contains("max Fisher rank", html, StringComparison.Ordinal);
            Assert.Equal(3, html.Split("data:image/svg+xml;base64,").Length - 1);
            Assert.True(File.Exists(Path.Combine(output, "report", "capacity", "effective-dimension-vs-n.png")));
            Assert.True(File.Exists(Path.Combine(output, "capacity-quick", "summary.csv")));
            Assert.Contains(lines, l => l.StartsWith("report: ", StringComparison.Ordinal));

            // Resumable: a second run redoes nothing and writes the same report.
            var second = Reproduction.Run(options with { Presets = ["all"] });
            Assert.Equal((0, 2), (second.Presets[0].Executed, second.Presets[0].Skipped));
            Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "capacity-quick", "results.jsonl")).Length);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ListAndFind_PresetsFolder_DataDriven()
    {
        string root = ReportData.TempDirectory();
        try
        {
            string experiments = Experiments(root);
            File.WriteAllText(Path.Combine(experiments, "another.json"), "{}");
            string nested = Path.Combine(root, "a", "b");
            Directory.CreateDirectory(nested);

            Assert.Equal(["another", "capacity"], Reproduction.ListPresets(experiments));
            Assert.Equal(experiments, Reproduction.FindExperimentsDirectory([nested]));
            var e = Assert.Throws<ExperimentInputException>(() => Reproduction.Run(new ReproduceOptions
            {
                ExperimentsDirectory = experiments,
                OutputDirectory = Path.Combine(root, "out"),
                Presets = ["nope"],
            }));
            Assert.Contains("unknown preset 'nope'", e.Message, StringComparison.Ordinal);
            Assert.Contains("another, capacity", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void FindExperimentsDirectory_FromThisRepository_FindsThePresets()
    {
        string? found = Reproduction.FindExperimentsDirectory([AppContext.BaseDirectory]);

        Assert.NotNull(found);
        Assert.Contains("hwang2025-table1", Reproduction.ListPresets(found));
        Assert.Contains("capacity", Reproduction.ListPresets(found));
    }
}
