using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml run SPEC.json</c>: runs an experiment spec's sweep into its result store (resuming: finished runs are
/// skipped), shows its progress (<see cref="SweepProgress"/>: a bar on a terminal, else a line per finished run),
/// prints a summary table and where the results are, and writes <c>summary.csv</c> and <c>summary.md</c>.
/// </summary>
public static class RunCommand
{
    /// <summary>The output directory when <c>--out</c> is not given.</summary>
    public const string DefaultOutput = "runs/experiments";

    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var spec = new Argument<string>("spec") { Description = "The experiment spec (JSON; see docs/experiments.md)." };
        var quick = new Option<bool>("--quick") { Description = "Apply the spec's quick overrides (small sizes; results go to NAME-quick)." };
        var output = new Option<string>("--out", "-o")
        {
            Description = $"Output directory; the results go to its folder named by the spec (default {DefaultOutput}).",
            DefaultValueFactory = _ => DefaultOutput,
        };
        var shard = new Option<string?>("--shard") { Description = "Run one slice i/N of the grid (runs with index % N == i); join slices with dqml merge." };
        var threads = new Option<int>("--threads")
        {
            CustomParser = r => OptionParsers.Int(r, "--threads") ?? Environment.ProcessorCount,
            Description = "Runs in parallel (default: the processor count). Results are identical for any value.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var json = new Option<bool>("--json") { Description = "End with one line holding a JSON object of the results." };
        var cmd = new Command("run", "Run an experiment spec: its sweep in parallel into a resumable result store, then a summary table.");
        cmd.Add(spec);
        foreach (var option in new Option[] { quick, output, shard, threads, json })
        {
            cmd.Add(option);
        }

        cmd.SetAction(parse => Execute(
            parse.GetValue(spec)!,
            parse.GetValue(quick),
            parse.GetValue(output) ?? DefaultOutput,
            parse.GetValue(shard),
            parse.GetValue(threads),
            parse.GetValue(json),
            stdout));
        return cmd;
    }

    private static int Execute(string specPath, bool quick, string outputRoot, string? shardText, int threads, bool json, TextWriter stdout)
    {
        if (threads < 1)
        {
            throw new CliException($"--threads must be at least 1, got {threads}");
        }

        var shard = shardText is null ? null : Shard.Parse(shardText);
        var spec = SpecParser.ParseFile(specPath);
        if (quick)
        {
            spec = spec.WithQuick() with { Output = spec.Output + "-quick" };
        }

        string folder = SpecParser.ResolveOutput(spec, outputRoot);
        var store = ResultStore.Open(folder, spec);
        var grid = SweepGrid.Expand(spec);
        int total = grid.Count;
        stdout.WriteLine($"experiment {spec.Name} ({ExperimentKinds.Name(spec.Kind)}{(quick ? ", quick" : string.Empty)}): {total} runs{(shard is null ? string.Empty : $", shard {shard}")}, {threads} in parallel");
        stdout.WriteLine($"results: {folder}");
        stdout.Flush();
        var outcome = SweepProgress.Run(stdout, progress =>
        {
            progress.Start(spec.Name, shard is null ? total : grid.Count(r => shard.Contains(r.Index)));
            return SweepRunner.Run(spec, store, new SweepOptions
            {
                Threads = threads,
                Shard = shard,
                OnRunFinished = (record, done, count) => progress.RunFinished(
                    done, count, string.Create(CultureInfo.InvariantCulture, $"[{done}/{count}] {record.Id}: {Headline(record)} ({record.Seconds:F1} s)")),
            });
        });
        if (outcome.Skipped > 0)
        {
            stdout.WriteLine($"{outcome.Skipped} run(s) already in the store were skipped");
        }

        Summary.Write(folder, outcome.Records);
        stdout.WriteLine();
        stdout.Write(Summary.ToMarkdown(outcome.Records));
        stdout.WriteLine();
        stdout.WriteLine($"{outcome.Records.Count}/{total} runs in {Path.Combine(folder, ResultStore.ResultsFile)}; tables: {Summary.CsvFile}, {Summary.MarkdownFile}");
        if (json)
        {
            WriteJson(stdout, spec, folder, total, outcome);
        }

        stdout.Flush();
        return ExitCodes.Success;
    }

    private static string Headline(RunRecord r)
    {
        string[] keys = ["trainAccuracy", "validationAccuracy", "maxFisherRank", "effectiveDimension_n1000000"];
        var parts = keys.Where(k => r.Metrics.Any(m => m.Key == k))
            .Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} {r.Metric(k):0.####}"));
        return string.Join(", ", parts);
    }

    private static void WriteJson(TextWriter stdout, ExperimentSpec spec, string folder, int total, SweepOutcome outcome)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("name", spec.Name);
            w.WriteBoolean("quick", spec.IsQuick);
            w.WriteString("folder", folder);
            w.WriteNumber("runs", total);
            w.WriteNumber("selected", outcome.Selected.Count);
            w.WriteNumber("skipped", outcome.Skipped);
            w.WriteNumber("executed", outcome.Executed.Count);
            w.WriteNumber("stored", outcome.Records.Count);
            w.WriteEndObject();
        }

        stdout.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
