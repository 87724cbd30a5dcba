using System.Numerics;
using Dqml.Analysis.Entanglement;
using Dqml.Circuits;
using Dqml.Simulation;
using Dqml.Testing;

namespace Dqml.Analysis.Tests;

public class EntanglementMeasuresTests
{
    private const double Tol = 1e-12;

    public static TheoryData<double> WernerVisibilities => new() { 0, 0.2, 1.0 / 3, 0.5, 0.86, 1 };

    public static TheoryData<double> Angles => new() { 0, 0.1, Math.PI / 8, Math.PI / 4, 1.0, Math.PI / 2, 2.5, -0.7 };

    [Fact]
    public void Bell_AllMeasures_MatchAnalyticValues()
    {
        var psi = TestStates.PhiPlus();
        var rho = TestStates.Projector(psi);
        var dm = DensityMatrix.FromPureState(psi);

        Assert.Equal(1, EntanglementMeasures.EntanglementEntropy(psi, [0]), Tol);
        Assert.Equal(1, EntanglementMeasures.EntanglementEntropy(rho, [1]), Tol);
        Assert.Equal(1, EntanglementMeasures.EntanglementEntropy(dm, [0]), Tol);
        Assert.Equal(1, EntanglementMeasures.Concurrence(psi), Tol);
        Assert.Equal(1, EntanglementMeasures.Concurrence(rho), Tol);
        Assert.Equal(1, EntanglementMeasures.Concurrence(dm), Tol);
        Assert.Equal(0.5, EntanglementMeasures.Negativity(psi, [0]), Tol);
        Assert.Equal(0.5, EntanglementMeasures.Negativity(rho, [0]), Tol);
        Assert.Equal(0.5, EntanglementMeasures.Negativity(dm, [1]), Tol);
        Assert.Equal(1, EntanglementMeasures.LogarithmicNegativity(psi, [0]), Tol);
        Assert.Equal(1, EntanglementMeasures.LogarithmicNegativity(rho, [0]), Tol);
        Assert.Equal(1, EntanglementMeasures.LogarithmicNegativity(dm, [0]), Tol);
        Assert.Equal(1, EntanglementMeasures.MeyerWallach(psi), Tol);
    }

    [Fact]
    public void ProductState_AllMeasures_AreZero()
    {
        var psi = TestStates.Product((0.3, 0.1), (1.2, -0.4), (2.0, 2.2), (0.7, 1.0));
        var rho = TestStates.Projector(psi);
        int[] a = [0, 2];

        Assert.Equal(0, EntanglementMeasures.EntanglementEntropy(psi, a), Tol);
        Assert.Equal(0, EntanglementMeasures.EntanglementEntropy(rho, a), Tol);
        Assert.Equal(0, EntanglementMeasures.Negativity(psi, a), Tol);
        Assert.Equal(0, EntanglementMeasures.Negativity(rho, a), Tol);
        Assert.Equal(0, EntanglementMeasures.LogarithmicNegativity(psi, a), Tol);
        Assert.Equal(0, EntanglementMeasures.LogarithmicNegativity(rho, a), Tol);
        Assert.Equal(0, EntanglementMeasures.Concurrence(psi, 1, 3), Tol);
        Assert.Equal(0, EntanglementMeasures.Concurrence(rho, 0, 2), Tol);
        Assert.Equal(0, EntanglementMeasures.MeyerWallach(psi), Tol);
        Assert.Equal(0, EntanglementMeasures.MeyerWallach(rho), Tol);
    }

    [Fact]
    public void TwoQubitProduct_Concurrence_IsZero()
    {
        var psi = TestStates.Product((0.9, 0.3), (2.1, -1.3));
        Assert.Equal(0, EntanglementMeasures.Concurrence(psi), Tol);
        Assert.Equal(0, EntanglementMeasures.Concurrence(TestStates.Projector(psi)), Tol);
        Assert.Equal(0, EntanglementMeasures.Concurrence(TestStates.Projector(StateVector.Basis(2, 0))), Tol);
    }

