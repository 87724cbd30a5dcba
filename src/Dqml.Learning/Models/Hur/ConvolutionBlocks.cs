using Dqml.Circuits;
using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Models.Hur;

/// <summary>
/// The nine two-qubit convolution blocks of Hur, Kim and Park, "Quantum convolutional neural network for
/// classical data classification" (Quantum Mach. Intell. 4, 3 (2022), arXiv:2108.00661, Fig. 2), numbered as
/// the circuits of Sim et al. they come from. Parameter counts in parentheses.
/// </summary>
public enum ConvolutionBlock
{
    /// <summary>U_TTN (2): RY(a), RY(b), CNOT(a -&gt; b).</summary>
    TTN,

    /// <summary>U_5 (10): RX, RX, RZ, RZ, CRZ(b -&gt; a), CRZ(a -&gt; b), RX, RX, RZ, RZ.</summary>
    U5,

    /// <summary>U_6 (10): as U_5 with CRX.</summary>
    U6,

    /// <summary>U_9 (2): H, H, CZ, RX, RX.</summary>
    U9,

    /// <summary>U_13 (6): RY, RY, CRZ(b -&gt; a), RY, RY, CRZ(a -&gt; b).</summary>
    U13,

    /// <summary>U_14 (6): as U_13 with CRX.</summary>
    U14,

    /// <summary>U_15 (4): RY, RY, CNOT(b -&gt; a), RY, RY, CNOT(a -&gt; b).</summary>
    U15,

    /// <summary>U_SO(4) (6): RY, RY, CNOT(a -&gt; b), RY, RY, CNOT(a -&gt; b), RY, RY.</summary>
    SO4,

    /// <summary>U_SU(4) (15): U3, U3, CNOT(a -&gt; b), RY(a), RZ(b), CNOT(b -&gt; a), RY(a), CNOT(a -&gt; b), U3, U3.</summary>
    SU4,
}

/// <summary>
/// Builders for the Hur et al. convolution blocks (<see cref="ConvolutionBlock"/>) on a qubit pair (a, b).
/// </summary>
/// <remarks>
/// <para><b>Source.</b> The gate sequences follow the authors' published code (github.com/takh04/QCNN,
/// <c>unitary.py</c>), which is what produced the paper's numbers; parameters are consumed in that code's
/// order. "RX, RX" means RX(p0) on a then RX(p1) on b; "CRZ(b -&gt; a)" is a CRZ controlled by b acting on a.
/// RX/RY/RZ(t) = exp(-i t P / 2); CRZ/CRX are the controlled rotations (Qiskit's and PennyLane's definition,
/// diag(1, 1, e^{-i t/2}, e^{i t/2}) on (control, target) for CRZ); U3 is Qiskit's U(theta, phi, lambda),
/// equal to PennyLane's U3.</para>
/// <para>Full sequences (parameter index in brackets):
/// TTN: RY[0](a) RY[1](b) CX(a,b).
/// U5: RX[0](a) RX[1](b) RZ[2](a) RZ[3](b) CRZ[4](b,a) CRZ[5](a,b) RX[6](a) RX[7](b) RZ[8](a) RZ[9](b); U6 the same with CRX.
/// U9: H(a) H(b) CZ(a,b) RX[0](a) RX[1](b).
/// U13: RY[0](a) RY[1](b) CRZ[2](b,a) RY[3](a) RY[4](b) CRZ[5](a,b); U14 the same with CRX.
/// U15: RY[0](a) RY[1](b) CX(b,a) RY[2](a) RY[3](b) CX(a,b).
/// SO4: RY[0](a) RY[1](b) CX(a,b) RY[2](a) RY[3](b) CX(a,b) RY[4](a) RY[5](b).
/// SU4: U3[0,1,2](a) U3[3,4,5](b) CX(a,b) RY[6](a) RZ[7](b) CX(b,a) RY[8](a) CX(a,b) U3[9,10,11](a) U3[12,13,14](b).</para>
/// <para>The SU(4) block is the Vatan-Williams decomposition; the authors' code starts with CNOT(a -&gt; b)
/// (some descriptions start with CNOT(b -&gt; a), which is the same family with a and b exchanged).</para>
/// </remarks>
public static class ConvolutionBlocks
{
    /// <summary>All nine blocks, in the paper's order.</summary>
    public static IReadOnlyList<ConvolutionBlock> All { get; } =
    [
        ConvolutionBlock.TTN, ConvolutionBlock.U5, ConvolutionBlock.U6, ConvolutionBlock.U9, ConvolutionBlock.U13,
        ConvolutionBlock.U14, ConvolutionBlock.U15, ConvolutionBlock.SO4, ConvolutionBlock.SU4,
    ];

