using System.Numerics;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// Scalar reference kernels of the single-precision (complex64) path: the straightforward implementations the
/// vectorised paths of <see cref="StateVectorKernelsSingle"/> must agree with up to float rounding. Matrices are
/// given in complex128 and rounded to complex64 entry by entry; the arithmetic is single precision. A control
/// condition is a (mask, value) pair: the kernel acts only on indices i with (i &amp; mask) == value.
/// </summary>
public static class ScalarKernelsSingle
{
    /// <summary>
    /// Dense gate on <paramref name="targets"/> (row-major 2^k x 2^k <paramref name="matrix"/>, local bit j = qubit
    /// targets[j]), active where (i &amp; <paramref name="cmask"/>) == <paramref name="cval"/>. The controls must be
    /// disjoint from the targets.
    /// </summary>
    public static void Dense(Span<Complex32> a, ReadOnlySpan<Complex> matrix, ReadOnlySpan<int> targets, int cmask = 0, int cval = 0)
    {
        int k = targets.Length;
        int d = 1 << k;
        if (matrix.Length != d * d)
        {
            throw new ArgumentException($"a matrix on {k} qubit(s) needs {d * d} entries, got {matrix.Length}", nameof(matrix));
        }

        int tmask = 0;
        foreach (int t in targets)
        {
            tmask |= 1 << t;
        }

        if ((tmask & cmask) != 0)
        {
            throw new ArgumentException("the controls must be disjoint from the targets", nameof(cmask));
        }

        Span<int> offsets = d <= 64 ? stackalloc int[d] : new int[d];
        BitIndex.Offsets(targets, offsets);
        Span<Complex32> m = d <= 16 ? stackalloc Complex32[d * d] : new Complex32[d * d];
        for (int e = 0; e < m.Length; e++)
        {
            m[e] = Complex32.FromComplex(matrix[e]);
        }

        Span<Complex32> tmp = d <= 64 ? stackalloc Complex32[d] : new Complex32[d];
        for (int b = 0; b < a.Length; b++)
        {
            if ((b & tmask) != 0 || (b & cmask) != cval)
            {
                continue;
            }

            for (int j = 0; j < d; j++)
            {
                tmp[j] = a[b + offsets[j]];
            }

            for (int r = 0; r < d; r++)
            {
                float re = 0, im = 0;
                for (int j = 0; j < d; j++)
                {
                    var c = m[(r * d) + j];
                    re += (c.Real * tmp[j].Real) - (c.Imaginary * tmp[j].Imaginary);
                    im += (c.Real * tmp[j].Imaginary) + (c.Imaginary * tmp[j].Real);
                }

                a[b + offsets[r]] = new Complex32(re, im);
            }
        }
    }

    /// <summary>
    /// Diagonal gate on <paramref name="targets"/> (entry diag[local index]), active where
    /// (i &amp; <paramref name="cmask"/>) == <paramref name="cval"/>, index by index (a control may also be a target).
    /// </summary>
    public static void Diagonal(Span<Complex32> a, ReadOnlySpan<Complex> diag, ReadOnlySpan<int> targets, int cmask = 0, int cval = 0)
    {
        if (diag.Length < 1 << targets.Length)
        {
            throw new ArgumentException($"a diagonal on {targets.Length} qubit(s) needs {1 << targets.Length} entries", nameof(diag));
        }

        for (int i = 0; i < a.Length; i++)
        {
            if ((i & cmask) != cval)
            {
                continue;
            }

            Complex d = diag[BitIndex.Gather(i, targets)];
            if (d != Complex.One)
            {
                a[i] *= Complex32.FromComplex(d);
            }
        }
    }

    /// <summary>Squared norm (accumulated in double).</summary>
    public static double NormSquared(ReadOnlySpan<Complex32> a)
    {
        double s = 0;
        foreach (var v in a)
        {
            s += v.MagnitudeSquared;
        }

        return s;
    }
}
