using System.Collections.Immutable;
using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;

namespace Dqml.Circuits.Instructions;

/// <summary>
/// A gate type with its (symbolic) parameters, not yet applied to qubits. Applying it to qubits makes a
/// <see cref="GateOperation"/>.
/// </summary>
public sealed record Gate(GateDefinition Definition, ImmutableArray<ParamExpr> Parameters)
{
    /// <summary>A gate with no parameters.</summary>
    public Gate(GateDefinition definition)
        : this(definition, [])
    {
    }

    /// <summary>Gate name.</summary>
    public string Name => Definition.Name;

    /// <summary>Evaluates the parameters with the given bindings.</summary>
    public double[] BindParameters(IParameterSource? values)
    {
        var r = new double[Parameters.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = Parameters[i].Evaluate(values);
        }

        return r;
    }

    /// <summary>The gate's matrix with parameters bound.</summary>
    public Complex[] Matrix(IParameterSource? values = null) => Definition.Matrix(BindParameters(values));

    /// <inheritdoc />
    public bool Equals(Gate? other) => other is not null && ReferenceEquals(Definition, other.Definition)
        && Parameters.SequenceEqual(other.Parameters);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Definition, Parameters.Length);

    /// <inheritdoc />
    public override string ToString() => Parameters.IsEmpty ? Name : $"{Name}({string.Join(", ", Parameters.Select(p => p.ToText()))})";
}

/// <summary>
/// One step of a circuit. The set is closed: gate operation, measurement, reset, barrier, classically
/// conditioned instruction and noise channel.
/// </summary>
public abstract record Instruction
{
    /// <summary>The qubits this instruction touches, in argument order.</summary>
    public abstract ImmutableArray<int> Qubits { get; }

    /// <summary>The classical bits this instruction reads or writes.</summary>
    public virtual ImmutableArray<int> Clbits => [];
}

/// <summary>A gate applied to qubits (argument order as in <see cref="GateDefinition"/>).</summary>
public sealed record GateOperation(Gate Gate, ImmutableArray<int> Qubits) : Instruction
{
    /// <inheritdoc />
    public override ImmutableArray<int> Qubits { get; } = Qubits;

    /// <inheritdoc />
    public bool Equals(GateOperation? other) => other is not null && Gate.Equals(other.Gate) && Qubits.SequenceEqual(other.Qubits);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Gate, Qubits.Length);

    /// <inheritdoc />
    public override string ToString() => $"{Gate} {string.Join(",", Qubits.Select(q => $"q[{q}]"))}";
}

/// <summary>Z-basis measurement of a qubit into a classical bit (the qubit collapses).</summary>
public sealed record Measurement(int Qubit, int Clbit) : Instruction
{
    /// <inheritdoc />
    public override ImmutableArray<int> Qubits => [Qubit];

    /// <inheritdoc />
    public override ImmutableArray<int> Clbits => [Clbit];
}

/// <summary>Reset of a qubit to |0&gt; (a non-unitary channel).</summary>
public sealed record Reset(int Qubit) : Instruction
{
    /// <inheritdoc />
    public override ImmutableArray<int> Qubits => [Qubit];
}

/// <summary>A scheduling barrier; no effect on the state.</summary>
public sealed record Barrier(ImmutableArray<int> Qubits) : Instruction
{
    /// <inheritdoc />
    public override ImmutableArray<int> Qubits { get; } = Qubits;

    /// <inheritdoc />
    public bool Equals(Barrier? other) => other is not null && Qubits.SequenceEqual(other.Qubits);

    /// <inheritdoc />
    public override int GetHashCode() => Qubits.Length;
}

/// <summary>A classical condition on measured bits.</summary>
public abstract record Condition
{
    /// <summary>The bits read, least significant first.</summary>
    public abstract ImmutableArray<int> Clbits { get; }

    /// <summary>The value the bits must hold (bit j of the value is Clbits[j]).</summary>
    public abstract ulong Value { get; }

