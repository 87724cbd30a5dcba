using System.Collections.Immutable;
using Dqml.Simulation;

namespace Dqml.Analysis.Capacity;

/// <summary>Options of <see cref="EffectiveDimension"/>.</summary>
public sealed record EffectiveDimensionOptions
{
    /// <summary>gamma in (0, 1] (Abbas et al. use 1). Default 1.</summary>
    public double Gamma { get; init; } = 1.0;

    /// <summary>The data-set sizes n to evaluate (each must give kappa = gamma n / (2 pi ln n) &gt; 1). Default 1e3, 1e4, 1e5, 1e6.</summary>
    public ImmutableArray<double> DatasetSizes { get; init; } = [1e3, 1e4, 1e5, 1e6];

    /// <summary>Number of parameter samples theta (Monte Carlo estimate of the integral over the parameter box). Default 100.</summary>
    public int ParameterSamples { get; init; } = 100;

    /// <summary>
    /// Lower end of the box parameters are sampled from, uniformly in [<see cref="ParameterLow"/>,
    /// <see cref="ParameterHigh"/>)^P. Default -pi: rotation angles cover a full period. (A common library
    /// fixes [0, 1), which explores only a sliver of each angle's period.)
    /// </summary>
    public double ParameterLow { get; init; } = -Math.PI;

    /// <summary>Upper end (exclusive) of the parameter box. Default pi.</summary>
    public double ParameterHigh { get; init; } = Math.PI;

    /// <summary>Seed of the parameter samples; sample m uses stream (Seed, m).</summary>
    public ulong Seed { get; init; }

    /// <summary>See <see cref="FisherOptions.ProbabilityFloor"/>.</summary>
    public double ProbabilityFloor { get; init; } = FisherOptions.DefaultProbabilityFloor;

    /// <summary>Relative tolerance of the Fisher ranks reported alongside (see <see cref="FisherInformation.DefaultRankTolerance"/>).</summary>
    public double RankTolerance { get; init; } = FisherInformation.DefaultRankTolerance;

    /// <summary>Worker threads (results are bit-identical for any value). Default: processor count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The defaults.</summary>
    public static EffectiveDimensionOptions Default { get; } = new();
}

/// <summary>The effective dimension of a model for each data-set size, with the Fisher statistics behind it.</summary>
/// <param name="ParameterCount">P, the number of parameters.</param>
/// <param name="Gamma">gamma.</param>
/// <param name="DatasetSizes">The sizes n.</param>
/// <param name="Values">d_{gamma,n} for each n (between 0 and P).</param>
/// <param name="NormalisedValues">d_{gamma,n} / P for each n.</param>
/// <param name="ParameterSamples">Number of parameter samples theta.</param>
/// <param name="MeanFisherTrace">E_theta[tr F(theta)], the normalisation constant (0: the model's output does not depend on its parameters).</param>
/// <param name="FisherRanks">Rank of F(theta) for each sample ("effective parameters").</param>
/// <param name="NormalisedSpectra">Eigenvalues of the normalised Fisher F^(theta) = P F / E[tr F] for each sample, descending.</param>
public sealed record EffectiveDimensionResult(
    int ParameterCount,
    double Gamma,
    ImmutableArray<double> DatasetSizes,
    ImmutableArray<double> Values,
    ImmutableArray<double> NormalisedValues,
    int ParameterSamples,
    double MeanFisherTrace,
    ImmutableArray<int> FisherRanks,
    ImmutableArray<ImmutableArray<double>> NormalisedSpectra)
{
    /// <summary>The largest Fisher rank over the samples.</summary>
    public int MaxFisherRank => FisherRanks.Max();

    /// <summary>The mean Fisher rank over the samples.</summary>
    public double MeanFisherRank => FisherRanks.Average();
}

