using System.Numerics;
using System.Runtime.Intrinsics;
using Dqml.Circuits.Gates;

namespace Dqml.Simulation.Kernels;

/// <summary>How a compiled gate is applied: which kernel, chosen once per gate from its structure.</summary>
public enum KernelKind
{
    /// <summary>Dense 1-qubit, uncontrolled.</summary>
    Dense1,

    /// <summary>Diagonal 1-qubit, uncontrolled.</summary>
    Diagonal1,

    /// <summary>Anti-diagonal 1-qubit (X, Y), uncontrolled.</summary>
    AntiDiagonal1,

    /// <summary>1-qubit target with controls.</summary>
    Controlled1,

    /// <summary>Diagonal on k qubits, possibly controlled.</summary>
    DiagonalK,

    /// <summary>SWAP of two qubits, possibly controlled.</summary>
    Swap,

    /// <summary>Dense on k qubits, possibly controlled.</summary>
    DenseK,

    /// <summary>Dense on 2 qubits, uncontrolled.</summary>
    Dense2,
}

/// <summary>
/// A gate with bound parameters, lowered to one kernel call: matrix precomputed, index tables built, so
/// applying it allocates nothing. Controls (the gate's own and extra classical-to-quantum ones) become a
/// (mask, value) condition on the index.
/// </summary>
public sealed class CompiledGate
{
    private readonly Complex[] _m;
    private readonly int[] _qubits;
    private readonly int[] _sortedFixed;
    private readonly int[] _offsets;
    private readonly int _cmask;
    private readonly int _cval;

    // Tables of the generic kernels, built on the second application (one register type per precision; see
    // PreparedKernel); the first one builds them on the stack, so a gate compiled for one use allocates nothing more.
    private object? _preparedDouble;
    private object? _preparedSingle;
    private int _uses;

    private CompiledGate(KernelKind kind, Complex[] m, int[] qubits, int[] sortedFixed, int[] offsets, int cmask, int cval)
    {
        Kind = kind;
        _m = m;
        _qubits = qubits;
        _sortedFixed = sortedFixed;
        _offsets = offsets;
        _cmask = cmask;
        _cval = cval;
        int highest = -1;
        foreach (int q in sortedFixed)
        {
            highest = Math.Max(highest, q);
        }

        HighestQubit = highest;
    }

    /// <summary>The kernel used.</summary>
    public KernelKind Kind { get; }

    /// <summary>The highest qubit the gate touches (targets and controls).</summary>
    internal int HighestQubit { get; }

    /// <summary>
    /// Compiles <paramref name="definition"/> with numeric <paramref name="parameters"/> on <paramref name="qubits"/>,
    /// additionally conditioned on qubits <paramref name="extraControls"/> holding <paramref name="extraValues"/>.
    /// </summary>
    public static CompiledGate Compile(
        GateDefinition definition,
        ReadOnlySpan<double> parameters,
        ReadOnlySpan<int> qubits,
        ReadOnlySpan<int> extraControls = default,
        ReadOnlySpan<bool> extraValues = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        int nc = definition.NumControls;
        var target = definition.Base ?? definition;
        var m = nc > 0 ? target.Matrix(parameters) : definition.Matrix(parameters);
        return Build(m, target.IsDiagonal, qubits, nc, extraControls, extraValues);
    }

