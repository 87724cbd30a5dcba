using Dqml.Circuits;
using Dqml.Distributed;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Embeddings;
using Dqml.Learning.Models.Hur;
using Dqml.Learning.Models.Hwang;

namespace Dqml.Experiments.Training;

/// <summary>The model options of <c>dqml train</c>, as given (null: not given, the model's default applies).</summary>
/// <param name="Model"><c>hwang-qcnn</c> or <c>hur-qcnn</c>.</param>
/// <param name="Scheme">Hwang: <c>single</c>, <c>nc</c>, <c>cc</c>, <c>qc</c>, <c>bell:K</c> or <c>knit</c>.</param>
/// <param name="Depth">Hwang: convolution sub-layers L.</param>
/// <param name="Block">Hur: the convolution block (<c>SU4</c>, <c>TTN</c>, <c>U5</c>, ...).</param>
/// <param name="Embedding">Hur: <c>angle</c>, <c>dense</c>, <c>amplitude</c> or <c>zz</c>.</param>
/// <param name="Readout"><c>interpret</c> or <c>parity</c>.</param>
/// <param name="Visibility">Hwang <c>bell:K</c>: Werner visibility of the shared pairs.</param>
/// <param name="PairAngle">Hwang <c>bell:K</c>: pairs cos t |00&gt; + sin t |11&gt; instead of Werner pairs.</param>
/// <param name="ProcessorCapacity">Qubits per processor; the model must fit.</param>
/// <param name="Timing">Hwang: latency as idle noise inside the model (processor coherence times, gate times, link latency), or null for none.</param>
/// <param name="SingleEmbedding">Hwang scheme single: how 8 features enter 4 qubits, <c>zz-reupload</c> (default) or <c>dense-angle</c>.</param>
/// <param name="QcBlock">Hwang schemes qc and knit: the cross block, <c>controlled-rotations</c> (default) or <c>coherent-cc</c>.</param>
/// <param name="CcBlock">Hwang scheme cc: the cross block, <c>one-way</c> (default), <c>alternating</c> or <c>both-ways</c>.</param>
public sealed record ModelRequest(
    string Model,
    string? Scheme,
    int? Depth,
    string? Block,
    string? Embedding,
    string? Readout,
    double? Visibility,
    double? PairAngle,
    int? ProcessorCapacity,
    HwangTiming? Timing = null,
    string? SingleEmbedding = null,
    string? QcBlock = null,
    string? CcBlock = null);

/// <summary>
/// Latency as noise in the Hwang et al. model (<see cref="HwangQcnnOptions.IdleNoise"/>): both processors have
/// coherence times <paramref name="T1"/>, <paramref name="T2"/> and gate times <paramref name="GateTimes"/>; a bit sent
/// between them takes the controller's conditional-operation latency plus light's time through
/// <paramref name="FibreKm"/> km of fibre; QC's cross gates are realised by <paramref name="RemoteGates"/>.
/// </summary>
/// <param name="T1">Relaxation time T1, seconds.</param>
/// <param name="T2">Coherence time T2, seconds (at most 2 T1); null: T2 = T1.</param>
/// <param name="Controller">A row of the controller-latency table, <c>CHANNELS-LAYOUT-OPERATION</c> (e.g. <c>50-aggregated-control-flow</c>); null: <see cref="HwangTiming.DefaultController"/>.</param>
/// <param name="FibreKm">Fibre between the processors, km (5 us per km one way).</param>
/// <param name="GateTimes"><c>superconducting</c> (50 ns, 300 ns, 1 us measurement and reset) or <c>zero</c>.</param>
/// <param name="RemoteGates">QC's cross gates: <c>direct</c> (an ideal coupler), <c>telegate</c> or <c>teledata</c>.</param>
public sealed record HwangTiming(double T1, double? T2 = null, string? Controller = null, double FibreKm = 0, string GateTimes = "superconducting", string RemoteGates = "telegate")
{
    /// <summary>The controller latency when none is named: one channel, distributed control, a conditional pulse (224 ns).</summary>
    public const string DefaultController = "1-distributed-conditional-pulse";

    /// <summary>The accepted gate-time sets.</summary>
    public static IReadOnlyList<string> GateTimeNames { get; } = ["superconducting", "zero"];

    /// <summary>The accepted realisations of QC's cross gates.</summary>
    public static IReadOnlyList<string> RemoteGateNames { get; } = ["direct", "telegate", "teledata"];

