using System.Collections.Immutable;
using Dqml.Analysis.Capacity;
using Dqml.Simulation;

namespace Dqml.Analysis.Expressibility;

/// <summary>Options of <see cref="GradientVariance"/>.</summary>
public sealed record GradientVarianceOptions
{
    /// <summary>Number of random parameter vectors. Default 200.</summary>
    public int Samples { get; init; } = 200;

    /// <summary>Lower end of the box parameters are drawn from uniformly. Default 0.</summary>
    public double ParameterLow { get; init; }

    /// <summary>Upper end (exclusive) of the parameter box. Default 2 pi (McClean et al.).</summary>
    public double ParameterHigh { get; init; } = 2 * Math.PI;

    /// <summary>Seed; sample m is drawn from stream (Seed, m).</summary>
    public ulong Seed { get; init; }

    /// <summary>Worker threads (results are bit-identical for any value). Default: processor count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The defaults.</summary>
    public static GradientVarianceOptions Default { get; } = new();
}

/// <summary>Mean and variance of each gradient component over random parameters.</summary>
/// <param name="Samples">Number of parameter samples M.</param>
/// <param name="Mean">Mean of dC/dtheta_j for each j.</param>
/// <param name="Variance">Unbiased sample variance (denominator M - 1; 0 when M = 1) of dC/dtheta_j for each j.</param>
public sealed record GradientVarianceResult(int Samples, ImmutableArray<double> Mean, ImmutableArray<double> Variance)
{
    /// <summary>The variance averaged over the components.</summary>
    public double MeanVariance => Variance.Length == 0 ? 0 : Variance.Average();

    /// <summary>The largest component variance.</summary>
    public double MaxVariance => Variance.Length == 0 ? 0 : Variance.Max();
}

/// <summary>
/// Gradient variance over random parameters: the barren-plateau check (McClean et al. 2018). A variance that
/// shrinks exponentially with the qubit count means gradients vanish almost everywhere and training stalls.
/// </summary>
/// <remarks>
/// Var_theta[dC/dtheta_j] for theta uniform in a box, estimated from M seeded samples with the unbiased
/// two-pass formula. Cost: M gradient evaluations. Samples run in parallel, each with its own random stream,
/// into their own rows; the reductions run in sample order, so the result does not depend on the thread count.
/// The gradient function must be safe to call from several threads.
/// </remarks>
public static class GradientVariance
{
    /// <summary>Mean and variance of each component of <paramref name="gradient"/> over random parameters.</summary>
    /// <param name="gradient">parameters (length <paramref name="parameterCount"/>) -&gt; gradient (length <paramref name="parameterCount"/>); thread-safe.</param>
    /// <param name="parameterCount">Number of parameters.</param>
    /// <param name="options">Samples, range, seed, threads; null for the defaults.</param>
    /// <exception cref="InvalidOperationException">The gradient has the wrong length or a non-finite entry.</exception>
    public static GradientVarianceResult Compute(Func<double[], double[]> gradient, int parameterCount, GradientVarianceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        options ??= GradientVarianceOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(parameterCount, 1);
        if (options.Samples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"at least one sample is needed, got {options.Samples}");
        }

        FisherInputs.CheckRange(options.ParameterLow, options.ParameterHigh, nameof(options));
        DeterministicBlocks.CheckThreads(options.Threads, nameof(options));
        int m = options.Samples;
        var rows = new double[m][];
        double low = options.ParameterLow, width = options.ParameterHigh - options.ParameterLow;
        DeterministicBlocks.For(m, options.Threads, i =>
        {
            var rng = DeterministicRandom.ForStream(options.Seed, (ulong)i);
            var theta = new double[parameterCount];
            for (int j = 0; j < parameterCount; j++)
            {
                theta[j] = low + (width * rng.NextDouble());
            }

            var g = gradient(theta);
            if (g is null || g.Length != parameterCount)
            {
                throw new InvalidOperationException($"the gradient has {g?.Length ?? 0} components, expected {parameterCount}");
            }

            if (g.Any(v => !double.IsFinite(v)))
            {
                throw new InvalidOperationException($"the gradient at sample {i} has a non-finite component");
            }

            rows[i] = (double[])g.Clone();
        });

        var mean = new double[parameterCount];
        var variance = new double[parameterCount];
        for (int j = 0; j < parameterCount; j++)
        {
            double s = 0;
            for (int i = 0; i < m; i++)
            {
                s += rows[i][j];
            }

            double mu = s / m;
            double ss = 0;
            for (int i = 0; i < m; i++)
            {
                double d = rows[i][j] - mu;
                ss += d * d;
            }

            mean[j] = mu;
            variance[j] = m > 1 ? ss / (m - 1) : 0;
        }

        return new GradientVarianceResult(m, [.. mean], [.. variance]);
    }
}
