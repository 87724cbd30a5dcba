using System.Runtime.Intrinsics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Dqml.Learning.Engine;

/// <summary>Vector kernels of the operator engine on whole operators (vec layout of <see cref="Simulation.DensityMatrix"/>).</summary>
public static class BatchKernels
{
    /// <summary>sum_i x_i y_i.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        int i = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count * 2)
        {
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x);
            var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            int nv = xv.Length;
            int j = 0;
            for (; j + 1 < nv; j += 2)
            {
                acc0 = Vector.FusedMultiplyAdd(xv[j], yv[j], acc0);
                acc1 = Vector.FusedMultiplyAdd(xv[j + 1], yv[j + 1], acc1);
            }

            for (; j < nv; j++)
            {
                acc0 = Vector.FusedMultiplyAdd(xv[j], yv[j], acc0);
            }

            s = Vector.Sum(acc0 + acc1);
            i = nv * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            s += x[i] * y[i];
        }

        return s;
    }

    /// <summary>Re &lt;x|y&gt; for interleaved complex arrays (= the real dot product of their doubles).</summary>
    public static double RealInner(ReadOnlySpan<Complex> x, ReadOnlySpan<Complex> y) =>
        Dot(MemoryMarshal.Cast<Complex, double>(x), MemoryMarshal.Cast<Complex, double>(y));

    /// <summary>
    /// sum_{i,j} conj(O[i, j]) (D R)[i, j] for a matrix D acting on the ket (row) index of R as the 2x2
    /// matrix d on bit <paramref name="qubit"/> where the row index matches (<paramref name="controlMask"/>,
    /// <paramref name="controlValue"/>), and as zero elsewhere: Tr(O D R) for Hermitian O, without forming D R.
    /// </summary>
    public static Complex TraceWithOneQubitKet(ReadOnlySpan<Complex> o, ReadOnlySpan<Complex> r, int qubit, int controlMask, int controlValue, Complex d00, Complex d01, Complex d10, Complex d11)
    {
        int len = o.Length;
        int stride = 1 << qubit;
        int fixedMask = controlMask | stride;

        // Contiguous runs: below the lowest fixed bit every index qualifies.
        int run = fixedMask & -fixedMask;
        Complex s00 = 0, s01 = 0, s10 = 0, s11 = 0;
        for (int i = 0; i < len; i += run)
        {
            if ((i & fixedMask) != controlValue)
            {
                continue;
            }

            var o0 = o.Slice(i, run);
            var o1 = o.Slice(i + stride, run);
            var r0 = r.Slice(i, run);
            var r1 = r.Slice(i + stride, run);
            s00 += ConjugateDot(o0, r0);
            s01 += ConjugateDot(o0, r1);
            s10 += ConjugateDot(o1, r0);
            s11 += ConjugateDot(o1, r1);
        }

        return (d00 * s00) + (d01 * s01) + (d10 * s10) + (d11 * s11);
    }

    /// <summary>sum_i conj(x_i) y_i.</summary>
    public static Complex ConjugateDot(ReadOnlySpan<Complex> x, ReadOnlySpan<Complex> y)
    {
        var xd = MemoryMarshal.Cast<Complex, double>(x);
        var yd = MemoryMarshal.Cast<Complex, double>(y);
        int n = xd.Length;
        int i = 0;
        double re = 0, im = 0;
        if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            var accRe = Vector256<double>.Zero;
            var accIm = Vector256<double>.Zero;
            var swap = Vector256.Create(1L, 0, 3, 2);
            ref double rx = ref MemoryMarshal.GetReference(xd);
            ref double ry = ref MemoryMarshal.GetReference(yd);
            for (; i + 4 <= n; i += 4)
            {
                var vx = Vector256.LoadUnsafe(ref rx, (nuint)i);
                var vy = Vector256.LoadUnsafe(ref ry, (nuint)i);
                accRe = Vector256.MultiplyAddEstimate(vx, vy, accRe);
                accIm = Vector256.MultiplyAddEstimate(vx, Vector256.Shuffle(vy, swap), accIm);
            }

            // accRe lanes: xr yr, xi yi; accIm lanes: xr yi, xi yr.
            re = Vector256.Sum(accRe);
            im = accIm[0] - accIm[1] + accIm[2] - accIm[3];
        }

        for (; i < n; i += 2)
        {
            re += (xd[i] * yd[i]) + (xd[i + 1] * yd[i + 1]);
            im += (xd[i] * yd[i + 1]) - (xd[i + 1] * yd[i]);
        }

        return new Complex(re, im);
    }
}

