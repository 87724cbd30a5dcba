namespace Dqml.Learning.Optimizers;

/// <summary>The outcome of <see cref="Minimizer"/>.</summary>
/// <param name="Parameters">Final parameters.</param>
/// <param name="Value">Cost at the final parameters.</param>
/// <param name="Iterations">Steps taken.</param>
/// <param name="Converged">Whether the stopping criterion was met before the iteration limit (always true for a fixed step count).</param>
public sealed record OptimizationResult(double[] Parameters, double Value, int Iterations, bool Converged);

/// <summary>Simple optimisation loops over <see cref="IOptimizer"/> and <see cref="ICostOptimizer"/>.</summary>
public static class Minimizer
{
    /// <summary>
    /// Steps until the gradient's Euclidean norm is at most <paramref name="gradientTolerance"/> or
    /// <paramref name="maxIterations"/> steps are taken.
    /// </summary>
    /// <param name="optimizer">The optimizer (its state carries over).</param>
    /// <param name="valueAndGradient">Cost and gradient at a point.</param>
    /// <param name="start">Initial parameters (not modified).</param>
    /// <param name="maxIterations">Step limit.</param>
    /// <param name="gradientTolerance">Stop when |grad| is at most this.</param>
    public static OptimizationResult Minimize(IOptimizer optimizer, Func<double[], (double Value, double[] Gradient)> valueAndGradient, double[] start, int maxIterations, double gradientTolerance)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(valueAndGradient);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(maxIterations);
        var x = (double[])start.Clone();
        for (int it = 0; ; it++)
        {
            var (value, gradient) = valueAndGradient(x);
            double norm = Math.Sqrt(gradient.Sum(g => g * g));
            if (norm <= gradientTolerance)
            {
                return new OptimizationResult(x, value, it, true);
            }

            if (it == maxIterations)
            {
                return new OptimizationResult(x, value, it, false);
            }

            optimizer.Step(x, gradient);
        }
    }

    /// <summary>Runs <paramref name="iterations"/> steps of a cost-only optimizer; the result's value is the cost at the final point.</summary>
    public static OptimizationResult Minimize(ICostOptimizer optimizer, Func<double[], double> cost, double[] start, int iterations)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        var x = (double[])start.Clone();
        for (int it = 0; it < iterations; it++)
        {
            optimizer.Step(x, cost);
        }

        return new OptimizationResult(x, cost(x), iterations, true);
    }
}
