using System.Collections.Immutable;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;

namespace Dqml.Circuits;

/// <summary>A named register: a contiguous run of qubits or classical bits.</summary>
public sealed record Register(string Name, int Offset, int Size)
{
    /// <summary>The global index of element <paramref name="i"/>.</summary>
    public int this[int i] => i >= 0 && i < Size ? Offset + i : throw new ArgumentOutOfRangeException(nameof(i), $"index {i} is out of range for register {Name}[{Size}]");
}

/// <summary>Thrown when a circuit is malformed; the message names the instruction.</summary>
public sealed class CircuitValidationException(string message) : ArgumentException(message);

/// <summary>
/// An immutable circuit over <see cref="NumQubits"/> qubits and <see cref="NumClbits"/> classical bits.
/// Qubit 0 is the least significant bit of a basis-state index (Qiskit's order); classical bit 0 is the
/// least significant (rightmost) character of a counts key.
/// </summary>
public sealed class Circuit
{
    /// <summary>Creates and validates a circuit.</summary>
    /// <exception cref="CircuitValidationException">An index is out of range, a gate's arity or parameter count is wrong, or qubits repeat.</exception>
    public Circuit(
        int numQubits,
        int numClbits,
        IEnumerable<Instruction> instructions,
        IEnumerable<Register>? quantumRegisters = null,
        IEnumerable<Register>? classicalRegisters = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        ArgumentOutOfRangeException.ThrowIfNegative(numClbits);
        ArgumentNullException.ThrowIfNull(instructions);
        NumQubits = numQubits;
        NumClbits = numClbits;
        Instructions = [.. instructions];
        QuantumRegisters = quantumRegisters is null ? (numQubits > 0 ? [new Register("q", 0, numQubits)] : []) : [.. quantumRegisters];
        ClassicalRegisters = classicalRegisters is null ? (numClbits > 0 ? [new Register("c", 0, numClbits)] : []) : [.. classicalRegisters];
        Validate();
        Symbols = CollectSymbols();
    }

    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; }

    /// <summary>Number of classical bits.</summary>
    public int NumClbits { get; }

    /// <summary>The instructions, in execution order.</summary>
    public ImmutableArray<Instruction> Instructions { get; }

    /// <summary>Quantum registers (for naming and OpenQASM export).</summary>
    public ImmutableArray<Register> QuantumRegisters { get; }

    /// <summary>Classical registers (for naming, counts keys and OpenQASM export).</summary>
    public ImmutableArray<Register> ClassicalRegisters { get; }

    /// <summary>The distinct free symbols, in first-occurrence order.</summary>
    public ImmutableArray<Symbol> Symbols { get; }

    /// <summary>True when any instruction is a measurement, reset, condition or noise channel.</summary>
    public bool HasNonUnitary => Instructions.Any(i => i is not GateOperation and not Barrier);

    /// <summary>Number of gate operations (conditioned gates included).</summary>
    public int GateCount => Instructions.Count(i => i is GateOperation or Conditioned { Body: GateOperation });

    /// <summary>A copy with other instructions (registers kept).</summary>
    public Circuit WithInstructions(IEnumerable<Instruction> instructions)
        => new(NumQubits, NumClbits, instructions, QuantumRegisters, ClassicalRegisters);

    /// <summary>A copy with every symbol replaced by its value in <paramref name="values"/> where bound.</summary>
    public Circuit Bind(IParameterSource values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return WithInstructions(Instructions.Select(i => BindInstruction(i, values)));
    }

    /// <summary>The inverse of a unitary circuit (gates reversed and adjointed).</summary>
    /// <exception cref="InvalidOperationException">The circuit has non-unitary instructions or unbound parameters.</exception>
    public Circuit Inverse()
    {
        var list = new List<Instruction>(Instructions.Length);
        for (int i = Instructions.Length - 1; i >= 0; i--)
        {
            switch (Instructions[i])
            {
                case GateOperation g:
                    var adj = MatrixMath.Adjoint(g.Gate.Matrix(), g.Gate.Definition.Dimension);
                    list.Add(new GateOperation(new Gate(GateDefinition.Unitary(adj, g.Gate.Name + "_dg")), g.Qubits));
                    break;
                case Barrier b:
                    list.Add(b);
                    break;
                default:
                    throw new InvalidOperationException($"instruction {i} ({Instructions[i]}) is not unitary: the circuit has no inverse");
            }
        }

        return WithInstructions(list);
    }

    private static Instruction BindInstruction(Instruction instr, IParameterSource values) => instr switch
    {
        GateOperation g when !g.Gate.Parameters.IsEmpty => g with
        {
            Gate = g.Gate with { Parameters = [.. g.Gate.Parameters.Select(p => BindExpr(p, values))] },
        },
        Conditioned c => c with { Body = BindInstruction(c.Body, values) },
        _ => instr,
    };

    private static ParamExpr BindExpr(ParamExpr e, IParameterSource values)
    {
        foreach (var s in e.Symbols)
        {
            if (!values.TryGetValue(s, out _))
            {
                return e;
            }
        }

        return e.Evaluate(values);
    }

    private ImmutableArray<Symbol> CollectSymbols()
    {
        var list = new List<Symbol>();
        foreach (var instr in Instructions)
        {
            var inner = instr is Conditioned c ? c.Body : instr;
            if (inner is GateOperation g)
            {
                foreach (var p in g.Gate.Parameters)
                {
                    p.CollectSymbols(list);
                }
            }
        }

        return [.. list];
    }

    private void Validate()
    {
        for (int i = 0; i < Instructions.Length; i++)
        {
            ValidateInstruction(Instructions[i], i, nested: false);
        }
    }

    private void ValidateInstruction(Instruction instr, int index, bool nested)
    {
        string where = $"instruction {index} ({instr})";
        switch (instr)
        {
            case null:
                throw new CircuitValidationException($"instruction {index} is null");
            case GateOperation g:
                if (g.Qubits.Length != g.Gate.Definition.NumQubits)
                {
                    throw new CircuitValidationException($"{where}: gate '{g.Gate.Name}' acts on {g.Gate.Definition.NumQubits} qubit(s) but was given {g.Qubits.Length}");
                }

                if (g.Gate.Parameters.Length != g.Gate.Definition.NumParameters)
                {
                    throw new CircuitValidationException($"{where}: gate '{g.Gate.Name}' takes {g.Gate.Definition.NumParameters} parameter(s) but was given {g.Gate.Parameters.Length}");
                }

                CheckQubits(g.Qubits, where);
                break;
            case Measurement m:
                CheckQubits([m.Qubit], where);
                CheckClbit(m.Clbit, where);
                break;
            case Reset r:
                CheckQubits([r.Qubit], where);
                break;
            case Barrier b:
                CheckQubits(b.Qubits, where);
                break;
            case NoiseChannelOperation n:
                if (n.Qubits.Length != n.Channel.NumQubits)
                {
                    throw new CircuitValidationException($"{where}: channel '{n.Channel.Name}' acts on {n.Channel.NumQubits} qubit(s) but was given {n.Qubits.Length}");
                }

                CheckQubits(n.Qubits, where);
                break;
            case ReadoutError re:
                CheckClbit(re.Clbit, where);
                break;
            case Conditioned c:
                if (nested)
                {
                    throw new CircuitValidationException($"{where}: nested conditions are not supported");
                }

                if (c.Condition.Clbits.IsEmpty || c.Condition.Clbits.Length > 64)
                {
                    throw new CircuitValidationException($"{where}: a condition reads 1 to 64 bits");
                }

                foreach (int b in c.Condition.Clbits)
                {
                    CheckClbit(b, where);
                }

                if (c.Condition.Clbits.Length < 64 && c.Condition.Value >> c.Condition.Clbits.Length != 0)
                {
                    throw new CircuitValidationException($"{where}: value {c.Condition.Value} does not fit in {c.Condition.Clbits.Length} bit(s)");
                }

                ValidateInstruction(c.Body, index, nested: true);
                break;
            default:
                throw new CircuitValidationException($"{where}: unknown instruction type {instr.GetType().Name}");
        }
    }

    private void CheckQubits(ImmutableArray<int> qubits, string where)
    {
        for (int a = 0; a < qubits.Length; a++)
        {
            if ((uint)qubits[a] >= (uint)NumQubits)
            {
                throw new CircuitValidationException($"{where}: qubit {qubits[a]} is out of range (circuit has {NumQubits} qubits)");
            }

            for (int b = 0; b < a; b++)
            {
                if (qubits[a] == qubits[b])
                {
                    throw new CircuitValidationException($"{where}: qubit {qubits[a]} appears twice");
                }
            }
        }
    }

    private void CheckClbit(int clbit, string where)
    {
        if ((uint)clbit >= (uint)NumClbits)
        {
            throw new CircuitValidationException($"{where}: classical bit {clbit} is out of range (circuit has {NumClbits} bits)");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Circuit({NumQubits} qubits, {NumClbits} clbits, {Instructions.Length} instructions)";
}
