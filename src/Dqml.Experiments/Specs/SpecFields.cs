using System.Globalization;
using Dqml.Experiments.Training;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;
using Dqml.Learning.Training;

namespace Dqml.Experiments.Specs;

/// <summary>The JSON type of a spec field.</summary>
public enum SpecFieldType
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON number without fraction or exponent.</summary>
    Integer,

    /// <summary>Any JSON number.</summary>
    Number,

    /// <summary>An array of integers.</summary>
    IntegerList,

    /// <summary>An array of distinct strings; <see cref="SpecField"/>'s check applies to each item.</summary>
    StringList,
}

/// <summary>One settable field of a spec section (<c>model</c>, <c>data</c>, <c>training</c>, <c>capacity</c>).</summary>
/// <param name="Section">The section.</param>
/// <param name="Name">The field's name in JSON (camelCase).</param>
/// <param name="Type">Its JSON type.</param>
/// <param name="Description">One line for the docs and the schema.</param>
public sealed record SpecField(string Section, string Name, SpecFieldType Type, string Description)
{
    /// <summary><c>section.name</c>: the key of the field in <see cref="ExperimentSpec.Settings"/>.</summary>
    public string Key => $"{Section}.{Name}";

    /// <summary>Checks the value's range or vocabulary (each item of a <see cref="SpecFieldType.StringList"/>); returns the problem or null.</summary>
    internal Func<object, string?>? Check { get; init; }

    /// <summary>False for fields a sweep axis may not name (the baseline fields: the quantum runs do not read them).</summary>
    public bool Sweepable { get; init; } = true;
}

/// <summary>The catalogue of spec fields: what the parser accepts and what a sweep axis may name.</summary>
public static class SpecFields
{
    /// <summary>The <c>model</c> section.</summary>
    public const string Model = "model";

    /// <summary>The <c>data</c> section.</summary>
    public const string Data = "data";

    /// <summary>The <c>training</c> section.</summary>
    public const string Training = "training";

    /// <summary>The <c>capacity</c> section.</summary>
    public const string Capacity = "capacity";

    /// <summary>The <c>chsh</c> section.</summary>
    public const string Chsh = "chsh";

    /// <summary>The <c>entanglement</c> section.</summary>
    public const string Entanglement = "entanglement";

    /// <summary>The kinds of shared pair a <c>pair</c> field names.</summary>
    public static IReadOnlyList<string> PairKinds { get; } = ["werner", "pure", "product"];

    /// <summary>The classical baselines <c>training.baselines</c> names: logistic regression and a one-hidden-layer MLP.</summary>
    public static IReadOnlyList<string> BaselineNames { get; } = ["logistic", "mlp"];

    /// <summary>Every section, in catalogue order.</summary>
    public static IReadOnlyList<string> Sections { get; } = [Model, Data, Training, Capacity, Chsh, Entanglement];

