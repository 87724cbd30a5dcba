using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// From this many amplitudes (16 KiB) on, the amplitudes start on a 64-byte boundary of a pinned array: every
    /// 512-bit load and store of the kernels then stays inside one cache line (measured 10-20% faster for states in
    /// L1/L2, n = 10-16). Smaller states stay ordinary (movable, short-lived) arrays.
    /// </summary>
    internal const int AlignedMinLength = 1 << 10;

    private Memory<Complex> _memory;

    /// <summary>|0...0&gt; on <paramref name="numQubits"/> qubits.</summary>
    public StateVector(int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        if (numQubits > MaxQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(numQubits), $"{numQubits} qubits exceeds the state-vector limit of {MaxQubits}");
        }

        NumQubits = numQubits;
        _memory = AllocateAmplitudes(1 << numQubits);
        Amplitudes[0] = Complex.One;
    }

    private StateVector(int numQubits, Memory<Complex> amplitudes)
    {
        NumQubits = numQubits;
        _memory = amplitudes;
    }

    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; }

    /// <summary>The amplitudes (length 2^n), writable.</summary>
    public Span<Complex> Amplitudes => _memory.Span;

    /// <summary>Amplitude of basis state <paramref name="index"/>.</summary>
    public Complex this[int index] => Amplitudes[index];

    /// <summary>A state from amplitudes (copied; length must be a power of two; not renormalised).</summary>
    public static StateVector FromAmplitudes(ReadOnlySpan<Complex> amplitudes)
    {
        int len = amplitudes.Length;
        if (len == 0 || (len & (len - 1)) != 0)
        {
            throw new ArgumentException($"{len} amplitudes is not a power of two", nameof(amplitudes));
        }

        var segment = AllocateAmplitudes(len);
        amplitudes.CopyTo(segment.Span);
        return new StateVector(BitOperations.Log2((uint)len), segment);
    }

    /// <summary>The computational basis state |index&gt;.</summary>
    public static StateVector Basis(int numQubits, int index)
    {
        var s = new StateVector(numQubits);
        var a = s.Amplitudes;
        if ((uint)index >= (uint)a.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"basis index {index} is out of range for {numQubits} qubits");
        }

        a[0] = Complex.Zero;
        a[index] = Complex.One;
        return s;
    }

    /// <summary>A deep copy.</summary>
    public StateVector Clone()
    {
        var segment = AllocateAmplitudes(1 << NumQubits);
        Amplitudes.CopyTo(segment.Span);
        return new(NumQubits, segment);
    }

    /// <summary>Copies another state's amplitudes into this one (same size).</summary>
    public void CopyFrom(StateVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.Amplitudes.CopyTo(Amplitudes);
    }

    /// <summary>The amplitude storage (for kernels that need to slice it across threads).</summary>
    internal Memory<Complex> Memory => _memory;

    /// <summary>
    /// Amplitude storage for <paramref name="length"/> amplitudes, zeroed: from <see cref="AlignedMinLength"/> on
    /// 64-byte aligned inside a pinned array (<see cref="AlignedAmplitudes"/>), below it a plain array.
    /// </summary>
    internal static Memory<Complex> AllocateAmplitudes(int length)
        => length < AlignedMinLength || length > AlignedMaxLength ? new Complex[length] : new AlignedAmplitudes(length).Memory;

    /// <summary>Largest aligned state (2^29 amplitudes, 8 GiB: twice as many doubles still fit one array); n = 30 is a plain array.</summary>
    private const int AlignedMaxLength = 1 << 29;

    /// <summary>
    /// Replaces the amplitude storage with <paramref name="buffer"/> (same length) and returns the old one;
    /// lets out-of-place kernels avoid a copy back.
    /// </summary>
    internal Memory<Complex> ExchangeBuffer(Memory<Complex> buffer)
    {
        if (buffer.Length != 1 << NumQubits)
        {
            throw new ArgumentException("buffer length differs", nameof(buffer));
        }

        var old = _memory;
        _memory = buffer;
        return old;
    }

    /// <summary>
    /// Complex128 amplitudes at a 64-byte-aligned address inside a pinned array of doubles (array data is only
    /// 8-byte aligned, so no offset into a <see cref="Complex"/> array is sure to reach a cache-line boundary; one
    /// into a double array is). Pinned, so the address never moves; garbage-collected like any array (a span keeps
    /// it alive), so states need no disposal.
    /// </summary>
    private sealed class AlignedAmplitudes : System.Buffers.MemoryManager<Complex>
    {
        private readonly double[] _doubles;
        private readonly int _offset;
        private readonly int _length;

        public unsafe AlignedAmplitudes(int length)
        {
            _length = length;
            _doubles = GC.AllocateArray<double>((2 * length) + 8, pinned: true);
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_doubles));
            _offset = (int)(((64 - (address & 63)) & 63) / sizeof(double));
        }

        public override Span<Complex> GetSpan() => MemoryMarshal.Cast<double, Complex>(_doubles.AsSpan(_offset, 2 * _length));

        public override unsafe System.Buffers.MemoryHandle Pin(int elementIndex = 0)
            => new((double*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_doubles)) + _offset + (2L * elementIndex));

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
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
        gate.Apply(Amplitudes);
    }

    /// <summary>|amplitude|^2 for every basis state.</summary>
    public double[] Probabilities()
    {
        var p = new double[1 << NumQubits];
        AddProbabilities(p, 1.0);
        return p;
    }

    /// <summary>Adds <paramref name="weight"/> |a_i|^2 to <paramref name="into"/>[i].</summary>
    public void AddProbabilities(Span<double> into, double weight)
    {
        var a = Amplitudes;
        for (int i = 0; i < a.Length; i++)
        {
            into[i] += weight * ((a[i].Real * a[i].Real) + (a[i].Imaginary * a[i].Imaginary));
        }
    }

    /// <summary>Euclidean norm (1 for a normalised state).</summary>
    public double Norm() => Math.Sqrt(StateVectorKernels.NormSquared(Amplitudes));

    /// <summary>Probability that measuring <paramref name="qubit"/> gives 1.</summary>
    public double ProbabilityOfOne(int qubit) => StateVectorKernels.ProbabilityOfOne(Amplitudes, qubit);

    /// <summary>Projects <paramref name="qubit"/> onto <paramref name="outcome"/>, renormalising by the outcome's probability.</summary>
    public void Collapse(int qubit, int outcome, double probability)
    {
        if (probability <= 0)
        {
            throw new InvalidOperationException($"cannot collapse qubit {qubit} onto outcome {outcome} of probability {probability}");
        }

        StateVectorKernels.Collapse(Amplitudes, qubit, outcome, 1 / Math.Sqrt(probability));
    }

    /// <summary>&lt;this|other&gt;.</summary>
    public Complex InnerProduct(StateVector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Complex s = Complex.Zero;
        var a = Amplitudes;
        var b = other.Amplitudes;
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
        var a = Amplitudes;
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

        var a = Amplitudes;
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
