using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dqml.Learning.Engine;

/// <summary>
/// Re Tr(O_k D R) for several Hermitian operators O_k at once, where D is a 2x2 matrix on one ket qubit
/// (zero outside the block where the control qubits hold their values) and R is Hermitian: the derivative
/// traces of a differentiated gate against several Heisenberg-picture observables.
/// </summary>
/// <remarks>
/// <para>Operators are n-qubit matrices in vec layout (element [r, c] at r + c 2^n). With R and O_k
/// Hermitian, Tr(O D R) = sum over column pairs (c0, c1) differing in the target bit, with the controls
/// satisfied, of sum_ab D[a, b] sum_x O[x, c_a] conj(R[x, c_b]): every inner sum runs down whole
/// contiguous columns (2^n entries) whatever the target qubit, and entries of D that are zero (half of
/// them for RX, RY, RZ) are skipped.</para>
/// <para>Each column pair of R is read once for all operators.</para>
/// </remarks>
public static class DerivativeTraces
{
    /// <summary>
    /// results[k] = Re Tr(O_k D R) for D = [[d00, d01], [d10, d11]] on ket bit <paramref name="qubit"/> where the
    /// index matches (<paramref name="controlMask"/>, <paramref name="controlValue"/>), zero elsewhere.
    /// </summary>
    /// <param name="operators">The Hermitian O_k (each 4^n entries).</param>
    /// <param name="r">The Hermitian R (4^n entries).</param>
    /// <param name="qubit">Target qubit of D.</param>
    /// <param name="controlMask">Control bits (not including the target).</param>
    /// <param name="controlValue">Their required values.</param>
    /// <param name="d">D's entries d00, d01, d10, d11.</param>
    /// <param name="results">Output, one per operator.</param>
    public static void RealTraces(ReadOnlySpan<Complex[]> operators, ReadOnlySpan<Complex> r, int qubit, int controlMask, int controlValue, ReadOnlySpan<Complex> d, Span<double> results)
        => Run(operators, r, qubit, controlMask, controlValue, d, results, Vector256.IsHardwareAccelerated);

    /// <summary>Scalar reference of <see cref="RealTraces"/> (same summation order).</summary>
    public static void RealTracesScalar(ReadOnlySpan<Complex[]> operators, ReadOnlySpan<Complex> r, int qubit, int controlMask, int controlValue, ReadOnlySpan<Complex> d, Span<double> results)
        => Run(operators, r, qubit, controlMask, controlValue, d, results, false);

    private static void Run(ReadOnlySpan<Complex[]> operators, ReadOnlySpan<Complex> r, int qubit, int controlMask, int controlValue, ReadOnlySpan<Complex> d, Span<double> results, bool vector)
    {
        int dim = (int)Math.Sqrt(r.Length);
        if (dim * dim != r.Length || !BitOperations.IsPow2(dim))
        {
            throw new ArgumentException($"an operator has 4^n entries, got {r.Length}", nameof(r));
        }

        if (d.Length != 4 || results.Length != operators.Length)
        {
            throw new ArgumentException("D needs 4 entries and one result per operator");
        }

        int bit = 1 << qubit;
        if (bit >= dim || (controlMask & bit) != 0 || (controlValue & ~controlMask) != 0)
        {
            throw new ArgumentException($"qubit {qubit} or the control mask does not fit {dim} x {dim} operators");
        }

        results.Clear();
        var rd = MemoryMarshal.Cast<Complex, double>(r);
        for (int c0 = 0; c0 < dim; c0++)
        {
            if ((c0 & bit) != 0 || (c0 & controlMask) != controlValue)
            {
                continue;
            }

            int c1 = c0 | bit;
            var r0 = rd.Slice(2 * c0 * dim, 2 * dim);
            var r1 = rd.Slice(2 * c1 * dim, 2 * dim);
            for (int k = 0; k < operators.Length; k++)
            {
                var od = MemoryMarshal.Cast<Complex, double>(operators[k].AsSpan());
                var o0 = od.Slice(2 * c0 * dim, 2 * dim);
                var o1 = od.Slice(2 * c1 * dim, 2 * dim);
                double sum = 0;
                sum += Term(d[0], o0, r0, vector);
                sum += Term(d[1], o0, r1, vector);
                sum += Term(d[2], o1, r0, vector);
                sum += Term(d[3], o1, r1, vector);
                results[k] += sum;
            }
        }
    }

