using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Reports;

/// <summary>What <see cref="Reproduction.Run"/> runs and where it writes.</summary>
public sealed record ReproduceOptions
{
    /// <summary>The folder of preset specs (<c>experiments/</c>): every <c>*.json</c> directly in it is a preset.</summary>
    public required string ExperimentsDirectory { get; init; }

    /// <summary>The output folder: one result store per preset, <c>figures/</c>, <c>tables/</c> and <c>report.html</c>.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The presets to run (names, with or without <c>.json</c>); null, empty or <c>all</c>: every preset.</summary>
    public IReadOnlyList<string>? Presets { get; init; }

    /// <summary>Run each spec's <c>quick</c> variant (stores named <c>NAME-quick</c>).</summary>
    public bool Quick { get; init; }

    /// <summary>Runs in flight at once within a preset.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The command line shown in the report.</summary>
    public string CommandLine { get; init; } = "dqml reproduce";

    /// <summary>Receives progress lines (a preset starting, each finished run, where the report is).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Called before a preset's sweep starts, with the preset's name and the runs in its grid.</summary>
    public Action<string, int>? OnPresetStarted { get; init; }

    /// <summary>
    /// Called after each finished run of a preset (one call at a time), with the preset's name, the record, the runs
    /// finished so far and the runs the sweep runs (as <see cref="SweepOptions.OnRunFinished"/>). When given, the
    /// per-run lines are not sent to <see cref="Log"/>: the caller shows the progress.
    /// </summary>
    public Action<string, RunRecord, int, int>? OnRunFinished { get; init; }
}

/// <summary>One preset of a reproduction.</summary>
/// <param name="Name">The preset.</param>
/// <param name="StoreDirectory">Its result store.</param>
/// <param name="GridRuns">Runs in its grid.</param>
/// <param name="Skipped">Runs found in the store and not redone.</param>
/// <param name="Executed">Runs this call ran.</param>
/// <param name="Elapsed">Time spent on it (runs and report).</param>
/// <param name="Section">Its report section.</param>
public sealed record PresetOutcome(string Name, string StoreDirectory, int GridRuns, int Skipped, int Executed, TimeSpan Elapsed, ReportSection Section);

/// <summary>What <see cref="Reproduction.Run"/> did.</summary>
/// <param name="ReportPath">The written <c>report.html</c>.</param>
/// <param name="Presets">Per preset, in run order.</param>
/// <param name="Elapsed">Total wall-clock time.</param>
public sealed record ReproduceResult(string ReportPath, IReadOnlyList<PresetOutcome> Presets, TimeSpan Elapsed);

/// <summary>
/// <c>dqml reproduce</c>: runs preset specs with <see cref="SweepRunner"/> (resumable: runs already stored are
/// skipped) and writes one <c>report.html</c> with a section per preset.
/// </summary>
public static class Reproduction
{
    /// <summary>The presets' folder name in the repository.</summary>
    public const string ExperimentsFolder = "experiments";

    /// <summary>The word that selects every preset.</summary>
    public const string All = "all";

    /// <summary>The folder under the output folder that holds each preset's figures and tables (<c>report/NAME/</c>).</summary>
    public const string FilesFolder = "report";

    /// <summary>The default output folder of a full reproduction.</summary>
    public const string DefaultOutput = "runs/reproduce";

    /// <summary>The default output folder of a <c>--quick</c> reproduction.</summary>
    public const string DefaultQuickOutput = "runs/reproduce-quick";

