using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Testing;

namespace Dqml.Simulation.Tests;

public class SamplingTests
{
    private static readonly StateVectorSimulator Sim = new();

    private static Circuit WithFinalMeasurements(Circuit c)
    {
        var b = new CircuitBuilder(c.NumQubits, c.NumQubits).Append(c);
        for (int q = 0; q < c.NumQubits; q++)
        {
            b.Measure(q, q);
        }

        return b.Build();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 5)]
    [InlineData(6, 6)]
    public void Sample_RandomCircuit_PassesChiSquareAgainstExactProbabilities(int n, int seed)
    {
        var c = RandomCircuits.Generate(n, 25, seed);
        var p = DenseReferenceSimulator.Probabilities(DenseReferenceSimulator.RunUnitary(c));
        const int shots = 20_000;
        var result = Sim.Sample(WithFinalMeasurements(c), shots, (ulong)(1000 + seed));
        Assert.Equal(shots, result.Shots);
        Assert.Equal(shots, result.Counts.Values.Sum());
        var (chi, dof, pv) = Statistics.ChiSquare(result.Counts, Statistics.AsKeyed(p, n), shots);
        Assert.True(pv > Statistics.Alpha, $"n={n} seed={seed}: chi2 = {chi:F2} on {dof} dof, p = {pv:G3}");
    }

    [Fact]
    public void Sample_NoClassicalBits_MeasuresAllQubitsAndPassesChiSquare()
    {
        var c = RandomCircuits.Generate(3, 20, 77);
        var p = DenseReferenceSimulator.Probabilities(DenseReferenceSimulator.RunUnitary(c));
        const int shots = 20_000;
        var result = Sim.Sample(c, shots, 5);
        Assert.All(result.Counts.Keys, k => Assert.Equal(3, k.Length));
        var (chi, dof, pv) = Statistics.ChiSquare(result.Counts, Statistics.AsKeyed(p, 3), shots);
        Assert.True(pv > Statistics.Alpha, $"chi2 = {chi:F2} on {dof} dof, p = {pv:G3}");
    }

    [Fact]
    public void Sample_BellState_OnlyCorrelatedOutcomesNearHalf()
    {
        var c = new CircuitBuilder(2, 2).H(0).CX(0, 1).Measure(0, 0).Measure(1, 1).Build();
        var r = Sim.Sample(c, 10_000, 1);
        Assert.Equal(["00", "11"], r.Counts.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(r.Counts["00"], 5000 - 250, 5000 + 250); // 5 sigma = 250
    }

    [Fact]
    public void Sample_BitOrder_ClbitZeroIsRightmost()
    {
        var c = new CircuitBuilder(3, 3).X(0).Measure(0, 0).Measure(1, 1).Measure(2, 2).Build();
        Assert.Equal("001", Assert.Single(Sim.Sample(c, 10, 1).Counts).Key);
        var d = new CircuitBuilder(2, 3).X(0).Measure(0, 2).Build();
        Assert.Equal("100", Assert.Single(Sim.Sample(d, 10, 1).Counts).Key);
    }

    [Fact]
    public void Sample_SeveralRegisters_KeysInReverseDeclarationOrderSpaceSeparated()
    {
        var b = new CircuitBuilder(3);
        var c = b.AddClassicalRegister("c", 2);
        var d = b.AddClassicalRegister("d", 1);
        b.X(0).X(2).Measure(0, c[0]).Measure(1, c[1]).Measure(2, d[0]);
        var circuit = b.Build();
        var key = Assert.Single(Sim.Sample(circuit, 8, 3).Counts).Key;
        Assert.Equal("1 01", key);
        Assert.Equal(key, DenseReferenceSimulator.FormatClassicalKey(circuit, 0b101));
        var exact = Sim.RunExact(circuit).ClassicalDistribution();
        Assert.Equal(1.0, exact["1 01"], 12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sample_SameSeed_IdenticalCounts_DifferentSeed_Different(bool midCircuit)
    {
        var c = midCircuit
            ? RandomCircuits.Generate(4, 30, 99, RandomCircuitOptions.MidCircuit)
            : WithFinalMeasurements(RandomCircuits.Generate(4, 30, 99));
        var a = Sim.Sample(c, 4000, 123);
        var b = Sim.Sample(c, 4000, 123);
        var other = Sim.Sample(c, 4000, 124);
        Assert.Equal(a.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal), b.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.NotEqual(a.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal), other.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Sample_ThreadCount_DoesNotChangeCounts()
    {
        var c = RandomCircuits.Generate(4, 30, 5, RandomCircuitOptions.MidCircuit);
        var one = new StateVectorSimulator(new SimulatorOptions { Threads = 1 }).Sample(c, 3000, 9);
        var many = new StateVectorSimulator(new SimulatorOptions { Threads = 8 }).Sample(c, 3000, 9);
        Assert.Equal(one.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal), many.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Sample_NonPositiveShots_Throws()
    {
        var c = new CircuitBuilder(1, 1).Measure(0, 0).Build();
        Assert.ThrowsAny<ArgumentException>(() => Sim.Sample(c, 0, 1));
    }

    [Fact]
    public void RunExact_NoiseChannel_ThrowsUnsupportedNamingChannel()
    {
        var c = new CircuitBuilder(1, 1).H(0).Noise("depolarizing", [0.1], 0).Measure(0, 0).Build();
        var ex = Assert.ThrowsAny<InvalidOperationException>(() => Sim.RunExact(c));
        Assert.Contains("depolarizing", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 4)]
    public void Sample_MidCircuitRandomCircuits_PassChiSquareAgainstDenseClassicalDistribution(int n, int seed)
    {
        var c = RandomCircuits.Generate(n, 30, 500 + seed, RandomCircuitOptions.MidCircuit);
        Assert.True(c.HasNonUnitary);
        var dist = DenseReferenceSimulator.RunDensity(c).ClassicalDistribution();
        const int shots = 20_000;
        var r = Sim.Sample(c, shots, (ulong)seed);
        var (chi, dof, pv) = Statistics.ChiSquare(r.Counts, dist, shots);
        Assert.True(pv > Statistics.Alpha, $"n={n} seed={seed}: chi2 = {chi:F2} on {dof} dof, p = {pv:G3}");
    }

    [Fact]
    public void Sample_ResetInsideShots_ResetsEachTrajectory()
    {
        var c = new CircuitBuilder(1, 2).H(0).Measure(0, 0).Reset(0).Measure(0, 1).Build();
        var r = Sim.Sample(c, 2000, 17);
        Assert.All(r.Counts.Keys, k => Assert.Equal('0', k[0]));
        Assert.Equal(2, r.Counts.Count);
    }

    [Fact]
    public void Sample_ConditionedGate_FollowsMeasuredBit()
    {
        // x on q1 exactly when q0 measured 1: the two bits are always equal.
        var c = new CircuitBuilder(2, 2).H(0).Measure(0, 0).If(0, true, b => b.X(1)).Measure(1, 1).Build();
        var r = Sim.Sample(c, 2000, 2);
        Assert.Equal(["00", "11"], r.Counts.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Sample_AverageOfShots_WithinFiveSigmaOfExactProbabilities()
    {
        for (int seed = 0; seed < 12; seed++)
        {
            int n = 2 + (seed % 4);
            var c = RandomCircuits.Generate(n, 25, 900 + seed, RandomCircuitOptions.MidCircuit with { NumClbits = 2 });
            var exact = Sim.RunExact(c).ClassicalDistribution();
            const int shots = 5000;
            var counts = Sim.Sample(c, shots, (ulong)(77 + seed)).Counts;
            foreach (var key in exact.Keys.Union(counts.Keys))
            {
                double p = exact.GetValueOrDefault(key);
                double freq = counts.GetValueOrDefault(key) / (double)shots;
                double sigma = Math.Sqrt(Math.Max(p * (1 - p), 1.0 / shots) / shots);
                Assert.True(Math.Abs(freq - p) <= 5 * sigma, $"seed {seed}, key '{key}': exact {p:R}, sampled {freq:R} (5 sigma = {5 * sigma:G3})");
            }
        }
    }

    [Fact]
    public void Sample_TerminalMeasurementsOfSubset_MarginalMatchesExact()
    {
        var u = RandomCircuits.Generate(4, 25, 31);
        var c = new CircuitBuilder(4, 2).Append(u).Measure(3, 0).Measure(1, 1).Build();
        var p = DenseReferenceSimulator.Probabilities(DenseReferenceSimulator.RunUnitary(u));
        var marginal = new Dictionary<string, double>();
        for (int i = 0; i < p.Length; i++)
        {
            string k = $"{(i >> 1) & 1}{(i >> 3) & 1}";
            marginal[k] = marginal.GetValueOrDefault(k) + p[i];
        }

        const int shots = 20_000;
        var r = Sim.Sample(c, shots, 3);
        var (chi, dof, pv) = Statistics.ChiSquare(r.Counts, marginal, shots);
        Assert.True(pv > Statistics.Alpha, $"chi2 = {chi:F2} on {dof} dof, p = {pv:G3}");
        StateAssert.DistributionsEqual(marginal, Sim.RunExact(c).ClassicalDistribution(), 1e-10);
    }

    [Fact]
    public void Sample_InstructionTypes_AllHandled()
    {
        var c = new CircuitBuilder(2, 2).H(0).Barrier().Measure(0, 0).Barrier().Build();
        Assert.Equal(1000, Sim.Sample(c, 1000, 1).Counts.Values.Sum());
        Assert.IsType<Measurement>(c.Instructions[2]);
    }
}
