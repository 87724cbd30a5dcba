using Dqml.Circuits;
using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Models.Embeddings;

/// <summary>Which qubit pairs a <see cref="ZZFeatureMap"/> entangles (positions in the embedding's qubit list).</summary>
public enum EntanglementPattern
{
    /// <summary>(0,1), (1,2), ..., (n-2, n-1).</summary>
    Linear,

    /// <summary>Linear plus (n-1, 0) when n &gt; 2.</summary>
    Circular,

    /// <summary>Every pair (i, j), i &lt; j, in lexicographic order.</summary>
    Full,

    /// <summary>The pairs given in <see cref="ZZFeatureMapOptions.Pairs"/>.</summary>
    Explicit,
}

/// <summary>The single-feature angle phi(x_i) of a <see cref="ZZFeatureMap"/>.</summary>
public enum ZZSingleFeature
{
    /// <summary>phi(x) = x.</summary>
    Identity,

    /// <summary>phi(x) = 2x (Qiskit's P(2 phi) convention).</summary>
    Double,
}

/// <summary>The pair angle phi(x_i, x_j) of a <see cref="ZZFeatureMap"/> (times <see cref="ZZFeatureMapOptions.PairScale"/>).</summary>
public enum ZZPairFeature
{
    /// <summary>phi(x_i, x_j) = x_i x_j (as in Hwang et al.).</summary>
    Product,

    /// <summary>phi(x_i, x_j) = (pi - x_i)(pi - x_j) (Havlicek et al., Qiskit's ZZFeatureMap).</summary>
    Havlicek,
}

/// <summary>Options of <see cref="ZZFeatureMap"/>.</summary>
public sealed record ZZFeatureMapOptions
{
    /// <summary>Number of repetitions of (H, RZ, RZZ) (at least 1; default 1).</summary>
    public int Reps
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentException($"{nameof(Reps)} must be at least 1, got {value}", nameof(Reps));
    } = 1;

    /// <summary>The entangling pairs (default <see cref="EntanglementPattern.Linear"/>).</summary>
    public EntanglementPattern Entanglement
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentException($"{nameof(Entanglement)}: unknown pattern {(int)value}", nameof(Entanglement));
    } = EntanglementPattern.Linear;

    /// <summary>
    /// The pairs (positions i != j in the qubit list, each unordered pair at most once) when
    /// <see cref="Entanglement"/> is <see cref="EntanglementPattern.Explicit"/>; must be null otherwise.
    /// </summary>
    public IReadOnlyList<(int I, int J)>? Pairs
    {
        get;
        init => field = PairList.Check(value, nameof(Pairs));
    }

    /// <summary>The single-feature function (default <see cref="ZZSingleFeature.Identity"/>).</summary>
    public ZZSingleFeature SingleFeature
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentException($"{nameof(SingleFeature)}: unknown function {(int)value}", nameof(SingleFeature));
    } = ZZSingleFeature.Identity;

    /// <summary>The pair function (default <see cref="ZZPairFeature.Product"/>).</summary>
    public ZZPairFeature PairFeature
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentException($"{nameof(PairFeature)}: unknown function {(int)value}", nameof(PairFeature));
    } = ZZPairFeature.Product;

    /// <summary>The RZZ angle is <c>PairScale * phi(x_i, x_j)</c> (default 1; finite and non-zero).</summary>
    public double PairScale
    {
        get;
        init => field = double.IsFinite(value) && value != 0 ? value : throw new ArgumentException($"{nameof(PairScale)} must be finite and non-zero, got {value}", nameof(PairScale));
    } = 1.0;

    /// <summary>The defaults: one rep, linear pairs, RZ(x_i), RZZ(x_i x_j) (the Hwang et al. form).</summary>
    public static ZZFeatureMapOptions Default { get; } = new();

    /// <summary>
    /// Qiskit's <c>ZZFeatureMap(reps=2)</c> up to a global phase: RZ(2 x_i) and RZZ(2 (pi - x_i)(pi - x_j)),
    /// with the given entanglement.
    /// </summary>
    public static ZZFeatureMapOptions Qiskit(EntanglementPattern entanglement = EntanglementPattern.Full) => new()
    {
        Reps = 2,
        Entanglement = entanglement,
        SingleFeature = ZZSingleFeature.Double,
        PairFeature = ZZPairFeature.Havlicek,
        PairScale = 2,
    };

    /// <summary>The pairs (positions in a list of <paramref name="numQubits"/> qubits) this configuration entangles.</summary>
    /// <exception cref="ArgumentException">Explicit pairs missing, given for another pattern, out of range, or repeated.</exception>
    public IReadOnlyList<(int I, int J)> PairsFor(int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        if (Entanglement != EntanglementPattern.Explicit && Pairs is not null)
        {
            throw new ArgumentException($"{nameof(Pairs)} is only read with {nameof(Entanglement)} = {nameof(EntanglementPattern.Explicit)} (got {Entanglement})");
        }

        var list = new List<(int, int)>();
        switch (Entanglement)
        {
            case EntanglementPattern.Linear:
            case EntanglementPattern.Circular:
                for (int i = 0; i + 1 < numQubits; i++)
                {
                    list.Add((i, i + 1));
                }

                if (Entanglement == EntanglementPattern.Circular && numQubits > 2)
                {
                    list.Add((numQubits - 1, 0));
                }

                break;
            case EntanglementPattern.Full:
                for (int i = 0; i < numQubits; i++)
                {
                    for (int j = i + 1; j < numQubits; j++)
                    {
                        list.Add((i, j));
                    }
                }

                break;
            case EntanglementPattern.Explicit:
                if (Pairs is null)
                {
                    throw new ArgumentException($"{nameof(Entanglement)} = {nameof(EntanglementPattern.Explicit)} needs {nameof(Pairs)}");
                }

                foreach (var (i, j) in Pairs)
                {
                    if (i >= numQubits || j >= numQubits)
                    {
                        throw new ArgumentException($"{nameof(Pairs)}: pair ({i}, {j}) is out of range for {numQubits} qubit(s) (pairs are positions in the qubit list)");
                    }

                    list.Add((i, j));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(numQubits), Entanglement, "unknown entanglement pattern");
        }

        return list;
    }
}

