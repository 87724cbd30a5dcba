using System.Numerics;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// The state-vector kernels: each streams the amplitude array once, allocates nothing and makes no
/// virtual calls. A control condition is a (mask, value) pair: the kernel acts only on indices i with
/// (i &amp; mask) == value, touching just that part of the state.
/// </summary>
/// <remarks>
/// These are scalar reference kernels written so the inner loops are contiguous runs of length
/// 2^target where possible; the vectorised paths (Vector256/512, FMA) of the performance work must agree
/// with them.
/// </remarks>
public static class StateVectorKernels
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
