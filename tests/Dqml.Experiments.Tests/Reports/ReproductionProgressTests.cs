using Dqml.Experiments.Reports;

namespace Dqml.Experiments.Tests.Reports;

/// <summary>The progress hooks of <see cref="Reproduction.Run"/> (what <c>dqml reproduce</c> drives its bar with).</summary>
public class ReproductionProgressTests
{
    [Fact]
    public void Run_WithProgressHooks_ReportsEachPresetAndRun_AndLeavesPerRunLinesOutOfTheLog()
    {
        string root = ReportData.TempDirectory();
        try
        {
            var lines = new List<string>();
            var started = new List<(string Preset, int Runs)>();
            var finished = new List<(string Preset, string Id, int Done, int Count)>();
            var options = new ReproduceOptions
            {
                ExperimentsDirectory = ReproductionTests.Experiments(root),
                OutputDirectory = Path.Combine(root, "out"),
                Presets = ["capacity"],
                Quick = true,
                Threads = 1,
                Log = lines.Add,
                OnPresetStarted = (preset, runs) => started.Add((preset, runs)),
                OnRunFinished = (preset, record, done, count) => finished.Add((preset, record.Id, done, count)),
            };

            var result = Reproduction.Run(options);

            Assert.Equal([("capacity", 2)], started);
            Assert.Equal(
                [("capacity", "scheme=nc,depth=1", 1, 2), ("capacity", "scheme=cc,depth=1", 2, 2)],
                finished);
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith('['));
            Assert.Contains(lines, l => l.StartsWith("preset capacity", StringComparison.Ordinal));
            Assert.Contains($"report: {result.ReportPath}", lines);

            // Without the hooks, the log has the plain per-run lines.
            var plain = new List<string>();
            Reproduction.Run(options with { OutputDirectory = Path.Combine(root, "plain"), Log = plain.Add, OnPresetStarted = null, OnRunFinished = null });
            Assert.Contains(plain, l => l.StartsWith("  [1/2] scheme=nc,depth=1 (", StringComparison.Ordinal));
            Assert.Contains(plain, l => l.StartsWith("  [2/2] scheme=cc,depth=1 (", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
