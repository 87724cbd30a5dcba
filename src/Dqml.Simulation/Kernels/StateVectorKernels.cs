using System.Numerics;
using System.Runtime.Intrinsics;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// The state-vector kernels: each streams the amplitude array once, allocates nothing and makes no
/// virtual calls. A control condition is a (mask, value) pair: the kernel acts only on indices i with
/// (i &amp; mask) == value, touching just that part of the state.
/// </summary>
/// <remarks>
/// Each kernel dispatches to the widest hardware-accelerated SIMD path (Vector512, Vector256, Vector128,
/// interleaved complex128 with FMA; see <see cref="VectorKernels"/>) and falls back to
/// <see cref="ScalarKernels"/>, the reference the vectorised paths agree with up to rounding.
/// </remarks>
public static class StateVectorKernels
{
    /// <summary>Below this many amplitudes the kernels take the scalar path.</summary>
    private const int SmallState = 32;

    /// <summary>Complexes per register of the path the kernels take on a state of <paramref name="length"/> amplitudes; 0 = scalar.</summary>
    internal static int WidthFor(int length)
    {
        // Tiny states (the density matrix of one or two qubits): the vector setup costs more than it saves.
        if (length < SmallState)
        {
            return 0;
        }

        if (Vector512.IsHardwareAccelerated && length >= 4)
        {
            return 4;
        }

        if (Vector256.IsHardwareAccelerated && length >= 2)
        {
            return 2;
        }

        return Vector128.IsHardwareAccelerated && length >= 1 ? 1 : 0;
    }

    /// <summary>
    /// The vectorised paths index without bounds checks, so the shape is checked up front: a power-of-two
    /// length and every qubit position inside it.
    /// </summary>
    private static void Check(int length, int position, string paramName)
    {
        if (!BitOperations.IsPow2(length))
        {
            throw new ArgumentException($"the amplitude count must be a power of two, got {length}", paramName);
        }

        if ((uint)position >= (uint)BitOperations.Log2((uint)length))
        {
            throw new ArgumentOutOfRangeException(paramName, position, $"qubit position outside a state of {length} amplitudes");
        }
    }

    private static void Check(int length, ReadOnlySpan<int> positions, string paramName)
    {
        foreach (int p in positions)
        {
            Check(length, p, paramName);
        }
    }

    /// <summary>Whether <paramref name="positions"/> are distinct and disjoint from <paramref name="mask"/>.</summary>
    private static bool Distinct(ReadOnlySpan<int> positions, int mask)
    {
        int m = 0;
        foreach (int p in positions)
        {
            m |= 1 << p;
        }

        return BitOperations.PopCount((uint)m) == positions.Length && (m & mask) == 0;
    }

    private static void CheckMask(int length, int mask, string paramName)
    {
        if ((uint)mask >= (uint)length)
        {
            throw new ArgumentOutOfRangeException(paramName, mask, $"control mask outside a state of {length} amplitudes");
        }
    }

    /// <summary>Dense one-qubit gate [[m00, m01], [m10, m11]] on qubit <paramref name="q"/>.</summary>
    public static void Apply1(Span<Complex> a, int q, Complex m00, Complex m01, Complex m10, Complex m11)
        => Controlled1(a, q, 0, [q], m00, m01, m10, m11);

    /// <summary>Diagonal one-qubit gate diag(d0, d1) on qubit <paramref name="q"/>.</summary>
    public static void Diagonal1(Span<Complex> a, int q, Complex d0, Complex d1)
    {
        Check(a.Length, q, nameof(q));
        Diagonal1Core(a, WidthFor(a.Length), q, d0, d1);
    }

    /// <summary>
    /// <see cref="Diagonal1"/> without the shape checks, on the path of <paramref name="width"/> complexes per register; also
    /// runs on a window of a larger state (see <see cref="ParallelApply"/>).
    /// </summary>
    internal static void Diagonal1Core(Span<Complex> a, int width, int q, Complex d0, Complex d1)
    {
        switch (width)
        {
            case 4:
                VectorKernels.Diagonal1<Simd512, Vector512<double>>(a, q, d0, d1);
                break;
            case 2:
                VectorKernels.Diagonal1<Simd256, Vector256<double>>(a, q, d0, d1);
                break;
            case 1:
                VectorKernels.Diagonal1<Simd128, Vector128<double>>(a, q, d0, d1);
                break;
            default:
                ScalarKernels.Diagonal1(a, q, d0, d1);
                break;
        }
    }

