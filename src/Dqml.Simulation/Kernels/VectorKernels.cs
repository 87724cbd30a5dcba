using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// Vectorised kernels, generic over the register width (<see cref="Simd128"/>, <see cref="Simd256"/>,
/// <see cref="Simd512"/>). Index bits below log2(width) lie inside one register ("low" bits); the others
/// ("high" bits) select whole registers. Gates acting on high bits stream contiguous runs of registers;
/// gates on low bits, and controls on low bits, become per-position coefficient patterns applied with
/// in-register shuffles. Every method needs a.Length &gt;= TOps.Width; results agree with
/// <see cref="ScalarKernels"/> up to rounding.
/// </summary>
[SkipLocalsInit]
internal static class VectorKernels
{
    /// <summary>Complex multiply of v by the pattern (re = <paramref name="r"/>, alternating-sign im = <paramref name="i"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec CMul<TOps, TVec>(TVec r, TVec i, TVec v)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
        => TOps.Fma(r, v, TOps.Mul(i, TOps.Swap(v)));

    /// <summary>r1 * x + r2 * y (complex, patterns) given x, y and their swaps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec CMul2<TOps, TVec>(TVec r1, TVec i1, TVec x, TVec sx, TVec r2, TVec i2, TVec y, TVec sy)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
        => TOps.Fma(r1, x, TOps.Fma(i1, sx, TOps.Fma(r2, y, TOps.Mul(i2, sy))));

    /// <summary>Writes the coefficient of position <paramref name="p"/> into the pattern buffers.</summary>
    private static void Put(Span<double> re, Span<double> im, int p, Complex c)
    {
        re[2 * p] = c.Real;
        re[(2 * p) + 1] = c.Real;
        im[2 * p] = -c.Imaginary;
        im[(2 * p) + 1] = c.Imaginary;
    }

