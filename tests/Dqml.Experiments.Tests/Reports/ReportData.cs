using Dqml.Experiments.Store;

namespace Dqml.Experiments.Tests.Reports;

/// <summary>Hand-made run records for report tests.</summary>
internal static class ReportData
{
    public static RunRecord Record(int index, string scheme, int depth, int seed, double trainAccuracy, double validationAccuracy) =>
        new(
            $"scheme={scheme},depth={depth},seed={seed}",
            index,
            [new("scheme", scheme), new("depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            [new("trainAccuracy", trainAccuracy), new("validationAccuracy", validationAccuracy)],
            0.5);

    /// <summary>cc and qc at depths 3 and 5, two seeds each; validation accuracy cc L=3 is 0.90 and 0.92 (mean 0.91, sd 0.01414).</summary>
    public static IReadOnlyList<RunRecord> Train() =>
    [
        Record(0, "cc", 3, 1, 0.95, 0.90),
        Record(1, "cc", 3, 2, 0.97, 0.92),
        Record(2, "cc", 5, 1, 0.96, 0.93),
        Record(3, "cc", 5, 2, 0.98, 0.95),
        Record(4, "qc", 3, 1, 0.91, 0.88),
        Record(5, "qc", 3, 2, 0.93, 0.90),
        Record(6, "qc", 5, 1, 0.94, 0.92),
        Record(7, "qc", 5, 2, 0.96, 0.94),
    ];

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dqml-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
