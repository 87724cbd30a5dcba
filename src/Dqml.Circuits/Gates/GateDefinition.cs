using System.Collections.Immutable;
using System.Numerics;
using Dqml.Circuits.Parameters;

namespace Dqml.Circuits.Gates;

/// <summary>Computes a gate's matrix from its numeric parameters.</summary>
public delegate Complex[] MatrixFactory(ReadOnlySpan<double> parameters);

/// <summary>
/// One term of a parameter-shift rule: d f / d theta = sum_k Coefficient_k f(theta + Shift_k).
/// </summary>
public readonly record struct ShiftTerm(double Coefficient, double Shift);

/// <summary>
/// A gate type: its name, arity, parameter count, matrix and structure. Gates are data; the code that
/// applies them lives in the simulator.
/// </summary>
/// <remarks>
/// <para><b>Bit order.</b> A k-qubit gate applied to qubits (a_0, ..., a_{k-1}) has a 2^k x 2^k row-major
/// matrix whose local basis index is sum_j b_j 2^j, b_j the bit of argument a_j: the first argument is
/// the least significant bit (Qiskit's convention). So CX(control, target) has matrix
/// [[1,0,0,0],[0,0,0,1],[0,0,1,0],[0,1,0,0]].</para>
/// <para><b>Controls.</b> When <see cref="NumControls"/> = c &gt; 0, the first c arguments are controls
/// (active on |1&gt;) and <see cref="Base"/> acts on the remaining arguments.</para>
/// </remarks>
public sealed class GateDefinition
{
    private readonly MatrixFactory _matrix;
    private readonly Complex[]? _constantMatrix;

    private GateDefinition(
        string name,
        int numQubits,
        int numParameters,
        MatrixFactory matrix,
        bool isDiagonal,
        int numControls,
        GateDefinition? baseGate,
        ImmutableArray<ImmutableArray<ShiftTerm>> shiftRules,
        Func<ReadOnlySpan<double>, Complex[]>? generator)
    {
        Name = name;
        NumQubits = numQubits;
        NumParameters = numParameters;
        _matrix = matrix;
        IsDiagonal = isDiagonal;
        NumControls = numControls;
        Base = baseGate;
        ShiftRules = shiftRules;
        GeneratorFactory = generator;
        if (numParameters == 0)
        {
            _constantMatrix = matrix([]);
        }
    }

    /// <summary>The gate's name (OpenQASM spelling for catalog gates).</summary>
    public string Name { get; }

    /// <summary>Number of qubits the gate acts on.</summary>
    public int NumQubits { get; }

    /// <summary>Number of real parameters.</summary>
    public int NumParameters { get; }

    /// <summary>True when the matrix is diagonal for every parameter value.</summary>
    public bool IsDiagonal { get; }

    /// <summary>Number of leading control arguments (0 for uncontrolled gates).</summary>
    public int NumControls { get; }

    /// <summary>The gate applied to the targets when all controls are |1&gt; (null when uncontrolled).</summary>
    public GateDefinition? Base { get; }

    /// <summary>
    /// Per parameter, the parameter-shift rule for expectation values, or an empty rule where none is
    /// registered (use finite differences or the adjoint method then).
    /// </summary>
    public ImmutableArray<ImmutableArray<ShiftTerm>> ShiftRules { get; }

    /// <summary>
    /// For one-parameter gates U(t) = exp(-i t G) (up to a constant unitary factor on the right, which is
    /// the identity for every catalog gate that has one), the Hermitian generator G; otherwise null.
    /// </summary>
    public Func<ReadOnlySpan<double>, Complex[]>? GeneratorFactory { get; }

    /// <summary>Dimension 2^NumQubits.</summary>
    public int Dimension => 1 << NumQubits;

    /// <summary>The row-major matrix for the given parameter values.</summary>
    public Complex[] Matrix(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != NumParameters)
        {
            throw new ArgumentException($"gate '{Name}' takes {NumParameters} parameter(s), got {parameters.Length}", nameof(parameters));
        }

