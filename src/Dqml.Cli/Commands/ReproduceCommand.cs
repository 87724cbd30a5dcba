using System.CommandLine;
using System.Globalization;
using Dqml.Experiments.Reports;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml reproduce [NAME...|all] [--quick] [--out DIR] [--threads N]</c>: runs presets from the repository's
/// <c>experiments/</c> folder (resumable) and writes <c>OUT/report.html</c>.
/// </summary>
public static class ReproduceCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var presets = new Argument<string[]>("preset")
        {
            Description = "Presets to run (names of experiments/*.json), or 'all' (the default).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var quick = new Option<bool>("--quick") { Description = "Run each preset's quick variant (reduced sizes)." };
        var output = new Option<string?>("--out", "-o")
        {
            Description = $"Output directory (default {Reproduction.DefaultOutput}, or {Reproduction.DefaultQuickOutput} with --quick).",
        };
        var threads = new Option<int>("--threads")
        {
            CustomParser = r => OptionParsers.Int(r, "--threads") ?? Environment.ProcessorCount,
            Description = "Runs in parallel within a preset (default: the processor count). Results are identical for any value.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var experiments = new Option<string?>("--experiments")
        {
            Description = "The presets folder (default: experiments/ found from the current directory or the dqml executable upwards).",
        };
        var cmd = new Command("reproduce", "Run the preset experiments (resumable) and write one self-contained report.html with figures, tables and the papers' values.");
        cmd.Add(presets);
        foreach (var option in new Option[] { quick, output, threads, experiments })
        {
            cmd.Add(option);
        }

        cmd.SetAction(parse => Execute(
            parse.GetValue(presets) ?? [],
            parse.GetValue(quick),
            parse.GetValue(output),
            parse.GetValue(threads),
            parse.GetValue(experiments),
            stdout));
        return cmd;
    }

    private static int Execute(string[] presets, bool quick, string? output, int threads, string? experiments, TextWriter stdout)
    {
        if (threads < 1)
        {
            throw new CliException($"--threads must be at least 1, got {threads}");
        }

        string folder = experiments ?? Reproduction.FindExperimentsDirectory([Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
            ?? throw new CliException(
                $"no {Reproduction.ExperimentsFolder}/ folder with preset specs found from {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory} upwards: run from the repository or pass --experiments DIR");
        if (!Directory.Exists(folder))
        {
            throw new CliException($"presets folder not found: {folder}");
        }

        string outDir = output ?? (quick ? Reproduction.DefaultQuickOutput : Reproduction.DefaultOutput);
        var words = new List<string> { "dqml", "reproduce" };
        words.AddRange(presets);
        if (quick)
        {
            words.Add("--quick");
        }

        words.AddRange(["--out", outDir]);
        // A bar per preset on a terminal; otherwise Reproduction's own per-run lines.
        var result = SweepProgress.Run(stdout, progress => Reproduction.Run(new ReproduceOptions
        {
            ExperimentsDirectory = folder,
            OutputDirectory = outDir,
            Presets = presets,
            Quick = quick,
            Threads = threads,
            CommandLine = string.Join(' ', words),
            Log = progress.WriteLine,
            OnPresetStarted = progress.ShowsBar ? progress.Start : null,
            OnRunFinished = progress.ShowsBar ? (_, _, done, count) => progress.RunFinished(done, count) : null,
        }));
        foreach (var p in result.Presets)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Name}: {p.Section.StoredRuns}/{p.GridRuns} runs ({p.Executed} run now, {p.Skipped} skipped), {p.Section.Figures.Count} figures, {p.Elapsed.TotalSeconds:F1} s"));
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {result.Elapsed.TotalSeconds:F1} s; open {result.ReportPath}"));
        stdout.Flush();
        return ExitCodes.Success;
    }
}
