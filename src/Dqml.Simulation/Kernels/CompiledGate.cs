using System.Numerics;
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
                StateVectorKernels.DenseK(a, m, _offsets, _cval, _sortedFixed);
                break;
            case KernelKind.Dense2:
                StateVectorKernels.Dense2(a, _qubits[0], _qubits[1], m);
                break;
            default:
                throw new InvalidOperationException($"unknown kernel {Kind}");
        }
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
        ParallelApply.Apply(this, state.Buffer, threads);
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
