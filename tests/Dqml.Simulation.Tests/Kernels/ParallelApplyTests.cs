using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation.Tests.Kernels;

/// <summary>
/// The chunked multi-threaded apply against the single-threaded one: bit-identical amplitudes for every
/// catalog one- and two-qubit gate on random qubits, random states, 1, 2, 3 and 8 threads, n in {10, 14, 18}
/// (parallelism forced at every size with a zero threshold).
/// </summary>
public class ParallelApplyTests
{
    private static readonly int[] ThreadCounts = [1, 2, 3, 8];

    public static TheoryData<int> Sizes => [10, 14, 18];

    private static Complex[] RandomState(Random rng, int n)
    {
        var a = new Complex[1 << n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
        }

        return a;
    }

    private static int[] RandomQubits(Random rng, int n, int k, bool low)
    {
        // Half the draws stay below the top bits so the chunked path really runs; the rest may touch any qubit.
        int range = low ? n - 6 : n;
        var q = new List<int>();
        while (q.Count < k)
        {
            int x = rng.Next(range);
            if (!q.Contains(x))
            {
                q.Add(x);
            }
        }

        return [.. q];
    }

    private static void AssertBitIdentical(Complex[] expected, Complex[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i].Real) != BitConverter.DoubleToInt64Bits(actual[i].Real)
                || BitConverter.DoubleToInt64Bits(expected[i].Imaginary) != BitConverter.DoubleToInt64Bits(actual[i].Imaginary))
            {
                Assert.Fail($"{what}: amplitude {i} differs: {expected[i]} vs {actual[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Apply_CatalogGatesAnyThreadCount_BitIdenticalToSingleThreaded(int n)
    {
        var rng = new Random(1000 + n);
        var state = RandomState(rng, n);
        var expected = new Complex[state.Length];
        var actual = new Complex[state.Length];
        int draws = n >= 18 ? 1 : 2;
        foreach (var def in StandardGates.All.Where(g => g.NumQubits <= 2))
        {
            for (int d = 0; d < 2 * draws; d++)
            {
                var parameters = Enumerable.Range(0, def.NumParameters).Select(_ => (rng.NextDouble() * 6) - 3).ToArray();
                var qubits = RandomQubits(rng, n, def.NumQubits, low: d % 2 == 0);
                var gate = CompiledGate.Compile(def, parameters, qubits);
                state.CopyTo(expected, 0);
                gate.Apply(expected.AsSpan());
                foreach (int t in ThreadCounts)
                {
                    state.CopyTo(actual, 0);
                    ParallelApply.Apply(gate, actual, t, minQubits: 0);
                    AssertBitIdentical(expected, actual, $"{def.Name} on [{string.Join(",", qubits)}], n = {n}, {t} thread(s)");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Apply_ControlledAndDenseGatesWithExtraControls_BitIdenticalToSingleThreaded(int n)
    {
        var rng = new Random(2000 + n);
        var state = RandomState(rng, n);
        var expected = new Complex[state.Length];
        var actual = new Complex[state.Length];
        var m = Enumerable.Range(0, 16).Select(_ => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).ToArray();
        var qs = RandomQubits(rng, n, 4, low: true);
        CompiledGate[] gates =
        [
            CompiledGate.FromMatrix(m, qs.AsSpan(0, 2)),
            CompiledGate.Compile(StandardGates.RX, [0.3], qs.AsSpan(0, 1), qs.AsSpan(1, 2), [true, false]),
            CompiledGate.Compile(StandardGates.RZ, [0.3], qs.AsSpan(0, 1), qs.AsSpan(1, 1), [false]),
            CompiledGate.Compile(StandardGates.Swap, [], qs.AsSpan(0, 2), qs.AsSpan(2, 1), [true]),
            CompiledGate.Compile(StandardGates.RXX, [0.7], qs.AsSpan(0, 2), qs.AsSpan(2, 2), [true, true]),
        ];
        foreach (var gate in gates)
        {
            state.CopyTo(expected, 0);
            gate.Apply(expected.AsSpan());
            foreach (int t in ThreadCounts)
            {
                state.CopyTo(actual, 0);
                ParallelApply.Apply(gate, actual, t, minQubits: 0);
                AssertBitIdentical(expected, actual, $"{gate.Kind}, n = {n}, {t} thread(s)");
            }
        }
    }

    [Theory]
    [InlineData(18, 0, 2, 18, 3)]
    [InlineData(18, 14, 2, 18, 3)]
    [InlineData(18, 15, 2, 18, 2)]
    [InlineData(18, 16, 2, 18, 1)]
    [InlineData(18, 17, 2, 18, 0)]
    [InlineData(17, 0, 2, 18, 0)]
    [InlineData(20, 0, 1, 18, 0)]
    [InlineData(20, 0, 3, 18, 4)]
    [InlineData(7, 0, 8, 0, 1)]
    [InlineData(6, 0, 8, 0, 0)]
    public void ChunkBits_GateAndSize_SplitsOnlyBitsAboveTheGate(int n, int highest, int threads, int minQubits, int expected)
        => Assert.Equal(expected, ParallelApply.ChunkBits(n, highest, threads, minQubits));

    [Fact]
    public void Apply_StateVectorOverload_MatchesSingleThreadedApply()
    {
        var rng = new Random(7);
        var amplitudes = RandomState(rng, 19);
        var one = StateVector.FromAmplitudes(amplitudes);
        var two = StateVector.FromAmplitudes(amplitudes);
        var gate = CompiledGate.Compile(StandardGates.H, [], [3]);
        one.Apply(gate);
        gate.Apply(two, 2);
        AssertBitIdentical(one.Amplitudes.ToArray(), two.Amplitudes.ToArray(), "H on 3, n = 19");
    }

    [Fact]
    public void Apply_ZeroThreads_Throws()
    {
        var gate = CompiledGate.Compile(StandardGates.H, [], [0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => gate.Apply(new Complex[4], 0));
    }
}
