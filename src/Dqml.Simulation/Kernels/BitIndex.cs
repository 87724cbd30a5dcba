using System.Runtime.CompilerServices;

namespace Dqml.Simulation.Kernels;

/// <summary>Bit tricks shared by the kernels. Qubit q is bit q of a basis index (qubit 0 least significant).</summary>
public static class BitIndex
{
    /// <summary>Inserts a zero bit at each of <paramref name="sortedPositions"/> (ascending) into <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int InsertZeros(int k, ReadOnlySpan<int> sortedPositions)
    {
        foreach (int p in sortedPositions)
        {
            int low = k & ((1 << p) - 1);
            k = ((k >> p) << (p + 1)) | low;
        }

        return k;
    }

    /// <summary>Inserts one zero bit at position <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int InsertZero(int k, int p) => ((k >> p) << (p + 1)) | (k & ((1 << p) - 1));

    /// <summary>
    /// Offsets of the 2^k local basis states of a gate on <paramref name="qubits"/>: bit j of the local index
    /// goes to bit qubits[j] of the global index.
    /// </summary>
    public static void Offsets(ReadOnlySpan<int> qubits, Span<int> offsets)
    {
        for (int local = 0; local < offsets.Length; local++)
        {
            int o = 0;
            for (int j = 0; j < qubits.Length; j++)
            {
                o |= ((local >> j) & 1) << qubits[j];
            }

            offsets[local] = o;
        }
    }

    /// <summary>Gathers the bits at <paramref name="qubits"/> of <paramref name="index"/> into a local index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Gather(int index, ReadOnlySpan<int> qubits)
    {
        int r = 0;
        for (int j = 0; j < qubits.Length; j++)
        {
            r |= ((index >> qubits[j]) & 1) << j;
        }

        return r;
    }

    /// <summary>Sorted copy of the union of two qubit lists.</summary>
    public static int[] SortedUnion(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var r = new int[a.Length + b.Length];
        a.CopyTo(r);
        b.CopyTo(r.AsSpan(a.Length));
        Array.Sort(r);
        return r;
    }
}
