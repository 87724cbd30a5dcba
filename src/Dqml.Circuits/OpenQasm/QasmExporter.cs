using System.Globalization;
using System.Numerics;
using System.Text;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;

namespace Dqml.Circuits.OpenQasm;

/// <summary>
/// Writes a <see cref="Circuit"/> as an OpenQASM 2.0 program that <see cref="QasmParser"/> (and other
/// OpenQASM 2 tools with qelib1.inc) read back to the same instructions.
/// </summary>
/// <remarks>
/// <para>Output: <c>OPENQASM 2.0;</c>, <c>include "qelib1.inc";</c>, the circuit's quantum and classical
/// registers (in offset order; they must tile the qubits and bits), then one statement per instruction.</para>
/// <para><b>Gates</b> are written by catalog name (<see cref="StandardGates.ByName"/>) with parameters as
/// <see cref="ParamExpr.ToText"/> writes them. A controlled gate built with
/// <see cref="GateDefinition.Controlled"/> whose base and control count match a catalog gate (for example
/// X with 3 controls) is written as that gate (<c>c3x</c>). Any other one-qubit gate (such as
/// <see cref="GateDefinition.Unitary(Complex[], string, double)"/>) is written as <c>u3(theta,phi,lambda)</c>
/// equal to its matrix up to a global phase, which is dropped (a global phase is unobservable, also
/// under a classical condition). Other gates cannot be written and raise <see cref="InvalidOperationException"/>.</para>
/// <para><b>Not expressible</b> in OpenQASM 2 (each raises <see cref="InvalidOperationException"/> naming the
/// instruction): unbound symbolic parameters (bind the circuit first), noise-channel placeholders,
/// conditions that do not read exactly one whole classical register, and non-catalog gates on two or
/// more qubits (including multi-controlled gates beyond c4x).</para>
/// </remarks>
public static class QasmExporter
{
    /// <summary>Writes the circuit as OpenQASM 2.0 text (lines end with '\n').</summary>
    /// <param name="circuit">The circuit; all parameters must be bound.</param>
    /// <returns>The program text.</returns>
    /// <exception cref="InvalidOperationException">The circuit uses something OpenQASM 2 cannot express (the message says what and why).</exception>
    public static string Export(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var qregs = Layout(circuit.QuantumRegisters, circuit.NumQubits, "q", "quantum");
        var cregs = Layout(circuit.ClassicalRegisters, circuit.NumClbits, "c", "classical");
        foreach (var q in qregs)
        {
            if (cregs.Any(c => c.Name == q.Name))
            {
                throw new InvalidOperationException($"register name '{q.Name}' is used by both a quantum and a classical register: OpenQASM 2 register names must be distinct");
            }
        }

        string[] qubitNames = ElementNames(qregs, circuit.NumQubits);
        string[] clbitNames = ElementNames(cregs, circuit.NumClbits);

        var sb = new StringBuilder((circuit.Instructions.Length * 24) + 128);
        sb.Append("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
        foreach (var r in qregs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"qreg {r.Name}[{r.Size}];\n");
        }

        foreach (var r in cregs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"creg {r.Name}[{r.Size}];\n");
        }

        var writer = new StatementWriter(sb, qubitNames, clbitNames, cregs);
        for (int i = 0; i < circuit.Instructions.Length; i++)
        {
            writer.Write(circuit.Instructions[i], i);
        }

