using System.Collections.Immutable;
using Dqml.Simulation;
using MathNet.Numerics.LinearAlgebra;

namespace Dqml.Analysis.Capacity;

/// <summary>Options of <see cref="FisherInformation"/>.</summary>
public sealed record FisherOptions
{
    /// <summary>Default of <see cref="ProbabilityFloor"/>.</summary>
    public const double DefaultProbabilityFloor = 1e-12;

    /// <summary>
    /// Outcomes with p_k at or below this are skipped in sum_k (1/p_k) grad p_k grad p_k^T. Where p_k -&gt; 0
    /// smoothly, grad p_k -&gt; 0 as well and the term's limit is finite, but its floating-point value is 0/0
    /// noise, so it is dropped: the Fisher matrix is then exact everywhere except on the measure-zero set of
    /// parameters where an outcome's probability vanishes (there it can lose that outcome's limit term).
    /// </summary>
    public double ProbabilityFloor { get; init; } = DefaultProbabilityFloor;

    /// <summary>Worker threads (results are bit-identical for any value). Default: processor count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The defaults.</summary>
    public static FisherOptions Default { get; } = new();

    internal void Validate()
    {
        if (!(ProbabilityFloor >= 0) || double.IsInfinity(ProbabilityFloor))
        {
            throw new ArgumentOutOfRangeException(nameof(ProbabilityFloor), $"the probability floor must be a finite number >= 0, got {ProbabilityFloor}");
        }

        DeterministicBlocks.CheckThreads(Threads, nameof(Threads));
    }
}

/// <summary>The eigenvalues of a Fisher matrix and its rank ("effective parameters").</summary>
/// <param name="Eigenvalues">All eigenvalues, descending (tiny negative values are rounding noise and are kept as computed).</param>
/// <param name="Rank">Number of eigenvalues above <paramref name="RelativeTolerance"/> times the largest one (0 when the largest is not positive).</param>
/// <param name="Trace">tr F (the sum of the diagonal).</param>
/// <param name="RelativeTolerance">The tolerance the rank was counted with.</param>
public sealed record FisherSpectrum(ImmutableArray<double> Eigenvalues, int Rank, double Trace, double RelativeTolerance)
{
    /// <summary>Number of parameters (the matrix size).</summary>
    public int ParameterCount => Eigenvalues.Length;

    /// <summary>Parameters the output distribution does not depend on locally: <see cref="ParameterCount"/> - <see cref="Rank"/>.</summary>
    public int RedundantParameters => ParameterCount - Rank;
}

/// <summary>
/// Fisher information of a model's output distribution, exact (from the Jacobian of the outcome
/// probabilities) or empirical (from sampled or observed outcomes), averaged over a set of inputs; its
/// spectrum and rank.
/// </summary>
/// <remarks>
/// <para>Exact: F(theta) = (1/|X|) sum_x sum_k (1/p_k(x)) grad p_k(x) grad p_k(x)^T, outcomes with
/// p_k at or below <see cref="FisherOptions.ProbabilityFloor"/> skipped. Empirical: the same average of
/// grad log p_k grad log p_k^T = grad p_k grad p_k^T / p_k^2 over outcomes k drawn from p(. | x) (or taken
/// from data); its expectation is the exact Fisher.</para>
/// <para>Cost: one <see cref="IProbabilityModel.Evaluate"/> per input plus O(K P^2) per input (K outcomes,
/// P parameters). Inputs are split into blocks chosen from the input count alone; blocks run in parallel and
/// their sums are added in block order, so the result does not depend on the thread count.</para>
/// <para>Inputs can come from a data set (its rows), a distribution (<see cref="FisherInputs.Uniform"/>) or
/// Haar-random input states (<see cref="FisherInputs.HaarStates"/>).</para>
/// </remarks>
public static class FisherInformation
{
    /// <summary>
    /// Default relative tolerance of <see cref="Rank"/> and <see cref="Spectrum"/>: eigenvalues at or below
    /// 1e-10 times the largest count as zero.
    /// </summary>
    /// <remarks>
    /// Rounding noise in a Fisher matrix accumulated over hundreds of
    /// inputs sits near 1e-15 relative; 1e-10 leaves five orders of margin while still separating directions
    /// that are flat only up to rounding from genuinely small ones. (NumPy's matrix_rank default,
    /// eps * P * max, is about 2e-14 for P = 100 and misjudges noise that large.)
    /// </remarks>
    public const double DefaultRankTolerance = 1e-10;