    /// <summary>The number of trainable parameters of <paramref name="block"/>.</summary>
    public static int ParameterCount(ConvolutionBlock block) => block switch
    {
        ConvolutionBlock.TTN => 2,
        ConvolutionBlock.U5 => 10,
        ConvolutionBlock.U6 => 10,
        ConvolutionBlock.U9 => 2,
        ConvolutionBlock.U13 => 6,
        ConvolutionBlock.U14 => 6,
        ConvolutionBlock.U15 => 4,
        ConvolutionBlock.SO4 => 6,
        ConvolutionBlock.SU4 => 15,
        _ => throw new ArgumentOutOfRangeException(nameof(block), block, "unknown convolution block"),
    };

    /// <summary>The paper's name: <c>U_TTN</c>, <c>U_5</c>, ..., <c>U_SO4</c>, <c>U_SU4</c>.</summary>
    public static string Name(ConvolutionBlock block) => block switch
    {
        ConvolutionBlock.TTN => "U_TTN",
        ConvolutionBlock.U5 => "U_5",
        ConvolutionBlock.U6 => "U_6",
        ConvolutionBlock.U9 => "U_9",
        ConvolutionBlock.U13 => "U_13",
        ConvolutionBlock.U14 => "U_14",
        ConvolutionBlock.U15 => "U_15",
        ConvolutionBlock.SO4 => "U_SO4",
        ConvolutionBlock.SU4 => "U_SU4",
        _ => throw new ArgumentOutOfRangeException(nameof(block), block, "unknown convolution block"),
    };

    /// <summary>
    /// Reads a block name, case-insensitively, with or without the <c>U_</c> prefix and underscores:
    /// <c>U_SU4</c>, <c>su4</c>, <c>ttn</c>, <c>u15</c>, <c>U_15</c>.
    /// </summary>
    public static bool TryParse(string? text, out ConvolutionBlock block)
    {
        block = ConvolutionBlock.TTN;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string key = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        foreach (var b in All)
        {
            string name = Name(b).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant(); // "UTTN", "U5", "USU4"
            if (key == name || "U" + key == name)
            {
                block = b;
                return true;
            }
        }

        return false;
    }

    /// <summary>Trainable symbols <c>{prefix}0</c> .. <c>{prefix}{count-1}</c>.</summary>
    public static ParamExpr[] TrainableParameters(string prefix, int count)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var p = new ParamExpr[count];
        for (int k = 0; k < count; k++)
        {
            p[k] = ParamExpr.Trainable(prefix + k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return p;
    }

    /// <summary>Appends <paramref name="block"/> on (a, b) with trainable parameters <c>{prefix}0</c>, <c>{prefix}1</c>, ...</summary>
    /// <exception cref="ArgumentException">The qubits are equal or out of range.</exception>
    public static CircuitBuilder Append(CircuitBuilder builder, ConvolutionBlock block, int qubitA, int qubitB, string parameterPrefix)
        => Append(builder, block, qubitA, qubitB, TrainableParameters(parameterPrefix, ParameterCount(block)));

    /// <summary>Appends <paramref name="block"/> on (a, b) with the given parameters (any expressions, shared freely).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="block">The block.</param>
    /// <param name="qubitA">Qubit a (the first wire of the block).</param>
    /// <param name="qubitB">Qubit b (the second wire).</param>
    /// <param name="parameters">Exactly <see cref="ParameterCount"/> expressions, in the authors' order.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentException">The qubits are equal or out of range, or the parameter count is wrong.</exception>
    public static CircuitBuilder Append(CircuitBuilder builder, ConvolutionBlock block, int qubitA, int qubitB, IReadOnlyList<ParamExpr> parameters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(parameters);
        int count = ParameterCount(block);
        string what = $"convolution block {Name(block)}";
        CheckPair(builder, qubitA, qubitB, what);
        CheckParameters(parameters, count, what);
        var p = parameters;
        int a = qubitA, b = qubitB;
        switch (block)
        {
            case ConvolutionBlock.TTN:
                builder.RY(p[0], a).RY(p[1], b).CX(a, b);
                break;
            case ConvolutionBlock.U5:
            case ConvolutionBlock.U6:
                builder.RX(p[0], a).RX(p[1], b).RZ(p[2], a).RZ(p[3], b);
                if (block == ConvolutionBlock.U5)
                {
                    builder.CRZ(p[4], b, a).CRZ(p[5], a, b);
                }
                else
                {
                    builder.CRX(p[4], b, a).CRX(p[5], a, b);
                }

                builder.RX(p[6], a).RX(p[7], b).RZ(p[8], a).RZ(p[9], b);
                break;
            case ConvolutionBlock.U9:
                builder.H(a).H(b).CZ(a, b).RX(p[0], a).RX(p[1], b);
                break;
            case ConvolutionBlock.U13:
                builder.RY(p[0], a).RY(p[1], b).CRZ(p[2], b, a).RY(p[3], a).RY(p[4], b).CRZ(p[5], a, b);
                break;
            case ConvolutionBlock.U14:
                builder.RY(p[0], a).RY(p[1], b).CRX(p[2], b, a).RY(p[3], a).RY(p[4], b).CRX(p[5], a, b);
                break;
            case ConvolutionBlock.U15:
                builder.RY(p[0], a).RY(p[1], b).CX(b, a).RY(p[2], a).RY(p[3], b).CX(a, b);
                break;
            case ConvolutionBlock.SO4:
                builder.RY(p[0], a).RY(p[1], b).CX(a, b).RY(p[2], a).RY(p[3], b).CX(a, b).RY(p[4], a).RY(p[5], b);
                break;
            case ConvolutionBlock.SU4:
                builder.U(p[0], p[1], p[2], a).U(p[3], p[4], p[5], b)
                    .CX(a, b).RY(p[6], a).RZ(p[7], b)
                    .CX(b, a).RY(p[8], a)
                    .CX(a, b)
                    .U(p[9], p[10], p[11], a).U(p[12], p[13], p[14], b);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(block), block, "unknown convolution block");
        }

        return builder;
    }

