using System.Collections.Immutable;
using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;

namespace Dqml.Circuits;

/// <summary>
/// Fluent builder for <see cref="Circuit"/>. Angles take <see cref="ParamExpr"/>, so numbers and symbols
/// mix freely: <c>b.RX(ParamExpr.Trainable("theta0"), 0).RZ(2 * ParamExpr.Input("x0"), 1)</c>.
/// </summary>
/// <example><code>
/// var bell = new CircuitBuilder(2, 2).H(0).CX(0, 1).Measure(0, 0).Measure(1, 1).Build();
/// </code></example>
public sealed class CircuitBuilder
{
    private readonly List<Instruction> _instructions = [];
    private readonly List<Register> _qregs = [];
    private readonly List<Register> _cregs = [];

    /// <summary>A builder over <paramref name="numQubits"/> qubits and <paramref name="numClbits"/> classical bits.</summary>
    public CircuitBuilder(int numQubits, int numClbits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numQubits);
        ArgumentOutOfRangeException.ThrowIfNegative(numClbits);
        NumQubits = numQubits;
        NumClbits = numClbits;
    }

    /// <summary>Current number of qubits.</summary>
    public int NumQubits { get; private set; }

    /// <summary>Current number of classical bits.</summary>
    public int NumClbits { get; private set; }

    /// <summary>Adds a named quantum register of <paramref name="size"/> new qubits and returns it.</summary>
    public Register AddQuantumRegister(string name, int size)
    {
        var r = new Register(name, NumQubits, size);
        NumQubits += size;
        _qregs.Add(r);
        return r;
    }

    /// <summary>Adds a named classical register of <paramref name="size"/> new bits and returns it.</summary>
    public Register AddClassicalRegister(string name, int size)
    {
        var r = new Register(name, NumClbits, size);
        NumClbits += size;
        _cregs.Add(r);
        return r;
    }

    /// <summary>Appends any instruction.</summary>
    public CircuitBuilder Append(Instruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        _instructions.Add(instruction);
        return this;
    }

    /// <summary>Appends all instructions of <paramref name="other"/> (qubit and bit indices kept).</summary>
    public CircuitBuilder Append(Circuit other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _instructions.AddRange(other.Instructions);
        return this;
    }

    /// <summary>Applies a gate type with parameters to qubits.</summary>
    public CircuitBuilder Gate(GateDefinition gate, ReadOnlySpan<int> qubits, params ReadOnlySpan<ParamExpr> parameters)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return Append(new GateOperation(new Gate(gate, [.. parameters]), [.. qubits]));
    }

    /// <summary>Applies a validated unitary matrix (row-major, first qubit least significant).</summary>
    public CircuitBuilder Unitary(Complex[,] matrix, params ReadOnlySpan<int> qubits)
        => Gate(GateDefinition.Unitary(matrix), qubits);

    /// <summary>Applies <paramref name="gate"/> controlled on <paramref name="controls"/> (all |1&gt;).</summary>
    public CircuitBuilder Controlled(GateDefinition gate, ReadOnlySpan<int> controls, ReadOnlySpan<int> targets, params ReadOnlySpan<ParamExpr> parameters)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var def = GateDefinition.Controlled(gate, controls.Length);
        return Gate(def, [.. controls, .. targets], parameters);
    }

    /// <summary>Multi-controlled X.</summary>
    public CircuitBuilder MCX(ReadOnlySpan<int> controls, int target) => Controlled(StandardGates.X, controls, [target]);