    /// <summary>Evaluates the condition on a classical register state (bit i of <paramref name="bits"/> is clbit i).</summary>
    public bool IsSatisfied(ReadOnlySpan<bool> bits)
    {
        var cl = Clbits;
        ulong v = Value;
        for (int j = 0; j < cl.Length; j++)
        {
            if (bits[cl[j]] != (((v >> j) & 1) == 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Evaluates the condition on a packed classical register (bit i of <paramref name="register"/> is clbit i, clbits below 64).</summary>
    public bool IsSatisfied(ulong register)
    {
        var cl = Clbits;
        ulong v = Value;
        for (int j = 0; j < cl.Length; j++)
        {
            if (((register >> cl[j]) & 1) != ((v >> j) & 1))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>True when one bit equals a value.</summary>
public sealed record BitCondition(int Clbit, bool BitValue) : Condition
{
    /// <inheritdoc />
    public override ImmutableArray<int> Clbits => [Clbit];

    /// <inheritdoc />
    public override ulong Value => BitValue ? 1UL : 0UL;
}

/// <summary>True when a register (bits least significant first) holds an integer value, as OpenQASM's if(c==n).</summary>
public sealed record RegisterCondition(ImmutableArray<int> RegisterBits, ulong RegisterValue, string? RegisterName = null) : Condition
{
    /// <inheritdoc />
    public override ImmutableArray<int> Clbits => RegisterBits;

    /// <inheritdoc />
    public override ulong Value => RegisterValue;

    /// <inheritdoc />
    public bool Equals(RegisterCondition? other) => other is not null && RegisterBits.SequenceEqual(other.RegisterBits)
        && RegisterValue == other.RegisterValue && RegisterName == other.RegisterName;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RegisterBits.Length, RegisterValue, RegisterName);
}

/// <summary>An instruction executed only when a classical condition holds (feed-forward).</summary>
public sealed record Conditioned(Condition Condition, Instruction Body) : Instruction
{
    /// <inheritdoc />
    public override ImmutableArray<int> Qubits => Body.Qubits;

    /// <inheritdoc />
    public override ImmutableArray<int> Clbits => [.. Condition.Clbits, .. Body.Clbits];
}

/// <summary>A noise channel applied to qubits (argument j of the channel on Qubits[j]).</summary>
public sealed record NoiseChannelOperation(NoiseChannel Channel, ImmutableArray<int> Qubits) : Instruction
{
    /// <summary>A channel from its name and numeric parameters, e.g. ("depolarizing", [0.01]).</summary>
    /// <exception cref="FormatException">The name is unknown or the parameters do not fit it.</exception>
    public NoiseChannelOperation(string channel, ImmutableArray<double> parameters, ImmutableArray<int> qubits)
        : this(NoiseSpec.ParseChannel(channel, parameters), qubits)
    {
    }

    /// <inheritdoc />
    public override ImmutableArray<int> Qubits { get; } = Qubits;

    /// <inheritdoc />
    public bool Equals(NoiseChannelOperation? other) => other is not null && Channel.Equals(other.Channel)
        && Qubits.SequenceEqual(other.Qubits);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Channel, Qubits.Length);

    /// <inheritdoc />
    public override string ToString() => $"{Channel.Name} {string.Join(",", Qubits.Select(q => $"q[{q}]"))}";
}

/// <summary>
/// Readout error on a classical bit just written by a measurement: the recorded value flips from 0 to 1
/// with probability <see cref="P01"/> and from 1 to 0 with <see cref="P10"/> (a confusion matrix
/// [[1 - P01, P10], [P01, 1 - P10]]). The qubit is not affected.
/// </summary>
public sealed record ReadoutError : Instruction
{
    /// <summary>Creates the error; probabilities must lie in [0, 1].</summary>
    public ReadoutError(int clbit, double p01, double p10)
    {
        if (double.IsNaN(p01) || p01 < 0 || p01 > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p01), p01, $"readout error P(1|0) = {p01} is outside [0, 1]");
        }

        if (double.IsNaN(p10) || p10 < 0 || p10 > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p10), p10, $"readout error P(0|1) = {p10} is outside [0, 1]");
        }

        Clbit = clbit;
        P01 = p01;
        P10 = p10;
    }

    /// <summary>The classical bit.</summary>
    public int Clbit { get; }

    /// <summary>Probability of reading 1 when the outcome was 0.</summary>
    public double P01 { get; }

    /// <summary>Probability of reading 0 when the outcome was 1.</summary>
    public double P10 { get; }

    /// <inheritdoc />
    public override ImmutableArray<int> Qubits => [];

    /// <inheritdoc />
    public override ImmutableArray<int> Clbits => [Clbit];

    /// <summary>Probability that recorded value <paramref name="bit"/> flips.</summary>
    public double FlipProbability(bool bit) => bit ? P10 : P01;
}
