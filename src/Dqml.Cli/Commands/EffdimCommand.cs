using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dqml.Analysis.Capacity;
using Dqml.Cli.Output;
using Dqml.Cli.Training;
using Dqml.Experiments.Training;
using Spectre.Console;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml effdim</c>: the effective dimension (Abbas et al.) and Fisher ranks of QCNNs, one row per
/// (scheme, depth); with <c>--absorbed-control</c>, the Fisher ranks of the absorbed-control comparison.
/// </summary>
public static class EffdimCommand
{
    /// <summary>Parameter samples when <c>--samples</c> is not given.</summary>
    public const int DefaultSamples = 100;

    /// <summary>gamma when <c>--gamma</c> is not given.</summary>
    public const double DefaultGamma = 1.0;

    /// <summary>The data-set sizes when <c>--n</c> is not given.</summary>
    public static ImmutableArray<double> DefaultSizes { get; } = [1e3, 1e4, 1e5, 1e6];

    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var common = new CapacityCommandOptions();
        var schemes = new Option<string[]?>("--scheme")
        {
            CustomParser = r => OptionParsers.WordList(r, "--scheme"),
            Description = $"hwang-qcnn schemes, comma-separated: single, nc, cc, qc, bell:K, knit (default {ModelFactory.DefaultScheme}).",
        };
        var depths = new Option<int[]?>("--depth", "-L")
        {
            CustomParser = r => OptionParsers.IntList(r, "--depth"),
            Description = $"hwang-qcnn depths L, comma-separated (default {ModelFactory.DefaultDepth}).",
        };
        var samples = new Option<int>("--samples")
        {
            CustomParser = r => OptionParsers.Int(r, "--samples") ?? DefaultSamples,
            Description = "Parameter samples theta, uniform in --range.",
            DefaultValueFactory = _ => DefaultSamples,
        };
        var gamma = new Option<double>("--gamma")
        {
            CustomParser = r => OptionParsers.Double(r, "--gamma") ?? DefaultGamma,
            Description = "gamma in (0, 1].",
            DefaultValueFactory = _ => DefaultGamma,
        };
        var sizes = new Option<double[]?>("--n")
        {
            CustomParser = r => OptionParsers.DoubleList(r, "--n"),
            Description = "Data-set sizes n, comma-separated; each needs gamma n / (2 pi ln n) > 1 (default 1000,10000,100000,1000000).",
        };
        var absorbed = new Option<bool>("--absorbed-control")
        {
            Description = "Instead: Fisher ranks of two-qubit models with and without a trainable controlled rotation, inside one processor and across two (reads --inputs, --seed, --json).",
        };