    /// <summary>Re(m * S) with S = sum_x o[x] conj(r[x]); nothing read when m is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Term(Complex m, ReadOnlySpan<double> o, ReadOnlySpan<double> r, bool vector)
    {
        if (m == Complex.Zero)
        {
            return 0;
        }

        var (re, im) = vector ? CrossDotVector(o, r) : CrossDotScalar(o, r);
        return (m.Real * re) - (m.Imaginary * im);
    }

    /// <summary>S = sum_x o[x] conj(r[x]) on interleaved doubles: (Re S, Im S).</summary>
    private static (double Re, double Im) CrossDotScalar(ReadOnlySpan<double> o, ReadOnlySpan<double> r)
    {
        double re0 = 0, re1 = 0, im0 = 0, im1 = 0;
        int i = 0;
        for (; i + 3 < o.Length; i += 4)
        {
            re0 += (o[i] * r[i]) + (o[i + 1] * r[i + 1]);
            im0 += (o[i + 1] * r[i]) - (o[i] * r[i + 1]);
            re1 += (o[i + 2] * r[i + 2]) + (o[i + 3] * r[i + 3]);
            im1 += (o[i + 3] * r[i + 2]) - (o[i + 2] * r[i + 3]);
        }

        for (; i < o.Length; i += 2)
        {
            re0 += (o[i] * r[i]) + (o[i + 1] * r[i + 1]);
            im0 += (o[i + 1] * r[i]) - (o[i] * r[i + 1]);
        }

        return (re0 + re1, im0 + im1);
    }

    private static (double Re, double Im) CrossDotVector(ReadOnlySpan<double> o, ReadOnlySpan<double> r)
    {
        ref double op = ref MemoryMarshal.GetReference(o);
        ref double rp = ref MemoryMarshal.GetReference(r);
        var accRe0 = Vector256<double>.Zero;
        var accRe1 = Vector256<double>.Zero;
        var accX0 = Vector256<double>.Zero;
        var accX1 = Vector256<double>.Zero;
        int i = 0;
        for (; i + 7 < o.Length; i += 8)
        {
            var a0 = Vector256.LoadUnsafe(ref op, (nuint)i);
            var b0 = Vector256.LoadUnsafe(ref rp, (nuint)i);
            var a1 = Vector256.LoadUnsafe(ref op, (nuint)(i + 4));
            var b1 = Vector256.LoadUnsafe(ref rp, (nuint)(i + 4));
            accRe0 = Vector256.FusedMultiplyAdd(a0, b0, accRe0);
            accRe1 = Vector256.FusedMultiplyAdd(a1, b1, accRe1);

            // (o_re r_im, o_im r_re) per complex: Im S = sum (o_im r_re - o_re r_im).
            accX0 = Vector256.FusedMultiplyAdd(a0, Vector256.Shuffle(b0, Vector256.Create(1L, 0, 3, 2)), accX0);
            accX1 = Vector256.FusedMultiplyAdd(a1, Vector256.Shuffle(b1, Vector256.Create(1L, 0, 3, 2)), accX1);
        }

        var accRe = accRe0 + accRe1;
        var accX = accX0 + accX1;
        double re = Vector256.Sum(accRe);
        double im = accX.GetElement(1) + accX.GetElement(3) - accX.GetElement(0) - accX.GetElement(2);
        for (; i < o.Length; i += 2)
        {
            re += (o[i] * r[i]) + (o[i + 1] * r[i + 1]);
            im += (o[i + 1] * r[i]) - (o[i] * r[i + 1]);
        }

        return (re, im);
    }
}
