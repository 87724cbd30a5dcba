using Dqml.Analysis.Entanglement;
using Dqml.Circuits;
using Dqml.Distributed;
using Dqml.Simulation;

namespace Dqml.Distributed.Tests;

/// <summary>Ledger counts, Bell-source noise and the cost of latency.</summary>
public class LedgerAndNoiseTests
{
    private static readonly Architecture Arch = Architecture.TwoProcessors();

    [Theory]
    [InlineData("qc:telegate", 1, 2, 0)]
    [InlineData("qc:teledata", 2, 4, 2)]
    [InlineData("qc:direct", 0, 0, 0)]
    public void Ledger_PerRemoteCnot_CountsEbitsCbitsAndTeleportations(string scheme, int ebits, int cbits, int teleported)
    {
        var c = new CircuitBuilder(2).H(0).CX(0, 1).CX(0, 1).CX(0, 1).Build();
        var lowered = Lowering.Lower(DistributedCircuit.Parse(c, Arch, "A:0,B:1"), Scheme.Parse(scheme));
        Assert.Equal(3 * ebits, lowered.Ledger.Ebits);
        Assert.Equal(3 * cbits, lowered.Ledger.ClassicalBits);
        Assert.Equal(3 * teleported, lowered.Ledger.QubitsTeleported);
        Assert.Equal(1.0, lowered.Ledger.Gamma);
    }

    [Fact]
    public void Teledata_IsOneEbitAndTwoCbitsPerTeleportation()
    {
        var lowered = Lowering.Lower(DistributedCircuit.Parse(new CircuitBuilder(2).CX(0, 1).Build(), Arch, "A:0,B:1"), Scheme.Parse("qc:teledata"));
        Assert.Equal(lowered.Ledger.QubitsTeleported, lowered.Ledger.Ebits);
        Assert.Equal(2 * lowered.Ledger.QubitsTeleported, lowered.Ledger.ClassicalBits);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.86)]
    [InlineData(0.5)]
    [InlineData(0.2)]
    public void BellSource_OfVisibilityV_HasWernerConcurrence(double v)
    {
        var arch = Architecture.TwoProcessors(bellPairs: 1, visibility: v);
        var c = new CircuitBuilder(8).Build();
        var r = DistributedRunner.Run(DistributedCircuit.Parse(c, arch, "A:0-3,B:4-7"), new BellSources(1));
        Assert.Equal(1, r.Ledger.Ebits);
        var rho = r.Physical!.ReducedDensityMatrix([0, 4]);
        Assert.Equal(Math.Max(0, ((3 * v) - 1) / 2), EntanglementMeasures.Concurrence(rho), 10);
    }

    [Fact]
    public void BellSource_TalksInitialState_IsBellPairOnQubitZeroOfEach()
    {
        var r = DistributedRunner.Run(DistributedCircuit.Parse(new CircuitBuilder(8).Build(), Arch, "A:0-3,B:4-7"), new BellSources(1));
        var p = r.LogicalProbabilities;
        Assert.Equal(0.5, p[0], 12);
        Assert.Equal(0.5, p[(1 << 0) | (1 << 4)], 12);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.86)]
    [InlineData(0.6)]
    public void ChshGame_OnBellSource_WinsWithHalfPlusVOverTwoRootTwo(double v)
    {
        // Alice (A, qubit 0) measures Z or X, Bob (B, qubit 1) (Z+X)/sqrt2 or (Z-X)/sqrt2: each round's
        // win probability is (1 + s <A B>)/2 with s = -1 only for x = y = 1.
        var arch = Architecture.TwoProcessors(bellPairs: 1, visibility: v);
        double win = 0;
        for (int x = 0; x < 2; x++)
        {
            for (int y = 0; y < 2; y++)
            {
                var b = new CircuitBuilder(2, 2).RY(-(x * Math.PI / 2), 0).RY(-(y == 0 ? Math.PI / 4 : -Math.PI / 4), 1).Measure(0, 0).Measure(1, 1);
                var r = DistributedRunner.Run(DistributedCircuit.Parse(b.Build(), arch, "A:0,B:1"), new BellSources(1));
                var d = r.Physical!.ClassicalDistribution();
                double same = d.GetValueOrDefault("00") + d.GetValueOrDefault("11");
                win += 0.25 * (x == 1 && y == 1 ? 1 - same : same);
            }
        }

        Assert.Equal(0.5 + (v / (2 * Math.Sqrt(2))), win, 10);
        if (v == 1.0)
        {
            Assert.Equal(Math.Pow(Math.Cos(Math.PI / 8), 2), win, 10); // 85.36%, beyond the classical 75%
        }
    }

    [Fact]
    public void IdleNoise_OneMillisecondWait_DephasesAndA224NanosecondWaitBarely()
    {
        // Qubit 1 on B holds |+> while it waits for a bit measured on A; the link's latency is the wait.
        double Coherence(double latency)
        {
            var proc = new Processor("A", T1: 200e-6, T2: 100e-6);
            var arch = Architecture.TwoProcessors(classicalLatency: latency, template: proc);
            var c = new CircuitBuilder(2, 1).H(1).Measure(0, 0).If(0, true, x => x.X(1)).Build();
            var r = DistributedRunner.Run(DistributedCircuit.Parse(c, arch, "A:0,B:1"), new ClassicalCommunication());
            return 2 * r.Physical!.ReducedDensityMatrix([1])[0, 1].Real;
        }

        double slow = Coherence(1e-3), fast = Coherence(224e-9);
        Assert.Equal(Math.Exp(-1e-3 / 100e-6), slow, 9); // e^-10: visibly dephased
        Assert.Equal(Math.Exp(-224e-9 / 100e-6), fast, 9); // 0.9978: barely
        Assert.True(slow < 1e-4 && fast > 0.99);
    }

    [Fact]
    public void Makespan_AddsLinkLatencyToTheCriticalPath()
    {
        var proc = new Processor("A", Times: new GateTimes(50e-9, 300e-9, 1e-6, 1e-6));
        var arch = Architecture.TwoProcessors(classicalLatency: 5e-6, template: proc);
        var c = new CircuitBuilder(2, 1).H(0).Measure(0, 0).If(0, true, x => x.X(1)).Build();
        var lowered = Lowering.Lower(DistributedCircuit.Parse(c, arch, "A:0,B:1"), new ClassicalCommunication());
        Assert.Equal(50e-9 + 1e-6 + 5e-6 + 50e-9, lowered.Ledger.MakespanSeconds, 15);
        Assert.Equal(1, lowered.Ledger.Rounds);
    }
}
