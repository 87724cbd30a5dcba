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
    /// sum_{i,j} conj(O[i, j]) (D R)[i, j] for a one-qubit matrix D acting on the ket (row) index bit
    /// <paramref name="qubit"/> of R: Tr(O D R) for Hermitian O, without forming D R.
    /// </summary>
    public static Complex TraceWithOneQubitKet(ReadOnlySpan<Complex> o, ReadOnlySpan<Complex> r, int qubit, Complex d00, Complex d01, Complex d10, Complex d11)
    {
        int len = o.Length;
        int stride = 1 << qubit;
        Complex s = Complex.Zero;
        for (int block = 0; block < len; block += 2 * stride)
        {
            for (int i = block; i < block + stride; i++)
            {
                Complex r0 = r[i];
                Complex r1 = r[i + stride];
                s += (Complex.Conjugate(o[i]) * ((d00 * r0) + (d01 * r1))) + (Complex.Conjugate(o[i + stride]) * ((d10 * r0) + (d11 * r1)));
            }
        }

        return s;
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
        Parallel.For(0, d, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, r =>
        {
            var ar = batch.Re.AsSpan(r * s, s);
            var br = batch.Im.AsSpan(r * s, s);
            for (int c = r; c < d; c++)
            {
                // R[r, c] = sum_x w (a_r + i b_r)(a_c - i b_c) = (a_r.wa_c + b_r.wb_c) + i (b_r.wa_c - a_r.wb_c).
                var (re, im) = FusedDots(ar, br, wa.AsSpan(c * s, s), wb.AsSpan(c * s, s));
                var v = new System.Numerics.Complex(re, im);
                result[r + (c * d)] = v;
                result[c + (r * d)] = System.Numerics.Complex.Conjugate(v);
            }
        });
        return result;
    }

    private static (double Re, double Im) FusedDots(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        int n = a.Length;
        int i = 0;
        double re = 0, im = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && n >= 8)
        {
            var au = System.Runtime.Intrinsics.Vector256<double>.Zero;
            var bv = au;
            var bu = au;
            var av = au;
            var au2 = au;
            var bv2 = au;
            var bu2 = au;
            var av2 = au;
            ref double ra = ref MemoryMarshal.GetReference(a);
            ref double rb = ref MemoryMarshal.GetReference(b);
            ref double ru = ref MemoryMarshal.GetReference(u);
            ref double rv = ref MemoryMarshal.GetReference(v);
            for (; i + 8 <= n; i += 8)
            {
                var va = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref ra, (nuint)i);
                var vb = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rb, (nuint)i);
                var vu = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref ru, (nuint)i);
                var vv = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rv, (nuint)i);
                au = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(va, vu, au);
                bv = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(vb, vv, bv);
                bu = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(vb, vu, bu);
                av = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(va, vv, av);
                va = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref ra, (nuint)(i + 4));
                vb = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rb, (nuint)(i + 4));
                vu = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref ru, (nuint)(i + 4));
                vv = System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref rv, (nuint)(i + 4));
                au2 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(va, vu, au2);
                bv2 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(vb, vv, bv2);
                bu2 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(vb, vu, bu2);
                av2 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(va, vv, av2);
            }

            re = System.Runtime.Intrinsics.Vector256.Sum(au + au2 + bv + bv2);
            im = System.Runtime.Intrinsics.Vector256.Sum(bu + bu2 - av - av2);
        }

        for (; i < n; i++)
        {
            re += (a[i] * u[i]) + (b[i] * v[i]);
            im += (b[i] * u[i]) - (a[i] * v[i]);
        }

        return (re, im);
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
                    r0 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mre, a0, System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(-mim, b0, r0));
                    r1 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mre, a1, System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(-mim, b1, r1));
                    r2 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mre, a2, System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(-mim, b2, r2));
                    r3 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mre, a3, System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(-mim, b3, r3));
                    i0 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mre, b0, System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mim, a0, i0));
                    i1 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mre, b1, System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mim, a1, i1));
                    i2 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mre, b2, System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mim, a2, i2));
                    i3 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mre, b3, System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(mim, a3, i3));
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