    /// <summary>The exact Fisher information at <paramref name="parameters"/>, averaged over <paramref name="inputs"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="parameters">theta (length <see cref="IProbabilityModel.ParameterCount"/>).</param>
    /// <param name="inputs">The inputs x to average over (each of length <see cref="IProbabilityModel.InputDimension"/>; at least one).</param>
    /// <param name="options">Probability floor and threads; null for the defaults.</param>
    /// <returns>The symmetric P x P matrix F(theta).</returns>
    /// <exception cref="ArgumentException">Sizes do not match the model, or there are no inputs.</exception>
    /// <exception cref="InvalidOperationException">The model returned a non-finite probability or derivative.</exception>
    public static double[,] Exact(IProbabilityModel model, ReadOnlySpan<double> parameters, IReadOnlyList<double[]> inputs, FisherOptions? options = null)
    {
        options ??= FisherOptions.Default;
        options.Validate();
        CheckModel(model, parameters, inputs);
        var flat = ExactFlat(model, parameters.ToArray(), inputs, options.ProbabilityFloor, options.Threads);
        return ToMatrix(flat, model.ParameterCount);
    }

    /// <summary>
    /// The empirical Fisher information at <paramref name="parameters"/>: the average of
    /// grad log p_k grad log p_k^T over <paramref name="samplesPerInput"/> outcomes k drawn from p(. | x) for
    /// every input x, with the random stream of input i derived from (<paramref name="seed"/>, i).
    /// </summary>
    /// <remarks>
    /// Outcomes are drawn from p / sum(p). A drawn outcome with p_k at or below the probability floor adds
    /// nothing but still counts as a sample. The estimate is unbiased for the exact Fisher and its error falls
    /// as 1 / sqrt(inputs x samples). Same seed, same matrix, for any thread count.
    /// </remarks>
    /// <param name="model">The model.</param>
    /// <param name="parameters">theta.</param>
    /// <param name="inputs">The inputs x.</param>
    /// <param name="samplesPerInput">Outcomes drawn per input (at least 1).</param>
    /// <param name="seed">Seed of the outcome draws.</param>
    /// <param name="options">Probability floor and threads; null for the defaults.</param>
    /// <returns>The symmetric P x P empirical Fisher matrix.</returns>
    public static double[,] Empirical(IProbabilityModel model, ReadOnlySpan<double> parameters, IReadOnlyList<double[]> inputs, int samplesPerInput, ulong seed, FisherOptions? options = null)
    {
        options ??= FisherOptions.Default;
        options.Validate();
        CheckModel(model, parameters, inputs);
        if (samplesPerInput < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(samplesPerInput), $"samples per input must be at least 1, got {samplesPerInput}");
        }

