using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: InternalsVisibleTo("Dqml.Learning.Tests")]

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

    /// <summary>Samples per block of <see cref="HermitianQuadraticForms"/>: two vectors, so one row's loads serve eight states.</summary>
    private const int HermitianChunk = 8;

    /// <summary>
    /// q[x] = psi_x^dagger M psi_x for every state of the batch, for a Hermitian M = A + iB given as interleaved
    /// pairs (<paramref name="pairs"/>[2 (r d + c)] = A[r, c], [.. + 1] = B[r, c]; see <see cref="PauliBasis.ToHermitianPairs(ReadOnlySpan{double}, Span{double}, Span{double})"/>).
    /// Only the diagonal and the upper triangle are read.
    /// </summary>
    /// <remarks>
    /// With psi = a + ib: q = sum_r A_rr |psi_r|^2 + sum_r a_r u_r + b_r v_r, u_r = 2 sum_{c&gt;r} (A_rc a_c - B_rc b_c),
    /// v_r = 2 sum_{c&gt;r} (A_rc b_c + B_rc a_c): d^2 B multiply-adds for B states, half those of a general M.
    /// Each value is summed in a fixed order (blocks of eight states), so the bits do not depend on
    /// <paramref name="threads"/>; <see cref="HermitianQuadraticFormsScalar"/> is the reference.
    /// </remarks>
    public static double[] HermitianQuadraticForms(double[] pairs, StateBatch batch, int threads)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(batch);
        int d = batch.Dimension;
        if (pairs.Length != 2 * d * d)
        {
            throw new ArgumentException($"a batch of {d}-amplitude states needs {2 * d * d} (A, B) values", nameof(pairs));
        }

        var ab = pairs;
        var q = new double[batch.Columns];
        int chunks = (batch.Columns + HermitianChunk - 1) / HermitianChunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, k =>
        {
            int x0 = k * HermitianChunk;
            int width = Math.Min(HermitianChunk, batch.Columns - x0);
            if (Vector256.IsHardwareAccelerated && x0 + HermitianChunk <= batch.Stride)
            {
                HermitianChunk8(ab, batch, x0, width, q);
            }
            else
            {
                HermitianScalar(ab, batch, x0, width, q);
            }
        });
        return q;
    }

    /// <summary>Scalar reference of <see cref="HermitianQuadraticForms"/>.</summary>
    public static double[] HermitianQuadraticFormsScalar(ReadOnlySpan<double> pairs, StateBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int d = batch.Dimension;
        if (pairs.Length != 2 * d * d)
        {
            throw new ArgumentException($"a batch of {d}-amplitude states needs {2 * d * d} (A, B) values", nameof(pairs));
        }

        var q = new double[batch.Columns];
        HermitianScalar(pairs.ToArray(), batch, 0, batch.Columns, q);
        return q;
    }

    private static void HermitianScalar(double[] ab, StateBatch batch, int x0, int width, double[] q)
    {
        int d = batch.Dimension;
        int s = batch.Stride;
        var pr = batch.Re;
        var pi = batch.Im;
        for (int x = x0; x < x0 + width; x++)
        {
            double acc = 0;
            for (int r = 0; r < d; r++)
            {
                double ar = pr[(r * s) + x];
                double br = pi[(r * s) + x];
                double ua = 0, ub = 0, va = 0, vb = 0;
                for (int c = r + 1; c < d; c++)
                {
                    double a = ab[2 * ((r * d) + c)];
                    double b = ab[(2 * ((r * d) + c)) + 1];
                    double ac = pr[(c * s) + x];
                    double bc = pi[(c * s) + x];
                    ua = Math.FusedMultiplyAdd(a, ac, ua);
                    ub = Math.FusedMultiplyAdd(b, bc, ub);
                    va = Math.FusedMultiplyAdd(a, bc, va);
                    vb = Math.FusedMultiplyAdd(b, ac, vb);
                }

                double diag = ab[2 * ((r * d) + r)];
                double u = 2 * (ua - ub);
                double v = 2 * (va + vb);
                acc += (ar * Math.FusedMultiplyAdd(diag, ar, u)) + (br * Math.FusedMultiplyAdd(diag, br, v));
            }

            q[x] = acc;
        }
    }

    private static void HermitianChunk8(double[] ab, StateBatch batch, int x0, int width, double[] q)
    {
        int d = batch.Dimension;
        int s = batch.Stride;
        ref double pr = ref MemoryMarshal.GetArrayDataReference(batch.Re);
        ref double pi = ref MemoryMarshal.GetArrayDataReference(batch.Im);
        ref double m = ref MemoryMarshal.GetArrayDataReference(ab);
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        var two = Vector256.Create(2.0);
        for (int r = 0; r < d; r++)
        {
            var ua0 = Vector256<double>.Zero;
            var ua1 = ua0;
            var ub0 = ua0;
            var ub1 = ua0;
            var va0 = ua0;
            var va1 = ua0;
            var vb0 = ua0;
            var vb1 = ua0;
            nuint row = (nuint)(2 * r * d);
            for (int c = r + 1; c < d; c++)
            {
                var a = Vector256.Create(Unsafe.Add(ref m, row + (nuint)(2 * c)));
                var b = Vector256.Create(Unsafe.Add(ref m, row + (nuint)(2 * c) + 1));
                nuint o = (nuint)((c * s) + x0);
                var ac0 = Vector256.LoadUnsafe(ref pr, o);
                var ac1 = Vector256.LoadUnsafe(ref pr, o + 4);
                var bc0 = Vector256.LoadUnsafe(ref pi, o);
                var bc1 = Vector256.LoadUnsafe(ref pi, o + 4);
                ua0 = Vector256.MultiplyAddEstimate(a, ac0, ua0);
                ua1 = Vector256.MultiplyAddEstimate(a, ac1, ua1);
                ub0 = Vector256.MultiplyAddEstimate(b, bc0, ub0);
                ub1 = Vector256.MultiplyAddEstimate(b, bc1, ub1);
                va0 = Vector256.MultiplyAddEstimate(a, bc0, va0);
                va1 = Vector256.MultiplyAddEstimate(a, bc1, va1);
                vb0 = Vector256.MultiplyAddEstimate(b, ac0, vb0);
                vb1 = Vector256.MultiplyAddEstimate(b, ac1, vb1);
            }

            var diag = Vector256.Create(Unsafe.Add(ref m, row + (nuint)(2 * r)));
            nuint or = (nuint)((r * s) + x0);
            var ar0 = Vector256.LoadUnsafe(ref pr, or);
            var ar1 = Vector256.LoadUnsafe(ref pr, or + 4);
            var br0 = Vector256.LoadUnsafe(ref pi, or);
            var br1 = Vector256.LoadUnsafe(ref pi, or + 4);
            acc0 += (ar0 * Vector256.MultiplyAddEstimate(diag, ar0, two * (ua0 - ub0))) + (br0 * Vector256.MultiplyAddEstimate(diag, br0, two * (va0 + vb0)));
            acc1 += (ar1 * Vector256.MultiplyAddEstimate(diag, ar1, two * (ua1 - ub1))) + (br1 * Vector256.MultiplyAddEstimate(diag, br1, two * (va1 + vb1)));
        }

        Span<double> tmp = stackalloc double[HermitianChunk];
        acc0.StoreUnsafe(ref tmp[0]);
        acc1.StoreUnsafe(ref tmp[0], 4);
        for (int j = 0; j < width; j++)
        {
            q[x0 + j] = tmp[j];
        }
    }

    /// <summary>
    /// R = sum_x w_x psi_x psi_x^dagger, returned column-major (vec layout [r + c d]). Entry (r, c) is one dot
    /// product over the batch in column order, so the bits do not depend on <paramref name="threads"/>.
    /// </summary>
    public static System.Numerics.Complex[] WeightedGram(StateBatch batch, ReadOnlySpan<double> weights, int threads)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int d = batch.Dimension;
        var result = new System.Numerics.Complex[d * d];
        WeightedGram(batch, weights, threads, result, new double[d * batch.Stride], new double[d * batch.Stride]);
        return result;
    }

    /// <summary>
    /// <see cref="WeightedGram(StateBatch, ReadOnlySpan{double}, int)"/> into <paramref name="result"/> (d^2 entries), with
    /// caller-owned scratch <paramref name="wa"/>, <paramref name="wb"/> (d * Stride each) for the weighted states.
    /// </summary>
    public static void WeightedGram(StateBatch batch, ReadOnlySpan<double> weights, int threads, System.Numerics.Complex[] result, double[] wa, double[] wb)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(wa);
        ArgumentNullException.ThrowIfNull(wb);
        int d = batch.Dimension;
        int s = batch.Stride;
        if (weights.Length < batch.Columns || result.Length != d * d || wa.Length < d * s || wb.Length < d * s)
        {
            throw new ArgumentException($"a Gram matrix of {batch.Columns} states of dimension {d} needs {batch.Columns} weights, {d * d} result entries and {d * s} scratch values per part");
        }

        for (int r = 0; r < d; r++)
        {
            for (int x = 0; x < batch.Columns; x++)
            {
                wa[(r * s) + x] = weights[x] * batch.Re[(r * s) + x];
                wb[(r * s) + x] = weights[x] * batch.Im[(r * s) + x];
            }

            for (int x = batch.Columns; x < s; x++)
            {
                wa[(r * s) + x] = 0;
                wb[(r * s) + x] = 0;
            }
        }

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