        var cmd = new Command("effdim", "Effective dimension and Fisher ranks of QCNNs per scheme and depth (Haar-random inputs), or the absorbed-control comparison.");
        cmd.Add(schemes);
        cmd.Add(depths);
        cmd.Add(samples);
        cmd.Add(gamma);
        cmd.Add(sizes);
        common.AddTo(cmd);
        cmd.Add(absorbed);
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(absorbed))
            {
                Option[] refused = [schemes, depths, samples, gamma, sizes, .. common.ModelOptions()];
                if (refused.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is Option given)
                {
                    throw new CliException($"--absorbed-control reads only --inputs, --seed and --json; {given.Name} does not apply");
                }

                var s0 = common.Read(parse);
                WriteAbsorbed(stdout, QcnnCapacity.AbsorbedControl(s0.InputCount, s0.Seed), s0);
                return ExitCodes.Success;
            }

            var s = common.Read(parse);
            int sampleCount = parse.GetValue(samples);
            if (sampleCount < 1)
            {
                throw new CliException($"--samples must be at least 1, got {sampleCount}");
            }

            double g = parse.GetValue(gamma);
            if (!(g > 0 && g <= 1))
            {
                throw new CliException($"--gamma must be in (0, 1], got {Num(g)}");
            }

            var n = parse.GetValue(sizes) is { Length: > 0 } given2 ? [.. given2] : DefaultSizes;
            CheckSizes(n, g);

            // Every model first: a bad scheme or depth fails before any computation.
            var models = new List<BuiltModel>();
            int?[] depthList = parse.GetValue(depths) is { Length: > 0 } ds ? [.. ds.Select(d => (int?)d)] : [null];
            string?[] schemeList = parse.GetValue(schemes) is { Length: > 0 } ss ? [.. ss] : [null];
            foreach (int? depth in depthList)
            {
                foreach (string? scheme in schemeList)
                {
                    var built = ModelFactory.Build(common.Request(parse, scheme, depth));
                    s.CheckInputKind(built);
                    models.Add(built);
                }
            }

            var options = new CapacityOptions
            {
                ParameterSamples = sampleCount,
                Inputs = s.InputCount,
                InputKind = s.Kind,
                ParameterLow = s.Low,
                ParameterHigh = s.High,
                Gamma = g,
                DatasetSizes = n,
                RankTolerance = s.Tolerance,
                Seed = s.Seed,
                Threads = s.Threads,
            };
            var rows = new List<(BuiltModel Built, CapacityPoint Point)>();
            foreach (var built in models)
            {
                var model = CapacityCommandOptions.Circuit(built);
                rows.Add((built, QcnnCapacity.Measure(model, model.Name, options)));
            }

            if (s.Json)
            {
                WriteJson(stdout, rows, s, sampleCount);
            }
            else
            {
                WriteTable(stdout, rows, s, sampleCount, g);
            }

            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void CheckSizes(ImmutableArray<double> sizes, double gamma)
    {
        foreach (double n in sizes)
        {
            if (!(n > 1))
            {
                throw new CliException($"--n must be above 1, got {Num(n)}");
            }

            double kappa = gamma * n / (2 * Math.PI * Math.Log(n));
            if (!(kappa > 1))
            {
                throw new CliException(
                    $"--n {Num(n)} with --gamma {Num(gamma)} gives gamma n / (2 pi ln n) = {kappa.ToString("G4", CultureInfo.InvariantCulture)} <= 1, where the effective dimension is undefined; use a larger n");
            }
        }
    }

    private static void WriteTable(TextWriter stdout, List<(BuiltModel Built, CapacityPoint Point)> rows, CapacitySettings s, int samples, double gamma)
    {
        var console = CliText.CreateConsole(stdout);
        string inputs = s.Kind == Learning.Models.OutcomeInputKind.States ? "Haar-random input states" : "Appendix-B data rows";
        console.WriteLine(
            $"Effective dimension d (Abbas et al., gamma {Num(gamma)}): {samples} parameter sample(s) uniform in {CapacitySettings.DescribeRange(s.Low, s.High)}, "
            + $"Fisher matrices averaged over {s.InputCount} {inputs} (seed {s.Seed}); d/P in parentheses.");
        var table = new Table();
        table.AddColumn("model");
        table.AddColumn(new TableColumn("P").RightAligned());
        table.AddColumn(new TableColumn("max rank").RightAligned());
        table.AddColumn(new TableColumn("mean rank").RightAligned());
        var sizes = rows[0].Point.Result.DatasetSizes;
        foreach (double n in sizes)
        {
            table.AddColumn(new TableColumn(Markup.Escape($"d (n={Num(n)})")).RightAligned());
        }

        table.AddColumn(new TableColumn("time").RightAligned());
        table.AddColumn("method");
        foreach (var (built, point) in rows)
        {
            var r = point.Result;
            var cells = new List<string>
            {
                Markup.Escape(point.Label),
                point.ParameterCount.ToString(CultureInfo.InvariantCulture),
                r.MaxFisherRank.ToString(CultureInfo.InvariantCulture),
                CliText.Fixed(r.MeanFisherRank, 2),
            };
            for (int k = 0; k < r.Values.Length; k++)
            {
                cells.Add($"{CliText.Fixed(r.Values[k], 2)} ({CliText.Fixed(r.NormalisedValues[k], 3)})");
            }

            cells.Add($"{point.Seconds.ToString("F2", CultureInfo.InvariantCulture)} s");
            cells.Add(CapacityCommandOptions.MethodName(point.Method));
            table.AddRow([.. cells]);
        }

        console.Write(table);
        console.WriteLine($"P: circuit parameters; rank: Fisher rank (effective parameters) over the samples, relative tolerance {Num(s.Tolerance)}.");
        stdout.Flush();
    }

    private static void WriteJson(TextWriter stdout, List<(BuiltModel Built, CapacityPoint Point)> rows, CapacitySettings s, int samples)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartArray();
            foreach (var (built, point) in rows)
            {
                var r = point.Result;
                j.WriteStartObject();
                CapacityCommandOptions.WriteModel(j, built, CapacityCommandOptions.Circuit(built));
                j.WriteNumber("parameterCount", point.ParameterCount);
                j.WriteNumber("maxFisherRank", r.MaxFisherRank);
                j.WriteNumber("meanFisherRank", r.MeanFisherRank);
                j.WriteStartArray("fisherRanks");
                foreach (int rank in r.FisherRanks)
                {
                    j.WriteNumberValue(rank);
                }

                j.WriteEndArray();
                j.WriteNumber("meanFisherTrace", r.MeanFisherTrace);
                j.WriteNumber("gamma", r.Gamma);
                j.WriteStartArray("effectiveDimension");
                for (int k = 0; k < r.Values.Length; k++)
                {
                    j.WriteStartObject();
                    j.WriteNumber("n", r.DatasetSizes[k]);
                    CapacityCommandOptions.NumberOrNull(j, "value", r.Values[k]);
                    CapacityCommandOptions.NumberOrNull(j, "normalised", r.NormalisedValues[k]);
                    j.WriteEndObject();
                }

                j.WriteEndArray();
                j.WriteString("method", CapacityCommandOptions.MethodName(point.Method));
                j.WriteNumber("samples", samples);
                j.WriteNumber("inputs", s.InputCount);
                j.WriteString("inputKind", s.KindName);
                j.WriteNumber("parameterLow", s.Low);
                j.WriteNumber("parameterHigh", s.High);
                j.WriteNumber("tolerance", s.Tolerance);
                j.WriteNumber("seed", s.Seed);
                j.WriteNumber("seconds", point.Seconds);
                j.WriteEndObject();
            }

            j.WriteEndArray();
        }

        stdout.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        stdout.Flush();
    }

    private static void WriteAbsorbed(TextWriter stdout, AbsorbedControlResult r, CapacitySettings s)
    {
        // Parameter counts of the five models (see AbsorbedControlResult): SU(4) block 15, + CRX 16; two local U3s 6, + one control 7.
        string absorbed = r.InsideWith == r.InsideWithout
            ? "rank unchanged: the SU(4) block already spans the controlled rotation, which it absorbs"
            : $"rank changed by {r.InsideWith - r.InsideWithout}: not absorbed at this point";
        (string Key, string Setting, int Parameters, int Rank, string Why)[] lines =
        [
            ("insideWithout", "one processor: SU(4) block", 15, r.InsideWithout, "a general two-qubit unitary; rank below P: directions such as the final Z phases leave the outcomes unchanged"),
            ("insideWith", "one processor: SU(4) block + CRX", 16, r.InsideWith, absorbed),
            ("acrossWithout", "two processors: local U3 on each", 6, r.AcrossWithout, "no communication: local unitaries only"),
            ("acrossQuantum", "two processors: local U3s + CRX (quantum comm.)", 7, r.AcrossQuantum, Growth(r.AcrossQuantum - r.AcrossWithout, "the quantum control")),
            ("acrossClassical", "two processors: measure A, RX on B if 1 (classical comm.)", 7, r.AcrossClassical, Growth(r.AcrossClassical - r.AcrossWithout, "the classically controlled rotation")),
        ];
        if (s.Json)
        {
            CliText.WriteJson(stdout, j =>
            {
                foreach (var l in lines)
                {
                    j.WriteNumber(l.Key, l.Rank);
                }

                j.WriteStartObject("parameterCounts");
                foreach (var l in lines)
                {
                    j.WriteNumber(l.Key, l.Parameters);
                }

                j.WriteEndObject();
                j.WriteNumber("inputs", s.InputCount);
                j.WriteNumber("seed", s.Seed);
            });
            return;
        }

        stdout.WriteLine($"Absorbed control: Fisher ranks of two-qubit models at one random parameter point, {s.InputCount} Haar-random input states (seed {s.Seed})");
        int width = lines.Max(l => l.Setting.Length);
        foreach (var l in lines)
        {
            stdout.WriteLine($"{l.Setting.PadRight(width)}  P = {l.Parameters,2}  rank {l.Rank,2}  {l.Why}");
        }

        stdout.Flush();
    }

    private static string Growth(int delta, string what) => delta > 0
        ? $"rank grows by {delta}: local unitaries cannot absorb {what} across processors"
        : $"rank does not grow ({delta:+0;-0;0}): {what} is absorbed at this point";

    private static string Num(double v) => v.ToString("G", CultureInfo.InvariantCulture).Replace('E', 'e');
}
