using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;
using Dqml.Distributed;
using Dqml.Learning.Gradients;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;
using Dqml.Simulation;
using static Dqml.Learning.Tests.Models.HwangQcnnTests;

namespace Dqml.Learning.Tests.Models;

/// <summary>
/// The CC cross-block variants (<see cref="HwangQcnnOptions.CcBlock"/>): one measured bit per sub-layer conditioning
/// RX then RY on the other processor's boundary qubit, alternating in direction or always from A to B. Parameter and
/// bit counts, decision values against state-vector branch enumeration, gradients against parameter shift and finite
/// differences, and that the sender really is measured (not a coherent control).
/// </summary>
public class HwangCcBlockTests
{
    private static readonly StateVectorSimulator Sv = new();

    public static TheoryData<CcCrossBlock> OneBitBlocks => [CcCrossBlock.Alternating, CcCrossBlock.OneWay];

    private static HwangModel Build(CcCrossBlock block, int depth) =>
        HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Classical, Depth = depth, CcBlock = block });

    [Theory]
    [InlineData(CcCrossBlock.BothWays, 1)]
    [InlineData(CcCrossBlock.BothWays, 9)]
    [InlineData(CcCrossBlock.Alternating, 1)]
    [InlineData(CcCrossBlock.Alternating, 3)]
    [InlineData(CcCrossBlock.Alternating, 9)]
    [InlineData(CcCrossBlock.OneWay, 2)]
    [InlineData(CcCrossBlock.OneWay, 9)]
    public void ParameterCount_Is10LPlus28_AndBitsAreCountedRight(CcCrossBlock block, int depth)
    {
        var hm = Build(block, depth);
        Assert.Equal("10L+28", hm.Formula);
        Assert.Equal((10 * depth) + 28, hm.ExpectedParameterCount);
        Assert.Equal((10 * depth) + 28, hm.Model.ParameterCount);

        // Bits: two per sub-layer (both ways) or one, plus three pooling bits per processor; each bit is measured once.
        int crossBits = block == CcCrossBlock.BothWays ? 2 * depth : depth;
        var measurements = hm.Model.Trainable.Instructions.OfType<Measurement>().ToList();
        Assert.Equal(crossBits + 6, hm.Model.Trainable.NumClbits);
        Assert.Equal(crossBits + 6, measurements.Count);
        Assert.Equal(crossBits + 6, measurements.Select(m => m.Clbit).Distinct().Count());

        // The conditioned parameters are the cross gates.
        Assert.Equal(Enumerable.Range(0, depth).SelectMany(l => new[] { $"k{l}_0", $"k{l}_1" }), hm.CrossGateNames);
    }

    [Theory]
    [InlineData(CcCrossBlock.Alternating, new[] { 3, 4, 3, 4 })]
    [InlineData(CcCrossBlock.OneWay, new[] { 3, 3, 3, 3 })]
    public void OneBitBlocks_MeasureTheSender_AndConditionRxThenRyOnTheReceiver(CcCrossBlock block, int[] senders)
    {
        var hm = Build(block, senders.Length);
        var ins = hm.Model.Trainable.Instructions;
        // The cross bits are the first L bits (the pooling bits follow; pooling also measures qubit 3).
        var cross = ins.Select((x, i) => (x, i)).Where(t => t.x is Measurement m && m.Clbit < senders.Length).ToList();
        Assert.Equal(senders, cross.Select(t => ((Measurement)t.x).Qubit));
        for (int l = 0; l < senders.Length; l++)
        {
            var (m, i) = ((Measurement)cross[l].x, cross[l].i);
            Assert.Equal(l, m.Clbit);
            int receiver = 7 - m.Qubit;
            var rx = Assert.IsType<Conditioned>(ins[i + 1]);
            var ry = Assert.IsType<Conditioned>(ins[i + 2]);
            foreach (var (c, gate, name) in new[] { (rx, "rx", $"k{l}_0"), (ry, "ry", $"k{l}_1") })
            {
                var bc = Assert.IsType<BitCondition>(c.Condition);
                Assert.Equal(m.Clbit, bc.Clbit);
                Assert.True(bc.BitValue);
                var g = Assert.IsType<GateOperation>(c.Body);
                Assert.Equal(gate, g.Gate.Definition.Name);
                Assert.Equal(receiver, Assert.Single(g.Qubits));
                Assert.Equal(ParamExpr.Trainable(name), Assert.Single(g.Gate.Parameters));
            }

            // No other gate touches the sender between its measurement and the next sub-layer.
            Assert.IsNotType<Conditioned>(ins[i + 3]);
        }
    }

    [Theory]
    [MemberData(nameof(OneBitBlocks))]
    public void Decision_EqualsStateVectorBranchEnumeration_AndDiffersFromBothWays(CcCrossBlock block)
    {
        var model = Build(block, 3).Model;
        var p = RandomVector(model.ParameterCount, 91, Math.PI);
        var x = RandomVector(8, 92, Math.PI / 2);
        double f = model.Predict(p, OneSample(x, 1))[0];
        double expected = Sv.RunExact(model.BoundCircuit(p, x)).Expectation(ReadoutObservable(model, p));
        Assert.True(Math.Abs(f - expected) < 1e-10, $"{block}: engine {f:R} vs branch enumeration {expected:R}");
        Assert.True(Math.Abs(f - Build(CcCrossBlock.BothWays, 3).Model.Predict(p, OneSample(x, 1))[0]) > 1e-6);
    }

    [Theory]
    [MemberData(nameof(OneBitBlocks))]
    public void Gradient_EqualsParameterShiftAndFiniteDifferences(CcCrossBlock block)
    {
        var model = Build(block, 3).Model;
        AssertGradientEqualsShiftAndFiniteDifferences(model, RandomVector(model.ParameterCount, 93, Math.PI), RandomVector(8, 94, Math.PI / 2), block.ToString());
    }

    [Theory]
    [MemberData(nameof(OneBitBlocks))]
    public void OneBitBlock_IsNotACoherentControl(CcCrossBlock block)
    {
        // The sender is measured and goes on dephased: the same gates with a live control give other outputs.
        var cc = Build(block, 2).Model;
        var p = RandomVector(cc.ParameterCount, 95, Math.PI);
        var x = RandomVector(8, 96, Math.PI / 2);
        double f = cc.Predict(p, OneSample(x, 1))[0];
        double coherent = StateVectorCoherentVersion(cc, p, x);
        Assert.True(Math.Abs(f - coherent) > 1e-6, $"{block}: output {f} equals the coherent-control output {coherent}");
    }

    [Theory]
    [MemberData(nameof(OneBitBlocks))]
    public void WithIdleNoise_DecisionEqualsDensityMatrixSimulation(CcCrossBlock block)
    {
        var arch = Architecture.TwoProcessors(classicalLatency: 2e-6, template: new Processor("P", T1: 20e-6, T2: 15e-6, Times: GateTimes.Superconducting));
        var hm = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Classical, Depth = 2, CcBlock = block, Architecture = arch, IdleNoise = true });
        Assert.Contains(hm.Model.Trainable.Instructions, i => i is NoiseChannelOperation { Channel: ThermalRelaxation });
        var p = RandomVector(hm.Model.ParameterCount, 97, Math.PI);
        var x = RandomVector(8, 98, Math.PI / 2);
        double f = hm.Model.Predict(p, OneSample(x, 1))[0];
        double expected = new DensityMatrixSimulator().Run(hm.Model.BoundCircuit(p, x)).Expectation(ReadoutObservable(hm.Model, p));
        Assert.True(Math.Abs(f - expected) < 1e-10, $"{block}: engine {f:R} vs density matrix {expected:R}");
    }
}