/// <summary>
/// A real 4^k x 4^k matrix T acting on the Pauli digits of k qubits of an operator stored by its Pauli
/// coefficients (see <see cref="PauliBasis"/>): out[s] = sum_t T[s, t] a[t] within every group of 4^k
/// coefficients that differ only in those digits. A Pauli transfer matrix applies a unitary or channel this
/// way, its transpose the adjoint map, its derivative the derivative map.
/// </summary>
/// <remarks>
/// <para>The matrix is split into blocks, the connected components of its non-zero pattern (a rotation
/// about a Pauli axis pairs the coefficients it mixes, a Clifford gate permutes them, a dephasing zeroes
/// some). Each block is closed, so it is applied in place by its own loop with its coefficients in
/// registers; identity rows are not touched. A rotation costs about two multiply-adds per coefficient it
/// changes, a Clifford gate one.</para>
/// <para>Vector path: when qubit 0 (the lowest digit, index bits 0 and 1) is not a target, four consecutive
/// coefficients belong to four groups and one Vector256 serves them all; when it is, each vector holds one
/// group's four qubit-0 digits and the matrix acts inside it by lane broadcasts. Entries are summed in
/// ascending column order as in the scalar path (<see cref="ApplyScalar(Span{double})"/>, <see cref="BilinearScalar(ReadOnlySpan{double}, ReadOnlySpan{double})"/>),
/// the reference of the tests; work split over chunks gives the same bits.</para>
/// </remarks>
public sealed class PauliTransfer
{
    private readonly int[] _positions;
    private readonly int[] _offsets;
    private readonly int _k;
    private readonly int _size;
    private readonly int _mask;

    // Scalar form: row s has terms [_rowStart[s], _rowStart[s + 1]) of (_cols, _vals); _termIndex[e] = s 4^k + col.
    private readonly int[] _rowStart;
    private readonly int[] _cols;
    private readonly int[] _termIndex;
    private readonly double[] _vals;
    private readonly bool[] _identityRow;
    private readonly bool[] _pattern;

    // Blocks: closed sets of local indices (vector path) or of vectors (lane path), with their dense matrices.
    private readonly Block[] _applyBlocks;
    private readonly Block[] _bilinearBlocks;
    private readonly bool _lane;

    /// <summary>Compiles <paramref name="matrix"/> (row-major 4^k x 4^k, local digit j belonging to <paramref name="qubits"/>[j]).</summary>
    /// <param name="matrix">The matrix; entries of magnitude at most <paramref name="snap"/> are dropped.</param>
    /// <param name="qubits">Distinct target qubits.</param>
    /// <param name="snap">Entries this close to 0 count as 0, rows this close to a unit row as the identity.</param>
    public PauliTransfer(ReadOnlySpan<double> matrix, ReadOnlySpan<int> qubits, double snap = 0)
    {
        _k = qubits.Length;
        _size = 1 << (2 * _k);
        if (_k == 0 || _k > 6 || matrix.Length != _size * _size)
        {
            throw new ArgumentException($"a transfer matrix on {_k} qubit(s) (1 to 6) needs {_size * _size} entries, got {matrix.Length}", nameof(matrix));
        }

        Qubits = qubits.ToArray();
        var sorted = new List<int>();
        foreach (int q in qubits)
        {
            if (q < 0 || sorted.Contains(2 * q))
            {
                throw new ArgumentException($"target qubits must be distinct and non-negative, got [{string.Join(", ", Qubits)}]", nameof(qubits));
            }

            sorted.Add(2 * q);
            sorted.Add((2 * q) + 1);
            _mask |= 3 << (2 * q);
        }

        sorted.Sort();
        _positions = [.. sorted];
        _offsets = new int[_size];
        for (int t = 0; t < _size; t++)
        {
            _offsets[t] = DigitOffset(t, qubits);
        }

        var dense = Snapped(matrix, snap);
        _identityRow = IdentityRows(matrix, _size, snap);
        _pattern = new bool[dense.Length];
        var rowStart = new List<int>();
        var cols = new List<int>();
        var terms = new List<int>();
        for (int r = 0; r < _size; r++)
        {
            rowStart.Add(cols.Count);
            for (int t = 0; t < _size; t++)
            {
                if (dense[(r * _size) + t] != 0)
                {
                    _pattern[(r * _size) + t] = true;
                    cols.Add(t);
                    terms.Add((r * _size) + t);
                }
            }
        }

        rowStart.Add(cols.Count);
        _rowStart = [.. rowStart];
        _cols = [.. cols];
        _termIndex = [.. terms];
        _vals = Gather(dense, _termIndex);

        int j0 = qubits.IndexOf(0);
        _lane = j0 >= 0;

        // Unit of the blocks: a local index (vector path) or a vector of qubit 0's four digits (lane path).
        int units = _lane ? _size / 4 : _size;
        var unitOf = new int[_size];
        var laneOf = new int[_size];
        for (int t = 0; t < _size; t++)
        {
            if (_lane)
            {
                laneOf[t] = (t >> (2 * j0)) & 3;
                unitOf[t] = (t & ((1 << (2 * j0)) - 1)) | ((t >> (2 * (j0 + 1))) << (2 * j0));
            }
            else
            {
                unitOf[t] = t;
            }
        }

        var unitOffsets = new int[units];
        for (int t = 0; t < _size; t++)
        {
            if (laneOf[t] == 0)
            {
                unitOffsets[unitOf[t]] = _offsets[t];
            }
        }

        _applyBlocks = Blocks(dense, units, unitOf, laneOf, unitOffsets, skipIdentity: true);
        _bilinearBlocks = Blocks(dense, units, unitOf, laneOf, unitOffsets, skipIdentity: false);
    }

    /// <summary>The structure of <paramref name="like"/> with the coefficients of <paramref name="dense"/> (same pattern).</summary>
    private PauliTransfer(double[] dense, PauliTransfer like)
    {
        _k = like._k;
        _size = like._size;
        _mask = like._mask;
        Qubits = like.Qubits;
        _positions = like._positions;
        _offsets = like._offsets;
        _rowStart = like._rowStart;
        _cols = like._cols;
        _termIndex = like._termIndex;
        _identityRow = like._identityRow;
        _pattern = like._pattern;
        _lane = like._lane;
        _vals = Gather(dense, _termIndex);
        _applyBlocks = [.. like._applyBlocks.Select(b => b with { Coef = Gather(dense, b.Source) })];
        _bilinearBlocks = [.. like._bilinearBlocks.Select(b => b with { Coef = Gather(dense, b.Source) })];
    }

    /// <summary>
    /// Compiles <paramref name="matrix"/> as the constructor does, reusing the index tables and blocks of
    /// <paramref name="like"/> when it has the same qubits, non-zero pattern and identity rows (a gate rebound
    /// with new angles), so that only the coefficients are copied.
    /// </summary>
    public static PauliTransfer Create(ReadOnlySpan<double> matrix, ReadOnlySpan<int> qubits, double snap, PauliTransfer? like)
    {
        if (like is null || !qubits.SequenceEqual(like.Qubits as int[]) || matrix.Length != like._pattern.Length)
        {
            return new PauliTransfer(matrix, qubits, snap);
        }

        var dense = Snapped(matrix, snap);
        for (int e = 0; e < dense.Length; e++)
        {
            if ((dense[e] != 0) != like._pattern[e])
            {
                return new PauliTransfer(matrix, qubits, snap);
            }
        }

        var identity = IdentityRows(matrix, like._size, snap);
        return identity.AsSpan().SequenceEqual(like._identityRow) ? new PauliTransfer(dense, like) : new PauliTransfer(matrix, qubits, snap);
    }

    private static double[] Snapped(ReadOnlySpan<double> matrix, double snap)
    {
        var dense = new double[matrix.Length];
        for (int e = 0; e < dense.Length; e++)
        {
            dense[e] = Math.Abs(matrix[e]) > snap ? matrix[e] : 0;
        }

        return dense;
    }

    private static bool[] IdentityRows(ReadOnlySpan<double> matrix, int size, double snap)
    {
        var identity = new bool[size];
        for (int r = 0; r < size; r++)
        {
            bool unit = true;
            for (int t = 0; t < size && unit; t++)
            {
                unit = Math.Abs(matrix[(r * size) + t] - (r == t ? 1 : 0)) <= snap;
            }

            identity[r] = unit;
        }

        return identity;
    }

    /// <summary>dense[index[i]] (0 where index[i] &lt; 0).</summary>
    private static double[] Gather(double[] dense, int[] index)
    {
        var v = new double[index.Length];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = index[i] >= 0 ? dense[index[i]] : 0;
        }

