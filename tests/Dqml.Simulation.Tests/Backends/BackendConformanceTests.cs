using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Simulation;
using Dqml.Testing;

namespace Dqml.Simulation.Tests.Backends;

/// <summary>
/// One conformance suite for every backend: on the same circuits, the exact results of the state-vector
/// backend (deferred measurement + branch enumeration) and of the density-matrix backend agree.
/// </summary>
public class BackendConformanceTests
{
    public static TheoryData<string> Backends => ["statevector", "density-matrix"];

    private static ISimulatorBackend Backend(string name) => name == "statevector" ? new StateVectorSimulator() : new DensityMatrixSimulator();

    [Theory]
    [MemberData(nameof(Backends))]
    public void Run_BellPair_GivesAnalyticResult(string backend)
    {
        var r = Backend(backend).Run(new CircuitBuilder(2, 2).H(0).CX(0, 1).Build());
        StateAssert.ProbabilitiesEqual([0.5, 0, 0, 0.5], r.Probabilities());
        Assert.Equal(1.0, r.Expectation(PauliString.Parse("XX")), 12);
        Assert.Equal(-1.0, r.Expectation(PauliString.Parse("YY")), 12);
        Assert.Equal(1.0, r.Purity(), 12);
        var rho = r.ReducedDensityMatrix([0]);
        ComplexAssert.Equal(0.5, rho[0, 0]);
        ComplexAssert.Equal(0, rho[0, 1]);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Run_Teleportation_TransfersTheState(string backend)
    {
        var b = new CircuitBuilder(3);
        b.AddClassicalRegister("m0", 1);
        b.AddClassicalRegister("m1", 1);
        b.RY(1.1, 0).RZ(0.4, 0).H(1).CX(1, 2).CX(0, 1).H(0).Measure(0, 0).Measure(1, 1)
            .If(1, true, x => x.X(2)).If(0, true, x => x.Z(2));
        var r = Backend(backend).Run(b.Build());
        var input = new StateVectorSimulator().RunUnitary(new CircuitBuilder(1).RY(1.1, 0).RZ(0.4, 0).Build());
        ComplexAssert.MatrixEqual(input.ReducedDensityMatrix([0]), r.ReducedDensityMatrix([2]), 1e-12);
        foreach (var p in r.ClassicalDistribution().Values)
        {
            Assert.Equal(0.25, p, 12);
        }
    }

    [Fact]
    public void DensityMatrix_OfPureRun_EqualsOuterProduct()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            int n = 1 + (seed % 6);
            var c = RandomCircuits.Generate(n, 30, seed, RandomCircuitOptions.Unitary with { MaxGateQubits = Math.Min(n, 4) });
            var psi = new StateVectorSimulator().RunUnitary(c);
            var rho = new DensityMatrixSimulator().Run(c).State();
            var expected = DensityMatrix.FromPureState(psi);
            for (int r = 0; r < rho.Dimension; r++)
            {
                for (int col = 0; col < rho.Dimension; col++)
                {
                    Assert.True(Complex.Abs(expected[r, col] - rho[r, col]) < 1e-12, $"seed {seed}: rho[{r},{col}] = {rho[r, col]}, |psi><psi| = {expected[r, col]}");
                }
            }
        }
    }

    [Fact]
    public void Backends_MidCircuitRandomCircuits_Agree()
    {
        var sv = new StateVectorSimulator();
        var dm = new DensityMatrixSimulator();
        for (int seed = 0; seed < 60; seed++)
        {
            int n = 1 + (seed % 5);
            var c = RandomCircuits.Generate(n, 25, 1000 + seed, RandomCircuitOptions.MidCircuit with { MaxGateQubits = Math.Min(n, 3) });
            var a = sv.RunExact(c);
            var b = dm.Run(c);
            string ctx = $"seed {seed}";
            StateAssert.ProbabilitiesEqual(b.Probabilities(), a.Probabilities(), 1e-10, ctx);
            StateAssert.DistributionsEqual(b.ClassicalDistribution(), a.ClassicalDistribution(), 1e-10, ctx);
            Assert.True(Math.Abs(a.Purity() - b.Purity()) < 1e-9, $"{ctx}: purity {a.Purity()} vs {b.Purity()}");
            var rnd = new Random(seed);
            for (int k = 0; k < 5; k++)
            {
                var p = PauliString.Parse(RandomCircuits.RandomPauliLabel(n, rnd));
                Assert.True(Math.Abs(a.Expectation(p) - b.Expectation(p)) < 1e-10, $"{ctx}: <{p}> {a.Expectation(p)} vs {b.Expectation(p)}");
            }

            var qs = Enumerable.Range(0, n).OrderBy(_ => rnd.Next()).Take(Math.Min(n, 2)).ToArray();
            ComplexAssert.MatrixEqual(b.ReducedDensityMatrix(qs), a.ReducedDensityMatrix(qs), 1e-10, ctx);
        }
    }

    [Fact]
    public void DensityMatrix_RandomNoisyCircuits_StaysPhysicalAfterEveryInstruction()
    {
        var dm = new DensityMatrixSimulator();
        for (int seed = 0; seed < 12; seed++)
        {
            var c = NoisyRandomCircuit(3, 14, seed);
            for (int len = 1; len <= c.Instructions.Length; len++)
            {
                var prefix = c.WithInstructions(c.Instructions.Take(len));
                var rho = dm.Run(prefix).State();
                string? problem = rho.CheckPhysical(1e-10);
                Assert.True(problem is null, $"seed {seed}, after instruction {len - 1} ({c.Instructions[len - 1]}): {problem}");
            }
        }
    }

    [Fact]
    public void Trajectories_NoisyCircuits_ConvergeToDensityMatrix()
    {
        for (int seed = 0; seed < 4; seed++)
        {
            var c = NoisyRandomCircuit(3, 14, 50 + seed);
            var exact = new DensityMatrixSimulator().Run(c).Probabilities();
            const int trajectories = 4000;
            var estimate = new StateVectorSimulator().TrajectoryProbabilities(c, trajectories, (ulong)seed);
            for (int i = 0; i < exact.Length; i++)
            {
                // |psi_i|^2 lies in [0, 1], so its standard deviation is at most sqrt(p (1 - p)).
                double sigma = Math.Sqrt(Math.Max(exact[i] * (1 - exact[i]), 1e-4) / trajectories);
                Assert.True(Math.Abs(estimate[i] - exact[i]) < 5 * sigma, $"seed {seed}, basis {i}: trajectories {estimate[i]:F5}, density matrix {exact[i]:F5}, 5 sigma {5 * sigma:F5}");
            }
        }
    }

    [Fact]
    public void Sample_NoisyCircuit_MatchesDensityMatrixDistribution()
    {
        var c = NoisyRandomCircuit(3, 12, 77);
        var b = new CircuitBuilder(c.NumQubits, c.NumClbits).Append(c);
        for (int q = 0; q < 3; q++)
        {
            b.Measure(q, q);
        }

        var circuit = b.Build();
        var exact = new DensityMatrixSimulator().Run(circuit).ClassicalDistribution();
        const int shots = 20000;
        var counts = new StateVectorSimulator().Sample(circuit, shots, 3).Counts;
        foreach (var (key, p) in exact)
        {
            double f = counts.GetValueOrDefault(key) / (double)shots;
            double sigma = Math.Sqrt(Math.Max(p * (1 - p), 1e-4) / shots);
            Assert.True(Math.Abs(f - p) < 5 * sigma, $"{key}: sampled {f:F4}, exact {p:F4}");
        }
    }

    /// <summary>A random circuit with measurements, resets, conditions and every kind of channel.</summary>
    private static Circuit NoisyRandomCircuit(int n, int gates, int seed)
    {
        var rnd = new Random(seed);
        var baseCircuit = RandomCircuits.Generate(n, gates, seed, RandomCircuitOptions.MidCircuit with { MaxGateQubits = 2, NumClbits = n });
        var list = new List<Instruction>();
        foreach (var ins in baseCircuit.Instructions)
        {
            list.Add(ins);
            if (ins is GateOperation g)
            {
                int q = g.Qubits[0];
                NoiseChannel ch = rnd.Next(6) switch
                {
                    0 => new Depolarizing(0.1 * rnd.NextDouble()),
                    1 => new AmplitudeDamping(0.3 * rnd.NextDouble()),
                    2 => new PhaseDamping(0.3 * rnd.NextDouble()),
                    3 => new PauliChannel(0.05, 0.1, 0.02),
                    4 => new ThermalRelaxation(50e-6, 70e-6, 10e-6 * rnd.NextDouble()),
                    _ => new KrausChannel([[1, 0, 0, Math.Sqrt(0.7)], [0, Math.Sqrt(0.3), 0, 0]]),
                };
                list.Add(new NoiseChannelOperation(ch, [q]));
                if (g.Qubits.Length >= 2 && rnd.Next(2) == 0)
                {
                    list.Add(new NoiseChannelOperation(new Depolarizing(0.05, 2), [g.Qubits[0], g.Qubits[1]]));
                }
            }
        }

        return baseCircuit.WithInstructions(list);
    }
}
