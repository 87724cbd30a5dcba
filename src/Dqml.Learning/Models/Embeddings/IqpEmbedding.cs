using Dqml.Circuits;
using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Models.Embeddings;

/// <summary>Options of <see cref="IqpEmbedding"/>.</summary>
public sealed record IqpEmbeddingOptions
{
    /// <summary>Number of repetitions (at least 1; default 1).</summary>
    public int Reps
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentException($"{nameof(Reps)} must be at least 1, got {value}", nameof(Reps));
    } = 1;

    /// <summary>The entangled pairs (positions in the qubit list); null (the default) means every pair i &lt; j.</summary>
    public IReadOnlyList<(int I, int J)>? Pairs
    {
        get;
        init => field = PairList.Check(value, nameof(Pairs));
    }

    /// <summary>The defaults: one repetition, all pairs.</summary>
    public static IqpEmbeddingOptions Default { get; } = new();
}

/// <summary>
/// IQP embedding in the style of Havlicek et al. (and PennyLane's <c>IQPEmbedding</c>): per repetition, H on every
/// qubit, RZ(x_i) on qubit i, then RZZ(x_i x_j) on every pair i &lt; j (or on the given pairs).
/// </summary>
/// <remarks>
/// This is <see cref="ZZFeatureMap"/> with full entanglement, phi(x) = x and phi(x_i, x_j) = x_i x_j (RZZ(t) =
/// exp(-i t Z(x)Z / 2), PennyLane's MultiRZ on two wires); the gate order is documented there. Cost per
/// repetition: 2n one-qubit gates and n(n-1)/2 diagonal two-qubit gates.
/// </remarks>
/// <param name="options">The options (default: one repetition, all pairs).</param>
public sealed class IqpEmbedding(IqpEmbeddingOptions? options = null) : IEmbedding
{
    /// <summary>The options.</summary>
    public IqpEmbeddingOptions Options { get; } = options ?? IqpEmbeddingOptions.Default;

    /// <inheritdoc />
    public string Name => "iqp";

    /// <inheritdoc />
    public int FeatureCount(int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        return numQubits;
    }

    /// <inheritdoc />
    public CircuitBuilder Append(CircuitBuilder builder, IReadOnlyList<int> qubits, IReadOnlyList<ParamExpr> features)
    {
        var zz = new ZZFeatureMapOptions
        {
            Reps = Options.Reps,
            Entanglement = Options.Pairs is null ? EntanglementPattern.Full : EntanglementPattern.Explicit,
            Pairs = Options.Pairs,
            SingleFeature = ZZSingleFeature.Identity,
            PairFeature = ZZPairFeature.Product,
        };
        return ZZFeatureMap.AppendZZ(builder, qubits, features, zz, "IQP embedding");
    }
}
