using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Simulation;
using Dqml.Simulation.Noise;
using Dqml.Testing;

namespace Dqml.Simulation.Tests.Noise;

/// <summary>Channels against their analytic action, their validation, and the noise model transform.</summary>
public class NoiseChannelTests
{
    private static DensityMatrixResult Run(Circuit c) => new DensityMatrixSimulator().Run(c);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.75)]
    public void Depolarizing_ShrinksBlochVector(double p)
    {
        // |+> has <X> = 1; after depolarizing with Pauli error probability p, <X> = 1 - 4p/3.
        var r = Run(new CircuitBuilder(1).H(0).Noise(new Depolarizing(p), 0).Build());
        Assert.Equal(1 - (4 * p / 3), r.Expectation(PauliString.Parse("X")), 12);
    }

    [Fact]
    public void Depolarizing2_Maximal_GivesMaximallyMixedPair()
    {
        var r = Run(new CircuitBuilder(2).H(0).CX(0, 1).Noise(new Depolarizing(15.0 / 16, 2), 0, 1).Build());
        Assert.Equal(0.25, r.Purity(), 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void AmplitudeDamping_OnExcitedState_DecaysPopulation(double gamma)
    {
        var r = Run(new CircuitBuilder(1).X(0).Noise(new AmplitudeDamping(gamma), 0).Build());
        Assert.Equal(gamma, r.Probabilities()[0], 12);
    }

    [Fact]
    public void PhaseDamping_ScalesCoherence()
    {
        var r = Run(new CircuitBuilder(1).H(0).Noise(new PhaseDamping(0.36), 0).Build());
        Assert.Equal(0.5 * Math.Sqrt(1 - 0.36), r.ReducedDensityMatrix([0])[0, 1].Real, 12);
        Assert.Equal(0.5, r.Probabilities()[0], 12);
    }

    [Fact]
    public void ThermalRelaxation_DecaysPopulationWithT1AndCoherenceWithT2()
    {
        double t1 = 50e-6, t2 = 70e-6, t = 23e-6;
        var excited = Run(new CircuitBuilder(1).X(0).Noise(new ThermalRelaxation(t1, t2, t), 0).Build());
        Assert.Equal(Math.Exp(-t / t1), excited.Probabilities()[1], 12);
        var plus = Run(new CircuitBuilder(1).H(0).Noise(new ThermalRelaxation(t1, t2, t), 0).Build());
        Assert.Equal(0.5 * Math.Exp(-t / t2), plus.ReducedDensityMatrix([0])[0, 1].Real, 12);
    }

    [Fact]
    public void KrausChannels_AreTracePreserving()
    {
        NoiseChannel[] channels =
        [
            new Depolarizing(0.2), new Depolarizing(0.3, 2), new PauliChannel(0.1, 0.2, 0.3), new AmplitudeDamping(0.4),
            new PhaseDamping(0.5), new ThermalRelaxation(30e-6, 60e-6, 5e-6), new ThermalRelaxation(30e-6, 10e-6, 5e-6),
        ];
        foreach (var ch in channels)
        {
            Assert.True(NoiseChannel.CompletenessDeviation(ch.KrausOperators(), 1 << ch.NumQubits) < 1e-12, ch.Name);
        }
    }

    [Fact]
    public void KrausChannel_NotTracePreserving_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new KrausChannel([[1, 0, 0, 0.9]], "leaky"));
        Assert.Contains("leaky", e.Message, StringComparison.Ordinal);
        Assert.Contains("not trace preserving", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new KrausChannel([[1, 0, 0, 1], [1, 0, 0]]));
    }

    [Fact]
    public void Channels_BadParameters_NameTheValue()
    {
        Assert.Contains("1.5", Assert.Throws<ArgumentOutOfRangeException>(() => new AmplitudeDamping(1.5)).Message, StringComparison.Ordinal);
        Assert.Contains("-0.1", Assert.Throws<ArgumentOutOfRangeException>(() => new Depolarizing(-0.1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PauliChannel(0.5, 0.4, 0.3));
        var t2 = Assert.Throws<ArgumentOutOfRangeException>(() => new ThermalRelaxation(50e-6, 120e-6, 1e-6));
        Assert.Contains("exceeds 2 T1", t2.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadoutError(0, 1.2, 0));
    }

    [Theory]
    [InlineData("depolarizing:0.01")]
    [InlineData("depolarizing2:0.02")]
    [InlineData("pauli:0.01,0,0.02")]
    [InlineData("amplitude_damping:0.1")]
    [InlineData("phase_damping:0.2")]
    [InlineData("thermal_relaxation:t1=50us,t2=70us,time=50ns")]
    public void NoiseSpec_RoundTripsThroughToSpec(string spec)
    {
        var ch = NoiseSpec.Parse(spec);
        Assert.Equal(ch, NoiseSpec.Parse(ch.ToSpec()));
    }

    [Theory]
    [InlineData("depolarizing:abc", "abc")]
    [InlineData("depolarizing:1.7", "1.7")]
    [InlineData("bogus:0.1", "bogus")]
    [InlineData("thermal_relaxation:t1=50us,t2=200us,time=1us", "exceeds 2 T1")]
    [InlineData("thermal_relaxation:t1=50us,time=1us", "t2")]
    public void NoiseSpec_Bad_ThrowsNamingTheValue(string spec, string mentioned)
    {
        var e = Assert.Throws<FormatException>(() => NoiseSpec.Parse(spec));
        Assert.Contains(mentioned, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("t1=50us,t2=120us,gate=50ns", "exceeds 2 T1")]
    [InlineData("readout=1.5", "1.5")]
    [InlineData("t1=fast", "fast")]
    [InlineData("colour=red", "colour")]
    [InlineData("{\"t1\": ", "JSON")]
    public void NoiseModel_BadSpec_ThrowsNamingTheValue(string spec, string mentioned)
    {
        var e = Assert.Throws<FormatException>(() => NoiseModel.Parse(spec));
        Assert.Contains(mentioned, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoiseModel_InlineAndJson_AreEquivalent()
    {
        var a = NoiseModel.Parse("t1=50us,t2=70us,gate=50ns,gate2=300ns;readout=0.01/0.03;depolarizing:0.001");
        var b = NoiseModel.Parse("{\"t1\": \"50us\", \"t2\": \"70us\", \"gate\": \"50ns\", \"gate2\": \"300ns\", \"readout\": \"0.01/0.03\", \"after1\": \"depolarizing:0.001\", \"after2\": \"depolarizing:0.001\"}");
        Assert.Equal(a, b);
        Assert.Equal(50e-6, a.T1!.Value, 15);
        Assert.Equal(300e-9, a.MultiQubitGateTime, 15);
        Assert.Equal(0.03, a.ReadoutP10);
    }

    [Fact]
    public void NoiseModel_Thermal_RelaxesIdleQubitsForTheirWaitingTime()
    {
        // q0: H (50 ns) then CX (300 ns); q1 idles 50 ns waiting for the CX. Both end at 350 ns.
        var model = NoiseModel.Parse("t1=50us,t2=70us,gate=50ns,gate2=300ns");
        var noisy = model.Apply(new CircuitBuilder(2).H(0).CX(0, 1).Build());
        var relax = noisy.Instructions.OfType<NoiseChannelOperation>().Select(n => (n.Qubits[0], ((ThermalRelaxation)n.Channel).Duration)).ToList();
        Assert.Equal([(0, 50e-9), (1, 50e-9), (0, 300e-9), (1, 300e-9)], relax);
    }

    [Fact]
    public void NoiseModel_ThermalOnExcitedIdleQubit_MatchesAnalyticDecay()
    {
        // q1 is excited, then waits while q0 runs 10 one-qubit gates of 1 us.
        var b = new CircuitBuilder(2).X(1);
        for (int k = 0; k < 10; k++)
        {
            b.RZ(0.1, 0);
        }

        var model = new NoiseModel { T1 = 40e-6, T2 = 40e-6, OneQubitGateTime = 1e-6 };
        var r = Run(model.Apply(b.Build()));
        // X on q1 (1 us) runs in parallel with q0's first RZ; the circuit lasts 10 us, so q1 decays for
        // 1 us during its gate and 9 us idle waiting for q0: 10 us in all.
        double p1 = r.Probabilities()[2] + r.Probabilities()[3];
        Assert.Equal(Math.Exp(-10e-6 / 40e-6), p1, 12);
    }

    [Fact]
    public void ReadoutError_FlipsRecordedBitNotQubit_OnEveryBackend()
    {
        var model = NoiseModel.Parse("readout=0.1/0.2");
        var c = model.Apply(new CircuitBuilder(2, 2).X(1).Measure(0, 0).Measure(1, 1).Build());
        IExactResult[] results = [new StateVectorSimulator().RunExact(c), Run(c)];
        foreach (var r in results)
        {
            var d = r.ClassicalDistribution();
            Assert.Equal(0.9 * 0.8, d["10"], 12);
            Assert.Equal(0.1 * 0.8, d["11"], 12);
            Assert.Equal(0.9 * 0.2, d["00"], 12);
            Assert.Equal(0.1 * 0.2, d["01"], 12);
            Assert.Equal(1.0, r.Probabilities()[2], 12); // the qubits themselves are untouched
        }

        var counts = new StateVectorSimulator().Sample(c, 20000, 11).Counts;
        Assert.InRange(counts["10"] / 20000.0, 0.72 - 0.02, 0.72 + 0.02);
    }

    [Fact]
    public void NoiseModel_AfterGates_InsertsChannelsAndKeepsConditions()
    {
        var model = NoiseModel.Parse("depolarizing:0.01;depolarizing2:0.02");
        var c = new CircuitBuilder(2, 1).H(0).CX(0, 1).Measure(0, 0).If(0, true, x => x.X(1)).Build();
        var noisy = model.Apply(c);
        var kinds = noisy.Instructions.Select(i => i switch
        {
            NoiseChannelOperation n => n.Channel.Name,
            Conditioned { Body: NoiseChannelOperation n } => "if " + n.Channel.Name,
            _ => "op",
        }).ToArray();
        Assert.Equal(["op", "depolarizing", "op", "depolarizing2", "op", "op", "if depolarizing"], kinds);
    }
}