        return sb.ToString();
    }

    /// <summary>The registers sorted by offset, checked to tile [0, n) with valid, distinct names.</summary>
    private static List<Register> Layout(IReadOnlyList<Register> registers, int n, string defaultName, string kind)
    {
        if (registers.Count == 0)
        {
            return n == 0 ? [] : [new Register(defaultName, 0, n)];
        }

        var sorted = registers.OrderBy(r => r.Offset).ToList();
        int next = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in sorted)
        {
            if (!IsIdentifier(r.Name))
            {
                throw new InvalidOperationException($"{kind} register name '{r.Name}' is not an OpenQASM 2 identifier (a lower-case letter, then letters, digits or '_', and not a keyword)");
            }

            if (!names.Add(r.Name))
            {
                throw new InvalidOperationException($"{kind} register name '{r.Name}' is used twice: OpenQASM 2 register names must be distinct");
            }

            if (r.Offset != next || r.Size < 1)
            {
                throw new InvalidOperationException($"{kind} registers do not tile indices 0..{n - 1}: register '{r.Name}' covers [{r.Offset}, {r.Offset + r.Size}) but the next free index is {next}; OpenQASM 2 registers are disjoint, non-empty and laid out in declaration order");
            }

            next += r.Size;
        }

        if (next != n)
        {
            throw new InvalidOperationException($"{kind} registers cover {next} indices but the circuit has {n}: OpenQASM 2 cannot address elements outside a register");
        }

        return sorted;
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return name is not ("include" or "qreg" or "creg" or "gate" or "opaque" or "measure" or "reset" or "barrier" or "if" or "pi"
            or "sin" or "cos" or "tan" or "exp" or "ln" or "sqrt");
    }

    private static string[] ElementNames(List<Register> registers, int n)
    {
        var names = new string[n];
        foreach (var r in registers)
        {
            for (int i = 0; i < r.Size; i++)
            {
                names[r.Offset + i] = string.Create(CultureInfo.InvariantCulture, $"{r.Name}[{i}]");
            }
        }

        return names;
    }

    /// <summary>
    /// The qelib1 name for a gate: the catalog gate itself, or the catalog gate with the same controlled
    /// structure (same base gate, same number of controls); null when there is none.
    /// </summary>
    internal static string? CatalogName(GateDefinition definition)
    {
        if (StandardGates.ByName.TryGetValue(definition.Name, out var cat) && ReferenceEquals(cat, definition))
        {
            return definition.Name;
        }

        if (definition.NumControls > 0 && definition.Base is { } b)
        {
            foreach (var g in StandardGates.All)
            {
                if (g.NumControls == definition.NumControls && ReferenceEquals(g.Base, b))
                {
                    return g.Name;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Angles (theta, phi, lambda) with U = e^{i alpha} U3(theta, phi, lambda) for a 2x2 unitary U.
    /// </summary>
    internal static (double Theta, double Phi, double Lambda) ToU3(ReadOnlySpan<Complex> u)
    {
        const double eps = 1e-12;
        double c = u[0].Magnitude, s = u[2].Magnitude;
        double theta = 2 * Math.Atan2(s, c);
        double alpha, phi, lambda;
        if (c > eps)
        {
            alpha = u[0].Phase;
            if (s > eps)
            {
                phi = u[2].Phase - alpha;
                lambda = (-u[1]).Phase - alpha;
            }
            else
            {
                phi = 0;
                lambda = u[3].Phase - alpha;
            }
        }
        else
        {
            // cos(theta/2) = 0: only phi + lambda is fixed; take lambda = 0.
            lambda = 0;
            alpha = (-u[1]).Phase;
            phi = u[2].Phase - alpha;
        }

        return (theta, Normalize(phi), Normalize(lambda));
    }

    private static double Normalize(double a)
    {
        double r = Math.IEEERemainder(a, 2 * Math.PI);
        return Math.Abs(r) < 1e-15 ? 0 : r;
    }

    /// <summary>Writes one statement per instruction.</summary>
    private sealed class StatementWriter(StringBuilder sb, string[] qubits, string[] clbits, List<Register> cregs)
    {
        public void Write(Instruction instruction, int index)
        {
            switch (instruction)
            {
                case Conditioned c:
                    if (c.Body is Barrier cb)
                    {
                        WriteBarrier(cb); // a barrier has no effect, so its condition is immaterial
                        return;
                    }

                    if (c.Body is NoiseChannelOperation or ReadoutError)
                    {
                        Write(c.Body, index); // throws with an explanation
                        return;
                    }

                    sb.Append(ConditionText(c.Condition, index, instruction));
                    WriteBody(c.Body, index, instruction);
                    break;
                case Barrier b:
                    WriteBarrier(b);
                    break;
                case NoiseChannelOperation or ReadoutError:
                    throw new InvalidOperationException($"instruction {index} ({Describe(instruction)}): a noise channel cannot be expressed in OpenQASM 2 (it describes the simulator's error model, not a gate); export the ideal circuit without noise channels");
                default:
                    WriteBody(instruction, index, instruction);
                    break;
            }
        }

        private void WriteBody(Instruction body, int index, Instruction whole)
        {
            switch (body)
            {
                case GateOperation g:
                    WriteGate(g, index, whole);
                    break;
                case Measurement m:
                    sb.Append("measure ").Append(qubits[m.Qubit]).Append(" -> ").Append(clbits[m.Clbit]).Append(";\n");
                    break;
                case Reset r:
                    sb.Append("reset ").Append(qubits[r.Qubit]).Append(";\n");
                    break;
                default:
                    throw new InvalidOperationException($"instruction {index} ({Describe(whole)}): {body.GetType().Name} cannot be written in OpenQASM 2");
            }
        }

        private void WriteBarrier(Barrier b)
        {
            if (b.Qubits.IsEmpty)
            {
                return;
            }

            sb.Append("barrier ");
            AppendQubits(b.Qubits.AsSpan());
            sb.Append(";\n");
        }

        private void AppendQubits(ReadOnlySpan<int> qs)
        {
            for (int j = 0; j < qs.Length; j++)
            {
                if (j > 0)
                {
                    sb.Append(',');
                }

                sb.Append(qubits[qs[j]]);
            }
        }

        private string ConditionText(Condition condition, int index, Instruction whole)
        {
            var bits = condition.Clbits;
            foreach (var r in cregs)
            {
                if (r.Size != bits.Length)
                {
                    continue;
                }

                bool match = true;
                for (int j = 0; j < bits.Length && match; j++)
                {
                    match = bits[j] == r.Offset + j;
                }

                if (match)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"if({r.Name}=={condition.Value}) ");
                }
            }

            string bitList = string.Join(", ", bits.Select(b => b < clbits.Length ? clbits[b] : $"bit {b}"));
            throw new InvalidOperationException($"instruction {index} ({Describe(whole)}): its condition reads [{bitList}], which is not exactly one whole classical register; OpenQASM 2's if(creg==n) can only compare a whole register (put the condition bits in a creg of their own, least significant first)");
        }

        private void WriteGate(GateOperation g, int index, Instruction whole)
        {
            var def = g.Gate.Definition;
            foreach (var p in g.Gate.Parameters)
            {
                var symbols = p.Symbols;
                if (!symbols.IsEmpty)
                {
                    throw new InvalidOperationException($"instruction {index} ({Describe(whole)}): parameter '{symbols[0].Name}' of gate '{def.Name}' is unbound, and OpenQASM 2 has no free parameters; bind it first (Circuit.Bind)");
                }
            }

            double[] values = g.Gate.BindParameters(null);
            foreach (double v in values)
            {
                if (!double.IsFinite(v))
                {
                    throw new InvalidOperationException($"instruction {index} ({Describe(whole)}): a parameter of gate '{def.Name}' is {v}, which OpenQASM 2 cannot write");
                }
            }

            string? name = CatalogName(def);
            if (name is not null)
            {
                sb.Append(name);
                if (!g.Gate.Parameters.IsEmpty)
                {
                    sb.Append('(');
                    for (int j = 0; j < g.Gate.Parameters.Length; j++)
                    {
                        if (j > 0)
                        {
                            sb.Append(',');
                        }

                        sb.Append(g.Gate.Parameters[j].ToText());
                    }

                    sb.Append(')');
                }
            }
            else if (def.NumQubits == 1)
            {
                var (theta, phi, lambda) = ToU3(def.Matrix(values));
                sb.Append("u3(").Append(ConstantExpr.FormatNumber(theta)).Append(',')
                    .Append(ConstantExpr.FormatNumber(phi)).Append(',')
                    .Append(ConstantExpr.FormatNumber(lambda)).Append(')');
            }
            else
            {
                string why = def.NumControls > 0
                    ? $"it is {def.Base?.Name ?? "a gate"} with {def.NumControls} control(s), which has no qelib1.inc equivalent (the largest is c4x)"
                    : "it is not a qelib1.inc gate and only one-qubit gates can be rewritten (as u3)";
                throw new InvalidOperationException($"instruction {index} ({Describe(whole)}): gate '{def.Name}' on {def.NumQubits} qubits cannot be written in OpenQASM 2: {why}; decompose it into catalog gates first");
            }

            sb.Append(' ');
            AppendQubits(g.Qubits.AsSpan());
            sb.Append(";\n");
        }

        private static string Describe(Instruction i) => i.ToString() ?? i.GetType().Name;
    }
}