    /// <summary>Every field.</summary>
    public static IReadOnlyList<SpecField> All { get; } =
    [
        new(Model, "model", SpecFieldType.String, "hwang-qcnn or hur-qcnn") { Check = v => OneOf(v, ModelFactory.Models) },
        new(Model, "scheme", SpecFieldType.String, "hwang-qcnn scheme: single, nc, cc, qc, bell:K or knit") { Check = Scheme },
        new(Model, "depth", SpecFieldType.Integer, "hwang-qcnn convolution sub-layers L") { Check = v => AtLeast(v, 1) },
        new(Model, "bellPairs", SpecFieldType.Integer, "hwang-qcnn scheme bell: number of pre-shared pairs K (0..4; 0 is scheme nc)") { Check = v => Between(v, 0, 4) },
        new(Model, "visibility", SpecFieldType.Number, "hwang-qcnn bell:K: Werner visibility of the pairs, in [0, 1]") { Check = v => Within(v, 0, 1) },
        new(Model, "pairAngle", SpecFieldType.Number, "hwang-qcnn bell:K: pairs cos t|00> + sin t|11>") { Check = Finite },
        new(Model, "block", SpecFieldType.String, "hur-qcnn convolution block (SU4, SO4, TTN, U5, ...)"),
        new(Model, "embedding", SpecFieldType.String, "hur-qcnn embedding: angle, dense, amplitude or zz") { Check = v => OneOf(v, ModelFactory.Embeddings) },
        new(Model, "readout", SpecFieldType.String, "interpret or parity") { Check = v => OneOf(v, ["interpret", "parity"]) },
        new(Model, "processorCapacity", SpecFieldType.Integer, "qubits per processor; the model must fit") { Check = v => AtLeast(v, 1) },
        new(Model, "singleEmbedding", SpecFieldType.String, "hwang-qcnn scheme single: how 8 features enter 4 qubits, zz-reupload (default) or dense-angle") { Check = v => OneOf(v, ModelFactory.SingleEmbeddings) },
        new(Model, "qcBlock", SpecFieldType.String, "hwang-qcnn schemes qc and knit: the cross block, controlled-rotations (default: CRX, CRX, CRZ, CRZ) or coherent-cc (CRX both ways, then RZ on each)") { Check = v => OneOf(v, ModelFactory.QcBlocks) },
        new(Model, "ccBlock", SpecFieldType.String, "hwang-qcnn scheme cc: the cross block, one-way (default: one bit per sub-layer, measure 3, RX then RY on 4), alternating (one bit per sub-layer, 3 to 4 in even and 4 to 3 in odd sub-layers) or both-ways (measure 3, RX on 4, measure 4, RX on 3)") { Check = v => OneOf(v, ModelFactory.CcBlocks) },
        new(Model, "t1", SpecFieldType.Number, "hwang-qcnn: relaxation time T1 in seconds; turns on latency as idle T1/T2 noise inside the model") { Check = Positive },
        new(Model, "t2", SpecFieldType.Number, "with t1: coherence time T2 in seconds (at most 2 t1; default t1)") { Check = Positive },
        new(Model, "controller", SpecFieldType.String, "with t1: controller latency of a conditional operation, CHANNELS-LAYOUT-OPERATION (e.g. 1-distributed-conditional-pulse, 50-aggregated-control-flow)") { Check = Controller },
        new(Model, "fibreKm", SpecFieldType.Number, "with t1: fibre between the processors in km (5 us per km one way)") { Check = v => (double)v >= 0 && double.IsFinite((double)v) ? null : "must be a non-negative number of km" },
        new(Model, "gateTimes", SpecFieldType.String, "with t1: superconducting (50 ns, 300 ns, 1 us measurement) or zero") { Check = v => OneOf(v, HwangTiming.GateTimeNames) },
        new(Model, "remoteGates", SpecFieldType.String, "with t1: how QC's cross gates are realised and timed: direct, telegate (default) or teledata") { Check = v => OneOf(v, HwangTiming.RemoteGateNames) },
        new(Data, "dataset", SpecFieldType.String, "hwang2025, a CSV file or an IDX images file (paths relative to the spec file)"),
        new(Data, "labels", SpecFieldType.String, "the IDX labels file"),
        new(Data, "classes", SpecFieldType.IntegerList, "the two classes to keep") { Check = v => ((long[])v).Length == 2 ? null : "give exactly two classes" },
        new(Data, "pca", SpecFieldType.Integer, "principal components kept (files only)") { Check = v => AtLeast(v, 1) },
        new(Data, "dataSeed", SpecFieldType.Integer, "seed of the generated data set and of the validation split") { Check = v => AtLeast(v, 0) },
        new(Training, "iterations", SpecFieldType.Integer, "optimizer steps") { Check = v => AtLeast(v, 1) },
        new(Training, "epochs", SpecFieldType.Integer, "passes over the training set instead of iterations") { Check = v => AtLeast(v, 1) },
        new(Training, "batch", SpecFieldType.Integer, "rows per step") { Check = v => AtLeast(v, 1) },
        new(Training, "lr", SpecFieldType.Number, "learning rate") { Check = v => (double)v > 0 && double.IsFinite((double)v) ? null : "must be positive and finite" },
        new(Training, "optimizer", SpecFieldType.String, "adam, sgd, nesterov or spsa") { Check = v => OneOf(v, TrainerOptions.OptimizerNames) },
        new(Training, "schedule", SpecFieldType.String, "constant, step or cosine") { Check = v => OneOf(v, TrainerOptions.ScheduleNames) },
        new(Training, "loss", SpecFieldType.String, "mse, cross-entropy or hinge") { Check = LossName },
        new(Training, "seed", SpecFieldType.Integer, "seed of the initial parameters and the mini-batches") { Check = v => AtLeast(v, 0) },
        new(Training, "validateEvery", SpecFieldType.Integer, "steps between validations") { Check = v => AtLeast(v, 1) },
        new(Training, "patience", SpecFieldType.Integer, "early stopping: validations without improvement") { Check = v => AtLeast(v, 1) },
        new(Training, "baselines", SpecFieldType.StringList, "classical baselines trained on the same data and split: logistic, mlp; one run per baseline and seed (not per scheme or depth)") { Check = v => OneOf(v, BaselineNames), Sweepable = false },
        new(Training, "shots", SpecFieldType.IntegerList, "knit runs: after training, validation accuracy re-estimated by quasi-probability sampling with each of these shot budgets per input (other schemes ignore it)") { Check = v => ((long[])v).Length > 0 && ((long[])v).All(x => x >= 1) && ((long[])v).Distinct().Count() == ((long[])v).Length ? null : "give distinct shot budgets of at least 1", Sweepable = false },
        new(Training, "shotRows", SpecFieldType.Integer, "with shots: validation rows evaluated at each budget (default 64; each row is knitted and sampled)") { Check = v => AtLeast(v, 1), Sweepable = false },
        new(Training, "mlpHidden", SpecFieldType.Integer, "hidden units of the mlp baseline (default: the most whose parameter count does not exceed the largest quantum model's)") { Check = v => AtLeast(v, 1), Sweepable = false },
        new(Capacity, "samples", SpecFieldType.Integer, "parameter samples theta") { Check = v => AtLeast(v, 1) },
        new(Capacity, "inputs", SpecFieldType.Integer, "Haar-random inputs each Fisher matrix averages over") { Check = v => AtLeast(v, 1) },
        new(Capacity, "input", SpecFieldType.String, "states (Haar-random states replace the pairs and embedding, default) or data (Appendix-B rows through the model's pairs and embedding)") { Check = v => OneOf(v, ["states", "data"]) },
        new(Capacity, "gamma", SpecFieldType.Number, "gamma of the effective dimension, in (0, 1]") { Check = v => (double)v > 0 && (double)v <= 1 ? null : "must lie in (0, 1]" },
        new(Capacity, "seed", SpecFieldType.Integer, "seed of the parameter samples and inputs") { Check = v => AtLeast(v, 0) },
        .. PairFields(Chsh),
        new(Chsh, "iterations", SpecFieldType.Integer, "Adam steps of the classifier (cosine schedule)") { Check = v => AtLeast(v, 1) },
        new(Chsh, "lr", SpecFieldType.Number, "initial learning rate of the classifier") { Check = Positive },
        new(Chsh, "samples", SpecFieldType.Integer, "0: train on the four questions; else on this many sampled rows") { Check = v => AtLeast(v, 0) },
        new(Chsh, "batch", SpecFieldType.Integer, "rows per step when samples > 0") { Check = v => AtLeast(v, 1) },
        new(Chsh, "seed", SpecFieldType.Integer, "seed of the initial parameters (and samples)") { Check = v => AtLeast(v, 0) },
        .. PairFields(Entanglement),
        new(Entanglement, "pairs", SpecFieldType.Integer, "number of shared pairs K (1..4; Werner pairs cost 4^K)") { Check = v => Between(v, 1, 4) },
        new(Entanglement, "depth", SpecFieldType.Integer, "convolution sub-layers L of the Bell-source QCNN") { Check = v => AtLeast(v, 1) },
        new(Entanglement, "iterations", SpecFieldType.Integer, "Adam steps") { Check = v => AtLeast(v, 1) },
        new(Entanglement, "batch", SpecFieldType.Integer, "rows per step") { Check = v => AtLeast(v, 1) },
        new(Entanglement, "lr", SpecFieldType.Number, "learning rate") { Check = Positive },
        new(Entanglement, "seed", SpecFieldType.Integer, "seed of the initial parameters and mini-batches") { Check = v => AtLeast(v, 0) },
        new(Entanglement, "dataSeed", SpecFieldType.Integer, "seed of the generated hwang2025 data set") { Check = v => AtLeast(v, 0) },
        new(Entanglement, "trainRows", SpecFieldType.Integer, "use the first this many training rows (default all 1536)") { Check = v => AtLeast(v, 1) },
        new(Entanglement, "validationRows", SpecFieldType.Integer, "use the first this many validation rows (default all 512)") { Check = v => AtLeast(v, 1) },
        new(Entanglement, "readout", SpecFieldType.String, "interpret or parity") { Check = v => OneOf(v, ["interpret", "parity"]) },
    ];

