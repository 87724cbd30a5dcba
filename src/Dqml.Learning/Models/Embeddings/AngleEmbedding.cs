using Dqml.Circuits;
using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Models.Embeddings;

/// <summary>The axis of a one-qubit rotation R_P(t) = exp(-i t P / 2).</summary>
public enum RotationAxis
{
    /// <summary>RX.</summary>
    X,

    /// <summary>RY.</summary>
    Y,

    /// <summary>RZ.</summary>
    Z,
}

/// <summary>Options of <see cref="AngleEmbedding"/>.</summary>
public sealed record AngleEmbeddingOptions
{
    /// <summary>The rotation axis (default Y, as in Hur et al.).</summary>
    public RotationAxis Rotation
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentException($"{nameof(Rotation)}: unknown rotation axis {(int)value}", nameof(Rotation));
    } = RotationAxis.Y;

    /// <summary>The angle is <c>Scale * x</c> (default 1; finite and non-zero).</summary>
    public double Scale
    {
        get;
        init => field = double.IsFinite(value) && value != 0 ? value : throw new ArgumentException($"{nameof(Scale)} must be finite and non-zero, got {value}", nameof(Scale));
    } = 1.0;

    /// <summary>The defaults: RY(x).</summary>
    public static AngleEmbeddingOptions Default { get; } = new();
}

/// <summary>
/// Angle embedding: one feature per qubit, R_P(Scale * x_k) on the k-th qubit of the list, from |0&gt;.
/// </summary>
/// <remarks>
/// With RY, qubit k ends in cos(s x_k / 2)|0&gt; + sin(s x_k / 2)|1&gt;; with RX in cos(s x_k / 2)|0&gt; - i sin(s x_k / 2)|1&gt;.
/// (RZ on |0&gt; is only a phase: follow it with non-diagonal gates or start from |+&gt;.) Hur et al. use RY with
/// features scaled to [0, pi] by the data pipeline. Cost: n one-qubit gates.
/// </remarks>
/// <param name="options">The options (default RY, scale 1).</param>
public sealed class AngleEmbedding(AngleEmbeddingOptions? options = null) : IEmbedding
{
    /// <summary>The options.</summary>
    public AngleEmbeddingOptions Options { get; } = options ?? AngleEmbeddingOptions.Default;

    /// <inheritdoc />
    public string Name => "angle-r" + Options.Rotation.ToString().ToLowerInvariant();

    /// <inheritdoc />
    public int FeatureCount(int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        return numQubits;
    }

    /// <inheritdoc />
    public CircuitBuilder Append(CircuitBuilder builder, IReadOnlyList<int> qubits, IReadOnlyList<ParamExpr> features)
    {
        EmbeddingGuard.Qubits(builder, qubits, "angle embedding");
        EmbeddingGuard.Features(features, qubits.Count, qubits.Count, "angle embedding");
        for (int k = 0; k < qubits.Count; k++)
        {
            AppendRotation(builder, Options.Rotation, Options.Scale * features[k], qubits[k]);
        }

        return builder;
    }

    /// <summary>Appends R_axis(angle) on <paramref name="qubit"/>.</summary>
    internal static void AppendRotation(CircuitBuilder builder, RotationAxis axis, ParamExpr angle, int qubit)
    {
        switch (axis)
        {
            case RotationAxis.X:
                builder.RX(angle, qubit);
                break;
            case RotationAxis.Y:
                builder.RY(angle, qubit);
                break;
            case RotationAxis.Z:
                builder.RZ(angle, qubit);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(axis), axis, "unknown rotation axis");
        }
    }
}
