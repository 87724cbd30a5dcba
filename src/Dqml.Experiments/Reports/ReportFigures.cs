using System.Globalization;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Reports;

/// <summary>A training curve read from a run's <c>metrics.csv</c>: per step, the batch and validation accuracy (NaN where not measured).</summary>
/// <param name="Steps">The optimisation steps.</param>
/// <param name="BatchAccuracy">Accuracy on the step's batch.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation set (NaN on steps without validation).</param>
public sealed record TrainingCurve(IReadOnlyList<double> Steps, IReadOnlyList<double> BatchAccuracy, IReadOnlyList<double> ValidationAccuracy)
{
    /// <summary>Reads <paramref name="path"/> (header <c>step,...,batch_accuracy,...,validation_accuracy,...</c>); null when it is missing or has no such columns.</summary>
    public static TrainingCurve? TryRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length < 2)
        {
            return null;
        }

        var header = lines[0].Split(',');
        int step = Array.IndexOf(header, "step"), batch = Array.IndexOf(header, "batch_accuracy"), validation = Array.IndexOf(header, "validation_accuracy");
        if (step < 0 || batch < 0 || validation < 0)
        {
            return null;
        }

        var steps = new List<double>();
        var batches = new List<double>();
        var validations = new List<double>();
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                continue;
            }

            steps.Add(Parse(cells[step]));
            batches.Add(Parse(cells[batch]));
            validations.Add(Parse(cells[validation]));
        }

        return steps.Count == 0 ? null : new TrainingCurve(steps, batches, validations);
    }

    private static double Parse(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
}

/// <summary>
/// The standard figures of the presets, each from plain data (aggregated values, curves, numbers per n) so other
/// presets can reuse them.
/// </summary>
public static class ReportFigures
{
    /// <summary>Most lines a training-curve figure shows; with more groups only those at the largest x are drawn.</summary>
    public const int MaxCurves = 8;

    /// <summary>
    /// The floor of <see cref="FisherSpectrum"/>: eigenvalues at or below it are drawn at it. Far below the rank
    /// tolerance (1e-10 of the largest eigenvalue) of normalised spectra, whose eigenvalues average 1, and near the
    /// rounding noise of a zero eigenvalue.
    /// </summary>
    public const double SpectrumFloor = 1e-16;

    /// <summary>
    /// A metric vs an x axis, one line per series with error bars (mean ± sd), and the paper's values as markers.
    /// </summary>
    /// <param name="name">File name stem.</param>
    /// <param name="title">Title.</param>
    /// <param name="xLabel">X-axis label.</param>
    /// <param name="yLabel">Y-axis label.</param>
    /// <param name="series">Per series: its label and its points (x, mean, sd), already scaled.</param>
    /// <param name="reference">Published points (label, x, value) drawn as markers, or null.</param>
    public static LineFigure MetricVsX(
        string name,
        string title,
        string xLabel,
        string yLabel,
        IReadOnlyList<(string Label, IReadOnlyList<(double X, double Mean, double Sd)> Points)> series,
        IReadOnlyList<(string Label, IReadOnlyList<(double X, double Value)> Points)>? reference = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var all = series.Select(s => new PlotSeries(
            s.Label,
            s.Points.Select(p => p.X).ToList(),
            s.Points.Select(p => p.Mean).ToList(),
            s.Points.Select(p => double.IsFinite(p.Sd) ? p.Sd : 0).ToList())).ToList();
        if (reference is not null)
        {
            all.AddRange(reference.Select(r => new PlotSeries(r.Label, r.Points.Select(p => p.X).ToList(), r.Points.Select(p => p.Value).ToList(), Style: SeriesStyle.Markers)));
        }

        return new LineFigure(name, title, xLabel, yLabel, all) { IntegerX = all.All(a => a.X.All(x => x == Math.Round(x))) };
    }

    /// <summary>Training curves: one line per label, y against step.</summary>
    public static LineFigure TrainingCurves(string name, string title, string yLabel, IReadOnlyList<(string Label, IReadOnlyList<double> Steps, IReadOnlyList<double> Values)> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        return new LineFigure(name, title, "step", yLabel, curves.Select(c => new PlotSeries(c.Label, c.Steps, c.Values)).ToList());
    }