        return v;
    }

    /// <summary>The target qubits, in local digit order.</summary>
    public IReadOnlyList<int> Qubits { get; }

    /// <summary>a &lt;- T a in place.</summary>
    public void Apply(Span<double> a) => Apply(a, 0, 1);

    /// <summary>
    /// a &lt;- T a on part <paramref name="chunk"/> of <paramref name="chunks"/> of the groups: the parts touch disjoint
    /// coefficients, so they may run on different threads, and together they do exactly what <see cref="Apply(Span{double})"/> does.
    /// </summary>
    public void Apply(Span<double> a, int chunk, int chunks)
    {
        int groups = Groups(a.Length);
        var (count, first, start) = Range(groups, chunk, chunks);
        if (!Vector256.IsHardwareAccelerated)
        {
            int perUnit = _lane ? 1 : 4;
            ApplyScalar(a, first * perUnit, (first + count) * perUnit);
            return;
        }

        ref double ra = ref MemoryMarshal.GetReference(a);
        foreach (var block in _applyBlocks)
        {
            if (_lane)
            {
                ApplyLaneBlock(ref ra, block, count, start);
            }
            else
            {
                ApplyBlock(ref ra, block, count, start);
            }
        }
    }

    /// <summary>The units (quads of groups, or groups on the lane path) of part <paramref name="chunk"/>: how many, the first, and the first's base index.</summary>
    private (int Count, int First, int Start) Range(int groups, int chunk, int chunks)
    {
        if (chunks < 1 || chunk < 0 || chunk >= chunks)
        {
            throw new ArgumentOutOfRangeException(nameof(chunk), $"part {chunk} of {chunks}");
        }

        int units = _lane || !Vector256.IsHardwareAccelerated ? groups : groups / 4;
        int first = (int)((long)units * chunk / chunks);
        int last = (int)((long)units * (chunk + 1) / chunks);
        int perUnit = _lane || !Vector256.IsHardwareAccelerated ? 1 : 4;
        return (last - first, first, Simulation.Kernels.BitIndex.InsertZeros(first * perUnit, _positions));
    }

    /// <summary>Scalar reference of <see cref="Apply(Span{double})"/>.</summary>
    public void ApplyScalar(Span<double> a) => ApplyScalar(a, 0, Groups(a.Length));

    private void ApplyScalar(Span<double> a, int g0, int g1)
    {
        Span<double> x = stackalloc double[_size];
        for (int g = g0; g < g1; g++)
        {
            int b = Simulation.Kernels.BitIndex.InsertZeros(g, _positions);
            for (int t = 0; t < _size; t++)
            {
                x[t] = a[b + _offsets[t]];
            }

            for (int s = 0; s < _size; s++)
            {
                if (_identityRow[s])
                {
                    continue;
                }

                double acc = 0;
                for (int e = _rowStart[s]; e < _rowStart[s + 1]; e++)
                {
                    acc = Math.FusedMultiplyAdd(_vals[e], x[_cols[e]], acc);
                }

                a[b + _offsets[s]] = acc;
            }
        }
    }

    /// <summary>sum over groups and rows s of o[s] (T r)[s]: 2^-n Tr(O Phi(R)) for the transfer matrix of Phi.</summary>
    public double Bilinear(ReadOnlySpan<double> o, ReadOnlySpan<double> r) => Bilinear(o, r, 0, 1);

    /// <summary>The part of <see cref="Bilinear(ReadOnlySpan{double}, ReadOnlySpan{double})"/> over part <paramref name="chunk"/> of <paramref name="chunks"/> of the groups (see <see cref="Apply(Span{double}, int, int)"/>).</summary>
    public double Bilinear(ReadOnlySpan<double> o, ReadOnlySpan<double> r, int chunk, int chunks)
    {
        if (o.Length != r.Length)
        {
            throw new ArgumentException("the operators differ in size", nameof(r));
        }

        int groups = Groups(o.Length);
        var (count, first, start) = Range(groups, chunk, chunks);
        if (!Vector256.IsHardwareAccelerated)
        {
            return BilinearScalar(o, r, first, first + count);
        }

        ref double ro = ref MemoryMarshal.GetReference(o);
        ref double rr = ref MemoryMarshal.GetReference(r);
        var total = Vector256<double>.Zero;
        foreach (var block in _bilinearBlocks)
        {
            total = _lane ? BilinearLaneBlock(ref ro, ref rr, block, count, start, total) : BilinearBlock(ref ro, ref rr, block, count, start, total);
        }

        return Vector256.Sum(total);
    }

    /// <summary>Scalar reference of <see cref="Bilinear(ReadOnlySpan{double}, ReadOnlySpan{double})"/> (its own summation order).</summary>
    public double BilinearScalar(ReadOnlySpan<double> o, ReadOnlySpan<double> r)
    {
        if (o.Length != r.Length)
        {
            throw new ArgumentException("the operators differ in size", nameof(r));
        }

        return BilinearScalar(o, r, 0, Groups(o.Length));
    }

    private double BilinearScalar(ReadOnlySpan<double> o, ReadOnlySpan<double> r, int g0, int g1)
    {
        double total = 0;
        for (int g = g0; g < g1; g++)
        {
            int b = Simulation.Kernels.BitIndex.InsertZeros(g, _positions);
            for (int s = 0; s < _size; s++)
            {
                double acc = 0;
                for (int e = _rowStart[s]; e < _rowStart[s + 1]; e++)
                {
                    acc = Math.FusedMultiplyAdd(_vals[e], r[b + _offsets[_cols[e]]], acc);
                }

                total = Math.FusedMultiplyAdd(o[b + _offsets[s]], acc, total);
            }
        }

        return total;
    }

    /// <summary>Index offset of local digit index <paramref name="t"/> (digit j of t on qubit <paramref name="qubits"/>[j]).</summary>
    private static int DigitOffset(int t, ReadOnlySpan<int> qubits)
    {
        int o = 0;
        for (int j = 0; j < qubits.Length; j++)
        {
            o |= ((t >> (2 * j)) & 3) << (2 * qubits[j]);
        }

        return o;
    }

    /// <summary>
    /// The connected components of the non-zero pattern over units (local indices or lane vectors), each with
    /// its dense matrix: coefficient (i, j) of a vector-path block is T[member i, member j]; of a lane block,
    /// entry ((i, j) * 4 + lane) is the vector T[(member i, lane), (member j, source lane j')] for j' = j % 4,
    /// member j / 4.
    /// </summary>
    private Block[] Blocks(double[] dense, int units, int[] unitOf, int[] laneOf, int[] unitOffsets, bool skipIdentity)
    {
        var parent = new int[units];
        for (int u = 0; u < units; u++)
        {
            parent[u] = u;
        }

        int Find(int u)
        {
            while (parent[u] != u)
            {
                u = parent[u] = parent[parent[u]];
            }

            return u;
        }

        for (int s = 0; s < _size; s++)
        {
            for (int t = 0; t < _size; t++)
            {
                if (dense[(s * _size) + t] != 0)
                {
                    parent[Find(unitOf[s])] = Find(unitOf[t]);
                }
            }
        }

        var members = new Dictionary<int, List<int>>();
        for (int u = 0; u < units; u++)
        {
            int root = Find(u);
            if (!members.TryGetValue(root, out var list))
            {
                members[root] = list = [];
            }

            list.Add(u);
        }

        var index = new int[units * 4];
        for (int t = 0; t < _size; t++)
        {
            index[(unitOf[t] * 4) + laneOf[t]] = t;
        }

        var blocks = new List<Block>();
        foreach (var list in members.Values.OrderBy(l => l[0]))
        {
            int b = list.Count;
            bool identity = true;
            bool empty = true;
            foreach (int u in list)
            {
                for (int lane = 0; lane < (_lane ? 4 : 1); lane++)
                {
                    int t = _lane ? index[(u * 4) + lane] : u;
                    identity &= _identityRow[t];
                    empty &= _rowStart[t + 1] == _rowStart[t];
                }
            }

            if ((skipIdentity && identity) || (!skipIdentity && empty))
            {
                continue;
            }

            var offsets = list.Select(u => _lane ? unitOffsets[u] : _offsets[u]).ToArray();
            int[] source;
            if (!_lane)
            {
                source = new int[b * b];
                for (int i = 0; i < b; i++)
                {
                    for (int j = 0; j < b; j++)
                    {
                        source[(i * b) + j] = (list[i] * _size) + list[j];
                    }
                }
            }
            else
            {
                // Output vector i, source vector j, source lane l: a vector over output lanes.
                source = new int[b * b * 16];
                for (int i = 0; i < b; i++)
                {
                    for (int j = 0; j < b; j++)
                    {
                        for (int l = 0; l < 4; l++)
                        {
                            for (int lane = 0; lane < 4; lane++)
                            {
                                source[(((((i * b) + j) * 4) + l) * 4) + lane] = (index[(list[i] * 4) + lane] * _size) + index[(list[j] * 4) + l];
                            }
                        }
                    }
                }
            }

            blocks.Add(new Block(offsets, Gather(dense, source), source));
        }

        return [.. blocks];
    }

    /// <summary>Number of groups in an operator of <paramref name="length"/> coefficients.</summary>
    private int Groups(int length)
    {
        if (length < _size || !System.Numerics.BitOperations.IsPow2(length) || (System.Numerics.BitOperations.Log2((uint)length) & 1) != 0)
        {
            throw new ArgumentException($"an operator's Pauli coefficients number 4^n (n >= {_k}), got {length}");
        }

        if (1 << _positions[^1] >= length)
        {
            throw new ArgumentException($"qubit {_positions[^1] / 2} is out of range for {length} coefficients");
        }

        return length / _size;
    }

    /// <summary>Next group base after <paramref name="b"/>, <paramref name="step"/> groups on (the carry skips the target digits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Next(int b, int mask, int step) => ((b | mask) + step) & ~mask;

    private void ApplyBlock(ref double ra, Block block, int count, int start)
    {
        var off = block.Offsets;
        var c = block.Coef;
        int mask = _mask;
        int quads = count;
        switch (off.Length)
        {
            case 1:
            {
                var c00 = Vector256.Create(c[0]);
                nuint o0 = (nuint)off[0];
                for (int g = 0, b = start; g < quads; g++, b = Next(b, mask, 4))
                {
                    nuint p = (nuint)b;
                    (c00 * Vector256.LoadUnsafe(ref ra, p + o0)).StoreUnsafe(ref ra, p + o0);
                }

                break;
            }

            case 2:
            {
                var c00 = Vector256.Create(c[0]);
                var c01 = Vector256.Create(c[1]);
                var c10 = Vector256.Create(c[2]);
                var c11 = Vector256.Create(c[3]);
                nuint o0 = (nuint)off[0];
                nuint o1 = (nuint)off[1];
                for (int g = 0, b = start; g < quads; g++, b = Next(b, mask, 4))
                {
                    nuint p = (nuint)b;
                    var v0 = Vector256.LoadUnsafe(ref ra, p + o0);
                    var v1 = Vector256.LoadUnsafe(ref ra, p + o1);
                    Vector256.MultiplyAddEstimate(c01, v1, c00 * v0).StoreUnsafe(ref ra, p + o0);
                    Vector256.MultiplyAddEstimate(c11, v1, c10 * v0).StoreUnsafe(ref ra, p + o1);
                }

                break;
            }

            case 3:
            {
                var c00 = Vector256.Create(c[0]);
                var c01 = Vector256.Create(c[1]);
                var c02 = Vector256.Create(c[2]);
                var c10 = Vector256.Create(c[3]);
                var c11 = Vector256.Create(c[4]);
                var c12 = Vector256.Create(c[5]);
                var c20 = Vector256.Create(c[6]);
                var c21 = Vector256.Create(c[7]);
                var c22 = Vector256.Create(c[8]);
                nuint o0 = (nuint)off[0];
                nuint o1 = (nuint)off[1];
                nuint o2 = (nuint)off[2];
                for (int g = 0, b = start; g < quads; g++, b = Next(b, mask, 4))
                {
                    nuint p = (nuint)b;
                    var v0 = Vector256.LoadUnsafe(ref ra, p + o0);
                    var v1 = Vector256.LoadUnsafe(ref ra, p + o1);
                    var v2 = Vector256.LoadUnsafe(ref ra, p + o2);
                    Vector256.MultiplyAddEstimate(c02, v2, Vector256.MultiplyAddEstimate(c01, v1, c00 * v0)).StoreUnsafe(ref ra, p + o0);
                    Vector256.MultiplyAddEstimate(c12, v2, Vector256.MultiplyAddEstimate(c11, v1, c10 * v0)).StoreUnsafe(ref ra, p + o1);
                    Vector256.MultiplyAddEstimate(c22, v2, Vector256.MultiplyAddEstimate(c21, v1, c20 * v0)).StoreUnsafe(ref ra, p + o2);
                }

                break;
            }

            case 4:
            {
                ref double rc = ref MemoryMarshal.GetArrayDataReference(c);
                var c00 = Vector256.Create(c[0]);
                var c01 = Vector256.Create(c[1]);
                var c02 = Vector256.Create(c[2]);
                var c03 = Vector256.Create(c[3]);
                var c10 = Vector256.Create(c[4]);
                var c11 = Vector256.Create(c[5]);
                var c12 = Vector256.Create(c[6]);
                var c13 = Vector256.Create(c[7]);
                nuint o0 = (nuint)off[0];
                nuint o1 = (nuint)off[1];
                nuint o2 = (nuint)off[2];
                nuint o3 = (nuint)off[3];
                for (int g = 0, b = start; g < quads; g++, b = Next(b, mask, 4))
                {
                    nuint p = (nuint)b;
                    var v0 = Vector256.LoadUnsafe(ref ra, p + o0);
                    var v1 = Vector256.LoadUnsafe(ref ra, p + o1);
                    var v2 = Vector256.LoadUnsafe(ref ra, p + o2);
                    var v3 = Vector256.LoadUnsafe(ref ra, p + o3);
                    Quad(c00, c01, c02, c03, v0, v1, v2, v3).StoreUnsafe(ref ra, p + o0);
                    Quad(c10, c11, c12, c13, v0, v1, v2, v3).StoreUnsafe(ref ra, p + o1);
                    Quad(Vector256.Create(Unsafe.Add(ref rc, 8)), Vector256.Create(Unsafe.Add(ref rc, 9)), Vector256.Create(Unsafe.Add(ref rc, 10)), Vector256.Create(Unsafe.Add(ref rc, 11)), v0, v1, v2, v3).StoreUnsafe(ref ra, p + o2);
                    Quad(Vector256.Create(Unsafe.Add(ref rc, 12)), Vector256.Create(Unsafe.Add(ref rc, 13)), Vector256.Create(Unsafe.Add(ref rc, 14)), Vector256.Create(Unsafe.Add(ref rc, 15)), v0, v1, v2, v3).StoreUnsafe(ref ra, p + o3);
                }

                break;
            }

            default:
            {
                int m = off.Length;
                Span<Vector256<double>> x = stackalloc Vector256<double>[m];
                for (int g = 0, b = start; g < quads; g++, b = Next(b, mask, 4))
                {
                    nuint p = (nuint)b;
                    for (int j = 0; j < m; j++)
                    {
                        x[j] = Vector256.LoadUnsafe(ref ra, p + (nuint)off[j]);
                    }

                    for (int i = 0; i < m; i++)
                    {
                        var acc = Vector256.Create(c[i * m]) * x[0];
                        for (int j = 1; j < m; j++)
                        {
                            acc = Vector256.MultiplyAddEstimate(Vector256.Create(c[(i * m) + j]), x[j], acc);
                        }

                        acc.StoreUnsafe(ref ra, p + (nuint)off[i]);
                    }
                }

                break;
            }
        }
    }

    private Vector256<double> BilinearBlock(ref double ro, ref double rr, Block block, int count, int start, Vector256<double> total)
    {
        var off = block.Offsets;
        var c = block.Coef;
        int mask = _mask;
        int quads = count;

        // Two quads per iteration into two sums, so that the additions into the sums do not wait on each other.
        var even = Vector256<double>.Zero;
        var odd = Vector256<double>.Zero;
        switch (off.Length)
        {
            case 1:
            {
                var c00 = Vector256.Create(c[0]);
                nuint o0 = (nuint)off[0];
                int g = 0;
                int b = start;
                for (; g + 1 < quads; g += 2)
                {
                    nuint p = (nuint)b;
                    b = Next(b, mask, 4);
                    nuint q = (nuint)b;
                    b = Next(b, mask, 4);
                    even = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + o0), c00 * Vector256.LoadUnsafe(ref rr, p + o0), even);
                    odd = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, q + o0), c00 * Vector256.LoadUnsafe(ref rr, q + o0), odd);
                }

                if (g < quads)
                {
                    nuint p = (nuint)b;
                    even = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + o0), c00 * Vector256.LoadUnsafe(ref rr, p + o0), even);
                }

                return total + (even + odd);
            }

            case 2:
            {
                var c00 = Vector256.Create(c[0]);
                var c01 = Vector256.Create(c[1]);
                var c10 = Vector256.Create(c[2]);
                var c11 = Vector256.Create(c[3]);
                nuint o0 = (nuint)off[0];
                nuint o1 = (nuint)off[1];
                int g = 0;
                int b = start;
                for (; g + 1 < quads; g += 2)
                {
                    nuint p = (nuint)b;
                    b = Next(b, mask, 4);
                    nuint q = (nuint)b;
                    b = Next(b, mask, 4);
                    even = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + o1), Pair(c10, c11, ref rr, p, o0, o1), Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + o0), Pair(c00, c01, ref rr, p, o0, o1), even));
                    odd = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, q + o1), Pair(c10, c11, ref rr, q, o0, o1), Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, q + o0), Pair(c00, c01, ref rr, q, o0, o1), odd));
                }

                if (g < quads)
                {
                    nuint p = (nuint)b;
                    even = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + o1), Pair(c10, c11, ref rr, p, o0, o1), Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + o0), Pair(c00, c01, ref rr, p, o0, o1), even));
                }

                return total + (even + odd);
            }

            case 4:
            {
                ref double rc = ref MemoryMarshal.GetArrayDataReference(c);
                nuint o0 = (nuint)off[0];
                nuint o1 = (nuint)off[1];
                nuint o2 = (nuint)off[2];
                nuint o3 = (nuint)off[3];
                for (int g = 0, b = start; g < quads; g++, b = Next(b, mask, 4))
                {
                    nuint p = (nuint)b;
                    var v0 = Vector256.LoadUnsafe(ref rr, p + o0);
                    var v1 = Vector256.LoadUnsafe(ref rr, p + o1);
                    var v2 = Vector256.LoadUnsafe(ref rr, p + o2);
                    var v3 = Vector256.LoadUnsafe(ref rr, p + o3);
                    var sum = Vector256.LoadUnsafe(ref ro, p + o0) * Quad(Vector256.Create(rc), Vector256.Create(Unsafe.Add(ref rc, 1)), Vector256.Create(Unsafe.Add(ref rc, 2)), Vector256.Create(Unsafe.Add(ref rc, 3)), v0, v1, v2, v3);
                    sum = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + o1), Quad(Vector256.Create(Unsafe.Add(ref rc, 4)), Vector256.Create(Unsafe.Add(ref rc, 5)), Vector256.Create(Unsafe.Add(ref rc, 6)), Vector256.Create(Unsafe.Add(ref rc, 7)), v0, v1, v2, v3), sum);
                    sum = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + o2), Quad(Vector256.Create(Unsafe.Add(ref rc, 8)), Vector256.Create(Unsafe.Add(ref rc, 9)), Vector256.Create(Unsafe.Add(ref rc, 10)), Vector256.Create(Unsafe.Add(ref rc, 11)), v0, v1, v2, v3), sum);
                    sum = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + o3), Quad(Vector256.Create(Unsafe.Add(ref rc, 12)), Vector256.Create(Unsafe.Add(ref rc, 13)), Vector256.Create(Unsafe.Add(ref rc, 14)), Vector256.Create(Unsafe.Add(ref rc, 15)), v0, v1, v2, v3), sum);
                    if ((g & 1) == 0)
                    {
                        even += sum;
                    }
                    else
                    {
                        odd += sum;
                    }
                }

                return total + (even + odd);
            }

            default:
            {
                int m = off.Length;
                Span<Vector256<double>> x = stackalloc Vector256<double>[m];
                for (int g = 0, b = start; g < quads; g++, b = Next(b, mask, 4))
                {
                    nuint p = (nuint)b;
                    for (int j = 0; j < m; j++)
                    {
                        x[j] = Vector256.LoadUnsafe(ref rr, p + (nuint)off[j]);
                    }

                    var sum = Vector256<double>.Zero;
                    for (int i = 0; i < m; i++)
                    {
                        var acc = Vector256.Create(c[i * m]) * x[0];
                        for (int j = 1; j < m; j++)
                        {
                            acc = Vector256.MultiplyAddEstimate(Vector256.Create(c[(i * m) + j]), x[j], acc);
                        }

                        sum = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + (nuint)off[i]), acc, sum);
                    }

                    if ((g & 1) == 0)
                    {
                        even += sum;
                    }
                    else
                    {
                        odd += sum;
                    }
                }

                return total + (even + odd);
            }
        }
    }

    /// <summary>c0 v0 + c1 v1 + c2 v2 + c3 v3, summed in that order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Quad(Vector256<double> c0, Vector256<double> c1, Vector256<double> c2, Vector256<double> c3, Vector256<double> v0, Vector256<double> v1, Vector256<double> v2, Vector256<double> v3)
        => Vector256.MultiplyAddEstimate(c3, v3, Vector256.MultiplyAddEstimate(c2, v2, Vector256.MultiplyAddEstimate(c1, v1, c0 * v0)));

    /// <summary>c0 r[p + o0] + c1 r[p + o1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Pair(Vector256<double> c0, Vector256<double> c1, ref double rr, nuint p, nuint o0, nuint o1)
        => Vector256.MultiplyAddEstimate(c1, Vector256.LoadUnsafe(ref rr, p + o1), c0 * Vector256.LoadUnsafe(ref rr, p + o0));

    private void ApplyLaneBlock(ref double ra, Block block, int count, int start)
    {
        var off = block.Offsets;
        var c = block.Coef;
        int mask = _mask;
        if (off.Length == 1)
        {
            var c0 = Vector256.Create(c[0], c[1], c[2], c[3]);
            var c1 = Vector256.Create(c[4], c[5], c[6], c[7]);
            var c2 = Vector256.Create(c[8], c[9], c[10], c[11]);
            var c3 = Vector256.Create(c[12], c[13], c[14], c[15]);
            nuint o0 = (nuint)off[0];
            for (int g = 0, b = start; g < count; g++, b = Next(b, mask, 1))
            {
                nuint p = (nuint)b + o0;
                Lanes(c0, c1, c2, c3, Vector256.LoadUnsafe(ref ra, p)).StoreUnsafe(ref ra, p);
            }

            return;
        }

        int m = off.Length;
        ref double rc = ref MemoryMarshal.GetArrayDataReference(c);
        Span<Vector256<double>> x = stackalloc Vector256<double>[4 * m];
        for (int g = 0, b = start; g < count; g++, b = Next(b, mask, 1))
        {
            nuint p = (nuint)b;
            Broadcasts(ref ra, p, off, x);
            for (int i = 0; i < m; i++)
            {
                var acc = Vector256.LoadUnsafe(ref rc, (nuint)(16 * i * m)) * x[0];
                for (int j = 1; j < 4 * m; j++)
                {
                    acc = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref rc, (nuint)((16 * i * m) + (4 * j))), x[j], acc);
                }

                acc.StoreUnsafe(ref ra, p + (nuint)off[i]);
            }
        }
    }

    private Vector256<double> BilinearLaneBlock(ref double ro, ref double rr, Block block, int count, int start, Vector256<double> total)
    {
        var off = block.Offsets;
        var c = block.Coef;
        int mask = _mask;
        if (off.Length == 1)
        {
            var c0 = Vector256.Create(c[0], c[1], c[2], c[3]);
            var c1 = Vector256.Create(c[4], c[5], c[6], c[7]);
            var c2 = Vector256.Create(c[8], c[9], c[10], c[11]);
            var c3 = Vector256.Create(c[12], c[13], c[14], c[15]);
            nuint o0 = (nuint)off[0];
            for (int g = 0, b = start; g < count; g++, b = Next(b, mask, 1))
            {
                nuint p = (nuint)b + o0;
                total = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p), Lanes(c0, c1, c2, c3, Vector256.LoadUnsafe(ref rr, p)), total);
            }

            return total;
        }

        int m = off.Length;
        ref double rc = ref MemoryMarshal.GetArrayDataReference(c);
        Span<Vector256<double>> x = stackalloc Vector256<double>[4 * m];
        for (int g = 0, b = start; g < count; g++, b = Next(b, mask, 1))
        {
            nuint p = (nuint)b;
            Broadcasts(ref rr, p, off, x);
            for (int i = 0; i < m; i++)
            {
                var acc = Vector256.LoadUnsafe(ref rc, (nuint)(16 * i * m)) * x[0];
                for (int j = 1; j < 4 * m; j++)
                {
                    acc = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref rc, (nuint)((16 * i * m) + (4 * j))), x[j], acc);
                }

                total = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref ro, p + (nuint)off[i]), acc, total);
            }
        }

        return total;
    }

    /// <summary>The four lane broadcasts of each block vector: x[4 j + l] = broadcast of lane l of vector j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Broadcasts(ref double ra, nuint p, int[] off, Span<Vector256<double>> x)
    {
        for (int j = 0; j < off.Length; j++)
        {
            var v = Vector256.LoadUnsafe(ref ra, p + (nuint)off[j]);
            x[4 * j] = Vector256.Shuffle(v, Vector256.Create(0L, 0, 0, 0));
            x[(4 * j) + 1] = Vector256.Shuffle(v, Vector256.Create(1L, 1, 1, 1));
            x[(4 * j) + 2] = Vector256.Shuffle(v, Vector256.Create(2L, 2, 2, 2));
            x[(4 * j) + 3] = Vector256.Shuffle(v, Vector256.Create(3L, 3, 3, 3));
        }
    }

    /// <summary>sum_l c_l * broadcast(v[l]): a 4x4 matrix inside one vector (columns c_l).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Lanes(Vector256<double> c0, Vector256<double> c1, Vector256<double> c2, Vector256<double> c3, Vector256<double> v)
    {
        var acc = c0 * Vector256.Shuffle(v, Vector256.Create(0L, 0, 0, 0));
        acc = Vector256.MultiplyAddEstimate(c1, Vector256.Shuffle(v, Vector256.Create(1L, 1, 1, 1)), acc);
        acc = Vector256.MultiplyAddEstimate(c2, Vector256.Shuffle(v, Vector256.Create(2L, 2, 2, 2)), acc);
        return Vector256.MultiplyAddEstimate(c3, Vector256.Shuffle(v, Vector256.Create(3L, 3, 3, 3)), acc);
    }

    /// <summary>A closed block: offsets of its units within a group, its dense coefficients and where each comes from in the matrix.</summary>
    private sealed record Block(int[] Offsets, double[] Coef, int[] Source);
}

