using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;

namespace Dqml.Testing;

/// <summary>
/// A deliberately naive reference simulator: each gate becomes its full 2^n x 2^n matrix, built here by
/// explicit Kronecker products and a basis permutation (<see cref="DenseMatrix.FullGateMatrix"/>), and is
/// multiplied into the state. Independent of the library's simulators and of <c>MatrixMath</c>.
/// </summary>
public static class DenseReferenceSimulator
{
    /// <summary>Largest register for the state-vector path.</summary>
    public const int MaxUnitaryQubits = 10;

    /// <summary>Largest register for the density-matrix path.</summary>
    public const int MaxDensityQubits = 6;

    /// <summary>The final state of a unitary circuit started in |0...0&gt;.</summary>
    /// <exception cref="InvalidOperationException">The circuit has measurements, resets, conditions or noise.</exception>
    public static Complex[] RunUnitary(Circuit circuit, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var psi = new Complex[1 << circuit.NumQubits];
        psi[0] = Complex.One;
        return RunUnitary(circuit, psi, parameters);
    }

    /// <summary>Applies a unitary circuit to <paramref name="initial"/> (not modified).</summary>
    public static Complex[] RunUnitary(Circuit circuit, ReadOnlySpan<Complex> initial, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (circuit.NumQubits > MaxUnitaryQubits)
        {
            throw new ArgumentException($"the dense reference handles at most {MaxUnitaryQubits} qubits", nameof(circuit));
        }

        if (initial.Length != 1 << circuit.NumQubits)
        {
            throw new ArgumentException("initial state has the wrong length", nameof(initial));
        }

        var psi = initial.ToArray();
        foreach (var instr in circuit.Instructions)
        {
            switch (instr)
            {
                case GateOperation g:
                    psi = DenseMatrix.Multiply(GateMatrix(g, circuit.NumQubits, parameters), psi);
                    break;
                case Barrier:
                    break;
                default:
                    throw new InvalidOperationException($"'{instr}' is not unitary; use RunDensity");
            }
        }

        return psi;
    }

    /// <summary>The full unitary of a unitary circuit (product of the dense gate matrices).</summary>
    public static Complex[,] Unitary(Circuit circuit, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var u = DenseMatrix.Identity(1 << circuit.NumQubits);
        foreach (var instr in circuit.Instructions)
        {
            switch (instr)
            {
                case GateOperation g:
                    u = DenseMatrix.Multiply(GateMatrix(g, circuit.NumQubits, parameters), u);
                    break;
                case Barrier:
                    break;
                default:
                    throw new InvalidOperationException($"'{instr}' is not unitary");
            }
        }

        return u;
    }

    /// <summary>The full matrix of one gate operation in an n-qubit register.</summary>
    public static Complex[,] GateMatrix(GateOperation op, int numQubits, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(op);
        return DenseMatrix.FullGateMatrix(op.Gate.Matrix(parameters), op.Qubits.AsSpan(), numQubits);
    }

    /// <summary>|amplitude|^2 for each basis state.</summary>
    public static double[] Probabilities(ReadOnlySpan<Complex> state)
    {
        var p = new double[state.Length];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = (state[i] * Complex.Conjugate(state[i])).Real;
        }

