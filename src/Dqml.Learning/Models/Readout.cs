namespace Dqml.Learning.Models;

/// <summary>How a model turns its final state into a decision value f.</summary>
public enum ReadoutKind
{
    /// <summary>
    /// Trainable interpret function over the joint outcome probabilities of the readout qubits:
    /// f = w_0 P[0..0] + ... + w_{2^m - 1} P[1..1] (Hwang et al.). Adds 2^m parameters.
    /// </summary>
    Interpret,

    /// <summary>f = &lt;Z (x) ... (x) Z&gt; on the readout qubits (for one qubit: its Z expectation). No parameters.</summary>
    Parity,
}

/// <summary>
/// The readout of a circuit model. Outcome index k of <see cref="ReadoutKind.Interpret"/> reads the
/// listed qubits as a bit string with the first listed qubit most significant: for qubits (a, b),
/// k = 2 a + b, so weights are in the order P[00], P[01], P[10], P[11].
/// </summary>
public sealed record Readout
{
    /// <summary>A readout over <paramref name="qubits"/>.</summary>
    /// <exception cref="ArgumentException">No qubits, a repeated qubit, or more than 6 qubits for an interpret function.</exception>
    public Readout(ReadoutKind kind, IReadOnlyList<int> qubits)
    {
        ArgumentNullException.ThrowIfNull(qubits);
        if (qubits.Count == 0)
        {
            throw new ArgumentException("a readout needs at least one qubit", nameof(qubits));
        }

        if (qubits.Distinct().Count() != qubits.Count)
        {
            throw new ArgumentException($"readout qubits [{string.Join(", ", qubits)}] repeat a qubit", nameof(qubits));
        }

        if (qubits.Any(q => q < 0))
        {
            throw new ArgumentException($"readout qubits [{string.Join(", ", qubits)}] include a negative index", nameof(qubits));
        }

        if (kind == ReadoutKind.Interpret && qubits.Count > 6)
        {
            throw new ArgumentException($"an interpret readout over {qubits.Count} qubits would need {1 << qubits.Count} weights; use at most 6 qubits", nameof(qubits));
        }

        Kind = kind;
        Qubits = [.. qubits];
    }

    /// <summary>Which readout.</summary>
    public ReadoutKind Kind { get; }

    /// <summary>The readout qubits, most significant first.</summary>
    public IReadOnlyList<int> Qubits { get; }

    /// <summary>Number of trainable readout parameters (2^m for an interpret function, else 0).</summary>
    public int ParameterCount => Kind == ReadoutKind.Interpret ? 1 << Qubits.Count : 0;

    /// <summary>Outcome index k of basis state <paramref name="z"/> (first readout qubit most significant).</summary>
    public int Outcome(int z)
    {
        int k = 0;
        foreach (int q in Qubits)
        {
            k = (k << 1) | ((z >> q) & 1);
        }

        return k;
    }

    /// <summary>Weight names w0, w1, ... in outcome order.</summary>
    public IEnumerable<string> ParameterNames() => Enumerable.Range(0, ParameterCount).Select(k => $"w{k}");

    /// <summary>Initial interpret weights: the parity pattern (+1 for an even number of ones, −1 otherwise), so training starts from the parity readout.</summary>
    public double[] InitialWeights()
    {
        var w = new double[ParameterCount];
        for (int k = 0; k < w.Length; k++)
        {
            w[k] = (BitCount(k) & 1) == 0 ? 1 : -1;
        }

        return w;
    }

    /// <summary>The diagonal of the readout observable O over 2^n basis states, for the given weights.</summary>
    public double[] ObservableDiagonal(int numQubits, ReadOnlySpan<double> weights)
    {
        if (Qubits.Any(q => q >= numQubits))
        {
            throw new ArgumentException($"readout qubits [{string.Join(", ", Qubits)}] exceed the model's {numQubits} qubits");
        }

        var diag = new double[1 << numQubits];
        for (int z = 0; z < diag.Length; z++)
        {
            int k = Outcome(z);
            diag[z] = Kind == ReadoutKind.Interpret ? weights[k] : (BitCount(k) & 1) == 0 ? 1 : -1;
        }

        return diag;
    }

    private static int BitCount(int k) => System.Numerics.BitOperations.PopCount((uint)k);
}