    /// <summary>
    /// The first <c>experiments/</c> folder holding a <c>*.json</c> spec found in any of <paramref name="startDirectories"/>
    /// or their ancestors; null when there is none.
    /// </summary>
    public static string? FindExperimentsDirectory(IEnumerable<string> startDirectories)
    {
        ArgumentNullException.ThrowIfNull(startDirectories);
        foreach (string start in startDirectories)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, ExperimentsFolder);
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.json").Any())
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The presets in <paramref name="experimentsDirectory"/>: the names of its <c>*.json</c> files (not sub-folders), sorted.</summary>
    public static IReadOnlyList<string> ListPresets(string experimentsDirectory)
    {
        ArgumentNullException.ThrowIfNull(experimentsDirectory);
        if (!Directory.Exists(experimentsDirectory))
        {
            throw new ExperimentInputException($"presets folder not found: {experimentsDirectory}");
        }

        return Directory.EnumerateFiles(experimentsDirectory, "*.json", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Runs the selected presets one after another (each sweep in parallel over <see cref="ReproduceOptions.Threads"/>),
    /// writes their figures and tables, and the report. Every spec is read before the first run, so a bad spec
    /// fails fast.
    /// </summary>
    /// <exception cref="ExperimentInputException">An unknown preset, a bad spec, or a store holding another spec.</exception>
    public static ReproduceResult Run(ReproduceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Threads < 1)
        {
            throw new ExperimentInputException($"--threads must be at least 1, got {options.Threads}");
        }

        var total = Stopwatch.StartNew();
        var available = ListPresets(options.ExperimentsDirectory);
        var names = Select(options.Presets, available, options.ExperimentsDirectory);
        var specs = names.Select(n => (Name: n, Path: Path.Combine(options.ExperimentsDirectory, n + ".json"), Spec: SpecParser.ParseFile(Path.Combine(options.ExperimentsDirectory, n + ".json")))).ToList();
        string output = Path.GetFullPath(options.OutputDirectory);
        var outcomes = new List<PresetOutcome>();
        foreach (var (name, path, parsed) in specs)
        {
            var watch = Stopwatch.StartNew();
            var spec = options.Quick ? parsed.WithQuick() with { Output = parsed.Output + "-quick" } : parsed;
            string folder = SpecParser.ResolveOutput(spec, output);
            var store = ResultStore.Open(folder, spec);
            int gridRuns = SweepGrid.Expand(spec).Count;
            options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"preset {name} ({spec.Kind.ToString().ToLowerInvariant()}{(options.Quick ? ", quick" : string.Empty)}): {gridRuns} runs -> {folder}"));
            options.OnPresetStarted?.Invoke(name, gridRuns);
            var outcome = SweepRunner.Run(spec, store, new SweepOptions
            {
                Threads = options.Threads,
                OnRunFinished = options.OnRunFinished is { } onRun
                    ? (record, done, count) => onRun(name, record, done, count)
                    : (record, done, count) => options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  [{done}/{count}] {record.Id} ({record.Seconds:F1} s)")),
            }, cancellationToken);
            if (outcome.Skipped > 0)
            {
                options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  {outcome.Skipped} run(s) already in the store were skipped"));
            }

            Summary.Write(folder, outcome.Records);
            string command = $"dqml run {Path.Combine(ExperimentsFolder, name + ".json")}{(options.Quick ? " --quick" : string.Empty)} --out {output}";
            var section = PresetReport.Build(spec, outcome.Records, folder, gridRuns, command, Path.Combine(output, FilesFolder));
            outcomes.Add(new PresetOutcome(name, folder, gridRuns, outcome.Skipped, outcome.Executed.Count, watch.Elapsed, section));
        }

        string title = options.Quick ? "Dqml reproduction report (quick)" : "Dqml reproduction report";
        string report = HtmlReport.Write(Path.Combine(output, HtmlReport.FileName), title, options.CommandLine, outcomes.Select(o => o.Section).ToList());
        options.Log?.Invoke($"report: {report}");
        return new ReproduceResult(report, outcomes, total.Elapsed);
    }

    private static List<string> Select(IReadOnlyList<string>? requested, IReadOnlyList<string> available, string directory)
    {
        if (available.Count == 0)
        {
            throw new ExperimentInputException($"no presets (*.json) in {directory}");
        }

        if (requested is null || requested.Count == 0 || requested.Any(r => string.Equals(r, All, StringComparison.OrdinalIgnoreCase)))
        {
            return available.ToList();
        }

        var names = new List<string>();
        foreach (string r in requested)
        {
            string name = r.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? r[..^5] : r;
            if (!available.Contains(name, StringComparer.Ordinal))
            {
                throw new ExperimentInputException($"unknown preset '{r}': {directory} has {string.Join(", ", available)} (or use '{All}')");
            }

            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
