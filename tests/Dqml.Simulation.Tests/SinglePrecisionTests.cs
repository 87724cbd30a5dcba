using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Parameters;
using Dqml.Simulation.Benchmarks;
using Dqml.Simulation.Fusion;
using Dqml.Simulation.Kernels;
using Dqml.Testing;

namespace Dqml.Simulation.Tests;

/// <summary>
/// The complex64 path end to end: random circuits (every catalog gate, random unitaries up to 6 qubits,
/// multi-controlled gates), fused and unfused, against the complex128 path to 1e-5; the chunked multi-threaded
/// apply bit-identical to the single-threaded one; the state's native memory.
/// </summary>
public class SinglePrecisionTests
{
    private static readonly StateVectorSimulator Double = new(new SimulatorOptions { Threads = 1 });
    private static readonly StateVectorSimulator Single = new(new SimulatorOptions { Threads = 1, Precision = Precision.Single });

    private static void AssertClose(StateVector expected, StateVectorSingle actual, double tol, string what)
    {
        var e = expected.Amplitudes;
        var a = actual.Amplitudes;
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++)
        {
            double d = Complex.Abs(e[i] - a[i].ToComplex());
            Assert.True(d <= tol, $"{what}: amplitude {i}: expected {e[i]}, got {a[i]} (|diff| = {d:E2})");
        }
    }

    [Fact]
    public void RunUnitarySingle_RandomCircuits_MatchDoubleTo1e5()
    {
        for (int seed = 0; seed < 80; seed++)
        {
            int n = 1 + (seed % 11);
            var circuit = RandomCircuits.Generate(n, 10 + (seed % 60), seed, RandomCircuitOptions.Unitary);
            var expected = Double.RunUnitary(circuit);
            using var actual = Single.RunUnitarySingle(circuit);
            AssertClose(expected, actual, 1e-5, $"seed {seed}, n = {n}");
            Assert.Equal(1.0, actual.Norm(), 1e-5);
        }
    }

    [Fact]
    public void RunUnitary_SinglePrecisionOption_ReturnsWidenedSingleResult()
    {
        var circuit = RandomCircuits.Generate(7, 50, 3, RandomCircuitOptions.Unitary);
        using var single = Single.RunUnitarySingle(circuit);
        var widened = Single.RunUnitary(circuit);
        for (int i = 0; i < widened.Amplitudes.Length; i++)
        {
            Assert.Equal(single[i].ToComplex(), widened[i]);
        }

        AssertClose(Double.RunUnitary(circuit), single, 1e-5, "7 qubits");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void FusionPlanSingle_RandomCircuits_MatchDouble(int maxQubits)
    {
        for (int seed = 0; seed < 40; seed++)
        {
            int n = 2 + (seed % 10);
            var circuit = RandomCircuits.Generate(n, 20 + seed, 500 + seed, RandomCircuitOptions.Unitary);
            var plan = FusionPlan.Create(circuit, maxQubits);
            using var actual = plan.RunSingle();
            AssertClose(Double.RunUnitary(circuit), actual, 1e-5, $"k = {maxQubits}, seed {seed}, n = {n}");
        }
    }

    [Fact]
    public void QcbmFusedSingle_MatchesDouble()
    {
        var circuit = Workloads.Qcbm(12);
        var expected = Double.RunUnitary(circuit);
        foreach (int k in new[] { 2, 3, 4 })
        {
            using var actual = FusionPlan.Create(circuit, k).RunSingle();
            AssertClose(expected, actual, 1e-5, $"QCBM n = 12, k = {k}");
        }
    }

    [Fact]
    public void ParametrizedCircuit_SingleMatchesDouble()
    {
        var pc = RandomCircuits.GenerateParametrized(6, 40, 77, RandomCircuitOptions.Unitary);
        using var s = Single.RunUnitarySingle(pc.Circuit, pc.Values);
        AssertClose(Double.RunUnitary(pc.Circuit, pc.Values), s, 1e-5, "parametrized");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(14)]
    [InlineData(18)]
    public unsafe void ApplyThreads_SingleState_BitIdenticalToSingleThreaded(int n)
    {
        var rng = new Random(3000 + n);
        var amplitudes = Enumerable.Range(0, 1 << n).Select(_ => new Complex32((float)(rng.NextDouble() - 0.5), (float)(rng.NextDouble() - 0.5))).ToArray();
        var m = Enumerable.Range(0, 64).Select(_ => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).ToArray();
        var gates = new List<CompiledGate>();
        foreach (var def in StandardGates.All.Where(g => g.NumQubits <= 3))
        {
            var parameters = Enumerable.Range(0, def.NumParameters).Select(_ => (rng.NextDouble() * 6) - 3).ToArray();
            var qubits = Enumerable.Range(0, n - 6).OrderBy(_ => rng.Next()).Take(def.NumQubits).ToArray();
            gates.Add(CompiledGate.Compile(def, parameters, qubits));
        }

        gates.Add(CompiledGate.FromMatrix(m, [1, 4, 0]));
        gates.Add(CompiledGate.FromMatrix(m[..16], [n - 7, 2]));

        // Gates on the top qubit: split in windows under it (ParallelApply.WindowSplit).
        foreach (var def in StandardGates.All.Where(g => g.NumQubits <= 3))
        {
            var parameters = Enumerable.Range(0, def.NumParameters).Select(_ => (rng.NextDouble() * 6) - 3).ToArray();
            var qubits = Enumerable.Range(0, n - 8).OrderBy(_ => rng.Next()).Take(def.NumQubits - 1).Append(n - 1).OrderBy(_ => rng.Next()).ToArray();
            gates.Add(CompiledGate.Compile(def, parameters, qubits));
        }

        gates.Add(CompiledGate.FromMatrix(m, [n - 1, 0, n - 2]));
        gates.Add(CompiledGate.FromMatrix(m[..16], [3, n - 1]));
        using var expected = StateVectorSingle.FromAmplitudes(amplitudes);
        using var actual = StateVectorSingle.FromAmplitudes(amplitudes);
        foreach (var g in gates)
        {
            expected.CopyFrom(actual);
            expected.Apply(g);
            foreach (int t in new[] { 1, 2, 3, 8 })
            {
                using var copy = actual.Clone();
                ParallelApply.Apply(g, (Complex32*)copy.Address, 1 << n, t, minQubits: 0);
                Assert.True(expected.Amplitudes.SequenceEqual(copy.Amplitudes), $"{g.Kind} differs on {t} thread(s), n = {n}");
            }

            actual.CopyFrom(expected);
        }
    }

    [Fact]
    public void StateVectorSingle_NativeMemory_AlignedZeroedAndDisposable()
    {
        var s = new StateVectorSingle(12);
        Assert.Equal(0, s.Address % StateVectorSingle.Alignment);
        Assert.Equal(Complex32.One, s[0]);
        Assert.True(s.Amplitudes[1..].ToArray().All(z => z == Complex32.Zero));
        Assert.Equal(1.0, s.Norm());
        s.Amplitudes[5] = new Complex32(0.5f, 0);
        s.Reset();
        Assert.Equal(1.0, s.Probabilities()[0]);
        Assert.Equal(0.0, s.Probabilities()[5]);
        s.Dispose();
        s.Dispose();
        Assert.Throws<ObjectDisposedException>(() => s.Amplitudes.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StateVectorSingle(31));
    }

    [Fact]
    public void StateVectorSingle_RoundTripsThroughDouble()
    {
        var rng = new Random(5);
        var a = Enumerable.Range(0, 32).Select(_ => new Complex(rng.NextDouble(), rng.NextDouble())).ToArray();
        using var s = StateVectorSingle.FromAmplitudes(a);
        var back = s.ToStateVector();
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal((float)a[i].Real, (float)back[i].Real);
            Assert.Equal((float)a[i].Imaginary, (float)back[i].Imaginary);
        }

        using var again = StateVectorSingle.FromStateVector(back);
        Assert.True(again.Amplitudes.SequenceEqual(s.Amplitudes));
        Assert.Throws<ArgumentException>(() => StateVectorSingle.FromAmplitudes(new Complex32[3]));
    }

    [Fact]
    public void RunUnitarySingle_NonUnitaryCircuit_Throws()
    {
        var circuit = new CircuitBuilder(2, 2).H(0).Measure(0, 0).Build();
        Assert.Throws<InvalidOperationException>(() => Single.RunUnitarySingle(circuit));
        Assert.Throws<InvalidOperationException>(() => Single.RunUnitary(circuit));
    }

    [Fact]
    public void DenseGateControlledOnItsOwnTarget_SinglePath_IsNotSupported()
    {
        var g = CompiledGate.Compile(StandardGates.RX, [0.3], [1], [1], [true]);
        var a = new Complex32[64];
        a[0] = Complex32.One;
        Assert.Throws<NotSupportedException>(() => g.Apply(a.AsSpan()));
    }

    [Fact]
    public void Complex32_Arithmetic()
    {
        var a = new Complex32(1, 2);
        var b = new Complex32(3, -1);
        Assert.Equal(new Complex32(5, 5), a * b);
        Assert.Equal(new Complex32(4, 1), a + b);
        Assert.Equal(new Complex32(-2, 3), a - b);
        Assert.Equal(new Complex(1, 2), (Complex)a);
        Assert.Equal(a, (Complex32)new Complex(1, 2));
        Assert.Equal("(1, 2)", a.ToString());
    }

    [Fact]
    public void CompiledGateOnSingle_ParametersNotBound_Throws()
    {
        var circuit = new CircuitBuilder(2).RX(ParamExpr.Trainable("t"), 0).Build();
        Assert.Throws<InvalidOperationException>(() => Single.RunUnitarySingle(circuit));
    }
}
