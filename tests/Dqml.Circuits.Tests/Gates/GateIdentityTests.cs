using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Testing;

namespace Dqml.Circuits.Tests.Gates;

/// <summary>Circuit identities checked through <see cref="MatrixMath.Compose"/> against hand-written matrices.</summary>
public class GateIdentityTests
{
    private const double Tol = 1e-12;

    private static (Complex[] Matrix, int[] Qubits) G(GateDefinition gate, params int[] qubits) => (gate.Matrix([]), qubits);

    private static (Complex[] Matrix, int[] Qubits) G(GateDefinition gate, double[] parameters, params int[] qubits) => (gate.Matrix(parameters), qubits);

    private static Complex[] Book(string name, params double[] p) => DenseMatrix.ToRowMajor(Textbook.Gates[name].Matrix(p));

    private static Complex[] Identity(int d) => DenseMatrix.ToRowMajor(DenseMatrix.Identity(d));

    public static TheoryData<double> Angles() => new() { 0.0, 0.3, -1.7, Math.PI / 2, Math.PI, 2.9, -5.5 };

    [Fact]
    public void Compose_HZH_EqualsX() => ComplexAssert.MatrixEqual(Book("x"),
        MatrixMath.Compose(1, [G(StandardGates.H, 0), G(StandardGates.Z, 0), G(StandardGates.H, 0)]), Tol);

    [Fact]
    public void Compose_HXH_EqualsZ() => ComplexAssert.MatrixEqual(Book("z"),
        MatrixMath.Compose(1, [G(StandardGates.H, 0), G(StandardGates.X, 0), G(StandardGates.H, 0)]), Tol);

    [Fact]
    public void Compose_SSquared_EqualsZ() => ComplexAssert.MatrixEqual(Book("z"),
        MatrixMath.Compose(1, [G(StandardGates.S, 0), G(StandardGates.S, 0)]), Tol);

    [Fact]
    public void Compose_TSquared_EqualsS() => ComplexAssert.MatrixEqual(Book("s"),
        MatrixMath.Compose(1, [G(StandardGates.T, 0), G(StandardGates.T, 0)]), Tol);

    [Fact]
    public void Compose_SXSquared_EqualsX() => ComplexAssert.MatrixEqual(Book("x"),
        MatrixMath.Compose(1, [G(StandardGates.SX, 0), G(StandardGates.SX, 0)]), Tol);

    [Fact]
    public void Compose_DaggerPairs_AreIdentity()
    {
        foreach (var (a, b) in new[] { (StandardGates.S, StandardGates.Sdg), (StandardGates.T, StandardGates.Tdg), (StandardGates.SX, StandardGates.SXdg), (StandardGates.CS, StandardGates.CSdg) })
        {
            int n = a.NumQubits;
            var q = Enumerable.Range(0, n).ToArray();
            ComplexAssert.MatrixEqual(Identity(1 << n), MatrixMath.Compose(n, [G(a, q), G(b, q)]), Tol, $"{a.Name}·{b.Name}");
        }
    }

    [Fact]
    public void Compose_YEqualsIXZ() => ComplexAssert.MatrixEqual(Book("y"),
        MatrixMath.Compose(1, [G(StandardGates.Z, 0), G(StandardGates.X, 0)]).Select(z => z * Complex.ImaginaryOne).ToArray(), Tol);

    [Fact]
    public void Compose_HadamardConjugatedCZ_EqualsCNOT() => ComplexAssert.MatrixEqual(Book("cx"),
        MatrixMath.Compose(2, [G(StandardGates.H, 1), G(StandardGates.CZ, 0, 1), G(StandardGates.H, 1)]), Tol);

    [Fact]
    public void Compose_CXReversedArguments_ControlIsHighBit()
    {
        var expected = Textbook.Permutation(4, (2, 3));
        ComplexAssert.MatrixEqual(DenseMatrix.ToRowMajor(expected), MatrixMath.Compose(2, [G(StandardGates.CX, 1, 0)]), Tol);
    }

    [Fact]
    public void Compose_ThreeCNOTs_EqualsSwap() => ComplexAssert.MatrixEqual(Book("swap"),
        MatrixMath.Compose(2, [G(StandardGates.CX, 0, 1), G(StandardGates.CX, 1, 0), G(StandardGates.CX, 0, 1)]), Tol);

    [Fact]
    public void Compose_TwoCNOTs_EqualsDcx() => ComplexAssert.MatrixEqual(Book("dcx"),
        MatrixMath.Compose(2, [G(StandardGates.CX, 0, 1), G(StandardGates.CX, 1, 0)]), Tol);

