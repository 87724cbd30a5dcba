using System.Numerics;
using System.Runtime.InteropServices;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation;

/// <summary>
/// A pure state of n qubits as 2^n single-precision (complex64) amplitudes: half the memory and bandwidth of
/// <see cref="StateVector"/>, about 1e-6 relative accuracy per gate. Qubit 0 is the least significant bit of the
/// basis index.
/// </summary>
/// <remarks>
/// The amplitudes live in 64-byte-aligned native memory (no garbage-collected array, so a 512 MiB state at
/// n = 26 is neither scanned, moved nor zeroed by the GC); dispose the state to free it at once. The finalizer frees
/// it otherwise, and the native size is reported to the GC with <see cref="GC.AddMemoryPressure"/> so that
/// undisposed states are collected in time. Not thread-safe; spans from <see cref="Amplitudes"/> must not be
/// used after <see cref="Dispose"/>.
/// </remarks>
public sealed unsafe class StateVectorSingle : IDisposable
{
    /// <summary>Largest qubit count (amplitudes indexed by int; 2^30 x 8 B = 8 GiB).</summary>
    public const int MaxQubits = 30;

    /// <summary>Alignment of the amplitude memory in bytes (one cache line, one 512-bit register).</summary>
    public const int Alignment = 64;

    private readonly int _length;
    private readonly long _bytes;
    private Complex32* _p;

    /// <summary>|0...0&gt; on <paramref name="numQubits"/> qubits.</summary>
    public StateVectorSingle(int numQubits)
        : this(numQubits, zero: true)
    {
        _p[0] = Complex32.One;
    }

    private StateVectorSingle(int numQubits, bool zero)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        if (numQubits > MaxQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(numQubits), $"{numQubits} qubits exceeds the state-vector limit of {MaxQubits}");
        }

        NumQubits = numQubits;
        _length = 1 << numQubits;
        _bytes = (long)_length * sizeof(Complex32);
        _p = (Complex32*)NativeMemory.AlignedAlloc((nuint)Math.Max(_bytes, Alignment), Alignment);
        GC.AddMemoryPressure(_bytes);
        if (zero)
        {
            new Span<Complex32>(_p, _length).Clear();
        }
    }

    /// <summary>Frees the native memory if <see cref="Dispose"/> was not called.</summary>
    ~StateVectorSingle() => Free();

    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; }

    /// <summary>The amplitudes (length 2^n), writable; valid until the state is disposed.</summary>
    public Span<Complex32> Amplitudes => new(Pointer, _length);

    /// <summary>Address of the first amplitude (64-byte aligned).</summary>
    internal nint Address => (nint)Pointer;

    private Complex32* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_p == null, this);
            return _p;
        }
    }

    /// <summary>Amplitude of basis state <paramref name="index"/>.</summary>
    public Complex32 this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"basis index {index} is out of range for {NumQubits} qubits");
            }

            var v = Pointer[index];
            GC.KeepAlive(this);
            return v;
        }
    }

    /// <summary>A state from complex64 amplitudes (copied; length must be a power of two; not renormalised).</summary>
    public static StateVectorSingle FromAmplitudes(ReadOnlySpan<Complex32> amplitudes)
    {
        var s = new StateVectorSingle(LogLength(amplitudes.Length, nameof(amplitudes)), zero: false);
        amplitudes.CopyTo(s.Amplitudes);
        return s;
    }

    /// <summary>A state from complex128 amplitudes, rounded to single precision (length must be a power of two).</summary>
    public static StateVectorSingle FromAmplitudes(ReadOnlySpan<Complex> amplitudes)
    {
        var s = new StateVectorSingle(LogLength(amplitudes.Length, nameof(amplitudes)), zero: false);
        var dst = s.Amplitudes;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = Complex32.FromComplex(amplitudes[i]);
        }

        return s;
    }

    /// <summary>A complex128 state rounded to single precision.</summary>
    public static StateVectorSingle FromStateVector(StateVector state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return FromAmplitudes(state.Amplitudes);
    }

    /// <summary>The state widened to complex128 (exact conversion of the single-precision amplitudes).</summary>
    public StateVector ToStateVector()
    {
        var src = Amplitudes;
        var dst = new Complex[src.Length];
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = src[i].ToComplex();
        }

        GC.KeepAlive(this);
        return StateVector.FromAmplitudes(dst);
    }

    /// <summary>Writes the state, widened to complex128, into <paramref name="state"/> (same qubit count).</summary>
    public void CopyTo(StateVector state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.NumQubits != NumQubits)
        {
            throw new ArgumentException($"the state has {state.NumQubits} qubits, this one {NumQubits}", nameof(state));
        }

        var src = Amplitudes;
        var dst = state.Amplitudes;
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = src[i].ToComplex();
        }

        GC.KeepAlive(this);
    }

    /// <summary>A deep copy (new native memory; dispose it too).</summary>
    public StateVectorSingle Clone()
    {
        var s = new StateVectorSingle(NumQubits, zero: false);
        Amplitudes.CopyTo(s.Amplitudes);
        GC.KeepAlive(this);
        return s;
    }

    /// <summary>Copies another state's amplitudes into this one (same size).</summary>
    public void CopyFrom(StateVectorSingle other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.NumQubits != NumQubits)
        {
            throw new ArgumentException($"the other state has {other.NumQubits} qubits, this one {NumQubits}", nameof(other));
        }

        other.Amplitudes.CopyTo(Amplitudes);
        GC.KeepAlive(other);
        GC.KeepAlive(this);
    }

    /// <summary>Resets the state to |0...0&gt;.</summary>
    public void Reset()
    {
        var a = Amplitudes;
        a.Clear();
        a[0] = Complex32.One;
        GC.KeepAlive(this);
    }

    /// <summary>Applies a compiled gate on the calling thread.</summary>
    public void Apply(CompiledGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        gate.Apply(Amplitudes);
        GC.KeepAlive(this);
    }

    /// <summary>
    /// Applies a compiled gate on up to <paramref name="threads"/> threads (chunks of the state for n &gt;= 16, see
    /// <see cref="CompiledGate.Apply(Complex[], int)"/>); bit-identical for any thread count.
    /// </summary>
    public void Apply(CompiledGate gate, int threads)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ParallelApply.Apply(gate, Pointer, _length, threads);
        GC.KeepAlive(this);
    }

    /// <summary>Euclidean norm (1 for a normalised state), accumulated in double.</summary>
    public double Norm()
    {
        double s = StateVectorKernelsSingle.NormSquared(Amplitudes);
        GC.KeepAlive(this);
        return Math.Sqrt(s);
    }

    /// <summary>|amplitude|^2 for every basis state, in double.</summary>
    public double[] Probabilities()
    {
        var a = Amplitudes;
        var p = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            p[i] = a[i].MagnitudeSquared;
        }

        GC.KeepAlive(this);
        return p;
    }

    /// <summary>Frees the native memory; the state is unusable afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_p != null)
        {
            NativeMemory.AlignedFree(_p);
            _p = null;
            GC.RemoveMemoryPressure(_bytes);
        }
    }

    private static int LogLength(int len, string paramName)
    {
        if (len == 0 || (len & (len - 1)) != 0)
        {
            throw new ArgumentException($"{len} amplitudes is not a power of two", paramName);
        }

        return BitOperations.Log2((uint)len);
    }
}
