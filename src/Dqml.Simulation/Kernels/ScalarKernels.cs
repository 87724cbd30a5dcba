using System.Numerics;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// Scalar reference kernels: the straightforward implementations every vectorised path in
/// <see cref="StateVectorKernels"/> must agree with (up to floating-point rounding). Each streams the
/// amplitude array once, allocates nothing and makes no virtual calls. A control condition is a
/// (mask, value) pair: the kernel acts only on indices i with (i &amp; mask) == value.
/// </summary>
public static class ScalarKernels
{
    /// <summary>Dense one-qubit gate [[m00, m01], [m10, m11]] on qubit <paramref name="q"/>.</summary>
    public static void Apply1(Span<Complex> a, int q, Complex m00, Complex m01, Complex m10, Complex m11)
    {
        int stride = 1 << q;
        int n = a.Length;
        for (int b = 0; b < n; b += stride << 1)
        {
            var lo = a.Slice(b, stride);
            var hi = a.Slice(b + stride, stride);
            for (int i = 0; i < stride; i++)
            {
                Complex a0 = lo[i], a1 = hi[i];
                lo[i] = (m00 * a0) + (m01 * a1);
                hi[i] = (m10 * a0) + (m11 * a1);
            }
        }
    }

    /// <summary>Diagonal one-qubit gate diag(d0, d1) on qubit <paramref name="q"/>.</summary>
    public static void Diagonal1(Span<Complex> a, int q, Complex d0, Complex d1)
    {
        int stride = 1 << q;
        int n = a.Length;
        bool skip0 = d0 == Complex.One;
        for (int b = 0; b < n; b += stride << 1)
        {
            if (!skip0)
            {
                var lo = a.Slice(b, stride);
                for (int i = 0; i < lo.Length; i++)
                {
                    lo[i] *= d0;
                }
            }

            var hi = a.Slice(b + stride, stride);
            for (int i = 0; i < hi.Length; i++)
            {
                hi[i] *= d1;
            }
        }
    }

    /// <summary>Anti-diagonal one-qubit gate [[0, m01], [m10, 0]] (X, Y) on qubit <paramref name="q"/>.</summary>
    public static void AntiDiagonal1(Span<Complex> a, int q, Complex m01, Complex m10)
    {
        int stride = 1 << q;
        int n = a.Length;
        bool plain = m01 == Complex.One && m10 == Complex.One;
        for (int b = 0; b < n; b += stride << 1)
        {
            var lo = a.Slice(b, stride);
            var hi = a.Slice(b + stride, stride);
            if (plain)
            {
                for (int i = 0; i < stride; i++)
                {
                    (lo[i], hi[i]) = (hi[i], lo[i]);
                }

                continue;
            }

            for (int i = 0; i < stride; i++)
            {
                Complex a0 = lo[i];
                lo[i] = m01 * hi[i];
                hi[i] = m10 * a0;
            }
        }
    }

    /// <summary>
    /// Controlled one-qubit gate on target <paramref name="q"/>, active where the control bits equal <paramref name="cval"/>.
    /// <paramref name="sortedFixed"/> holds the control positions and q, ascending.
    /// </summary>
    public static void Controlled1(Span<Complex> a, int q, int cval, ReadOnlySpan<int> sortedFixed, Complex m00, Complex m01, Complex m10, Complex m11)
    {
        int count = a.Length >> sortedFixed.Length;
        int stride = 1 << q;
        bool anti = m00 == Complex.Zero && m11 == Complex.Zero;
        bool diag = m01 == Complex.Zero && m10 == Complex.Zero;
        for (int k = 0; k < count; k++)
        {
            int i0 = BitIndex.InsertZeros(k, sortedFixed) | cval;
            int i1 = i0 | stride;
            Complex a0 = a[i0], a1 = a[i1];
            if (anti)
            {
                a[i0] = m01 * a1;
                a[i1] = m10 * a0;
            }
            else if (diag)
            {
                a[i0] = m00 * a0;
                a[i1] = m11 * a1;
            }
            else
            {
                a[i0] = (m00 * a0) + (m01 * a1);
                a[i1] = (m10 * a0) + (m11 * a1);
            }
        }
    }

    /// <summary>
    /// Dense k-qubit gate (row-major matrix over the local index; <paramref name="offsets"/> maps it to global offsets), active where
    /// the control bits equal <paramref name="cval"/>. <paramref name="sortedFixed"/> = sorted(controls and targets).
    /// </summary>
    public static void DenseK(Span<Complex> a, ReadOnlySpan<Complex> matrix, ReadOnlySpan<int> offsets, int cval, ReadOnlySpan<int> sortedFixed)
    {
        int d = offsets.Length;
        int count = a.Length >> sortedFixed.Length;
        Span<Complex> tmp = d <= 64 ? stackalloc Complex[d] : new Complex[d];
        for (int k = 0; k < count; k++)
        {
            int b = BitIndex.InsertZeros(k, sortedFixed) | cval;
            for (int j = 0; j < d; j++)
            {
                tmp[j] = a[b + offsets[j]];
            }

            for (int r = 0; r < d; r++)
            {
                var row = matrix.Slice(r * d, d);
                Complex s = Complex.Zero;
                for (int j = 0; j < d; j++)
                {
                    s += row[j] * tmp[j];
                }

                a[b + offsets[r]] = s;
            }
        }
    }