/// <summary>
/// Operators on n qubits by their Pauli coefficients: A = sum_s a_s sigma_s over the 4^n Pauli strings, with
/// a_s = Tr(sigma_s A) / 2^n, real for Hermitian A. Index layout: the digit of qubit q (I, X, Y, Z = 0, 1, 2, 3)
/// sits at bits 2q and 2q + 1. Then Tr(A B) = 2^n sum_s a_s b_s, and a unitary or channel on k qubits is a
/// real 4^k x 4^k transfer matrix on their digits (<see cref="PauliTransfer"/>).
/// </summary>
public static class PauliBasis
{
    /// <summary>Pauli coefficients of the diagonal operator diag(<paramref name="diagonal"/>) (2^n entries) into <paramref name="pauli"/> (4^n, zeroed first).</summary>
    public static void FromDiagonal(ReadOnlySpan<double> diagonal, Span<double> pauli)
    {
        int d = diagonal.Length;
        int n = CheckSizes(d, pauli.Length);
        var w = diagonal.ToArray();
        WalshHadamard(w);
        pauli.Clear();
        double scale = 1.0 / d;
        for (int m = 0; m < d; m++)
        {
            pauli[ZIndex(m, n)] = w[m] * scale;
        }
    }

    /// <summary>The diagonal (2^n entries) of the operator with Pauli coefficients <paramref name="pauli"/>.</summary>
    public static void Diagonal(ReadOnlySpan<double> pauli, Span<double> diagonal)
    {
        int d = diagonal.Length;
        int n = CheckSizes(d, pauli.Length);
        var w = new double[d];
        for (int m = 0; m < d; m++)
        {
            w[m] = pauli[ZIndex(m, n)];
        }

        WalshHadamard(w);
        w.CopyTo(diagonal);
    }

