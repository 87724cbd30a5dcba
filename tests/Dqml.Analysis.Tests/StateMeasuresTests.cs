using System.Numerics;
using Dqml.Analysis.Entanglement;
using Dqml.Simulation;

namespace Dqml.Analysis.Tests;

public class StateMeasuresTests
{
    private const double Tol = 1e-12;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Purity_MaximallyMixed_IsTwoToMinusN(int n)
    {
        Assert.Equal(Math.Pow(2, -n), StateMeasures.Purity(TestStates.MaximallyMixed(n)), Tol);
        Assert.Equal(Math.Pow(2, -n), StateMeasures.Purity(DensityMatrix.FromMatrix(TestStates.MaximallyMixed(n))), Tol);
    }

    [Fact]
    public void Purity_PureState_IsOne()
    {
        var psi = TestStates.Random(3, 1);
        Assert.Equal(1, StateMeasures.Purity(TestStates.Projector(psi)), Tol);
        Assert.Equal(1, StateMeasures.Purity(DensityMatrix.FromPureState(psi)), Tol);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(1)]
    public void Purity_Werner_MatchesFormula(double v)
    {
        // Eigenvalues (1+3V)/4 once and (1-V)/4 three times.
        double expected = Math.Pow((1 + (3 * v)) / 4, 2) + (3 * Math.Pow((1 - v) / 4, 2));
        Assert.Equal(expected, StateMeasures.Purity(TestStates.Werner(v)), Tol);
    }

