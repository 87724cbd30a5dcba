using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// Vectorised dense and diagonal k-qubit kernels, generic over the element precision and register width
/// (<see cref="IComplexSimd{TC, TVec}"/>): the dense 3- and 4-qubit kernels of the complex128 path and every
/// kernel of the complex64 path. Results agree with <see cref="ScalarKernels"/> / <see cref="ScalarKernelsSingle"/>
/// up to rounding.
/// </summary>
/// <remarks>
/// Target bits below log2(width) ("low") lie inside one register, the others ("high") select registers. For each
/// base register (high target bits 0, high controls at their values) the kernel loads the 2^kh registers of the
/// high-target combinations and, for every setting e of the low target bits, their copies with complex positions
/// exchanged by e (one in-register permute each): 2^k input registers X_t. Output register h is then
/// sum_t R[h, t] (.) X_t + swap(sum_t J[h, t] (.) X_t), with per-position coefficient patterns R (real parts) and J
/// (imaginary parts, signs alternating) built once per call from the matrix; low controls become identity
/// coefficients at the inactive positions. Zero patterns are dropped, so permutations (X, CNOT, SWAP, Toffoli)
/// and controlled gates do only the work their nonzero entries need. Every output goes through the same
/// arithmetic whatever the chunking of the state, so results do not depend on the thread count.
/// </remarks>
[SkipLocalsInit]
internal static class GenericKernels
{
    /// <summary>Most targets of the vectorised dense kernel (larger matrices take the scalar path).</summary>
    internal const int MaxDenseTargets = 4;

    /// <summary>Most targets of the vectorised diagonal kernel.</summary>
    internal const int MaxDiagonalTargets = 6;

    /// <summary>How far ahead (bytes per stream) the loops prefetch.</summary>
    private const int PrefetchBytes = 4096;

