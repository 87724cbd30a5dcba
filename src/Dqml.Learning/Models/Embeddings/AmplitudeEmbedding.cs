using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Models.Embeddings;

/// <summary>Options of <see cref="AmplitudeEmbedding"/>.</summary>
public sealed record AmplitudeEmbeddingOptions
{
    /// <summary>
    /// When true (the default) fewer than 2^n features are padded with zeros; when false exactly 2^n are required.
    /// </summary>
    public bool PadWithZeros { get; init; } = true;

    /// <summary>The defaults (zero padding on).</summary>
    public static AmplitudeEmbeddingOptions Default { get; } = new();
}

/// <summary>
/// Amplitude encoding: n qubits hold up to 2^n real features as the amplitudes of the normalised state
/// sum_i (x_i / |x|) |i&gt;, where bit j of the basis index i is the j-th qubit of the list (so with qubits
/// 0..n-1 in order, the index is the usual Qiskit-order basis index).
/// </summary>
/// <remarks>
/// <para><b>Circuit.</b> A Mottonen-style state preparation for real amplitudes (Mottonen et al.,
/// quant-ph/0407010) with RY rotations only: for k = 0 .. n-1 the qubit at list position t = n-1-k is rotated
/// by a uniformly controlled RY whose controls are the k positions above it. For each value p of those
/// controls, the block of amplitudes whose high bits equal p is split on bit t into a left (bit 0) and right
/// (bit 1) half, and the rotation angle is alpha = 2 atan2(|right|, |left|) (norms), so that the branch
/// amplitude divides as |left| : |right|; at the last level (t = 0) the halves are single features and
/// alpha = 2 atan2(x_{2m+1}, x_{2m}) carries the signs. The uniformly controlled rotation is written as 2^k
/// multi-controlled RY gates (X gates flip the controls that must read 0, visited in Gray-code order so one
/// X changes between consecutive patterns); rotations whose angle is the constant 0 (zero padding) are left out.
/// The state produced is exactly x / |x| (no global phase), for any scale of x.</para>
/// <para><b>Symbolic features.</b> With data-input symbols the angles are expressions
/// 2 atan2(sqrt(sum x^2), sqrt(sum x^2)) (<see cref="Atan2Expr"/>), so one circuit serves every sample and
/// gradients with respect to the inputs flow through the chain rule; with constant features the angles fold to
/// numbers. An all-zero input cannot be normalised: <see cref="NormalizedAmplitudes"/> rejects it, and the
/// symbolic circuit then prepares |0...0&gt; (atan2(0, 0) = 0).</para>
/// <para><b>Cost.</b> 2^n - 1 rotations (at most n-1 controls each) and about 2^n + n^2 X gates; angle
/// expressions total n 2^n nodes. At most <see cref="MaxQubits"/> qubits (the size of a dense controlled gate).</para>
/// <para><b>Wire order.</b> PennyLane (used by Hur et al.) puts wire 0 on the most significant bit of the
/// index; pass the qubits in reverse order (7, 6, ..., 0) to reproduce its <c>AmplitudeEmbedding</c>.</para>
/// </remarks>
/// <param name="options">The options (default: zero padding).</param>
public sealed class AmplitudeEmbedding(AmplitudeEmbeddingOptions? options = null) : IEmbedding
{
    /// <summary>Largest register the state preparation supports (one target plus n-1 controls in a dense gate).</summary>
    public const int MaxQubits = GateDefinition.MaxDenseQubits;

    /// <summary>Multi-controlled RY gate types by number of controls (index 0 unused).</summary>
    private static readonly GateDefinition[] ControlledRy = BuildControlledRy();

    /// <summary>The options.</summary>
    public AmplitudeEmbeddingOptions Options { get; } = options ?? AmplitudeEmbeddingOptions.Default;

    /// <inheritdoc />
    public string Name => "amplitude";

