using System.Numerics;
using System.Runtime.InteropServices;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// Applies a compiled gate across threads by splitting the state into chunks. When every qubit the gate touches
/// (targets and controls) lies below bit <c>n - c</c>, the top <c>c</c> index bits are untouched, so each of the 2^c
/// contiguous slices of 2^(n - c) amplitudes holds all partners of its amplitudes and the same kernel runs on each
/// slice independently. When the gate touches the top bits (a run of t of them, every other touched bit below a free
/// run of c bits under it), the chunks are the settings of those c free bits: chunk k is the amplitudes whose bits
/// [p, p + c) read k, 2^t runs of 2^p amplitudes 2^(n - t) apart. The kernel runs on a window that starts at chunk k's
/// first amplitude and is 2^(p + t) long: its register enumeration (by count, over the indices whose touched bits are
/// zero) visits exactly chunk k's base indices, and the partners above the window lie in the same array
/// (<see cref="CompiledGate.ApplyWindow(Span{Complex}, int)"/>). Every amplitude goes through the same arithmetic as
/// in the single-threaded call, so results are bit-identical for any thread count. States below
/// <see cref="DefaultMinQubits"/>, gates whose touched bits leave no such free run, and gates the window path does not
/// take run on the calling thread.
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

    /// <summary>
    /// The window split of a gate that touches the top bit of a state of <paramref name="n"/> qubits: the chunk bits
    /// [<paramref name="p"/>, <paramref name="p"/> + <paramref name="c"/>) are free, lie right under the gate's top run of
    /// touched bits and above every other touched bit (and p &gt;= the smallest chunk), and c is at most the bits
    /// <see cref="ChunkBits"/> would use. False where there is no such split (or one thread, or a small state).
    /// </summary>
    internal static bool WindowSplit(int n, int touchedMask, int threads, int minQubits, out int p, out int c)
    {
        p = 0;
        c = 0;
        if (threads <= 1 || n < minQubits || n < 2 || ((touchedMask >> (n - 1)) & 1) == 0)
        {
            return false;
        }

        int top = n - 1;
        while (top >= 0 && ((touchedMask >> top) & 1) != 0)
        {
            top--;
        }

        if (top < 0)
        {
            return false;
        }

        int below = touchedMask & ((1 << top) - 1);
        int highestBelow = below == 0 ? -1 : BitOperations.Log2((uint)below);
        int wanted = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)(threads * ChunksPerThread)));
        c = Math.Min(wanted, top - Math.Max(highestBelow, MinChunkQubits - 1));
        if (c < 1)
        {
            c = 0;
            return false;
        }

        p = top - c + 1;
        return true;
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
            int length = a.Length;
            if (WindowSplit(n, gate.TouchedMask, threads, minQubits, out int p, out int cw) && gate.WindowCapable(length, single: false))
            {
                int window = 1 << (n - cw);
                Parallel.For(0, 1 << cw, Options(threads), chunk => gate.ApplyWindow(MemoryMarshal.CreateSpan(ref a.Span[chunk << p], window), length));
                return;
            }

            gate.Apply(a.Span);
            return;
        }

        int size = 1 << (n - c);
        Parallel.For(0, 1 << c, Options(threads), chunk => gate.Apply(a.Slice(chunk * size, size).Span));
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
        nint basePtr = (nint)p;
        if (c == 0)
        {
            if (WindowSplit(n, gate.TouchedMask, threads, minQubits, out int low, out int cw) && gate.WindowCapable(length, single: true))
            {
                int window = 1 << (n - cw);
                Parallel.For(0, 1 << cw, Options(threads), chunk => gate.ApplyWindow(new Span<Complex32>((Complex32*)basePtr + ((long)chunk << low), window), length));
                return;
            }

            gate.Apply(new Span<Complex32>(p, length));
            return;
        }

        int size = 1 << (n - c);
        Parallel.For(0, 1 << c, Options(threads), chunk => gate.Apply(new Span<Complex32>((Complex32*)basePtr + ((long)chunk * size), size)));
    }

    /// <summary>Options of a split call (allocated only when a gate is split: the single-threaded path allocates nothing).</summary>
    private static ParallelOptions Options(int threads) => new() { MaxDegreeOfParallelism = threads };
}
