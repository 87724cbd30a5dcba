using Dqml.Circuits;
using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Models.Embeddings;

/// <summary>
/// A data embedding (feature map): appends the gates that load classical features into a register of qubits.
/// </summary>
/// <remarks>
/// <para>An embedding reads its features as <see cref="ParamExpr"/>s, in order: normally data-input symbols
/// (<c>x0, x1, ...</c>, see <see cref="FeatureSymbols"/>), so that one symbolic circuit serves every sample
/// and the model binds the features per row; constants give a circuit for one concrete sample. Feature k
/// goes to the k-th qubit of the list the caller passes (for embeddings with one feature per qubit), so
/// features can be assigned to processors freely: qubits 4..7 reading x4..x7, for instance.</para>
/// <para>Implementations validate at the boundary: an empty or repeated qubit list, a qubit outside the
/// builder, or a wrong number of features is an <see cref="ArgumentException"/> naming the embedding.</para>
/// </remarks>
public interface IEmbedding
{
    /// <summary>Short name, e.g. <c>angle-ry</c>, <c>zz</c>, <c>amplitude</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Number of features the embedding reads on <paramref name="numQubits"/> qubits (for amplitude encoding the
    /// maximum, 2^n; fewer features are padded with zeros).
    /// </summary>
    int FeatureCount(int numQubits);

    /// <summary>Appends the embedding's gates on <paramref name="qubits"/>, reading <paramref name="features"/> in order.</summary>
    /// <param name="builder">The circuit builder to append to.</param>
    /// <param name="qubits">The register, in order (distinct, in range, non-empty).</param>
    /// <param name="features">The features (see <see cref="FeatureCount"/> for how many).</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentException">Bad qubits or a wrong number of features.</exception>
    CircuitBuilder Append(CircuitBuilder builder, IReadOnlyList<int> qubits, IReadOnlyList<ParamExpr> features);
}

/// <summary>Data-input symbols for embeddings: feature i is <c>ParamExpr.Input("x" + i)</c>.</summary>
public static class FeatureSymbols
{
    /// <summary>The prefix of feature symbols: feature i is named <c>x{i}</c>.</summary>
    public const string Prefix = "x";

    /// <summary>The name of feature <paramref name="index"/>: <c>x{index}</c>.</summary>
    public static string Name(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The data-input symbol of feature <paramref name="index"/>.</summary>
    public static Symbol Symbol(int index) => new(Name(index), SymbolKind.Input);

    /// <summary>The data-input expression of feature <paramref name="index"/>.</summary>
    public static ParamExpr Input(int index) => ParamExpr.Input(Name(index));

    /// <summary>The data-input expressions of the given feature indices (non-negative, distinct).</summary>
    /// <exception cref="ArgumentException">A negative or repeated index.</exception>
    public static ParamExpr[] Inputs(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var seen = new HashSet<int>();
        var result = new ParamExpr[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            if (i < 0)
            {
                throw new ArgumentException($"feature index {i} (position {k}) is negative", nameof(indices));
            }

            if (!seen.Add(i))
            {
                throw new ArgumentException($"feature index {i} appears twice in the feature list", nameof(indices));
            }

            result[k] = Input(i);
        }

        return result;
    }

    /// <summary>The data-input expressions x{first} .. x{first + count - 1}.</summary>
    public static ParamExpr[] Range(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new ParamExpr[count];
        for (int k = 0; k < count; k++)
        {
            result[k] = Input(first + k);
        }

        return result;
    }

    /// <summary>Constant expressions for one concrete sample (the embedding then has no symbols).</summary>
    public static ParamExpr[] Constants(ReadOnlySpan<double> values)
    {
        var result = new ParamExpr[values.Length];
        for (int k = 0; k < values.Length; k++)
        {
            result[k] = ParamExpr.Constant(values[k]);
        }

        return result;
    }
}

/// <summary>Conveniences over <see cref="IEmbedding"/>.</summary>
public static class EmbeddingExtensions
{
    /// <summary>
    /// Appends the embedding reading data-input symbols: feature k is <c>x{featureIndices[k]}</c>, or
    /// <c>x{k}</c> when <paramref name="featureIndices"/> is null (then <see cref="IEmbedding.FeatureCount"/> features are read).
    /// </summary>
    /// <example><code>
    /// // processor B (qubits 4..7) reads x4..x7
    /// new AngleEmbedding().AppendInputs(builder, [4, 5, 6, 7], [4, 5, 6, 7]);
    /// </code></example>
    /// <exception cref="ArgumentException">Bad qubits, or a negative, repeated or wrongly counted feature index.</exception>
    public static CircuitBuilder AppendInputs(this IEmbedding embedding, CircuitBuilder builder, IReadOnlyList<int> qubits, IReadOnlyList<int>? featureIndices = null)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(qubits);
        var features = featureIndices is null
            ? FeatureSymbols.Range(0, embedding.FeatureCount(qubits.Count))
            : FeatureSymbols.Inputs(featureIndices);
        return embedding.Append(builder, qubits, features);
    }

    /// <summary>
    /// Appends the embedding for one concrete sample (constant angles; no symbols).
    /// </summary>
    /// <exception cref="ArgumentException">Bad qubits or a wrong number of features.</exception>
    public static CircuitBuilder AppendValues(this IEmbedding embedding, CircuitBuilder builder, IReadOnlyList<int> qubits, ReadOnlySpan<double> features)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        return embedding.Append(builder, qubits, FeatureSymbols.Constants(features));
    }

    /// <summary>The embedding alone on qubits 0 .. <paramref name="numQubits"/> - 1, reading x0, x1, ...</summary>
    public static Circuit ToCircuit(this IEmbedding embedding, int numQubits)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numQubits);
        var b = new CircuitBuilder(numQubits);
        embedding.AppendInputs(b, [.. Enumerable.Range(0, numQubits)]);
        return b.Build();
    }
}
