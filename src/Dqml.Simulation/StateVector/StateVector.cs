using System.Numerics;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation;

/// <summary>
/// A pure state of n qubits as 2^n complex128 amplitudes. Qubit 0 is the least significant bit of the
/// basis index: amplitude i belongs to |b_{n-1} ... b_1 b_0&gt; with i = sum_q b_q 2^q.
/// </summary>
public sealed class StateVector
{
    /// <summary>Largest qubit count (amplitudes indexed by int; 2^30 x 16 B = 16 GiB).</summary>
    public const int MaxQubits = 30;

    private Complex[] _amplitudes;

    /// <summary>|0...0&gt; on <paramref name="numQubits"/> qubits.</summary>
    public StateVector(int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        if (numQubits > MaxQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(numQubits), $"{numQubits} qubits exceeds the state-vector limit of {MaxQubits}");
        }

        NumQubits = numQubits;
        _amplitudes = new Complex[1 << numQubits];
        _amplitudes[0] = Complex.One;
    }

    private StateVector(int numQubits, Complex[] amplitudes)
    {
        NumQubits = numQubits;
        _amplitudes = amplitudes;
    }

    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; }

    /// <summary>The amplitudes (length 2^n), writable.</summary>
    public Span<Complex> Amplitudes => _amplitudes;

    /// <summary>Amplitude of basis state <paramref name="index"/>.</summary>
    public Complex this[int index] => _amplitudes[index];

    /// <summary>A state from amplitudes (copied; length must be a power of two; not renormalised).</summary>
    public static StateVector FromAmplitudes(ReadOnlySpan<Complex> amplitudes)
    {
        int len = amplitudes.Length;
        if (len == 0 || (len & (len - 1)) != 0)
        {
            throw new ArgumentException($"{len} amplitudes is not a power of two", nameof(amplitudes));
        }

        return new StateVector(BitOperations.Log2((uint)len), amplitudes.ToArray());
    }

    /// <summary>The computational basis state |index&gt;.</summary>
    public static StateVector Basis(int numQubits, int index)
    {
        var s = new StateVector(numQubits);
        if ((uint)index >= (uint)s._amplitudes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"basis index {index} is out of range for {numQubits} qubits");
        }

        s._amplitudes[0] = Complex.Zero;
        s._amplitudes[index] = Complex.One;
        return s;
    }

    /// <summary>A deep copy.</summary>
    public StateVector Clone() => new(NumQubits, (Complex[])_amplitudes.Clone());

    /// <summary>Copies another state's amplitudes into this one (same size).</summary>
    public void CopyFrom(StateVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other._amplitudes.AsSpan().CopyTo(_amplitudes);
    }

    /// <summary>The underlying amplitude array (for kernels that need an array, e.g. across threads).</summary>
    internal Complex[] Buffer => _amplitudes;

    /// <summary>
    /// Replaces the amplitude buffer with <paramref name="buffer"/> (same length) and returns the old one;
    /// lets out-of-place kernels avoid a copy back.
    /// </summary>
    internal Complex[] ExchangeBuffer(Complex[] buffer)
    {
        if (buffer.Length != _amplitudes.Length)
        {
            throw new ArgumentException("buffer length differs", nameof(buffer));
        }

        var old = _amplitudes;
        _amplitudes = buffer;
        return old;
    }

    /// <summary>Applies a gate (parameters bound from <paramref name="values"/>) to qubits.</summary>
    public void Apply(Gate gate, ReadOnlySpan<int> qubits, IParameterSource? values = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        if (qubits.Length != gate.Definition.NumQubits)
        {
            throw new ArgumentException($"gate '{gate.Name}' acts on {gate.Definition.NumQubits} qubit(s), got {qubits.Length}", nameof(qubits));
        }

        for (int j = 0; j < qubits.Length; j++)
        {
            int q = qubits[j];
            if ((uint)q >= (uint)NumQubits)
            {
                throw new ArgumentOutOfRangeException(nameof(qubits), $"gate '{gate.Name}': qubit {q} is out of range for {NumQubits} qubits");
            }

            if (qubits[..j].Contains(q))
            {
                throw new ArgumentException($"gate '{gate.Name}': qubit {q} appears twice", nameof(qubits));
            }
        }

        Apply(CompiledGate.Compile(gate.Definition, gate.BindParameters(values), qubits));
    }

    /// <summary>Applies a compiled gate.</summary>
    public void Apply(CompiledGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        gate.Apply(_amplitudes);
    }

    /// <summary>|amplitude|^2 for every basis state.</summary>
    public double[] Probabilities()
    {
        var p = new double[_amplitudes.Length];
        AddProbabilities(p, 1.0);
        return p;
    }

    /// <summary>Adds <paramref name="weight"/> |a_i|^2 to <paramref name="into"/>[i].</summary>
    public void AddProbabilities(Span<double> into, double weight)
    {
        var a = _amplitudes;
        for (int i = 0; i < a.Length; i++)
        {
            into[i] += weight * ((a[i].Real * a[i].Real) + (a[i].Imaginary * a[i].Imaginary));
        }
    }

    /// <summary>Euclidean norm (1 for a normalised state).</summary>
    public double Norm() => Math.Sqrt(StateVectorKernels.NormSquared(_amplitudes));

    /// <summary>Probability that measuring <paramref name="qubit"/> gives 1.</summary>
    public double ProbabilityOfOne(int qubit) => StateVectorKernels.ProbabilityOfOne(_amplitudes, qubit);

    /// <summary>Projects <paramref name="qubit"/> onto <paramref name="outcome"/>, renormalising by the outcome's probability.</summary>
    public void Collapse(int qubit, int outcome, double probability)
    {
        if (probability <= 0)
        {
            throw new InvalidOperationException($"cannot collapse qubit {qubit} onto outcome {outcome} of probability {probability}");
        }

        StateVectorKernels.Collapse(_amplitudes, qubit, outcome, 1 / Math.Sqrt(probability));
    }

    /// <summary>&lt;this|other&gt;.</summary>
    public Complex InnerProduct(StateVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Complex s = Complex.Zero;
        var a = _amplitudes;
        var b = other._amplitudes;
        for (int i = 0; i < a.Length; i++)
        {
            s += Complex.Conjugate(a[i]) * b[i];
        }

        return s;
    }

    /// <summary>&lt;psi|P|psi&gt; for a Pauli string (real for a normalised state).</summary>
    /// <remarks>P|i&gt; = i^{#Y} (-1)^{popcount(i &amp; Z)} |i xor X&gt;; one pass over the state.</remarks>
    public double Expectation(PauliString p)
    {
        CheckPauli(p);
        var a = _amplitudes;
        int x = (int)p.XMask, z = (int)p.ZMask;
        double sum = 0;
        if (x == 0)
        {
            for (int i = 0; i < a.Length; i++)
            {
                double w = (a[i].Real * a[i].Real) + (a[i].Imaginary * a[i].Imaginary);
                sum += (BitOperations.PopCount((uint)(i & z)) & 1) == 0 ? w : -w;
            }

            return sum;
        }

        // Re( i^{#Y} sum_i conj(a[i^x]) (-1)^{|i & z|} a[i] )
        Complex acc = Complex.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            Complex t = Complex.Conjugate(a[i ^ x]) * a[i];
            acc += (BitOperations.PopCount((uint)(i & z)) & 1) == 0 ? t : -t;
        }

        return (p.Phase * acc).Real;
    }

    /// <summary>&lt;psi|H|psi&gt; for a weighted Pauli sum.</summary>
    public double Expectation(PauliSum observable)
    {
        ArgumentNullException.ThrowIfNull(observable);
        return observable.Evaluate(Expectation);
    }

    /// <summary>
    /// The reduced density matrix of <paramref name="qubits"/> (others traced out); qubits[0] is the least
    /// significant bit of the reduced index.
    /// </summary>
    public Complex[,] ReducedDensityMatrix(ReadOnlySpan<int> qubits)
    {
        int k = qubits.Length;
        ValidateSubset(qubits);
        int d = 1 << k;
        var rho = new Complex[d, d];
        AddReducedDensityMatrix(rho, qubits, 1.0, 0);
        return rho;
    }

    /// <summary>
    /// Adds <paramref name="weight"/> times the reduced density matrix of <paramref name="qubits"/> to
    /// <paramref name="rho"/>, with coherences zeroed between local states that differ on any qubit in
    /// <paramref name="dephasedMask"/> (qubits that were measured but kept, see deferred measurement).
    /// </summary>
    public void AddReducedDensityMatrix(Complex[,] rho, ReadOnlySpan<int> qubits, double weight, ulong dephasedMask)
    {
        ArgumentNullException.ThrowIfNull(rho);
        int k = qubits.Length;
        int d = 1 << k;
        Span<int> offsets = stackalloc int[d];
        BitIndex.Offsets(qubits, offsets);
        var sorted = qubits.ToArray();
        Array.Sort(sorted);
        int localDephased = 0;
        for (int j = 0; j < k; j++)
        {
            if (((dephasedMask >> qubits[j]) & 1) != 0)
            {
                localDephased |= 1 << j;
            }
        }

        var a = _amplitudes;
        int count = a.Length >> k;
        for (int rest = 0; rest < count; rest++)
        {
            int b = BitIndex.InsertZeros(rest, sorted);
            for (int r = 0; r < d; r++)
            {
                Complex ar = a[b + offsets[r]];
                if (ar == Complex.Zero)
                {
                    continue;
                }

                for (int c = 0; c < d; c++)
                {
                    if (((r ^ c) & localDephased) != 0)
                    {
                        continue;
                    }

                    rho[r, c] += weight * ar * Complex.Conjugate(a[b + offsets[c]]);
                }
            }
        }
    }

    private void ValidateSubset(ReadOnlySpan<int> qubits)
    {
        if (qubits.Length > 12)
        {
            throw new ArgumentException($"reduced density matrix of {qubits.Length} qubits is too large (at most 12)", nameof(qubits));
        }

        for (int j = 0; j < qubits.Length; j++)
        {
            if ((uint)qubits[j] >= (uint)NumQubits)
            {
                throw new ArgumentOutOfRangeException(nameof(qubits), $"qubit {qubits[j]} is out of range for {NumQubits} qubits");
            }

            for (int i = 0; i < j; i++)
            {
                if (qubits[i] == qubits[j])
                {
                    throw new ArgumentException($"qubit {qubits[j]} appears twice", nameof(qubits));
                }
            }
        }
    }

    private void CheckPauli(PauliString p)
    {
        if (p.MaxQubit >= NumQubits)
        {
            throw new ArgumentException($"Pauli string acts on qubit {p.MaxQubit} but the state has {NumQubits} qubits", nameof(p));
        }
    }
}