        return p;
    }

    /// <summary>&lt;psi|P|psi&gt; for a Pauli label in Qiskit order (rightmost character = qubit 0).</summary>
    public static double ExpectationOfPauliString(ReadOnlySpan<Complex> state, string label)
    {
        var p = DenseMatrix.PauliString(label);
        if (p.GetLength(0) != state.Length)
        {
            throw new ArgumentException($"label '{label}' does not match a state of length {state.Length}", nameof(label));
        }

        return DenseMatrix.ExpectationValue(p, state).Real;
    }

    /// <summary>Reduced density matrix of a pure state (keep[0] is the least significant bit).</summary>
    public static Complex[,] ReducedDensityMatrix(ReadOnlySpan<Complex> state, ReadOnlySpan<int> keep)
    {
        int n = System.Numerics.BitOperations.Log2((uint)state.Length);
        return DenseMatrix.PartialTrace(DenseMatrix.Outer(state), keep, n);
    }

    /// <summary>
    /// Runs any circuit without noise as a classical-register-indexed family of unnormalised density matrices:
    /// measurements split branches, conditions act per branch, resets apply sum_k |0&gt;&lt;k| rho |k&gt;&lt;0|.
    /// </summary>
    public static DenseMixedState RunDensity(Circuit circuit, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        int n = circuit.NumQubits;
        if (n > MaxDensityQubits)
        {
            throw new ArgumentException($"the dense density-matrix reference handles at most {MaxDensityQubits} qubits", nameof(circuit));
        }

        if (circuit.NumClbits > 62)
        {
            throw new ArgumentException("too many classical bits", nameof(circuit));
        }

        int d = 1 << n;
        var rho0 = new Complex[d, d];
        rho0[0, 0] = Complex.One;
        var branches = new Dictionary<ulong, Complex[,]> { [0UL] = rho0 };
        foreach (var instr in circuit.Instructions)
        {
            branches = ApplyToAll(branches, instr, n, parameters);
        }

        return new DenseMixedState(circuit, branches);
    }

    private static Dictionary<ulong, Complex[,]> ApplyToAll(Dictionary<ulong, Complex[,]> branches, Instruction instr, int n, IParameterSource? parameters)
    {
        var result = new Dictionary<ulong, Complex[,]>();
        foreach (var (key, rho) in branches)
        {
            foreach (var (k2, r2) in ApplyOne(key, rho, instr, n, parameters))
            {
                result[k2] = result.TryGetValue(k2, out var existing) ? DenseMatrix.Add(existing, r2) : r2;
            }
        }

        return result;
    }

    private static IEnumerable<(ulong Key, Complex[,] Rho)> ApplyOne(ulong key, Complex[,] rho, Instruction instr, int n, IParameterSource? parameters)
    {
        switch (instr)
        {
            case GateOperation g:
            {
                var u = GateMatrix(g, n, parameters);
                yield return (key, Conjugate(u, rho));
                break;
            }

            case Barrier:
                yield return (key, rho);
                break;
            case Measurement m:
            {
                var p0 = DenseMatrix.FullGateMatrix([1, 0, 0, 0], [m.Qubit], n);
                var p1 = DenseMatrix.FullGateMatrix([0, 0, 0, 1], [m.Qubit], n);
                ulong bit = 1UL << m.Clbit;
                yield return (key & ~bit, Conjugate(p0, rho));
                yield return (key | bit, Conjugate(p1, rho));
                break;
            }

            case Reset r:
            {
                var k0 = DenseMatrix.FullGateMatrix([1, 0, 0, 0], [r.Qubit], n); // |0><0|
                var k1 = DenseMatrix.FullGateMatrix([0, 1, 0, 0], [r.Qubit], n); // |0><1|
                yield return (key, DenseMatrix.Add(Conjugate(k0, rho), Conjugate(k1, rho)));
                break;
            }

            case Conditioned c:
            {
                if (Satisfied(c.Condition, key))
                {
                    foreach (var x in ApplyOne(key, rho, c.Body, n, parameters))
                    {
                        yield return x;
                    }
                }
                else
                {
                    yield return (key, rho);
                }

                break;
            }

            default:
                throw new NotSupportedException($"the dense reference does not simulate '{instr}'");
        }
    }

    /// <summary>Evaluates a condition on a classical register value (bit i = clbit i).</summary>
    public static bool Satisfied(Condition condition, ulong register)
    {
        ArgumentNullException.ThrowIfNull(condition);
        for (int j = 0; j < condition.Clbits.Length; j++)
        {
            ulong want = (condition.Value >> j) & 1;
            if (((register >> condition.Clbits[j]) & 1) != want)
            {
                return false;
            }
        }

        return true;
    }

    private static Complex[,] Conjugate(Complex[,] k, Complex[,] rho) => DenseMatrix.Multiply(DenseMatrix.Multiply(k, rho), DenseMatrix.Adjoint(k));

    /// <summary>
    /// A classical register value written as a counts key: registers in reverse declaration order separated
    /// by single spaces, each register's bits most significant first (Qiskit's convention).
    /// </summary>
    public static string FormatClassicalKey(Circuit circuit, ulong register)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var parts = new List<string>();
        for (int r = circuit.ClassicalRegisters.Length - 1; r >= 0; r--)
        {
            var reg = circuit.ClassicalRegisters[r];
            var chars = new char[reg.Size];
            for (int i = 0; i < reg.Size; i++)
            {
                chars[reg.Size - 1 - i] = ((register >> reg[i]) & 1) == 1 ? '1' : '0';
            }

            parts.Add(new string(chars));
        }

        return string.Join(' ', parts);
    }
}

/// <summary>The result of <see cref="DenseReferenceSimulator.RunDensity"/>.</summary>
public sealed class DenseMixedState
{
    internal DenseMixedState(Circuit circuit, Dictionary<ulong, Complex[,]> branches)
    {
        Circuit = circuit;
        NumQubits = circuit.NumQubits;
        Branches = branches;
    }

    /// <summary>The simulated circuit.</summary>
    public Circuit Circuit { get; }

    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; }

    /// <summary>Unnormalised density matrix per classical register value (bit i = clbit i).</summary>
    public IReadOnlyDictionary<ulong, Complex[,]> Branches { get; }

    /// <summary>The outcome-averaged density matrix (sum of the branches).</summary>
    public Complex[,] DensityMatrix()
    {
        int d = 1 << NumQubits;
        var r = new Complex[d, d];
        foreach (var rho in Branches.Values)
        {
            r = DenseMatrix.Add(r, rho);
        }

        return r;
    }

    /// <summary>Averaged basis-state probabilities.</summary>
    public double[] Probabilities()
    {
        var rho = DensityMatrix();
        var p = new double[rho.GetLength(0)];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = rho[i, i].Real;
        }

        return p;
    }

    /// <summary>Probability of each classical register value, keyed like counts.</summary>
    public IReadOnlyDictionary<string, double> ClassicalDistribution()
    {
        var r = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, rho) in Branches)
        {
            string k = DenseReferenceSimulator.FormatClassicalKey(Circuit, key);
            r[k] = r.GetValueOrDefault(k) + DenseMatrix.Trace(rho).Real;
        }

        return r;
    }

    /// <summary>Probability of each classical register value (bit i = clbit i).</summary>
    public IReadOnlyDictionary<ulong, double> RegisterDistribution()
        => Branches.ToDictionary(kv => kv.Key, kv => DenseMatrix.Trace(kv.Value).Real);

    /// <summary>Tr(rho P) for a Pauli label in Qiskit order.</summary>
    public double ExpectationOfPauliString(string label)
        => DenseMatrix.Trace(DenseMatrix.Multiply(DensityMatrix(), DenseMatrix.PauliString(label))).Real;

    /// <summary>Reduced density matrix of the averaged state (keep[0] is the least significant bit).</summary>
    public Complex[,] ReducedDensityMatrix(ReadOnlySpan<int> keep) => DenseMatrix.PartialTrace(DensityMatrix(), keep, NumQubits);
}