    /// <summary>One-way latency of a bit between the processors: controller plus fibre, seconds.</summary>
    /// <exception cref="ExperimentInputException">An unknown controller row or a negative distance.</exception>
    public double LinkLatencySeconds()
    {
        if (!(FibreKm >= 0) || double.IsInfinity(FibreKm))
        {
            throw new ExperimentInputException($"fibre distance must be a non-negative number of km, got {FibreKm}");
        }

        try
        {
            return ControllerLatency.Get(Controller ?? DefaultController) + Fibre.Latency(FibreKm);
        }
        catch (DistributionException e)
        {
            throw new ExperimentInputException(e.Message, e);
        }
    }

    /// <summary>The two-processor architecture these settings describe (Bell source of <paramref name="bellPairs"/> pairs of visibility <paramref name="visibility"/>).</summary>
    /// <exception cref="ExperimentInputException">Bad coherence times, gate times, controller or distance.</exception>
    public Architecture Architecture(int bellPairs, double visibility, int? capacity)
    {
        if (!(T1 > 0) || double.IsInfinity(T1))
        {
            throw new ExperimentInputException($"t1 must be a positive number of seconds, got {T1}");
        }

        double t2 = T2 ?? T1;
        if (!(t2 > 0) || t2 > 2 * T1)
        {
            throw new ExperimentInputException($"t2 must be positive and at most 2 t1 = {2 * T1} s, got {t2}");
        }

        var times = GateTimes.Trim().ToLowerInvariant() switch
        {
            "superconducting" => Distributed.GateTimes.Superconducting,
            "zero" => Distributed.GateTimes.Zero,
            _ => throw new ExperimentInputException($"unknown gate times '{GateTimes}': use {string.Join(" or ", GateTimeNames)}"),
        };
        var processor = new Processor("P", capacity, T1, t2, times);
        return Distributed.Architecture.TwoProcessors(bellPairs, visibility, LinkLatencySeconds(), processor);
    }

    /// <summary>The realisation of QC's cross gates.</summary>
    /// <exception cref="ExperimentInputException">An unknown name.</exception>
    public QcRealisation Realisation() => RemoteGates.Trim().ToLowerInvariant() switch
    {
        "direct" => QcRealisation.Direct,
        "telegate" => QcRealisation.Telegate,
        "teledata" => QcRealisation.Teledata,
        _ => throw new ExperimentInputException($"unknown remote-gate realisation '{RemoteGates}': use {string.Join(", ", RemoteGateNames)}"),
    };
}

/// <summary>A built model with what <c>dqml train</c> reports about it.</summary>
/// <param name="Model">The trainable model.</param>
/// <param name="Kind"><c>hwang-qcnn</c> or <c>hur-qcnn</c>.</param>
/// <param name="NumQubits">Qubits of the model.</param>
/// <param name="Scheme">Hwang: the scheme as written on the command line; Hur: null.</param>
/// <param name="Depth">Hwang: L; Hur: null (three fixed layers).</param>
/// <param name="Block">Hur: the block's paper name; Hwang: null.</param>
/// <param name="Embedding">Hur: the embedding's name; Hwang: <c>zz</c> (its fixed per-processor ZZ map).</param>
/// <param name="Readout">The readout kind, lower case.</param>
/// <param name="ExpectedParameterCount">The paper's parameter count (Hwang: its formula for the scheme and depth; Hur: 3 c + 6 plus readout weights).</param>
/// <param name="Formula">The paper's formula, e.g. <c>10L+28</c>.</param>
/// <param name="Hwang">The Hwang bookkeeping (knitting overhead), or null.</param>
public sealed record BuiltModel(
    IDifferentiableModel Model,
    string Kind,
    int NumQubits,
    string? Scheme,
    int? Depth,
    string? Block,
    string Embedding,
    string Readout,
    int ExpectedParameterCount,
    string Formula,
    HwangModel? Hwang);

/// <summary>Builds the models <c>dqml train</c> offers from their command-line options.</summary>
public static class ModelFactory
{
    /// <summary>The Hwang et al. distributed QCNN (two 4-qubit processors).</summary>
    public const string HwangQcnnName = "hwang-qcnn";

    /// <summary>The Hur et al. 8-qubit QCNN.</summary>
    public const string HurQcnnName = "hur-qcnn";

    /// <summary>Scheme of <c>hwang-qcnn</c> when <c>--scheme</c> is not given.</summary>
    public const string DefaultScheme = "cc";

    /// <summary>Depth of <c>hwang-qcnn</c> when <c>--depth</c> is not given.</summary>
    public const int DefaultDepth = 3;

