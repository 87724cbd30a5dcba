using System.Numerics;
using Dqml.Analysis.Entanglement;
using Dqml.Circuits;
using Dqml.Circuits.Noise;
using Dqml.Simulation;
using Dqml.Testing;

namespace Dqml.Analysis.Tests;

public class ResourceStatesTests
{
    private const double Tol = 1e-12;

    public static TheoryData<double> Visibilities => new() { -1.0 / 3, -0.2, 0, 0.2, 1.0 / 3, 0.5, 0.86, 1 };

    public static TheoryData<double> Probabilities => new() { 0, 0.1, 0.25, 0.5, 0.75 };

    /// <summary>Runs the builder on the density-matrix backend and returns the reduced state of (a, b).</summary>
    private static Complex[,] Pair(CircuitBuilder builder, int a, int b)
        => new DensityMatrixSimulator().Run(builder.Build()).ReducedDensityMatrix([a, b]);

    [Fact]
    public void BellPair_TwoQubits_IsPhiPlus()
    {
        var rho = new DensityMatrixSimulator().Run(ResourceStates.BellPair(new CircuitBuilder(2), 0, 1).Build()).State().ToMatrix();
        ComplexAssert.MatrixEqual(TestStates.Projector(TestStates.PhiPlus()), rho, Tol);
    }

    [Fact]
    public void BellPair_Qubits0And4Of8_IsPhiPlusAndOthersStayZero()
    {
        var result = new DensityMatrixSimulator().Run(new CircuitBuilder(8).BellPair(0, 4).Build());
        ComplexAssert.MatrixEqual(TestStates.Projector(TestStates.PhiPlus()), result.ReducedDensityMatrix([0, 4]), Tol);
        Assert.Equal(1, EntanglementMeasures.Concurrence(result, 0, 4), Tol);
        Assert.Equal(1, StateMeasures.Purity(result), Tol);
        var p = result.Probabilities();
        Assert.Equal(0.5, p[0], Tol);
        Assert.Equal(0.5, p[(1 << 0) | (1 << 4)], Tol);
    }

    [Theory]
    [MemberData(nameof(Visibilities))]
    public void Werner_Qubits0And4Of8_MatchesAnalyticState(double v)
    {
        var rho = Pair(new CircuitBuilder(8).Werner(0, 4, v), 0, 4);
        ComplexAssert.MatrixEqual(TestStates.Werner(v), rho, Tol);
        Assert.Equal(ResourceStates.WernerConcurrence(v), EntanglementMeasures.Concurrence(rho), Tol);
        Assert.Equal(Math.Max(0, ((3 * v) - 1) / 2), ResourceStates.WernerConcurrence(v), Tol);
        Assert.Equal(ResourceStates.WernerFidelity(v), StateMeasures.Fidelity(TestStates.PhiPlus(), rho), Tol);
        Assert.Equal((1 + (3 * v)) / 4, ResourceStates.WernerFidelity(v), Tol);
        Assert.Equal(Math.Max(0, ((3 * v) - 1) / 4), EntanglementMeasures.Negativity(rho, [0]), Tol);
    }

    [Theory]
    [MemberData(nameof(Visibilities))]
    public void Werner_TwoQubits_FullStateMatchesAnalyticState(double v)
    {
        var rho = new DensityMatrixSimulator().Run(ResourceStates.Werner(new CircuitBuilder(2), 0, 1, v).Build()).State();
        ComplexAssert.MatrixEqual(TestStates.Werner(v), rho.ToMatrix(), Tol);
    }