/// <summary>
/// The effective dimension of Abbas et al. ("The power of quantum neural networks", 2021), computed in log
/// space.
/// </summary>
/// <remarks>
/// <para>With F(theta) the input-averaged Fisher information (<see cref="FisherInformation.Exact"/>), P
/// parameters and the normalised Fisher F^(theta) = P F(theta) / E_theta[tr F]:</para>
/// <para>d_{gamma,n} = 2 log( E_theta sqrt(det(I + kappa F^(theta))) ) / log kappa,
/// kappa = gamma n / (2 pi ln n), gamma in (0, 1].</para>
/// <para>The expectation is the mean over the parameter samples. Each log sqrt det is
/// 0.5 sum_j log(1 + kappa mu_j) over the eigenvalues mu_j of F^ (negative rounding noise clamped to 0),
/// and the mean is a log-sum-exp, so nothing overflows for large n or P. As n grows, d tends to the rank of
/// the Fisher matrices (from below when the normalised eigenvalues are below 1, from above when they exceed 1).
/// If every Fisher matrix is zero, d = 0.</para>
/// <para>Cost: one Fisher matrix per sample (see <see cref="FisherInformation"/>) plus one O(P^3)
/// eigen-decomposition per sample. Samples run in parallel; results do not depend on the thread count.</para>
/// </remarks>
public static class EffectiveDimension
{
    /// <summary>kappa = gamma n / (2 pi ln n).</summary>
    public static double Kappa(double gamma, double n)
    {
        CheckGamma(gamma, nameof(gamma));
        if (!(n > 1) || double.IsInfinity(n))
        {
            throw new ArgumentOutOfRangeException(nameof(n), $"the data-set size n must be a finite number > 1, got {n}");
        }

        return gamma * n / (2 * Math.PI * Math.Log(n));
    }

    /// <summary>
    /// The effective dimension of <paramref name="model"/>: <see cref="EffectiveDimensionOptions.ParameterSamples"/>
    /// parameter vectors drawn uniformly from the configured box, the Fisher matrix of each averaged over
    /// <paramref name="inputs"/>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="inputs">Inputs to average each Fisher matrix over (see <see cref="FisherInputs"/>).</param>
    /// <param name="options">gamma, n, samples, range, seed, threads; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">gamma outside (0, 1], an n with kappa &lt;= 1, or a bad sample count or range.</exception>
    public static EffectiveDimensionResult Compute(IProbabilityModel model, IReadOnlyList<double[]> inputs, EffectiveDimensionOptions? options = null)
    {
        options ??= EffectiveDimensionOptions.Default;
        ArgumentNullException.ThrowIfNull(model);
        if (options.ParameterSamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"at least one parameter sample is needed, got {options.ParameterSamples}");
        }

        FisherInputs.CheckRange(options.ParameterLow, options.ParameterHigh, nameof(options));
        int p = model.ParameterCount;
        var samples = new double[options.ParameterSamples][];
        for (int m = 0; m < samples.Length; m++)
        {
            var rng = DeterministicRandom.ForStream(options.Seed, (ulong)m);
            var theta = new double[p];
            for (int j = 0; j < p; j++)
            {
                theta[j] = options.ParameterLow + ((options.ParameterHigh - options.ParameterLow) * rng.NextDouble());
            }

            samples[m] = theta;
        }