    /// <summary>Block of <c>hur-qcnn</c> when <c>--block</c> is not given.</summary>
    public const ConvolutionBlock DefaultBlock = ConvolutionBlock.SU4;

    /// <summary>Embedding of <c>hur-qcnn</c> when <c>--embedding</c> is not given.</summary>
    public const EmbeddingChoice DefaultEmbedding = EmbeddingChoice.Angle;

    /// <summary>The model names accepted by <c>--model</c>.</summary>
    public static IReadOnlyList<string> Models { get; } = [HwangQcnnName, HurQcnnName];

    /// <summary>The embedding names accepted by <c>--embedding</c>.</summary>
    public static IReadOnlyList<string> Embeddings { get; } = ["angle", "dense", "amplitude", "zz"];

    /// <summary>Builds the model.</summary>
    /// <exception cref="ExperimentInputException">
    /// An unknown model, scheme, block, embedding or readout; an option that does not apply to the model; a depth
    /// below 1; or a model that does not fit <see cref="ModelRequest.ProcessorCapacity"/>.
    /// </exception>
    public static BuiltModel Build(ModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ProcessorCapacity is < 1)
        {
            throw new ExperimentInputException($"--processor-capacity must be at least 1, got {request.ProcessorCapacity}");
        }

        return Normalise(request.Model) switch
        {
            HwangQcnnName => BuildHwang(request),
            _ => BuildHur(request),
        };
    }

    private static string Normalise(string model)
    {
        string m = (model ?? string.Empty).Trim().ToLowerInvariant();
        if (!Models.Contains(m))
        {
            throw new ExperimentInputException($"unknown model '{model}': use {string.Join(" or ", Models)}");
        }

        return m;
    }

    private static BuiltModel BuildHwang(ModelRequest r)
    {
        NotFor(r.Block, "--block", HwangQcnnName);
        NotFor(r.Embedding, "--embedding", HwangQcnnName);
        string schemeText = r.Scheme ?? DefaultScheme;
        (HwangScheme scheme, int pairs) = Wrap(() => HwangQcnn.ParseScheme(schemeText), "--scheme");
        int depth = r.Depth ?? DefaultDepth;
        if (depth < 1)
        {
            throw new ExperimentInputException($"--depth must be at least 1, got {depth}");
        }

        if (scheme != HwangScheme.BellSources && (r.Visibility is not null || r.PairAngle is not null))
        {
            throw new ExperimentInputException($"{(r.Visibility is not null ? "--visibility" : "--pair-angle")} applies to --scheme bell:K only (the scheme is {schemeText})");
        }

        if (r.Visibility is double v && !(v >= 0 && v <= 1))
        {
            throw new ExperimentInputException($"--visibility must lie in [0, 1], got {v}");
        }

        if (r.PairAngle is double t && !double.IsFinite(t))
        {
            throw new ExperimentInputException($"--pair-angle must be a finite angle, got {t}");
        }

        var readout = ParseReadout(r.Readout, ReadoutKind.Interpret);
        var architecture = r.Timing is { } timing
            ? timing.Architecture(Math.Max(4, pairs), r.Visibility ?? 1, r.ProcessorCapacity)
            : Architecture.TwoProcessors(
                bellPairs: Math.Max(4, pairs),
                visibility: r.Visibility ?? 1,
                template: r.ProcessorCapacity is int capacity ? new Processor("P", capacity) : null);
        var options = new HwangQcnnOptions
        {
            Scheme = scheme,
            Depth = depth,
            BellPairs = scheme == HwangScheme.BellSources ? pairs : 1,
            Visibility = r.Visibility ?? 1,
            PairAngle = r.PairAngle,
            Readout = readout,
            Architecture = architecture,
            IdleNoise = r.Timing is not null,
            SingleEmbedding = ParseSingleEmbedding(r.SingleEmbedding, scheme),
            QcBlock = ParseQcBlock(r.QcBlock, scheme),
            CcBlock = ParseCcBlock(r.CcBlock, scheme),
            RemoteGates = r.Timing?.Realisation() ?? QcRealisation.Direct,
        };
        HwangModel built;
        try
        {
            built = HwangQcnn.Build(options);
        }
        catch (DistributionException e)
        {
            string limit = r.ProcessorCapacity is int cap ? $" --processor-capacity {cap}" : " the processors";
            throw new ExperimentInputException($"{HwangQcnnName} --scheme {schemeText} does not fit{limit}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new ExperimentInputException($"{HwangQcnnName}: {StripParameter(e)}");
        }

        return new BuiltModel(
            built.Model,
            HwangQcnnName,
            built.Model.NumQubits,
            schemeText.Trim().ToLowerInvariant(),
            depth,
            null,
            "zz",
            readout.ToString().ToLowerInvariant(),
            built.ExpectedParameterCount,
            built.Formula,
            built);
    }

    private static readonly Spellings<SingleProcessorEmbedding> SingleEmbeddingNames = new(
        "single embedding",
        "scheme single",
        [("zz-reupload", SingleProcessorEmbedding.ZZReUpload), ("dense-angle", SingleProcessorEmbedding.DenseAngle)]);

    private static readonly Spellings<QcCrossBlock> QcBlockNames = new(
        "qc block",
        "schemes qc and knit",
        [("controlled-rotations", QcCrossBlock.ControlledRotations), ("coherent-cc", QcCrossBlock.CoherentClassicalBlock)]);

    private static readonly Spellings<CcCrossBlock> CcBlockNames = new(
        "cc block",
        "scheme cc",
        [("one-way", CcCrossBlock.OneWay), ("alternating", CcCrossBlock.Alternating), ("both-ways", CcCrossBlock.BothWays)]);

    /// <summary>The single-processor embeddings accepted by <c>singleEmbedding</c>.</summary>
    public static IReadOnlyList<string> SingleEmbeddings => SingleEmbeddingNames.Names;

    /// <summary>The QC cross blocks accepted by <c>qcBlock</c>.</summary>
    public static IReadOnlyList<string> QcBlocks => QcBlockNames.Names;

    /// <summary>The CC cross blocks accepted by <c>ccBlock</c>.</summary>
    public static IReadOnlyList<string> CcBlocks => CcBlockNames.Names;

    /// <summary>How specs and the command line spell <paramref name="block"/>.</summary>
    public static string Name(CcCrossBlock block) => CcBlockNames.Name(block);

    /// <summary>How specs and the command line spell <paramref name="block"/>.</summary>
    public static string Name(QcCrossBlock block) => QcBlockNames.Name(block);

    /// <summary>How specs and the command line spell <paramref name="embedding"/>.</summary>
    public static string Name(SingleProcessorEmbedding embedding) => SingleEmbeddingNames.Name(embedding);

    private static QcCrossBlock ParseQcBlock(string? text, HwangScheme scheme)
        => QcBlockNames.Parse(text, scheme is HwangScheme.Quantum or HwangScheme.Knitting, new HwangQcnnOptions().QcBlock);

    private static CcCrossBlock ParseCcBlock(string? text, HwangScheme scheme)
        => CcBlockNames.Parse(text, scheme == HwangScheme.Classical, new HwangQcnnOptions().CcBlock);

    private static SingleProcessorEmbedding ParseSingleEmbedding(string? text, HwangScheme scheme)
        => SingleEmbeddingNames.Parse(text, scheme == HwangScheme.Single, new HwangQcnnOptions().SingleEmbedding);

    /// <summary>The spellings of one enum-valued model option, the schemes it applies to, and its clear errors.</summary>
    private sealed class Spellings<T>(string what, string appliesTo, (string Name, T Value)[] values)
        where T : struct, Enum
    {
        public IReadOnlyList<string> Names { get; } = [.. values.Select(v => v.Name)];

        /// <summary>The value spelled <paramref name="text"/>, or <paramref name="fallback"/> when none is given.</summary>
        public T Parse(string? text, bool applies, T fallback)
        {
            if (text is null)
            {
                return fallback;
            }

            if (!applies)
            {
                throw new ExperimentInputException($"{what} '{text}' applies to {appliesTo} only");
            }

            string key = text.Trim().ToLowerInvariant();
            foreach (var (name, value) in values)
            {
                if (name == key)
                {
                    return value;
                }
            }

            throw new ExperimentInputException($"unknown {what} '{text}': use {string.Join(", ", Names)}");
        }

        public string Name(T value) => values.First(v => EqualityComparer<T>.Default.Equals(v.Value, value)).Name;
    }

    private static BuiltModel BuildHur(ModelRequest r)
    {
        NotFor(r.Scheme, "--scheme", HurQcnnName);
        NotFor(r.Depth?.ToString(System.Globalization.CultureInfo.InvariantCulture), "--depth", HurQcnnName);
        NotFor(r.Visibility?.ToString(System.Globalization.CultureInfo.InvariantCulture), "--visibility", HurQcnnName);
        NotFor(r.PairAngle?.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pair-angle", HurQcnnName);
        NotFor(r.Timing?.ToString(), "--t1 (idle noise)", HurQcnnName);
        var block = DefaultBlock;
        if (r.Block is not null && !ConvolutionBlocks.TryParse(r.Block, out block))
        {
            throw new ExperimentInputException(
                $"unknown block '{r.Block}': use one of {string.Join(", ", ConvolutionBlocks.All.Select(BlockName))}");
        }

        var choice = ParseEmbedding(r.Embedding);
        var readoutKind = ParseReadout(r.Readout, ReadoutKind.Parity);
        var embedding = HurQcnn.CreateEmbedding(choice);
        int n = HurQcnn.NumQubits;

        // Amplitude encoding uses PennyLane's wire order, as the authors' code (see HurQcnn).
        int[] embeddingQubits = choice == EmbeddingChoice.Amplitude ? [.. Enumerable.Range(0, n).Reverse()] : [.. Enumerable.Range(0, n)];
        var embeddingCircuit = embedding.AppendInputs(new CircuitBuilder(n), embeddingQubits).Build();
        var trainable = new CircuitBuilder(n);
        var parameters = HurQcnn.AppendAnsatz(trainable, block, [.. Enumerable.Range(0, n)]);
        var trainableCircuit = trainable.Build();
        var readout = new Readout(readoutKind, [HurQcnn.ReadoutPosition]);
        string name = $"{HurQcnnName}/{BlockName(block).ToLowerInvariant()}/{embedding.Name}";

        if (r.ProcessorCapacity is int capacity)
        {
            // The Hur QCNN runs on one processor: all eight qubits must fit it.
            var logical = new Circuit(n, trainableCircuit.NumClbits, embeddingCircuit.Instructions.Concat(trainableCircuit.Instructions));
            try
            {
                _ = new DistributedCircuit(logical, new Architecture([new Processor("P", capacity)]), new int[n]);
            }
            catch (DistributionException e)
            {
                throw new ExperimentInputException($"{HurQcnnName} does not fit --processor-capacity {capacity}: {e.Message}");
            }
        }

        CircuitModel model;
        try
        {
            model = new CircuitModel(name, embeddingCircuit, trainableCircuit, readout, HurQcnn.FeatureCount(choice), null, parameters);
        }
        catch (ArgumentException e)
        {
            throw new ExperimentInputException($"{HurQcnnName}: {StripParameter(e)}");
        }

        int expected = HurQcnn.ParameterCount(block) + readout.ParameterCount;
        string formula = readout.ParameterCount == 0 ? "3c+6" : $"3c+6+{readout.ParameterCount}";
        return new BuiltModel(
            model,
            HurQcnnName,
            n,
            null,
            null,
            ConvolutionBlocks.Name(block),
            embedding.Name,
            readoutKind.ToString().ToLowerInvariant(),
            expected,
            formula,
            null);
    }

    /// <summary>A block as written on the command line: <c>TTN</c>, <c>U5</c>, ..., <c>SO4</c>, <c>SU4</c>.</summary>
    public static string BlockName(ConvolutionBlock block)
    {
        string name = ConvolutionBlocks.Name(block); // "U_TTN", "U_5", "U_SU4"
        return char.IsAsciiDigit(name[2]) ? "U" + name[2..] : name[2..];
    }

    private static EmbeddingChoice ParseEmbedding(string? text) => (text ?? "angle").Trim().ToLowerInvariant() switch
    {
        "angle" => EmbeddingChoice.Angle,
        "dense" or "dense-angle" => EmbeddingChoice.DenseAngle,
        "amplitude" => EmbeddingChoice.Amplitude,
        "zz" => EmbeddingChoice.ZZ,
        _ => throw new ExperimentInputException($"unknown embedding '{text}': use {string.Join(", ", Embeddings)}"),
    };

    private static ReadoutKind ParseReadout(string? text, ReadoutKind fallback) => text?.Trim().ToLowerInvariant() switch
    {
        null => fallback,
        "interpret" => ReadoutKind.Interpret,
        "parity" => ReadoutKind.Parity,
        _ => throw new ExperimentInputException($"unknown readout '{text}': use interpret or parity"),
    };

    private static void NotFor(string? value, string option, string model)
    {
        if (value is not null)
        {
            throw new ExperimentInputException($"{option} does not apply to --model {model}");
        }
    }

    private static T Wrap<T>(Func<T> parse, string option)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            throw new ExperimentInputException($"{option}: {StripParameter(e)}");
        }
    }

    private static string StripParameter(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
}
