using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;

namespace Dqml.Distributed.Tests;

/// <summary>Latency as idle noise on a logical circuit, checked against the full lowering.</summary>
public class IdleNoiseTests
{
    private static readonly GateTimes Times = new(50e-9, 300e-9, 1e-6, 1e-6);

    private static Architecture Arch(double latency, double? t1 = 200e-6, double? t2 = 100e-6)
        => Architecture.TwoProcessors(classicalLatency: latency, template: new Processor("A", T1: t1, T2: t2, Times: Times));

    private static Circuit Sample()
        => new CircuitBuilder(4, 2).H(0).RY(0.7, 1).CX(0, 1).RX(0.4, 2).Measure(1, 0).If(0, true, x => x.RX(0.9, 2))
            .CX(2, 3).Measure(3, 1).If(1, true, x => x.RZ(0.3, 0)).H(3).Build();

    private static double[] Relaxation(Circuit circuit, int logical)
    {
        var total = new double[logical];
        foreach (var op in circuit.Instructions.OfType<NoiseChannelOperation>())
        {
            if (op.Channel is ThermalRelaxation r && op.Qubits[0] < logical)
            {
                total[op.Qubits[0]] += r.Duration;
            }
        }

        return total;
    }

    [Fact]
    public void Classical_SameStateAsTheLoweredCircuit_WithOneMergedChannelPerWait()
    {
        var dc = DistributedCircuit.Parse(Sample(), Arch(5e-6), "A:0,A:1,B:2,B:3");
        var timed = IdleNoise.Insert(dc);
        var lowered = Lowering.Lower(dc, new ClassicalCommunication());

        // Merging is exact (thermal relaxation is a semigroup and commutes with operations on other qubits).
        var sim = new DensityMatrixSimulator();
        var merged = sim.Run(timed.Circuit).State();
        var reference = sim.Run(lowered.Circuit).State();
        for (int i = 0; i < 16; i++)
        {
            for (int j = 0; j < 16; j++)
            {
                Assert.Equal(reference[i, j].Real, merged[i, j].Real, 12);
                Assert.Equal(reference[i, j].Imaginary, merged[i, j].Imaginary, 12);
            }
        }

        Assert.Equal(lowered.Ledger.MakespanSeconds, timed.MakespanSeconds, 15);
        Assert.Equal(lowered.Ledger.IdleSeconds, timed.IdleSeconds, 15);
        Assert.Equal(lowered.Ledger.ClassicalBits, timed.ClassicalBits);
        Assert.Equal(Relaxation(lowered.Circuit, 4), timed.RelaxationSeconds.ToArray(), (a, b) => Math.Abs(a - b) < 1e-15);

        // Every qubit relaxes for the whole makespan, in fewer channels than the unmerged schedule.
        Assert.All(timed.RelaxationSeconds, t => Assert.Equal(timed.MakespanSeconds, t, 15));
        int channels = timed.Circuit.Instructions.Count(i => i is NoiseChannelOperation);
        Assert.True(channels < lowered.Circuit.Instructions.Count(i => i is NoiseChannelOperation));
        for (int k = 1; k < timed.Circuit.Instructions.Length; k++)
        {
            if (timed.Circuit.Instructions[k] is NoiseChannelOperation b && timed.Circuit.Instructions[k - 1] is NoiseChannelOperation a)
            {
                Assert.NotEqual(a.Qubits[0], b.Qubits[0]);
            }
        }
    }

    [Fact]
    public void Classical_TheWaitForABitIsTheLinkLatency()
    {
        var c = new CircuitBuilder(2, 1).Measure(0, 0).If(0, true, x => x.X(1)).Build();
        var timed = IdleNoise.Insert(DistributedCircuit.Parse(c, Arch(7e-6), "A:0,B:1"));
        Assert.Equal(1e-6 + 7e-6 + 50e-9, timed.MakespanSeconds, 15);
        Assert.Equal(1, timed.ClassicalBits);

        // Qubit 1 waits for the bit (measurement + latency); qubit 0 then waits for the message and the X to finish.
        Assert.Equal((1e-6 + 7e-6) + (7e-6 + 50e-9), timed.IdleSeconds, 15);
    }

    [Theory]
    [InlineData(QcRealisation.Telegate)]
    [InlineData(QcRealisation.Teledata)]
    public void RemoteGate_LogicalQubitsRelaxAsLongAsInTheLoweredProtocol(QcRealisation realisation)
    {
        // A remote controlled rotation, then a measurement of both qubits (longer than the comm qubits' resets).
        var c = new CircuitBuilder(3, 2).H(0).CRX(0.8, 0, 1).RX(0.3, 2).CX(1, 2).Measure(0, 0).Measure(1, 1).Build();
        var dc = DistributedCircuit.Parse(c, Arch(3e-6), "A:0,B:1,B:2");
        var timed = IdleNoise.Insert(dc, realisation);
        var lowered = Lowering.Lower(dc, new QuantumCommunication(realisation));
        Assert.Equal(lowered.Ledger.MakespanSeconds, timed.MakespanSeconds, 15);
        Assert.Equal(Relaxation(lowered.Circuit, 3), timed.RelaxationSeconds.ToArray(), (a, b) => Math.Abs(a - b) < 1e-15);

        // The protocol is slower than an ideal coupler by at least its two one-way messages (telegate: cat-entangler and
        // disentangler; teledata: there and back).
        var direct = IdleNoise.Insert(dc, QcRealisation.Direct);
        Assert.True(timed.MakespanSeconds - direct.MakespanSeconds >= 2 * 3e-6, $"{timed.MakespanSeconds} vs {direct.MakespanSeconds}");
        Assert.Equal(3, timed.Circuit.NumQubits);
    }

    [Fact]
    public void NoCoherenceTimes_NoChannels_ButTheSameTiming()
    {
        var dc = DistributedCircuit.Parse(Sample(), Arch(5e-6, t1: null, t2: null), "A:0,A:1,B:2,B:3");
        var timed = IdleNoise.Insert(dc);
        Assert.DoesNotContain(timed.Circuit.Instructions, i => i is NoiseChannelOperation);
        Assert.Equal(dc.Logical.Instructions, timed.Circuit.Instructions, ReferenceEqualityComparer.Instance);
        Assert.Equal(Lowering.Lower(dc, new ClassicalCommunication()).Ledger.MakespanSeconds, timed.MakespanSeconds, 15);
    }

    [Fact]
    public void ParametersStaySymbolic()
    {
        var theta = ParamExpr.Trainable("theta");
        var c = new CircuitBuilder(2).CRX(theta, 0, 1).Build();
        var timed = IdleNoise.Insert(DistributedCircuit.Parse(c, Arch(1e-6), "A:0,B:1"), QcRealisation.Telegate);
        var gate = Assert.Single(timed.Circuit.Instructions.OfType<GateOperation>());
        Assert.Equal(theta, gate.Gate.Parameters[0]);
    }
}