    /// <summary>
    /// Compiles an arbitrary (not necessarily unitary) 2^k x 2^k row-major matrix on <paramref name="qubits"/>;
    /// used for the bra half of density matrices (conj U) and for channel superoperators.
    /// </summary>
    public static CompiledGate FromMatrix(Complex[] matrix, ReadOnlySpan<int> qubits)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Length != 1 << (2 * qubits.Length))
        {
            throw new ArgumentException($"a matrix on {qubits.Length} qubit(s) needs {1 << (2 * qubits.Length)} entries, got {matrix.Length}", nameof(matrix));
        }

        return Build((Complex[])matrix.Clone(), false, qubits, 0, default, default);
    }

    private static CompiledGate Build(Complex[] m, bool knownDiagonal, ReadOnlySpan<int> qubits, int nc, ReadOnlySpan<int> extraControls, ReadOnlySpan<bool> extraValues)
    {
        var controls = new List<int>(nc + extraControls.Length);
        int cmask = 0, cval = 0;
        for (int j = 0; j < nc; j++)
        {
            controls.Add(qubits[j]);
            cmask |= 1 << qubits[j];
            cval |= 1 << qubits[j];
        }

        for (int j = 0; j < extraControls.Length; j++)
        {
            controls.Add(extraControls[j]);
            cmask |= 1 << extraControls[j];
            if (extraValues[j])
            {
                cval |= 1 << extraControls[j];
            }
        }

        var targets = qubits[nc..].ToArray();
        int k = targets.Length;
        int d = 1 << k;
        bool diagonal = knownDiagonal || MatrixMath.IsDiagonal(m, d);
        var sortedFixed = BitIndex.SortedUnion([.. controls], targets);
        var offsets = new int[d];
        BitIndex.Offsets(targets, offsets);

        if (diagonal)
        {
            var diag = new Complex[d];
            for (int i = 0; i < d; i++)
            {
                diag[i] = m[(i * d) + i];
            }

            if (k == 1 && controls.Count == 0)
            {
                return new CompiledGate(KernelKind.Diagonal1, diag, targets, sortedFixed, offsets, 0, 0);
            }

            return new CompiledGate(KernelKind.DiagonalK, diag, targets, sortedFixed, offsets, cmask, cval);
        }

        if (k == 1)
        {
            bool anti = m[0] == Complex.Zero && m[3] == Complex.Zero;
            var kind = controls.Count > 0 ? KernelKind.Controlled1 : anti ? KernelKind.AntiDiagonal1 : KernelKind.Dense1;
            return new CompiledGate(kind, m, targets, sortedFixed, offsets, cmask, cval);
        }

        if (k == 2 && IsSwap(m))
        {
            return new CompiledGate(KernelKind.Swap, m, targets, sortedFixed, offsets, cmask, cval);
        }

        if (k == 2 && controls.Count == 0)
        {
            return new CompiledGate(KernelKind.Dense2, m, targets, sortedFixed, offsets, 0, 0);
        }

        return new CompiledGate(KernelKind.DenseK, m, targets, sortedFixed, offsets, cmask, cval);
    }

    /// <summary>Applies the gate to an amplitude array of 2^n entries.</summary>
    public void Apply(Span<Complex> a)
    {
        var m = _m;
        switch (Kind)
        {
            case KernelKind.Dense1:
                StateVectorKernels.Apply1(a, _qubits[0], m[0], m[1], m[2], m[3]);
                break;
            case KernelKind.Diagonal1:
                StateVectorKernels.Diagonal1(a, _qubits[0], m[0], m[1]);
                break;
            case KernelKind.AntiDiagonal1:
                StateVectorKernels.AntiDiagonal1(a, _qubits[0], m[1], m[2]);
                break;
            case KernelKind.Controlled1:
                StateVectorKernels.Controlled1(a, _qubits[0], _cval, _sortedFixed, m[0], m[1], m[2], m[3]);
                break;
            case KernelKind.DiagonalK:
                StateVectorKernels.DiagonalK(a, m, _qubits, _cmask, _cval);
                break;
            case KernelKind.Swap:
                StateVectorKernels.Swap(a, _qubits[0], _qubits[1], _cval, _sortedFixed);
                break;
            case KernelKind.DenseK:
                if (!TryPrepared(a))
                {
                    StateVectorKernels.DenseK(a, m, _offsets, _cval, _sortedFixed);
                }

                break;
            case KernelKind.Dense2:
                StateVectorKernels.Dense2(a, _qubits[0], _qubits[1], m);
                break;
            default:
                throw new InvalidOperationException($"unknown kernel {Kind}");
        }
    }

    /// <summary>
    /// Applies the gate to a single-precision (complex64) amplitude array of 2^n entries on the calling thread: the
    /// matrix is rounded to complex64 and applied by <see cref="StateVectorKernelsSingle"/> (diagonal gates by its
    /// diagonal kernel, every other kind by its dense kernel, which skips zero entries).
    /// </summary>
    /// <exception cref="NotSupportedException">A dense gate whose controls include one of its targets (only
    /// diagonal gates may be conditioned on their own qubits).</exception>
    public void Apply(Span<Complex32> a)
    {
        if (TryPrepared(a))
        {
            return;
        }

        var m = _m;
        switch (Kind)
        {
            case KernelKind.Diagonal1:
                StateVectorKernelsSingle.Diagonal(a, m, _qubits, 0, 0);
                break;
            case KernelKind.DiagonalK:
                StateVectorKernelsSingle.Diagonal(a, m, _qubits, _cmask, _cval);
                break;
            case KernelKind.Dense1:
            case KernelKind.AntiDiagonal1:
            case KernelKind.Controlled1:
            case KernelKind.Swap:
            case KernelKind.DenseK:
            case KernelKind.Dense2:
                int tmask = 0;
                foreach (int q in _qubits)
                {
                    tmask |= 1 << q;
                }

                if ((tmask & _cmask) != 0)
                {
                    throw new NotSupportedException("the single-precision path does not support a dense gate controlled on one of its own targets");
                }

                StateVectorKernelsSingle.Dense(a, m, _qubits, _cmask, _cval);
                break;
            default:
                throw new InvalidOperationException($"unknown kernel {Kind}");
        }
    }

    /// <summary>
    /// Applies the gate to a single-precision state on up to <paramref name="threads"/> threads (chunks of the state
    /// for n &gt;= 16, as for complex128); bit-identical for any thread count.
    /// </summary>
    public void Apply(StateVectorSingle state, int threads)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Apply(this, threads);
    }

    /// <summary>
    /// Applies the gate to an amplitude array of 2^n entries on up to <paramref name="threads"/> threads: for
    /// large states (n &gt;= 16) and gates below the top qubits, contiguous chunks of the state run in parallel.
    /// The result is bit-identical to <see cref="Apply(Span{Complex})"/> for any thread count.
    /// </summary>
    public void Apply(Complex[] a, int threads) => ParallelApply.Apply(this, a, threads);

    /// <summary>Applies the gate to <paramref name="state"/> on up to <paramref name="threads"/> threads (see <see cref="Apply(Complex[], int)"/>).</summary>
    public void Apply(StateVector state, int threads)
    {
        ArgumentNullException.ThrowIfNull(state);
        ParallelApply.Apply(this, state.Memory, threads);
    }

    /// <summary>Bit mask of every qubit the gate touches (targets and controls).</summary>
    internal int TouchedMask => TargetMask | _cmask;

    /// <summary>
    /// Whether <see cref="ApplyWindow(Span{Complex}, int)"/> (or its complex64 twin when <paramref name="single"/>) can run
    /// this gate on windows of a state of <paramref name="length"/> amplitudes: a vectorised path whose kernel enumerates
    /// its registers by count (every one here), distinct targets disjoint from the controls, and for the generic kernels
    /// (dense k &gt;= 3 in complex128, every gate in complex64) a shape they take.
    /// </summary>
    internal bool WindowCapable(int length, bool single)
    {
        if (!BitOperations.IsPow2(length) || (uint)TouchedMask >= (uint)length
            || (TargetMask & _cmask) != 0 || BitOperations.PopCount((uint)TargetMask) != _qubits.Length)
        {
            return false;
        }

        if (single)
        {
            bool diagonal = Kind is KernelKind.Diagonal1 or KernelKind.DiagonalK;
            return GenericApplies(length, StateVectorKernelsSingle.WidthFor(length), diagonal ? GenericKernels.MaxDiagonalTargets : GenericKernels.MaxDenseTargets);
        }

        int w = StateVectorKernels.WidthFor(length);
        return w > 0 && (Kind != KernelKind.DenseK || GenericApplies(length, w, GenericKernels.MaxDenseTargets));
    }

    /// <summary>
    /// Applies the gate to the part of a state of <paramref name="fullLength"/> amplitudes that <paramref name="window"/>
    /// selects (see <see cref="ParallelApply"/>): the window starts where a chunk starts and is as long as the chunk's
    /// amplitudes would be if its top qubits were adjacent; the gate's qubits above the window reach past its end, into
    /// the same array. Runs exactly the kernel and arithmetic <see cref="Apply(Span{Complex})"/> runs on the whole state
    /// (with the generic kernels' cached tables for dense k &gt;= 3, which the tests pin to the first application's).
    /// Needs <see cref="WindowCapable"/>.
    /// </summary>
    internal void ApplyWindow(Span<Complex> window, int fullLength)
    {
        int w = StateVectorKernels.WidthFor(fullLength);
        var m = _m;
        switch (Kind)
        {
            case KernelKind.Dense1:
                StateVectorKernels.Controlled1Core(window, w, _qubits[0], 0, _qubits, m[0], m[1], m[2], m[3]);
                break;
            case KernelKind.Diagonal1:
                StateVectorKernels.Diagonal1Core(window, w, _qubits[0], m[0], m[1]);
                break;
            case KernelKind.AntiDiagonal1:
                StateVectorKernels.Controlled1Core(window, w, _qubits[0], 0, _qubits, Complex.Zero, m[1], m[2], Complex.Zero);
                break;
            case KernelKind.Controlled1:
                StateVectorKernels.Controlled1Core(window, w, _qubits[0], _cval, _sortedFixed, m[0], m[1], m[2], m[3]);
                break;
            case KernelKind.DiagonalK:
                StateVectorKernels.DiagonalKCore(window, w, m, _qubits, _cmask, _cval);
                break;
            case KernelKind.Swap:
                StateVectorKernels.SwapCore(window, w, _qubits[0], _qubits[1], _cval, _sortedFixed);
                break;
            case KernelKind.Dense2:
                StateVectorKernels.Dense2Core(window, w, _qubits[0], _qubits[1], m);
                break;
            default:
                RunPrepared(window, w);
                break;
        }
    }

    /// <summary>The complex64 twin of <see cref="ApplyWindow(Span{Complex}, int)"/>: the generic kernel with cached tables.</summary>
    internal void ApplyWindow(Span<Complex32> window, int fullLength) => RunPrepared(window, StateVectorKernelsSingle.WidthFor(fullLength));

    private int TargetMask
    {
        get
        {
            int t = 0;
            foreach (int q in _qubits)
            {
                t |= 1 << q;
            }

            return t;
        }
    }

    /// <summary>Whether the vectorised generic kernels can run this gate on a state of <paramref name="length"/> amplitudes of width <paramref name="width"/>.</summary>
    private bool GenericApplies(int length, int width, int maxTargets)
        => width > 0 && BitOperations.IsPow2(length) && _qubits.Length <= maxTargets && _qubits.Length >= 1
            && (TargetMask & _cmask) == 0 && BitOperations.PopCount((uint)TargetMask) == _qubits.Length
            && (uint)(TargetMask | _cmask) < (uint)length;

    /// <summary>True from the second application on (benign race: at worst the tables are built a little later).</summary>
    private bool Reused()
    {
        if (_uses > 0)
        {
            return true;
        }

        _uses = 1;
        return false;
    }

    /// <summary>Applies a dense k &lt;= 4 gate with the cached generic-kernel tables; false when that path does not apply.</summary>
    private bool TryPrepared(Span<Complex> a)
    {
        int w = StateVectorKernels.WidthFor(a.Length);
        if (!GenericApplies(a.Length, w, GenericKernels.MaxDenseTargets) || !Reused())
        {
            return false;
        }

        RunPrepared(a, w);
        return true;
    }

    /// <summary>Runs the cached generic-kernel tables of width <paramref name="w"/> on <paramref name="a"/> (a state or a window of one).</summary>
    private void RunPrepared(Span<Complex> a, int w)
    {
        switch (w)
        {
            case 4:
                Prepared<D512, Complex, Vector512<double>>(ref _preparedDouble).Apply<D512, Complex>(a);
                break;
            case 2:
                Prepared<D256, Complex, Vector256<double>>(ref _preparedDouble).Apply<D256, Complex>(a);
                break;
            default:
                Prepared<D128, Complex, Vector128<double>>(ref _preparedDouble).Apply<D128, Complex>(a);
                break;
        }
    }

    /// <summary>Applies the gate to complex64 amplitudes with the cached generic-kernel tables; false when that path does not apply.</summary>
    private bool TryPrepared(Span<Complex32> a)
    {
        bool diagonal = Kind is KernelKind.Diagonal1 or KernelKind.DiagonalK;
        int w = StateVectorKernelsSingle.WidthFor(a.Length);
        if (!GenericApplies(a.Length, w, diagonal ? GenericKernels.MaxDiagonalTargets : GenericKernels.MaxDenseTargets) || !Reused())
        {
            return false;
        }

        RunPrepared(a, w);
        return true;
    }

    /// <summary>Runs the cached complex64 generic-kernel tables of width <paramref name="w"/> on <paramref name="a"/> (a state or a window of one).</summary>
    private void RunPrepared(Span<Complex32> a, int w)
    {
        switch (w)
        {
            case 8:
                Prepared<F512, Complex32, Vector512<float>>(ref _preparedSingle).Apply<F512, Complex32>(a);
                break;
            case 4:
                Prepared<F256, Complex32, Vector256<float>>(ref _preparedSingle).Apply<F256, Complex32>(a);
                break;
            default:
                Prepared<F128, Complex32, Vector128<float>>(ref _preparedSingle).Apply<F128, Complex32>(a);
                break;
        }
    }

    /// <summary>The cached tables for register type <typeparamref name="TVec"/>, built on first use (a race builds them twice, harmlessly).</summary>
    private PreparedKernel<TVec> Prepared<TOps, TC, TVec>(ref object? slot)
        where TOps : struct, IComplexSimd<TC, TVec>
        where TC : unmanaged
        where TVec : unmanaged
    {
        if (System.Threading.Volatile.Read(ref slot) is PreparedKernel<TVec> p)
        {
            return p;
        }

        p = Kind is KernelKind.Diagonal1
            ? PreparedKernel<TVec>.Diagonal<TOps, TC>(_m, _qubits, 0, 0)
            : Kind is KernelKind.DiagonalK
                ? PreparedKernel<TVec>.Diagonal<TOps, TC>(_m, _qubits, _cmask, _cval & _cmask)
                : PreparedKernel<TVec>.Dense<TOps, TC>(_m, _qubits, _cmask, _cval & _cmask);
        System.Threading.Volatile.Write(ref slot, p);
        return p;
    }

    private static bool IsSwap(Complex[] m)
    {
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                int swapped = ((r & 1) << 1) | (r >> 1);
                Complex expected = c == swapped ? Complex.One : Complex.Zero;
                if (m[(r * 4) + c] != expected)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
