using Dqml.Experiments.Specs;

namespace Dqml.Experiments.Runs;

/// <summary>One point of the sweep grid.</summary>
/// <param name="Index">Position in the grid (the first axis varies slowest); shards split on it.</param>
/// <param name="Id">Stable id from the axis values, e.g. <c>scheme=cc,depth=3,seed=1</c> (<c>run</c> without axes).</param>
/// <param name="Axes">The axis values, in axis order.</param>
/// <param name="Settings">Every field value of the run (the spec's, overridden by the axis values).</param>
public sealed record ExperimentRun(int Index, string Id, IReadOnlyList<KeyValuePair<string, SpecValue>> Axes, IReadOnlyDictionary<string, SpecValue> Settings)
{
    /// <summary>
    /// The classical baseline this run trains (<c>logistic</c> or <c>mlp</c>, see <see cref="SweepGrid.BaselineAxis"/>),
    /// or null for a run of the experiment's own model.
    /// </summary>
    public string? Baseline { get; init; }
}

/// <summary>Which slice of the grid a process runs: the runs whose index modulo <see cref="Count"/> is <see cref="Index"/>.</summary>
/// <param name="Index">0-based shard.</param>
/// <param name="Count">Number of shards.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Parses <c>i/N</c> with 0 &lt;= i &lt; N.</summary>
    /// <exception cref="ExperimentInputException">Not of that form.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
            || n < 1 || i >= n)
        {
            throw new ExperimentInputException($"--shard expects i/N with 0 <= i < N, e.g. 0/4; got '{text}'");
        }

        return new Shard(i, n);
    }

    /// <summary>True when this shard runs the run at <paramref name="index"/>.</summary>
    public bool Contains(int index) => index % Count == Index;

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>
/// Expands a spec's sweep axes into runs. A train experiment with <c>training.baselines</c> gets, after its grid, one
/// run per baseline and value of the axes a baseline reads (<c>training.seed</c> and the <c>data</c> axes), not one per
/// scheme or depth.
/// </summary>
public static class SweepGrid
{
    /// <summary>The axis that names a baseline run's classifier in its id and record: <c>baseline=mlp,seed=1</c>.</summary>
    public const string BaselineAxis = "baseline";

    /// <summary>The field listing the baselines of a train experiment.</summary>
    public const string BaselinesKey = "training.baselines";

    /// <summary>
    /// The runs of <paramref name="spec"/>: the Cartesian product of its axes, first axis slowest; then, for a train
    /// experiment with <c>training.baselines</c>, the baseline runs (see <see cref="BaselineRuns"/>).
    /// </summary>
    public static IReadOnlyList<ExperimentRun> Expand(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var runs = new List<ExperimentRun>();
        var axes = spec.Axes;
        foreach (var (counters, index) in Points(axes).Select((c, i) => (c, i)))
        {
            var settings = new Dictionary<string, SpecValue>(spec.Settings, StringComparer.Ordinal);
            var point = new List<KeyValuePair<string, SpecValue>>(axes.Count);
            for (int a = 0; a < axes.Count; a++)
            {
                var value = axes[a].Values[counters[a]];
                settings[axes[a].Field.Key] = value;
                point.Add(new(axes[a].Name, value));
            }

            runs.Add(new ExperimentRun(index, Id(point), point, settings));
        }

        runs.AddRange(BaselineRuns(spec, runs.Count));
        return runs;
    }

    /// <summary>True when the axis over <paramref name="field"/> also varies the baseline runs: the seed and the data set.</summary>
    public static bool VariesBaselines(SpecField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Section == SpecFields.Data || field.Key == $"{SpecFields.Training}.seed";
    }

    /// <summary>
    /// The baseline runs of a train experiment, indexed from <paramref name="firstIndex"/>: for each name in
    /// <c>training.baselines</c> (in order), one run per combination of the axes that <see cref="VariesBaselines"/>
    /// (first slowest). The other axes (scheme, depth, lr, ...) take their first value, so a baseline reads the data
    /// of the grid's first model configuration: the same data set and split as every run with its seed and data
    /// settings. Ids are <c>baseline=NAME</c> followed by those axes, e.g. <c>baseline=mlp,seed=3</c>.
    /// </summary>
    private static List<ExperimentRun> BaselineRuns(ExperimentSpec spec, int firstIndex)
    {
        var runs = new List<ExperimentRun>();
        if (spec.Kind != ExperimentKind.Train || !spec.Settings.TryGetValue(BaselinesKey, out var list))
        {
            return runs;
        }

        var axes = spec.Axes;
        var kept = axes.Where(a => VariesBaselines(a.Field)).ToList();
        foreach (string name in (string[])list.Value)
        {
            foreach (var counters in Points(kept))
            {
                var settings = new Dictionary<string, SpecValue>(spec.Settings, StringComparer.Ordinal);
                foreach (var axis in axes)
                {
                    settings[axis.Field.Key] = axis.Values[0];
                }

                var point = new List<KeyValuePair<string, SpecValue>>(kept.Count + 1) { new(BaselineAxis, list with { Value = name }) };
                for (int a = 0; a < kept.Count; a++)
                {
                    var value = kept[a].Values[counters[a]];
                    settings[kept[a].Field.Key] = value;
                    point.Add(new(kept[a].Name, value));
                }

                runs.Add(new ExperimentRun(firstIndex + runs.Count, Id(point), point, settings) { Baseline = name });
            }
        }

        return runs;
    }

    /// <summary>Every combination of value indices of <paramref name="axes"/>, the first axis slowest; one empty combination without axes.</summary>
    private static IEnumerable<int[]> Points(IReadOnlyList<SweepAxis> axes)
    {
        int total = axes.Aggregate(1, (n, a) => checked(n * a.Values.Count));
        for (int index = 0; index < total; index++)
        {
            var counters = new int[axes.Count];
            int rest = index;
            for (int a = axes.Count - 1; a >= 0; a--)
            {
                counters[a] = rest % axes[a].Values.Count;
                rest /= axes[a].Values.Count;
            }

            yield return counters;
        }
    }

    private static string Id(List<KeyValuePair<string, SpecValue>> point) =>
        point.Count == 0 ? "run" : string.Join(",", point.Select(p => $"{p.Key}={p.Value.Format()}"));
}
