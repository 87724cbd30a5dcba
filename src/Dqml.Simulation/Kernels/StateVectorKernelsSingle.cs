using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// The single-precision (complex64) state-vector kernels: a dense k-qubit kernel (k &lt;= 4 vectorised; it also
/// serves one-qubit, controlled and permutation gates, whose zero entries it skips) and a diagonal kernel, each
/// streaming the amplitude array once without allocating. Matrices are given in complex128 and rounded to
/// complex64. A control condition is a (mask, value) pair: the kernel acts only on indices i with
/// (i &amp; mask) == value.
/// </summary>
/// <remarks>
/// Each kernel dispatches to the widest hardware-accelerated path (Vector512: 8 complexes per register,
/// Vector256: 4, Vector128: 2; FMA where available, see <see cref="GenericKernels"/>) and falls back to
/// <see cref="ScalarKernelsSingle"/>, the reference the vectorised paths agree with up to float rounding.
/// </remarks>
public static class StateVectorKernelsSingle
{
    /// <summary>Below this many amplitudes the kernels take the scalar path.</summary>
    private const int SmallState = 32;

    /// <summary>Complexes per register of the path taken on a state of <paramref name="length"/> amplitudes; 0 = scalar.</summary>
    internal static int WidthFor(int length)
    {
        if (length < SmallState)
        {
            return 0;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            return 8;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return 4;
        }

        return Vector128.IsHardwareAccelerated ? 2 : 0;
    }

    private static void CheckShape(int length, ReadOnlySpan<int> targets, int cmask, string paramName)
    {
        if (!BitOperations.IsPow2(length))
        {
            throw new ArgumentException($"the amplitude count must be a power of two, got {length}", paramName);
        }

        int n = BitOperations.Log2((uint)length);
        int m = 0;
        foreach (int t in targets)
        {
            if ((uint)t >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(paramName, t, $"qubit position outside a state of {length} amplitudes");
            }

            if ((m & (1 << t)) != 0)
            {
                throw new ArgumentException($"qubit {t} appears twice", paramName);
            }

            m |= 1 << t;
        }

        if ((uint)cmask >= (uint)length)
        {
            throw new ArgumentOutOfRangeException(nameof(cmask), cmask, $"control mask outside a state of {length} amplitudes");
        }
    }

    private static int MaskOf(ReadOnlySpan<int> targets)
    {
        int m = 0;
        foreach (int t in targets)
        {
            m |= 1 << t;
        }

        return m;
    }

    /// <summary>
    /// Dense gate on <paramref name="targets"/> (row-major 2^k x 2^k <paramref name="matrix"/>, local bit j = qubit
    /// targets[j]), active where (i &amp; <paramref name="cmask"/>) == <paramref name="cval"/>; the controls must be
    /// disjoint from the targets.
    /// </summary>
    public static void Dense(Span<Complex32> a, ReadOnlySpan<Complex> matrix, ReadOnlySpan<int> targets, int cmask = 0, int cval = 0)
    {
        CheckShape(a.Length, targets, cmask, nameof(targets));
        int k = targets.Length;
        if (k == 0 || matrix.Length != 1 << (2 * k))
        {
            throw new ArgumentException($"a matrix on {k} qubit(s) needs {1 << (2 * k)} entries, got {matrix.Length}", nameof(matrix));
        }

        if ((MaskOf(targets) & cmask) != 0)
        {
            throw new ArgumentException("the controls must be disjoint from the targets", nameof(cmask));
        }

        cval &= cmask;
        if (k > GenericKernels.MaxDenseTargets)
        {
            ScalarKernelsSingle.Dense(a, matrix, targets, cmask, cval);
            return;
        }

        switch (WidthFor(a.Length))
        {
            case 8:
                GenericKernels.Dense<F512, Complex32, Vector512<float>>(a, matrix, targets, cmask, cval);
                break;
            case 4:
                GenericKernels.Dense<F256, Complex32, Vector256<float>>(a, matrix, targets, cmask, cval);
                break;
            case 2:
                GenericKernels.Dense<F128, Complex32, Vector128<float>>(a, matrix, targets, cmask, cval);
                break;
            default:
                ScalarKernelsSingle.Dense(a, matrix, targets, cmask, cval);
                break;
        }
    }

    /// <summary>
    /// Diagonal gate on <paramref name="targets"/> (entry diag[local index]), active where
    /// (i &amp; <paramref name="cmask"/>) == <paramref name="cval"/>. A target that is also a control is allowed
    /// (index-by-index semantics, scalar path).
    /// </summary>
    public static void Diagonal(Span<Complex32> a, ReadOnlySpan<Complex> diag, ReadOnlySpan<int> targets, int cmask = 0, int cval = 0)
    {
        if (!BitOperations.IsPow2(a.Length))
        {
            throw new ArgumentException($"the amplitude count must be a power of two, got {a.Length}", nameof(a));
        }

        int n = BitOperations.Log2((uint)a.Length);
        int m = 0;
        bool distinct = true;
        foreach (int t in targets)
        {
            if ((uint)t >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"qubit position outside a state of {a.Length} amplitudes");
            }

            distinct &= (m & (1 << t)) == 0;
            m |= 1 << t;
        }

        if ((uint)cmask >= (uint)a.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(cmask), cmask, $"control mask outside a state of {a.Length} amplitudes");
        }

        if (diag.Length < 1 << targets.Length)
        {
            throw new ArgumentException($"a diagonal on {targets.Length} qubit(s) needs {1 << targets.Length} entries", nameof(diag));
        }

        if (!distinct || (m & cmask) != 0 || targets.Length > GenericKernels.MaxDiagonalTargets)
        {
            ScalarKernelsSingle.Diagonal(a, diag, targets, cmask, cval);
            return;
        }

        cval &= cmask;
        switch (WidthFor(a.Length))
        {
            case 8:
                GenericKernels.Diagonal<F512, Complex32, Vector512<float>>(a, diag, targets, cmask, cval);
                break;
            case 4:
                GenericKernels.Diagonal<F256, Complex32, Vector256<float>>(a, diag, targets, cmask, cval);
                break;
            case 2:
                GenericKernels.Diagonal<F128, Complex32, Vector128<float>>(a, diag, targets, cmask, cval);
                break;
            default:
                ScalarKernelsSingle.Diagonal(a, diag, targets, cmask, cval);
                break;
        }
    }

    /// <summary>Squared norm, accumulated in double.</summary>
    public static double NormSquared(ReadOnlySpan<Complex32> a)
    {
        if (!Vector256.IsHardwareAccelerated || a.Length < 4)
        {
            return ScalarKernelsSingle.NormSquared(a);
        }

        // Widen each 4-complex block to double and accumulate there: a float accumulator would lose digits at n = 26.
        ref float p = ref Unsafe.As<Complex32, float>(ref MemoryMarshal.GetReference(a));
        int floats = 2 * a.Length;
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        int i = 0;
        for (; i <= floats - 8; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref p, (nuint)i);
            var (lo, hi) = Vector256.Widen(v);
            acc0 = Vector256.MultiplyAddEstimate(lo, lo, acc0);
            acc1 = Vector256.MultiplyAddEstimate(hi, hi, acc1);
        }

        double s = Vector256.Sum(acc0 + acc1);
        for (; i < floats; i++)
        {
            double x = Unsafe.Add(ref p, i);
            s += x * x;
        }

        return s;
    }
}
