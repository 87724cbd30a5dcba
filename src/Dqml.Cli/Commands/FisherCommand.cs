using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dqml.Analysis.Capacity;
using Dqml.Cli.Output;
using Dqml.Cli.Training;
using Dqml.Experiments.Training;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Simulation;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml fisher</c>: the exact Fisher information matrix of a QCNN's readout distribution at one random
/// parameter point, averaged over Haar-random input states (or data rows); prints its rank ("effective
/// parameters"), trace and extreme eigenvalues.
/// </summary>
/// <remarks>
/// With the same <c>--seed</c> (and <c>--range</c>), the parameter point and the inputs are those of the first
/// parameter sample of <c>dqml effdim</c>, so the rank printed here is that sample's Fisher rank.
/// </remarks>
public static class FisherCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var common = new CapacityCommandOptions();
        var scheme = new Option<string?>("--scheme")
        {
            Description = $"hwang-qcnn communication scheme: single, nc, cc, qc, bell:K or knit (default {ModelFactory.DefaultScheme}).",
        };
        var depth = new Option<int?>("--depth", "-L")
        {
            CustomParser = r => OptionParsers.Int(r, "--depth"),
            Description = $"hwang-qcnn convolution sub-layers L (default {ModelFactory.DefaultDepth}).",
        };
        var parameterSeed = new Option<ulong?>("--parameter-seed")
        {
            CustomParser = r => OptionParsers.UInt64(r, "--parameter-seed"),
            Description = "Seed of the random parameter point (default: --seed).",
        };

        var cmd = new Command("fisher", "Exact Fisher information of a QCNN at one random parameter point, averaged over inputs: rank (effective parameters), trace, eigenvalues.");
        cmd.Add(scheme);
        cmd.Add(depth);
        common.AddTo(cmd);
        cmd.Add(parameterSeed);
        cmd.SetAction(parse =>
        {
            var settings = common.Read(parse);
            var built = ModelFactory.Build(common.Request(parse, parse.GetValue(scheme), parse.GetValue(depth)));
            var model = CapacityCommandOptions.Circuit(built);
            settings.CheckInputKind(built);
            ulong thetaSeed = parse.GetValue(parameterSeed) ?? settings.Seed;
            Execute(stdout, built, model, settings, thetaSeed);
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void Execute(TextWriter stdout, BuiltModel built, CircuitModel model, CapacitySettings s, ulong thetaSeed)
    {
        var adapter = new CircuitModelProbabilities(model, s.Kind);
        var inputs = s.Inputs(model);
        var theta = ParameterPoint(adapter.ParameterCount, s.Low, s.High, thetaSeed);
        var sw = Stopwatch.StartNew();
        var fisher = FisherInformation.Exact(adapter, theta, inputs, new FisherOptions { Threads = s.Threads });
        var spectrum = FisherInformation.Spectrum(fisher, s.Tolerance);
        double seconds = sw.Elapsed.TotalSeconds;
        string method = CapacityCommandOptions.MethodName(model);
        double? largest = spectrum.Rank > 0 ? spectrum.Eigenvalues[0] : null;
        double? smallest = spectrum.Rank > 0 ? spectrum.Eigenvalues[spectrum.Rank - 1] : null;

        if (s.Json)
        {
            CliText.WriteJson(stdout, j =>
            {
                CapacityCommandOptions.WriteModel(j, built, model);
                j.WriteNumber("parameterCount", spectrum.ParameterCount);
                j.WriteNumber("rank", spectrum.Rank);
                j.WriteNumber("redundantParameters", spectrum.RedundantParameters);
                j.WriteNumber("trace", spectrum.Trace);
                CapacityCommandOptions.NumberOrNull(j, "largestEigenvalue", largest);
                CapacityCommandOptions.NumberOrNull(j, "smallestNonzeroEigenvalue", smallest);
                j.WriteStartArray("eigenvalues");
                foreach (double v in spectrum.Eigenvalues)
                {
                    j.WriteNumberValue(v);
                }

                j.WriteEndArray();
                j.WriteNumber("tolerance", s.Tolerance);
                j.WriteString("method", method);
                j.WriteNumber("inputs", inputs.Count);
                j.WriteString("inputKind", s.KindName);
                j.WriteNumber("seed", s.Seed);
                j.WriteNumber("parameterSeed", thetaSeed);
                j.WriteNumber("parameterLow", s.Low);
                j.WriteNumber("parameterHigh", s.High);
                j.WriteNumber("threads", s.Threads);
                j.WriteNumber("seconds", seconds);
            });
            return;
        }

        stdout.WriteLine($"model: {model.Name} ({model.NumQubits} qubits, {model.OutcomeCount} joint outcomes of the readout qubits)");
        stdout.WriteLine($"inputs: {s.DescribeInputs(inputs.Count, model)}");
        stdout.WriteLine($"parameter point: uniform in {CapacitySettings.DescribeRange(s.Low, s.High)}^{spectrum.ParameterCount} (parameter seed {thetaSeed})");
        stdout.WriteLine($"parameters: {spectrum.ParameterCount} (circuit parameters; readout weights do not change the outcome distribution)");
        stdout.WriteLine($"Fisher rank (effective parameters): {spectrum.Rank} of {spectrum.ParameterCount} ({spectrum.RedundantParameters} redundant; relative tolerance {Sci(s.Tolerance)})");
        stdout.WriteLine($"trace: {Sci(spectrum.Trace)}");
        stdout.WriteLine($"largest eigenvalue: {(largest is double l ? Sci(l) : "none (the Fisher matrix is zero)")}");
        stdout.WriteLine($"smallest non-zero eigenvalue: {(smallest is double m ? Sci(m) : "none")}");
        stdout.WriteLine($"method: {method}");
        stdout.WriteLine($"time: {seconds.ToString("F2", CultureInfo.InvariantCulture)} s");
        stdout.Flush();
    }

    /// <summary>theta uniform in [low, high)^P from stream (seed, 0): the first parameter sample of <see cref="EffectiveDimension.Compute"/>.</summary>
    private static double[] ParameterPoint(int count, double low, double high, ulong seed)
    {
        var rng = DeterministicRandom.ForStream(seed, 0);
        var theta = new double[count];
        for (int j = 0; j < count; j++)
        {
            theta[j] = low + ((high - low) * rng.NextDouble());
        }

        return theta;
    }

    private static string Sci(double v) => CapacitySettings.Number(v);
}

/// <summary>The validated options <c>dqml fisher</c> and <c>dqml effdim</c> share.</summary>
/// <param name="InputCount">Inputs each Fisher matrix is averaged over.</param>
/// <param name="Kind">Haar-random states or data rows.</param>
/// <param name="Seed">Seed of the inputs (and, by default, of the parameters).</param>
/// <param name="Threads">Worker threads.</param>
/// <param name="Tolerance">Relative eigenvalue tolerance of the Fisher rank.</param>
/// <param name="Low">Lower end of the parameter range.</param>
/// <param name="High">Upper end of the parameter range.</param>
/// <param name="Json">Print JSON.</param>
internal sealed record CapacitySettings(int InputCount, OutcomeInputKind Kind, ulong Seed, int Threads, double Tolerance, double Low, double High, bool Json)
{
    /// <summary>The <c>--input-kind</c> value.</summary>
    public string KindName => Kind == OutcomeInputKind.States ? "haar" : "data";

    /// <summary>The inputs, as <see cref="QcnnCapacity.Measure"/> draws them.</summary>
    public IReadOnlyList<double[]> Inputs(CircuitModel model) => QcnnCapacity.Inputs(model, Kind, InputCount, Seed);

    /// <summary>--input-kind data needs hwang-qcnn (the Appendix-B data set), and at most its training rows.</summary>
    public void CheckInputKind(BuiltModel built)
    {
        if (Kind != OutcomeInputKind.Features)
        {
            return;
        }

        if (built.Kind != ModelFactory.HwangQcnnName)
        {
            throw new CliException($"--input-kind data uses the Appendix-B data set of {ModelFactory.HwangQcnnName}; for --model {built.Kind} use --input-kind haar");
        }

        int rows = HwangDataset.Generate(Seed).Train.Count;
        if (InputCount > rows)
        {
            throw new CliException($"--inputs {InputCount} exceeds the {rows} training rows of the Appendix-B data set (--input-kind data)");
        }
    }

    /// <summary>One line describing the inputs.</summary>
    public string DescribeInputs(int count, CircuitModel model) => Kind == OutcomeInputKind.States
        ? $"{count} Haar-random states on {model.NumQubits} qubits (seed {Seed})"
        : $"the first {count} training rows of the Appendix-B data set (data seed {Seed})";

    /// <summary>Six significant digits, lower-case exponent (<c>1.53133e-09</c>).</summary>
    public static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary><c>[-pi, pi)</c>, or the numbers.</summary>
    public static string DescribeRange(double low, double high) => $"[{Angle(low)}, {Angle(high)})";

    private static string Angle(double v) => v switch
    {
        Math.PI => "pi",
        -Math.PI => "-pi",
        2 * Math.PI => "2pi",
        _ => Number(v),
    };
}

/// <summary>Options <c>dqml fisher</c> and <c>dqml effdim</c> share: the model (as <c>dqml train</c> builds it) and the sampling.</summary>
internal sealed class CapacityCommandOptions
{
    /// <summary>Inputs when <c>--inputs</c> is not given.</summary>
    public const int DefaultInputs = 100;

    /// <summary>Seed when <c>--seed</c> is not given.</summary>
    public const ulong DefaultSeed = 1;

    private readonly Option<string> _model = new("--model", "-m")
    {
        Description = $"Model: {string.Join(" or ", ModelFactory.Models)}.",
        DefaultValueFactory = _ => ModelFactory.HwangQcnnName,
    };

    private readonly Option<string?> _block = new("--block")
    {
        Description = "hur-qcnn convolution block: SU4 (default), SO4, TTN, U5, U6, U9, U13, U14, U15.",
    };

    private readonly Option<string?> _embedding = new("--embedding")
    {
        Description = "hur-qcnn embedding (only --input-kind data reads it): angle (default), dense, amplitude or zz.",
    };

    private readonly Option<string?> _readout = new("--readout")
    {
        Description = "Readout: interpret (hwang-qcnn default) or parity (hur-qcnn default); the outcomes are the joint outcomes of its qubits either way.",
    };

    private readonly Option<double?> _visibility = new("--visibility")
    {
        CustomParser = r => OptionParsers.Double(r, "--visibility"),
        Description = "hwang-qcnn bell:K: Werner visibility V of each shared pair (default 1).",
    };

    private readonly Option<double?> _pairAngle = new("--pair-angle")
    {
        CustomParser = r => OptionParsers.Double(r, "--pair-angle"),
        Description = "hwang-qcnn bell:K: pairs cos t|00> + sin t|11> with this t instead of Werner pairs.",
    };

    private readonly Option<int?> _capacity = new("--processor-capacity")
    {
        CustomParser = r => OptionParsers.Int(r, "--processor-capacity"),
        Description = "Qubits per processor: the model must fit.",
    };

    private readonly Option<int> _inputs = new("--inputs")
    {
        CustomParser = r => OptionParsers.Int(r, "--inputs") ?? DefaultInputs,
        Description = "Inputs each Fisher matrix is averaged over.",
        DefaultValueFactory = _ => DefaultInputs,
    };

    private readonly Option<string> _inputKind = new("--input-kind")
    {
        Description = "haar: Haar-random states on all qubits, replacing the embedding (Hwang et al.); data: rows of the Appendix-B data set (hwang-qcnn only).",
        DefaultValueFactory = _ => "haar",
    };

    private readonly Option<ulong> _seed = new("--seed")
    {
        CustomParser = r => OptionParsers.UInt64(r, "--seed") ?? DefaultSeed,
        Description = "Seed of the inputs and the parameter samples.",
        DefaultValueFactory = _ => DefaultSeed,
    };

    private readonly Option<int> _threads = new("--threads")
    {
        CustomParser = r => OptionParsers.Int(r, "--threads") ?? Environment.ProcessorCount,
        Description = "Threads (default: the processor count); results are identical for any value.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private readonly Option<double> _tolerance = new("--tolerance")
    {
        CustomParser = r => OptionParsers.Double(r, "--tolerance") ?? FisherInformation.DefaultRankTolerance,
        Description = "Relative eigenvalue tolerance of the Fisher rank: eigenvalues at or below T times the largest count as zero.",
        DefaultValueFactory = _ => FisherInformation.DefaultRankTolerance,
    };

    private readonly Option<(double Low, double High)?> _range = new("--range")
    {
        CustomParser = r => OptionParsers.Range(r, "--range"),
        Description = "Parameters are drawn uniformly from [LOW, HIGH): numbers or multiples of pi, e.g. -pi,pi (default) or 0,1.",
    };

    private readonly Option<bool> _json = new("--json") { Description = "Print JSON." };

    /// <summary>Adds every shared option to <paramref name="cmd"/>.</summary>
    public void AddTo(Command cmd)
    {
        Option[] all = [_model, _block, _embedding, _readout, _visibility, _pairAngle, _capacity, _inputs, _inputKind, _seed, _threads, _tolerance, _range, _json];
        foreach (var option in all)
        {
            cmd.Add(option);
        }
    }

    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json(ParseResult parse) => parse.GetValue(_json);

    /// <summary>The options that only describe a model or its parameter sampling (refused by <c>effdim --absorbed-control</c>).</summary>
    public IEnumerable<Option> ModelOptions() => [_model, _block, _embedding, _readout, _visibility, _pairAngle, _capacity, _inputKind, _threads, _tolerance, _range];

    /// <summary>The option values; every bad value is a <see cref="CliException"/> naming its option.</summary>
    public CapacitySettings Read(ParseResult parse)
    {
        int inputs = parse.GetValue(_inputs);
        if (inputs < 1)
        {
            throw new CliException($"--inputs must be at least 1, got {inputs}");
        }

        int threads = parse.GetValue(_threads);
        if (threads < 1)
        {
            throw new CliException($"--threads must be at least 1, got {threads}");
        }

        double tolerance = parse.GetValue(_tolerance);
        if (!(tolerance >= 0 && tolerance < 1))
        {
            throw new CliException($"--tolerance must be in [0, 1), got {tolerance.ToString("G", CultureInfo.InvariantCulture)}");
        }

        var kind = (parse.GetValue(_inputKind) ?? "haar").Trim().ToLowerInvariant() switch
        {
            "haar" => OutcomeInputKind.States,
            "data" => OutcomeInputKind.Features,
            var other => throw new CliException($"unknown --input-kind '{other}': use haar or data"),
        };
        var (low, high) = parse.GetValue(_range) ?? (-Math.PI, Math.PI);
        if (!(high > low))
        {
            throw new CliException($"--range {CapacitySettings.DescribeRange(low, high)} is empty: LOW must be below HIGH");
        }

        return new CapacitySettings(inputs, kind, parse.GetValue(_seed), threads, tolerance, low, high, parse.GetValue(_json));
    }

    /// <summary>The model request for one scheme and depth, with the shared model options.</summary>
    public ModelRequest Request(ParseResult parse, string? scheme, int? depth) => new(
        parse.GetValue(_model) ?? ModelFactory.HwangQcnnName,
        scheme,
        depth,
        parse.GetValue(_block),
        parse.GetValue(_embedding),
        parse.GetValue(_readout),
        parse.GetValue(_visibility),
        parse.GetValue(_pairAngle),
        parse.GetValue(_capacity));

    /// <summary>The circuit model behind <paramref name="built"/>.</summary>
    public static CircuitModel Circuit(BuiltModel built) => built.Model as CircuitModel
        ?? throw new CliException($"{built.Kind}: the Fisher information needs a circuit model, got {built.Model.GetType().Name}");

    /// <summary><c>pure-state</c> or <c>density-matrix</c>: the Jacobian method the model's outcomes are differentiated with.</summary>
    public static string MethodName(CircuitModel model) => MethodName(model.SupportsPureOutcomeJacobians ? OutcomeJacobianMethod.PureState : OutcomeJacobianMethod.DensityMatrix);

    /// <summary><c>pure-state</c> or <c>density-matrix</c>.</summary>
    public static string MethodName(OutcomeJacobianMethod method) => method == OutcomeJacobianMethod.PureState ? "pure-state" : "density-matrix";

    /// <summary>Writes <c>model</c>, <c>modelName</c>, <c>scheme</c>, <c>depth</c>, <c>block</c>, <c>readout</c>, <c>qubits</c>, <c>outcomes</c>.</summary>
    public static void WriteModel(System.Text.Json.Utf8JsonWriter j, BuiltModel built, CircuitModel model)
    {
        j.WriteString("model", built.Kind);
        j.WriteString("modelName", model.Name);
        StringOrNull(j, "scheme", built.Scheme);
        if (built.Depth is int d)
        {
            j.WriteNumber("depth", d);
        }
        else
        {
            j.WriteNull("depth");
        }

        StringOrNull(j, "block", built.Block);
        j.WriteString("readout", built.Readout);
        j.WriteNumber("qubits", model.NumQubits);
        j.WriteNumber("outcomes", model.OutcomeCount);
    }

    /// <summary>A number, or null when absent or not finite.</summary>
    public static void NumberOrNull(System.Text.Json.Utf8JsonWriter j, string name, double? value)
    {
        if (value is double v && double.IsFinite(v))
        {
            j.WriteNumber(name, v);
        }
        else
        {
            j.WriteNull(name);
        }
    }

    private static void StringOrNull(System.Text.Json.Utf8JsonWriter j, string name, string? value)
    {
        if (value is null)
        {
            j.WriteNull(name);
        }
        else
        {
            j.WriteString(name, value);
        }
    }
}