        return _constantMatrix is not null ? (Complex[])_constantMatrix.Clone() : _matrix(parameters);
    }

    /// <summary>The generator G for the given parameters (see <see cref="GeneratorFactory"/>), or null.</summary>
    public Complex[]? Generator(ReadOnlySpan<double> parameters) => GeneratorFactory?.Invoke(parameters);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Defines a gate type.</summary>
    /// <param name="name">Name, e.g. "rx".</param>
    /// <param name="numQubits">Arity.</param>
    /// <param name="numParameters">Parameter count.</param>
    /// <param name="matrix">Matrix factory (row-major, little-endian over arguments).</param>
    /// <param name="isDiagonal">Whether the matrix is always diagonal.</param>
    /// <param name="shiftRules">Optional per-parameter shift rules.</param>
    /// <param name="generator">Optional generator for one-parameter gates.</param>
    public static GateDefinition Create(
        string name,
        int numQubits,
        int numParameters,
        MatrixFactory matrix,
        bool isDiagonal = false,
        IEnumerable<ImmutableArray<ShiftTerm>>? shiftRules = null,
        Func<ReadOnlySpan<double>, Complex[]>? generator = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(numQubits, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(numParameters);
        var rules = shiftRules?.ToImmutableArray() ?? [.. Enumerable.Repeat(ImmutableArray<ShiftTerm>.Empty, numParameters)];
        if (rules.Length != numParameters)
        {
            throw new ArgumentException("one shift rule per parameter is required", nameof(shiftRules));
        }

        return new GateDefinition(name, numQubits, numParameters, matrix, isDiagonal, 0, null, rules, generator);
    }

    /// <summary>
    /// The gate <paramref name="baseGate"/> with <paramref name="numControls"/> extra leading control qubits
    /// (active on |1&gt;). Controls of an already controlled gate are merged.
    /// </summary>
    public static GateDefinition Controlled(GateDefinition baseGate, int numControls = 1, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(baseGate);
        ArgumentOutOfRangeException.ThrowIfLessThan(numControls, 1);
        int totalControls = numControls + baseGate.NumControls;
        var target = baseGate.Base ?? baseGate;
        int nq = totalControls + target.NumQubits;
        if (nq > MaxDenseQubits)
        {
            throw new ArgumentException($"controlled gate on {nq} qubits exceeds the supported {MaxDenseQubits}", nameof(numControls));
        }

        string n = name ?? (totalControls == 1 ? "c" + target.Name : $"mc{totalControls}_{target.Name}");
        MatrixFactory m = p => EmbedControlled(target.Matrix(p), totalControls, target.NumQubits);
        var rules = target.ShiftRules.Select(r => r.IsEmpty ? r : ControlledShiftRule(r)).ToImmutableArray();
        Func<ReadOnlySpan<double>, Complex[]>? gen = target.GeneratorFactory is null
            ? null
            : p => EmbedControlled(target.GeneratorFactory(p), totalControls, target.NumQubits, identityBlock: false);
        return new GateDefinition(n, nq, target.NumParameters, m, target.IsDiagonal, totalControls, target, rules, gen);
    }

    /// <summary>
    /// A gate with a fixed matrix, validated unitary (|U U^dagger - I| &lt;= <paramref name="tolerance"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not square 2^k x 2^k or not unitary.</exception>
    public static GateDefinition Unitary(Complex[,] matrix, string name = "unitary", double tolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int d = matrix.GetLength(0);
        if (d != matrix.GetLength(1))
        {
            throw new ArgumentException($"unitary '{name}': matrix is {d}x{matrix.GetLength(1)}, not square", nameof(matrix));
        }

        var flat = new Complex[d * d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                flat[(r * d) + c] = matrix[r, c];
            }
        }

        return Unitary(flat, name, tolerance);
    }

    /// <summary>As <see cref="Unitary(Complex[,], string, double)"/>, from a row-major array.</summary>
    public static GateDefinition Unitary(Complex[] rowMajor, string name = "unitary", double tolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        int d = (int)Math.Round(Math.Sqrt(rowMajor.Length));
        if (d * d != rowMajor.Length || d < 2 || (d & (d - 1)) != 0)
        {
            throw new ArgumentException($"unitary '{name}': {rowMajor.Length} entries is not a 2^k x 2^k matrix", nameof(rowMajor));
        }

        int k = System.Numerics.BitOperations.Log2((uint)d);
        if (k > MaxDenseQubits)
        {
            throw new ArgumentException($"unitary '{name}': {k} qubits exceeds the supported {MaxDenseQubits}", nameof(rowMajor));
        }

        double dev = MatrixMath.UnitarityDeviation(rowMajor, d);
        if (double.IsNaN(dev) || dev > tolerance)
        {
            throw new ArgumentException($"unitary '{name}': matrix is not unitary (max |U U^dagger - I| = {dev:G3}, tolerance {tolerance:G3})", nameof(rowMajor));
        }

        var copy = (Complex[])rowMajor.Clone();
        bool diag = MatrixMath.IsDiagonal(copy, d);
        return new GateDefinition(name, k, 0, _ => (Complex[])copy.Clone(), diag, 0, null, [], null);
    }

    /// <summary>Largest arity accepted for gates stored as dense matrices.</summary>
    public const int MaxDenseQubits = 10;

    /// <summary>Two-term rule for U = exp(-i t P/2), P^2 = I: f' = [f(t + pi/2) - f(t - pi/2)] / 2.</summary>
    public static ImmutableArray<ShiftTerm> TwoTermRule { get; } = [new(0.5, Math.PI / 2), new(-0.5, -Math.PI / 2)];

    /// <summary>
    /// Four-term rule for controlled rotations (generator eigenvalues {0, +-1/2}):
    /// f' = c+ [f(t + pi/2) - f(t - pi/2)] - c- [f(t + 3pi/2) - f(t - 3pi/2)], c+- = (sqrt2 +- 1) / (4 sqrt2).
    /// </summary>
    public static ImmutableArray<ShiftTerm> FourTermRule { get; } = BuildFourTerm();

    private static ImmutableArray<ShiftTerm> BuildFourTerm()
    {
        double s2 = Math.Sqrt(2);
        double cp = (s2 + 1) / (4 * s2), cm = (s2 - 1) / (4 * s2);
        return [new(cp, Math.PI / 2), new(-cp, -Math.PI / 2), new(-cm, 3 * Math.PI / 2), new(cm, -3 * Math.PI / 2)];
    }

    private static ImmutableArray<ShiftTerm> ControlledShiftRule(ImmutableArray<ShiftTerm> rule)
        => rule == TwoTermRule ? FourTermRule : [];

    /// <summary>Embeds a target matrix as the all-controls-|1&gt; block of a larger identity.</summary>
    internal static Complex[] EmbedControlled(Complex[] target, int numControls, int targetQubits, bool identityBlock = true)
    {
        int dt = 1 << targetQubits;
        int nq = numControls + targetQubits;
        int d = 1 << nq;
        int cmask = (1 << numControls) - 1;
        var m = new Complex[d * d];
        for (int r = 0; r < d; r++)
        {
            if ((r & cmask) != cmask)
            {
                if (identityBlock)
                {
                    m[(r * d) + r] = 1;
                }

                continue;
            }

            int tr = r >> numControls;
            for (int tc = 0; tc < dt; tc++)
            {
                int c = (tc << numControls) | cmask;
                m[(r * d) + c] = target[(tr * dt) + tc];
            }
        }

        return m;
    }
}
