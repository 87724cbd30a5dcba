using System.Collections.Immutable;
using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Learning.Models.Embeddings;
using Dqml.Simulation;

namespace Dqml.Learning.Models.Hur;

/// <summary>The data embeddings offered for the Hur et al. QCNN.</summary>
public enum EmbeddingChoice
{
    /// <summary>RY(x_k) on qubit k: 8 features (Hur et al. scale them to [0, pi]).</summary>
    Angle,

    /// <summary><see cref="DenseAngleEmbedding"/> defaults, RY(x_{2k}) then RZ(x_{2k+1}) on qubit k: 16 features.</summary>
    DenseAngle,

    /// <summary><see cref="AmplitudeEmbedding"/> of 256 features, in PennyLane's wire order (see <see cref="HurQcnn"/>).</summary>
    Amplitude,

    /// <summary><see cref="ZZFeatureMap"/> defaults (H, RZ(x_k), RZZ(x_k x_{k+1}) on neighbours, one rep): 8 features.</summary>
    ZZ,
}

/// <summary>A built Hur et al. QCNN: the symbolic circuit and what a model needs to run it.</summary>
/// <param name="Circuit">Embedding then QCNN on 8 qubits; unitary (no measurements).</param>
/// <param name="Parameters">The trainable symbols in the authors' parameter-vector order (conv1, conv2, conv3, pool1, pool2, pool3).</param>
/// <param name="Features">The data-input symbols x0 .. x{F-1} in order.</param>
/// <param name="ReadoutQubit">The qubit whose Z expectation (or P(0), P(1)) is the model output: 4.</param>
/// <param name="Block">The convolution block.</param>
/// <param name="Embedding">The embedding's name.</param>
public sealed record HurQcnnCircuit(
    Circuit Circuit,
    ImmutableArray<Symbol> Parameters,
    ImmutableArray<Symbol> Features,
    int ReadoutQubit,
    ConvolutionBlock Block,
    string Embedding)
{
    /// <summary>Number of trainable parameters: 3 x (block parameters) + 3 x 2.</summary>
    public int ParameterCount => Parameters.Length;

    /// <summary>Number of data features.</summary>
    public int FeatureCount => Features.Length;

    /// <summary>Z on the readout qubit (the MSE output of Hur et al.).</summary>
    public PauliSum ReadoutObservable => new PauliString(0, 1UL << ReadoutQubit);
}

/// <summary>
/// The 8-qubit QCNN of Hur, Kim and Park (arXiv:2108.00661): three convolution layers with one shared
/// parameter set each, three pooling layers with one shared pair of parameters each, readout on qubit 4.
/// </summary>
/// <remarks>
/// <para><b>Layout</b> (layout positions 0..7; the authors' <c>QCNN_circuit.py</c>):
/// conv1 on (0,7), (0,1), (2,3), (4,5), (6,7), (1,2), (3,4), (5,6);
/// pool1 with (control -&gt; target) (1 -&gt; 0), (3 -&gt; 2), (5 -&gt; 4), (7 -&gt; 6);
/// conv2 on (0,6), (0,2), (4,6), (2,4);
/// pool2 (2 -&gt; 0), (6 -&gt; 4);
/// conv3 on (0,4);
/// pool3 (0 -&gt; 4); readout qubit 4.
/// "c -&gt; t" means control c is pooled into target t: c is discarded and never touched again, t survives.
/// So 0, 2, 4, 6 survive pool1, 0 and 4 survive pool2, and 4 survives pool3: every later layer acts only
/// on survivors.</para>
/// <para><b>Parameters.</b> All blocks of one layer share the layer's parameters, as in the paper:
/// <c>conv{l}_{k}</c> for k &lt; <see cref="ConvolutionBlocks.ParameterCount"/> and <c>pool{l}_{0,1}</c>, l = 1..3;
/// total 3 c + 6 (51 for U_SU4, 12 for U_TTN). <see cref="HurQcnnCircuit.Parameters"/> lists them as the
/// authors' flat vector: conv1, conv2, conv3, pool1, pool2, pool3.</para>
/// <para><b>Embeddings.</b> Features x0.. are loaded on qubits 0..7 first (see <see cref="EmbeddingChoice"/>).
/// The amplitude embedding uses qubits in the order (7, 6, ..., 0), i.e. PennyLane's wire order as in the
/// authors' code: feature i is the amplitude of the state with bit (7 - q) of i on qubit q.</para>
/// </remarks>
public static class HurQcnn
{
    /// <summary>Number of qubits.</summary>
    public const int NumQubits = 8;

