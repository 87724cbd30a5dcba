using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// The tables of a <see cref="GenericKernels"/> dense or diagonal kernel for one gate and one register type, built
/// once and kept by the <see cref="CompiledGate"/> (building them costs about as much as applying a gate to a
/// state of a few hundred amplitudes). Not modified once the factory returns it, so threads share it freely. The coefficient
/// registers live in a pinned array at a 64-byte-aligned offset: every load of the hot loops stays inside one
/// cache line.
/// </summary>
/// <typeparam name="TVec">The register type the tables were built for.</typeparam>
internal sealed class PreparedKernel<TVec>
    where TVec : unmanaged
{
    private readonly byte[] _vectors;
    private readonly int _offset;
    private readonly int _nCoef;
    private readonly int _nXi;
    private readonly int[] _ints;
    private readonly int _hc;
    private readonly int _tc;
    private readonly bool _diagonal;
    private GenericKernels.DenseHeader _dense;
    private GenericKernels.DiagonalHeader _diag;

    private PreparedKernel(int nCoef, int nXi, int nInts, int hc, int tc, bool diagonal)
    {
        _nCoef = nCoef;
        _nXi = nXi;
        _hc = hc;
        _tc = tc;
        _diagonal = diagonal;
        _vectors = GC.AllocateUninitializedArray<byte>(((nCoef + nXi) * Unsafe.SizeOf<TVec>()) + 64, pinned: true);
        _offset = AlignedOffset(_vectors);
        _ints = new int[nInts];
    }

    /// <summary>Bit mask of every position the kernel touches (targets and controls).</summary>
    public int FixedMask => _diagonal ? _diag.FixedMask : _dense.FixedMask;

    private Span<TVec> Vectors => MemoryMarshal.Cast<byte, TVec>(_vectors.AsSpan(_offset, (_nCoef + _nXi) * Unsafe.SizeOf<TVec>()));

    private Span<TVec> Coef => Vectors[.._nCoef];

    private Span<TVec> Xi => Vectors.Slice(_nCoef, _nXi);

    /// <summary>Tables of a dense gate (see <see cref="GenericKernels.PrepareDense"/>).</summary>
    public static PreparedKernel<TVec> Dense<TOps, TC>(ReadOnlySpan<Complex> m, ReadOnlySpan<int> targets, int cmask, int cval)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
    {
        var (hc, ec) = GenericKernels.DenseShape(targets, TOps.Log2Width);
        int tc = hc * ec;
        var t = new PreparedKernel<TVec>(2 * hc * tc, ec, hc + (hc * tc) + hc, hc, tc, diagonal: false);
        var ints = t._ints.AsSpan();
        t._dense = GenericKernels.PrepareDense<TOps, TC, TVec>(m, targets, cmask, cval, t.Coef, t.Xi, ints[..hc], ints.Slice(hc, hc * tc), ints.Slice(hc + (hc * tc), hc));
        return t;
    }

    /// <summary>Tables of a diagonal gate (see <see cref="GenericKernels.PrepareDiagonal"/>).</summary>
    public static PreparedKernel<TVec> Diagonal<TOps, TC>(ReadOnlySpan<Complex> diag, ReadOnlySpan<int> targets, int cmask, int cval)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
    {
        int hc = GenericKernels.DiagonalCombos(targets, TOps.Log2Width);
        var t = new PreparedKernel<TVec>(2 * hc, 0, hc, hc, 0, diagonal: true);
        t._diag = GenericKernels.PrepareDiagonal<TOps, TC, TVec>(diag, targets, cmask, cval, t.Coef, t._ints);
        return t;
    }

    /// <summary>Applies the kernel; <paramref name="a"/> must be a power-of-two length of at least the width, above every fixed position.</summary>
    public void Apply<TOps, TC>(Span<TC> a)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
    {
        var ints = _ints.AsSpan();
        if (_diagonal)
        {
            GenericKernels.RunDiagonal<TOps, TC, TVec>(a, _diag, Coef, ints);
        }
        else
        {
            GenericKernels.RunDense<TOps, TC, TVec>(a, _dense, Coef, Xi, ints[.._hc], ints.Slice(_hc, _hc * _tc), ints.Slice(_hc + (_hc * _tc), _hc));
        }
    }

    private static unsafe int AlignedOffset(byte[] pinned)
    {
        nint addr = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (int)((64 - (addr & 63)) & 63);
    }
}