        var theta = parameters.ToArray();
        int k = model.OutcomeCount;
        var flat = Accumulate(model, theta, inputs, options.Threads, (i, p, jac, acc) =>
        {
            var counts = new int[k];
            var rng = DeterministicRandom.ForStream(seed, (ulong)i);
            double total = 0;
            for (int o = 0; o < k; o++)
            {
                total += Math.Max(p[o], 0);
            }

            for (int s = 0; s < samplesPerInput; s++)
            {
                counts[Draw(p, total, rng.NextDouble())]++;
            }

            for (int o = 0; o < k; o++)
            {
                if (counts[o] > 0 && p[o] > options.ProbabilityFloor)
                {
                    AddOuter(acc, jac.AsSpan(o * theta.Length, theta.Length), counts[o] / (p[o] * p[o]));
                }
            }
        });
        Scale(flat, 1.0 / ((double)inputs.Count * samplesPerInput));
        return ToMatrix(flat, model.ParameterCount);
    }

    /// <summary>
    /// The empirical Fisher information from observed outcomes: the average over i of
    /// grad log p(y_i | x_i) grad log p(y_i | x_i)^T (for example the labels of a data set).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="parameters">theta.</param>
    /// <param name="inputs">The inputs x_i.</param>
    /// <param name="outcomes">The observed outcome y_i of each input (in [0, <see cref="IProbabilityModel.OutcomeCount"/>)).</param>
    /// <param name="options">Probability floor and threads; null for the defaults.</param>
    /// <returns>The symmetric P x P empirical Fisher matrix.</returns>
    public static double[,] Empirical(IProbabilityModel model, ReadOnlySpan<double> parameters, IReadOnlyList<double[]> inputs, IReadOnlyList<int> outcomes, FisherOptions? options = null)
    {
        options ??= FisherOptions.Default;
        options.Validate();
        CheckModel(model, parameters, inputs);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count != inputs.Count)
        {
            throw new ArgumentException($"{outcomes.Count} outcomes for {inputs.Count} inputs", nameof(outcomes));
        }

        for (int i = 0; i < outcomes.Count; i++)
        {
            if ((uint)outcomes[i] >= (uint)model.OutcomeCount)
            {
                throw new ArgumentOutOfRangeException(nameof(outcomes), $"outcome {outcomes[i]} of input {i} is outside [0, {model.OutcomeCount})");
            }
        }

        var theta = parameters.ToArray();
        var flat = Accumulate(model, theta, inputs, options.Threads, (i, p, jac, acc) =>
        {
            int o = outcomes[i];
            if (p[o] > options.ProbabilityFloor)
            {
                AddOuter(acc, jac.AsSpan(o * theta.Length, theta.Length), 1 / (p[o] * p[o]));
            }
        });
        Scale(flat, 1.0 / inputs.Count);
        return ToMatrix(flat, model.ParameterCount);
    }

    /// <summary>Eigenvalues (descending), rank and trace of a Fisher matrix.</summary>
    /// <remarks>Symmetric eigen-decomposition (MathNet.Numerics), O(P^3).</remarks>
    /// <param name="fisher">A symmetric P x P matrix (symmetric within 1e-9 relative to its largest entry).</param>
    /// <param name="relativeTolerance">Eigenvalues at or below this times the largest count as zero (in [0, 1)).</param>
    /// <exception cref="ArgumentException">The matrix is not square, symmetric and finite.</exception>
    public static FisherSpectrum Spectrum(double[,] fisher, double relativeTolerance = DefaultRankTolerance)
    {
        CheckTolerance(relativeTolerance, nameof(relativeTolerance));
        var flat = CheckSymmetric(fisher, nameof(fisher));
        int p = fisher.GetLength(0);
        var values = SymmetricEigenvalues(flat, p);
        return new FisherSpectrum([.. values], CountRank(values, relativeTolerance), TraceOf(flat, p), relativeTolerance);
    }

    /// <summary>The rank of a Fisher matrix ("effective parameters"), see <see cref="Spectrum"/>.</summary>
    public static int Rank(double[,] fisher, double relativeTolerance = DefaultRankTolerance) => Spectrum(fisher, relativeTolerance).Rank;

    /// <summary>tr F.</summary>
    public static double Trace(double[,] fisher)
    {
        ArgumentNullException.ThrowIfNull(fisher);
        int p = fisher.GetLength(0);
        if (p != fisher.GetLength(1))
        {
            throw new ArgumentException($"a Fisher matrix must be square, got {p}x{fisher.GetLength(1)}", nameof(fisher));
        }

        double t = 0;
        for (int i = 0; i < p; i++)
        {
            t += fisher[i, i];
        }

        return t;
    }

    /// <summary>Exact Fisher as a flat row-major P x P array (validated arguments).</summary>
    internal static double[] ExactFlat(IProbabilityModel model, double[] theta, IReadOnlyList<double[]> inputs, double floor, int threads)
    {
        int np = theta.Length;
        int k = model.OutcomeCount;
        var flat = Accumulate(model, theta, inputs, threads, (_, p, jac, acc) =>
        {
            for (int o = 0; o < k; o++)
            {
                if (p[o] > floor)
                {
                    AddOuter(acc, jac.AsSpan(o * np, np), 1 / p[o]);
                }
            }
        });
        Scale(flat, 1.0 / inputs.Count);
        return flat;
    }

    /// <summary>Eigenvalues of a symmetric flat P x P matrix, descending.</summary>
    internal static double[] SymmetricEigenvalues(double[] flat, int p)
    {
        if (p == 0)
        {
            return [];
        }

        var m = Matrix<double>.Build.Dense(p, p, (r, c) => flat[(r * p) + c]);
        var values = m.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).ToArray();
        Array.Sort(values);
        Array.Reverse(values);
        return values;
    }

    /// <summary>Eigenvalues above <paramref name="relativeTolerance"/> times the largest (descending input).</summary>
    internal static int CountRank(double[] descending, double relativeTolerance)
    {
        if (descending.Length == 0 || !(descending[0] > 0))
        {
            return 0;
        }

        double cut = relativeTolerance * descending[0];
        int r = 0;
        while (r < descending.Length && descending[r] > cut)
        {
            r++;
        }

        return r;
    }

    internal static double TraceOf(double[] flat, int p)
    {
        double t = 0;
        for (int i = 0; i < p; i++)
        {
            t += flat[(i * p) + i];
        }

        return t;
    }

    internal static void CheckTolerance(double relativeTolerance, string paramName)
    {
        if (!(relativeTolerance >= 0 && relativeTolerance < 1))
        {
            throw new ArgumentOutOfRangeException(paramName, $"the relative rank tolerance must be in [0, 1), got {relativeTolerance}");
        }
    }

    /// <summary>Checks a Fisher matrix is square, finite and symmetric; returns it flat (row-major).</summary>
    internal static double[] CheckSymmetric(double[,] fisher, string paramName)
    {
        ArgumentNullException.ThrowIfNull(fisher, paramName);
        int p = fisher.GetLength(0);
        if (p != fisher.GetLength(1))
        {
            throw new ArgumentException($"a Fisher matrix must be square, got {p}x{fisher.GetLength(1)}", paramName);
        }

        var flat = new double[p * p];
        double max = 0;
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c < p; c++)
            {
                double v = fisher[r, c];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Fisher matrix entry ({r}, {c}) is {v}", paramName);
                }

                flat[(r * p) + c] = v;
                max = Math.Max(max, Math.Abs(v));
            }
        }

        for (int r = 0; r < p; r++)
        {
            for (int c = r + 1; c < p; c++)
            {
                if (Math.Abs(flat[(r * p) + c] - flat[(c * p) + r]) > 1e-9 * max)
                {
                    throw new ArgumentException($"Fisher matrix is not symmetric: entries ({r}, {c}) and ({c}, {r}) differ", paramName);
                }
            }
        }

        return flat;
    }

    internal static void CheckModel(IProbabilityModel model, ReadOnlySpan<double> parameters, IReadOnlyList<double[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        if (model.ParameterCount < 1 || model.OutcomeCount < 1 || model.InputDimension < 0)
        {
            throw new ArgumentException($"model has {model.ParameterCount} parameters, {model.OutcomeCount} outcomes and input dimension {model.InputDimension}; needs at least one parameter and one outcome", nameof(model));
        }

        if (parameters.Length != model.ParameterCount)
        {
            throw new ArgumentException($"{parameters.Length} parameter values for a model with {model.ParameterCount} parameters", nameof(parameters));
        }

        CheckInputs(model, inputs);
    }

    internal static void CheckInputs(IProbabilityModel model, IReadOnlyList<double[]> inputs)
    {
        if (inputs.Count == 0)
        {
            throw new ArgumentException("at least one input is needed (use one empty input for a model without inputs)", nameof(inputs));
        }

        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null || inputs[i].Length != model.InputDimension)
            {
                throw new ArgumentException($"input {i} has length {inputs[i]?.Length ?? 0}, the model reads {model.InputDimension} values", nameof(inputs));
            }
        }
    }

    /// <summary>
    /// Evaluates the model on every input and lets <paramref name="add"/> add input i's contribution to the
    /// upper triangle of a block accumulator; returns the symmetric sum (not averaged).
    /// </summary>
    private static double[] Accumulate(IProbabilityModel model, double[] theta, IReadOnlyList<double[]> inputs, int threads, Action<int, double[], double[], double[]> add)
    {
        int np = theta.Length;
        int k = model.OutcomeCount;
        int count = inputs.Count;
        int blocks = DeterministicBlocks.BlockCount(count);
        var partial = new double[blocks][];

        // A batch model evaluates every input at once (sharing per-theta work); the sums below see the same numbers.
        double[]? allP = null, allJac = null;
        if (model is IBatchProbabilityModel batch)
        {
            allP = new double[count * k];
            allJac = new double[count * k * np];
            batch.EvaluateBatch(theta, inputs, allP, allJac, threads);
        }

        DeterministicBlocks.For(blocks, threads, b =>
        {
            var acc = new double[np * np];
            var p = new double[k];
            var jac = new double[k * np];
            var (start, end) = DeterministicBlocks.Range(count, blocks, b);
            for (int i = start; i < end; i++)
            {
                if (allP is not null)
                {
                    Array.Copy(allP, i * k, p, 0, k);
                    Array.Copy(allJac!, i * k * np, jac, 0, k * np);
                }
                else
                {
                    Array.Clear(p);
                    Array.Clear(jac);
                    model.Evaluate(theta, inputs[i], p, jac);
                }

                CheckFinite(p, jac, i);
                add(i, p, jac, acc);
            }

            partial[b] = acc;
        });

        var sum = new double[np * np];
        foreach (var acc in partial)
        {
            for (int j = 0; j < sum.Length; j++)
            {
                sum[j] += acc[j];
            }
        }

        for (int r = 0; r < np; r++)
        {
            for (int c = r + 1; c < np; c++)
            {
                sum[(c * np) + r] = sum[(r * np) + c];
            }
        }

        return sum;
    }

    private static void CheckFinite(double[] p, double[] jac, int input)
    {
        foreach (double v in p)
        {
            if (!double.IsFinite(v))
            {
                throw new InvalidOperationException($"the model returned a non-finite probability ({v}) for input {input}");
            }
        }

        foreach (double v in jac)
        {
            if (!double.IsFinite(v))
            {
                throw new InvalidOperationException($"the model returned a non-finite derivative ({v}) for input {input}");
            }
        }
    }

    /// <summary>acc[r, c] += w g_r g_c for c &gt;= r (upper triangle).</summary>
    private static void AddOuter(double[] acc, ReadOnlySpan<double> g, double w)
    {
        int np = g.Length;
        for (int r = 0; r < np; r++)
        {
            double gr = w * g[r];
            if (gr == 0)
            {
                continue;
            }

            var row = acc.AsSpan((r * np) + r, np - r);
            var tail = g[r..];
            for (int c = 0; c < row.Length; c++)
            {
                row[c] += gr * tail[c];
            }
        }
    }

    private static int Draw(double[] p, double total, double u)
    {
        double target = u * total;
        double cumulative = 0;
        int last = 0;
        for (int o = 0; o < p.Length; o++)
        {
            if (p[o] <= 0)
            {
                continue;
            }

            last = o;
            cumulative += p[o];
            if (target < cumulative)
            {
                return o;
            }
        }

        return last;
    }

    private static void Scale(double[] flat, double factor)
    {
        for (int j = 0; j < flat.Length; j++)
        {
            flat[j] *= factor;
        }
    }

    internal static double[,] ToMatrix(double[] flat, int p)
    {
        var m = new double[p, p];
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c < p; c++)
            {
                m[r, c] = flat[(r * p) + c];
            }
        }

        return m;
    }
}