    /// <summary>Checks a two-qubit placement.</summary>
    internal static void CheckPair(CircuitBuilder builder, int qubitA, int qubitB, string what)
    {
        foreach (int q in (ReadOnlySpan<int>)[qubitA, qubitB])
        {
            if (q < 0 || q >= builder.NumQubits)
            {
                throw new ArgumentException($"{what}: qubit {q} is out of range for a {builder.NumQubits}-qubit circuit", q == qubitA ? nameof(qubitA) : nameof(qubitB));
            }
        }

        if (qubitA == qubitB)
        {
            throw new ArgumentException($"{what}: both qubits are {qubitA}; a two-qubit block needs two distinct qubits", nameof(qubitB));
        }
    }

    /// <summary>Checks the parameter list's length and entries.</summary>
    internal static void CheckParameters(IReadOnlyList<ParamExpr> parameters, int count, string what)
    {
        if (parameters.Count != count)
        {
            throw new ArgumentException($"{what} takes {count} parameter(s), got {parameters.Count}", nameof(parameters));
        }

        for (int k = 0; k < count; k++)
        {
            if (parameters[k] is null)
            {
                throw new ArgumentException($"{what}: parameter {k} is null", nameof(parameters));
            }
        }
    }
}

/// <summary>
/// The pooling block of Hur et al. (2 parameters): CRZ(p0) control -&gt; target, X on the control, CRX(p1)
/// control -&gt; target. The control is the qubit pooled away (traced out / measured); the target survives.
/// </summary>
/// <remarks>
/// As the authors' <c>Pooling_ansatz1(params, wires=[control, target])</c>: it applies RZ(p0) to the target
/// when the control is |1&gt; and RX(p1) when it is |0&gt; (the X is not undone; the control is not used again).
/// Expectations on the surviving qubits equal those after measuring the control and applying the rotation
/// conditioned on the outcome (deferred measurement).
/// </remarks>
public static class PoolingBlock
{
    /// <summary>Number of parameters (2).</summary>
    public const int ParameterCount = 2;

    /// <summary>Appends the pooling block with trainable parameters <c>{prefix}0</c>, <c>{prefix}1</c>.</summary>
    /// <exception cref="ArgumentException">The qubits are equal or out of range.</exception>
    public static CircuitBuilder Append(CircuitBuilder builder, int control, int target, string parameterPrefix)
        => Append(builder, control, target, ConvolutionBlocks.TrainableParameters(parameterPrefix, ParameterCount));

    /// <summary>Appends the pooling block with the given two parameters.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="control">The pooled (discarded) qubit.</param>
    /// <param name="target">The surviving qubit.</param>
    /// <param name="parameters">(CRZ angle, CRX angle).</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentException">The qubits are equal or out of range, or there are not two parameters.</exception>
    public static CircuitBuilder Append(CircuitBuilder builder, int control, int target, IReadOnlyList<ParamExpr> parameters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(parameters);
        const string What = "pooling block";
        ConvolutionBlocks.CheckPair(builder, control, target, What);
        ConvolutionBlocks.CheckParameters(parameters, ParameterCount, What);
        return builder.CRZ(parameters[0], control, target).X(control).CRX(parameters[1], control, target);
    }
}