    [Theory]
    [MemberData(nameof(WernerVisibilities))]
    public void Werner_Measures_MatchAnalyticValues(double v)
    {
        var rho = TestStates.Werner(v);
        Assert.Equal(Math.Max(0, ((3 * v) - 1) / 2), EntanglementMeasures.Concurrence(rho), Tol);
        Assert.Equal(Math.Max(0, ((3 * v) - 1) / 4), EntanglementMeasures.Negativity(rho, [0]), Tol);
        Assert.Equal(Math.Max(0, ((3 * v) - 1) / 4), EntanglementMeasures.Negativity(rho, [1]), Tol);
        Assert.Equal(Math.Log2(1 + Math.Max(0, ((3 * v) - 1) / 2)), EntanglementMeasures.LogarithmicNegativity(rho, [0]), Tol);
        Assert.Equal((1 + (3 * v)) / 4, StateMeasures.Fidelity(TestStates.PhiPlus(), rho), Tol);
        // The reduced state of either qubit is I/2 for every V: entropy 1 without entanglement at V <= 1/3.
        Assert.Equal(1, EntanglementMeasures.EntanglementEntropy(rho, [0]), Tol);
    }

    [Theory]
    [MemberData(nameof(Angles))]
    public void PartiallyEntangled_ConcurrenceAndEntropy_MatchAnalyticValues(double t)
    {
        var psi = TestStates.PartiallyEntangled(t);
        var rho = TestStates.Projector(psi);
        double c = Math.Abs(Math.Sin(2 * t));
        double h = TestStates.BinaryEntropy(Math.Cos(t) * Math.Cos(t));

        Assert.Equal(c, EntanglementMeasures.Concurrence(psi), Tol);
        Assert.Equal(c, EntanglementMeasures.Concurrence(rho), Tol);
        Assert.Equal(h, EntanglementMeasures.EntanglementEntropy(psi, [0]), 1e-10);
        Assert.Equal(h, EntanglementMeasures.EntanglementEntropy(rho, [1]), 1e-10);
        // Negativity of a pure two-qubit state is |cos t sin t| = C/2.
        Assert.Equal(c / 2, EntanglementMeasures.Negativity(psi, [0]), Tol);
        Assert.Equal(c / 2, EntanglementMeasures.Negativity(rho, [0]), Tol);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void Ghz_MeyerWallachAndSingleQubitEntropy_AreOne(int n)
    {
        var psi = TestStates.Ghz(n);
        Assert.Equal(1, EntanglementMeasures.MeyerWallach(psi), Tol);
        Assert.Equal(1, EntanglementMeasures.MeyerWallach(DensityMatrix.FromPureState(psi)), Tol);
        for (int q = 0; q < n; q++)
        {
            Assert.Equal(1, EntanglementMeasures.EntanglementEntropy(psi, [q]), Tol);
            Assert.Equal(1, EntanglementMeasures.EntanglementEntropy(DensityMatrix.FromPureState(psi), [q]), Tol);
        }
    }

    [Fact]
    public void W3_MeyerWallachAndPairConcurrence_MatchAnalyticValues()
    {
        var psi = TestStates.W(3);
        var dm = DensityMatrix.FromPureState(psi);
        Assert.Equal(8.0 / 9, EntanglementMeasures.MeyerWallach(psi), Tol);
        Assert.Equal(8.0 / 9, EntanglementMeasures.MeyerWallach(dm), Tol);
        Assert.Equal(8.0 / 9, EntanglementMeasures.MeyerWallach(TestStates.Projector(psi)), Tol);
        foreach (var (a, b) in new[] { (0, 1), (0, 2), (1, 2), (2, 0) })
        {
            Assert.Equal(2.0 / 3, EntanglementMeasures.Concurrence(psi, a, b), Tol);
            Assert.Equal(2.0 / 3, EntanglementMeasures.Concurrence(dm, a, b), Tol);
            Assert.Equal(2.0 / 3, EntanglementMeasures.Concurrence(TestStates.Projector(psi), a, b), Tol);
        }
    }

    [Fact]
    public void TwoBellPairsAcrossProcessors_Bipartition_CountsTwoEbits()
    {
        // Processor A = qubits 0..3, B = 4..7; Bell pairs on (0, 4) and (1, 5).
        var circuit = new CircuitBuilder(8).H(0).CX(0, 4).H(1).CX(1, 5).Build();
        var psi = new StateVectorSimulator().RunUnitary(circuit);
        int[] a = [0, 1, 2, 3];
        Assert.Equal(2, EntanglementMeasures.EntanglementEntropy(psi, a), Tol);
        Assert.Equal(2, EntanglementMeasures.EntanglementEntropy(psi, [4, 5, 6, 7]), Tol);
        Assert.Equal(1.5, EntanglementMeasures.Negativity(psi, a), Tol);
        Assert.Equal(2, EntanglementMeasures.LogarithmicNegativity(psi, a), Tol);
        Assert.Equal(0, EntanglementMeasures.EntanglementEntropy(psi, [0, 4]), Tol);
        Assert.Equal(1, EntanglementMeasures.Concurrence(psi, 4, 0), Tol);
        Assert.Equal(0, EntanglementMeasures.Concurrence(psi, 0, 5), Tol);
    }

    [Theory]
    [InlineData(4, 61, new[] { 0, 2 })]
    [InlineData(5, 62, new[] { 4 })]
    [InlineData(5, 63, new[] { 3, 0, 1 })]
    public void RandomPureState_SchmidtAndDensePaths_Agree(int n, int seed, int[] a)
    {
        var psi = TestStates.Random(n, seed);
        var rho = TestStates.Projector(psi);
        var dm = DensityMatrix.FromPureState(psi);
        Assert.Equal(EntanglementMeasures.EntanglementEntropy(rho, a), EntanglementMeasures.EntanglementEntropy(psi, a), 1e-10);
        Assert.Equal(EntanglementMeasures.EntanglementEntropy(dm, a), EntanglementMeasures.EntanglementEntropy(psi, a), 1e-10);
        Assert.Equal(EntanglementMeasures.Negativity(rho, a), EntanglementMeasures.Negativity(psi, a), 1e-10);
        Assert.Equal(EntanglementMeasures.Negativity(dm, a), EntanglementMeasures.Negativity(psi, a), 1e-10);
        Assert.Equal(EntanglementMeasures.MeyerWallach(rho), EntanglementMeasures.MeyerWallach(psi), 1e-10);
    }

    [Fact]
    public void PureState_EntropyOfComplement_IsEqual()
    {
        var psi = TestStates.Random(5, 71);
        Assert.Equal(EntanglementMeasures.EntanglementEntropy(psi, [1, 3]), EntanglementMeasures.EntanglementEntropy(psi, [0, 2, 4]), 1e-10);
        Assert.Equal(0, EntanglementMeasures.EntanglementEntropy(psi, []), Tol);
        Assert.Equal(0, EntanglementMeasures.EntanglementEntropy(psi, [0, 1, 2, 3, 4]), Tol);
    }

    [Fact]
    public void ExactResults_StateVectorAndDensityMatrix_Agree()
    {
        var circuit = new CircuitBuilder(4).RY(0.8, 0).CX(0, 2).H(1).CX(1, 3).CRX(0.4, 2, 3).Build();
        IExactResult pure = new StateVectorSimulator().RunExact(circuit);
        IExactResult dense = new DensityMatrixSimulator().Run(circuit);
        int[] a = [0, 1];
        Assert.Equal(EntanglementMeasures.EntanglementEntropy(pure, a), EntanglementMeasures.EntanglementEntropy(dense, a), 1e-10);
        Assert.Equal(EntanglementMeasures.Negativity(pure, a), EntanglementMeasures.Negativity(dense, a), 1e-10);
        Assert.Equal(EntanglementMeasures.LogarithmicNegativity(pure, a), EntanglementMeasures.LogarithmicNegativity(dense, a), 1e-10);
        Assert.Equal(EntanglementMeasures.Concurrence(pure, 0, 2), EntanglementMeasures.Concurrence(dense, 0, 2), 1e-10);
        Assert.Equal(EntanglementMeasures.MeyerWallach(pure), EntanglementMeasures.MeyerWallach(dense), 1e-10);
    }

    [Fact]
    public void MaximallyMixed_ReducedEntropyIsPositive_ButNoEntanglement()
    {
        var rho = TestStates.MaximallyMixed(3);
        Assert.Equal(2, EntanglementMeasures.EntanglementEntropy(rho, [0, 2]), Tol);
        Assert.Equal(0, EntanglementMeasures.Negativity(rho, [0, 2]), Tol);
        Assert.Equal(0, EntanglementMeasures.Concurrence(rho, 0, 1), Tol);
        Assert.Equal(1, EntanglementMeasures.MeyerWallach(rho), Tol);
    }

    [Fact]
    public void PartialTrace_MatchesDensityMatrixReduction()
    {
        var rho = TestStates.RandomMixed(3, 81);
        var dm = DensityMatrix.FromMatrix(rho);
        ComplexAssert.MatrixEqual(dm.ReducedDensityMatrix([2, 0]), ReducedStates.PartialTrace(rho, [2, 0]), Tol);
        ComplexAssert.MatrixEqual(dm.ReducedDensityMatrix([1]), ReducedStates.PartialTrace(rho, [1]), Tol);
    }

    [Fact]
    public void PartialTranspose_Bell_HasEigenvalueMinusHalf()
    {
        var t = ReducedStates.PartialTranspose(TestStates.Projector(TestStates.PhiPlus()), [1]);
        // (|Phi+><Phi+|)^{T_B} = SWAP / 2: entries (1, 2) and (2, 1) are 1/2, (0, 3) and (3, 0) vanish.
        ComplexAssert.Equal(0.5, t[1, 2], Tol);
        ComplexAssert.Equal(0.5, t[2, 1], Tol);
        ComplexAssert.Equal(0, t[0, 3], Tol);
        ComplexAssert.Equal(0.5, t[0, 0], Tol);
    }

    [Fact]
    public void Concurrence_NotTwoQubits_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => EntanglementMeasures.Concurrence(TestStates.MaximallyMixed(3)));
        Assert.Contains("two-qubit", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => EntanglementMeasures.Concurrence(TestStates.Ghz(3)));
        Assert.Throws<ArgumentException>(() => EntanglementMeasures.Concurrence(DensityMatrix.FromPureState(TestStates.Ghz(3))));
    }

    [Fact]
    public void Concurrence_RepeatedQubit_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => EntanglementMeasures.Concurrence(TestStates.Ghz(3), 1, 1));
        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrence_QubitOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => EntanglementMeasures.Concurrence(TestStates.Ghz(3), 0, 3));
        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => EntanglementMeasures.Concurrence(TestStates.MaximallyMixed(3), -1, 0));
    }

    [Fact]
    public void EntanglementEntropy_InvalidSubsystem_Throws()
    {
        var psi = TestStates.Ghz(3);
        Assert.Throws<ArgumentException>(() => EntanglementMeasures.EntanglementEntropy(psi, [0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => EntanglementMeasures.EntanglementEntropy(psi, [5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => EntanglementMeasures.Negativity(TestStates.MaximallyMixed(2), [2]));
        Assert.Throws<ArgumentException>(() => EntanglementMeasures.Negativity(TestStates.MaximallyMixed(2), [1, 1]));
    }

    [Fact]
    public void Negativity_WrongSizeMatrix_Throws()
    {
        Assert.Throws<ArgumentException>(() => EntanglementMeasures.Negativity(new Complex[6, 6], [0]));
        Assert.Throws<ArgumentException>(() => EntanglementMeasures.Concurrence(new Complex[4, 2]));
    }

    [Fact]
    public void MeyerWallach_NoQubits_Throws()
    {
        Assert.Throws<ArgumentException>(() => EntanglementMeasures.MeyerWallach(StateVector.FromAmplitudes([1])));
    }
}
