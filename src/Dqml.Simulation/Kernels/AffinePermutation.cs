using System.Numerics;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// A run of X, CNOT and SWAP gates folded into one affine map over GF(2) of the basis index:
/// pi(i) = (xor over set bits j of i of Column[j]) xor Constant. Applying it moves amplitude i to pi(i)
/// in one out-of-place pass, instead of one pass per gate.
/// </summary>
/// <remarks>
/// The map is evaluated with byte tables (one lookup per 8 index bits). With <c>copies</c> = 2 the same map
/// acts on the low and the high n bits of a 2n-bit index: a density matrix's ket and bra halves (X, CNOT
/// and SWAP are real, so conj(U) = U).
/// </remarks>
public sealed class AffinePermutation
{
    private readonly ulong[] _columns;
    private ulong _constant;

    /// <summary>The identity on <paramref name="numQubits"/> bits.</summary>
    public AffinePermutation(int numQubits)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numQubits, 30);
        NumQubits = numQubits;
        _columns = new ulong[numQubits];
        for (int j = 0; j < numQubits; j++)
        {
            _columns[j] = 1UL << j;
        }
    }

    /// <summary>Number of index bits.</summary>
    public int NumQubits { get; }

    /// <summary>Qubits touched by the folded gates.</summary>
    public ulong Support { get; private set; }

    /// <summary>Number of folded gates.</summary>
    public int GateCount { get; private set; }

    /// <summary>Appends X on <paramref name="q"/> (applied after the current map).</summary>
    public void X(int q)
    {
        _constant ^= 1UL << q;
        Support |= 1UL << q;
        GateCount++;
    }

    /// <summary>Appends CNOT(control, target).</summary>
    public void CX(int control, int target)
    {
        for (int j = 0; j < _columns.Length; j++)
        {
            _columns[j] ^= ((_columns[j] >> control) & 1) << target;
        }

        _constant ^= ((_constant >> control) & 1) << target;
        Support |= (1UL << control) | (1UL << target);
        GateCount++;
    }

    /// <summary>Appends SWAP(a, b).</summary>
    public void Swap(int a, int b)
    {
        for (int j = 0; j < _columns.Length; j++)
        {
            _columns[j] = SwapBits(_columns[j], a, b);
        }

        _constant = SwapBits(_constant, a, b);
        Support |= (1UL << a) | (1UL << b);
        GateCount++;
    }

    /// <summary>pi(i).</summary>
    public ulong Map(ulong i)
    {
        ulong r = _constant;
        for (int j = 0; j < _columns.Length; j++)
        {
            if (((i >> j) & 1) != 0)
            {
                r ^= _columns[j];
            }
        }

        return r;
    }

    /// <summary>
    /// dst[pi(i)] = src[i] for every index, with the map applied independently to each of
    /// <paramref name="copies"/> consecutive blocks of n index bits.
    /// </summary>
    public void Apply(ReadOnlySpan<Complex> src, Span<Complex> dst, int copies = 1)
    {
        int n = NumQubits;
        int totalBits = n * copies;
        if (src.Length != 1 << totalBits || dst.Length != src.Length)
        {
            throw new ArgumentException($"a permutation of {n} qubits x {copies} needs {1 << totalBits} amplitudes");
        }

        // Byte tables over the whole 2n-bit (or n-bit) index: linear part per byte, constant added once.
        int bytes = (totalBits + 7) / 8;
        var tables = new uint[bytes][];
        for (int b = 0; b < bytes; b++)
        {
            var t = new uint[256];
            for (int v = 0; v < 256; v++)
            {
                uint r = 0;
                for (int k = 0; k < 8; k++)
                {
                    int bit = (b * 8) + k;
                    if (bit < totalBits && ((v >> k) & 1) != 0)
                    {
                        int copy = bit / Math.Max(n, 1), j = bit % Math.Max(n, 1);
                        r ^= (uint)(_columns[j] << (copy * n));
                    }
                }

                t[v] = r;
            }

            tables[b] = t;
        }

        uint constant = 0;
        for (int copy = 0; copy < copies; copy++)
        {
            constant |= (uint)(_constant << (copy * n));
        }

        uint[] t0 = tables.Length > 0 ? tables[0] : [0], t1 = tables.Length > 1 ? tables[1] : new uint[256], t2 = tables.Length > 2 ? tables[2] : new uint[256], t3 = tables.Length > 3 ? tables[3] : new uint[256];
        for (int i = 0; i < src.Length; i++)
        {
            uint u = (uint)i;
            uint target = constant ^ t0[u & 0xFF] ^ t1[(u >> 8) & 0xFF] ^ t2[(u >> 16) & 0xFF] ^ t3[u >> 24];
            dst[(int)target] = src[i];
        }
    }

    private static ulong SwapBits(ulong v, int a, int b)
    {
        ulong x = ((v >> a) ^ (v >> b)) & 1;
        return v ^ ((x << a) | (x << b));
    }
}
