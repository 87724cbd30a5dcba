using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Distributed;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;
using Dqml.Simulation;
using static Dqml.Learning.Tests.Models.HwangQcnnTests;

namespace Dqml.Learning.Tests.Models;

/// <summary>Latency inside the trained distributed QCNN: idle T1/T2 noise from the schedule, checked against the density-matrix simulator.</summary>
public class HwangIdleNoiseTests
{
    private static readonly DensityMatrixSimulator Dm = new();

    private static Architecture Arch(double latency, double t1 = 20e-6, double t2 = 15e-6)
        => Architecture.TwoProcessors(classicalLatency: latency, template: new Processor("P", T1: t1, T2: t2, Times: GateTimes.Superconducting));

    private static HwangModel Build(string scheme, int depth, Architecture arch, QcRealisation remote = QcRealisation.Telegate)
    {
        var (s, k) = HwangQcnn.ParseScheme(scheme);
        return HwangQcnn.Build(new HwangQcnnOptions { Scheme = s, Depth = depth, BellPairs = Math.Max(1, k), Architecture = arch, IdleNoise = true, RemoteGates = remote });
    }

    private static double DensityMatrixDecision(CircuitModel model, double[] p, double[] x)
    {
        var o = ReadoutObservable(model, p);
        double f = 0;
        for (int i = 0; i < model.InitialStates.Count; i++)
        {
            f += model.InitialStates[i].Weight * Dm.Run(model.BoundCircuit(p, x, i)).Expectation(o);
        }

        return f;
    }

    [Theory]
    [InlineData("nc")]
    [InlineData("cc")]
    [InlineData("qc")]
    [InlineData("bell:1")]
    public void Decision_EqualsDensityMatrixSimulation_AndDiffersFromTheNoiselessModel(string scheme)
    {
        // Depth 1 keeps the density-matrix reference quick (it branches on every measured bit).
        var hm = Build(scheme, 1, Arch(2e-6));
        Assert.Contains(hm.Model.Trainable.Instructions, i => i is NoiseChannelOperation { Channel: ThermalRelaxation });
        var p = RandomVector(hm.Model.ParameterCount, 31, Math.PI);
        var x = RandomVector(8, 32, Math.PI / 2);
        double f = hm.Model.Predict(p, OneSample(x, 1))[0];
        double expected = DensityMatrixDecision(hm.Model, p, x);
        Assert.True(Math.Abs(f - expected) < 1e-10, $"{scheme}: engine {f:R} vs density matrix {expected:R}");

        var (s, k) = HwangQcnn.ParseScheme(scheme);
        var clean = HwangQcnn.Build(new HwangQcnnOptions { Scheme = s, Depth = 1, BellPairs = Math.Max(1, k) }).Model;
        Assert.True(Math.Abs(clean.Predict(p, OneSample(x, 1))[0] - f) > 1e-4, $"{scheme}: idle noise changed nothing");
    }

    [Theory]
    [InlineData("cc")]
    [InlineData("qc")]
    public void Gradient_EqualsFiniteDifferences(string scheme)
    {
        // The forward model is checked against the density matrix above; here the engine's gradient through the
        // relaxation channels against central differences of its own loss, every parameter (readout weights included).
        var model = Build(scheme, 2, Arch(1e-6)).Model;
        var p = RandomVector(model.ParameterCount, 41, Math.PI);
        var data = OneSample(RandomVector(8, 42, Math.PI / 2), -1);
        AssertGradientEqualsFiniteDifferences(model, p, data, model.LossAndGradient(p, data, Loss.Mse).Gradient, scheme);
    }

    [Theory]
    [InlineData("cc")]
    [InlineData("qc")]
    public void LatencyFarBeyondT1_Saturates_WhatSurvivesIsClassical(string scheme)
    {
        // 1000 km of fibre (5 ms one way) against T1 = 20 us: every waiting qubit relaxes to |0> completely, so ten
        // times the distance changes nothing. The output still depends on the input: through classical bits measured
        // before the long waits (classical memory does not decohere), which then condition rotations on relaxed qubits.
        var x = RandomVector(8, 52, Math.PI / 2);
        double Decision(double km)
        {
            var model = Build(scheme, 1, Arch(Fibre.Latency(km))).Model;
            return model.Predict(RandomVector(model.ParameterCount, 51, Math.PI), OneSample(x, 1))[0];
        }

        double near = Decision(0), far = Decision(1000), farther = Decision(10000);
        Assert.Equal(far, farther, 12);
        Assert.True(Math.Abs(near - far) > 1e-3, $"{scheme}: {near} vs {far}");
    }

    [Fact]
    public void CoherenceFarBeyondTheMakespan_IsTheNoiselessModel()
    {
        var hm = Build("cc", 2, Arch(224e-9, t1: 1e6, t2: 1e6));
        var clean = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Classical, Depth = 2 }).Model;
        var p = RandomVector(clean.ParameterCount, 61, Math.PI);
        var x = RandomVector(8, 62, Math.PI / 2);
        Assert.Equal(clean.Predict(p, OneSample(x, 1))[0], hm.Model.Predict(p, OneSample(x, 1))[0], 9);
        Assert.Equal(clean.ParameterCount, hm.Model.ParameterCount);
    }

    [Fact]
    public void Timing_QcByTelegatePaysTwoMessagesPerRemoteGate_CcOneMessagePerBit()
    {
        const double tau = 10e-6;
        var cc = Build("cc", 1, Arch(tau)).Timing!;
        var ccBoth = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Classical, Depth = 1, CcBlock = CcCrossBlock.BothWays, Architecture = Arch(tau), IdleNoise = true }).Timing!;
        var qc = Build("qc", 1, Arch(tau)).Timing!;
        var direct = Build("qc", 1, Arch(tau), QcRealisation.Direct).Timing!;
        Assert.Equal(1, cc.ClassicalBits);           // the default one-way block: measure 3 -> B
        Assert.True(cc.MakespanSeconds > tau && cc.MakespanSeconds < 2 * tau);
        Assert.Equal(2, ccBoth.ClassicalBits);       // both ways: measure 3 -> B, measure 4 -> A
        Assert.True(ccBoth.MakespanSeconds > 2 * tau); // the two messages are sequential
        Assert.True(qc.MakespanSeconds > 8 * tau);   // four remote gates on the same pair, two messages each
        Assert.True(direct.MakespanSeconds < tau);   // an ideal coupler waits for nothing
    }

    [Fact]
    public void IdleNoise_WithoutCoherenceTimes_IsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => HwangQcnn.Build(new HwangQcnnOptions { Architecture = Architecture.TwoProcessors(), IdleNoise = true }));
        Assert.Contains("T1", e.Message, StringComparison.Ordinal);
    }
}