/// <summary>
/// A batch of states as a row-major matrix: amplitude r of column x at [r * Stride + x], real and
/// imaginary parts apart, columns padded with zeros to a multiple of 4 so rows vectorise (and rows kept
/// off 4 KiB multiples).
/// </summary>
public sealed class StateBatch
{
    /// <summary>Creates an empty (zero) batch of <paramref name="columns"/> states of dimension <paramref name="dimension"/>.</summary>
    public StateBatch(int dimension, int columns)
    {
        Dimension = dimension;
        Columns = columns;
        Stride = (columns + 3) & ~3;

        // Rows 4 KiB apart alias in the L1 cache when a kernel walks down a column: pad them.
        if (Stride % 512 == 0)
        {
            Stride += 8;
        }
        Re = new double[dimension * Stride];
        Im = new double[dimension * Stride];
    }

    /// <summary>Amplitudes per state.</summary>
    public int Dimension { get; }

    /// <summary>Number of states.</summary>
    public int Columns { get; }

    /// <summary>Row length (columns rounded up to a multiple of 4).</summary>
    public int Stride { get; }

    /// <summary>Real parts, row-major.</summary>
    public double[] Re { get; }

    /// <summary>Imaginary parts, row-major.</summary>
    public double[] Im { get; }

    /// <summary>Stores state <paramref name="x"/>.</summary>
    public void Set(int x, ReadOnlySpan<double> re, ReadOnlySpan<double> im)
    {
        for (int r = 0; r < Dimension; r++)
        {
            Re[(r * Stride) + x] = re[r];
            Im[(r * Stride) + x] = im[r];
        }
    }
}

/// <summary>Matrix kernels of the operator engine over a <see cref="StateBatch"/> (GEMM-shaped, register blocked).</summary>
public static class BatchMatrixKernels
{
    private const int Chunk = 16;

    /// <summary>
    /// q[x] = Re(psi_x^dagger M psi_x) for every state of the batch; M is given column-major (vec layout,
    /// [r + c d]). Each value is summed in a fixed order, so the bits do not depend on <paramref name="threads"/>.
    /// </summary>
    public static double[] QuadraticForms(ReadOnlySpan<System.Numerics.Complex> m, StateBatch batch, int threads)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int d = batch.Dimension;
        if (m.Length != d * d)
        {
            throw new ArgumentException($"a batch of {d}-amplitude states needs a {d}x{d} operator", nameof(m));
        }

        // Row-major copy of M: mr[r d + c] = M[r, c].
        var mr = new double[d * d];
        var mi = new double[d * d];
        for (int c = 0; c < d; c++)
        {
            for (int r = 0; r < d; r++)
            {
                var v = m[r + (c * d)];
                mr[(r * d) + c] = v.Real;
                mi[(r * d) + c] = v.Imaginary;
            }
        }