    /// <summary>The sections an experiment of <paramref name="kind"/> reads.</summary>
    public static IReadOnlyList<string> SectionsFor(ExperimentKind kind) => kind switch
    {
        ExperimentKind.Train => [Model, Data, Training],
        ExperimentKind.Capacity => [Model, Capacity],
        ExperimentKind.Chsh => [Chsh],
        ExperimentKind.Entanglement => [Entanglement],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The field <paramref name="name"/> of <paramref name="section"/>, or null.</summary>
    public static SpecField? Find(string section, string name) => All.FirstOrDefault(f => f.Section == section && f.Name == name);

    /// <summary>
    /// The field a sweep axis names: <c>section.field</c>, or a bare field name looked up in the sections
    /// <paramref name="kind"/> reads (<c>seed</c> is <c>training.seed</c> for train, <c>capacity.seed</c> for capacity).
    /// </summary>
    public static SpecField? ForAxis(string axis, ExperimentKind kind)
    {
        ArgumentNullException.ThrowIfNull(axis);
        var sections = SectionsFor(kind);
        int dot = axis.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            string section = axis[..dot];
            return sections.Contains(section) ? Find(section, axis[(dot + 1)..]) : null;
        }

        return All.FirstOrDefault(f => f.Name == axis && sections.Contains(f.Section));
    }