    [Fact]
    public void Compose_StandardToffoliDecomposition_EqualsCCX()
    {
        const int a = 0, b = 1, c = 2;
        var seq = new[]
        {
            G(StandardGates.H, c), G(StandardGates.CX, b, c), G(StandardGates.Tdg, c), G(StandardGates.CX, a, c),
            G(StandardGates.T, c), G(StandardGates.CX, b, c), G(StandardGates.Tdg, c), G(StandardGates.CX, a, c),
            G(StandardGates.T, b), G(StandardGates.T, c), G(StandardGates.H, c), G(StandardGates.CX, a, b),
            G(StandardGates.T, a), G(StandardGates.Tdg, b), G(StandardGates.CX, a, b),
        };
        ComplexAssert.MatrixEqual(Book("ccx"), MatrixMath.Compose(3, seq), Tol);
    }

    [Fact]
    public void Compose_HadamardConjugatedToffoli_EqualsCCZ() => ComplexAssert.MatrixEqual(Book("ccz"),
        MatrixMath.Compose(3, [G(StandardGates.H, 2), G(StandardGates.CCX, 0, 1, 2), G(StandardGates.H, 2)]), Tol);

    [Fact]
    public void Compose_ToffoliOnPermutedQubits_MatchesTextbookPermutation()
    {
        // ccx with controls 2 and 0 and target 1: flips bit 1 when bits 0 and 2 are set: |101> <-> |111>.
        ComplexAssert.MatrixEqual(DenseMatrix.ToRowMajor(Textbook.Permutation(8, (5, 7))),
            MatrixMath.Compose(3, [G(StandardGates.CCX, 2, 0, 1)]), Tol);
    }

    [Fact]
    public void Compose_CSwapFromToffolis_EqualsCSwap() => ComplexAssert.MatrixEqual(Book("cswap"),
        MatrixMath.Compose(3, [G(StandardGates.CX, 2, 1), G(StandardGates.CCX, 0, 1, 2), G(StandardGates.CX, 2, 1)]), Tol);

    [Theory]
    [MemberData(nameof(Angles))]
    public void Compose_CXRZCX_EqualsRZZ(double theta) => ComplexAssert.MatrixEqual(Book("rzz", theta),
        MatrixMath.Compose(2, [G(StandardGates.CX, 0, 1), G(StandardGates.RZ, [theta], 1), G(StandardGates.CX, 0, 1)]), Tol);

    [Theory]
    [MemberData(nameof(Angles))]
    public void Compose_HadamardOnSecondQubit_TurnsRZZIntoRZX(double theta) => ComplexAssert.MatrixEqual(Book("rzx", theta),
        MatrixMath.Compose(2, [G(StandardGates.H, 1), G(StandardGates.RZZ, [theta], 0, 1), G(StandardGates.H, 1)]), Tol);

    [Theory]
    [MemberData(nameof(Angles))]
    public void Compose_HadamardsOnBoth_TurnRZZIntoRXX(double theta) => ComplexAssert.MatrixEqual(Book("rxx", theta),
        MatrixMath.Compose(2, [G(StandardGates.H, 0), G(StandardGates.H, 1), G(StandardGates.RZZ, [theta], 0, 1), G(StandardGates.H, 0), G(StandardGates.H, 1)]), Tol);

    [Theory]
    [MemberData(nameof(Angles))]
    public void Compose_SConjugatedRXX_EqualsRYY(double theta) => ComplexAssert.MatrixEqual(Book("ryy", theta),
        MatrixMath.Compose(2, [G(StandardGates.Sdg, 0), G(StandardGates.Sdg, 1), G(StandardGates.RXX, [theta], 0, 1), G(StandardGates.S, 0), G(StandardGates.S, 1)]), Tol);

    [Theory]
    [MemberData(nameof(Angles))]
    public void Compose_Qelib1RyyDefinition_EqualsRYY(double theta)
    {
        double h = Math.PI / 2;
        var seq = new[]
        {
            G(StandardGates.RX, [h], 0), G(StandardGates.RX, [h], 1), G(StandardGates.CX, 0, 1), G(StandardGates.RZ, [theta], 1),
            G(StandardGates.CX, 0, 1), G(StandardGates.RX, [-h], 0), G(StandardGates.RX, [-h], 1),
        };
        ComplexAssert.MatrixEqual(Book("ryy", theta), MatrixMath.Compose(2, seq), Tol);
    }