    /// <summary>Anti-diagonal one-qubit gate [[0, m01], [m10, 0]] (X, Y) on qubit <paramref name="q"/>.</summary>
    public static void AntiDiagonal1(Span<Complex> a, int q, Complex m01, Complex m10)
        => Controlled1(a, q, 0, [q], Complex.Zero, m01, m10, Complex.Zero);

    /// <summary>
    /// Controlled one-qubit gate on target <paramref name="q"/>, active where the control bits equal <paramref name="cval"/>.
    /// <paramref name="sortedFixed"/> holds the control positions and q, ascending.
    /// </summary>
    public static void Controlled1(Span<Complex> a, int q, int cval, ReadOnlySpan<int> sortedFixed, Complex m00, Complex m01, Complex m10, Complex m11)
    {
        Check(a.Length, q, nameof(q));
        Check(a.Length, sortedFixed, nameof(sortedFixed));
        if (!sortedFixed.Contains(q))
        {
            throw new ArgumentException("the fixed positions must include the target", nameof(sortedFixed));
        }

        if (!Distinct(sortedFixed, 0))
        {
            ScalarKernels.Controlled1(a, q, cval, sortedFixed, m00, m01, m10, m11);
            return;
        }

        Controlled1Core(a, WidthFor(a.Length), q, cval, sortedFixed, m00, m01, m10, m11);
    }

    /// <summary>
    /// <see cref="Controlled1"/> without the shape checks (distinct fixed positions containing the target), on the path of
    /// <paramref name="width"/> complexes per register; also runs on a window of a larger state (see <see cref="ParallelApply"/>).
    /// </summary>
    internal static void Controlled1Core(Span<Complex> a, int width, int q, int cval, ReadOnlySpan<int> sortedFixed, Complex m00, Complex m01, Complex m10, Complex m11)
    {
        switch (width)
        {
            case 4:
                VectorKernels.Controlled1<Simd512, Vector512<double>>(a, q, cval, sortedFixed, m00, m01, m10, m11);
                break;
            case 2:
                VectorKernels.Controlled1<Simd256, Vector256<double>>(a, q, cval, sortedFixed, m00, m01, m10, m11);
                break;
            case 1:
                VectorKernels.Controlled1<Simd128, Vector128<double>>(a, q, cval, sortedFixed, m00, m01, m10, m11);
                break;
            default:
                ScalarKernels.Controlled1(a, q, cval, sortedFixed, m00, m01, m10, m11);
                break;
        }
    }

    /// <summary>
    /// Dense k-qubit gate (row-major matrix over the local index; <paramref name="offsets"/> maps it to global offsets), active where
    /// the control bits equal <paramref name="cval"/>. <paramref name="sortedFixed"/> = sorted(controls and targets).
    /// </summary>
    /// <remarks>
    /// Up to <see cref="GenericKernels.MaxDenseTargets"/> targets (dense 3- and 4-qubit blocks of gate fusion,
    /// controlled two-qubit gates) take the vectorised <see cref="GenericKernels.Dense{TOps, TC, TVec}"/>; larger
    /// matrices, and controls that coincide with targets, the scalar reference.
    /// </remarks>
    public static void DenseK(Span<Complex> a, ReadOnlySpan<Complex> matrix, ReadOnlySpan<int> offsets, int cval, ReadOnlySpan<int> sortedFixed)
    {
        int d = offsets.Length;
        int w = WidthFor(a.Length);
        if (w == 0 || !BitOperations.IsPow2(a.Length) || !BitOperations.IsPow2(d) || d > 1 << GenericKernels.MaxDenseTargets
            || matrix.Length < d * d || !Distinct(sortedFixed, 0))
        {
            ScalarKernels.DenseK(a, matrix, offsets, cval, sortedFixed);
            return;
        }

        // The targets from the offsets (bit j of the local index is offsets[2^j]); the controls are the other fixed positions.
        int k = BitOperations.Log2((uint)d);
        Span<int> targets = stackalloc int[GenericKernels.MaxDenseTargets];
        targets = targets[..k];
        int tmask = 0;
        for (int j = 0; j < k; j++)
        {
            int o = offsets[1 << j];
            if (!BitOperations.IsPow2(o))
            {
                ScalarKernels.DenseK(a, matrix, offsets, cval, sortedFixed);
                return;
            }

            targets[j] = BitOperations.Log2((uint)o);
            tmask |= o;
        }

        int fixedMask = 0;
        foreach (int p in sortedFixed)
        {
            fixedMask |= 1 << p;
        }

        Check(a.Length, sortedFixed, nameof(sortedFixed));
        if ((fixedMask & tmask) != tmask)
        {
            throw new ArgumentException("the fixed positions must include the targets", nameof(sortedFixed));
        }

        int cmask = fixedMask & ~tmask;
        cval &= cmask;
        switch (w)
        {
            case 4:
                GenericKernels.Dense<D512, Complex, Vector512<double>>(a, matrix[..(d * d)], targets, cmask, cval);
                break;
            case 2:
                GenericKernels.Dense<D256, Complex, Vector256<double>>(a, matrix[..(d * d)], targets, cmask, cval);
                break;
            default:
                GenericKernels.Dense<D128, Complex, Vector128<double>>(a, matrix[..(d * d)], targets, cmask, cval);
                break;
        }
    }

