using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Simulation.Benchmarks;
using Dqml.Simulation.Fusion;
using Dqml.Testing;

namespace Dqml.Simulation.Tests.Fusion;

public class GateFusionTests
{
    private static readonly StateVectorSimulator Simulator = new(new SimulatorOptions { Threads = 1 });

    private static void AssertSameAmplitudes(StateVector expected, StateVector actual, double tol = 1e-12)
    {
        var e = expected.Amplitudes;
        var a = actual.Amplitudes;
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(Complex.Abs(e[i] - a[i]) <= tol, $"amplitude {i}: expected {e[i]}, got {a[i]}");
        }
    }

    private static void AssertStructure(FusionPlan plan)
    {
        // Every instruction appears exactly once; every block fits (or is one wider gate).
        var seen = plan.Steps.SelectMany(s => s.Instructions).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, plan.Circuit.Instructions.Length), seen);
        foreach (var s in plan.Steps.Where(s => s.IsBlock))
        {
            Assert.True(s.Qubits.Length <= plan.MaxQubits || s.Instructions.Length == 1);
            Assert.Equal(s.Qubits.Length, s.Qubits.Distinct().Count());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Run_RandomUnitaryCircuits_MatchesUnfused(int maxQubits)
    {
        for (int seed = 0; seed < 100; seed++)
        {
            int n = 1 + (seed % 10);
            var circuit = RandomCircuits.Generate(n, 5 + (seed % 40), seed, RandomCircuitOptions.Unitary);
            var plan = FusionPlan.Create(circuit, maxQubits);
            AssertStructure(plan);
            AssertSameAmplitudes(Simulator.RunUnitary(circuit), plan.Run());
        }
    }

    [Fact]
    public void Bind_RandomParametrizedCircuitsReboundSeveralTimes_MatchesUnfused()
    {
        var rng = new Random(7);
        for (int seed = 0; seed < 60; seed++)
        {
            int n = 1 + (seed % 8);
            var pc = RandomCircuits.GenerateParametrized(n, 30, 1000 + seed, RandomCircuitOptions.Unitary);
            var plan = FusionPlan.Create(pc.Circuit);
            AssertSameAmplitudes(Simulator.RunUnitary(pc.Circuit, pc.Values), plan.Run(pc.Values));
            for (int set = 0; set < 4; set++)
            {
                var values = new ParameterValues(pc.Circuit.Symbols.Select(s => new KeyValuePair<string, double>(s.Name, (rng.NextDouble() * 8) - 4)));
                var bound = plan.Bind(values);
                var state = new StateVector(n);
                bound.Apply(state);
                AssertSameAmplitudes(Simulator.RunUnitary(pc.Circuit, values), state);
            }
        }
    }

    [Fact]
    public void Create_QcbmCircuit_BlockCountWellBelowGateCount()
    {
        var circuit = Workloads.Qcbm(12);
        var plan = FusionPlan.Create(circuit);
        Assert.Equal(41 * 12, circuit.GateCount);
        Assert.True(plan.BlockCount * 3 < circuit.GateCount, $"{plan.BlockCount} blocks for {circuit.GateCount} gates");
        AssertSameAmplitudes(Simulator.RunUnitary(circuit), plan.Run());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7)]
    public void Create_MaxQubitsOutOfRange_Throws(int maxQubits)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FusionPlan.Create(Workloads.Qcbm(3), maxQubits));
        Assert.Contains("maxQubits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MidCircuitInstructions_KeptInPlaceAndInOrder()
    {
        for (int seed = 0; seed < 80; seed++)
        {
            int n = 1 + (seed % 6);
            var circuit = RandomCircuits.Generate(n, 30, 500 + seed, RandomCircuitOptions.MidCircuit with { ConditionalNonUnitary = true });
            var plan = FusionPlan.Create(circuit);
            AssertStructure(plan);
            var kept = plan.Steps.Where(s => !s.IsBlock).Select(s => s.Instructions[0]).ToArray();
            var expected = Enumerable.Range(0, circuit.Instructions.Length).Where(i => circuit.Instructions[i] is not GateOperation).ToArray();
            Assert.Equal(expected, kept);

            // On every qubit, the order of the instructions touching it is unchanged.
            var order = plan.Steps.SelectMany(s => s.Instructions).ToArray();
            for (int q = 0; q < n; q++)
            {
                var onQ = order.Where(i => circuit.Instructions[i].Qubits.Contains(q)).ToArray();
                Assert.Equal(onQ.Order(), onQ);
            }

            // The fused circuit runs the same through the exact executor.
            var fused = plan.ToCircuit(null);
            var a = Simulator.RunExact(circuit).Probabilities();
            var b = Simulator.RunExact(fused).Probabilities();
            for (int i = 0; i < a.Length; i++)
            {
                Assert.Equal(a[i], b[i], 1e-10);
            }
        }
    }

    [Fact]
    public void Run_CircuitWithMeasurement_ThrowsClearError()
    {
        var circuit = new CircuitBuilder(2, 1).H(0).CX(0, 1).Measure(0, 0).H(1).Build();
        var plan = FusionPlan.Create(circuit);
        Assert.False(plan.IsUnitary);
        var e = Assert.Throws<InvalidOperationException>(() => plan.Run());
        Assert.Contains("not unitary", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_OneGateBlock_KeepsSpecialisedKernel()
    {
        var circuit = new CircuitBuilder(3).CX(0, 1).CX(1, 2).Build();
        var bound = FusionPlan.Create(circuit, maxQubits: 2).Bind(null);
        Assert.All(bound.Gates, g => Assert.Equal(Dqml.Simulation.Kernels.KernelKind.Controlled1, g!.Kind));
    }

    [Fact]
    public void Bind_UnboundSymbol_NamesInstruction()
    {
        var circuit = RandomCircuits.GenerateParametrized(3, 20, 3, RandomCircuitOptions.Unitary).Circuit;
        var plan = FusionPlan.Create(circuit);
        var e = Assert.Throws<InvalidOperationException>(() => plan.Bind(null));
        Assert.Contains("instruction", e.Message, StringComparison.Ordinal);
    }
}