    [Theory]
    [MemberData(nameof(Angles))]
    public void Compose_Qelib1CrzDefinition_EqualsCRZ(double theta) => ComplexAssert.MatrixEqual(Book("crz", theta),
        MatrixMath.Compose(2, [G(StandardGates.RZ, [theta / 2], 1), G(StandardGates.CX, 0, 1), G(StandardGates.RZ, [-theta / 2], 1), G(StandardGates.CX, 0, 1)]), Tol);

    [Theory]
    [MemberData(nameof(Angles))]
    public void Compose_Qelib1Cu1Definition_EqualsCP(double lambda) => ComplexAssert.MatrixEqual(Book("cp", lambda),
        MatrixMath.Compose(2,
        [
            G(StandardGates.U1, [lambda / 2], 0), G(StandardGates.CX, 0, 1), G(StandardGates.U1, [-lambda / 2], 1),
            G(StandardGates.CX, 0, 1), G(StandardGates.U1, [lambda / 2], 1),
        ]), Tol);

    [Fact]
    public void Compose_EcrFromRZX_MatchesEcr() => ComplexAssert.MatrixEqual(Book("ecr"),
        MatrixMath.Compose(2, [G(StandardGates.RZX, [Math.PI / 4], 0, 1), G(StandardGates.X, 0), G(StandardGates.RZX, [-Math.PI / 4], 0, 1)]), Tol);

    [Fact]
    public void Compose_RXXandRYYAtMinusHalfPi_EqualsISwap() => ComplexAssert.MatrixEqual(Book("iswap"),
        MatrixMath.Compose(2, [G(StandardGates.RXX, [-Math.PI / 2], 0, 1), G(StandardGates.RYY, [-Math.PI / 2], 0, 1)]), Tol);

    [Fact]
    public void Compose_ControlledRootsSquared_EqualControlledGates()
    {
        ComplexAssert.MatrixEqual(Book("cx"), MatrixMath.Compose(2, [G(StandardGates.CSX, 0, 1), G(StandardGates.CSX, 0, 1)]), Tol);
        ComplexAssert.MatrixEqual(Book("cz"), MatrixMath.Compose(2, [G(StandardGates.CS, 0, 1), G(StandardGates.CS, 0, 1)]), Tol);
        ComplexAssert.MatrixEqual(Book("c3x"), MatrixMath.Compose(4, [G(StandardGates.C3SX, 0, 1, 2, 3), G(StandardGates.C3SX, 0, 1, 2, 3)]), Tol);
    }

    [Theory]
    [InlineData(0.4, 1.1, -2.3)]
    [InlineData(-3.0, 0.0, 5.0)]
    [InlineData(Math.PI, -Math.PI / 2, Math.PI / 2)]
    public void U3_Relations_HoldForU2U1PAndEulerAngles(double theta, double phi, double lambda)
    {
        ComplexAssert.MatrixEqual(StandardGates.U3.Matrix([Math.PI / 2, phi, lambda]), StandardGates.U2.Matrix([phi, lambda]), Tol, "u2 = u3(pi/2, .)");
        ComplexAssert.MatrixEqual(StandardGates.U3.Matrix([0, 0, lambda]), StandardGates.U1.Matrix([lambda]), Tol, "u1 = u3(0, 0, .)");
        ComplexAssert.MatrixEqual(StandardGates.U1.Matrix([lambda]), StandardGates.P.Matrix([lambda]), Tol, "p = u1");
        ComplexAssert.MatrixEqual(StandardGates.U3.Matrix([theta, phi, lambda]), StandardGates.U.Matrix([theta, phi, lambda]), Tol, "u = u3");
        ComplexAssert.MatrixEqual(Book("rx", theta), StandardGates.U3.Matrix([theta, -Math.PI / 2, Math.PI / 2]), Tol, "rx = u3(t, -pi/2, pi/2)");
        ComplexAssert.MatrixEqual(Book("ry", theta), StandardGates.U3.Matrix([theta, 0, 0]), Tol, "ry = u3(t, 0, 0)");

        // u3(t, p, l) = e^{i (p + l) / 2} rz(p) ry(t) rz(l)
        var euler = MatrixMath.Compose(1, [G(StandardGates.RZ, [lambda], 0), G(StandardGates.RY, [theta], 0), G(StandardGates.RZ, [phi], 0)]);
        var phase = Complex.FromPolarCoordinates(1, (phi + lambda) / 2);
        ComplexAssert.MatrixEqual(StandardGates.U3.Matrix([theta, phi, lambda]), euler.Select(z => z * phase).ToArray(), Tol, "ZYZ Euler");

        // u3(t, p, l) = p(p) ry(t) p(l) exactly
        ComplexAssert.MatrixEqual(Book("u3", theta, phi, lambda),
            MatrixMath.Compose(1, [G(StandardGates.P, [lambda], 0), G(StandardGates.RY, [theta], 0), G(StandardGates.P, [phi], 0)]), Tol, "p ry p");
    }

