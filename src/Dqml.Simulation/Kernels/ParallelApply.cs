using System.Numerics;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// Applies a compiled gate across threads by splitting the state into contiguous chunks: when every qubit the
/// gate touches (targets and controls) lies below bit <c>n - c</c>, the top <c>c</c> index bits are untouched,
/// so each of the 2^c slices of 2^(n - c) amplitudes holds all partners of its amplitudes and the same kernel
/// runs on each slice independently. Every amplitude goes through the same arithmetic as in the
/// single-threaded call, so results are bit-identical for any thread count. Gates touching one of the top
/// bits, and states below <see cref="DefaultMinQubits"/>, run on the calling thread.
/// </summary>
internal static unsafe class ParallelApply
{
    /// <summary>
    /// Smallest state that is split across threads. Measured on 2 cores (AVX-512, H and dense 2q on qubit 3):
    /// n = 14 is slower on 2 threads (7 vs 10 us, fork/join overhead), n = 16 gains 1.2-1.4x, n = 18 1.3-2.1x.
    /// </summary>
    internal const int DefaultMinQubits = 16;

    /// <summary>Chunks per thread (load balance on a shared machine).</summary>
    private const int ChunksPerThread = 4;

    /// <summary>Smallest chunk, log2 amplitudes: keeps every slice on the same SIMD path as the whole state.</summary>
    private const int MinChunkQubits = 6;

    /// <summary>
    /// How many top bits to split on for a gate whose highest qubit is <paramref name="highestQubit"/> on
    /// <paramref name="n"/> qubits with <paramref name="threads"/> threads; 0 = run single-threaded.
    /// </summary>
    internal static int ChunkBits(int n, int highestQubit, int threads, int minQubits)
    {
        if (threads <= 1 || n < minQubits)
        {
            return 0;
        }

        int wanted = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)(threads * ChunksPerThread)));
        int free = n - 1 - Math.Max(highestQubit, MinChunkQubits - 1);
        int c = Math.Min(wanted, free);
        return c >= 1 ? c : 0;
    }

    /// <summary>Applies <paramref name="gate"/> to <paramref name="a"/> (2^n amplitudes) on up to <paramref name="threads"/> threads.</summary>
    internal static void Apply(CompiledGate gate, Complex[] a, int threads, int minQubits = DefaultMinQubits)
    {
        ArgumentNullException.ThrowIfNull(a);
        Apply(gate, new Memory<Complex>(a), threads, minQubits);
    }

    /// <summary>Applies <paramref name="gate"/> to the amplitudes in <paramref name="a"/> (2^n of them) on up to <paramref name="threads"/> threads.</summary>
    internal static void Apply(CompiledGate gate, Memory<Complex> a, int threads, int minQubits = DefaultMinQubits)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!BitOperations.IsPow2(a.Length))
        {
            gate.Apply(a.Span); // the kernel reports the bad shape
            return;
        }

        int n = BitOperations.Log2((uint)a.Length);
        int c = ChunkBits(n, gate.HighestQubit, threads, minQubits);
        if (c == 0)
        {
            gate.Apply(a.Span);
            return;
        }

        int size = 1 << (n - c);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, 1 << c, options, chunk => gate.Apply(a.Slice(chunk * size, size).Span));
    }

    /// <summary>
    /// Applies <paramref name="gate"/> to the complex64 amplitudes at <paramref name="p"/> (<paramref name="length"/> = 2^n) on up
    /// to <paramref name="threads"/> threads, split as for complex128.
    /// </summary>
    internal static void Apply(CompiledGate gate, Complex32* p, int length, int threads, int minQubits = DefaultMinQubits)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!BitOperations.IsPow2(length))
        {
            gate.Apply(new Span<Complex32>(p, length));
            return;
        }

        int n = BitOperations.Log2((uint)length);
        int c = ChunkBits(n, gate.HighestQubit, threads, minQubits);
        if (c == 0)
        {
            gate.Apply(new Span<Complex32>(p, length));
            return;
        }

        int size = 1 << (n - c);
        nint basePtr = (nint)p;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, 1 << c, options, chunk => gate.Apply(new Span<Complex32>((Complex32*)basePtr + ((long)chunk * size), size)));
    }
}
