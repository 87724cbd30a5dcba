namespace Dqml.Learning.Optimizers;

/// <summary>A learning rate as a function of the step index (0-based).</summary>
public interface ILearningRateSchedule
{
    /// <summary>The rate for step <paramref name="step"/> (0 for the first step).</summary>
    double LearningRate(int step);
}

/// <summary>A constant rate.</summary>
public sealed record ConstantLearningRate : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public ConstantLearningRate(double rate)
    {
        OptimizerChecks.Positive(rate, nameof(rate));
        Rate = rate;
    }

    /// <summary>The rate.</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public double LearningRate(int step) => Rate;
}

/// <summary>Step decay: rate = initial * factor^floor(step / every).</summary>
public sealed record StepDecayLearningRate : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initial">Rate of the first <paramref name="every"/> steps.</param>
    /// <param name="factor">Multiplier applied every <paramref name="every"/> steps, in (0, 1].</param>
    /// <param name="every">Steps per stage.</param>
    public StepDecayLearningRate(double initial, double factor, int every)
    {
        OptimizerChecks.Positive(initial, nameof(initial));
        if (!(factor > 0 && factor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "the decay factor must lie in (0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(every);
        Initial = initial;
        Factor = factor;
        Every = every;
    }

    /// <summary>Initial rate.</summary>
    public double Initial { get; }

    /// <summary>Decay factor per stage.</summary>
    public double Factor { get; }

    /// <summary>Steps per stage.</summary>
    public int Every { get; }

    /// <inheritdoc />
    public double LearningRate(int step) => Initial * Math.Pow(Factor, Math.Max(0, step) / Every);
}

/// <summary>
/// Cosine annealing: rate = minimum + (initial - minimum) (1 + cos(pi min(step, total) / total)) / 2, so it
/// falls from <see cref="Initial"/> to <see cref="Minimum"/> over <see cref="TotalSteps"/> and stays there.
/// </summary>
public sealed record CosineLearningRate : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public CosineLearningRate(double initial, int totalSteps, double minimum = 0)
    {
        OptimizerChecks.Positive(initial, nameof(initial));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (!(minimum >= 0 && minimum <= initial))
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "the minimum rate must lie in [0, initial]");
        }

        Initial = initial;
        TotalSteps = totalSteps;
        Minimum = minimum;
    }

    /// <summary>Initial rate.</summary>
    public double Initial { get; }

    /// <summary>Steps to reach the minimum.</summary>
    public int TotalSteps { get; }

    /// <summary>Final rate.</summary>
    public double Minimum { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        double t = Math.Clamp(step, 0, TotalSteps) / (double)TotalSteps;
        return Minimum + ((Initial - Minimum) * (1 + Math.Cos(Math.PI * t)) / 2);
    }
}
