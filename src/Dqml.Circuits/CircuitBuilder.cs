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

    /// <summary>Appends the identity on qubit <paramref name="q"/> (an explicit idle).</summary>
    public CircuitBuilder I(int q) => Gate(StandardGates.Id, [q]);
    /// <summary>Appends the Pauli X (NOT) gate on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder X(int q) => Gate(StandardGates.X, [q]);
    /// <summary>Appends the Pauli Y gate on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder Y(int q) => Gate(StandardGates.Y, [q]);
    /// <summary>Appends the Pauli Z gate on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder Z(int q) => Gate(StandardGates.Z, [q]);
    /// <summary>Appends the Hadamard gate on qubit <paramref name="q"/>: |0&gt; -&gt; |+&gt;, |1&gt; -&gt; |-&gt;.</summary>
    public CircuitBuilder H(int q) => Gate(StandardGates.H, [q]);
    /// <summary>Appends the phase gate S = diag(1, i) on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder S(int q) => Gate(StandardGates.S, [q]);
    /// <summary>Appends S&#8224; = diag(1, -i) on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder Sdg(int q) => Gate(StandardGates.Sdg, [q]);
    /// <summary>Appends T = diag(1, e^{i pi/4}) on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder T(int q) => Gate(StandardGates.T, [q]);
    /// <summary>Appends T&#8224; = diag(1, e^{-i pi/4}) on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder Tdg(int q) => Gate(StandardGates.Tdg, [q]);
    /// <summary>Appends the square root of X on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder SX(int q) => Gate(StandardGates.SX, [q]);
    /// <summary>Appends the inverse square root of X on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder SXdg(int q) => Gate(StandardGates.SXdg, [q]);
    /// <summary>Appends RX(theta) = exp(-i theta X / 2) on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder RX(ParamExpr theta, int q) => Gate(StandardGates.RX, [q], theta);
    /// <summary>Appends RY(theta) = exp(-i theta Y / 2) on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder RY(ParamExpr theta, int q) => Gate(StandardGates.RY, [q], theta);
    /// <summary>Appends RZ(theta) = exp(-i theta Z / 2) on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder RZ(ParamExpr theta, int q) => Gate(StandardGates.RZ, [q], theta);
    /// <summary>Appends the phase gate diag(1, e^{i lambda}) on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder P(ParamExpr lambda, int q) => Gate(StandardGates.P, [q], lambda);
    /// <summary>Appends the general one-qubit gate U(theta, phi, lambda) (OpenQASM's U) on qubit <paramref name="q"/>.</summary>
    public CircuitBuilder U(ParamExpr theta, ParamExpr phi, ParamExpr lambda, int q) => Gate(StandardGates.U, [q], theta, phi, lambda);
    /// <summary>Appends a CNOT: X on <paramref name="target"/> when <paramref name="control"/> is |1&gt;.</summary>
    public CircuitBuilder CX(int control, int target) => Gate(StandardGates.CX, [control, target]);
    /// <summary>Alias of <see cref="CX(int, int)"/>.</summary>
    public CircuitBuilder CNOT(int control, int target) => CX(control, target);
    /// <summary>Appends a controlled Y on <paramref name="target"/>.</summary>
    public CircuitBuilder CY(int control, int target) => Gate(StandardGates.CY, [control, target]);
    /// <summary>Appends a controlled Z (symmetric in its two qubits).</summary>
    public CircuitBuilder CZ(int control, int target) => Gate(StandardGates.CZ, [control, target]);
    /// <summary>Appends a controlled Hadamard on <paramref name="target"/>.</summary>
    public CircuitBuilder CH(int control, int target) => Gate(StandardGates.CH, [control, target]);
    /// <summary>Appends a controlled RX(theta) on <paramref name="target"/>.</summary>
    public CircuitBuilder CRX(ParamExpr theta, int control, int target) => Gate(StandardGates.CRX, [control, target], theta);
    /// <summary>Appends a controlled RY(theta) on <paramref name="target"/>.</summary>
    public CircuitBuilder CRY(ParamExpr theta, int control, int target) => Gate(StandardGates.CRY, [control, target], theta);
    /// <summary>Appends a controlled RZ(theta) on <paramref name="target"/>.</summary>
    public CircuitBuilder CRZ(ParamExpr theta, int control, int target) => Gate(StandardGates.CRZ, [control, target], theta);
    /// <summary>Appends a controlled phase diag(1, 1, 1, e^{i lambda}).</summary>
    public CircuitBuilder CP(ParamExpr lambda, int control, int target) => Gate(StandardGates.CP, [control, target], lambda);
    /// <summary>Appends a SWAP of qubits <paramref name="a"/> and <paramref name="b"/>.</summary>
    public CircuitBuilder Swap(int a, int b) => Gate(StandardGates.Swap, [a, b]);
    /// <summary>Appends iSWAP: swaps <paramref name="a"/> and <paramref name="b"/> with a phase i on |01&gt; and |10&gt;.</summary>
    public CircuitBuilder ISwap(int a, int b) => Gate(StandardGates.ISwap, [a, b]);
    /// <summary>Appends RXX(theta) = exp(-i theta X_a X_b / 2).</summary>
    public CircuitBuilder RXX(ParamExpr theta, int a, int b) => Gate(StandardGates.RXX, [a, b], theta);
    /// <summary>Appends RYY(theta) = exp(-i theta Y_a Y_b / 2).</summary>
    public CircuitBuilder RYY(ParamExpr theta, int a, int b) => Gate(StandardGates.RYY, [a, b], theta);
    /// <summary>Appends RZZ(theta) = exp(-i theta Z_a Z_b / 2).</summary>
    public CircuitBuilder RZZ(ParamExpr theta, int a, int b) => Gate(StandardGates.RZZ, [a, b], theta);
    /// <summary>Appends RZX(theta) = exp(-i theta Z_a X_b / 2): Z on <paramref name="a"/>, X on <paramref name="b"/>.</summary>
    public CircuitBuilder RZX(ParamExpr theta, int a, int b) => Gate(StandardGates.RZX, [a, b], theta);
    /// <summary>Appends a Toffoli: X on <paramref name="target"/> when both controls are |1&gt;.</summary>
    public CircuitBuilder CCX(int c0, int c1, int target) => Gate(StandardGates.CCX, [c0, c1, target]);
    /// <summary>Alias of <see cref="CCX(int, int, int)"/>.</summary>
    public CircuitBuilder Toffoli(int c0, int c1, int target) => CCX(c0, c1, target);
    /// <summary>Appends a Fredkin gate: swaps <paramref name="a"/> and <paramref name="b"/> when <paramref name="control"/> is |1&gt;.</summary>
    public CircuitBuilder CSwap(int control, int a, int b) => Gate(StandardGates.CSwap, [control, a, b]);

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
