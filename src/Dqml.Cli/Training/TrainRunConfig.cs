using Dqml.Experiments.Training;

namespace Dqml.Cli.Training;

/// <summary>
/// Every resolved option of one <c>dqml train</c> run: the content of the run folder's <c>config.json</c>
/// (written with System.Text.Json, camelCase).
/// </summary>
public sealed record TrainRunConfig
{
    /// <summary>The command that wrote the folder.</summary>
    public string Command { get; init; } = "dqml train";

    /// <summary>The <c>dqml</c> version.</summary>
    public required string DqmlVersion { get; init; }

    /// <summary><c>hwang-qcnn</c> or <c>hur-qcnn</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The model's full name, e.g. <c>hwang-qcnn/cc/L3</c>.</summary>
    public required string ModelName { get; init; }

    /// <summary>Hwang: the communication scheme.</summary>
    public string? Scheme { get; init; }

    /// <summary>Hwang: the depth L.</summary>
    public int? Depth { get; init; }

    /// <summary>Hur: the convolution block.</summary>
    public string? Block { get; init; }

    /// <summary>Hwang scheme cc: the cross block (<c>one-way</c>, <c>alternating</c>, <c>both-ways</c>).</summary>
    public string? CcBlock { get; init; }

    /// <summary>Hwang schemes qc and knit: the cross block (<c>controlled-rotations</c>, <c>coherent-cc</c>).</summary>
    public string? QcBlock { get; init; }

    /// <summary>Hwang scheme single: how 8 features enter 4 qubits (<c>zz-reupload</c>, <c>dense-angle</c>).</summary>
    public string? SingleEmbedding { get; init; }

    /// <summary>The data embedding.</summary>
    public required string Embedding { get; init; }

    /// <summary><c>interpret</c> or <c>parity</c>.</summary>
    public required string Readout { get; init; }

    /// <summary>Hwang <c>bell:K</c>: Werner visibility of the pairs, when given.</summary>
    public double? Visibility { get; init; }

    /// <summary>Hwang <c>bell:K</c>: angle of partially entangled pairs, when given.</summary>
    public double? PairAngle { get; init; }

    /// <summary>Qubits per processor the model was checked against, when given.</summary>
    public int? ProcessorCapacity { get; init; }

    /// <summary>Qubits of the model.</summary>
    public required int NumQubits { get; init; }

    /// <summary>Trainable parameters of the model.</summary>
    public required int ParameterCount { get; init; }

    /// <summary>The paper's parameter count for this configuration.</summary>
    public required int ExpectedParameterCount { get; init; }

    /// <summary>The paper's formula for it.</summary>
    public required string ParameterFormula { get; init; }

    /// <summary>How the data were made.</summary>
    public required DataDescription Data { get; init; }

    /// <summary>Optimizer steps (iterations mode), or null.</summary>
    public int? Iterations { get; init; }

    /// <summary>Passes over the training set (epochs mode), or null.</summary>
    public int? Epochs { get; init; }

    /// <summary>Optimizer steps planned.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>Rows per step as asked (the trainer uses the whole set when it is smaller).</summary>
    public required int BatchSize { get; init; }

    /// <summary>Initial learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>adam, sgd, nesterov or spsa.</summary>
    public required string Optimizer { get; init; }

    /// <summary>constant, step or cosine.</summary>
    public required string Schedule { get; init; }

    /// <summary>mse, cross-entropy or hinge.</summary>
    public required string Loss { get; init; }

    /// <summary>Seed of the initial parameters, the batches and SPSA.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Threads used (results do not depend on it).</summary>
    public required int Threads { get; init; }

    /// <summary>Steps between validations.</summary>
    public required int ValidateEvery { get; init; }

    /// <summary>Early-stopping patience in validations, or null.</summary>
    public int? Patience { get; init; }

    /// <summary>Steps between checkpoints.</summary>
    public required int CheckpointEvery { get; init; }

    /// <summary>The run folder.</summary>
    public required string RunFolder { get; init; }
}