    [Fact]
    public void Fidelity_PurePure_IsOverlapSquared()
    {
        var zero = StateVector.Basis(1, 0);
        var plus = StateVector.FromAmplitudes([TestStates.InvSqrt2, TestStates.InvSqrt2]);
        Assert.Equal(0.5, StateMeasures.Fidelity(zero, plus), Tol);
        Assert.Equal(1, StateMeasures.Fidelity(plus, plus), Tol);
        Assert.Equal(0, StateMeasures.Fidelity(zero, StateVector.Basis(1, 1)), Tol);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.2)]
    [InlineData(1.0 / 3)]
    [InlineData(0.5)]
    [InlineData(0.86)]
    [InlineData(1)]
    public void Fidelity_WernerWithPhiPlus_IsOnePlusThreeVOverFour(double v)
    {
        double expected = (1 + (3 * v)) / 4;
        var rho = TestStates.Werner(v);
        var phi = TestStates.PhiPlus();
        Assert.Equal(expected, StateMeasures.Fidelity(phi, rho), Tol);
        Assert.Equal(expected, StateMeasures.Fidelity(rho, phi), Tol);
        Assert.Equal(expected, StateMeasures.Fidelity(phi, DensityMatrix.FromMatrix(rho)), Tol);
        Assert.Equal(expected, StateMeasures.Fidelity(TestStates.Projector(phi), rho), Tol);
        Assert.Equal(expected, StateMeasures.Fidelity(rho, TestStates.Projector(phi)), Tol);
    }

    [Theory]
    [InlineData(1, 11)]
    [InlineData(2, 12)]
    [InlineData(3, 13)]
    public void Fidelity_Uhlmann_IsSymmetric(int n, int seed)
    {
        var rho = TestStates.RandomMixed(n, seed);
        var sigma = TestStates.RandomMixed(n, seed + 100);
        double f = StateMeasures.Fidelity(rho, sigma);
        Assert.InRange(f, 0, 1);
        Assert.Equal(f, StateMeasures.Fidelity(sigma, rho), Tol);
        Assert.Equal(f, StateMeasures.Fidelity(DensityMatrix.FromMatrix(rho), DensityMatrix.FromMatrix(sigma)), Tol);
    }

    [Theory]
    [InlineData(1, 21)]
    [InlineData(2, 22)]
    [InlineData(3, 23)]
    public void Fidelity_UhlmannWithOnePure_EqualsPureFormula(int n, int seed)
    {
        var psi = TestStates.Random(n, seed);
        var sigma = TestStates.RandomMixed(n, seed + 100);
        double expected = StateMeasures.Fidelity(psi, sigma);
        Assert.Equal(expected, StateMeasures.Fidelity(TestStates.Projector(psi), sigma), Tol);
        Assert.Equal(expected, StateMeasures.Fidelity(sigma, TestStates.Projector(psi)), Tol);
    }

    [Fact]
    public void Fidelity_BothPureAsMatrices_EqualsOverlapSquared()
    {
        var a = TestStates.Random(2, 31);
        var b = TestStates.Random(2, 32);
        Assert.Equal(StateMeasures.Fidelity(a, b), StateMeasures.Fidelity(TestStates.Projector(a), TestStates.Projector(b)), Tol);
    }

    [Fact]
    public void Fidelity_CommutingStates_IsClassicalFidelity()
    {
        double[] p = [0.1, 0.2, 0.3, 0.4];
        double[] q = [0.4, 0.3, 0.2, 0.1];
        var rho = new Complex[4, 4];
        var sigma = new Complex[4, 4];
        double expected = 0;
        for (int i = 0; i < 4; i++)
        {
            rho[i, i] = p[i];
            sigma[i, i] = q[i];
            expected += Math.Sqrt(p[i] * q[i]);
        }

        Assert.Equal(expected * expected, StateMeasures.Fidelity(rho, sigma), Tol);
    }

    [Fact]
    public void Fidelity_SameMixedState_IsOne()
    {
        var rho = TestStates.RandomMixed(3, 41);
        Assert.Equal(1, StateMeasures.Fidelity(rho, rho), 1e-10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void VonNeumannEntropy_MaximallyMixed_IsN(int n)
    {
        Assert.Equal(n, StateMeasures.VonNeumannEntropy(TestStates.MaximallyMixed(n)), Tol);
        Assert.Equal(n, StateMeasures.VonNeumannEntropy(DensityMatrix.FromMatrix(TestStates.MaximallyMixed(n))), Tol);
    }

    [Fact]
    public void VonNeumannEntropy_PureState_IsZero()
    {
        Assert.Equal(0, StateMeasures.VonNeumannEntropy(TestStates.Projector(TestStates.Random(3, 51))), Tol);
    }

    [Fact]
    public void VonNeumannEntropy_DiagonalState_IsShannonEntropy()
    {
        var rho = new Complex[2, 2];
        rho[0, 0] = 0.25;
        rho[1, 1] = 0.75;
        Assert.Equal(TestStates.BinaryEntropy(0.25), StateMeasures.VonNeumannEntropy(rho), Tol);
    }

    [Fact]
    public void VonNeumannEntropy_ExactResults_MatchDenseFormula()
    {
        var circuit = new Dqml.Circuits.CircuitBuilder(2).H(0).CX(0, 1).Noise(new Dqml.Circuits.Noise.Depolarizing(0.3), 0).Build();
        var mixed = new DensityMatrixSimulator().Run(circuit);
        Assert.Equal(StateMeasures.VonNeumannEntropy(mixed.State()), StateMeasures.VonNeumannEntropy(mixed), Tol);
        var pure = new StateVectorSimulator().RunExact(new Dqml.Circuits.CircuitBuilder(2).H(0).CX(0, 1).Build());
        Assert.Equal(0, StateMeasures.VonNeumannEntropy(pure), Tol);
        Assert.Equal(1, StateMeasures.Purity(pure), Tol);
    }

    [Fact]
    public void Fidelity_DifferentSizes_Throws()
    {
        Assert.Throws<ArgumentException>(() => StateMeasures.Fidelity(StateVector.Basis(1, 0), StateVector.Basis(2, 0)));
        Assert.Throws<ArgumentException>(() => StateMeasures.Fidelity(TestStates.MaximallyMixed(1), TestStates.MaximallyMixed(2)));
        Assert.Throws<ArgumentException>(() => StateMeasures.Fidelity(StateVector.Basis(1, 0), TestStates.MaximallyMixed(2)));
    }

    [Fact]
    public void Fidelity_UnnormalisedState_Throws()
    {
        var bad = StateVector.FromAmplitudes([1, 1]);
        var ex = Assert.Throws<ArgumentException>(() => StateMeasures.Fidelity(bad, StateVector.Basis(1, 0)));
        Assert.Contains("normalised", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Purity_WrongSize_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => StateMeasures.Purity(new Complex[3, 3]));
        Assert.Contains("2^n x 2^n", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StateMeasures.Purity(new Complex[2, 4]));
    }

    [Fact]
    public void VonNeumannEntropy_NotHermitian_Throws()
    {
        var m = TestStates.MaximallyMixed(1);
        m[0, 1] = 0.1;
        var ex = Assert.Throws<ArgumentException>(() => StateMeasures.VonNeumannEntropy(m));
        Assert.Contains("Hermitian", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VonNeumannEntropy_TraceNotOne_Throws()
    {
        var m = TestStates.MaximallyMixed(1);
        m[0, 0] = 1;
        var ex = Assert.Throws<ArgumentException>(() => StateMeasures.VonNeumannEntropy(m));
        Assert.Contains("trace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VonNeumannEntropy_NegativeEigenvalue_Throws()
    {
        var m = new Complex[2, 2];
        m[0, 0] = 1.5;
        m[1, 1] = -0.5;
        var ex = Assert.Throws<ArgumentException>(() => StateMeasures.VonNeumannEntropy(m));
        Assert.Contains("positive semidefinite", ex.Message, StringComparison.Ordinal);
    }
}