    [Fact]
    public void Werner_ReversedNonAdjacentQubits_MatchesAnalyticState()
    {
        const double v = 0.86;
        var rho = Pair(new CircuitBuilder(6).X(1).Werner(5, 2, v), 5, 2);
        ComplexAssert.MatrixEqual(TestStates.Werner(v), rho, Tol);
        // The Werner state is symmetric under swapping the two qubits.
        ComplexAssert.MatrixEqual(TestStates.Werner(v), Pair(new CircuitBuilder(6).Werner(5, 2, v), 2, 5), Tol);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.86)]
    [InlineData(1.0)]
    public void VisibilityFromFidelity_RoundTrips(double f)
    {
        double v = ResourceStates.VisibilityFromFidelity(f);
        Assert.Equal(((4 * f) - 1) / 3, v, Tol);
        Assert.Equal(f, ResourceStates.WernerFidelity(v), Tol);
    }

    [Fact]
    public void VisibilityFromFidelity_OneQuarter_IsSeparableZeroVisibility()
    {
        Assert.Equal(0, ResourceStates.VisibilityFromFidelity(0.25), Tol);
        Assert.Equal(0, ResourceStates.WernerConcurrence(ResourceStates.VisibilityFromFidelity(0.5)), Tol);
        Assert.Equal(-1.0 / 3, ResourceStates.VisibilityFromFidelity(0), Tol);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    [InlineData(Math.PI / 8)]
    [InlineData(Math.PI / 4)]
    [InlineData(1.1)]
    [InlineData(-0.4)]
    public void PartiallyEntangled_Qubits3And0Of5_MatchesAnalyticState(double t)
    {
        var rho = Pair(new CircuitBuilder(5).PartiallyEntangled(3, 0, t), 3, 0);
        ComplexAssert.MatrixEqual(TestStates.Projector(TestStates.PartiallyEntangled(t)), rho, Tol);
        Assert.Equal(Math.Abs(Math.Sin(2 * t)), ResourceStates.PartiallyEntangledConcurrence(t), Tol);
        Assert.Equal(ResourceStates.PartiallyEntangledConcurrence(t), EntanglementMeasures.Concurrence(rho), Tol);
        Assert.Equal(TestStates.BinaryEntropy(Math.Cos(t) * Math.Cos(t)), EntanglementMeasures.EntanglementEntropy(rho, [0]), 1e-10);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(1.0)]
    public void DephasedBell_Qubits1And6Of8_MatchesAnalyticState(double p)
    {
        var rho = Pair(new CircuitBuilder(8).DephasedBell(1, 6, p), 1, 6);
        ComplexAssert.MatrixEqual(TestStates.DephasedBell(p), rho, Tol);
        Assert.Equal(Math.Abs(1 - (2 * p)), EntanglementMeasures.Concurrence(rho), Tol);
        Assert.Equal(1 - p, StateMeasures.Fidelity(TestStates.PhiPlus(), rho), Tol);
    }

    [Theory]
    [MemberData(nameof(Probabilities))]
    public void DepolarizedBell_Qubits0And4Of8_IsWernerOfPredictedVisibility(double p)
    {
        var rho = Pair(new CircuitBuilder(8).DepolarizedBell(0, 4, p), 0, 4);
        double v = ResourceStates.DepolarizedBellVisibility(p);
        Assert.Equal(Math.Pow(1 - (4 * p / 3), 2), v, Tol);
        ComplexAssert.MatrixEqual(TestStates.Werner(v), rho, Tol);
        Assert.Equal(ResourceStates.WernerConcurrence(v), EntanglementMeasures.Concurrence(rho), Tol);
        Assert.Equal(ResourceStates.WernerFidelity(v), StateMeasures.Fidelity(TestStates.PhiPlus(), rho), Tol);
    }

    [Fact]
    public void Werner_TwoQubits_ProbabilitiesMatchAnalyticDiagonal()
    {
        // V/2 + (1 - V)/4 on |00> and |11>, (1 - V)/4 on |01> and |10>.
        var result = new DensityMatrixSimulator().Run(new CircuitBuilder(2).Werner(0, 1, 0.5).Build());
        var p = result.Probabilities();
        Assert.Equal(0.5 * 0.5 + (0.5 / 4), p[0], Tol);
        Assert.Equal(0.5 / 4, p[1], Tol);
        Assert.Equal(0.5 / 4, p[2], Tol);
        Assert.Equal(0.5 * 0.5 + (0.5 / 4), p[3], Tol);
    }

    [Theory]
    [InlineData(1.0000001)]
    [InlineData(-0.34)]
    [InlineData(double.NaN)]
    public void Werner_VisibilityOutOfRange_Throws(double v)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBuilder(2).Werner(0, 1, v));
        Assert.Contains("visibility", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ResourceStates.WernerFidelity(v));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResourceStates.WernerConcurrence(v));
    }

    [Fact]
    public void BellPair_SameQubit_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CircuitBuilder(3).BellPair(1, 1));
        Assert.Contains("two different qubits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResourceStates_QubitOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBuilder(3).BellPair(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBuilder(3).Werner(-1, 0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBuilder(3).PartiallyEntangled(0, 7, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBuilder(3).DephasedBell(4, 0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBuilder(3).DepolarizedBell(0, 5, 0.1));
    }

    [Fact]
    public void ResourceStates_InvalidProbabilities_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBuilder(2).DephasedBell(0, 1, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBuilder(2).DepolarizedBell(0, 1, 0.8));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResourceStates.DepolarizedBellVisibility(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResourceStates.VisibilityFromFidelity(1.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircuitBuilder(2).PartiallyEntangled(0, 1, double.PositiveInfinity));
    }

    [Fact]
    public void ResourceStates_NullBuilder_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ResourceStates.BellPair(null!, 0, 1));
    }
}