    /// <summary>
    /// Pauli coefficients (real parts) of the 2^n x 2^n matrix <paramref name="matrix"/> in vec layout ([r + c 2^n]),
    /// into <paramref name="pauli"/>; <paramref name="scratch"/> (4^n) receives the imaginary parts, zero for a
    /// Hermitian matrix.
    /// </summary>
    public static void FromMatrix(ReadOnlySpan<System.Numerics.Complex> matrix, Span<double> pauli, Span<double> scratch)
    {
        int len = matrix.Length;
        int d = (int)Math.Sqrt(len);
        CheckSizes(d, len);
        if (pauli.Length != len || scratch.Length != len)
        {
            throw new ArgumentException($"a {d}x{d} matrix has {len} Pauli coefficients");
        }

        for (int quarter = 0; quarter < 4; quarter++)
        {
            FromMatrixQuarter(matrix, pauli, scratch, quarter);
        }

        FromMatrixTop(pauli, scratch, 0, 1);
    }

    /// <summary>
    /// <see cref="FromMatrix(ReadOnlySpan{System.Numerics.Complex}, Span{double}, Span{double})"/> on up to two threads:
    /// the four quarters of the top qubit's (row, column) bits are independent until that qubit's own step, which is
    /// split over the groups. Same arithmetic, same bits, for any thread count.
    /// </summary>
    public static void FromMatrix(System.Numerics.Complex[] matrix, double[] pauli, double[] scratch, int threads)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(pauli);
        ArgumentNullException.ThrowIfNull(scratch);
        int len = matrix.Length;
        int d = (int)Math.Sqrt(len);
        CheckSizes(d, len);
        if (pauli.Length != len || scratch.Length < len)
        {
            throw new ArgumentException($"a {d}x{d} matrix has {len} Pauli coefficients");
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        Parallel.For(0, 2, options, part =>
        {
            FromMatrixQuarter(matrix, pauli, scratch.AsSpan(0, len), 2 * part);
            FromMatrixQuarter(matrix, pauli, scratch.AsSpan(0, len), (2 * part) + 1);
        });
        Parallel.For(0, 2, options, part => FromMatrixTop(pauli, scratch.AsSpan(0, len), part, 2));
    }

