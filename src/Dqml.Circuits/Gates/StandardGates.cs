using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics;

namespace Dqml.Circuits.Gates;

/// <summary>
/// The gate catalog: every gate of OpenQASM 2's qelib1.inc (plus the builtins U and CX) and the common
/// extras (iswap, ryy, rzx, dcx, ecr, ccz, cs, csdg). Matrices follow Qiskit's definitions and its
/// little-endian argument order (see <see cref="GateDefinition"/>).
/// </summary>
public static class StandardGates
{
    private static readonly Complex I = Complex.ImaginaryOne;
    private static readonly double S2 = 1 / Math.Sqrt(2);

    // ---- Paulis and fixed one-qubit gates
    /// <summary>The one-qubit identity ("id").</summary>
    public static GateDefinition Id { get; } = Fixed("id", 1, [1, 0, 0, 1], diagonal: true);
    /// <summary>Pauli X, the NOT gate ("x").</summary>
    public static GateDefinition X { get; } = Fixed("x", 1, [0, 1, 1, 0]);
    /// <summary>Pauli Y ("y").</summary>
    public static GateDefinition Y { get; } = Fixed("y", 1, [0, -I, I, 0]);
    /// <summary>Pauli Z ("z").</summary>
    public static GateDefinition Z { get; } = Fixed("z", 1, [1, 0, 0, -1], diagonal: true);
    /// <summary>Hadamard ("h"): (X + Z) / sqrt 2.</summary>
    public static GateDefinition H { get; } = Fixed("h", 1, [S2, S2, S2, -S2]);
    /// <summary>S = diag(1, i), the square root of Z ("s").</summary>
    public static GateDefinition S { get; } = Fixed("s", 1, [1, 0, 0, I], diagonal: true);
    /// <summary>S&#8224; = diag(1, -i) ("sdg").</summary>
    public static GateDefinition Sdg { get; } = Fixed("sdg", 1, [1, 0, 0, -I], diagonal: true);
    /// <summary>T = diag(1, e^{i pi/4}), the square root of S ("t").</summary>
    public static GateDefinition T { get; } = Fixed("t", 1, [1, 0, 0, Complex.FromPolarCoordinates(1, Math.PI / 4)], diagonal: true);
    /// <summary>T&#8224; = diag(1, e^{-i pi/4}) ("tdg").</summary>
    public static GateDefinition Tdg { get; } = Fixed("tdg", 1, [1, 0, 0, Complex.FromPolarCoordinates(1, -Math.PI / 4)], diagonal: true);
    /// <summary>The square root of X ("sx"), e^{i pi/4} RX(pi/2).</summary>
    public static GateDefinition SX { get; } = Fixed("sx", 1, [new(0.5, 0.5), new(0.5, -0.5), new(0.5, -0.5), new(0.5, 0.5)]);
    /// <summary>The inverse square root of X ("sxdg").</summary>
    public static GateDefinition SXdg { get; } = Fixed("sxdg", 1, [new(0.5, -0.5), new(0.5, 0.5), new(0.5, 0.5), new(0.5, -0.5)]);

    // ---- Rotations: R_P(t) = exp(-i t P / 2)
    /// <summary>RX(theta) = exp(-i theta X / 2) ("rx"); two-term parameter-shift rule.</summary>
    public static GateDefinition RX { get; } = Rotation("rx", 1, p => RotationMatrix(p[0], [0, 1, 1, 0]), [0, 0.5, 0.5, 0]);
    /// <summary>RY(theta) = exp(-i theta Y / 2) ("ry"); two-term parameter-shift rule.</summary>
    public static GateDefinition RY { get; } = Rotation("ry", 1, p => RotationMatrix(p[0], [0, -I, I, 0]), [0, -0.5 * I, 0.5 * I, 0]);
    /// <summary>RZ(theta) = exp(-i theta Z / 2) ("rz"), diagonal; two-term parameter-shift rule.</summary>
    public static GateDefinition RZ { get; } = Rotation("rz", 1, p => Diag(Complex.FromPolarCoordinates(1, -p[0] / 2), Complex.FromPolarCoordinates(1, p[0] / 2)), [0.5, 0, 0, -0.5], diagonal: true);