    /// <summary>
    /// Dense two-qubit matrix (row-major 4 x 4, local index b0 + 2 b1 with b0 the bit of <paramref name="q0"/>)
    /// on qubits <paramref name="q0"/> and <paramref name="q1"/>, uncontrolled.
    /// </summary>
    public static void Dense2(Span<Complex> a, int q0, int q1, ReadOnlySpan<Complex> m)
    {
        Check(a.Length, q0, nameof(q0));
        Check(a.Length, q1, nameof(q1));
        if (q0 == q1 || m.Length < 16)
        {
            throw new ArgumentException("Dense2 needs two distinct qubits and a 4 x 4 matrix");
        }

        Dense2Core(a, WidthFor(a.Length), q0, q1, m);
    }

    /// <summary>
    /// <see cref="Dense2"/> without the shape checks, on the path of <paramref name="width"/> complexes per register; also runs
    /// on a window of a larger state (see <see cref="ParallelApply"/>).
    /// </summary>
    internal static void Dense2Core(Span<Complex> a, int width, int q0, int q1, ReadOnlySpan<Complex> m)
    {
        switch (width)
        {
            case 4:
                VectorKernels.Dense2<Simd512, Vector512<double>>(a, q0, q1, m);
                break;
            case 2:
                VectorKernels.Dense2<Simd256, Vector256<double>>(a, q0, q1, m);
                break;
            case 1:
                VectorKernels.Dense2<Simd128, Vector128<double>>(a, q0, q1, m);
                break;
            default:
                ScalarKernels.Dense2(a, q0, q1, m);
                break;
        }
    }

    /// <summary>
    /// Diagonal gate on <paramref name="qubits"/> (entry diag[local index]), active where
    /// (i &amp; cmask) == cval.
    /// </summary>
    public static void DiagonalK(Span<Complex> a, ReadOnlySpan<Complex> diag, ReadOnlySpan<int> qubits, int cmask, int cval)
    {
        Check(a.Length, qubits, nameof(qubits));
        CheckMask(a.Length, cmask, nameof(cmask));
        if (!Distinct(qubits, cmask))
        {
            // A qubit that is also a control (a deferred measurement conditioning a phase on the measured qubit)
            // or listed twice: the scalar kernel's index-by-index semantics.
            ScalarKernels.DiagonalK(a, diag, qubits, cmask, cval);
            return;
        }

        if (diag.Length < 1 << qubits.Length)
        {
            throw new ArgumentException($"a diagonal on {qubits.Length} qubit(s) needs {1 << qubits.Length} entries", nameof(diag));
        }

        DiagonalKCore(a, WidthFor(a.Length), diag, qubits, cmask, cval);
    }

    /// <summary>
    /// <see cref="DiagonalK"/> without the shape checks (distinct qubits, none a control), on the path of
    /// <paramref name="width"/> complexes per register; also runs on a window of a larger state (see <see cref="ParallelApply"/>).
    /// </summary>
    internal static void DiagonalKCore(Span<Complex> a, int width, ReadOnlySpan<Complex> diag, ReadOnlySpan<int> qubits, int cmask, int cval)
    {
        switch (width)
        {
            case 4:
                VectorKernels.DiagonalK<Simd512, Vector512<double>>(a, diag, qubits, cmask, cval);
                break;
            case 2:
                VectorKernels.DiagonalK<Simd256, Vector256<double>>(a, diag, qubits, cmask, cval);
                break;
            case 1:
                VectorKernels.DiagonalK<Simd128, Vector128<double>>(a, diag, qubits, cmask, cval);
                break;
            default:
                ScalarKernels.DiagonalK(a, diag, qubits, cmask, cval);
                break;
        }
    }

