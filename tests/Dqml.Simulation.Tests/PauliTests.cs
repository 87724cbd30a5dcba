using Dqml.Circuits;
using Dqml.Testing;

namespace Dqml.Simulation.Tests;

public class PauliTests
{
    [Fact]
    public void Parse_DenseLabel_RightmostIsQubitZero()
    {
        var p = PauliString.Parse("XIZ");
        Assert.Equal('Z', p[0]);
        Assert.Equal('I', p[1]);
        Assert.Equal('X', p[2]);
        Assert.Equal(0b100UL, p.XMask);
        Assert.Equal(0b001UL, p.ZMask);
        Assert.Equal("XIZ", p.ToLabel(3));
    }

    [Fact]
    public void Parse_SparseForm_EqualsDenseLabel()
    {
        Assert.Equal(PauliString.Parse("ZIX"), PauliString.Parse("X0 Z2"));
        Assert.Equal(PauliString.Parse("YIII"), PauliString.Parse("Y3"));
        Assert.Equal(PauliString.Parse("xyz"), PauliString.Parse("XYZ"));
        Assert.Equal(2, PauliString.Parse("YIY").YCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("XQZ")]
    [InlineData("X0 X0")]
    [InlineData("X")]
    public void Parse_Invalid_ThrowsFormatException(string label)
    {
        if (label == "X")
        {
            Assert.Equal('X', PauliString.Parse(label)[0]); // valid control case
            return;
        }

        Assert.Throws<FormatException>(() => PauliString.Parse(label));
    }

    [Fact]
    public void PauliSum_Parse_ReadsCoefficientsAndSigns()
    {
        var s = PauliSum.Parse("0.5*ZZI - 1.2*XIX + IIZ");
        Assert.Equal(3, s.Terms.Count);
        Assert.Equal(0.5, s.Terms[0].Coefficient);
        Assert.Equal(PauliString.Parse("ZZI"), s.Terms[0].Term);
        Assert.Equal(-1.2, s.Terms[1].Coefficient);
        Assert.Equal(PauliString.Parse("XIX"), s.Terms[1].Term);
        Assert.Equal(1.0, s.Terms[2].Coefficient);

        var sparse = PauliSum.Parse("2 Z0 Z1 + 0.5 X3");
        Assert.Equal(2.0, sparse.Terms[0].Coefficient);
        Assert.Equal(PauliString.Parse("ZZ"), sparse.Terms[0].Term);
        Assert.Equal(PauliString.Parse("X3"), sparse.Terms[1].Term);
    }

    [Theory]
    [InlineData("-2.5e-1*ZZ", -0.25)]
    [InlineData("1E+1*XX", 10.0)]
    [InlineData("0.5*ZZ + 1E+1*XX", 10.0)]
    [InlineData("0.5*ZZ + 1e-3*XX", 1e-3)]
    [InlineData("0.5*ZZ - 2e-3 XX", -2e-3)]
    public void PauliSum_Parse_ScientificCoefficients_ReadAsNumbers(string text, double lastCoefficient)
    {
        var s = PauliSum.Parse(text);
        Assert.Equal(lastCoefficient, s.Terms[^1].Coefficient, 15);
        Assert.Equal(PauliString.Parse(text.EndsWith("XX", StringComparison.Ordinal) ? "XX" : "ZZ"), s.Terms[^1].Term);
    }

    [Fact]
    public void PauliSum_ExpectationOnBellState_MatchesAnalytic()
    {
        var s = new StateVectorSimulator().RunUnitary(new CircuitBuilder(2).H(0).CX(0, 1).Build());
        // Bell: <XX> = 1, <YY> = -1, <ZZ> = 1, <ZI> = 0.
        Assert.Equal(1.0, s.Expectation(PauliString.Parse("XX")), 12);
        Assert.Equal(-1.0, s.Expectation(PauliString.Parse("YY")), 12);
        Assert.Equal(1.0, s.Expectation(PauliString.Parse("ZZ")), 12);
        Assert.Equal(0.0, s.Expectation(PauliString.Parse("ZI")), 12);
        Assert.Equal(0.5 - 2 + 3, s.Expectation(PauliSum.Parse("0.5*XX + 2*YY + 3*ZZ - 7*IZ")), 12);
        Assert.Equal(1.0, s.Expectation(PauliString.Identity), 12);
    }

    [Fact]
    public void Expectation_PauliOnTooManyQubits_Throws()
    {
        var s = new StateVector(2);
        Assert.ThrowsAny<ArgumentException>(() => s.Expectation(PauliString.Parse("ZII")));
    }

    [Theory]
    [InlineData("X")]
    [InlineData("Y")]
    [InlineData("Z")]
    [InlineData("XY")]
    [InlineData("YZX")]
    [InlineData("YYYY")]
    public void Expectation_RandomState_MatchesDenseMatrix(string label)
    {
        var rng = new Random(label.Length * 7 + label[0]);
        var psi = RandomCircuits.RandomState(label.Length, rng);
        double expected = DenseReferenceSimulator.ExpectationOfPauliString(psi, label);
        Assert.Equal(expected, StateVector.FromAmplitudes(psi).Expectation(PauliString.Parse(label)), 12);
    }
}

public class DeterministicRandomTests
{
    [Fact]
    public void SameSeed_SameSequence_DifferentSeed_DifferentSequence()
    {
        var a = new DeterministicRandom(42);
        var b = new DeterministicRandom(42);
        var c = new DeterministicRandom(43);
        var sa = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        var sb = Enumerable.Range(0, 100).Select(_ => b.NextUInt64()).ToArray();
        var sc = Enumerable.Range(0, 100).Select(_ => c.NextUInt64()).ToArray();
        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
    }

