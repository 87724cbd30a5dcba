using System.Globalization;

namespace Dqml.Experiments.Specs;

/// <summary>What an experiment measures per run.</summary>
public enum ExperimentKind
{
    /// <summary>Train a model and record its train and validation accuracy.</summary>
    Train,

    /// <summary>Measure the Fisher rank and effective dimension of a model.</summary>
    Capacity,

    /// <summary>The CHSH game: classical, quantum and noisy values, and the trained distributed classifier.</summary>
    Chsh,

    /// <summary>Entanglement vs learning: concurrence, entropy and negativity of the shared pairs, and accuracy.</summary>
    Entanglement,
}

/// <summary>The names of <see cref="ExperimentKind"/> as written in a spec's <c>kind</c> field.</summary>
public static class ExperimentKinds
{
    /// <summary>Every kind name, in <see cref="ExperimentKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["train", "capacity", "chsh", "entanglement"];

    /// <summary>The name of <paramref name="kind"/>: <c>train</c>, <c>capacity</c>, <c>chsh</c> or <c>entanglement</c>.</summary>
    public static string Name(ExperimentKind kind) => kind switch
    {
        ExperimentKind.Train => "train",
        ExperimentKind.Capacity => "capacity",
        ExperimentKind.Chsh => "chsh",
        ExperimentKind.Entanglement => "entanglement",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The kind named <paramref name="name"/> (exact, lower case), or null.</summary>
    public static ExperimentKind? Parse(string name) => name switch
    {
        "train" => ExperimentKind.Train,
        "capacity" => ExperimentKind.Capacity,
        "chsh" => ExperimentKind.Chsh,
        "entanglement" => ExperimentKind.Entanglement,
        _ => null,
    };
}

/// <summary>A typed spec value with where it was written.</summary>
/// <param name="Value">A <see cref="string"/>, <see cref="long"/> (integers), <see cref="double"/> (numbers), <see cref="long"/>[] (integer lists) or <see cref="string"/>[] (string lists).</param>
/// <param name="Path">Its JSON path, e.g. <c>$.sweep.depth[1]</c>.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record SpecValue(object Value, string Path, int Line, int Column)
{
    /// <summary>The value as written in a run id and in tables: invariant culture, shortest round-trip numbers.</summary>
    public string Format() => Value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long[] list => string.Join(";", list.Select(x => x.ToString(CultureInfo.InvariantCulture))),
        string[] names => string.Join(";", names),
        _ => Value.ToString() ?? string.Empty,
    };

    /// <summary>Where the value was written, for messages: <c>$.sweep.pairs[1] (line 9)</c>.</summary>
    public string Where() => string.Create(CultureInfo.InvariantCulture, $"{Path} (line {Line})");
}

/// <summary>One sweep axis: a field and the values it takes, in order.</summary>
/// <param name="Name">The axis as written (<c>scheme</c>, <c>seed</c>, <c>training.lr</c>).</param>
/// <param name="Field">The field it sets.</param>
/// <param name="Values">Its values (at least one).</param>
public sealed record SweepAxis(string Name, SpecField Field, IReadOnlyList<SpecValue> Values);

/// <summary>What <c>--quick</c> changes: field values, and sweep axes that replace (or add to) the spec's.</summary>
/// <param name="Settings">Field values by <see cref="SpecField.Key"/>.</param>
/// <param name="Axes">Axes by name.</param>
public sealed record SpecOverrides(IReadOnlyDictionary<string, SpecValue> Settings, IReadOnlyList<SweepAxis> Axes);

/// <summary>
/// A parsed, validated experiment spec (see <c>docs/experiments.md</c> and
/// <c>experiments/schema/experiment.schema.json</c>). Read one with <see cref="SpecParser"/>.
/// </summary>
public sealed record ExperimentSpec
{
    /// <summary>The experiment's name.</summary>
    public required string Name { get; init; }

    /// <summary>What each run measures.</summary>
    public required ExperimentKind Kind { get; init; }

    /// <summary>One-line description, or null.</summary>
    public string? Description { get; init; }

    /// <summary>The result folder relative to the output directory (default: the name).</summary>
    public required string Output { get; init; }

    /// <summary>Fixed field values by <see cref="SpecField.Key"/> (e.g. <c>model.depth</c>); sweep axes override them.</summary>
    public required IReadOnlyDictionary<string, SpecValue> Settings { get; init; }

    /// <summary>The sweep axes in spec order; the first varies slowest. Empty: one run.</summary>
    public required IReadOnlyList<SweepAxis> Axes { get; init; }

    /// <summary>The <c>quick</c> overrides, or null.</summary>
    public SpecOverrides? Quick { get; init; }

    /// <summary>True when <see cref="WithQuick"/> made this spec.</summary>
    public bool IsQuick { get; init; }

    /// <summary>The spec file's text as read (copied to the result store).</summary>
    public required string SourceText { get; init; }

    /// <summary>The spec file's path (or a label), for messages.</summary>
    public required string SourceFile { get; init; }

    /// <summary>The spec with its <c>quick</c> overrides applied (the same spec when it has none).</summary>
    public ExperimentSpec WithQuick()
    {
        if (IsQuick)
        {
            return this;
        }

        if (Quick is null)
        {
            return this with { IsQuick = true };
        }

        var settings = new Dictionary<string, SpecValue>(Settings, StringComparer.Ordinal);
        foreach (var (key, value) in Quick.Settings)
        {
            settings[key] = value;
        }

        var axes = Axes.Select(a => Quick.Axes.FirstOrDefault(q => q.Field.Key == a.Field.Key) ?? a).ToList();
        axes.AddRange(Quick.Axes.Where(q => Axes.All(a => a.Field.Key != q.Field.Key)));
        return this with { Settings = settings, Axes = axes, IsQuick = true };
    }

    /// <summary>The value of field <paramref name="key"/> in <paramref name="values"/>, or <paramref name="fallback"/>.</summary>
    internal static T Get<T>(IReadOnlyDictionary<string, SpecValue> values, string key, T fallback) =>
        values.TryGetValue(key, out var v) ? (T)v.Value : fallback;
}
