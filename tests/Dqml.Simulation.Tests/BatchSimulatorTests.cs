using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Testing;

namespace Dqml.Simulation.Tests;

/// <summary>
/// <see cref="BatchSimulator"/>: threads across samples give bit-identical results for any thread count, equal to
/// running each sample alone; fused and single-precision batches agree with the plain path.
/// </summary>
public class BatchSimulatorTests
{
    private static readonly StateVectorSimulator Reference = new(new SimulatorOptions { Threads = 1 });

    private static List<IParameterSource?> Bindings(Circuit circuit, int count, int seed)
    {
        var rng = new Random(seed);
        var list = new List<IParameterSource?>();
        for (int s = 0; s < count; s++)
        {
            list.Add(new ParameterValues(circuit.Symbols.Select(x => new KeyValuePair<string, double>(x.Name, (rng.NextDouble() * 6) - 3))));
        }

        return list;
    }

    private static void AssertBitIdentical(StateVector expected, StateVector actual, string what)
    {
        var e = expected.Amplitudes;
        var a = actual.Amplitudes;
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(e[i].Real) == BitConverter.DoubleToInt64Bits(a[i].Real)
                && BitConverter.DoubleToInt64Bits(e[i].Imaginary) == BitConverter.DoubleToInt64Bits(a[i].Imaginary),
                $"{what}: amplitude {i} differs: {e[i]} vs {a[i]}");
        }
    }

    [Theory]
    [InlineData(Precision.Double, 0)]
    [InlineData(Precision.Double, 3)]
    [InlineData(Precision.Single, 0)]
    [InlineData(Precision.Single, 2)]
    public void Run_AnyThreadCount_BitIdentical(Precision precision, int fusion)
    {
        var pc = RandomCircuits.GenerateParametrized(7, 60, 99, RandomCircuitOptions.Unitary);
        var bindings = Bindings(pc.Circuit, 37, 1);
        var one = new BatchSimulator(new SimulatorOptions { Threads = 1, Precision = precision }, fusion).Run(pc.Circuit, bindings);
        foreach (int t in new[] { 2, 3, 8 })
        {
            var many = new BatchSimulator(new SimulatorOptions { Threads = t, Precision = precision }, fusion).Run(pc.Circuit, bindings);
            for (int s = 0; s < bindings.Count; s++)
            {
                AssertBitIdentical(one[s], many[s], $"{precision}, fusion {fusion}, {t} threads, sample {s}");
            }
        }
    }

    [Fact]
    public void Run_Double_EqualsSimulatorPerSample()
    {
        var pc = RandomCircuits.GenerateParametrized(6, 50, 5, RandomCircuitOptions.Unitary);
        var bindings = Bindings(pc.Circuit, 20, 2);
        var batch = new BatchSimulator(new SimulatorOptions { Threads = 2 }).Run(pc.Circuit, bindings);
        for (int s = 0; s < bindings.Count; s++)
        {
            AssertBitIdentical(Reference.RunUnitary(pc.Circuit, bindings[s]), batch[s], $"sample {s}");
        }
    }

    [Fact]
    public void Run_SingleAndFused_CloseToDouble()
    {
        var pc = RandomCircuits.GenerateParametrized(8, 50, 6, RandomCircuitOptions.Unitary);
        var bindings = Bindings(pc.Circuit, 12, 3);
        var single = new BatchSimulator(new SimulatorOptions { Threads = 2, Precision = Precision.Single }).Run(pc.Circuit, bindings);
        var fused = new BatchSimulator(new SimulatorOptions { Threads = 2 }, fusionMaxQubits: 4).Run(pc.Circuit, bindings);
        for (int s = 0; s < bindings.Count; s++)
        {
            var expected = Reference.RunUnitary(pc.Circuit, bindings[s]);
            for (int i = 0; i < expected.Amplitudes.Length; i++)
            {
                Assert.True(Complex.Abs(expected[i] - single[s][i]) < 1e-5, $"single, sample {s}, amplitude {i}");
                Assert.True(Complex.Abs(expected[i] - fused[s][i]) < 1e-12, $"fused, sample {s}, amplitude {i}");
            }
        }
    }

    [Fact]
    public void Run_ListOfCircuitsOfDifferentWidths_MatchesEachAlone()
    {
        var circuits = Enumerable.Range(0, 15).Select(s => RandomCircuits.Generate(1 + (s % 9), 30, 200 + s, RandomCircuitOptions.Unitary)).ToList();
        var batch = new BatchSimulator(new SimulatorOptions { Threads = 3 }).Run(circuits);
        for (int s = 0; s < circuits.Count; s++)
        {
            AssertBitIdentical(Reference.RunUnitary(circuits[s]), batch[s], $"circuit {s}");
        }
    }

    [Fact]
    public void ExpectationsAndProbabilities_MatchPerSample()
    {
        var pc = RandomCircuits.GenerateParametrized(5, 40, 8, RandomCircuitOptions.Unitary);
        var bindings = Bindings(pc.Circuit, 9, 4);
        var z0 = PauliSum.Parse("Z0 + 0.5 X1 Y2");
        var sim = new BatchSimulator(new SimulatorOptions { Threads = 2 });
        var e = sim.Expectations(pc.Circuit, bindings, z0);
        var p = sim.Probabilities(pc.Circuit, bindings);
        for (int s = 0; s < bindings.Count; s++)
        {
            var state = Reference.RunUnitary(pc.Circuit, bindings[s]);
            Assert.Equal(state.Expectation(z0), e[s]);
            Assert.Equal(state.Probabilities(), p[s]);
        }
    }

    [Fact]
    public void Run_BadInput_Throws()
    {
        var measured = new CircuitBuilder(1, 1).H(0).Measure(0, 0).Build();
        var sim = new BatchSimulator();
        Assert.Throws<InvalidOperationException>(() => sim.Run(measured, [null]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSimulator(null, 7));
        var unbound = new CircuitBuilder(1).RX(ParamExpr.Trainable("t"), 0).Build();
        Assert.Throws<InvalidOperationException>(() => sim.Run(unbound, [null, null]));
        Assert.Empty(sim.Run(unbound, []));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_SeveralFailingSamples_ReportsTheLowestWhateverTheThreadCount(int threads)
    {
        // Sample 11 leaves 'a' unbound, sample 40 leaves 'b' unbound: the error is always sample 11's.
        var circuit = new CircuitBuilder(2).RX(ParamExpr.Trainable("a"), 0).RY(ParamExpr.Trainable("b"), 1).Build();
        var bindings = Enumerable.Range(0, 64).Select(s => (IParameterSource?)new ParameterValues(
            new[] { ("a", 0.1 * s), ("b", 0.2 * s) }.Where(kv => !(s == 11 && kv.Item1 == "a") && !(s == 40 && kv.Item1 == "b"))
                .Select(kv => new KeyValuePair<string, double>(kv.Item1, kv.Item2)))).ToList();
        var sim = new BatchSimulator(new SimulatorOptions { Threads = threads });
        var e = Assert.Throws<InvalidOperationException>(() => sim.Run(circuit, bindings));
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
    }
}