    /// <summary>
    /// Dense two-qubit matrix (row-major 4 x 4, local index b0 + 2 b1 with b0 the bit of <paramref name="q0"/>)
    /// on qubits <paramref name="q0"/> and <paramref name="q1"/>, uncontrolled. Three nested loops keep the
    /// innermost run contiguous (length 2^min(q0, q1)).
    /// </summary>
    public static void Dense2(Span<Complex> a, int q0, int q1, ReadOnlySpan<Complex> m)
    {
        int lo = Math.Min(q0, q1), hi = Math.Max(q0, q1);
        int bl = 1 << lo, bh = 1 << hi;
        int b0 = 1 << q0, b1 = 1 << q1;
        Complex m00 = m[0], m01 = m[1], m02 = m[2], m03 = m[3];
        Complex m10 = m[4], m11 = m[5], m12 = m[6], m13 = m[7];
        Complex m20 = m[8], m21 = m[9], m22 = m[10], m23 = m[11];
        Complex m30 = m[12], m31 = m[13], m32 = m[14], m33 = m[15];
        int n = a.Length;
        for (int h = 0; h < n; h += bh << 1)
        {
            for (int l = h; l < h + bh; l += bl << 1)
            {
                for (int i = l; i < l + bl; i++)
                {
                    Complex x0 = a[i], x1 = a[i | b0], x2 = a[i | b1], x3 = a[i | b0 | b1];
                    a[i] = (m00 * x0) + (m01 * x1) + (m02 * x2) + (m03 * x3);
                    a[i | b0] = (m10 * x0) + (m11 * x1) + (m12 * x2) + (m13 * x3);
                    a[i | b1] = (m20 * x0) + (m21 * x1) + (m22 * x2) + (m23 * x3);
                    a[i | b0 | b1] = (m30 * x0) + (m31 * x1) + (m32 * x2) + (m33 * x3);
                }
            }
        }
    }

    /// <summary>
    /// Diagonal gate on <paramref name="qubits"/> (entry diag[local index]), active where
    /// (i &amp; cmask) == cval.
    /// </summary>
    public static void DiagonalK(Span<Complex> a, ReadOnlySpan<Complex> diag, ReadOnlySpan<int> qubits, int cmask, int cval)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if ((i & cmask) != cval)
            {
                continue;
            }

            int local = BitIndex.Gather(i, qubits);
            Complex d = diag[local];
            if (d != Complex.One)
            {
                a[i] *= d;
            }
        }
    }

    /// <summary>Swaps qubits <paramref name="p"/> and <paramref name="q"/> where the controls hold.</summary>
    public static void Swap(Span<Complex> a, int p, int q, int cval, ReadOnlySpan<int> sortedFixed)
    {
        int count = a.Length >> sortedFixed.Length;
        int bp = 1 << p, bq = 1 << q;
        for (int k = 0; k < count; k++)
        {
            int b = BitIndex.InsertZeros(k, sortedFixed) | cval;
            (a[b | bp], a[b | bq]) = (a[b | bq], a[b | bp]);
        }
    }

    /// <summary>Sum of |a_i|^2 over indices with bit <paramref name="q"/> set.</summary>
    public static double ProbabilityOfOne(ReadOnlySpan<Complex> a, int q)
    {
        int stride = 1 << q;
        double p = 0;
        for (int b = stride; b < a.Length; b += stride << 1)
        {
            foreach (var v in a.Slice(b, stride))
            {
                p += (v.Real * v.Real) + (v.Imaginary * v.Imaginary);
            }
        }

        return p;
    }

    /// <summary>Projects qubit <paramref name="q"/> onto <paramref name="outcome"/> and scales by <paramref name="scale"/>.</summary>
    public static void Collapse(Span<Complex> a, int q, int outcome, double scale)
    {
        int stride = 1 << q;
        for (int b = 0; b < a.Length; b += stride << 1)
        {
            var keep = a.Slice(outcome == 0 ? b : b + stride, stride);
            var drop = a.Slice(outcome == 0 ? b + stride : b, stride);
            drop.Clear();
            for (int i = 0; i < keep.Length; i++)
            {
                keep[i] *= scale;
            }
        }
    }

    /// <summary>Squared norm.</summary>
    public static double NormSquared(ReadOnlySpan<Complex> a)
    {
        double s = 0;
        foreach (var v in a)
        {
            s += (v.Real * v.Real) + (v.Imaginary * v.Imaginary);
        }

        return s;
    }
}