        var q = new double[batch.Stride];
        int chunks = (batch.Stride + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, k =>
        {
            int x0 = k * Chunk;
            int width = Math.Min(Chunk, batch.Stride - x0);
            QuadraticChunk(mr, mi, batch, x0, width, q);
        });
        return q[..batch.Columns];
    }

    /// <summary>
    /// R = sum_x w_x psi_x psi_x^dagger, returned column-major (vec layout [r + c d]). Entry (r, c) is one dot
    /// product over the batch in column order, so the bits do not depend on <paramref name="threads"/>.
    /// </summary>
    public static System.Numerics.Complex[] WeightedGram(StateBatch batch, ReadOnlySpan<double> weights, int threads)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int d = batch.Dimension;
        int s = batch.Stride;
        var wa = new double[d * s];
        var wb = new double[d * s];
        for (int r = 0; r < d; r++)
        {
            for (int x = 0; x < batch.Columns; x++)
            {
                wa[(r * s) + x] = weights[x] * batch.Re[(r * s) + x];
                wb[(r * s) + x] = weights[x] * batch.Im[(r * s) + x];
            }
        }

        var result = new System.Numerics.Complex[d * d];
        int pairs = (d + 1) / 2;
        Parallel.For(0, pairs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, pr =>
        {
            int r0 = 2 * pr;
            int r1 = Math.Min(r0 + 1, d - 1);
            for (int c0 = r0; c0 < d; c0 += 2)
            {
                int c1 = Math.Min(c0 + 1, d - 1);

                // Four entries (r0|r1) x (c0|c1) share every load; each is one dot product in column order.
                GramBlock(batch.Re, batch.Im, wa, wb, s, r0, r1, c0, c1, out var e00, out var e01, out var e10, out var e11);
                Store(result, d, r0, c0, e00);
                Store(result, d, r0, c1, e01);
                Store(result, d, r1, c0, e10);
                Store(result, d, r1, c1, e11);
            }
        });
        return result;
    }

    private static void Store(System.Numerics.Complex[] result, int d, int r, int c, System.Numerics.Complex v)
    {
        if (c < r)
        {
            return;
        }

        result[r + (c * d)] = v;
        result[c + (r * d)] = System.Numerics.Complex.Conjugate(v);
    }

    /// <summary>R[r, c] = (a_r.wa_c + b_r.wb_c) + i (b_r.wa_c - a_r.wb_c) for r in {r0, r1}, c in {c0, c1}.</summary>
    private static void GramBlock(double[] re, double[] im, double[] wa, double[] wb, int s, int r0, int r1, int c0, int c1,
        out System.Numerics.Complex e00, out System.Numerics.Complex e01, out System.Numerics.Complex e10, out System.Numerics.Complex e11)
    {
        var a0 = re.AsSpan(r0 * s, s);
        var b0 = im.AsSpan(r0 * s, s);
        var a1 = re.AsSpan(r1 * s, s);
        var b1 = im.AsSpan(r1 * s, s);
        var u0 = wa.AsSpan(c0 * s, s);
        var v0 = wb.AsSpan(c0 * s, s);
        var u1 = wa.AsSpan(c1 * s, s);
        var v1 = wb.AsSpan(c1 * s, s);
        int i = 0;
        double x00 = 0, y00 = 0, x01 = 0, y01 = 0, x10 = 0, y10 = 0, x11 = 0, y11 = 0;
        if (Vector256.IsHardwareAccelerated && s >= 4)
        {
            var p00 = Vector256<double>.Zero;
            var q00 = p00;
            var p01 = p00;
            var q01 = p00;
            var p10 = p00;
            var q10 = p00;
            var p11 = p00;
            var q11 = p00;
            for (; i + 4 <= s; i += 4)
            {
                var va0 = Vector256.LoadUnsafe(ref re[0], (nuint)((r0 * s) + i));
                var vb0 = Vector256.LoadUnsafe(ref im[0], (nuint)((r0 * s) + i));
                var va1 = Vector256.LoadUnsafe(ref re[0], (nuint)((r1 * s) + i));
                var vb1 = Vector256.LoadUnsafe(ref im[0], (nuint)((r1 * s) + i));
                var vu0 = Vector256.LoadUnsafe(ref wa[0], (nuint)((c0 * s) + i));
                var vv0 = Vector256.LoadUnsafe(ref wb[0], (nuint)((c0 * s) + i));
                var vu1 = Vector256.LoadUnsafe(ref wa[0], (nuint)((c1 * s) + i));
                var vv1 = Vector256.LoadUnsafe(ref wb[0], (nuint)((c1 * s) + i));
                p00 = Vector256.MultiplyAddEstimate(va0, vu0, Vector256.MultiplyAddEstimate(vb0, vv0, p00));
                q00 = Vector256.MultiplyAddEstimate(vb0, vu0, Vector256.MultiplyAddEstimate(-va0, vv0, q00));
                p01 = Vector256.MultiplyAddEstimate(va0, vu1, Vector256.MultiplyAddEstimate(vb0, vv1, p01));
                q01 = Vector256.MultiplyAddEstimate(vb0, vu1, Vector256.MultiplyAddEstimate(-va0, vv1, q01));
                p10 = Vector256.MultiplyAddEstimate(va1, vu0, Vector256.MultiplyAddEstimate(vb1, vv0, p10));
                q10 = Vector256.MultiplyAddEstimate(vb1, vu0, Vector256.MultiplyAddEstimate(-va1, vv0, q10));
                p11 = Vector256.MultiplyAddEstimate(va1, vu1, Vector256.MultiplyAddEstimate(vb1, vv1, p11));
                q11 = Vector256.MultiplyAddEstimate(vb1, vu1, Vector256.MultiplyAddEstimate(-va1, vv1, q11));
            }

            x00 = Vector256.Sum(p00);
            y00 = Vector256.Sum(q00);
            x01 = Vector256.Sum(p01);
            y01 = Vector256.Sum(q01);
            x10 = Vector256.Sum(p10);
            y10 = Vector256.Sum(q10);
            x11 = Vector256.Sum(p11);
            y11 = Vector256.Sum(q11);
        }

        for (; i < s; i++)
        {
            x00 += (a0[i] * u0[i]) + (b0[i] * v0[i]);
            y00 += (b0[i] * u0[i]) - (a0[i] * v0[i]);
            x01 += (a0[i] * u1[i]) + (b0[i] * v1[i]);
            y01 += (b0[i] * u1[i]) - (a0[i] * v1[i]);
            x10 += (a1[i] * u0[i]) + (b1[i] * v0[i]);
            y10 += (b1[i] * u0[i]) - (a1[i] * v0[i]);
            x11 += (a1[i] * u1[i]) + (b1[i] * v1[i]);
            y11 += (b1[i] * u1[i]) - (a1[i] * v1[i]);
        }

        e00 = new System.Numerics.Complex(x00, y00);
        e01 = new System.Numerics.Complex(x01, y01);
        e10 = new System.Numerics.Complex(x10, y10);
        e11 = new System.Numerics.Complex(x11, y11);
    }

    private static void QuadraticChunk(double[] mr, double[] mi, StateBatch batch, int x0, int width, double[] q)
    {
        int d = batch.Dimension;
        int s = batch.Stride;
        var pr = batch.Re;
        var pi = batch.Im;
        Span<double> yr = stackalloc double[Chunk];
        Span<double> yi = stackalloc double[Chunk];
        Span<double> acc = stackalloc double[Chunk];
        acc.Clear();
        bool vec = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && width == Chunk;
        for (int r = 0; r < d; r++)
        {
            if (vec)
            {
                // y = sum_c M[r, c] psi[c, chunk], four vectors of four columns, real and imaginary apart.
                var r0 = System.Runtime.Intrinsics.Vector256<double>.Zero;
                var r1 = r0;
                var r2 = r0;
                var r3 = r0;
                var i0 = r0;
                var i1 = r0;
                var i2 = r0;
                var i3 = r0;
                ref double rpr = ref pr[0];
                ref double rpi = ref pi[0];
                for (int c = 0; c < d; c++)
                {
                    var mre = System.Runtime.Intrinsics.Vector256.Create(mr[(r * d) + c]);
                    var mim = System.Runtime.Intrinsics.Vector256.Create(mi[(r * d) + c]);
                    nuint o = (nuint)((c * s) + x0);
                    var a0 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rpr, o);
                    var a1 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rpr, o + 4);
                    var a2 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rpr, o + 8);
                    var a3 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rpr, o + 12);
                    var b0 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rpi, o);
                    var b1 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rpi, o + 4);
                    var b2 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rpi, o + 8);
                    var b3 = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rpi, o + 12);
                    r0 = System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mre, a0, System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(-mim, b0, r0));
                    r1 = System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mre, a1, System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(-mim, b1, r1));
                    r2 = System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mre, a2, System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(-mim, b2, r2));
                    r3 = System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mre, a3, System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(-mim, b3, r3));
                    i0 = System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mre, b0, System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mim, a0, i0));
                    i1 = System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mre, b1, System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mim, a1, i1));
                    i2 = System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mre, b2, System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mim, a2, i2));
                    i3 = System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mre, b3, System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(mim, a3, i3));
                }

                r0.StoreUnsafe(ref yr[0]);
                r1.StoreUnsafe(ref yr[0], 4);
                r2.StoreUnsafe(ref yr[0], 8);
                r3.StoreUnsafe(ref yr[0], 12);
                i0.StoreUnsafe(ref yi[0]);
                i1.StoreUnsafe(ref yi[0], 4);
                i2.StoreUnsafe(ref yi[0], 8);
                i3.StoreUnsafe(ref yi[0], 12);
            }
            else
            {
                for (int j = 0; j < width; j++)
                {
                    double sr = 0, si = 0;
                    for (int c = 0; c < d; c++)
                    {
                        double a = pr[(c * s) + x0 + j];
                        double b = pi[(c * s) + x0 + j];
                        double ur = mr[(r * d) + c];
                        double ui = mi[(r * d) + c];
                        sr = Math.FusedMultiplyAdd(ur, a, Math.FusedMultiplyAdd(-ui, b, sr));
                        si = Math.FusedMultiplyAdd(ur, b, Math.FusedMultiplyAdd(ui, a, si));
                    }

                    yr[j] = sr;
                    yi[j] = si;
                }
            }

            // acc += Re(conj(psi_r) y) = a_r y_re + b_r y_im.
            for (int j = 0; j < width; j++)
            {
                acc[j] += (pr[(r * s) + x0 + j] * yr[j]) + (pi[(r * s) + x0 + j] * yi[j]);
            }
        }

        for (int j = 0; j < width; j++)
        {
            q[x0 + j] = acc[j];
        }
    }
}