    [Fact]
    public void NextDouble_InUnitIntervalWithCorrectMean()
    {
        var r = new DeterministicRandom(7);
        double sum = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            double x = r.NextDouble();
            Assert.InRange(x, 0.0, 0.9999999999999999);
            sum += x;
        }

        // mean 1/2, sd of the mean sqrt(1/12/n) ~ 6.5e-4: 5 sigma.
        Assert.InRange(sum / n, 0.5 - 3.3e-3, 0.5 + 3.3e-3);
    }

    [Fact]
    public void NextDouble_Deciles_PassChiSquare()
    {
        var r = new DeterministicRandom(2024);
        var counts = new Dictionary<string, int>();
        var probs = new Dictionary<string, double>();
        for (int d = 0; d < 10; d++)
        {
            probs[d.ToString(System.Globalization.CultureInfo.InvariantCulture)] = 0.1;
        }

        const int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            string k = ((int)(r.NextDouble() * 10)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }

        var (chi, dof, p) = Statistics.ChiSquare(counts, probs, n);
        Assert.True(p > Statistics.Alpha, $"chi2 = {chi:F2} on {dof} dof, p = {p:G3}");
    }
}

public class StatisticsTests
{
    [Theory]
    [InlineData(1, 3.841458820694124, 0.05)]
    [InlineData(10, 23.20925117, 0.01)]
    [InlineData(3, 21.10751347, 1e-4)]
    [InlineData(50, 50.0, 0.4733984685563493)]
    public void GammaQ_ChiSquareQuantiles_GiveKnownPValues(int dof, double chi, double p)
        => Assert.Equal(p, Statistics.GammaQ(dof / 2.0, chi / 2), 5);
}

public class DenseReferenceTests
{
    [Fact]
    public void RunDensity_UnitaryCircuit_EqualsOuterProductOfRunUnitary()
    {
        var c = RandomCircuits.Generate(4, 30, 12);
        var psi = DenseReferenceSimulator.RunUnitary(c);
        var mixed = DenseReferenceSimulator.RunDensity(c);
        ComplexAssert.MatrixEqual(DenseMatrix.Outer(psi), mixed.DensityMatrix(), 1e-12);
        Assert.Single(mixed.Branches);
    }

    [Fact]
    public void FullGateMatrix_CXOnReversedQubits_IsTextbookPermutation()
    {
        var cx = Dqml.Circuits.Gates.StandardGates.CX.Matrix([]);
        var m = DenseMatrix.FullGateMatrix(cx, [1, 0], 2);
        // control = qubit 1 (bit 1), target = qubit 0: |10> <-> |11>, i.e. indices 2 and 3.
        Assert.Equal(System.Numerics.Complex.One, m[3, 2]);
        Assert.Equal(System.Numerics.Complex.One, m[2, 3]);
        Assert.Equal(System.Numerics.Complex.One, m[1, 1]);
    }

    [Fact]
    public void RunDensity_MeasureThenConditionalFlip_GivesExactBranches()
    {
        var c = new CircuitBuilder(1, 1).H(0).Measure(0, 0).If(0, true, b => b.X(0)).Build();
        var mixed = DenseReferenceSimulator.RunDensity(c);
        Assert.Equal(2, mixed.Branches.Count);
        StateAssert.ProbabilitiesEqual([1.0, 0.0], mixed.Probabilities(), 1e-12);
        StateAssert.DistributionsEqual(new Dictionary<string, double> { ["0"] = 0.5, ["1"] = 0.5 }, mixed.ClassicalDistribution(), 1e-12);
    }
}