    /// <summary>Swaps qubits <paramref name="p"/> and <paramref name="q"/> where the controls hold.</summary>
    public static void Swap(Span<Complex> a, int p, int q, int cval, ReadOnlySpan<int> sortedFixed)
    {
        Check(a.Length, p, nameof(p));
        Check(a.Length, q, nameof(q));
        Check(a.Length, sortedFixed, nameof(sortedFixed));
        if (p == q)
        {
            throw new ArgumentException("Swap needs two distinct qubits", nameof(q));
        }

        if (!Distinct(sortedFixed, 0))
        {
            ScalarKernels.Swap(a, p, q, cval, sortedFixed);
            return;
        }

        SwapCore(a, WidthFor(a.Length), p, q, cval, sortedFixed);
    }

    /// <summary>
    /// <see cref="Swap"/> without the shape checks (distinct fixed positions), widest path at most <paramref name="w"/>
    /// complexes per register; also runs on a window of a larger state (see <see cref="ParallelApply"/>).
    /// </summary>
    internal static void SwapCore(Span<Complex> a, int w, int p, int q, int cval, ReadOnlySpan<int> sortedFixed)
    {
        int low = Math.Min(p, q);
        foreach (int f in sortedFixed)
        {
            low = Math.Min(low, f);
        }

        if (w == 4 && low >= 2)
        {
            VectorKernels.Swap<Simd512, Vector512<double>>(a, p, q, cval, sortedFixed);
        }
        else if (w >= 2 && low >= 1)
        {
            VectorKernels.Swap<Simd256, Vector256<double>>(a, p, q, cval, sortedFixed);
        }
        else if (w >= 1)
        {
            VectorKernels.Swap<Simd128, Vector128<double>>(a, p, q, cval, sortedFixed);
        }
        else
        {
            ScalarKernels.Swap(a, p, q, cval, sortedFixed);
        }
    }

    /// <summary>Sum of |a_i|^2 over indices with bit <paramref name="q"/> set.</summary>
    public static double ProbabilityOfOne(ReadOnlySpan<Complex> a, int q)
        => !BitOperations.IsPow2(a.Length) || (uint)q > 30 ? ScalarKernels.ProbabilityOfOne(a, q) : WidthFor(a.Length) switch
        {
            4 => VectorKernels.ProbabilityOfOne<Simd512, Vector512<double>>(a, q),
            2 => VectorKernels.ProbabilityOfOne<Simd256, Vector256<double>>(a, q),
            1 => VectorKernels.ProbabilityOfOne<Simd128, Vector128<double>>(a, q),
            _ => ScalarKernels.ProbabilityOfOne(a, q),
        };

    /// <summary>Projects qubit <paramref name="q"/> onto <paramref name="outcome"/> and scales by <paramref name="scale"/>.</summary>
    public static void Collapse(Span<Complex> a, int q, int outcome, double scale)
    {
        Check(a.Length, q, nameof(q));
        switch (WidthFor(a.Length))
        {
            case 4:
                VectorKernels.Collapse<Simd512, Vector512<double>>(a, q, outcome, scale);
                break;
            case 2:
                VectorKernels.Collapse<Simd256, Vector256<double>>(a, q, outcome, scale);
                break;
            case 1:
                VectorKernels.Collapse<Simd128, Vector128<double>>(a, q, outcome, scale);
                break;
            default:
                ScalarKernels.Collapse(a, q, outcome, scale);
                break;
        }
    }

    /// <summary>Squared norm.</summary>
    public static double NormSquared(ReadOnlySpan<Complex> a)
        => !BitOperations.IsPow2(a.Length) ? ScalarKernels.NormSquared(a) : WidthFor(a.Length) switch
        {
            4 => VectorKernels.NormSquared<Simd512, Vector512<double>>(a),
            2 => VectorKernels.NormSquared<Simd256, Vector256<double>>(a),
            1 => VectorKernels.NormSquared<Simd128, Vector128<double>>(a),
            _ => ScalarKernels.NormSquared(a),
        };
}
