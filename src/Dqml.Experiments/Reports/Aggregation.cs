using System.Globalization;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Reports;

/// <summary>The mean and spread of one metric over the runs of one group (e.g. the seeds of one scheme and depth).</summary>
/// <param name="Key">The group's axis values, in axis order (e.g. <c>scheme=cc</c>, <c>depth=3</c>).</param>
/// <param name="Count">The runs with a finite value.</param>
/// <param name="Mean">Their mean; NaN when <see cref="Count"/> is 0.</param>
/// <param name="StandardDeviation">Their sample standard deviation (divisor n - 1); NaN when <see cref="Count"/> &lt; 2.</param>
public sealed record AggregateValue(IReadOnlyList<KeyValuePair<string, string>> Key, int Count, double Mean, double StandardDeviation)
{
    /// <summary>The value of axis <paramref name="axis"/> in <see cref="Key"/>, or null.</summary>
    public string? Axis(string axis) => Key.FirstOrDefault(k => k.Key == axis).Value;

    /// <summary>The axis <paramref name="axis"/> as a number, or NaN.</summary>
    public double AxisNumber(string axis) =>
        Axis(axis) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x : double.NaN;

    /// <summary>The standard deviation, or 0 where it is undefined (one run): the half-height of an error bar.</summary>
    public double ErrorOrZero => double.IsFinite(StandardDeviation) ? StandardDeviation : 0;

    /// <summary><c>mean ± sd</c> with <paramref name="format"/>, scaled by <paramref name="scale"/>; just the mean for one run; empty for none.</summary>
    public string Format(string format = "0.####", double scale = 1) =>
        Count == 0 ? string.Empty
        : double.IsFinite(StandardDeviation)
            ? string.Create(CultureInfo.InvariantCulture, $"{(Mean * scale).ToString(format, CultureInfo.InvariantCulture)} ± {(StandardDeviation * scale).ToString(format, CultureInfo.InvariantCulture)}")
            : (Mean * scale).ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>
/// Groups run records by some of their axes and summarises a metric over each group — the reduction behind every
/// "mean ± sd over seeds" table and error bar.
/// </summary>
public static class Aggregation
{
    /// <summary>The axis averaged over by default: runs that differ only in their seed are repeats.</summary>
    public const string SeedAxis = "seed";

    /// <summary>The mean of the finite values of <paramref name="values"/>; NaN when there are none.</summary>
    public static double Mean(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>The sample standard deviation (divisor n - 1) of the finite values; NaN when fewer than two.</summary>
    /// <remarks>Two passes (mean, then squared deviations), so it is exact for equal values.</remarks>
    public static double StandardDeviation(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count < 2)
        {
            return double.NaN;
        }

        double mean = finite.Average();
        double squares = finite.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(squares / (finite.Count - 1));
    }

    /// <summary>The axes of <paramref name="records"/> in first-seen order.</summary>
    public static IReadOnlyList<string> Axes(IReadOnlyList<RunRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.SelectMany(r => r.Axes.Select(a => a.Key)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The metrics of <paramref name="records"/> in first-seen order.</summary>
    public static IReadOnlyList<string> Metrics(IReadOnlyList<RunRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every axis except <see cref="SeedAxis"/>: the axes that tell groups apart.</summary>
    public static IReadOnlyList<string> GroupAxes(IReadOnlyList<RunRecord> records) =>
        Axes(records).Where(a => a != SeedAxis).ToList();

    /// <summary>
    /// Groups <paramref name="records"/> by their values of <paramref name="groupBy"/> (groups in order of the first
    /// run of each, i.e. grid order for a store's records) and summarises <paramref name="metric"/> in each.
    /// </summary>
    /// <param name="records">The runs.</param>
    /// <param name="metric">The metric, e.g. <c>validationAccuracy</c>.</param>
    /// <param name="groupBy">The axes that define a group; null: every axis but <see cref="SeedAxis"/>.</param>
    public static IReadOnlyList<AggregateValue> Summarise(IReadOnlyList<RunRecord> records, string metric, IReadOnlyList<string>? groupBy = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(metric);
        groupBy ??= GroupAxes(records);
        var result = new List<AggregateValue>();
        foreach (var group in Group(records, groupBy))
        {
            var values = group.Runs.Select(r => r.Metric(metric)).Where(double.IsFinite).ToList();
            result.Add(new AggregateValue(group.Key, values.Count, Mean(values), StandardDeviation(values)));
        }

        return result;
    }

    /// <summary>The runs grouped by their values of <paramref name="groupBy"/>, groups in order of first appearance (by run index).</summary>
    public static IReadOnlyList<(IReadOnlyList<KeyValuePair<string, string>> Key, IReadOnlyList<RunRecord> Runs)> Group(
        IReadOnlyList<RunRecord> records, IReadOnlyList<string> groupBy)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(groupBy);
        var groups = new List<(IReadOnlyList<KeyValuePair<string, string>> Key, IReadOnlyList<RunRecord> Runs)>();
        var byKey = new Dictionary<string, List<RunRecord>>(StringComparer.Ordinal);
        foreach (var r in records.OrderBy(r => r.Index))
        {
            var key = groupBy.Select(a => new KeyValuePair<string, string>(a, r.Axes.FirstOrDefault(x => x.Key == a).Value ?? string.Empty)).ToList();
            string text = string.Join("\u001f", key.Select(k => k.Key + "=" + k.Value));
            if (!byKey.TryGetValue(text, out var runs))
            {
                runs = [];
                byKey[text] = runs;
                groups.Add((key, runs));
            }

            runs.Add(r);
        }

        return groups;
    }

    /// <summary>A group key as a label: <c>scheme=cc, depth=3</c> (the values only when <paramref name="valuesOnly"/>).</summary>
    public static string Label(IReadOnlyList<KeyValuePair<string, string>> key, bool valuesOnly = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Count == 0 ? "all" : string.Join(", ", key.Select(k => valuesOnly ? k.Value : k.Key + "=" + k.Value));
    }
}
