using Dqml.Experiments.Specs;

namespace Dqml.Experiments.Runs;

/// <summary>One point of the sweep grid.</summary>
/// <param name="Index">Position in the grid (the first axis varies slowest); shards split on it.</param>
/// <param name="Id">Stable id from the axis values, e.g. <c>scheme=cc,depth=3,seed=1</c> (<c>run</c> without axes).</param>
/// <param name="Axes">The axis values, in axis order.</param>
/// <param name="Settings">Every field value of the run (the spec's, overridden by the axis values).</param>
public sealed record ExperimentRun(int Index, string Id, IReadOnlyList<KeyValuePair<string, SpecValue>> Axes, IReadOnlyDictionary<string, SpecValue> Settings);

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

/// <summary>Expands a spec's sweep axes into runs.</summary>
public static class SweepGrid
{
    /// <summary>The runs of <paramref name="spec"/>: the Cartesian product of its axes, first axis slowest.</summary>
    public static IReadOnlyList<ExperimentRun> Expand(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var runs = new List<ExperimentRun>();
        var axes = spec.Axes;
        int total = axes.Aggregate(1, (n, a) => checked(n * a.Values.Count));
        var counters = new int[axes.Count];
        for (int index = 0; index < total; index++)
        {
            int rest = index;
            for (int a = axes.Count - 1; a >= 0; a--)
            {
                counters[a] = rest % axes[a].Values.Count;
                rest /= axes[a].Values.Count;
            }

            var settings = new Dictionary<string, SpecValue>(spec.Settings, StringComparer.Ordinal);
            var point = new List<KeyValuePair<string, SpecValue>>(axes.Count);
            for (int a = 0; a < axes.Count; a++)
            {
                var value = axes[a].Values[counters[a]];
                settings[axes[a].Field.Key] = value;
                point.Add(new(axes[a].Name, value));
            }

            string id = point.Count == 0 ? "run" : string.Join(",", point.Select(p => $"{p.Key}={p.Value.Format()}"));
            runs.Add(new ExperimentRun(index, id, point, settings));
        }

        return runs;
    }
}
