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

    [Theory]
    [InlineData(24, 1 << 23, 2, 16, true, 20, 3)]
    [InlineData(24, (1 << 23) | (1 << 21), 2, 16, true, 22, 1)]
    [InlineData(24, (1 << 23) | (1 << 22) | 1, 2, 16, true, 19, 3)]
    [InlineData(24, (1 << 23) | (1 << 22) | (1 << 21) | (1 << 17), 2, 16, true, 18, 3)]
    [InlineData(24, (1 << 23) | (1 << 19), 8, 16, true, 20, 3)]
    [InlineData(24, (1 << 23) | (1 << 19), 1, 16, false, 0, 0)]
    [InlineData(24, 1 << 22, 2, 16, false, 0, 0)]
    [InlineData(15, 1 << 14, 2, 16, false, 0, 0)]
    [InlineData(8, (1 << 7) | 1, 2, 0, true, 6, 1)]
    [InlineData(7, 1 << 6, 2, 0, false, 0, 0)]
    [InlineData(4, 0b1111, 2, 0, false, 0, 0)]
    public void WindowSplit_TopGates_ChunkBitsRightUnderTheTopRun(int n, int mask, int threads, int minQubits, bool splits, int p, int c)
    {
        Assert.Equal(splits, ParallelApply.WindowSplit(n, mask, threads, minQubits, out int gotP, out int gotC));
        Assert.Equal((p, c), (gotP, gotC));
    }

    /// <summary>Qubit lists whose highest qubit is the top one: alone, with a top run of two, or with a gap under it.</summary>
    private static IEnumerable<int[]> TopQubitSets(Random rng, int n, int k)
    {
        // Low qubits 0..5: under every chunk bit (a window's base run is at least 2^6 amplitudes) for n >= 10.
        int Low() => rng.Next(Math.Min(6, n - 4));
        int[] Fill(params int[] fixedQubits)
        {
            var q = new List<int>(fixedQubits);
            while (q.Count < k)
            {
                int x = Low();
                if (!q.Contains(x))
                {
                    q.Add(x);
                }
            }

            return [.. q.OrderBy(_ => rng.Next())];
        }

        yield return Fill(n - 1);
        if (k >= 2)
        {
            yield return Fill(n - 1, n - 2);
            yield return Fill(n - 1, n - 3);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Apply_GatesOnTheTopQubit_SplitUnderIt_BitIdenticalToSingleThreaded(int n)
    {
        var rng = new Random(4000 + n);
        var state = RandomState(rng, n);
        var expected = new Complex[state.Length];
        var actual = new Complex[state.Length];
        var m = Enumerable.Range(0, 256).Select(_ => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).ToArray();
        var gates = new List<CompiledGate>();
        foreach (var def in StandardGates.All.Where(g => g.NumQubits <= 3))
        {
            foreach (var qubits in TopQubitSets(rng, n, def.NumQubits))
            {
                var parameters = Enumerable.Range(0, def.NumParameters).Select(_ => (rng.NextDouble() * 6) - 3).ToArray();
                gates.Add(CompiledGate.Compile(def, parameters, qubits));
            }
        }

        foreach (int k in new[] { 2, 3, 4 })
        {
            foreach (var qubits in TopQubitSets(rng, n, k))
            {
                gates.Add(CompiledGate.FromMatrix(m[..(1 << (2 * k))], qubits));
            }
        }

        // Extra controls on the top qubit and a low one (classical-to-quantum conditions of deferred measurements).
        gates.Add(CompiledGate.Compile(StandardGates.RX, [0.3], [2], [n - 1, 0], [true, false]));
        gates.Add(CompiledGate.Compile(StandardGates.RZ, [0.3], [n - 1], [1], [true]));
        gates.Add(CompiledGate.Compile(StandardGates.RXX, [0.7], [n - 1, 3], [0], [true]));
        gates.Add(CompiledGate.Compile(StandardGates.Swap, [], [n - 1, 1], [2], [false]));
        foreach (var gate in gates)
        {
            // The window path really runs (every such gate takes it).
            Assert.True(ParallelApply.WindowSplit(n, gate.TouchedMask, 2, 0, out _, out _) && gate.WindowCapable(state.Length, single: false), $"{gate.Kind} on mask {gate.TouchedMask:X}: no window split");
            state.CopyTo(expected, 0);
            gate.Apply(expected.AsSpan());
            foreach (int t in ThreadCounts)
            {
                state.CopyTo(actual, 0);
                ParallelApply.Apply(gate, actual, t, minQubits: 0);
                AssertBitIdentical(expected, actual, $"{gate.Kind} on mask {gate.TouchedMask:X}, n = {n}, {t} thread(s)");
            }
        }
    }

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