    /// <summary>Phase gate diag(1, e^{i lambda}); generator -|1&gt;&lt;1|.</summary>
    public static GateDefinition P { get; } = Phase("p");
    /// <summary>qelib1's u1(lambda), the same matrix as <see cref="P"/>.</summary>
    public static GateDefinition U1 { get; } = Phase("u1");
    /// <summary>qelib1's u2(phi, lambda) = U3(pi/2, phi, lambda).</summary>
    public static GateDefinition U2 { get; } = GateDefinition.Create("u2", 1, 2, p => U3Matrix(Math.PI / 2, p[0], p[1]),
        shiftRules: [GateDefinition.TwoTermRule, GateDefinition.TwoTermRule]);
    /// <summary>qelib1's u3(theta, phi, lambda), the general one-qubit rotation.</summary>
    public static GateDefinition U3 { get; } = GateDefinition.Create("u3", 1, 3, p => U3Matrix(p[0], p[1], p[2]),
        shiftRules: [GateDefinition.TwoTermRule, GateDefinition.TwoTermRule, GateDefinition.TwoTermRule]);
    /// <summary>The OpenQASM builtin U(theta, phi, lambda), the same matrix as <see cref="U3"/>.</summary>
    public static GateDefinition U { get; } = GateDefinition.Create("u", 1, 3, p => U3Matrix(p[0], p[1], p[2]),
        shiftRules: [GateDefinition.TwoTermRule, GateDefinition.TwoTermRule, GateDefinition.TwoTermRule]);

    /// <summary>qelib1's u0(gamma): an idle of gamma units, the identity.</summary>
    public static GateDefinition U0 { get; } = GateDefinition.Create("u0", 1, 1, _ => [1, 0, 0, 1], isDiagonal: true);

    // ---- Two-qubit gates (first argument least significant; controls first)
    /// <summary>Controlled X, CNOT ("cx"); the first argument is the control.</summary>
    public static GateDefinition CX { get; } = GateDefinition.Controlled(X, 1, "cx");
    /// <summary>Controlled Y ("cy").</summary>
    public static GateDefinition CY { get; } = GateDefinition.Controlled(Y, 1, "cy");
    /// <summary>Controlled Z ("cz"), diagonal and symmetric.</summary>
    public static GateDefinition CZ { get; } = GateDefinition.Controlled(Z, 1, "cz");
    /// <summary>Controlled Hadamard ("ch").</summary>
    public static GateDefinition CH { get; } = GateDefinition.Controlled(H, 1, "ch");
    /// <summary>Controlled square root of X ("csx").</summary>
    public static GateDefinition CSX { get; } = GateDefinition.Controlled(SX, 1, "csx");
    /// <summary>Controlled S ("cs").</summary>
    public static GateDefinition CS { get; } = GateDefinition.Controlled(S, 1, "cs");
    /// <summary>Controlled S&#8224; ("csdg").</summary>
    public static GateDefinition CSdg { get; } = GateDefinition.Controlled(Sdg, 1, "csdg");
    /// <summary>Controlled RX(theta) ("crx"); four-term parameter-shift rule.</summary>
    public static GateDefinition CRX { get; } = GateDefinition.Controlled(RX, 1, "crx");
    /// <summary>Controlled RY(theta) ("cry"); four-term parameter-shift rule.</summary>
    public static GateDefinition CRY { get; } = GateDefinition.Controlled(RY, 1, "cry");
    /// <summary>Controlled RZ(theta) ("crz"); four-term parameter-shift rule.</summary>
    public static GateDefinition CRZ { get; } = GateDefinition.Controlled(RZ, 1, "crz");
    /// <summary>Controlled phase diag(1, 1, 1, e^{i lambda}) ("cp").</summary>
    public static GateDefinition CP { get; } = GateDefinition.Controlled(P, 1, "cp");
    /// <summary>qelib1's cu1(lambda), the same matrix as <see cref="CP"/>.</summary>
    public static GateDefinition CU1 { get; } = GateDefinition.Controlled(U1, 1, "cu1");
    /// <summary>Controlled U3(theta, phi, lambda) ("cu3").</summary>
    public static GateDefinition CU3 { get; } = GateDefinition.Controlled(U3, 1, "cu3");

    /// <summary>Controlled (e^{i gamma} U3(theta, phi, lambda)); parameters (theta, phi, lambda, gamma).</summary>
    public static GateDefinition CU { get; } = GateDefinition.Controlled(
        GateDefinition.Create("u_gamma", 1, 4, p => Scale(U3Matrix(p[0], p[1], p[2]), Complex.FromPolarCoordinates(1, p[3])),
            shiftRules: [[], [], [], []]), 1, "cu");

