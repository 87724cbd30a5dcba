using Dqml.Learning.Models;
using Dqml.Learning.Optimizers;

namespace Dqml.Learning.Training;

/// <summary>
/// Settings of one <see cref="Trainer.Train"/> run. Set exactly one of <see cref="Iterations"/> and
/// <see cref="Epochs"/>; everything else has a default. <see cref="Validate"/> checks the values (the trainer
/// calls it) and names the offending option in its <see cref="ArgumentException"/>.
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Optimizer names accepted by <see cref="Optimizer"/>.</summary>
    public static IReadOnlyList<string> OptimizerNames { get; } = ["adam", "sgd", "nesterov", "spsa"];

    /// <summary>Schedule names accepted by <see cref="Schedule"/>.</summary>
    public static IReadOnlyList<string> ScheduleNames { get; } = ["constant", "step", "cosine"];

    /// <summary>Momentum of the <c>nesterov</c> optimizer.</summary>
    public const double NesterovMomentum = 0.9;

    /// <summary>Number of stages of the <c>step</c> schedule when <see cref="DecayEvery"/> is not set.</summary>
    public const int DefaultDecayStages = 4;

    /// <summary>
    /// Number of optimizer steps, each on a mini-batch of <see cref="BatchSize"/> rows drawn without
    /// replacement. Exactly one of this and <see cref="Epochs"/> is set.
    /// </summary>
    public int? Iterations { get; init; }

    /// <summary>
    /// Number of shuffled passes over the training set, each split into ceil(rows / <see cref="BatchSize"/>)
    /// steps (the last batch of a pass may be smaller). Exactly one of this and <see cref="Iterations"/> is set.
    /// </summary>
    public int? Epochs { get; init; }

    /// <summary>Rows per step (at least 1); a batch at least as large as the training set means the whole set.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Initial learning rate (positive). For <c>spsa</c> it is the step-gain numerator a of
    /// a_k = a / (k + 1 + A)^0.602.
    /// </summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>
    /// <c>adam</c> (default), <c>sgd</c> (plain gradient descent), <c>nesterov</c> (SGD with Nesterov momentum
    /// <see cref="NesterovMomentum"/>) or <c>spsa</c> (gradient-free, uses the model's loss only).
    /// </summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>
    /// Learning-rate schedule from <see cref="LearningRate"/>: <c>constant</c> (default), <c>step</c> (times
    /// <see cref="DecayFactor"/> every <see cref="DecayEvery"/> steps) or <c>cosine</c> (down to
    /// <see cref="MinimumLearningRate"/> at the last step). SPSA has its own gain sequence and takes
    /// <c>constant</c> only.
    /// </summary>
    public string Schedule { get; init; } = "constant";

    /// <summary>Multiplier per stage of the <c>step</c> schedule, in (0, 1].</summary>
    public double DecayFactor { get; init; } = 0.5;

    /// <summary>Steps per stage of the <c>step</c> schedule; unset means total steps / <see cref="DefaultDecayStages"/> (at least 1).</summary>
    public int? DecayEvery { get; init; }

    /// <summary>Final rate of the <c>cosine</c> schedule, in [0, <see cref="LearningRate"/>].</summary>
    public double MinimumLearningRate { get; init; }

    /// <summary>Perturbation numerator c of SPSA, c_k = c / (k + 1)^0.101 (positive).</summary>
    public double SpsaPerturbation { get; init; } = 0.1;

    /// <summary>Stability constant A of the SPSA step gain (non-negative; about 10% of the steps is typical).</summary>
    public double SpsaStabilityConstant { get; init; }

    /// <summary>The loss minimised (default mean squared error).</summary>
    public Loss Loss { get; init; } = Loss.Mse;

    /// <summary>
    /// Seed of everything random in a run: the initial parameters (<c>model.InitialParameters(Seed)</c>),
    /// the mini-batches and the SPSA perturbations.
    /// </summary>
    public ulong Seed { get; init; }

    /// <summary>Threads the model may use (at least 1). Results do not depend on it.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Evaluate the validation set every this many steps (at least 1), and always after the last step.</summary>
    public int ValidateEvery { get; init; } = 1;

    /// <summary>
    /// Stop when the validation loss has not improved by more than <see cref="MinDelta"/> for this many
    /// validations in a row, and keep the best parameters; null (default) turns early stopping off. Needs a
    /// validation set.
    /// </summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Smallest decrease of the validation loss that counts as an improvement (non-negative).</summary>
    public double MinDelta { get; init; }

    /// <summary>
    /// Write <c>checkpoint.json</c> to <see cref="OutputDirectory"/> every this many steps (at least 1); it is
    /// always written at the end and on cancellation when an output directory is set. Null: only then.
    /// </summary>
    public int? CheckpointEvery { get; init; }

    /// <summary>
    /// Directory of <c>checkpoint.json</c>; a run resumes from the checkpoint found there. Null: no
    /// checkpoints.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Throws unless every option is valid.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the parameter name is the option's name.</exception>
    public void Validate()
    {
        if (Iterations is null == Epochs is null)
        {
            string option = Iterations is null ? nameof(Iterations) : nameof(Epochs);
            throw Bad(option, "and its alternative: set exactly one of Iterations and Epochs" + (Iterations is null ? " (neither is set)." : " (both are set)."));
        }

        if (Iterations is < 1)
        {
            throw Bad(nameof(Iterations), $"must be at least 1 (got {Iterations}).");
        }

        if (Epochs is < 1)
        {
            throw Bad(nameof(Epochs), $"must be at least 1 (got {Epochs}).");
        }

        if (BatchSize < 1)
        {
            throw Bad(nameof(BatchSize), $"must be at least 1 (got {BatchSize}).");
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw Bad(nameof(LearningRate), $"must be positive and finite (got {LearningRate:R}).");
        }

        if (Optimizer is null || !OptimizerNames.Contains(Optimizer))
        {
            throw Bad(nameof(Optimizer), $"'{Optimizer}' is not known: use {string.Join(", ", OptimizerNames)}.");
        }

        if (Schedule is null || !ScheduleNames.Contains(Schedule))
        {
            throw Bad(nameof(Schedule), $"'{Schedule}' is not known: use {string.Join(", ", ScheduleNames)}.");
        }

        if (Optimizer == "spsa" && Schedule != "constant")
        {
            throw Bad(nameof(Schedule), $"'{Schedule}' does not apply to spsa, which has its own gain sequence: use constant.");
        }

        if (!(DecayFactor > 0 && DecayFactor <= 1))
        {
            throw Bad(nameof(DecayFactor), $"must lie in (0, 1] (got {DecayFactor:R}).");
        }

        if (DecayEvery is < 1)
        {
            throw Bad(nameof(DecayEvery), $"must be at least 1 (got {DecayEvery}).");
        }

        if (!(MinimumLearningRate >= 0 && MinimumLearningRate <= LearningRate))
        {
            throw Bad(nameof(MinimumLearningRate), $"must lie in [0, LearningRate = {LearningRate:R}] (got {MinimumLearningRate:R}).");
        }

        if (!(SpsaPerturbation > 0) || double.IsInfinity(SpsaPerturbation))
        {
            throw Bad(nameof(SpsaPerturbation), $"must be positive and finite (got {SpsaPerturbation:R}).");
        }

        if (!(SpsaStabilityConstant >= 0) || double.IsInfinity(SpsaStabilityConstant))
        {
            throw Bad(nameof(SpsaStabilityConstant), $"must be finite and non-negative (got {SpsaStabilityConstant:R}).");
        }

        if (Loss is null)
        {
            throw Bad(nameof(Loss), "must be set.");
        }

        if (Threads < 1)
        {
            throw Bad(nameof(Threads), $"must be at least 1 (got {Threads}).");
        }

        if (ValidateEvery < 1)
        {
            throw Bad(nameof(ValidateEvery), $"must be at least 1 (got {ValidateEvery}).");
        }

        if (EarlyStoppingPatience is < 1)
        {
            throw Bad(nameof(EarlyStoppingPatience), $"must be at least 1 or unset (got {EarlyStoppingPatience}).");
        }

        if (!(MinDelta >= 0) || double.IsInfinity(MinDelta))
        {
            throw Bad(nameof(MinDelta), $"must be finite and non-negative (got {MinDelta:R}).");
        }

        if (CheckpointEvery is < 1)
        {
            throw Bad(nameof(CheckpointEvery), $"must be at least 1 or unset (got {CheckpointEvery}).");
        }

        if (CheckpointEvery is not null && OutputDirectory is null)
        {
            throw Bad(nameof(CheckpointEvery), "needs an OutputDirectory to write checkpoints to.");
        }

        if (OutputDirectory is not null && string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw Bad(nameof(OutputDirectory), "must not be empty (leave it unset for no checkpoints).");
        }
    }

    /// <summary>The learning-rate schedule for a run of <paramref name="totalSteps"/> steps (gradient optimizers).</summary>
    internal ILearningRateSchedule CreateSchedule(int totalSteps) => Schedule switch
    {
        "step" => new StepDecayLearningRate(LearningRate, DecayFactor, DecayEvery ?? Math.Max(1, totalSteps / DefaultDecayStages)),
        "cosine" => new CosineLearningRate(LearningRate, totalSteps, MinimumLearningRate),
        _ => new ConstantLearningRate(LearningRate),
    };

    /// <summary>
    /// The options that determine a run's numbers, as ordered key/value text (doubles in round-trip
    /// format). <see cref="Threads"/>, <see cref="CheckpointEvery"/> and <see cref="OutputDirectory"/> are left
    /// out: they do not change the result.
    /// </summary>
    internal IEnumerable<KeyValuePair<string, string>> Fingerprint()
    {
        yield return new(nameof(Iterations), Iterations?.ToString() ?? "-");
        yield return new(nameof(Epochs), Epochs?.ToString() ?? "-");
        yield return new(nameof(BatchSize), BatchSize.ToString());
        yield return new(nameof(LearningRate), LearningRate.ToString("R"));
        yield return new(nameof(Optimizer), Optimizer);
        yield return new(nameof(Schedule), Schedule);
        yield return new(nameof(DecayFactor), DecayFactor.ToString("R"));
        yield return new(nameof(DecayEvery), DecayEvery?.ToString() ?? "-");
        yield return new(nameof(MinimumLearningRate), MinimumLearningRate.ToString("R"));
        yield return new(nameof(SpsaPerturbation), SpsaPerturbation.ToString("R"));
        yield return new(nameof(SpsaStabilityConstant), SpsaStabilityConstant.ToString("R"));
        yield return new(nameof(Loss), Loss.Name);
        yield return new(nameof(Seed), Seed.ToString());
        yield return new(nameof(ValidateEvery), ValidateEvery.ToString());
        yield return new(nameof(EarlyStoppingPatience), EarlyStoppingPatience?.ToString() ?? "-");
        yield return new(nameof(MinDelta), MinDelta.ToString("R"));
    }

    private static ArgumentException Bad(string option, string message) => new($"TrainerOptions.{option} {message}", option);
}