    /// <summary>Effective dimension against the data-set size n (log axis), one line per label.</summary>
    public static LineFigure EffectiveDimensionVsN(string name, string title, string yLabel, IReadOnlyList<(string Label, IReadOnlyList<double> N, IReadOnlyList<double> Values)> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new LineFigure(name, title, "data-set size n", yLabel, lines.Select(l => new PlotSeries(l.Label, l.N, l.Values)).ToList()) { LogX = true };
    }

    /// <summary>
    /// Fisher eigenvalue spectra: for each label, log10 of its eigenvalues (descending) against their index 1..P,
    /// each clamped below at <paramref name="floor"/> (zero and negative rounding noise land there), so directions
    /// below the rank tolerance show as a drop of many decades.
    /// </summary>
    /// <param name="name">File name stem.</param>
    /// <param name="title">Title (it should state the floor).</param>
    /// <param name="yLabel">Y-axis label.</param>
    /// <param name="spectra">Per line: its label and its eigenvalues, descending.</param>
    /// <param name="floor">The smallest value drawn (&gt; 0); default <see cref="SpectrumFloor"/>.</param>
    public static LineFigure FisherSpectrum(string name, string title, string yLabel, IReadOnlyList<(string Label, IReadOnlyList<double> Eigenvalues)> spectra, double floor = SpectrumFloor)
    {
        ArgumentNullException.ThrowIfNull(spectra);
        if (!(floor > 0) || double.IsInfinity(floor))
        {
            throw new ArgumentOutOfRangeException(nameof(floor), $"the floor must be a finite number > 0, got {floor}");
        }

        double logFloor = Math.Log10(floor);
        var lines = spectra.Select(s => new PlotSeries(
            s.Label,
            Enumerable.Range(1, s.Eigenvalues.Count).Select(i => (double)i).ToList(),
            s.Eigenvalues.Select(v => double.IsNaN(v) ? double.NaN : v > floor ? Math.Log10(v) : logFloor).ToList())).ToList();
        return new LineFigure(name, title, "eigenvalue index (descending)", yLabel, lines) { IntegerX = true };
    }

    /// <summary>
    /// The aggregated <paramref name="metric"/> of <paramref name="records"/> against the numeric axis
    /// <paramref name="xAxis"/>, one series per value of the other group axes, scaled by <paramref name="scale"/>.
    /// </summary>
    public static IReadOnlyList<(string Label, IReadOnlyList<(double X, double Mean, double Sd)> Points)> SeriesOver(
        IReadOnlyList<RunRecord> records, string metric, string xAxis, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(records);
        var groupAxes = Aggregation.GroupAxes(records);
        var seriesAxes = groupAxes.Where(a => a != xAxis).ToList();
        var values = Aggregation.Summarise(records, metric, groupAxes);
        return values
            .GroupBy(v => SeriesLabel(v.Key.Where(k => seriesAxes.Contains(k.Key)).ToList()), StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<(double, double, double)>)g
                .Where(v => v.Count > 0)
                .Select(v => (v.AxisNumber(xAxis), v.Mean * scale, v.StandardDeviation * scale))
                .OrderBy(p => p.Item1)
                .ToList()))
            .ToList();
    }

    /// <summary>A legend label for a group key: names as values (<c>cc</c>), numbers with their axis (<c>depth=3</c>); <c>measured</c> for an empty key.</summary>
    public static string SeriesLabel(IReadOnlyList<KeyValuePair<string, string>> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Count == 0
            ? "measured"
            : string.Join(", ", key.Select(k => double.TryParse(k.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? k.Key + "=" + k.Value : k.Value));
    }

    /// <summary>The first numeric axis named <c>depth</c> (or <c>*.depth</c>), else the first group axis whose values are all numbers and vary; null when none.</summary>
    public static string? NumericXAxis(IReadOnlyList<RunRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var axes = Aggregation.GroupAxes(records);
        bool Numeric(string axis, bool mustVary)
        {
            var values = records.Select(r => r.Axes.FirstOrDefault(a => a.Key == axis).Value).ToList();
            return values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                && (!mustVary || values.Distinct(StringComparer.Ordinal).Count() > 1);
        }

        return axes.FirstOrDefault(a => (a == "depth" || a.EndsWith(".depth", StringComparison.Ordinal)) && Numeric(a, mustVary: false))
            ?? axes.FirstOrDefault(a => Numeric(a, mustVary: true));
    }
}