    /// <summary>The readout qubit (layout position).</summary>
    public const int ReadoutPosition = 4;

    /// <summary>Convolution layer 1 pairs (a, b).</summary>
    public static IReadOnlyList<(int A, int B)> Conv1Pairs { get; } = [(0, 7), (0, 1), (2, 3), (4, 5), (6, 7), (1, 2), (3, 4), (5, 6)];

    /// <summary>Pooling layer 1 (control, target) pairs.</summary>
    public static IReadOnlyList<(int Control, int Target)> Pool1Pairs { get; } = [(1, 0), (3, 2), (5, 4), (7, 6)];

    /// <summary>Convolution layer 2 pairs (a, b).</summary>
    public static IReadOnlyList<(int A, int B)> Conv2Pairs { get; } = [(0, 6), (0, 2), (4, 6), (2, 4)];

    /// <summary>Pooling layer 2 (control, target) pairs.</summary>
    public static IReadOnlyList<(int Control, int Target)> Pool2Pairs { get; } = [(2, 0), (6, 4)];

    /// <summary>Convolution layer 3 pairs (a, b).</summary>
    public static IReadOnlyList<(int A, int B)> Conv3Pairs { get; } = [(0, 4)];

    /// <summary>Pooling layer 3 (control, target) pairs.</summary>
    public static IReadOnlyList<(int Control, int Target)> Pool3Pairs { get; } = [(0, 4)];

    /// <summary>Number of trainable parameters of the QCNN with <paramref name="block"/>: 3 c + 3 x 2.</summary>
    public static int ParameterCount(ConvolutionBlock block) => (3 * ConvolutionBlocks.ParameterCount(block)) + (3 * PoolingBlock.ParameterCount);

    /// <summary>Number of features read by <paramref name="embedding"/> on 8 qubits (8, 16, 256, 8).</summary>
    public static int FeatureCount(EmbeddingChoice embedding) => embedding switch
    {
        EmbeddingChoice.Angle => NumQubits,
        EmbeddingChoice.DenseAngle => 2 * NumQubits,
        EmbeddingChoice.Amplitude => 1 << NumQubits,
        EmbeddingChoice.ZZ => NumQubits,
        _ => throw new ArgumentOutOfRangeException(nameof(embedding), embedding, "unknown embedding"),
    };

    /// <summary>The embedding object behind <paramref name="embedding"/>.</summary>
    public static IEmbedding CreateEmbedding(EmbeddingChoice embedding) => embedding switch
    {
        EmbeddingChoice.Angle => new AngleEmbedding(),
        EmbeddingChoice.DenseAngle => new DenseAngleEmbedding(),
        EmbeddingChoice.Amplitude => new AmplitudeEmbedding(),
        EmbeddingChoice.ZZ => new ZZFeatureMap(),
        _ => throw new ArgumentOutOfRangeException(nameof(embedding), embedding, "unknown embedding"),
    };

    /// <summary>The trainable symbols of the QCNN in the authors' order (conv1, conv2, conv3, pool1, pool2, pool3).</summary>
    /// <param name="block">The convolution block.</param>
    /// <param name="prefix">Prepended to every name (default none).</param>
    public static ImmutableArray<Symbol> ParameterSymbols(ConvolutionBlock block, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var list = new List<Symbol>(ParameterCount(block));
        for (int l = 1; l <= 3; l++)
        {
            list.AddRange(ConvParameters(block, l, prefix).Select(Single));
        }

        for (int l = 1; l <= 3; l++)
        {
            list.AddRange(PoolParameters(l, prefix).Select(Single));
        }

        return [.. list];
    }