    /// <summary>
    /// The Hermitian operator with Pauli coefficients <paramref name="pauli"/> as interleaved (A, B) pairs of
    /// M = A + iB, row-major: <paramref name="pairs"/>[2 (r 2^n + c)] = A[r, c], [.. + 1] = B[r, c] (2 * 4^n
    /// entries); <paramref name="scratch"/> holds 2 * 4^n intermediate values.
    /// </summary>
    public static void ToHermitianPairs(ReadOnlySpan<double> pauli, Span<double> pairs, Span<double> scratch)
    {
        int len = pauli.Length;
        int d = (int)Math.Sqrt(len);
        CheckSizes(d, len);
        if (pairs.Length != 2 * len || scratch.Length != 2 * len)
        {
            throw new ArgumentException($"{len} Pauli coefficients make {2 * len} (A, B) values");
        }

        ToHermitianTop(pauli, scratch, 0, 1);
        for (int quarter = 0; quarter < 4; quarter++)
        {
            ToHermitianQuarter(pairs, scratch, len, quarter);
        }
    }

    /// <summary><see cref="ToHermitianPairs(ReadOnlySpan{double}, Span{double}, Span{double})"/> on up to two threads (as <see cref="FromMatrix(System.Numerics.Complex[], double[], double[], int)"/>).</summary>
    public static void ToHermitianPairs(double[] pauli, double[] pairs, double[] scratch, int threads)
    {
        ArgumentNullException.ThrowIfNull(pauli);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(scratch);
        int len = pauli.Length;
        int d = (int)Math.Sqrt(len);
        CheckSizes(d, len);
        if (pairs.Length != 2 * len || scratch.Length != 2 * len)
        {
            throw new ArgumentException($"{len} Pauli coefficients make {2 * len} (A, B) values");
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        Parallel.For(0, 2, options, part => ToHermitianTop(pauli, scratch, part, 2));
        Parallel.For(0, 2, options, part =>
        {
            ToHermitianQuarter(pairs, scratch, len, 2 * part);
            ToHermitianQuarter(pairs, scratch, len, (2 * part) + 1);
        });
    }

    /// <summary>
    /// FromMatrix within quarter <paramref name="quarter"/> (the top qubit's (row bit, column bit) = (q &amp; 1, q &gt;&gt; 1)):
    /// gather with qubit 0's step, then the steps of qubits 1 .. n - 2.
    /// </summary>
    private static void FromMatrixQuarter(ReadOnlySpan<System.Numerics.Complex> matrix, Span<double> re, Span<double> im, int quarter)
    {
        int len = matrix.Length;
        int d = (int)Math.Sqrt(len);
        int n = System.Numerics.BitOperations.Log2((uint)d);
        if (n == 1 && quarter > 0)
        {
            return;
        }

        int half = n == 1 ? d : d / 2;
        int r0 = (quarter & 1) * half;
        int c0 = (quarter >> 1) * half;
        var spread = SpreadTable(d);
        for (int c = c0; c < c0 + half; c += 2)
        {
            int sc = spread[c] << 1;
            for (int r = r0; r < r0 + half; r += 2)
            {
                var e00 = matrix[r + (c * d)];
                var e10 = matrix[r + 1 + (c * d)];
                var e01 = matrix[r + ((c + 1) * d)];
                var e11 = matrix[r + 1 + ((c + 1) * d)];
                int i = spread[r] | sc;
                ToPauliDigit(e00.Real, e00.Imaginary, e10.Real, e10.Imaginary, e01.Real, e01.Imaginary, e11.Real, e11.Imaginary, re, im, i, 1);
            }
        }

        if (n == 1)
        {
            return;
        }

        int quarterLength = len / 4;
        int lo = quarter * quarterLength;
        for (int q = 1; q < n - 1; q++)
        {
            ToPauliPass(re, im, q, lo, lo + quarterLength);
        }
    }

    /// <summary>FromMatrix: the top qubit's step on part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    private static void FromMatrixTop(Span<double> re, Span<double> im, int part, int parts)
    {
        int len = re.Length;
        int n = System.Numerics.BitOperations.Log2((uint)len) / 2;
        if (n < 2)
        {
            return;
        }

        int stride = len / 4;
        int from = (int)((long)stride * part / parts) & ~3;
        int to = part == parts - 1 ? stride : (int)((long)stride * (part + 1) / parts) & ~3;
        ToPauliRange(re, im, stride, from, to);
    }

    /// <summary>ToHermitianPairs: the top qubit's step (from real coefficients) on part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    private static void ToHermitianTop(ReadOnlySpan<double> pauli, Span<double> scratch, int part, int parts)
    {
        int len = pauli.Length;
        var re = scratch[..len];
        var im = scratch[len..];
        int n = System.Numerics.BitOperations.Log2((uint)len) / 2;
        if (n < 2)
        {
            if (part == 0)
            {
                pauli.CopyTo(re);
                im.Clear();
            }

            return;
        }

        int stride = len / 4;
        int from = (int)((long)stride * part / parts) & ~3;
        int to = part == parts - 1 ? stride : (int)((long)stride * (part + 1) / parts) & ~3;
        for (int i = from; i < to; i++)
        {
            double ir = pauli[i];
            double xr = pauli[i + stride];
            double yr = pauli[i + (2 * stride)];
            double zr = pauli[i + (3 * stride)];
            re[i] = ir + zr;
            im[i] = 0;
            re[i + stride] = xr;
            im[i + stride] = yr;
            re[i + (2 * stride)] = xr;
            im[i + (2 * stride)] = -yr;
            re[i + (3 * stride)] = ir - zr;
            im[i + (3 * stride)] = 0;
        }
    }

    /// <summary>ToHermitianPairs within quarter <paramref name="quarter"/>: steps of qubits n - 2 .. 1, then qubit 0's step fused with the scatter to (r, c).</summary>
    private static void ToHermitianQuarter(Span<double> pairs, Span<double> scratch, int len, int quarter)
    {
        var re = scratch[..len];
        var im = scratch[len..];
        int d = (int)Math.Sqrt(len);
        int n = System.Numerics.BitOperations.Log2((uint)d);
        int half = n == 1 ? d : d / 2;
        if (n == 1 && quarter > 0)
        {
            return;
        }

        int quarterLength = n == 1 ? len : len / 4;
        int lo = n == 1 ? 0 : quarter * quarterLength;
        for (int q = n - 2; q >= 1; q--)
        {
            FromPauliPass(re, im, q, lo, lo + quarterLength);
        }

        int r0 = n == 1 ? 0 : (quarter & 1) * half;
        int c0 = n == 1 ? 0 : (quarter >> 1) * half;
        var spread = SpreadTable(d);
        for (int r = r0; r < r0 + half; r += 2)
        {
            int sr = spread[r];
            int row0 = 2 * r * d;
            int row1 = row0 + (2 * d);
            for (int c = c0; c < c0 + half; c += 2)
            {
                int i = sr | (spread[c] << 1);
                double ir = re[i], ii = im[i];
                double xr = re[i + 1], xi = im[i + 1];
                double yr = re[i + 2], yi = im[i + 2];
                double zr = re[i + 3], zi = im[i + 3];

                // E00 = I + Z, E10 = X + iY, E01 = X - iY, E11 = I - Z.
                pairs[row0 + (2 * c)] = ir + zr;
                pairs[row0 + (2 * c) + 1] = ii + zi;
                pairs[row0 + (2 * c) + 2] = xr + yi;
                pairs[row0 + (2 * c) + 3] = xi - yr;
                pairs[row1 + (2 * c)] = xr - yi;
                pairs[row1 + (2 * c) + 1] = xi + yr;
                pairs[row1 + (2 * c) + 2] = ir - zr;
                pairs[row1 + (2 * c) + 3] = ii - zi;
            }
        }
    }

    /// <summary>(E00, E10, E01, E11) -&gt; (I, X, Y, Z) for qubit <paramref name="q"/> &gt;= 1 on indices [lo, hi).</summary>
    private static void ToPauliPass(Span<double> re, Span<double> im, int q, int lo, int hi)
    {
        int stride = 1 << (2 * q);
        for (int b = lo; b < hi; b += 4 * stride)
        {
            ToPauliRange(re, im, stride, b, b + stride);
        }
    }

    private static void ToPauliRange(Span<double> re, Span<double> im, int stride, int from, int to)
    {
        ref double pr = ref MemoryMarshal.GetReference(re);
        ref double pi = ref MemoryMarshal.GetReference(im);
        nuint s1 = (nuint)stride;
        nuint s2 = 2 * s1;
        nuint s3 = 3 * s1;
        var h = Vector256.Create(0.5);
        int i = from;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= to; i += 4)
            {
                nuint p = (nuint)i;
                var r00 = Vector256.LoadUnsafe(ref pr, p);
                var i00 = Vector256.LoadUnsafe(ref pi, p);
                var r10 = Vector256.LoadUnsafe(ref pr, p + s1);
                var i10 = Vector256.LoadUnsafe(ref pi, p + s1);
                var r01 = Vector256.LoadUnsafe(ref pr, p + s2);
                var i01 = Vector256.LoadUnsafe(ref pi, p + s2);
                var r11 = Vector256.LoadUnsafe(ref pr, p + s3);
                var i11 = Vector256.LoadUnsafe(ref pi, p + s3);
                (h * (r00 + r11)).StoreUnsafe(ref pr, p);
                (h * (i00 + i11)).StoreUnsafe(ref pi, p);
                (h * (r01 + r10)).StoreUnsafe(ref pr, p + s1);
                (h * (i01 + i10)).StoreUnsafe(ref pi, p + s1);
                (h * (i10 - i01)).StoreUnsafe(ref pr, p + s2);
                (h * (r01 - r10)).StoreUnsafe(ref pi, p + s2);
                (h * (r00 - r11)).StoreUnsafe(ref pr, p + s3);
                (h * (i00 - i11)).StoreUnsafe(ref pi, p + s3);
            }
        }