        return ComputeAt(model, samples, inputs, options);
    }

    /// <summary>The effective dimension of <paramref name="model"/> over given parameter samples.</summary>
    /// <param name="model">The model.</param>
    /// <param name="parameterSamples">The parameter vectors theta_m (each of length P; at least one).</param>
    /// <param name="inputs">Inputs to average each Fisher matrix over.</param>
    /// <param name="options">gamma, n, floor, rank tolerance, threads (sampling fields are ignored); null for the defaults.</param>
    public static EffectiveDimensionResult ComputeAt(IProbabilityModel model, IReadOnlyList<double[]> parameterSamples, IReadOnlyList<double[]> inputs, EffectiveDimensionOptions? options = null)
    {
        options ??= EffectiveDimensionOptions.Default;
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameterSamples);
        ArgumentNullException.ThrowIfNull(inputs);
        var fisherOptions = new FisherOptions { ProbabilityFloor = options.ProbabilityFloor, Threads = options.Threads };
        fisherOptions.Validate();
        CheckGamma(options.Gamma, nameof(options));
        if (options.DatasetSizes.IsDefault)
        {
            throw new ArgumentException("at least one data-set size n is needed", nameof(options));
        }

        CheckSizes(options.Gamma, options.DatasetSizes, nameof(options));
        FisherInformation.CheckTolerance(options.RankTolerance, nameof(options));
        if (parameterSamples.Count == 0)
        {
            throw new ArgumentException("at least one parameter sample is needed", nameof(parameterSamples));
        }

        for (int m = 0; m < parameterSamples.Count; m++)
        {
            FisherInformation.CheckModel(model, parameterSamples[m] ?? throw new ArgumentException($"parameter sample {m} is null", nameof(parameterSamples)), inputs);
        }

        int p = model.ParameterCount;
        int count = parameterSamples.Count;
        var eigenvalues = new double[count][];
        var traces = new double[count];
        int inner = Math.Max(1, options.Threads / count);
        DeterministicBlocks.For(count, options.Threads, m =>
        {
            var flat = FisherInformation.ExactFlat(model, parameterSamples[m], inputs, options.ProbabilityFloor, inner);
            traces[m] = FisherInformation.TraceOf(flat, p);
            eigenvalues[m] = FisherInformation.SymmetricEigenvalues(flat, p);
        });

        return FromSpectra(p, eigenvalues, traces, options.Gamma, options.DatasetSizes, options.RankTolerance);
    }

    /// <summary>The effective dimension from precomputed Fisher matrices F(theta_m), one per parameter sample.</summary>
    /// <param name="fisherMatrices">Symmetric P x P matrices (all the same size; at least one).</param>
    /// <param name="gamma">gamma in (0, 1].</param>
    /// <param name="datasetSizes">The sizes n (each with kappa &gt; 1).</param>
    /// <param name="rankTolerance">Relative tolerance of the reported ranks.</param>
    public static EffectiveDimensionResult FromFisherMatrices(IReadOnlyList<double[,]> fisherMatrices, double gamma, IReadOnlyList<double> datasetSizes, double rankTolerance = FisherInformation.DefaultRankTolerance)
    {
        ArgumentNullException.ThrowIfNull(fisherMatrices);
        ArgumentNullException.ThrowIfNull(datasetSizes);
        CheckGamma(gamma, nameof(gamma));
        CheckSizes(gamma, datasetSizes, nameof(datasetSizes));
        FisherInformation.CheckTolerance(rankTolerance, nameof(rankTolerance));
        if (fisherMatrices.Count == 0)
        {
            throw new ArgumentException("at least one Fisher matrix is needed", nameof(fisherMatrices));
        }

        int p = fisherMatrices[0]?.GetLength(0) ?? 0;
        var eigenvalues = new double[fisherMatrices.Count][];
        var traces = new double[fisherMatrices.Count];
        for (int m = 0; m < fisherMatrices.Count; m++)
        {
            var flat = FisherInformation.CheckSymmetric(fisherMatrices[m], nameof(fisherMatrices));
            if (fisherMatrices[m].GetLength(0) != p || p == 0)
            {
                throw new ArgumentException($"Fisher matrix {m} is {fisherMatrices[m].GetLength(0)}x{fisherMatrices[m].GetLength(0)}, expected a non-empty {p}x{p}", nameof(fisherMatrices));
            }

            traces[m] = FisherInformation.TraceOf(flat, p);
            eigenvalues[m] = FisherInformation.SymmetricEigenvalues(flat, p);
        }

        return FromSpectra(p, eigenvalues, traces, gamma, datasetSizes, rankTolerance);
    }

    /// <summary>
    /// The normalised Fisher matrices F^(theta_m) = P F(theta_m) / mean_m tr F(theta_m); their traces average
    /// to P. All-zero input stays zero.
    /// </summary>
    public static IReadOnlyList<double[,]> Normalise(IReadOnlyList<double[,]> fisherMatrices)
    {
        ArgumentNullException.ThrowIfNull(fisherMatrices);
        if (fisherMatrices.Count == 0)
        {
            throw new ArgumentException("at least one Fisher matrix is needed", nameof(fisherMatrices));
        }

        int p = fisherMatrices[0]?.GetLength(0) ?? 0;
        double total = 0;
        foreach (var f in fisherMatrices)
        {
            FisherInformation.CheckSymmetric(f, nameof(fisherMatrices));
            if (f.GetLength(0) != p)
            {
                throw new ArgumentException("the Fisher matrices differ in size", nameof(fisherMatrices));
            }

            total += FisherInformation.Trace(f);
        }

        double mean = total / fisherMatrices.Count;
        double scale = mean > 0 ? p / mean : 0;
        var result = new double[fisherMatrices.Count][,];
        for (int m = 0; m < result.Length; m++)
        {
            var f = fisherMatrices[m];
            var g = new double[p, p];
            for (int r = 0; r < p; r++)
            {
                for (int c = 0; c < p; c++)
                {
                    g[r, c] = scale * f[r, c];
                }
            }

            result[m] = g;
        }

        return result;
    }

    private static EffectiveDimensionResult FromSpectra(int p, double[][] eigenvalues, double[] traces, double gamma, IReadOnlyList<double> sizes, double rankTolerance)
    {
        int count = traces.Length;
        double total = 0;
        foreach (double t in traces)
        {
            total += t;
        }

        double meanTrace = total / count;
        double scale = meanTrace > 0 ? p / meanTrace : 0;
        var spectra = new ImmutableArray<double>[count];
        var ranks = new int[count];
        for (int m = 0; m < count; m++)
        {
            ranks[m] = FisherInformation.CountRank(eigenvalues[m], rankTolerance);
            spectra[m] = [.. eigenvalues[m].Select(v => scale * v)];
        }

        var values = new double[sizes.Count];
        var z = new double[count];
        for (int s = 0; s < sizes.Count; s++)
        {
            double kappa = Kappa(gamma, sizes[s]);
            for (int m = 0; m < count; m++)
            {
                double half = 0;
                foreach (double mu in spectra[m])
                {
                    half += AccurateMath.Log1P(kappa * Math.Max(mu, 0));
                }

                z[m] = 0.5 * half;
            }

            double logMean = LogSumExp(z) - Math.Log(count);
            values[s] = 2 * logMean / Math.Log(kappa);
        }

        return new EffectiveDimensionResult(
            p,
            gamma,
            [.. sizes],
            [.. values],
            [.. values.Select(v => v / p)],
            count,
            meanTrace,
            [.. ranks],
            [.. spectra]);
    }

    private static double LogSumExp(double[] z)
    {
        double max = z.Max();
        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        double sum = 0;
        foreach (double v in z)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    private static void CheckGamma(double gamma, string paramName)
    {
        if (!(gamma > 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(paramName, $"gamma must be in (0, 1], got {gamma}");
        }
    }

    private static void CheckSizes(double gamma, IReadOnlyList<double> sizes, string paramName)
    {
        if (sizes is null || sizes.Count == 0)
        {
            throw new ArgumentException("at least one data-set size n is needed", paramName);
        }

        foreach (double n in sizes)
        {
            if (!(n > 1) || double.IsInfinity(n))
            {
                throw new ArgumentOutOfRangeException(paramName, $"the data-set size n must be a finite number > 1, got {n}");
            }

            double kappa = gamma * n / (2 * Math.PI * Math.Log(n));
            if (!(kappa > 1))
            {
                throw new ArgumentOutOfRangeException(paramName, $"n = {n} with gamma = {gamma} gives kappa = gamma n / (2 pi ln n) = {kappa:G4} <= 1, where the effective dimension is undefined; use a larger n");
            }
        }
    }
}
