namespace Dqml.Learning.Training;

/// <summary>Why a training run stopped.</summary>
public enum StopReason
{
    /// <summary>All planned steps were taken.</summary>
    Completed,

    /// <summary>The validation loss stopped improving (<see cref="TrainerOptions.EarlyStoppingPatience"/>).</summary>
    EarlyStopping,

    /// <summary>The cancellation token was signalled; the run can be resumed from its checkpoint.</summary>
    Cancelled,
}

/// <summary>One row of the training history: the metrics of one optimizer step.</summary>
/// <param name="Step">Step number, 1-based.</param>
/// <param name="Epoch">
/// Pass over the training set this step belongs to, 1-based (in iterations mode: 1 + floor(rows drawn
/// before this step / training rows)).
/// </param>
/// <param name="LearningRate">Learning rate of this step (for SPSA the step gain a_k).</param>
/// <param name="BatchLoss">Mean loss over the step's mini-batch, at the parameters before the update.</param>
/// <param name="BatchAccuracy">Accuracy on the step's mini-batch, at the parameters before the update.</param>
/// <param name="ValidationLoss">Mean validation loss after the update; NaN when not validated at this step.</param>
/// <param name="ValidationAccuracy">Validation accuracy after the update; NaN when not validated at this step.</param>
/// <param name="ElapsedSeconds">Seconds since the run started (over all resumed sessions) when the step ended.</param>
public sealed record TrainingHistoryEntry(
    int Step,
    int Epoch,
    double LearningRate,
    double BatchLoss,
    double BatchAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double ElapsedSeconds);

/// <summary>Progress reported after every step.</summary>
/// <param name="Step">Steps done, 1-based.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="BatchLoss">Loss on this step's mini-batch.</param>
/// <param name="ValidationAccuracy">Validation accuracy at this step; NaN when not validated.</param>
/// <param name="ElapsedSeconds">Seconds since the run started (over all resumed sessions).</param>
public sealed record TrainingProgress(int Step, int TotalSteps, double BatchLoss, double ValidationAccuracy, double ElapsedSeconds);

/// <summary>The outcome of <see cref="Trainer.Train"/>.</summary>
public sealed record TrainingResult
{
    /// <summary>The model's <c>Name</c>.</summary>
    public required string ModelName { get; init; }

    /// <summary>Parameters after the last step taken.</summary>
    public required double[] Parameters { get; init; }

    /// <summary>Parameters with the lowest validation loss, when early stopping is on (else null).</summary>
    public double[]? BestParameters { get; init; }

    /// <summary>Step of <see cref="BestParameters"/> (0: the initial parameters), when early stopping is on.</summary>
    public int? BestStep { get; init; }

    /// <summary>Validation loss of <see cref="BestParameters"/>; NaN when early stopping is off.</summary>
    public double BestValidationLoss { get; init; } = double.NaN;

    /// <summary>The parameters to keep: <see cref="BestParameters"/> when early stopping is on, else <see cref="Parameters"/>.</summary>
    public double[] SelectedParameters => BestParameters ?? Parameters;

    /// <summary>One row per step taken, in order (including the steps of an earlier, resumed session).</summary>
    public required IReadOnlyList<TrainingHistoryEntry> History { get; init; }

    /// <summary>Steps taken (over all sessions).</summary>
    public int Steps => History.Count;

    /// <summary>Steps planned.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>Mean loss over the whole training set at <see cref="SelectedParameters"/>; NaN when cancelled.</summary>
    public double FinalTrainLoss { get; init; } = double.NaN;

    /// <summary>Accuracy over the whole training set at <see cref="SelectedParameters"/>; NaN when cancelled.</summary>
    public double FinalTrainAccuracy { get; init; } = double.NaN;

    /// <summary>Mean validation loss at <see cref="SelectedParameters"/>; NaN without a validation set or when cancelled.</summary>
    public double FinalValidationLoss { get; init; } = double.NaN;

    /// <summary>Validation accuracy at <see cref="SelectedParameters"/>; NaN without a validation set or when cancelled.</summary>
    public double FinalValidationAccuracy { get; init; } = double.NaN;

    /// <summary>Seconds of training over all sessions, including the final evaluation.</summary>
    public required double TotalSeconds { get; init; }

    /// <summary>Whether the run continued from a checkpoint.</summary>
    public bool Resumed => ResumedFromStep is not null;

    /// <summary>The checkpoint's step the run continued from; null for a fresh run.</summary>
    public int? ResumedFromStep { get; init; }

    /// <summary>Why the run stopped.</summary>
    public required StopReason StopReason { get; init; }
}