#pragma warning disable CS1591 // one-line standard gates: the name is the documentation
    public CircuitBuilder I(int q) => Gate(StandardGates.Id, [q]);
    public CircuitBuilder X(int q) => Gate(StandardGates.X, [q]);
    public CircuitBuilder Y(int q) => Gate(StandardGates.Y, [q]);
    public CircuitBuilder Z(int q) => Gate(StandardGates.Z, [q]);
    public CircuitBuilder H(int q) => Gate(StandardGates.H, [q]);
    public CircuitBuilder S(int q) => Gate(StandardGates.S, [q]);
    public CircuitBuilder Sdg(int q) => Gate(StandardGates.Sdg, [q]);
    public CircuitBuilder T(int q) => Gate(StandardGates.T, [q]);
    public CircuitBuilder Tdg(int q) => Gate(StandardGates.Tdg, [q]);
    public CircuitBuilder SX(int q) => Gate(StandardGates.SX, [q]);
    public CircuitBuilder SXdg(int q) => Gate(StandardGates.SXdg, [q]);
    public CircuitBuilder RX(ParamExpr theta, int q) => Gate(StandardGates.RX, [q], theta);
    public CircuitBuilder RY(ParamExpr theta, int q) => Gate(StandardGates.RY, [q], theta);
    public CircuitBuilder RZ(ParamExpr theta, int q) => Gate(StandardGates.RZ, [q], theta);
    public CircuitBuilder P(ParamExpr lambda, int q) => Gate(StandardGates.P, [q], lambda);
    public CircuitBuilder U(ParamExpr theta, ParamExpr phi, ParamExpr lambda, int q) => Gate(StandardGates.U, [q], theta, phi, lambda);
    public CircuitBuilder CX(int control, int target) => Gate(StandardGates.CX, [control, target]);
    public CircuitBuilder CNOT(int control, int target) => CX(control, target);
    public CircuitBuilder CY(int control, int target) => Gate(StandardGates.CY, [control, target]);
    public CircuitBuilder CZ(int control, int target) => Gate(StandardGates.CZ, [control, target]);
    public CircuitBuilder CH(int control, int target) => Gate(StandardGates.CH, [control, target]);
    public CircuitBuilder CRX(ParamExpr theta, int control, int target) => Gate(StandardGates.CRX, [control, target], theta);
    public CircuitBuilder CRY(ParamExpr theta, int control, int target) => Gate(StandardGates.CRY, [control, target], theta);
    public CircuitBuilder CRZ(ParamExpr theta, int control, int target) => Gate(StandardGates.CRZ, [control, target], theta);
    public CircuitBuilder CP(ParamExpr lambda, int control, int target) => Gate(StandardGates.CP, [control, target], lambda);
    public CircuitBuilder Swap(int a, int b) => Gate(StandardGates.Swap, [a, b]);
    public CircuitBuilder ISwap(int a, int b) => Gate(StandardGates.ISwap, [a, b]);
    public CircuitBuilder RXX(ParamExpr theta, int a, int b) => Gate(StandardGates.RXX, [a, b], theta);
    public CircuitBuilder RYY(ParamExpr theta, int a, int b) => Gate(StandardGates.RYY, [a, b], theta);
    public CircuitBuilder RZZ(ParamExpr theta, int a, int b) => Gate(StandardGates.RZZ, [a, b], theta);
    public CircuitBuilder RZX(ParamExpr theta, int a, int b) => Gate(StandardGates.RZX, [a, b], theta);
    public CircuitBuilder CCX(int c0, int c1, int target) => Gate(StandardGates.CCX, [c0, c1, target]);
    public CircuitBuilder Toffoli(int c0, int c1, int target) => CCX(c0, c1, target);
    public CircuitBuilder CSwap(int control, int a, int b) => Gate(StandardGates.CSwap, [control, a, b]);
#pragma warning restore CS1591

    /// <summary>Measures <paramref name="qubit"/> into classical bit <paramref name="clbit"/>.</summary>
    public CircuitBuilder Measure(int qubit, int clbit) => Append(new Measurement(qubit, clbit));

    /// <summary>Measures qubit i into bit i for every qubit (adds bits if needed).</summary>
    public CircuitBuilder MeasureAll()
    {
        NumClbits = Math.Max(NumClbits, NumQubits);
        for (int q = 0; q < NumQubits; q++)
        {
            Measure(q, q);
        }

        return this;
    }

    /// <summary>Resets a qubit to |0&gt;.</summary>
    public CircuitBuilder Reset(int qubit) => Append(new Reset(qubit));

    /// <summary>A barrier on the given qubits (all qubits when none are given).</summary>
    public CircuitBuilder Barrier(params ReadOnlySpan<int> qubits)
        => Append(new Barrier(qubits.IsEmpty ? [.. Enumerable.Range(0, NumQubits)] : [.. qubits]));

    /// <summary>A noise channel by name and parameters, e.g. <c>Noise("depolarizing", [0.01], 0)</c>.</summary>
    public CircuitBuilder Noise(string channel, ReadOnlySpan<double> parameters, params ReadOnlySpan<int> qubits)
        => Append(new NoiseChannelOperation(channel, [.. parameters], [.. qubits]));

    /// <summary>A noise channel on qubits.</summary>
    public CircuitBuilder Noise(NoiseChannel channel, params ReadOnlySpan<int> qubits)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return Append(new NoiseChannelOperation(channel, [.. qubits]));
    }

    /// <summary>
    /// Feed-forward: the instructions that <paramref name="body"/> adds run only when classical bit
    /// <paramref name="clbit"/> equals <paramref name="value"/>.
    /// </summary>
    public CircuitBuilder If(int clbit, bool value, Action<CircuitBuilder> body)
        => IfCondition(new BitCondition(clbit, value), body);

    /// <summary>As OpenQASM's <c>if(creg==value)</c>: the body runs when the register holds <paramref name="value"/>.</summary>
    public CircuitBuilder IfRegister(Register register, ulong value, Action<CircuitBuilder> body)
    {
        ArgumentNullException.ThrowIfNull(register);
        return IfCondition(new RegisterCondition([.. Enumerable.Range(register.Offset, register.Size)], value, register.Name), body);
    }

    /// <summary>The body's instructions, each conditioned on <paramref name="condition"/>.</summary>
    public CircuitBuilder IfCondition(Condition condition, Action<CircuitBuilder> body)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(body);
        var inner = new CircuitBuilder(NumQubits, NumClbits);
        body(inner);
        foreach (var i in inner._instructions)
        {
            _instructions.Add(new Conditioned(condition, i));
        }

        return this;
    }

    /// <summary>Builds and validates the circuit.</summary>
    /// <exception cref="CircuitValidationException">The circuit is malformed.</exception>
    public Circuit Build()
    {
        ImmutableArray<Register>? q = _qregs.Count > 0 ? [.. _qregs] : null;
        ImmutableArray<Register>? c = _cregs.Count > 0 ? [.. _cregs] : null;
        return new Circuit(NumQubits, NumClbits, _instructions, q, c);
    }
}