    /// <summary>SWAP of two qubits ("swap").</summary>
    public static GateDefinition Swap { get; } = Fixed("swap", 2, [1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    /// <summary>iSWAP ("iswap"): swaps the qubits with a phase i on |01&gt; and |10&gt;.</summary>
    public static GateDefinition ISwap { get; } = Fixed("iswap", 2, [1, 0, 0, 0, 0, 0, I, 0, 0, I, 0, 0, 0, 0, 0, 1]);

    /// <summary>DCX: CX(a, b) followed by CX(b, a).</summary>
    public static GateDefinition Dcx { get; } = Fixed("dcx", 2, MatrixMath.Compose(2, [(CX.Matrix([]), [0, 1]), (CX.Matrix([]), [1, 0])]));

    /// <summary>Echoed cross-resonance gate (Qiskit's ECRGate).</summary>
    public static GateDefinition Ecr { get; } = Fixed("ecr", 2, [0, S2, 0, S2 * I, S2, 0, -S2 * I, 0, 0, S2 * I, 0, S2, -S2 * I, 0, S2, 0]);

    /// <summary>exp(-i t X(x)X / 2).</summary>
    public static GateDefinition RXX { get; } = Rotation("rxx", 2, p => RotationMatrix(p[0], Pauli2('X', 'X')), Half(Pauli2('X', 'X')));
    /// <summary>exp(-i t Y(x)Y / 2) ("ryy").</summary>
    public static GateDefinition RYY { get; } = Rotation("ryy", 2, p => RotationMatrix(p[0], Pauli2('Y', 'Y')), Half(Pauli2('Y', 'Y')));
    /// <summary>exp(-i t Z(x)Z / 2) ("rzz"), diagonal.</summary>
    public static GateDefinition RZZ { get; } = Rotation("rzz", 2, p => RotationMatrix(p[0], Pauli2('Z', 'Z')), Half(Pauli2('Z', 'Z')), diagonal: true);

    /// <summary>rzx(t) a, b = exp(-i t Z_a X_b / 2): Z on the first argument, X on the second.</summary>
    public static GateDefinition RZX { get; } = Rotation("rzx", 2, p => RotationMatrix(p[0], Pauli2('Z', 'X')), Half(Pauli2('Z', 'X')));

    // ---- Three and more qubits
    /// <summary>Toffoli, doubly controlled X ("ccx"); controls first.</summary>
    public static GateDefinition CCX { get; } = GateDefinition.Controlled(X, 2, "ccx");
    /// <summary>Doubly controlled Z ("ccz"), diagonal.</summary>
    public static GateDefinition CCZ { get; } = GateDefinition.Controlled(Z, 2, "ccz");
    /// <summary>Fredkin, controlled SWAP ("cswap"); control first.</summary>
    public static GateDefinition CSwap { get; } = GateDefinition.Controlled(Swap, 1, "cswap");
    /// <summary>Triply controlled X ("c3x").</summary>
    public static GateDefinition C3X { get; } = GateDefinition.Controlled(X, 3, "c3x");
    /// <summary>Four-times controlled X ("c4x").</summary>
    public static GateDefinition C4X { get; } = GateDefinition.Controlled(X, 4, "c4x");
    /// <summary>Triply controlled square root of X (qelib1's "c3sqrtx").</summary>
    public static GateDefinition C3SX { get; } = GateDefinition.Controlled(SX, 3, "c3sqrtx");

    /// <summary>Relative-phase Toffoli (Margolus), as qelib1.inc defines it.</summary>
    public static GateDefinition RCCX { get; } = Fixed("rccx", 3, MatrixMath.Compose(3,
    [
        (U2.Matrix([0, Math.PI]), [2]), (U1.Matrix([Math.PI / 4]), [2]), (CX.Matrix([]), [1, 2]),
        (U1.Matrix([-Math.PI / 4]), [2]), (CX.Matrix([]), [0, 2]), (U1.Matrix([Math.PI / 4]), [2]),
        (CX.Matrix([]), [1, 2]), (U1.Matrix([-Math.PI / 4]), [2]), (U2.Matrix([0, Math.PI]), [2]),
    ]));

    /// <summary>Relative-phase 3-controlled X, as qelib1.inc defines it.</summary>
    public static GateDefinition RC3X { get; } = Fixed("rc3x", 4, MatrixMath.Compose(4,
    [
        (U2.Matrix([0, Math.PI]), [3]), (U1.Matrix([Math.PI / 4]), [3]), (CX.Matrix([]), [2, 3]),
        (U1.Matrix([-Math.PI / 4]), [3]), (U2.Matrix([0, Math.PI]), [3]), (CX.Matrix([]), [0, 3]),
        (U1.Matrix([Math.PI / 4]), [3]), (CX.Matrix([]), [1, 3]), (U1.Matrix([-Math.PI / 4]), [3]),
        (CX.Matrix([]), [0, 3]), (U1.Matrix([Math.PI / 4]), [3]), (CX.Matrix([]), [1, 3]),
        (U1.Matrix([-Math.PI / 4]), [3]), (U2.Matrix([0, Math.PI]), [3]), (U1.Matrix([Math.PI / 4]), [3]),
        (CX.Matrix([]), [2, 3]), (U1.Matrix([-Math.PI / 4]), [3]), (U2.Matrix([0, Math.PI]), [3]),
    ]));

    /// <summary>All catalog gates by name (lower case, as in OpenQASM; also "U" and "CX" builtins).</summary>
    public static FrozenDictionary<string, GateDefinition> ByName { get; } = BuildIndex();

    /// <summary>The catalog gates in a stable order.</summary>
    public static ImmutableArray<GateDefinition> All { get; } = [.. ByName.Values.Distinct().OrderBy(g => g.NumQubits).ThenBy(g => g.Name, StringComparer.Ordinal)];

    /// <summary>Looks a gate up by name.</summary>
    public static bool TryGet(string name, out GateDefinition gate) => ByName.TryGetValue(name, out gate!);

    /// <summary>U3(theta, phi, lambda) = [[cos t/2, -e^{i l} sin t/2], [e^{i p} sin t/2, e^{i (p+l)} cos t/2]].</summary>
    public static Complex[] U3Matrix(double theta, double phi, double lambda)
    {
        double c = Math.Cos(theta / 2), s = Math.Sin(theta / 2);
        return
        [
            c, -Complex.FromPolarCoordinates(s, lambda),
            Complex.FromPolarCoordinates(s, phi), Complex.FromPolarCoordinates(c, phi + lambda),
        ];
    }

    private static FrozenDictionary<string, GateDefinition> BuildIndex()
    {
        GateDefinition[] gates =
        [
            Id, X, Y, Z, H, S, Sdg, T, Tdg, SX, SXdg, RX, RY, RZ, P, U1, U2, U3, U, U0,
            CX, CY, CZ, CH, CSX, CS, CSdg, CRX, CRY, CRZ, CP, CU1, CU3, CU, Swap, ISwap, Dcx, Ecr, RXX, RYY, RZZ, RZX,
            CCX, CCZ, CSwap, C3X, C4X, C3SX, RCCX, RC3X,
        ];
        var d = gates.ToDictionary(g => g.Name, StringComparer.Ordinal);
        d["U"] = U;
        d["CX"] = CX;
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static GateDefinition Fixed(string name, int nq, Complex[] m, bool diagonal = false)
    {
        var copy = m;
        return GateDefinition.Create(name, nq, 0, _ => (Complex[])copy.Clone(), diagonal);
    }

    private static GateDefinition Rotation(string name, int nq, MatrixFactory m, Complex[] generator, bool diagonal = false)
        => GateDefinition.Create(name, nq, 1, m, diagonal, [GateDefinition.TwoTermRule], _ => (Complex[])generator.Clone());

    private static GateDefinition Phase(string name)
        => GateDefinition.Create(name, 1, 1, p => Diag(1, Complex.FromPolarCoordinates(1, p[0])), isDiagonal: true,
            shiftRules: [GateDefinition.TwoTermRule], generator: _ => [0, 0, 0, -1]);

    /// <summary>cos(t/2) I - i sin(t/2) P for a Pauli (or Pauli product) P.</summary>
    private static Complex[] RotationMatrix(double t, Complex[] pauli)
    {
        int d = (int)Math.Sqrt(pauli.Length);
        double c = Math.Cos(t / 2), s = Math.Sin(t / 2);
        var r = new Complex[pauli.Length];
        for (int i = 0; i < pauli.Length; i++)
        {
            r[i] = (-I * s * pauli[i]) + (i % (d + 1) == 0 ? c : 0);
        }

        return r;
    }

    private static Complex[] Pauli(char p) => p switch
    {
        'X' => [0, 1, 1, 0],
        'Y' => [0, -I, I, 0],
        'Z' => [1, 0, 0, -1],
        _ => [1, 0, 0, 1],
    };

    /// <summary>P_first on argument 0 (low bit) and P_second on argument 1.</summary>
    private static Complex[] Pauli2(char first, char second) => MatrixMath.Kron(Pauli(second), 2, Pauli(first), 2);

    private static Complex[] Half(Complex[] m) => Scale(m, 0.5);

    private static Complex[] Scale(Complex[] m, Complex f)
    {
        var r = new Complex[m.Length];
        for (int i = 0; i < m.Length; i++)
        {
            r[i] = m[i] * f;
        }

        return r;
    }

    private static Complex[] Diag(Complex a, Complex b) => [a, 0, 0, b];
}
