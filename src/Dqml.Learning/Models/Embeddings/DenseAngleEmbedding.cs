using Dqml.Circuits;
using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Models.Embeddings;

/// <summary>Which two features a qubit of a <see cref="DenseAngleEmbedding"/> reads.</summary>
public enum DenseAnglePairing
{
    /// <summary>Qubit k reads x_{2k} (first rotation) and x_{2k+1} (second rotation).</summary>
    Interleaved,

    /// <summary>Qubit k of n reads x_k (first rotation) and x_{k+n} (second rotation), as Hur et al.'s code.</summary>
    Split,
}

/// <summary>Options of <see cref="DenseAngleEmbedding"/>.</summary>
public sealed record DenseAngleEmbeddingOptions
{
    /// <summary>The first rotation on each qubit (default Y).</summary>
    public RotationAxis First
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentException($"{nameof(First)}: unknown rotation axis {(int)value}", nameof(First));
    } = RotationAxis.Y;

    /// <summary>The second rotation on each qubit (default Z); must differ from <see cref="First"/>.</summary>
    public RotationAxis Second
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentException($"{nameof(Second)}: unknown rotation axis {(int)value}", nameof(Second));
    } = RotationAxis.Z;

    /// <summary>Which features each qubit reads (default <see cref="DenseAnglePairing.Interleaved"/>).</summary>
    public DenseAnglePairing Pairing
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentException($"{nameof(Pairing)}: unknown pairing {(int)value}", nameof(Pairing));
    } = DenseAnglePairing.Interleaved;

    /// <summary>Both angles are <c>Scale * x</c> (default 1; finite and non-zero).</summary>
    public double Scale
    {
        get;
        init => field = double.IsFinite(value) && value != 0 ? value : throw new ArgumentException($"{nameof(Scale)} must be finite and non-zero, got {value}", nameof(Scale));
    } = 1.0;

    /// <summary>The defaults: RY(x_{2k}) then RZ(x_{2k+1}) on qubit k.</summary>
    public static DenseAngleEmbeddingOptions Default { get; } = new();

    /// <summary>
    /// The "Angle-compact" form of Hur et al.'s published code: RX(x_k) on every qubit, then RY(x_{k+n}).
    /// </summary>
    public static DenseAngleEmbeddingOptions HurCompact { get; } = new() { First = RotationAxis.X, Second = RotationAxis.Y, Pairing = DenseAnglePairing.Split };
}

/// <summary>
/// Dense angle embedding: two features per qubit, a first rotation by one feature then a second rotation
/// (about another axis) by the next.
/// </summary>
/// <remarks>
/// <para>With the defaults qubit k gets RY(x_{2k}) then RZ(x_{2k+1}), i.e. the state
/// e^{-i x_{2k+1}/2} cos(x_{2k}/2)|0&gt; + e^{+i x_{2k+1}/2} sin(x_{2k}/2)|1&gt;: the polar angle carries one
/// feature and the azimuth the other (LaRose and Coyle's dense angle encoding, up to the feature scale),
/// so n qubits hold 2n features. The first rotations are applied to every qubit before the second ones;
/// the order across qubits does not matter since the qubits are independent. Cost: 2n one-qubit gates.</para>
/// <para><see cref="DenseAngleEmbeddingOptions.HurCompact"/> reproduces the variant in Hur et al.'s code
/// (RX(x_k) then RY(x_{k+8}) on 8 qubits).</para>
/// </remarks>
/// <param name="options">The options (default RY/RZ, interleaved).</param>
public sealed class DenseAngleEmbedding(DenseAngleEmbeddingOptions? options = null) : IEmbedding
{
    /// <summary>The options.</summary>
    public DenseAngleEmbeddingOptions Options { get; } = Check(options ?? DenseAngleEmbeddingOptions.Default);

    /// <inheritdoc />
    public string Name => $"dense-angle-r{Options.First.ToString().ToLowerInvariant()}r{Options.Second.ToString().ToLowerInvariant()}";

    /// <inheritdoc />
    public int FeatureCount(int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        return 2 * numQubits;
    }

    /// <inheritdoc />
    public CircuitBuilder Append(CircuitBuilder builder, IReadOnlyList<int> qubits, IReadOnlyList<ParamExpr> features)
    {
        EmbeddingGuard.Qubits(builder, qubits, "dense angle embedding");
        int n = qubits.Count;
        EmbeddingGuard.Features(features, 2 * n, n, "dense angle embedding");
        bool split = Options.Pairing == DenseAnglePairing.Split;
        for (int k = 0; k < n; k++)
        {
            AngleEmbedding.AppendRotation(builder, Options.First, Options.Scale * features[split ? k : 2 * k], qubits[k]);
        }

        for (int k = 0; k < n; k++)
        {
            AngleEmbedding.AppendRotation(builder, Options.Second, Options.Scale * features[split ? k + n : (2 * k) + 1], qubits[k]);
        }

        return builder;
    }

    private static DenseAngleEmbeddingOptions Check(DenseAngleEmbeddingOptions options)
        => options.First != options.Second
            ? options
            : throw new ArgumentException($"dense angle embedding: {nameof(DenseAngleEmbeddingOptions.First)} and {nameof(DenseAngleEmbeddingOptions.Second)} are both R{options.First}: two rotations about one axis add up to one angle", nameof(options));
}