/// <summary>
/// The ZZ feature map: per repetition, H on every qubit, RZ(phi(x_i)) on qubit i, then RZZ(phi(x_i, x_j)) on
/// each entangling pair.
/// </summary>
/// <remarks>
/// <para><b>Gate order.</b> For r = 1 .. Reps: H on all qubits; RZ(phi(x_i)) on the i-th qubit; RZZ on each
/// pair (i, j) in the order of <see cref="ZZFeatureMapOptions.PairsFor"/> (the RZZ gates commute, so the order
/// does not change the state). RZ(t) = exp(-i t Z / 2) and RZZ(t) = exp(-i t Z(x)Z / 2), so one repetition
/// maps |0..0&gt; to 2^{-n/2} sum_z exp(-i/2 [sum_i phi_i z_i + sum_(i,j) phi_ij z_i z_j]) |z&gt; with z_i = +-1
/// the eigenvalue of Z_i (+1 for bit 0).</para>
/// <para><b>Conventions.</b> The defaults (phi(x) = x, phi(x_i, x_j) = x_i x_j) follow Hwang et al.;
/// <see cref="ZZFeatureMapOptions.Qiskit"/> gives Qiskit's ZZFeatureMap (P(2 phi) on one qubit and
/// CX P(2 phi) CX on pairs are RZ and RZZ up to global phase). Feature i goes to the i-th qubit of the list.
/// Cost per repetition: 2n one-qubit gates and one diagonal two-qubit gate per pair.</para>
/// </remarks>
/// <param name="options">The options (default: one rep, linear, x and x_i x_j).</param>
public sealed class ZZFeatureMap(ZZFeatureMapOptions? options = null) : IEmbedding
{
    /// <summary>The options.</summary>
    public ZZFeatureMapOptions Options { get; } = options ?? ZZFeatureMapOptions.Default;

    /// <inheritdoc />
    public string Name => "zz";

    /// <inheritdoc />
    public int FeatureCount(int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        return numQubits;
    }

    /// <inheritdoc />
    public CircuitBuilder Append(CircuitBuilder builder, IReadOnlyList<int> qubits, IReadOnlyList<ParamExpr> features)
        => AppendZZ(builder, qubits, features, Options, "ZZ feature map");

    /// <summary>The shared body of the ZZ and IQP embeddings.</summary>
    internal static CircuitBuilder AppendZZ(CircuitBuilder builder, IReadOnlyList<int> qubits, IReadOnlyList<ParamExpr> features, ZZFeatureMapOptions o, string what)
    {
        EmbeddingGuard.Qubits(builder, qubits, what);
        int n = qubits.Count;
        EmbeddingGuard.Features(features, n, n, what);
        var pairs = o.PairsFor(n);
        var single = new ParamExpr[n];
        for (int i = 0; i < n; i++)
        {
            single[i] = o.SingleFeature == ZZSingleFeature.Double ? 2.0 * features[i] : features[i];
        }

        var pairAngles = new ParamExpr[pairs.Count];
        for (int p = 0; p < pairs.Count; p++)
        {
            var (i, j) = pairs[p];
            ParamExpr phi = o.PairFeature == ZZPairFeature.Havlicek
                ? (ParamExpr.Pi - features[i]) * (ParamExpr.Pi - features[j])
                : features[i] * features[j];
            pairAngles[p] = o.PairScale * phi;
        }

        for (int r = 0; r < o.Reps; r++)
        {
            for (int i = 0; i < n; i++)
            {
                builder.H(qubits[i]);
            }

            for (int i = 0; i < n; i++)
            {
                builder.RZ(single[i], qubits[i]);
            }

            for (int p = 0; p < pairs.Count; p++)
            {
                builder.RZZ(pairAngles[p], qubits[pairs[p].I], qubits[pairs[p].J]);
            }
        }

        return builder;
    }
}
