using System.Globalization;

namespace Dqml.Experiments.Reports;

/// <summary>One published number: series (e.g. a scheme), x (e.g. a depth) and the value in the paper's unit.</summary>
/// <param name="Series">The series, as the sweep axis writes it (<c>single</c>, <c>nc</c>, <c>cc</c>, <c>qc</c>).</param>
/// <param name="X">The x value (e.g. the depth L).</param>
/// <param name="Value">The published value, in <see cref="PaperTable.Unit"/>.</param>
public sealed record PaperPoint(string Series, double X, double Value);

/// <summary>
/// A published table to compare a preset's aggregated results with.
/// </summary>
/// <param name="Citation">Where the numbers come from.</param>
/// <param name="Metric">The run metric they compare with (e.g. <c>validationAccuracy</c>).</param>
/// <param name="SeriesAxis">The sweep axis of <see cref="PaperPoint.Series"/>.</param>
/// <param name="XAxis">The sweep axis of <see cref="PaperPoint.X"/>.</param>
/// <param name="Unit">The unit of the published values (e.g. <c>%</c>).</param>
/// <param name="Scale">Published value = metric x <see cref="Scale"/> (100 for a fraction shown in percent).</param>
/// <param name="Points">The values.</param>
public sealed record PaperTable(string Citation, string Metric, string SeriesAxis, string XAxis, string Unit, double Scale, IReadOnlyList<PaperPoint> Points)
{
    /// <summary>The published value for <paramref name="series"/> at <paramref name="x"/>, in <see cref="Unit"/>, or null.</summary>
    public double? Lookup(string? series, double x) =>
        Points.FirstOrDefault(p => string.Equals(p.Series, series, StringComparison.OrdinalIgnoreCase) && p.X.Equals(x)) is { } p ? p.Value : null;

    /// <summary>The series in first-seen order.</summary>
    public IReadOnlyList<string> SeriesNames => Points.Select(p => p.Series).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Every published number Dqml compares against, in one place. A preset finds its table by name
/// (<see cref="ForPreset"/>).
/// </summary>
public static class PaperValues
{
    /// <summary>The preset that reproduces Hwang et al. (2025), Table I.</summary>
    public const string Hwang2025TableIPreset = "hwang2025-table1";

    /// <summary>
    /// Hwang et al. (2025), Table I: validation accuracy (%) of the QCNN with a single processor (<c>single</c>)
    /// and distributed over two processors with no communication (<c>nc</c>), classical communication (<c>cc</c>) and
    /// quantum communication (<c>qc</c>), at depths L = 3, 5, 7, 9.
    /// </summary>
    public static PaperTable Hwang2025TableI { get; } = new(
        "Hwang et al. (2025), Table I: validation accuracy (%)",
        "validationAccuracy",
        "scheme",
        "depth",
        "%",
        100,
        Points(
            ("single", [70.6, 75.5, 75.1, 78.1]),
            ("nc", [84.6, 86.3, 86.7, 88.1]),
            ("cc", [90.0, 93.1, 96.0, 96.8]),
            ("qc", [89.5, 93.2, 95.4, 96.0])));

    /// <summary>The published table for the preset <paramref name="presetName"/> (a spec's <c>name</c>), or null.</summary>
    public static PaperTable? ForPreset(string presetName) => presetName switch
    {
        Hwang2025TableIPreset => Hwang2025TableI,
        _ => null,
    };

    private static PaperPoint[] Points(params (string Scheme, double[] Values)[] rows)
    {
        int[] depths = [3, 5, 7, 9];
        return rows.SelectMany(r => r.Values.Select((v, i) => new PaperPoint(r.Scheme, depths[i], v))).ToArray();
    }

    /// <summary>A published value as text (<c>90.0</c>).</summary>
    internal static string Format(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