    /// <summary>
    /// Builds embedding + QCNN on 8 qubits with the features x0 .. x{F-1} (F from <see cref="FeatureCount"/>).
    /// </summary>
    public static HurQcnnCircuit Build(ConvolutionBlock block, EmbeddingChoice embedding)
    {
        var e = CreateEmbedding(embedding);
        int[] qubits = embedding == EmbeddingChoice.Amplitude ? [7, 6, 5, 4, 3, 2, 1, 0] : [0, 1, 2, 3, 4, 5, 6, 7];
        return Build(block, e, qubits);
    }

    /// <summary>
    /// Builds a custom embedding (on <paramref name="embeddingQubits"/>, default 0..7, reading x0 ..
    /// x{FeatureCount-1}) followed by the QCNN on qubits 0..7.
    /// </summary>
    /// <exception cref="ArgumentException">The embedding rejects the qubits or features.</exception>
    public static HurQcnnCircuit Build(ConvolutionBlock block, IEmbedding embedding, IReadOnlyList<int>? embeddingQubits = null)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var qubits = embeddingQubits ?? [.. Enumerable.Range(0, NumQubits)];
        var b = new CircuitBuilder(NumQubits);
        var features = FeatureSymbols.Range(0, embedding.FeatureCount(qubits.Count));
        embedding.Append(b, qubits, features);
        AppendAnsatz(b, block, [.. Enumerable.Range(0, NumQubits)]);
        return new HurQcnnCircuit(
            b.Build(),
            ParameterSymbols(block),
            [.. features.Select(Single)],
            ReadoutPosition,
            block,
            embedding.Name);
    }

    /// <summary>
    /// Appends the QCNN (no embedding) on 8 qubits: layout position j is <paramref name="qubits"/>[j]; the
    /// readout is <paramref name="qubits"/>[4].
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="block">The convolution block.</param>
    /// <param name="qubits">The 8 physical qubits of layout positions 0..7 (distinct, in range).</param>
    /// <param name="prefix">Prepended to every parameter name (default none), e.g. to place two QCNNs in one circuit.</param>
    /// <returns>The trainable symbols in the authors' order (see <see cref="ParameterSymbols"/>).</returns>
    /// <exception cref="ArgumentException">Not 8 distinct in-range qubits.</exception>
    public static ImmutableArray<Symbol> AppendAnsatz(CircuitBuilder builder, ConvolutionBlock block, IReadOnlyList<int> qubits, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(qubits);
        ArgumentNullException.ThrowIfNull(prefix);
        EmbeddingGuard.Qubits(builder, qubits, "Hur QCNN");
        if (qubits.Count != NumQubits)
        {
            throw new ArgumentException($"Hur QCNN: the layout has {NumQubits} qubits, got {qubits.Count}", nameof(qubits));
        }

        _ = ConvolutionBlocks.ParameterCount(block); // validates the enum value
        var layers = new (IReadOnlyList<(int, int)> Conv, IReadOnlyList<(int, int)> Pool)[]
        {
            (Conv1Pairs, Pool1Pairs), (Conv2Pairs, Pool2Pairs), (Conv3Pairs, Pool3Pairs),
        };
        for (int l = 0; l < layers.Length; l++)
        {
            var conv = ConvParameters(block, l + 1, prefix);
            foreach (var (a, c) in layers[l].Conv)
            {
                ConvolutionBlocks.Append(builder, block, qubits[a], qubits[c], conv);
            }

            var pool = PoolParameters(l + 1, prefix);
            foreach (var (control, target) in layers[l].Pool)
            {
                PoolingBlock.Append(builder, qubits[control], qubits[target], pool);
            }
        }

        return ParameterSymbols(block, prefix);
    }

    private static ParamExpr[] ConvParameters(ConvolutionBlock block, int layer, string prefix)
        => ConvolutionBlocks.TrainableParameters($"{prefix}conv{layer}_", ConvolutionBlocks.ParameterCount(block));

    private static ParamExpr[] PoolParameters(int layer, string prefix)
        => ConvolutionBlocks.TrainableParameters($"{prefix}pool{layer}_", PoolingBlock.ParameterCount);

    private static Symbol Single(ParamExpr e) => ((SymbolExpr)e).Symbol;
}