        for (; i < to; i++)
        {
            ToPauliDigit(re[i], im[i], re[i + stride], im[i + stride], re[i + (2 * stride)], im[i + (2 * stride)], re[i + (3 * stride)], im[i + (3 * stride)], re, im, i, stride);
        }
    }

    /// <summary>(I, X, Y, Z) -&gt; (E00, E10, E01, E11) for qubit <paramref name="q"/> &gt;= 1 on indices [lo, hi).</summary>
    private static void FromPauliPass(Span<double> re, Span<double> im, int q, int lo, int hi)
    {
        int stride = 1 << (2 * q);
        ref double pr = ref MemoryMarshal.GetReference(re);
        ref double pi = ref MemoryMarshal.GetReference(im);
        nuint s1 = (nuint)stride;
        nuint s2 = 2 * s1;
        nuint s3 = 3 * s1;
        for (int b = lo; b < hi; b += 4 * stride)
        {
            int i = b;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 4 <= b + stride; i += 4)
                {
                    nuint p = (nuint)i;
                    var ir = Vector256.LoadUnsafe(ref pr, p);
                    var ii = Vector256.LoadUnsafe(ref pi, p);
                    var xr = Vector256.LoadUnsafe(ref pr, p + s1);
                    var xi = Vector256.LoadUnsafe(ref pi, p + s1);
                    var yr = Vector256.LoadUnsafe(ref pr, p + s2);
                    var yi = Vector256.LoadUnsafe(ref pi, p + s2);
                    var zr = Vector256.LoadUnsafe(ref pr, p + s3);
                    var zi = Vector256.LoadUnsafe(ref pi, p + s3);
                    (ir + zr).StoreUnsafe(ref pr, p);
                    (ii + zi).StoreUnsafe(ref pi, p);
                    (xr - yi).StoreUnsafe(ref pr, p + s1);
                    (xi + yr).StoreUnsafe(ref pi, p + s1);
                    (xr + yi).StoreUnsafe(ref pr, p + s2);
                    (xi - yr).StoreUnsafe(ref pi, p + s2);
                    (ir - zr).StoreUnsafe(ref pr, p + s3);
                    (ii - zi).StoreUnsafe(ref pi, p + s3);
                }
            }

            for (; i < b + stride; i++)
            {
                FromPauliDigit(re, im, i, stride);
            }
        }
    }

    private static readonly int[]?[] SpreadTables = new int[13][];

    /// <summary>spread[v] = bit q of v moved to bit 2q, for v &lt; <paramref name="d"/>.</summary>
    private static int[] SpreadTable(int d)
    {
        int n = System.Numerics.BitOperations.Log2((uint)d);
        if (n < SpreadTables.Length && SpreadTables[n] is { } cached)
        {
            return cached;
        }

        var t = new int[d];
        for (int v = 0; v < d; v++)
        {
            t[v] = Spread(v);
        }

        if (n < SpreadTables.Length)
        {
            SpreadTables[n] = t;
        }

        return t;
    }

    /// <summary>
    /// Exchanges the digits of slot 0 and slot <paramref name="slot"/> of every Pauli coefficient index (a relabelling
    /// of two qubits, its own inverse): a[.., d_slot = x, .., d_0 = y] &lt;-&gt; a[.., d_slot = y, .., d_0 = x]. Vector path:
    /// the four vectors of one group form a 4x4 block that is transposed in registers.
    /// </summary>
    public static void SwapLowestDigit(Span<double> a, int slot) => SwapLowestDigit(a, slot, 0, 1);

    /// <summary><see cref="SwapLowestDigit(Span{double}, int)"/> on part <paramref name="chunk"/> of <paramref name="chunks"/> (disjoint coefficients).</summary>
    public static void SwapLowestDigit(Span<double> a, int slot, int chunk, int chunks)
    {
        int stride = CheckSlot(a.Length, slot);
        if (chunks < 1 || chunk < 0 || chunk >= chunks)
        {
            throw new ArgumentOutOfRangeException(nameof(chunk), $"part {chunk} of {chunks}");
        }

        // Parts over whole blocks of 4 * stride coefficients, or over the columns i of the one block (top slot).
        int blocks = a.Length / (4 * stride);
        int b0, b1, i0, i1;
        if (blocks >= chunks)
        {
            b0 = (int)((long)blocks * chunk / chunks) * 4 * stride;
            b1 = (int)((long)blocks * (chunk + 1) / chunks) * 4 * stride;
            i0 = 0;
            i1 = stride;
        }
        else
        {
            b0 = 0;
            i0 = (int)((long)(stride / 4) * chunk / chunks) * 4;
            i1 = (int)((long)(stride / 4) * (chunk + 1) / chunks) * 4;
            b1 = a.Length;
        }

        if (!Avx.IsSupported)
        {
            SwapLowestDigitScalar(a, stride, b0, b1, i0, i1);
            return;
        }

        ref double ra = ref MemoryMarshal.GetReference(a);
        nuint st = (nuint)stride;
        for (int b = b0; b < b1; b += 4 * stride)
        {
            for (int i = b + i0; i < b + i1; i += 4)
            {
                nuint p0 = (nuint)i;
                var v0 = Vector256.LoadUnsafe(ref ra, p0);
                var v1 = Vector256.LoadUnsafe(ref ra, p0 + st);
                var v2 = Vector256.LoadUnsafe(ref ra, p0 + (2 * st));
                var v3 = Vector256.LoadUnsafe(ref ra, p0 + (3 * st));
                var t0 = Avx.UnpackLow(v0, v1);
                var t1 = Avx.UnpackHigh(v0, v1);
                var t2 = Avx.UnpackLow(v2, v3);
                var t3 = Avx.UnpackHigh(v2, v3);
                Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref ra, p0);
                Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref ra, p0 + st);
                Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref ra, p0 + (2 * st));
                Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref ra, p0 + (3 * st));
            }
        }
    }

    /// <summary>Scalar reference of <see cref="SwapLowestDigit(Span{double}, int)"/>.</summary>
    public static void SwapLowestDigitScalar(Span<double> a, int slot)
    {
        int stride = CheckSlot(a.Length, slot);
        SwapLowestDigitScalar(a, stride, 0, a.Length, 0, stride);
    }

    private static void SwapLowestDigitScalar(Span<double> a, int stride, int b0, int b1, int i0, int i1)
    {
        for (int b = b0; b < b1; b += 4 * stride)
        {
            for (int i = b + i0; i < b + i1; i += 4)
            {
                for (int x = 0; x < 4; x++)
                {
                    for (int y = x + 1; y < 4; y++)
                    {
                        int p = i + (x * stride) + y;
                        int q = i + (y * stride) + x;
                        (a[p], a[q]) = (a[q], a[p]);
                    }
                }
            }
        }
    }

    private static int CheckSlot(int length, int slot)
    {
        int n = CheckSizes((int)Math.Sqrt(length), length);
        if (slot < 1 || slot >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(slot), $"slot {slot} is outside 1..{n - 1}");
        }

        return 1 << (2 * slot);
    }

    /// <summary>
    /// Re Tr(sigma_s L sigma_t R^dagger) / 2^k for all local Pauli strings s, t on k qubits (row-major 4^k x 4^k, added
    /// to <paramref name="result"/> times <paramref name="scale"/>); L and R are row-major 2^k x 2^k, local bit j = qubit j.
    /// The transfer matrix of U is T(U, U), of a channel the sum over its Kraus operators, of dU/dtheta 2 T(dU, U).
    /// </summary>
    public static void AddTransfer(ReadOnlySpan<System.Numerics.Complex> left, ReadOnlySpan<System.Numerics.Complex> right, int k, double scale, Span<double> result)
    {
        int d = 1 << k;
        int m = 1 << (2 * k);
        if (left.Length != d * d || right.Length != d * d || result.Length != m * m)
        {
            throw new ArgumentException($"a transfer matrix on {k} qubit(s) needs {d}x{d} operators and {m * m} entries");
        }

        var (xmask, phase) = Tables(k);
        Span<System.Numerics.Complex> ls = d <= 8 ? stackalloc System.Numerics.Complex[d * d] : new System.Numerics.Complex[d * d];
        Span<System.Numerics.Complex> w = d <= 8 ? stackalloc System.Numerics.Complex[d * d] : new System.Numerics.Complex[d * d];
        double norm = scale / d;
        for (int t = 0; t < m; t++)
        {
            int xt = xmask[t];

            // (L sigma_t)[r, c] = L[r, c ^ x_t] phase_t(c ^ x_t).
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c < d; c++)
                {
                    ls[(r * d) + c] = left[(r * d) + (c ^ xt)] * phase[(t * d) + (c ^ xt)];
                }
            }

            // W = (L sigma_t) R^dagger.
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c < d; c++)
                {
                    double re = 0, im = 0;
                    for (int l = 0; l < d; l++)
                    {
                        var x = ls[(r * d) + l];
                        var y = right[(c * d) + l];
                        re += (x.Real * y.Real) + (x.Imaginary * y.Imaginary);
                        im += (x.Imaginary * y.Real) - (x.Real * y.Imaginary);
                    }

                    w[(r * d) + c] = new System.Numerics.Complex(re, im);
                }
            }

            // Re Tr(sigma_s W) = Re sum_r phase_s(r) W[r ^ x_s, r].
            for (int s = 0; s < m; s++)
            {
                int xs = xmask[s];
                double acc = 0;
                for (int r = 0; r < d; r++)
                {
                    var p = phase[(s * d) + r];
                    var v = w[((r ^ xs) * d) + r];
                    acc += (p.Real * v.Real) - (p.Imaginary * v.Imaginary);
                }

                result[(s * m) + t] += acc * norm;
            }
        }
    }

    private static readonly (int[] XMask, System.Numerics.Complex[] Phase)?[] PauliTables = new (int[], System.Numerics.Complex[])?[7];

    /// <summary>For the Pauli strings on k qubits: where each flips a basis index (X or Y) and sigma_s[r, r ^ x_s] at [s 2^k + r].</summary>
    private static (int[] XMask, System.Numerics.Complex[] Phase) Tables(int k)
    {
        if (k < PauliTables.Length && PauliTables[k] is { } cached)
        {
            return cached;
        }

        int d = 1 << k;
        int m = 1 << (2 * k);
        var xmask = new int[m];
        var phase = new System.Numerics.Complex[m * d];
        for (int s = 0; s < m; s++)
        {
            xmask[s] = XMask(s, k);
            for (int r = 0; r < d; r++)
            {
                phase[(s * d) + r] = Phase(s, r, k);
            }
        }

        if (k < PauliTables.Length)
        {
            PauliTables[k] = (xmask, phase);
        }

        return (xmask, phase);
    }

    /// <summary>Bits j of a local basis index where the Pauli string <paramref name="s"/> on <paramref name="k"/> qubits flips (X or Y).</summary>
    private static int XMask(int s, int k)
    {
        int x = 0;
        for (int j = 0; j < k; j++)
        {
            int digit = (s >> (2 * j)) & 3;
            if (digit is 1 or 2)
            {
                x |= 1 << j;
            }
        }

        return x;
    }

    /// <summary>sigma_s[r, r ^ x_s].</summary>
    private static System.Numerics.Complex Phase(int s, int r, int k)
    {
        System.Numerics.Complex p = 1;
        for (int j = 0; j < k; j++)
        {
            int digit = (s >> (2 * j)) & 3;
            int bit = (r >> j) & 1;
            if (digit == 2)
            {
                p *= bit == 0 ? -System.Numerics.Complex.ImaginaryOne : System.Numerics.Complex.ImaginaryOne;
            }
            else if (digit == 3 && bit == 1)
            {
                p = -p;
            }
        }

        return p;
    }

    /// <summary>(E00, E10, E01, E11) of one qubit -&gt; (I, X, Y, Z) coefficients, complex (re, im arrays), at i + j stride.</summary>
    private static void ToPauliDigit(double r00, double i00, double r10, double i10, double r01, double i01, double r11, double i11, Span<double> re, Span<double> im, int i, int stride)
    {
        re[i] = 0.5 * (r00 + r11);
        im[i] = 0.5 * (i00 + i11);
        re[i + stride] = 0.5 * (r01 + r10);
        im[i + stride] = 0.5 * (i01 + i10);

        // Y = i (E01 - E10) / 2.
        re[i + (2 * stride)] = 0.5 * (i10 - i01);
        im[i + (2 * stride)] = 0.5 * (r01 - r10);
        re[i + (3 * stride)] = 0.5 * (r00 - r11);
        im[i + (3 * stride)] = 0.5 * (i00 - i11);
    }

    /// <summary>(I, X, Y, Z) at i + j stride -&gt; (E00, E10, E01, E11) = (I + Z, X + iY, X - iY, I - Z) in place.</summary>
    private static void FromPauliDigit(Span<double> re, Span<double> im, int i, int stride)
    {
        double ir = re[i], ii = im[i];
        double xr = re[i + stride], xi = im[i + stride];
        double yr = re[i + (2 * stride)], yi = im[i + (2 * stride)];
        double zr = re[i + (3 * stride)], zi = im[i + (3 * stride)];
        re[i] = ir + zr;
        im[i] = ii + zi;
        re[i + stride] = xr - yi;
        im[i + stride] = xi + yr;
        re[i + (2 * stride)] = xr + yi;
        im[i + (2 * stride)] = xi - yr;
        re[i + (3 * stride)] = ir - zr;
        im[i + (3 * stride)] = ii - zi;
    }

    /// <summary>Index of the Pauli string with Z on the qubits set in <paramref name="mask"/> and I elsewhere.</summary>
    private static int ZIndex(int mask, int n)
    {
        int idx = 0;
        for (int q = 0; q < n; q++)
        {
            if (((mask >> q) & 1) != 0)
            {
                idx |= 3 << (2 * q);
            }
        }

        return idx;
    }

    /// <summary>Bit q of <paramref name="v"/> to bit 2q.</summary>
    private static int Spread(int v)
    {
        int r = 0;
        for (int q = 0; v >> q != 0; q++)
        {
            r |= ((v >> q) & 1) << (2 * q);
        }

        return r;
    }

    /// <summary>In-place unnormalised Walsh-Hadamard transform: w[z] &lt;- sum_m w[m] (-1)^popcount(m &amp; z).</summary>
    private static void WalshHadamard(Span<double> w)
    {
        for (int h = 1; h < w.Length; h <<= 1)
        {
            for (int b = 0; b < w.Length; b += 2 * h)
            {
                for (int i = b; i < b + h; i++)
                {
                    double x = w[i];
                    double y = w[i + h];
                    w[i] = x + y;
                    w[i + h] = x - y;
                }
            }
        }
    }

    private static int CheckSizes(int d, int len)
    {
        if (d < 2 || !System.Numerics.BitOperations.IsPow2(d) || (long)d * d != len)
        {
            throw new ArgumentException($"an operator on n qubits has 2^n x 2^n = 4^n entries; got dimension {d} and {len} entries");
        }

        return System.Numerics.BitOperations.Log2((uint)d);
    }
}
