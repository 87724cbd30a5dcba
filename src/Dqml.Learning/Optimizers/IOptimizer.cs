namespace Dqml.Learning.Optimizers;

/// <summary>A first-order optimizer: updates parameters in place from a gradient (minimisation).</summary>
public interface IOptimizer
{
    /// <summary>Short name ("adam", "sgd").</summary>
    string Name { get; }

    /// <summary>Number of steps taken since construction or <see cref="Reset"/>.</summary>
    int Iteration { get; }

    /// <summary>One update: <paramref name="parameters"/> moves against <paramref name="gradient"/> (same length).</summary>
    void Step(double[] parameters, double[] gradient);

    /// <summary>Forgets the state (moments, velocity, iteration count).</summary>
    void Reset();
}

/// <summary>A gradient-free optimizer that evaluates the cost itself (e.g. SPSA).</summary>
public interface ICostOptimizer
{
    /// <summary>Short name ("spsa").</summary>
    string Name { get; }

    /// <summary>Number of steps taken since construction or <see cref="Reset"/>.</summary>
    int Iteration { get; }

    /// <summary>One update of <paramref name="parameters"/> in place; returns the mean of the cost values it evaluated.</summary>
    double Step(double[] parameters, Func<double[], double> cost);

    /// <summary>Restarts the gain sequences and the random stream.</summary>
    void Reset();
}

/// <summary>Shared argument checks.</summary>
internal static class OptimizerChecks
{
    public static void SameLength(double[] parameters, double[] gradient)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradient);
        if (parameters.Length != gradient.Length)
        {
            throw new ArgumentException($"the gradient has {gradient.Length} entries but there are {parameters.Length} parameters", nameof(gradient));
        }
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite");
        }
    }
}