    /// <summary>Like <see cref="Put"/> but the imaginary pattern swapped, J = (+im, -im): for sums swapped once at the end.</summary>
    private static void PutJ(Span<double> re, Span<double> jm, int p, Complex c)
    {
        re[2 * p] = c.Real;
        re[(2 * p) + 1] = c.Real;
        jm[2 * p] = c.Imaginary;
        jm[(2 * p) + 1] = -c.Imaginary;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec LoadPattern<TOps, TVec>(Span<double> p)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
        => TOps.LoadDoubles(ref MemoryMarshal.GetReference(p));

    /// <summary>
    /// Next register start after <paramref name="i"/> among the indices whose bits under <paramref name="fixedMask"/>
    /// equal <paramref name="val"/>: the low (in-register) bits and the fixed bits are set to 1 so the increment
    /// carries straight through them, then the fixed bits are restored. Loops built on it stream the selected
    /// registers in ascending order with a handful of integer operations per register, whatever the run length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Next(nint i, nint skipMask, nint fixedMask, nint val) => (((i | skipMask) + 1) & ~fixedMask) | val;

    /// <summary>How far ahead (bytes per stream) the loops prefetch: the hardware prefetchers alone leave DRAM-bound passes ~20% short.</summary>
    private const int PrefetchBytes = 4096;

    /// <summary>Streams shorter than this (bytes) stay in cache: no lookahead, and no setup cost for small states.</summary>
    private const int PrefetchMinBytes = 1 << 19;

    /// <summary>
    /// Loop steps that cover <see cref="PrefetchBytes"/> when each of <paramref name="steps"/> steps advances
    /// <paramref name="perStep"/> complexes per stream; 0 (prefetch the line being loaded anyway) for short streams.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AheadSteps(int perStep, int steps)
        => (long)steps * perStep * 16 < PrefetchMinBytes ? 0 : Math.Max(1, PrefetchBytes / (16 * perStep));

    /// <summary>The index <paramref name="steps"/> iterations of <see cref="Next"/> (after adding <paramref name="step2"/>) past <paramref name="i"/>.</summary>
    private static nint Ahead(nint i, int steps, nint step2, nint skipMask, nint fixedMask, nint val)
    {
        for (int k = 0; k < steps; k++)
        {
            i = Next(i + step2, skipMask, fixedMask, val);
        }

        return i;
    }

    /// <summary>
    /// Software prefetch of the line holding a0[j] into L1. A prefetch never faults, so j may run past the end of the
    /// state (the loops' lookahead cursors do) and a stale address after a GC move is harmless.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref Complex a0, nint j)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref a0, j)));
        }
    }

    /// <summary>
    /// The 64-byte-aligned part of a stack buffer (allocate 8 doubles extra). Coefficient tables re-read in the hot
    /// loops must not straddle cache lines: a misaligned 512-bit load is two loads, and the stack address varies
    /// from run to run.
    /// </summary>
    private static unsafe Span<double> Align64(Span<double> raw)
    {
        nint addr = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(raw));
        int skip = (int)(((64 - (addr & 63)) & 63) / sizeof(double));
        return raw[skip..];
    }

    /// <summary>Bit mask of the positions in <paramref name="positions"/>.</summary>
    private static int MaskOf(ReadOnlySpan<int> positions)
    {
        int m = 0;
        foreach (int p in positions)
        {
            m |= 1 << p;
        }

        return m;
    }

    /// <summary>
    /// Controlled (or, with no controls, plain) one-qubit gate; <paramref name="sortedFixed"/> = sorted(controls and q),
    /// <paramref name="cval"/> has the control values at the control positions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Controlled1<TOps, TVec>(Span<Complex> a, int q, int cval, ReadOnlySpan<int> sortedFixed, Complex m00, Complex m01, Complex m10, Complex m11)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        int n = a.Length;
        int fixedMask = MaskOf(sortedFixed);
        int lowCmask = fixedMask & (w - 1) & ~(1 << q);
        int lowCval = cval & lowCmask;
        int highMask = fixedMask & ~(w - 1);
        nint val = cval & highMask & ~(1 << q);
        nint skip = highMask | (w - 1);
        int count = (n >> BitOperations.PopCount((uint)highMask)) / w;
        int stride = 1 << q;
        bool plainX = m00 == Complex.Zero && m11 == Complex.Zero && m01 == Complex.One && m10 == Complex.One;
        bool real = m00.Imaginary == 0 && m01.Imaginary == 0 && m10.Imaginary == 0 && m11.Imaginary == 0;
        ref Complex a0 = ref MemoryMarshal.GetReference(a);

        Span<double> buf = stackalloc double[8 * 8];
        Span<double> ra = buf[..8], ia = buf[8..16], rb = buf[16..24], ib = buf[24..32];
        Span<double> rc = buf[32..40], ic = buf[40..48], rd = buf[48..56], id = buf[56..64];

        if (stride >= w)
        {
            nint i = val;
            if (plainX && lowCmask == 0)
            {
                nint jx = Ahead(val, AheadSteps(w, count), 0, skip, highMask, val);
                for (int k = 0; k < count; k++)
                {
                    Prefetch(ref a0, jx);
                    Prefetch(ref a0, jx + stride);
                    jx = Next(jx, skip, highMask, val);
                    ref Complex lo = ref Unsafe.Add(ref a0, i);
                    ref Complex hi = ref Unsafe.Add(ref a0, i + stride);
                    var x = TOps.Load(ref lo);
                    var y = TOps.Load(ref hi);
                    TOps.Store(ref lo, y);
                    TOps.Store(ref hi, x);
                    i = Next(i, skip, highMask, val);
                }

                return;
            }

            for (int p = 0; p < w; p++)
            {
                bool active = (p & lowCmask) == lowCval;
                Put(ra, ia, p, active ? m00 : Complex.One);
                Put(rb, ib, p, active ? m01 : Complex.Zero);
                Put(rc, ic, p, active ? m10 : Complex.Zero);
                Put(rd, id, p, active ? m11 : Complex.One);
            }

            TVec vra = LoadPattern<TOps, TVec>(ra), via = LoadPattern<TOps, TVec>(ia);
            TVec vrb = LoadPattern<TOps, TVec>(rb), vib = LoadPattern<TOps, TVec>(ib);
            TVec vrc = LoadPattern<TOps, TVec>(rc), vic = LoadPattern<TOps, TVec>(ic);
            TVec vrd = LoadPattern<TOps, TVec>(rd), vid = LoadPattern<TOps, TVec>(id);

            // Runs of at least two registers: two per step, halving the index arithmetic.
            bool two = (highMask & w) == 0;
            int steps = two ? count >> 1 : count;
            nint step2 = two ? w : 0;
            nint j = Ahead(val, AheadSteps(two ? 2 * w : w, steps), step2, skip, highMask, val);
            if (real)
            {
                // Real matrix (H, RY, ...): half the multiplies, no shuffles.
                for (int k = 0; k < steps; k++)
                {
                    Prefetch(ref a0, j);
                    Prefetch(ref a0, j + stride);
                    Prefetch(ref a0, j + step2);
                    Prefetch(ref a0, j + step2 + stride);
                    j = Next(j + step2, skip, highMask, val);
                    PairReal<TOps, TVec>(ref Unsafe.Add(ref a0, i), stride, vra, vrb, vrc, vrd);
                    if (two)
                    {
                        PairReal<TOps, TVec>(ref Unsafe.Add(ref a0, i + w), stride, vra, vrb, vrc, vrd);
                    }

                    i = Next(i + step2, skip, highMask, val);
                }

                return;
            }

            for (int k = 0; k < steps; k++)
            {
                Prefetch(ref a0, j);
                Prefetch(ref a0, j + stride);
                Prefetch(ref a0, j + step2);
                Prefetch(ref a0, j + step2 + stride);
                j = Next(j + step2, skip, highMask, val);
                Pair<TOps, TVec>(ref Unsafe.Add(ref a0, i), stride, vra, via, vrb, vib, vrc, vic, vrd, vid);
                if (two)
                {
                    Pair<TOps, TVec>(ref Unsafe.Add(ref a0, i + w), stride, vra, via, vrb, vib, vrc, vic, vrd, vid);
                }

                i = Next(i + step2, skip, highMask, val);
            }

            return;
        }

        // Target inside the register. X: exchange the pairs in place.
        if (plainX && lowCmask == 0)
        {
            if (stride == 1)
            {
                ExchangeAll<TOps, TVec>(ref a0, count, 1, skip, highMask, val);
            }
            else
            {
                ExchangeAll<TOps, TVec>(ref a0, count, 2, skip, highMask, val);
            }

            return;
        }

        // out = P * v + Q * (v with each pair exchanged), position-wise; imaginary parts as J patterns, one swap.
        for (int p = 0; p < w; p++)
        {
            bool active = (p & lowCmask) == lowCval;
            bool isLo = (p & stride) == 0;
            PutJ(ra, ia, p, active ? (isLo ? m00 : m11) : Complex.One);
            PutJ(rb, ib, p, active ? (isLo ? m01 : m10) : Complex.Zero);
        }

        TVec pra = LoadPattern<TOps, TVec>(ra), pia = LoadPattern<TOps, TVec>(ia);
        TVec prb = LoadPattern<TOps, TVec>(rb), pib = LoadPattern<TOps, TVec>(ib);
        if (stride == 1)
        {
            InRegisterAll<TOps, TVec>(ref a0, count, 1, skip, highMask, val, pra, pia, prb, pib, real);
        }
        else
        {
            InRegisterAll<TOps, TVec>(ref a0, count, 2, skip, highMask, val, pra, pia, prb, pib, real);
        }
    }

    /// <summary>lo' = A lo + B hi, hi' = C lo + D hi for the registers at <paramref name="lo"/> and lo + stride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pair<TOps, TVec>(ref Complex lo, int stride, TVec ra, TVec ia, TVec rb, TVec ib, TVec rc, TVec ic, TVec rd, TVec id)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        ref Complex hi = ref Unsafe.Add(ref lo, stride);
        var x = TOps.Load(ref lo);
        var y = TOps.Load(ref hi);
        var sx = TOps.Swap(x);
        var sy = TOps.Swap(y);
        TOps.Store(ref lo, CMul2<TOps, TVec>(ra, ia, x, sx, rb, ib, y, sy));
        TOps.Store(ref hi, CMul2<TOps, TVec>(rc, ic, x, sx, rd, id, y, sy));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairReal<TOps, TVec>(ref Complex lo, int stride, TVec ra, TVec rb, TVec rc, TVec rd)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        ref Complex hi = ref Unsafe.Add(ref lo, stride);
        var x = TOps.Load(ref lo);
        var y = TOps.Load(ref hi);
        TOps.Store(ref lo, TOps.Fma(ra, x, TOps.Mul(rb, y)));
        TOps.Store(ref hi, TOps.Fma(rc, x, TOps.Mul(rd, y)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ExchangeAll<TOps, TVec>(ref Complex a0, int count, int s, nint skip, nint highMask, nint val)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        nint i = val;
        nint j = Ahead(val, AheadSteps(TOps.Width, count), 0, skip, highMask, val);
        for (int k = 0; k < count; k++)
        {
            Prefetch(ref a0, j);
            j = Next(j, skip, highMask, val);
            ref Complex r = ref Unsafe.Add(ref a0, i);
            TOps.Store(ref r, TOps.Exchange(TOps.Load(ref r), s));
            i = Next(i, skip, highMask, val);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InRegisterAll<TOps, TVec>(ref Complex a0, int count, int s, nint skip, nint highMask, nint val, TVec ra, TVec ja, TVec rb, TVec jb, bool real)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        nint i = val;
        nint j = Ahead(val, AheadSteps(TOps.Width, count), 0, skip, highMask, val);
        if (real)
        {
            for (int k = 0; k < count; k++)
            {
                Prefetch(ref a0, j);
                j = Next(j, skip, highMask, val);
                ref Complex r = ref Unsafe.Add(ref a0, i);
                var v = TOps.Load(ref r);
                TOps.Store(ref r, TOps.Fma(ra, v, TOps.Mul(rb, TOps.Exchange(v, s))));
                i = Next(i, skip, highMask, val);
            }

            return;
        }

        for (int k = 0; k < count; k++)
        {
            Prefetch(ref a0, j);
            j = Next(j, skip, highMask, val);
            ref Complex r = ref Unsafe.Add(ref a0, i);
            var v = TOps.Load(ref r);
            var e = TOps.Exchange(v, s);
            TOps.Store(ref r, TOps.Add(TOps.Fma(ra, v, TOps.Mul(rb, e)), TOps.Swap(TOps.Fma(ja, v, TOps.Mul(jb, e)))));
            i = Next(i, skip, highMask, val);
        }
    }

    /// <summary>Diagonal one-qubit gate diag(d0, d1) on qubit q; a unit d0 (P, S, T, Z) leaves the q = 0 half untouched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Diagonal1<TOps, TVec>(Span<Complex> a, int q, Complex d0, Complex d1)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        int n = a.Length;
        int stride = 1 << q;
        bool real = d0.Imaginary == 0 && d1.Imaginary == 0;
        ref Complex a0 = ref MemoryMarshal.GetReference(a);
        if (stride < w)
        {
            Span<double> re = stackalloc double[8];
            Span<double> im = stackalloc double[8];
            for (int p = 0; p < w; p++)
            {
                Put(re, im, p, (p & stride) == 0 ? d0 : d1);
            }

            var r = LoadPattern<TOps, TVec>(re);
            var ii = LoadPattern<TOps, TVec>(im);
            for (nint i = 0; i < n; i += w)
            {
                Prefetch(ref a0, i + (PrefetchBytes / 16));
                ref Complex v = ref Unsafe.Add(ref a0, i);
                TOps.Store(ref v, real ? TOps.Mul(r, TOps.Load(ref v)) : CMul<TOps, TVec>(r, ii, TOps.Load(ref v)));
            }

            return;
        }

        var r0 = TOps.Create(d0.Real);
        var i0 = TOps.CreateAlt(d0.Imaginary);
        var r1 = TOps.Create(d1.Real);
        var i1 = TOps.CreateAlt(d1.Imaginary);
        nint skip = stride | (w - 1);
        int count = (n >> 1) / w;
        if (d0 == Complex.One)
        {
            // Only the q = 1 half.
            nint h = stride;
            nint jh = Ahead(stride, AheadSteps(w, count), 0, skip, stride, stride);
            for (int k = 0; k < count; k++)
            {
                Prefetch(ref a0, jh);
                jh = Next(jh, skip, stride, stride);
                ref Complex v = ref Unsafe.Add(ref a0, h);
                TOps.Store(ref v, real ? TOps.Mul(r1, TOps.Load(ref v)) : CMul<TOps, TVec>(r1, i1, TOps.Load(ref v)));
                h = Next(h, skip, stride, stride);
            }

            return;
        }

        nint i2 = 0;
        nint j = Ahead(0, AheadSteps(w, count), 0, skip, stride, 0);
        for (int k = 0; k < count; k++)
        {
            Prefetch(ref a0, j);
            Prefetch(ref a0, j + stride);
            j = Next(j, skip, stride, 0);
            ref Complex lo = ref Unsafe.Add(ref a0, i2);
            ref Complex hi = ref Unsafe.Add(ref a0, i2 + stride);
            if (real)
            {
                TOps.Store(ref lo, TOps.Mul(r0, TOps.Load(ref lo)));
                TOps.Store(ref hi, TOps.Mul(r1, TOps.Load(ref hi)));
            }
            else
            {
                TOps.Store(ref lo, CMul<TOps, TVec>(r0, i0, TOps.Load(ref lo)));
                TOps.Store(ref hi, CMul<TOps, TVec>(r1, i1, TOps.Load(ref hi)));
            }

            i2 = Next(i2, skip, stride, 0);
        }
    }

    /// <summary>
    /// Diagonal gate on <paramref name="qubits"/>, active where (i &amp; cmask) == cval. A single non-identity block
    /// (CZ, CP, S, T, Z, ...) touches only its part of the state; otherwise one pass picks each register's
    /// coefficients by its high target bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DiagonalK<TOps, TVec>(Span<Complex> a, ReadOnlySpan<Complex> diag, ReadOnlySpan<int> qubits, int cmask, int cval)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width, c = TOps.Log2Width;
        int n = a.Length;
        int lowCmask = cmask & (w - 1);
        int lowCval = cval & lowCmask;
        int highCmask = cmask & ~(w - 1);
        int highCval = cval & highCmask;

        // The high target qubits in ascending position: bit t of a block index is the t-th of them.
        Span<int> hj = stackalloc int[32];
        int kh = 0;
        int qubitHighMask = 0;
        for (int j = 0; j < qubits.Length; j++)
        {
            if (qubits[j] >= c)
            {
                hj[kh++] = j;
                qubitHighMask |= 1 << qubits[j];
            }
        }

        hj = hj[..kh];
        for (int x = 1; x < kh; x++)
        {
            for (int y = x; y > 0 && qubits[hj[y]] < qubits[hj[y - 1]]; y--)
            {
                (hj[y], hj[y - 1]) = (hj[y - 1], hj[y]);
            }
        }

        bool real = true;
        for (int d = 0; d < 1 << qubits.Length; d++)
        {
            real &= diag[d].Imaginary == 0;
        }

        ref Complex a0 = ref MemoryMarshal.GetReference(a);
        int combos = 1 << kh;
        int pw = 2 * w;
        const int MaxTable = 16;
        Span<double> pr = Align64(stackalloc double[(MaxTable * 8) + 8]);
        Span<double> pi = Align64(stackalloc double[(MaxTable * 8) + 8]);
        int nonIdentity = 0, lastBlock = 0;
        if (combos <= MaxTable)
        {
            for (int h = 0; h < combos; h++)
            {
                if (BuildDiagPattern(diag, qubits, hj, h, lowCmask, lowCval, w, c, pr.Slice(h * pw, pw), pi.Slice(h * pw, pw), out _))
                {
                    nonIdentity++;
                    lastBlock = h;
                }
            }

            if (nonIdentity == 0)
            {
                return;
            }
        }

        if (kh == 1 && nonIdentity == 2)
        {
            // One high target bit (RZ, CRZ, ...): lo and hi registers of each pair, like a one-qubit gate.
            ref double pr0 = ref MemoryMarshal.GetReference(pr);
            ref double pi0 = ref MemoryMarshal.GetReference(pi);
            var r0 = TOps.LoadDoubles(ref pr0);
            var i0 = TOps.LoadDoubles(ref pi0);
            var r1 = TOps.LoadDoubles(ref Unsafe.Add(ref pr0, pw));
            var i1 = TOps.LoadDoubles(ref Unsafe.Add(ref pi0, pw));
            int stride = qubitHighMask;
            int pairMask = highCmask | stride;
            nint skip = pairMask | (w - 1);
            int count = (n >> BitOperations.PopCount((uint)pairMask)) / w;
            nint i = highCval;
            nint j = Ahead(highCval, AheadSteps(w, count), 0, skip, pairMask, highCval);
            for (int k = 0; k < count; k++)
            {
                Prefetch(ref a0, j);
                Prefetch(ref a0, j + stride);
                j = Next(j, skip, pairMask, highCval);
                ref Complex lo = ref Unsafe.Add(ref a0, i);
                ref Complex hi = ref Unsafe.Add(ref a0, i + stride);
                if (real)
                {
                    TOps.Store(ref lo, TOps.Mul(r0, TOps.Load(ref lo)));
                    TOps.Store(ref hi, TOps.Mul(r1, TOps.Load(ref hi)));
                }
                else
                {
                    TOps.Store(ref lo, CMul<TOps, TVec>(r0, i0, TOps.Load(ref lo)));
                    TOps.Store(ref hi, CMul<TOps, TVec>(r1, i1, TOps.Load(ref hi)));
                }

                i = Next(i, skip, pairMask, highCval);
            }

            return;
        }

        if (kh == 2 && nonIdentity > 1)
        {
            // Two high target bits (RZZ, CP on high qubits with a low control, ...): the four registers of each
            // quad, one pattern each.
            ref double pr0 = ref MemoryMarshal.GetReference(pr);
            ref double pi0 = ref MemoryMarshal.GetReference(pi);
            var r0 = TOps.LoadDoubles(ref pr0);
            var i0 = TOps.LoadDoubles(ref pi0);
            var r1 = TOps.LoadDoubles(ref Unsafe.Add(ref pr0, pw));
            var i1 = TOps.LoadDoubles(ref Unsafe.Add(ref pi0, pw));
            var r2 = TOps.LoadDoubles(ref Unsafe.Add(ref pr0, 2 * pw));
            var i2 = TOps.LoadDoubles(ref Unsafe.Add(ref pi0, 2 * pw));
            var r3 = TOps.LoadDoubles(ref Unsafe.Add(ref pr0, 3 * pw));
            var i3 = TOps.LoadDoubles(ref Unsafe.Add(ref pi0, 3 * pw));
            int bA = 1 << qubits[hj[0]], bB = 1 << qubits[hj[1]];
            int quadMask = highCmask | bA | bB;
            nint skip = quadMask | (w - 1);
            int count = (n >> BitOperations.PopCount((uint)quadMask)) / w;
            nint i = highCval;
            nint j = Ahead(highCval, AheadSteps(w, count), 0, skip, quadMask, highCval);
            for (int k = 0; k < count; k++)
            {
                Prefetch(ref a0, j);
                Prefetch(ref a0, j + bA);
                Prefetch(ref a0, j + bB);
                Prefetch(ref a0, j + bA + bB);
                j = Next(j, skip, quadMask, highCval);
                ref Complex v0 = ref Unsafe.Add(ref a0, i);
                ref Complex v1 = ref Unsafe.Add(ref a0, i + bA);
                ref Complex v2 = ref Unsafe.Add(ref a0, i + bB);
                ref Complex v3 = ref Unsafe.Add(ref a0, i + bA + bB);
                if (real)
                {
                    TOps.Store(ref v0, TOps.Mul(r0, TOps.Load(ref v0)));
                    TOps.Store(ref v1, TOps.Mul(r1, TOps.Load(ref v1)));
                    TOps.Store(ref v2, TOps.Mul(r2, TOps.Load(ref v2)));
                    TOps.Store(ref v3, TOps.Mul(r3, TOps.Load(ref v3)));
                }
                else
                {
                    TOps.Store(ref v0, CMul<TOps, TVec>(r0, i0, TOps.Load(ref v0)));
                    TOps.Store(ref v1, CMul<TOps, TVec>(r1, i1, TOps.Load(ref v1)));
                    TOps.Store(ref v2, CMul<TOps, TVec>(r2, i2, TOps.Load(ref v2)));
                    TOps.Store(ref v3, CMul<TOps, TVec>(r3, i3, TOps.Load(ref v3)));
                }

                i = Next(i, skip, quadMask, highCval);
            }

            return;
        }

        if (combos <= MaxTable && nonIdentity > 1 && (kh == 0 || Bmi2.IsSupported))
        {
            // One pass over every register the controls select; its coefficients by the high target bits.
            nint skip = highCmask | (w - 1);
            int count = (n >> BitOperations.PopCount((uint)highCmask)) / w;
            nint i = highCval;
            nint j = Ahead(highCval, AheadSteps(w, count), 0, skip, highCmask, highCval);
            ref double pr0 = ref MemoryMarshal.GetReference(pr);
            ref double pi0 = ref MemoryMarshal.GetReference(pi);
            if (kh == 0)
            {
                var r = TOps.LoadDoubles(ref pr0);
                var im = TOps.LoadDoubles(ref pi0);
                for (int k = 0; k < count; k++)
                {
                    Prefetch(ref a0, j);
                    j = Next(j, skip, highCmask, highCval);
                    ref Complex v = ref Unsafe.Add(ref a0, i);
                    TOps.Store(ref v, real ? TOps.Mul(r, TOps.Load(ref v)) : CMul<TOps, TVec>(r, im, TOps.Load(ref v)));
                    i = Next(i, skip, highCmask, highCval);
                }

                return;
            }

            for (int k = 0; k < count; k++)
            {
                Prefetch(ref a0, j);
                j = Next(j, skip, highCmask, highCval);
                int t = (int)Bmi2.ParallelBitExtract((uint)i, (uint)qubitHighMask) * pw;
                var r = TOps.LoadDoubles(ref Unsafe.Add(ref pr0, t));
                var im = TOps.LoadDoubles(ref Unsafe.Add(ref pi0, t));
                ref Complex v = ref Unsafe.Add(ref a0, i);
                TOps.Store(ref v, real ? TOps.Mul(r, TOps.Load(ref v)) : CMul<TOps, TVec>(r, im, TOps.Load(ref v)));
                i = Next(i, skip, highCmask, highCval);
            }

            return;
        }

        // Block by block: each non-identity setting of the high target bits is its own sparse pass.
        Span<double> qr = stackalloc double[8];
        Span<double> qi = stackalloc double[8];
        int fixedMask = highCmask | qubitHighMask;
        nint skipB = fixedMask | (w - 1);
        int countB = (n >> BitOperations.PopCount((uint)fixedMask)) / w;
        for (int h = combos <= MaxTable && nonIdentity == 1 ? lastBlock : 0; h < combos; h++)
        {
            if (!BuildDiagPattern(diag, qubits, hj, h, lowCmask, lowCval, w, c, qr, qi, out int off))
            {
                continue;
            }

            var r = LoadPattern<TOps, TVec>(qr);
            var im = LoadPattern<TOps, TVec>(qi);
            nint val = highCval | off;
            nint i = val;
            nint j = Ahead(val, AheadSteps(w, countB), 0, skipB, fixedMask, val);
            for (int k = 0; k < countB; k++)
            {
                Prefetch(ref a0, j);
                j = Next(j, skipB, fixedMask, val);
                ref Complex v = ref Unsafe.Add(ref a0, i);
                TOps.Store(ref v, real ? TOps.Mul(r, TOps.Load(ref v)) : CMul<TOps, TVec>(r, im, TOps.Load(ref v)));
                i = Next(i, skipB, fixedMask, val);
            }
        }
    }

    /// <summary>
    /// Pattern of the diagonal for high-bit setting <paramref name="h"/> (bit t of h = bit of qubits[hj[t]]); returns
    /// false when it is the identity. <paramref name="offset"/> receives the index bits of that setting.
    /// </summary>
    private static bool BuildDiagPattern(ReadOnlySpan<Complex> diag, ReadOnlySpan<int> qubits, ReadOnlySpan<int> hj, int h, int lowCmask, int lowCval, int w, int c, Span<double> re, Span<double> im, out int offset)
    {
        int localHigh = 0;
        offset = 0;
        for (int t = 0; t < hj.Length; t++)
        {
            if (((h >> t) & 1) != 0)
            {
                localHigh |= 1 << hj[t];
                offset |= 1 << qubits[hj[t]];
            }
        }

        bool identity = true;
        for (int p = 0; p < w; p++)
        {
            Complex d = Complex.One;
            if ((p & lowCmask) == lowCval)
            {
                int local = localHigh;
                for (int j = 0; j < qubits.Length; j++)
                {
                    if (qubits[j] < c)
                    {
                        local |= ((p >> qubits[j]) & 1) << j;
                    }
                }

                d = diag[local];
            }

            identity &= d == Complex.One;
            Put(re, im, p, d);
        }

        return !identity;
    }

    /// <summary>
    /// Dense two-qubit matrix (row-major 4 x 4, local index b0 + 2 b1), uncontrolled; needs max(q0, q1) &gt;= log2(width),
    /// except on the 512-bit path, which also takes both qubits inside one register (see <see cref="Dense2Inside"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dense2<TOps, TVec>(Span<Complex> a, int q0, int q1, ReadOnlySpan<Complex> m)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width, c = TOps.Log2Width;
        int n = a.Length;
        int ql = Math.Min(q0, q1), qh = Math.Max(q0, q1);
        ref Complex a0 = ref MemoryMarshal.GetReference(a);
        if (ql >= c)
        {
            Dense2High<TOps, TVec>(ref a0, n, q0, q1, m);
            return;
        }

        if (qh < c)
        {
            if (typeof(TVec) != typeof(Vector512<double>) || !Avx512F.IsSupported)
            {
                throw new ArgumentException($"both qubits of a dense two-qubit gate inside one register need the 512-bit path (qubits {q0}, {q1})");
            }

            Dense2Inside(ref a0, n, q0, m);
            return;
        }

        // ql inside the register, qh selects registers: V0 (qh = 0), V1 (qh = 1), each holding both values of ql.
        // out(Vh)[p] = sum over h' of P[h][h'][p] * V_h'[p] + Q[h][h'][p] * E(V_h')[p], E exchanging the ql pairs.
        int s = 1 << ql;
        bool lowIsQ0 = ql == q0;
        Span<double> buf = Align64(stackalloc double[(16 * 8) + 8]);
        for (int h = 0; h < 2; h++)
        {
            for (int h2 = 0; h2 < 2; h2++)
            {
                for (int p = 0; p < w; p++)
                {
                    int bl = (p & s) != 0 ? 1 : 0;
                    int row = lowIsQ0 ? bl | (h << 1) : h | (bl << 1);
                    int colSame = lowIsQ0 ? bl | (h2 << 1) : h2 | (bl << 1);
                    int colOther = lowIsQ0 ? (1 - bl) | (h2 << 1) : h2 | ((1 - bl) << 1);
                    // Layout per output h: re(v0), re(e0), re(v1), re(e1) at 0, 2, 4, 6 and the J patterns at 1, 3, 5, 7.
                    int baseK = (h * 8) + (h2 * 4);
                    PutJ(buf.Slice(baseK * 8, 8), buf.Slice((baseK + 1) * 8, 8), p, m[(row * 4) + colSame]);
                    PutJ(buf.Slice((baseK + 2) * 8, 8), buf.Slice((baseK + 3) * 8, 8), p, m[(row * 4) + colOther]);
                }
            }
        }

        ref double cf = ref MemoryMarshal.GetReference(buf);
        int bh = 1 << qh;
        if (s == 1)
        {
            Dense2LowLoop<TOps, TVec>(ref a0, n, 1, bh, ref cf);
        }
        else
        {
            Dense2LowLoop<TOps, TVec>(ref a0, n, 2, bh, ref cf);
        }
    }

    /// <summary>Pattern <paramref name="k"/> (8 doubles apart) of a coefficient buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Cf<TOps, TVec>(ref double cf, int k)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
        => TOps.LoadDoubles(ref Unsafe.Add(ref cf, k * 8));

    /// <summary>
    /// The low-qubit loop of <see cref="Dense2{TOps, TVec}"/>: the 16 coefficient patterns stay in registers (loaded once;
    /// re-reading them from L1 for every register made the loop load-bound at about 1.9 cycles per amplitude), and the
    /// registers are walked as runs of <paramref name="bh"/> amplitudes, the V1 partner <paramref name="bh"/> further on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dense2LowLoop<TOps, TVec>(ref Complex a0, int n, int s, int bh, ref double cf)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        TVec r00 = Cf<TOps, TVec>(ref cf, 0), j00 = Cf<TOps, TVec>(ref cf, 1), r01 = Cf<TOps, TVec>(ref cf, 2), j01 = Cf<TOps, TVec>(ref cf, 3);
        TVec r02 = Cf<TOps, TVec>(ref cf, 4), j02 = Cf<TOps, TVec>(ref cf, 5), r03 = Cf<TOps, TVec>(ref cf, 6), j03 = Cf<TOps, TVec>(ref cf, 7);
        TVec r10 = Cf<TOps, TVec>(ref cf, 8), j10 = Cf<TOps, TVec>(ref cf, 9), r11 = Cf<TOps, TVec>(ref cf, 10), j11 = Cf<TOps, TVec>(ref cf, 11);
        TVec r12 = Cf<TOps, TVec>(ref cf, 12), j12 = Cf<TOps, TVec>(ref cf, 13), r13 = Cf<TOps, TVec>(ref cf, 14), j13 = Cf<TOps, TVec>(ref cf, 15);
        nint ahead = AheadSteps(w, (n >> 1) / w) * w;
        nint twoBh = 2 * (nint)bh;

        // Runs of bh registers' worth of amplitudes; shorter when the high qubit lies above the span, as on a window of a
        // larger state (ParallelApply): then the span's first n / 2 amplitudes are the V0 registers.
        nint run = Math.Min(bh, n >> 1);
        for (nint block = 0; block < n; block += twoBh)
        {
            nint end = block + run;
            for (nint i = block; i < end; i += w)
            {
                Prefetch(ref a0, i + ahead);
                Prefetch(ref a0, i + bh + ahead);
                ref Complex v0p = ref Unsafe.Add(ref a0, i);
                ref Complex v1p = ref Unsafe.Add(ref a0, i + bh);
                var v0 = TOps.Load(ref v0p);
                var v1 = TOps.Load(ref v1p);
                var e0 = TOps.Exchange(v0, s);
                var e1 = TOps.Exchange(v1, s);

                // Real parts direct, imaginary parts (patterns J = swap(I)) summed first and swapped once per output:
                // sum I_t (.) swap(x_t) = swap(sum J_t (.) x_t), four shuffles per pair instead of six.
                var o0 = TOps.Add(
                    TOps.Fma(r00, v0, TOps.Fma(r01, e0, TOps.Fma(r02, v1, TOps.Mul(r03, e1)))),
                    TOps.Swap(TOps.Fma(j00, v0, TOps.Fma(j01, e0, TOps.Fma(j02, v1, TOps.Mul(j03, e1))))));
                var o1 = TOps.Add(
                    TOps.Fma(r10, v0, TOps.Fma(r11, e0, TOps.Fma(r12, v1, TOps.Mul(r13, e1)))),
                    TOps.Swap(TOps.Fma(j10, v0, TOps.Fma(j11, e0, TOps.Fma(j12, v1, TOps.Mul(j13, e1))))));
                TOps.Store(ref v0p, o0);
                TOps.Store(ref v1p, o1);
            }
        }
    }

    /// <summary>
    /// Dense two-qubit matrix on qubits 0 and 1, both inside each 512-bit register (slot p of a register is the pair
    /// of bits (q0 = 0: b0 = p &amp; 1, b1 = p &gt;&gt; 1; q0 = 1: the other way round)). Every output slot is a sum over the
    /// four input slots: out = sum_k R_k (.) B_k(v) + swap(sum_k J_k (.) B_k(v)) with B_k broadcasting slot k over the
    /// register (one 128-bit-lane shuffle) and R_k, J_k the real and swapped-imaginary patterns of column k, all eight
    /// held in registers: 4 shuffles, 8 multiply-adds and one swap per 4 amplitudes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dense2Inside(ref Complex a0, int n, int q0, ReadOnlySpan<Complex> m)
    {
        Span<double> buf = Align64(stackalloc double[(8 * 8) + 8]);
        for (int k = 0; k < 4; k++)
        {
            int col = q0 == 0 ? k : ((k & 1) << 1) | (k >> 1);
            for (int p = 0; p < 4; p++)
            {
                int row = q0 == 0 ? p : ((p & 1) << 1) | (p >> 1);
                PutJ(buf.Slice(2 * k * 8, 8), buf.Slice(((2 * k) + 1) * 8, 8), p, m[(row * 4) + col]);
            }
        }

        ref double cf = ref MemoryMarshal.GetReference(buf);
        var r0 = Cf<Simd512, Vector512<double>>(ref cf, 0);
        var j0 = Cf<Simd512, Vector512<double>>(ref cf, 1);
        var r1 = Cf<Simd512, Vector512<double>>(ref cf, 2);
        var j1 = Cf<Simd512, Vector512<double>>(ref cf, 3);
        var r2 = Cf<Simd512, Vector512<double>>(ref cf, 4);
        var j2 = Cf<Simd512, Vector512<double>>(ref cf, 5);
        var r3 = Cf<Simd512, Vector512<double>>(ref cf, 6);
        var j3 = Cf<Simd512, Vector512<double>>(ref cf, 7);
        nint ahead = AheadSteps(4, n / 4) * 4;
        for (nint i = 0; i < n; i += 4)
        {
            Prefetch(ref a0, i + ahead);
            ref Complex p = ref Unsafe.Add(ref a0, i);
            var v = Simd512.Load(ref p);
            var b0 = Avx512F.Shuffle4x128(v, v, 0x00);
            var b1 = Avx512F.Shuffle4x128(v, v, 0x55);
            var b2 = Avx512F.Shuffle4x128(v, v, 0xAA);
            var b3 = Avx512F.Shuffle4x128(v, v, 0xFF);
            var re = Simd512.Fma(r0, b0, Simd512.Fma(r1, b1, Simd512.Fma(r2, b2, Simd512.Mul(r3, b3))));
            var im = Simd512.Fma(j0, b0, Simd512.Fma(j1, b1, Simd512.Fma(j2, b2, Simd512.Mul(j3, b3))));
            Simd512.Store(ref p, Simd512.Add(re, Simd512.Swap(im)));
        }
    }

    /// <summary>
    /// Dense two-qubit matrix on two qubits across registers: the four registers of a group are multiplied by the
    /// 4 x 4 matrix. Two groups per step share every coefficient load (32 patterns do not fit in the registers next to
    /// the data), and the imaginary parts use the swapped patterns J, so there is one swap per output instead of one per
    /// input: per 8 amplitudes 8 coefficient loads, 16 multiply-adds and one swap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dense2High<TOps, TVec>(ref Complex a0, int n, int q0, int q1, ReadOnlySpan<Complex> m)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        int b0 = 1 << q0, b1 = 1 << q1;
        // Patterns 2e (re) and 2e + 1 (J: +im, -im) for entry e = 4 row + column.
        Span<double> buf = Align64(stackalloc double[(32 * 8) + 8]);
        for (int e = 0; e < 16; e++)
        {
            for (int p = 0; p < w; p++)
            {
                PutJ(buf.Slice(2 * e * 8, 8), buf.Slice(((2 * e) + 1) * 8, 8), p, m[e]);
            }
        }

        ref double cf = ref MemoryMarshal.GetReference(buf);
        nint fixedMask = b0 | b1;
        nint skip = fixedMask | (w - 1);
        int count = (n >> 2) / w;
        bool one = count == 1; // a single group: both halves of the step are that group
        nint i = 0;
        nint j = Ahead(0, AheadSteps(w, count), 0, skip, fixedMask, 0);
        for (int k = 0; k < count; k += 2)
        {
            Prefetch(ref a0, j);
            Prefetch(ref a0, j + b0);
            Prefetch(ref a0, j + b1);
            Prefetch(ref a0, j + b0 + b1);
            j = Next(j, skip, fixedMask, 0);
            Prefetch(ref a0, j);
            Prefetch(ref a0, j + b0);
            Prefetch(ref a0, j + b1);
            Prefetch(ref a0, j + b0 + b1);
            j = Next(j, skip, fixedMask, 0);
            nint i2 = one ? i : Next(i, skip, fixedMask, 0);
            ref Complex p0 = ref Unsafe.Add(ref a0, i);
            ref Complex q0r = ref Unsafe.Add(ref a0, i2);
            var x0 = TOps.Load(ref p0);
            var x1 = TOps.Load(ref Unsafe.Add(ref p0, b0));
            var x2 = TOps.Load(ref Unsafe.Add(ref p0, b1));
            var x3 = TOps.Load(ref Unsafe.Add(ref p0, b0 + b1));
            var y0 = TOps.Load(ref q0r);
            var y1 = TOps.Load(ref Unsafe.Add(ref q0r, b0));
            var y2 = TOps.Load(ref Unsafe.Add(ref q0r, b1));
            var y3 = TOps.Load(ref Unsafe.Add(ref q0r, b0 + b1));
            // All rows before any store: coefficient loads issued after a store to the state can falsely alias it
            // (same address bits 0-11) and stall.
            Row2<TOps, TVec>(ref cf, 0, x0, x1, x2, x3, y0, y1, y2, y3, out var o0, out var u0);
            Row2<TOps, TVec>(ref cf, 1, x0, x1, x2, x3, y0, y1, y2, y3, out var o1, out var u1);
            Row2<TOps, TVec>(ref cf, 2, x0, x1, x2, x3, y0, y1, y2, y3, out var o2, out var u2);
            Row2<TOps, TVec>(ref cf, 3, x0, x1, x2, x3, y0, y1, y2, y3, out var o3, out var u3);
            TOps.Store(ref q0r, u0);
            TOps.Store(ref Unsafe.Add(ref q0r, b0), u1);
            TOps.Store(ref Unsafe.Add(ref q0r, b1), u2);
            TOps.Store(ref Unsafe.Add(ref q0r, b0 + b1), u3);
            TOps.Store(ref p0, o0);
            TOps.Store(ref Unsafe.Add(ref p0, b0), o1);
            TOps.Store(ref Unsafe.Add(ref p0, b1), o2);
            TOps.Store(ref Unsafe.Add(ref p0, b0 + b1), o3);
            i = Next(i2, skip, fixedMask, 0);
        }
    }

    /// <summary>Row r of a 4 x 4 complex matrix-vector product for two groups x and y, each coefficient pattern loaded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row2<TOps, TVec>(ref double cf, int r, TVec x0, TVec x1, TVec x2, TVec x3, TVec y0, TVec y1, TVec y2, TVec y3, out TVec ox, out TVec oy)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int b = 8 * r;
        TVec r0 = Cf<TOps, TVec>(ref cf, b), j0 = Cf<TOps, TVec>(ref cf, b + 1);
        TVec r1 = Cf<TOps, TVec>(ref cf, b + 2), j1 = Cf<TOps, TVec>(ref cf, b + 3);
        TVec r2 = Cf<TOps, TVec>(ref cf, b + 4), j2 = Cf<TOps, TVec>(ref cf, b + 5);
        TVec r3 = Cf<TOps, TVec>(ref cf, b + 6), j3 = Cf<TOps, TVec>(ref cf, b + 7);
        ox = TOps.Add(
            TOps.Fma(r0, x0, TOps.Fma(r1, x1, TOps.Fma(r2, x2, TOps.Mul(r3, x3)))),
            TOps.Swap(TOps.Fma(j0, x0, TOps.Fma(j1, x1, TOps.Fma(j2, x2, TOps.Mul(j3, x3))))));
        oy = TOps.Add(
            TOps.Fma(r0, y0, TOps.Fma(r1, y1, TOps.Fma(r2, y2, TOps.Mul(r3, y3)))),
            TOps.Swap(TOps.Fma(j0, y0, TOps.Fma(j1, y1, TOps.Fma(j2, y2, TOps.Mul(j3, y3))))));
    }

    /// <summary>Swaps qubits p and q where the controls hold; needs every fixed position at least log2(width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Swap<TOps, TVec>(Span<Complex> a, int p, int q, int cval, ReadOnlySpan<int> sortedFixed)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        int n = a.Length;
        int bp = 1 << p, bq = 1 << q;
        int fixedMask = MaskOf(sortedFixed) | bp | bq;
        nint skip = fixedMask | (w - 1);
        nint val = cval & fixedMask & ~(bp | bq);
        int count = (n >> BitOperations.PopCount((uint)fixedMask)) / w;
        ref Complex a0 = ref MemoryMarshal.GetReference(a);
        nint i = val;
        nint j = Ahead(val, AheadSteps(w, count), 0, skip, fixedMask, val);
        for (int k = 0; k < count; k++)
        {
            Prefetch(ref a0, j | bp);
            Prefetch(ref a0, j | bq);
            j = Next(j, skip, fixedMask, val);
            ref Complex x = ref Unsafe.Add(ref a0, i | bp);
            ref Complex y = ref Unsafe.Add(ref a0, i | bq);
            var u = TOps.Load(ref x);
            var v = TOps.Load(ref y);
            TOps.Store(ref x, v);
            TOps.Store(ref y, u);
            i = Next(i, skip, fixedMask, val);
        }
    }

    /// <summary>Sum of |a_i|^2 over a contiguous run (length a multiple of the width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec SumSquares<TOps, TVec>(ref Complex p, int len, TVec acc)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width;
        nint i = 0;
        if (len >= 4 * w)
        {
            TVec acc1 = TOps.Create(0), acc2 = acc1, acc3 = acc1;
            const int D = PrefetchBytes / 16;
            for (; i <= len - (4 * w); i += 4 * w)
            {
                // One prefetch per 64-byte line of the step (w lines).
                Prefetch(ref p, i + D);
                if (w >= 2)
                {
                    Prefetch(ref p, i + D + 4);
                }

                if (w >= 4)
                {
                    Prefetch(ref p, i + D + 8);
                    Prefetch(ref p, i + D + 12);
                }

                var v0 = TOps.Load(ref Unsafe.Add(ref p, i));
                var v1 = TOps.Load(ref Unsafe.Add(ref p, i + w));
                var v2 = TOps.Load(ref Unsafe.Add(ref p, i + (2 * w)));
                var v3 = TOps.Load(ref Unsafe.Add(ref p, i + (3 * w)));
                acc = TOps.Fma(v0, v0, acc);
                acc1 = TOps.Fma(v1, v1, acc1);
                acc2 = TOps.Fma(v2, v2, acc2);
                acc3 = TOps.Fma(v3, v3, acc3);
            }

            acc = TOps.Add(TOps.Add(acc, acc1), TOps.Add(acc2, acc3));
        }

        for (; i < len; i += w)
        {
            var v = TOps.Load(ref Unsafe.Add(ref p, i));
            acc = TOps.Fma(v, v, acc);
        }

        return acc;
    }

    /// <summary>Squared norm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double NormSquared<TOps, TVec>(ReadOnlySpan<Complex> a)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
        => TOps.Sum(SumSquares<TOps, TVec>(ref MemoryMarshal.GetReference(a), a.Length, TOps.Create(0)));

    /// <summary>Sum of |a_i|^2 over indices with bit q set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ProbabilityOfOne<TOps, TVec>(ReadOnlySpan<Complex> a, int q)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width, c = TOps.Log2Width;
        int n = a.Length;
        int stride = 1 << q;
        ref Complex a0 = ref MemoryMarshal.GetReference(a);
        TVec acc = TOps.Create(0);
        if (q >= c)
        {
            if (stride >= 4 * w)
            {
                for (int b = stride; b < n; b += stride << 1)
                {
                    acc = SumSquares<TOps, TVec>(ref Unsafe.Add(ref a0, b), stride, acc);
                }

                return TOps.Sum(acc);
            }

            // Short runs: one flat pass over the registers with bit q set, two accumulators.
            nint skip = stride | (w - 1);
            int count = (n >> 1) / w;
            nint j = stride;
            nint jp = Ahead(stride, AheadSteps(w, count), 0, skip, stride, stride);
            TVec acc2 = acc;
            int k2 = 0;
            for (; k2 + 1 < count; k2 += 2)
            {
                Prefetch(ref a0, jp);
                jp = Next(jp, skip, stride, stride);
                Prefetch(ref a0, jp);
                jp = Next(jp, skip, stride, stride);
                var v0 = TOps.Load(ref Unsafe.Add(ref a0, j));
                j = Next(j, skip, stride, stride);
                var v1 = TOps.Load(ref Unsafe.Add(ref a0, j));
                j = Next(j, skip, stride, stride);
                acc = TOps.Fma(v0, v0, acc);
                acc2 = TOps.Fma(v1, v1, acc2);
            }

            if (k2 < count)
            {
                var v = TOps.Load(ref Unsafe.Add(ref a0, j));
                acc = TOps.Fma(v, v, acc);
            }

            return TOps.Sum(TOps.Add(acc, acc2));
        }

        Span<double> mask = stackalloc double[8];
        for (int p = 0; p < w; p++)
        {
            double v = (p & stride) != 0 ? 1 : 0;
            mask[2 * p] = v;
            mask[(2 * p) + 1] = v;
        }

        var vm = LoadPattern<TOps, TVec>(mask);
        TVec acc1 = acc;
        nint i = 0;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            Prefetch(ref a0, i + (PrefetchBytes / 16));
            Prefetch(ref a0, i + (PrefetchBytes / 16) + w);
            var v0 = TOps.Load(ref Unsafe.Add(ref a0, i));
            var v1 = TOps.Load(ref Unsafe.Add(ref a0, i + w));
            acc = TOps.Fma(TOps.Mul(v0, vm), v0, acc);
            acc1 = TOps.Fma(TOps.Mul(v1, vm), v1, acc1);
        }

        for (; i < n; i += w)
        {
            var v = TOps.Load(ref Unsafe.Add(ref a0, i));
            acc = TOps.Fma(TOps.Mul(v, vm), v, acc);
        }

        return TOps.Sum(TOps.Add(acc, acc1));
    }

    /// <summary>Projects qubit q onto <paramref name="outcome"/> and scales by <paramref name="scale"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Collapse<TOps, TVec>(Span<Complex> a, int q, int outcome, double scale)
        where TOps : struct, ISimd<TVec>
        where TVec : struct
    {
        int w = TOps.Width, c = TOps.Log2Width;
        int n = a.Length;
        int stride = 1 << q;
        ref Complex a0 = ref MemoryMarshal.GetReference(a);
        if (q >= c)
        {
            var vs = TOps.Create(scale);
            var zero = TOps.Create(0);
            nint skip = stride | (w - 1);
            int count = (n >> 1) / w;
            nint keepOff = outcome != 0 ? stride : 0, dropOff = outcome != 0 ? 0 : stride;
            nint i = 0;
            nint j = Ahead(0, AheadSteps(w, count), 0, skip, stride, 0);
            for (int k = 0; k < count; k++)
            {
                Prefetch(ref a0, j + keepOff);
                Prefetch(ref a0, j + dropOff);
                j = Next(j, skip, stride, 0);
                ref Complex keep = ref Unsafe.Add(ref a0, i + keepOff);
                TOps.Store(ref keep, TOps.Mul(TOps.Load(ref keep), vs));
                TOps.Store(ref Unsafe.Add(ref a0, i + dropOff), zero);
                i = Next(i, skip, stride, 0);
            }

            return;
        }

        Span<double> pat = stackalloc double[8];
        for (int p = 0; p < w; p++)
        {
            double v = ((p & stride) != 0) == (outcome != 0) ? scale : 0;
            pat[2 * p] = v;
            pat[(2 * p) + 1] = v;
        }

        var vp = LoadPattern<TOps, TVec>(pat);
        for (nint i = 0; i < n; i += w)
        {
            Prefetch(ref a0, i + (PrefetchBytes / 16));
            TOps.Store(ref Unsafe.Add(ref a0, i), TOps.Mul(TOps.Load(ref Unsafe.Add(ref a0, i)), vp));
        }
    }
}