    /// <summary>States smaller than this (bytes) stay in cache: no lookahead.</summary>
    private const long PrefetchMinBytes = 1 << 19;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Next(nint i, nint skipMask, nint fixedMask, nint val) => (((i | skipMask) + 1) & ~fixedMask) | val;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<TC>(ref TC a0, nint j)
        where TC : unmanaged
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref a0, j)));
        }
    }

    /// <summary>The 64-byte-aligned start of a stack buffer (allocate 64 bytes extra) as <paramref name="count"/> registers.</summary>
    private static unsafe Span<TVec> Aligned<TVec>(Span<byte> raw, int count)
        where TVec : unmanaged
    {
        nint addr = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(raw));
        int skip = (int)((64 - (addr & 63)) & 63);
        return MemoryMarshal.Cast<byte, TVec>(raw.Slice(skip, count * Unsafe.SizeOf<TVec>()));
    }

    /// <summary>The target layout of a gate at one register width.</summary>
    private ref struct Layout
    {
        public int Kl;
        public int Kh;
        public int HighTargetMask;
        public int LowCmask;
        public int LowCval;
        public int HighCmask;
        public int HighCval;
        public Span<int> LowJ;
        public Span<int> HighJ;
    }

    private static Layout Split(ReadOnlySpan<int> targets, int cmask, int cval, int c, Span<int> lowJ, Span<int> highJ)
    {
        int w = 1 << c;
        var l = new Layout
        {
            LowCmask = cmask & (w - 1),
            HighCmask = cmask & ~(w - 1),
        };
        l.LowCval = cval & l.LowCmask;
        l.HighCval = cval & l.HighCmask;
        for (int j = 0; j < targets.Length; j++)
        {
            if (targets[j] < c)
            {
                lowJ[l.Kl++] = j;
            }
            else
            {
                highJ[l.Kh++] = j;
                l.HighTargetMask |= 1 << targets[j];
            }
        }

        l.LowJ = lowJ[..l.Kl];
        l.HighJ = highJ[..l.Kh];
        return l;
    }

    /// <summary>Local-index bits of high combination <paramref name="h"/>.</summary>
    private static int HighBits(int h, ReadOnlySpan<int> highJ)
    {
        int r = 0;
        for (int u = 0; u < highJ.Length; u++)
        {
            r |= ((h >> u) & 1) << highJ[u];
        }

        return r;
    }

    /// <summary>Global offset of high combination <paramref name="h"/>.</summary>
    private static int HighOffset(int h, ReadOnlySpan<int> highJ, ReadOnlySpan<int> targets)
    {
        int r = 0;
        for (int u = 0; u < highJ.Length; u++)
        {
            r |= ((h >> u) & 1) << targets[highJ[u]];
        }

        return r;
    }

    /// <summary>Local-index bits of in-register position <paramref name="p"/>.</summary>
    private static int LowBits(int p, ReadOnlySpan<int> lowJ, ReadOnlySpan<int> targets)
    {
        int r = 0;
        for (int u = 0; u < lowJ.Length; u++)
        {
            r |= ((p >> targets[lowJ[u]]) & 1) << lowJ[u];
        }

        return r;
    }

    /// <summary>Writes coefficient <paramref name="z"/> at position <paramref name="p"/> of the R and J lane buffers.</summary>
    private static void PutRJ(Span<double> r, Span<double> j, int p, Complex z)
    {
        r[2 * p] = z.Real;
        r[(2 * p) + 1] = z.Real;
        j[2 * p] = z.Imaginary;
        j[(2 * p) + 1] = -z.Imaginary;
    }

    /// <summary>Geometry and flags of a prepared dense kernel (the tables are separate spans).</summary>
    internal readonly record struct DenseHeader(int K, int Hc, int Ec, int FixedMask, int HighFixed, int HighCval, bool Real, bool Sparse)
    {
        /// <summary>Terms per output (2^k).</summary>
        public int Tc => Hc * Ec;
    }

    /// <summary>Table sizes of a dense kernel on <paramref name="targets"/> at log2 width <paramref name="c"/>: (hc, ec).</summary>
    internal static (int Hc, int Ec) DenseShape(ReadOnlySpan<int> targets, int c)
    {
        int kl = 0;
        foreach (int t in targets)
        {
            kl += t < c ? 1 : 0;
        }

        return (1 << (targets.Length - kl), 1 << kl);
    }

    /// <summary>
    /// Builds the tables of a dense k-qubit gate (row-major 2^k x 2^k <paramref name="m"/>, local bit j = qubit
    /// targets[j]) active where (i &amp; cmask) == cval, for the width of <typeparamref name="TOps"/>, into spans sized by
    /// <see cref="DenseShape"/>: coef 2 hc tc registers, xi ec registers, off hc, tix hc tc, cnt hc ints (coef and xi
    /// 64-byte aligned). Needs 1 &lt;= k &lt;= <see cref="MaxDenseTargets"/> distinct targets disjoint from cmask.
    /// </summary>
    internal static DenseHeader PrepareDense<TOps, TC, TVec>(
        ReadOnlySpan<Complex> m, ReadOnlySpan<int> targets, int cmask, int cval, Span<TVec> coef, Span<TVec> xi, Span<int> off, Span<int> tix, Span<int> cnt)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
    {
        int w = TOps.Width, c = TOps.Log2Width;
        int k = targets.Length, d = 1 << k;
        Span<int> lowJ = stackalloc int[MaxDenseTargets];
        Span<int> highJ = stackalloc int[MaxDenseTargets];
        var l = Split(targets, cmask, cval, c, lowJ, highJ);
        int hc = 1 << l.Kh, ec = 1 << l.Kl, tc = hc * ec;
        Span<int> xm = stackalloc int[8];
        Span<double> lr = stackalloc double[2 * w];
        Span<double> lj = stackalloc double[2 * w];

        for (int h = 0; h < hc; h++)
        {
            off[h] = HighOffset(h, l.HighJ, targets);
        }

        for (int e = 0; e < ec; e++)
        {
            int x = 0;
            for (int u = 0; u < l.Kl; u++)
            {
                x |= ((e >> u) & 1) << targets[l.LowJ[u]];
            }

            xm[e] = x;
            xi[e] = TOps.XorIndex(x);
        }

        // Coefficient patterns in dense order: output h, term t = hp * ec + e, R at 2 (h tc + t), J at 2 (h tc + t) + 1.
        // With no low targets and no low controls every pattern is one coefficient broadcast.
        bool uniform = l.Kl == 0 && l.LowCmask == 0;
        Span<bool> nonzero = stackalloc bool[hc * tc];
        bool real = true;
        int nnz = 0;
        for (int h = 0; h < hc; h++)
        {
            int rowHigh = HighBits(h, l.HighJ);
            for (int hp = 0; hp < hc; hp++)
            {
                int colHigh = HighBits(hp, l.HighJ);
                for (int e = 0; e < ec; e++)
                {
                    int t = (h * tc) + (hp * ec) + e;
                    bool nz = false;
                    if (uniform)
                    {
                        Complex z = m[(rowHigh * d) + colHigh];
                        nz = z != Complex.Zero;
                        real &= z.Imaginary == 0;
                        coef[2 * t] = TOps.Splat(z.Real);
                        coef[(2 * t) + 1] = TOps.SplatAlt(z.Imaginary);
                        nonzero[t] = nz;
                        nnz += nz ? 1 : 0;
                        continue;
                    }

                    for (int p = 0; p < w; p++)
                    {
                        Complex z;
                        if ((p & l.LowCmask) == l.LowCval)
                        {
                            int row = rowHigh | LowBits(p, l.LowJ, targets);
                            int col = colHigh | LowBits(p ^ xm[e], l.LowJ, targets);
                            z = m[(row * d) + col];
                        }
                        else
                        {
                            z = hp == h && e == 0 ? Complex.One : Complex.Zero;
                        }

                        nz |= z != Complex.Zero;
                        real &= z.Imaginary == 0;
                        PutRJ(lr, lj, p, z);
                    }

                    coef[2 * t] = TOps.FromLanes(lr);
                    coef[(2 * t) + 1] = TOps.FromLanes(lj);
                    nonzero[t] = nz;
                    nnz += nz ? 1 : 0;
                }
            }
        }

        // Mostly zero (permutations, controlled gates, ...): compact each output's nonzero terms, padded to an even count,
        // for the indexed loop; otherwise the unrolled loop takes every term.
        bool sparse = 3 * nnz <= hc * tc;
        if (sparse)
        {
            int tp = 0;
            for (int h = 0; h < hc; h++)
            {
                int start = tp;
                for (int t = 0; t < tc; t++)
                {
                    if (nonzero[(h * tc) + t])
                    {
                        coef[2 * tp] = coef[2 * ((h * tc) + t)];
                        coef[(2 * tp) + 1] = coef[(2 * ((h * tc) + t)) + 1];
                        tix[tp++] = t;
                    }
                }

                if (((tp - start) & 1) != 0)
                {
                    coef[2 * tp] = TOps.Zero;
                    coef[(2 * tp) + 1] = TOps.Zero;
                    tix[tp++] = 0;
                }

                cnt[h] = tp - start;
            }
        }

        int tmask = 0;
        foreach (int t in targets)
        {
            tmask |= 1 << t;
        }

        return new DenseHeader(k, hc, ec, tmask | cmask, l.HighTargetMask | l.HighCmask, l.HighCval, real, sparse);
    }

    /// <summary>
    /// Dense k-qubit gate (row-major 2^k x 2^k <paramref name="m"/>, local bit j = qubit targets[j]), active where
    /// (i &amp; cmask) == cval, tables built on the stack for this call. Needs 1 &lt;= k &lt;= <see cref="MaxDenseTargets"/>,
    /// distinct targets disjoint from cmask, a power-of-two length of at least the width, and targets inside it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dense<TOps, TC, TVec>(Span<TC> a, ReadOnlySpan<Complex> m, ReadOnlySpan<int> targets, int cmask, int cval)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
    {
        var (hc, ec) = DenseShape(targets, TOps.Log2Width);
        int tc = hc * ec;
        int nCoef = 2 * hc * tc;
        Span<byte> raw = stackalloc byte[((nCoef + ec) * Unsafe.SizeOf<TVec>()) + 64];
        var all = Aligned<TVec>(raw, nCoef + ec);
        Span<int> ints = stackalloc int[hc + (hc * tc) + hc];
        var coef = all[..nCoef];
        var xi = all.Slice(nCoef, ec);
        var off = ints[..hc];
        var tix = ints.Slice(hc, hc * tc);
        var cnt = ints.Slice(hc + (hc * tc), hc);
        var header = PrepareDense<TOps, TC, TVec>(m, targets, cmask, cval, coef, xi, off, tix, cnt);
        RunDense<TOps, TC, TVec>(a, header, coef, xi, off, tix, cnt);
    }

    /// <summary>Applies a prepared dense kernel (see <see cref="PrepareDense"/>) to <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunDense<TOps, TC, TVec>(Span<TC> a, in DenseHeader header, Span<TVec> coef, Span<TVec> xi, Span<int> off, Span<int> tix, Span<int> cnt)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
    {
        int w = TOps.Width;
        ref TC a0 = ref MemoryMarshal.GetReference(a);
        int highFixed = header.HighFixed;
        nint skip = highFixed | (w - 1);
        nint val = header.HighCval;
        int count = (a.Length >> BitOperations.PopCount((uint)highFixed)) / w;
        int regBytes = w * Unsafe.SizeOf<TC>();
        int ahead = (long)a.Length * Unsafe.SizeOf<TC>() < PrefetchMinBytes ? 0 : Math.Max(1, PrefetchBytes / regBytes);
        nint jp = val;
        for (int s = 0; s < ahead; s++)
        {
            jp = Next(jp, skip, highFixed, val);
        }

        int hc = header.Hc, ec = header.Ec;
        bool real = header.Real;
        if (!header.Sparse)
        {
            var args = new FixedArgs(count, skip, highFixed, val, jp, ahead > 0, hc);
            switch ((header.K, ec))
            {
                case (1, 1): DenseFixed<TOps, TC, TVec, S2x1>(ref a0, args, off, coef, xi, real); break;
                case (1, 2): DenseFixed<TOps, TC, TVec, S2x2>(ref a0, args, off, coef, xi, real); break;
                case (2, 1): DenseFixed<TOps, TC, TVec, S4x1>(ref a0, args, off, coef, xi, real); break;
                case (2, 2): DenseFixed<TOps, TC, TVec, S4x2>(ref a0, args, off, coef, xi, real); break;
                case (2, 4): DenseFixed<TOps, TC, TVec, S4x4>(ref a0, args, off, coef, xi, real); break;
                case (3, 1): DenseFixed<TOps, TC, TVec, S8x1>(ref a0, args, off, coef, xi, real); break;
                case (3, 2): DenseFixed<TOps, TC, TVec, S8x2>(ref a0, args, off, coef, xi, real); break;
                case (3, 4): DenseFixed<TOps, TC, TVec, S8x4>(ref a0, args, off, coef, xi, real); break;
                case (3, 8): DenseFixed<TOps, TC, TVec, S8x8>(ref a0, args, off, coef, xi, real); break;
                case (4, 1): DenseFixed<TOps, TC, TVec, S16x1>(ref a0, args, off, coef, xi, real); break;
                case (4, 2): DenseFixed<TOps, TC, TVec, S16x2>(ref a0, args, off, coef, xi, real); break;
                case (4, 4): DenseFixed<TOps, TC, TVec, S16x4>(ref a0, args, off, coef, xi, real); break;
                default: DenseFixed<TOps, TC, TVec, S16x8>(ref a0, args, off, coef, xi, real); break;
            }

            return;
        }

        int tc = hc * ec;
        Span<byte> raw = stackalloc byte[(tc * Unsafe.SizeOf<TVec>()) + 64];
        var xs = Aligned<TVec>(raw, tc);
        if (real)
        {
            DenseLoop<TOps, TC, TVec, RealCoefficients>(ref a0, count, skip, highFixed, val, jp, ahead > 0, hc, ec, off, coef, xs, xi, tix, cnt);
        }
        else
        {
            DenseLoop<TOps, TC, TVec, ComplexCoefficients>(ref a0, count, skip, highFixed, val, jp, ahead > 0, hc, ec, off, coef, xs, xi, tix, cnt);
        }
    }

    /// <summary>Loop parameters of <see cref="DenseFixed{TOps, TC, TVec, TShape}"/>.</summary>
    private readonly record struct FixedArgs(int Count, nint Skip, int HighFixed, nint Val, nint Jp, bool Prefetch, int Hc);

    /// <summary>A dense kernel shape: T = 2^k terms per output, E = 2^kl in-register exchanges per loaded register.</summary>
    private interface IShape
    {
        static abstract int T { get; }

        static abstract int E { get; }
    }

    private readonly struct S2x1 : IShape { public static int T => 2; public static int E => 1; }

    private readonly struct S2x2 : IShape { public static int T => 2; public static int E => 2; }

    private readonly struct S4x1 : IShape { public static int T => 4; public static int E => 1; }

    private readonly struct S4x2 : IShape { public static int T => 4; public static int E => 2; }

    private readonly struct S4x4 : IShape { public static int T => 4; public static int E => 4; }

    private readonly struct S8x1 : IShape { public static int T => 8; public static int E => 1; }

    private readonly struct S8x2 : IShape { public static int T => 8; public static int E => 2; }

    private readonly struct S8x4 : IShape { public static int T => 8; public static int E => 4; }

    private readonly struct S8x8 : IShape { public static int T => 8; public static int E => 8; }

    private readonly struct S16x1 : IShape { public static int T => 16; public static int E => 1; }

    private readonly struct S16x2 : IShape { public static int T => 16; public static int E => 2; }

    private readonly struct S16x4 : IShape { public static int T => 16; public static int E => 4; }

    private readonly struct S16x8 : IShape { public static int T => 16; public static int E => 8; }

    private static void DenseFixed<TOps, TC, TVec, TShape>(ref TC a0, FixedArgs args, Span<int> off, Span<TVec> coef, Span<TVec> xi, bool real)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
        where TShape : struct, IShape
    {
        if (real)
        {
            DenseFixed<TOps, TC, TVec, TShape, RealCoefficients>(ref a0, args, off, coef, xi);
        }
        else
        {
            DenseFixed<TOps, TC, TVec, TShape, ComplexCoefficients>(ref a0, args, off, coef, xi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Ld<TOps, TC, TVec>(ref TC a0, nint i, ref int off0, int h)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
        => TOps.Load(ref Unsafe.Add(ref a0, i + Unsafe.Add(ref off0, h)));

    /// <summary>
    /// The dense loop unrolled for one shape: the 2^k input registers (loads and in-register exchanges) stay in
    /// registers, each output is 2^k (or 2^(k+1) for complex coefficients) FMAs with coefficients from the aligned
    /// table, two accumulator chains each.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void DenseFixed<TOps, TC, TVec, TShape, TKind>(ref TC a0, FixedArgs args, Span<int> off, Span<TVec> coef, Span<TVec> xi)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
        where TShape : struct, IShape
        where TKind : struct, ICoefficientKind
    {
        ref int off0 = ref MemoryMarshal.GetReference(off);
        ref TVec cf0 = ref MemoryMarshal.GetReference(coef);
        int hc = args.Hc;
        int count = args.Count;
        nint skip = args.Skip;
        int highFixed = args.HighFixed;
        nint val = args.Val;
        nint jp = args.Jp;
        bool prefetch = args.Prefetch;
        TVec p1 = TShape.E > 1 ? xi[1] : default;
        TVec p2 = TShape.E > 2 ? xi[2] : default;
        TVec p3 = TShape.E > 2 ? xi[3] : default;
        TVec p4 = TShape.E > 4 ? xi[4] : default;
        TVec p5 = TShape.E > 4 ? xi[5] : default;
        TVec p6 = TShape.E > 4 ? xi[6] : default;
        TVec p7 = TShape.E > 4 ? xi[7] : default;
        TVec x0 = default, x1 = default, x2 = default, x3 = default, x4 = default, x5 = default, x6 = default, x7 = default;
        TVec x8 = default, x9 = default, x10 = default, x11 = default, x12 = default, x13 = default, x14 = default, x15 = default;
        nint i = val;
        for (int it = 0; it < count; it++)
        {
            if (prefetch)
            {
                for (int h = 0; h < hc; h++)
                {
                    Prefetch(ref a0, jp + Unsafe.Add(ref off0, h));
                }

                jp = Next(jp, skip, highFixed, val);
            }

            if (TShape.E == 1)
            {
                x0 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 0);
                x1 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 1);
                if (TShape.T > 2)
                {
                    x2 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 2);
                }

                if (TShape.T > 3)
                {
                    x3 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 3);
                }

                if (TShape.T > 4)
                {
                    x4 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 4);
                }

                if (TShape.T > 5)
                {
                    x5 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 5);
                }

                if (TShape.T > 6)
                {
                    x6 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 6);
                }

                if (TShape.T > 7)
                {
                    x7 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 7);
                }

                if (TShape.T > 8)
                {
                    x8 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 8);
                }

                if (TShape.T > 9)
                {
                    x9 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 9);
                }

                if (TShape.T > 10)
                {
                    x10 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 10);
                }

                if (TShape.T > 11)
                {
                    x11 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 11);
                }

                if (TShape.T > 12)
                {
                    x12 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 12);
                }

                if (TShape.T > 13)
                {
                    x13 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 13);
                }

                if (TShape.T > 14)
                {
                    x14 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 14);
                }

                if (TShape.T > 15)
                {
                    x15 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 15);
                }

            }
            else if (TShape.E == 2)
            {
                x0 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 0);
                x1 = TOps.PermuteXor(x0, p1);
                if (TShape.T > 2)
                {
                    x2 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 1);
                }

                if (TShape.T > 3)
                {
                    x3 = TOps.PermuteXor(x2, p1);
                }

                if (TShape.T > 4)
                {
                    x4 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 2);
                }

                if (TShape.T > 5)
                {
                    x5 = TOps.PermuteXor(x4, p1);
                }

                if (TShape.T > 6)
                {
                    x6 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 3);
                }

                if (TShape.T > 7)
                {
                    x7 = TOps.PermuteXor(x6, p1);
                }

                if (TShape.T > 8)
                {
                    x8 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 4);
                }

                if (TShape.T > 9)
                {
                    x9 = TOps.PermuteXor(x8, p1);
                }

                if (TShape.T > 10)
                {
                    x10 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 5);
                }

                if (TShape.T > 11)
                {
                    x11 = TOps.PermuteXor(x10, p1);
                }

                if (TShape.T > 12)
                {
                    x12 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 6);
                }

                if (TShape.T > 13)
                {
                    x13 = TOps.PermuteXor(x12, p1);
                }

                if (TShape.T > 14)
                {
                    x14 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 7);
                }

                if (TShape.T > 15)
                {
                    x15 = TOps.PermuteXor(x14, p1);
                }

            }
            else if (TShape.E == 4)
            {
                x0 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 0);
                x1 = TOps.PermuteXor(x0, p1);
                if (TShape.T > 2)
                {
                    x2 = TOps.PermuteXor(x0, p2);
                }

                if (TShape.T > 3)
                {
                    x3 = TOps.PermuteXor(x0, p3);
                }

                if (TShape.T > 4)
                {
                    x4 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 1);
                }

                if (TShape.T > 5)
                {
                    x5 = TOps.PermuteXor(x4, p1);
                }

                if (TShape.T > 6)
                {
                    x6 = TOps.PermuteXor(x4, p2);
                }

                if (TShape.T > 7)
                {
                    x7 = TOps.PermuteXor(x4, p3);
                }

                if (TShape.T > 8)
                {
                    x8 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 2);
                }

                if (TShape.T > 9)
                {
                    x9 = TOps.PermuteXor(x8, p1);
                }

                if (TShape.T > 10)
                {
                    x10 = TOps.PermuteXor(x8, p2);
                }

                if (TShape.T > 11)
                {
                    x11 = TOps.PermuteXor(x8, p3);
                }

                if (TShape.T > 12)
                {
                    x12 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 3);
                }

                if (TShape.T > 13)
                {
                    x13 = TOps.PermuteXor(x12, p1);
                }

                if (TShape.T > 14)
                {
                    x14 = TOps.PermuteXor(x12, p2);
                }

                if (TShape.T > 15)
                {
                    x15 = TOps.PermuteXor(x12, p3);
                }

            }
            else
            {
                x0 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 0);
                x1 = TOps.PermuteXor(x0, p1);
                if (TShape.T > 2)
                {
                    x2 = TOps.PermuteXor(x0, p2);
                }

                if (TShape.T > 3)
                {
                    x3 = TOps.PermuteXor(x0, p3);
                }

                if (TShape.T > 4)
                {
                    x4 = TOps.PermuteXor(x0, p4);
                }

                if (TShape.T > 5)
                {
                    x5 = TOps.PermuteXor(x0, p5);
                }

                if (TShape.T > 6)
                {
                    x6 = TOps.PermuteXor(x0, p6);
                }

                if (TShape.T > 7)
                {
                    x7 = TOps.PermuteXor(x0, p7);
                }

                if (TShape.T > 8)
                {
                    x8 = Ld<TOps, TC, TVec>(ref a0, i, ref off0, 1);
                }

                if (TShape.T > 9)
                {
                    x9 = TOps.PermuteXor(x8, p1);
                }

                if (TShape.T > 10)
                {
                    x10 = TOps.PermuteXor(x8, p2);
                }

                if (TShape.T > 11)
                {
                    x11 = TOps.PermuteXor(x8, p3);
                }

                if (TShape.T > 12)
                {
                    x12 = TOps.PermuteXor(x8, p4);
                }

                if (TShape.T > 13)
                {
                    x13 = TOps.PermuteXor(x8, p5);
                }

                if (TShape.T > 14)
                {
                    x14 = TOps.PermuteXor(x8, p6);
                }

                if (TShape.T > 15)
                {
                    x15 = TOps.PermuteXor(x8, p7);
                }

            }

            ref TVec c = ref cf0;
            for (int h = 0; h < hc; h++)
            {
                var r0 = TOps.Mul(c, x0);
                var r1 = TOps.Mul(Unsafe.Add(ref c, 2), x1);
                var j0 = TKind.IsReal ? r0 : TOps.Mul(Unsafe.Add(ref c, 1), x0);
                var j1 = TKind.IsReal ? r1 : TOps.Mul(Unsafe.Add(ref c, 3), x1);
                if (TShape.T > 2)
                {
                    r0 = TOps.Fma(Unsafe.Add(ref c, 4), x2, r0);
                    if (!TKind.IsReal)
                    {
                        j0 = TOps.Fma(Unsafe.Add(ref c, 5), x2, j0);
                    }

                    r1 = TOps.Fma(Unsafe.Add(ref c, 6), x3, r1);
                    if (!TKind.IsReal)
                    {
                        j1 = TOps.Fma(Unsafe.Add(ref c, 7), x3, j1);
                    }
                }

                if (TShape.T > 4)
                {
                    r0 = TOps.Fma(Unsafe.Add(ref c, 8), x4, r0);
                    if (!TKind.IsReal)
                    {
                        j0 = TOps.Fma(Unsafe.Add(ref c, 9), x4, j0);
                    }

                    r1 = TOps.Fma(Unsafe.Add(ref c, 10), x5, r1);
                    if (!TKind.IsReal)
                    {
                        j1 = TOps.Fma(Unsafe.Add(ref c, 11), x5, j1);
                    }

                    r0 = TOps.Fma(Unsafe.Add(ref c, 12), x6, r0);
                    if (!TKind.IsReal)
                    {
                        j0 = TOps.Fma(Unsafe.Add(ref c, 13), x6, j0);
                    }

                    r1 = TOps.Fma(Unsafe.Add(ref c, 14), x7, r1);
                    if (!TKind.IsReal)
                    {
                        j1 = TOps.Fma(Unsafe.Add(ref c, 15), x7, j1);
                    }
                }

                if (TShape.T > 8)
                {
                    r0 = TOps.Fma(Unsafe.Add(ref c, 16), x8, r0);
                    if (!TKind.IsReal)
                    {
                        j0 = TOps.Fma(Unsafe.Add(ref c, 17), x8, j0);
                    }

                    r1 = TOps.Fma(Unsafe.Add(ref c, 18), x9, r1);
                    if (!TKind.IsReal)
                    {
                        j1 = TOps.Fma(Unsafe.Add(ref c, 19), x9, j1);
                    }

                    r0 = TOps.Fma(Unsafe.Add(ref c, 20), x10, r0);
                    if (!TKind.IsReal)
                    {
                        j0 = TOps.Fma(Unsafe.Add(ref c, 21), x10, j0);
                    }

                    r1 = TOps.Fma(Unsafe.Add(ref c, 22), x11, r1);
                    if (!TKind.IsReal)
                    {
                        j1 = TOps.Fma(Unsafe.Add(ref c, 23), x11, j1);
                    }

                    r0 = TOps.Fma(Unsafe.Add(ref c, 24), x12, r0);
                    if (!TKind.IsReal)
                    {
                        j0 = TOps.Fma(Unsafe.Add(ref c, 25), x12, j0);
                    }

                    r1 = TOps.Fma(Unsafe.Add(ref c, 26), x13, r1);
                    if (!TKind.IsReal)
                    {
                        j1 = TOps.Fma(Unsafe.Add(ref c, 27), x13, j1);
                    }

                    r0 = TOps.Fma(Unsafe.Add(ref c, 28), x14, r0);
                    if (!TKind.IsReal)
                    {
                        j0 = TOps.Fma(Unsafe.Add(ref c, 29), x14, j0);
                    }

                    r1 = TOps.Fma(Unsafe.Add(ref c, 30), x15, r1);
                    if (!TKind.IsReal)
                    {
                        j1 = TOps.Fma(Unsafe.Add(ref c, 31), x15, j1);
                    }
                }

                var o = TOps.Add(r0, r1);
                if (!TKind.IsReal)
                {
                    o = TOps.Add(o, TOps.Swap(TOps.Add(j0, j1)));
                }

                TOps.Store(ref Unsafe.Add(ref a0, i + Unsafe.Add(ref off0, h)), o);
                c = ref Unsafe.Add(ref c, 2 * TShape.T);
            }

            i = Next(i, skip, highFixed, val);
        }
    }

    /// <summary>Selects the coefficient arithmetic of <see cref="DenseLoop"/> at JIT time.</summary>
    private interface ICoefficientKind
    {
        static abstract bool IsReal { get; }
    }

    private readonly struct RealCoefficients : ICoefficientKind
    {
        public static bool IsReal => true;
    }

    private readonly struct ComplexCoefficients : ICoefficientKind
    {
        public static bool IsReal => false;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void DenseLoop<TOps, TC, TVec, TKind>(
        ref TC a0, int count, nint skip, int highFixed, nint val, nint jp, bool prefetch, int hc, int ec,
        Span<int> off, Span<TVec> coef, Span<TVec> xs, Span<TVec> xi, Span<int> tix, Span<int> cnt)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
        where TKind : struct, ICoefficientKind
    {
        ref int off0 = ref MemoryMarshal.GetReference(off);
        ref TVec cf0 = ref MemoryMarshal.GetReference(coef);
        ref TVec x0 = ref MemoryMarshal.GetReference(xs);
        ref TVec xi0 = ref MemoryMarshal.GetReference(xi);
        ref int tix0 = ref MemoryMarshal.GetReference(tix);
        ref int cnt0 = ref MemoryMarshal.GetReference(cnt);
        nint i = val;
        for (int it = 0; it < count; it++)
        {
            if (prefetch)
            {
                for (int h = 0; h < hc; h++)
                {
                    Prefetch(ref a0, jp + Unsafe.Add(ref off0, h));
                }

                jp = Next(jp, skip, highFixed, val);
            }

            for (int hp = 0; hp < hc; hp++)
            {
                var v = TOps.Load(ref Unsafe.Add(ref a0, i + Unsafe.Add(ref off0, hp)));
                ref TVec xrow = ref Unsafe.Add(ref x0, hp * ec);
                xrow = v;
                for (int e = 1; e < ec; e++)
                {
                    Unsafe.Add(ref xrow, e) = TOps.PermuteXor(v, Unsafe.Add(ref xi0, e));
                }
            }

            int q = 0;
            for (int h = 0; h < hc; h++)
            {
                int end = q + Unsafe.Add(ref cnt0, h);
                TVec r0 = TOps.Zero, r1 = TOps.Zero, j0 = TOps.Zero, j1 = TOps.Zero;
                for (; q < end; q += 2)
                {
                    var xa = Unsafe.Add(ref x0, Unsafe.Add(ref tix0, q));
                    var xb = Unsafe.Add(ref x0, Unsafe.Add(ref tix0, q + 1));
                    ref TVec c = ref Unsafe.Add(ref cf0, 2 * q);
                    r0 = TOps.Fma(c, xa, r0);
                    r1 = TOps.Fma(Unsafe.Add(ref c, 2), xb, r1);
                    if (!TKind.IsReal)
                    {
                        j0 = TOps.Fma(Unsafe.Add(ref c, 1), xa, j0);
                        j1 = TOps.Fma(Unsafe.Add(ref c, 3), xb, j1);
                    }
                }

                var o = TOps.Add(r0, r1);
                if (!TKind.IsReal)
                {
                    o = TOps.Add(o, TOps.Swap(TOps.Add(j0, j1)));
                }

                TOps.Store(ref Unsafe.Add(ref a0, i + Unsafe.Add(ref off0, h)), o);
            }

            i = Next(i, skip, highFixed, val);
        }
    }

    /// <summary>Geometry and flags of a prepared diagonal kernel: <see cref="Na"/> non-identity blocks.</summary>
    internal readonly record struct DiagonalHeader(int Na, int FixedMask, int HighFixed, int HighCval, bool Real);

    /// <summary>Number of high-target combinations (table size) of a diagonal on <paramref name="targets"/> at log2 width <paramref name="c"/>.</summary>
    internal static int DiagonalCombos(ReadOnlySpan<int> targets, int c)
    {
        int kh = 0;
        foreach (int t in targets)
        {
            kh += t >= c ? 1 : 0;
        }

        return 1 << kh;
    }

    /// <summary>
    /// Builds the tables of a diagonal gate on <paramref name="targets"/> (entry diag[local index]) active where
    /// (i &amp; cmask) == cval: coef 2 combos registers (64-byte aligned) and off combos ints, combos from
    /// <see cref="DiagonalCombos"/>. Needs at most <see cref="MaxDiagonalTargets"/> distinct targets disjoint from cmask.
    /// </summary>
    internal static DiagonalHeader PrepareDiagonal<TOps, TC, TVec>(ReadOnlySpan<Complex> diag, ReadOnlySpan<int> targets, int cmask, int cval, Span<TVec> coef, Span<int> off)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
    {
        int w = TOps.Width, c = TOps.Log2Width;
        Span<int> lowJ = stackalloc int[MaxDiagonalTargets];
        Span<int> highJ = stackalloc int[MaxDiagonalTargets];
        var l = Split(targets, cmask, cval, c, lowJ, highJ);
        int hc = 1 << l.Kh;
        Span<double> lr = stackalloc double[2 * w];
        Span<double> lj = stackalloc double[2 * w];
        bool real = true;
        int na = 0;
        for (int h = 0; h < hc; h++)
        {
            int rowHigh = HighBits(h, l.HighJ);
            bool identity = true;
            for (int p = 0; p < w; p++)
            {
                Complex z = (p & l.LowCmask) == l.LowCval ? diag[rowHigh | LowBits(p, l.LowJ, targets)] : Complex.One;
                identity &= z == Complex.One;
                real &= z.Imaginary == 0;
                PutRJ(lr, lj, p, z);
            }

            if (!identity)
            {
                coef[2 * na] = TOps.FromLanes(lr);
                coef[(2 * na) + 1] = TOps.FromLanes(lj);
                off[na++] = HighOffset(h, l.HighJ, targets);
            }
        }

        int tmask = 0;
        foreach (int t in targets)
        {
            tmask |= 1 << t;
        }

        return new DiagonalHeader(na, tmask | cmask, l.HighTargetMask | l.HighCmask, l.HighCval, real);
    }

    /// <summary>
    /// Diagonal gate on <paramref name="targets"/> (entry diag[local index]), active where (i &amp; cmask) == cval,
    /// tables built on the stack for this call. Needs at most <see cref="MaxDiagonalTargets"/> distinct targets disjoint
    /// from cmask and a power-of-two length of at least the width. Registers whose coefficients are all 1 (the
    /// control = 0 part, the unit entries of CZ / CP / S / T) are not touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Diagonal<TOps, TC, TVec>(Span<TC> a, ReadOnlySpan<Complex> diag, ReadOnlySpan<int> targets, int cmask, int cval)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
    {
        int hc = DiagonalCombos(targets, TOps.Log2Width);
        Span<byte> raw = stackalloc byte[(2 * hc * Unsafe.SizeOf<TVec>()) + 64];
        var coef = Aligned<TVec>(raw, 2 * hc);
        Span<int> off = stackalloc int[hc];
        var header = PrepareDiagonal<TOps, TC, TVec>(diag, targets, cmask, cval, coef, off);
        RunDiagonal<TOps, TC, TVec>(a, header, coef, off);
    }

    /// <summary>Applies a prepared diagonal kernel (see <see cref="PrepareDiagonal"/>) to <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RunDiagonal<TOps, TC, TVec>(Span<TC> a, in DiagonalHeader header, Span<TVec> coef, Span<int> off)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
    {
        if (header.Na == 0)
        {
            return;
        }

        int w = TOps.Width;
        ref TC a0 = ref MemoryMarshal.GetReference(a);
        int highFixed = header.HighFixed;
        nint skip = highFixed | (w - 1);
        nint val = header.HighCval;
        int count = (a.Length >> BitOperations.PopCount((uint)highFixed)) / w;
        int regBytes = w * Unsafe.SizeOf<TC>();
        int ahead = (long)a.Length * Unsafe.SizeOf<TC>() < PrefetchMinBytes ? 0 : Math.Max(1, PrefetchBytes / regBytes);
        nint jp = val;
        for (int s = 0; s < ahead; s++)
        {
            jp = Next(jp, skip, highFixed, val);
        }

        if (header.Real)
        {
            DiagonalLoop<TOps, TC, TVec, RealCoefficients>(ref a0, count, skip, highFixed, val, jp, ahead > 0, header.Na, off, coef);
        }
        else
        {
            DiagonalLoop<TOps, TC, TVec, ComplexCoefficients>(ref a0, count, skip, highFixed, val, jp, ahead > 0, header.Na, off, coef);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void DiagonalLoop<TOps, TC, TVec, TKind>(ref TC a0, int count, nint skip, int highFixed, nint val, nint jp, bool prefetch, int na, Span<int> off, Span<TVec> coef)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
        where TKind : struct, ICoefficientKind
    {
        ref int off0 = ref MemoryMarshal.GetReference(off);
        ref TVec cf0 = ref MemoryMarshal.GetReference(coef);
        nint i = val;
        if (na == 1)
        {
            // One non-identity block (RZ on a low qubit, CZ, CP, S, T, ...): its registers only.
            nint o = off0;
            var r = cf0;
            var jv = Unsafe.Add(ref cf0, 1);
            for (int it = 0; it < count; it++)
            {
                if (prefetch)
                {
                    Prefetch(ref a0, jp + o);
                    jp = Next(jp, skip, highFixed, val);
                }

                ref TC p = ref Unsafe.Add(ref a0, i + o);
                var x = TOps.Load(ref p);
                TOps.Store(ref p, TKind.IsReal ? TOps.Mul(r, x) : TOps.Fma(r, x, TOps.Swap(TOps.Mul(jv, x))));
                i = Next(i, skip, highFixed, val);
            }

            return;
        }

        for (int it = 0; it < count; it++)
        {
            if (prefetch)
            {
                for (int u = 0; u < na; u++)
                {
                    Prefetch(ref a0, jp + Unsafe.Add(ref off0, u));
                }

                jp = Next(jp, skip, highFixed, val);
            }

            for (int u = 0; u < na; u++)
            {
                ref TC p = ref Unsafe.Add(ref a0, i + Unsafe.Add(ref off0, u));
                ref TVec c = ref Unsafe.Add(ref cf0, 2 * u);
                var x = TOps.Load(ref p);
                TOps.Store(ref p, TKind.IsReal ? TOps.Mul(c, x) : TOps.Fma(c, x, TOps.Swap(TOps.Mul(Unsafe.Add(ref c, 1), x))));
            }

            i = Next(i, skip, highFixed, val);
        }
    }
}