    [Theory]
    [InlineData(0.4, 1.1, -2.3, 0.7)]
    [InlineData(-3.0, 0.0, 5.0, -1.2)]
    public void CU3_EqualsControlledU3_AndCUAddsControlPhase(double theta, double phi, double lambda, double gamma)
    {
        var controlled = GateDefinition.Controlled(StandardGates.U3);
        ComplexAssert.MatrixEqual(Book("cu3", theta, phi, lambda), controlled.Matrix([theta, phi, lambda]), Tol, "Controlled(u3)");
        ComplexAssert.MatrixEqual(Book("cu3", theta, phi, lambda), StandardGates.CU3.Matrix([theta, phi, lambda]), Tol, "cu3");
        ComplexAssert.MatrixEqual(StandardGates.CU.Matrix([theta, phi, lambda, gamma]),
            MatrixMath.Compose(2, [G(StandardGates.CU3, [theta, phi, lambda], 0, 1), G(StandardGates.P, [gamma], 0)]), Tol, "cu = p(gamma) on control after cu3");
    }

    [Fact]
    public void RCCX_EqualsToffoliUpToDiagonalRelativePhase() => AssertRelativePhaseVersion(StandardGates.RCCX, Book("ccx"), 8);

    [Fact]
    public void RC3X_EqualsC3XUpToDiagonalRelativePhase() => AssertRelativePhaseVersion(StandardGates.RC3X, Book("c3x"), 16);

    private static void AssertRelativePhaseVersion(GateDefinition gate, Complex[] reference, int d)
    {
        var m = gate.Matrix([]);
        ComplexAssert.MagnitudesEqual(reference, m, Tol, $"|{gate.Name}| vs |reference|");

        // m = D * reference with D diagonal and unimodular  <=>  m * reference^dagger is diagonal unitary.
        var prod = DenseMatrix.Multiply(DenseMatrix.FromRowMajor(m), DenseMatrix.Adjoint(DenseMatrix.FromRowMajor(reference)));
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                double expectedMagnitude = r == c ? 1 : 0;
                Assert.True(Math.Abs(prod[r, c].Magnitude - expectedMagnitude) < Tol, $"{gate.Name} * ref^dagger entry ({r},{c}) = {prod[r, c]}");
            }
        }
    }

    [Fact]
    public void Compose_RandomSequences_MatchNaiveKroneckerReference()
    {
        var rng = new Random(1234);
        for (int trial = 0; trial < 40; trial++)
        {
            int m = 1 + rng.Next(5);
            var seq = new List<(Complex[], int[])>();
            var expected = DenseMatrix.Identity(1 << m);
            for (int k = 0; k < 6; k++)
            {
                var op = RandomCircuits.RandomGate(m, rng, new RandomCircuitOptions { MaxGateQubits = Math.Min(m, 4) });
                var mat = op.Gate.Matrix();
                seq.Add((mat, op.Qubits.ToArray()));
                expected = DenseMatrix.Multiply(DenseMatrix.FullGateMatrix(mat, op.Qubits.AsSpan(), m), expected);
            }

            ComplexAssert.MatrixEqual(DenseMatrix.ToRowMajor(expected), MatrixMath.Compose(m, seq), 1e-11, $"trial {trial}");
        }
    }

    [Fact]
    public void Kron_HighLow_MatchesNaiveKronecker()
    {
        var rng = new Random(99);
        var a = RandomCircuits.HaarUnitary(2, rng);
        var b = RandomCircuits.HaarUnitary(4, rng);
        var expected = DenseMatrix.Kron(a, b);
        ComplexAssert.MatrixEqual(DenseMatrix.ToRowMajor(expected), MatrixMath.Kron(DenseMatrix.ToRowMajor(a), 2, DenseMatrix.ToRowMajor(b), 4), Tol);
    }

    [Fact]
    public void Adjoint_TimesMatrix_IsIdentity()
    {
        var rng = new Random(5);
        var u = DenseMatrix.ToRowMajor(RandomCircuits.HaarUnitary(8, rng));
        ComplexAssert.MatrixEqual(Identity(8), MatrixMath.Multiply(MatrixMath.Adjoint(u, 8), u, 8), 1e-12);
        Assert.True(MatrixMath.UnitarityDeviation(u, 8) < 1e-12);
    }
}