    /// <inheritdoc />
    public int FeatureCount(int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numQubits, 30);
        return 1 << numQubits;
    }

    /// <summary>The number of qubits needed for <paramref name="featureCount"/> features: ceil(log2(count)), at least 1.</summary>
    public static int QubitsFor(int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        int n = 1;
        while ((1L << n) < featureCount)
        {
            n++;
        }

        return n;
    }

    /// <summary>
    /// The 2^n amplitudes x / |x| that amplitude encoding prepares: the features, padded with zeros, divided by
    /// their Euclidean norm.
    /// </summary>
    /// <exception cref="ArgumentException">More than 2^n features, a non-finite feature, or an all-zero input.</exception>
    public static double[] NormalizedAmplitudes(ReadOnlySpan<double> features, int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numQubits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numQubits, 30);
        int dim = 1 << numQubits;
        if (features.Length == 0)
        {
            throw new ArgumentException("amplitude encoding: no features", nameof(features));
        }

        if (features.Length > dim)
        {
            throw new ArgumentException($"amplitude encoding on {numQubits} qubit(s) holds at most {dim} features, got {features.Length}", nameof(features));
        }

        double sumSq = 0;
        for (int i = 0; i < features.Length; i++)
        {
            if (!double.IsFinite(features[i]))
            {
                throw new ArgumentException($"amplitude encoding: feature {i} is {features[i]}", nameof(features));
            }

            sumSq += features[i] * features[i];
        }

        if (sumSq == 0)
        {
            throw new ArgumentException("amplitude encoding: the input is all zeros and cannot be normalised", nameof(features));
        }

        double norm = Math.Sqrt(sumSq);
        var result = new double[dim];
        for (int i = 0; i < features.Length; i++)
        {
            result[i] = features[i] / norm;
        }

        return result;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">
    /// Bad qubits, more than <see cref="MaxQubits"/> qubits, no features, more than 2^n features (or fewer when
    /// padding is off), or an all-zero constant input.
    /// </exception>
    public CircuitBuilder Append(CircuitBuilder builder, IReadOnlyList<int> qubits, IReadOnlyList<ParamExpr> features)
    {
        const string What = "amplitude encoding";
        EmbeddingGuard.Qubits(builder, qubits, What);
        ArgumentNullException.ThrowIfNull(features);
        int n = qubits.Count;
        if (n > MaxQubits)
        {
            throw new ArgumentException($"{What}: {n} qubits exceeds the supported {MaxQubits}", nameof(qubits));
        }

        int dim = 1 << n;
        if (features.Count == 0)
        {
            throw new ArgumentException($"{What}: no features", nameof(features));
        }

        if (features.Count > dim)
        {
            throw new ArgumentException($"{What} on {n} qubit(s) holds at most {dim} features, got {features.Count}", nameof(features));
        }

        if (!Options.PadWithZeros && features.Count != dim)
        {
            throw new ArgumentException($"{What} on {n} qubit(s) reads {dim} features with {nameof(AmplitudeEmbeddingOptions.PadWithZeros)} off, got {features.Count}", nameof(features));
        }

        EmbeddingGuard.NoNulls(features, What);
        var amps = new ParamExpr[dim];
        bool allZero = true;
        for (int i = 0; i < dim; i++)
        {
            amps[i] = i < features.Count ? features[i] : ParamExpr.Constant(0);
            allZero &= IsZero(amps[i]);
        }

        if (allZero)
        {
            throw new ArgumentException($"{What}: the input is all zeros and cannot be normalised", nameof(features));
        }

        AppendStatePreparation(builder, qubits, amps);
        return builder;
    }

    private static void AppendStatePreparation(CircuitBuilder builder, IReadOnlyList<int> qubits, ParamExpr[] amps)
    {
        int n = qubits.Count;

        // squares[t][m] = sum of x_i^2 over the block [m 2^t, (m+1) 2^t), shared between levels (a DAG).
        var squares = new ParamExpr[n][];
        squares[0] = [.. amps.Select(a => a * a)];
        for (int t = 1; t < n; t++)
        {
            var below = squares[t - 1];
            squares[t] = new ParamExpr[below.Length / 2];
            for (int m = 0; m < squares[t].Length; m++)
            {
                squares[t][m] = below[2 * m] + below[(2 * m) + 1];
            }
        }

        int[] gateQubits = new int[n];
        for (int k = 0; k < n; k++)
        {
            int t = n - 1 - k;
            int target = qubits[t];
            int patterns = 1 << k;
            int flipped = 0;
            for (int i = 0; i < patterns; i++)
            {
                int p = i ^ (i >> 1);
                var alpha = Angle(amps, squares, t, p);
                if (IsZero(alpha))
                {
                    continue;
                }

                if (k == 0)
                {
                    builder.RY(alpha, target);
                    continue;
                }

                int desired = ~p & (patterns - 1);
                FlipControls(builder, qubits, t, desired ^ flipped);
                flipped = desired;
                for (int m = 0; m < k; m++)
                {
                    gateQubits[m] = qubits[t + 1 + m];
                }

                gateQubits[k] = target;
                builder.Gate(ControlledRy[k], gateQubits.AsSpan(0, k + 1), alpha);
            }

            FlipControls(builder, qubits, t, flipped);
        }
    }

    /// <summary>The RY angle at target position <paramref name="t"/> for control pattern <paramref name="p"/>.</summary>
    private static ParamExpr Angle(ParamExpr[] amps, ParamExpr[][] squares, int t, int p)
    {
        if (t == 0)
        {
            // Leaf: signed features.
            return 2.0 * Atan2Expr.Create(amps[(2 * p) + 1], amps[2 * p]);
        }

        var right = squares[t][(2 * p) + 1];
        if (IsZero(right))
        {
            return ParamExpr.Constant(0); // atan2(0, |left|) = 0
        }

        return 2.0 * Atan2Expr.Create(Sqrt(right), Sqrt(squares[t][2 * p]));
    }

    private static ParamExpr Sqrt(ParamExpr e)
        => e is ConstantExpr c ? ParamExpr.Constant(Math.Sqrt(c.Number)) : new FunctionExpr(MathFunction.Sqrt, e);

    private static bool IsZero(ParamExpr e) => e is ConstantExpr { Number: 0 };

    /// <summary>X on the controls (positions t+1+m) whose bit m is set in <paramref name="mask"/>.</summary>
    private static void FlipControls(CircuitBuilder builder, IReadOnlyList<int> qubits, int t, int mask)
    {
        for (int m = 0; mask >> m != 0; m++)
        {
            if (((mask >> m) & 1) != 0)
            {
                builder.X(qubits[t + 1 + m]);
            }
        }
    }

    private static GateDefinition[] BuildControlledRy()
    {
        var defs = new GateDefinition[MaxQubits];
        defs[0] = StandardGates.RY;
        defs[1] = StandardGates.CRY;
        for (int k = 2; k < MaxQubits; k++)
        {
            defs[k] = GateDefinition.Controlled(StandardGates.RY, k);
        }

        return defs;
    }
}