    private static SpecField[] PairFields(string section) =>
    [
        new(section, "pair", SpecFieldType.String, "the shared pair: werner (default), pure or product") { Check = v => OneOf(v, PairKinds) },
        new(section, "visibility", SpecFieldType.Number, "werner: visibility V in [0, 1] (default 1, a Bell pair)") { Check = v => Within(v, 0, 1) },
        new(section, "pairAngle", SpecFieldType.Number, "pure: the pair cos t|00> + sin t|11>") { Check = Finite },
        new(section, "concurrence", SpecFieldType.Number, "werner or pure: the pair with this concurrence C in [0, 1] (werner: V = (2C+1)/3)") { Check = v => Within(v, 0, 1) },
    ];

    private static string? Controller(object value)
    {
        try
        {
            _ = Distributed.ControllerLatency.Get((string)value);
            return null;
        }
        catch (Distributed.DistributionException e)
        {
            return e.Message;
        }
    }

    private static string? Positive(object value) => (double)value > 0 && double.IsFinite((double)value) ? null : "must be positive and finite";

    private static string? OneOf(object value, IReadOnlyList<string> allowed) =>
        allowed.Contains(((string)value).Trim().ToLowerInvariant()) ? null : $"unknown value '{value}': use {string.Join(", ", allowed)}";

    private static string? Scheme(object value)
    {
        try
        {
            _ = HwangQcnn.ParseScheme((string)value);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    private static string? LossName(object value)
    {
        try
        {
            _ = Loss.Parse((string)value);
            return null;
        }
        catch (ArgumentException)
        {
            return $"unknown loss '{value}': use mse, cross-entropy or hinge";
        }
    }

    private static string? AtLeast(object value, long min) =>
        (long)value >= min ? null : string.Create(CultureInfo.InvariantCulture, $"must be at least {min}, got {value}");

    private static string? Between(object value, long min, long max) =>
        (long)value >= min && (long)value <= max ? null : string.Create(CultureInfo.InvariantCulture, $"must lie in {min}..{max}, got {value}");

    private static string? Within(object value, double min, double max) =>
        (double)value >= min && (double)value <= max ? null : string.Create(CultureInfo.InvariantCulture, $"must lie in [{min}, {max}], got {value}");

    private static string? Finite(object value) => double.IsFinite((double)value) ? null : "must be finite";
}
