using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Testing;

namespace Dqml.Simulation.Tests;

public class ExactModeTests
{
    private static readonly StateVectorSimulator Sim = new();
    private static readonly StateVectorSimulator NoDefer = new(new SimulatorOptions { DeferMeasurements = false });

    public static TheoryData<bool> DeferModes() => new() { true, false };

    private static StateVectorSimulator For(bool defer) => defer ? Sim : NoDefer;

    private static Circuit Teleportation(Complex[,] prepare)
    {
        return new CircuitBuilder(3, 2)
            .Unitary(prepare, 0)
            .H(1).CX(1, 2)
            .CX(0, 1).H(0)
            .Measure(0, 0).Measure(1, 1)
            .If(1, true, b => b.X(2))
            .If(0, true, b => b.Z(2))
            .Build();
    }

    [Theory]
    [MemberData(nameof(DeferModes))]
    public void RunExact_TeleportationOfRandomState_OutputMatchesInput(bool defer)
    {
        var rng = new Random(2718);
        for (int trial = 0; trial < 10; trial++)
        {
            var u = RandomCircuits.HaarUnitary(2, rng);
            var psi = new Complex[] { u[0, 0], u[1, 0] };
            var result = For(defer).RunExact(Teleportation(u));
            ComplexAssert.MatrixEqual(DenseMatrix.Outer(psi), result.ReducedDensityMatrix([2]), 1e-10, $"trial {trial}");
            StateAssert.DistributionsEqual(
                new Dictionary<string, double> { ["00"] = 0.25, ["01"] = 0.25, ["10"] = 0.25, ["11"] = 0.25 },
                result.ClassicalDistribution(),
                1e-10,
                $"trial {trial}");
            var dense = DenseReferenceSimulator.RunDensity(Teleportation(u));
            StateAssert.ProbabilitiesEqual(dense.Probabilities(), result.Probabilities(), 1e-10);
            if (defer)
            {
                Assert.Equal(1, result.BranchCount);
            }
        }
    }

    [Theory]
    [MemberData(nameof(DeferModes))]
    public void RunExact_RepeatUntilSuccessReset_LeavesQubitInZero(bool defer)
    {
        var c = new CircuitBuilder(1, 1).H(0).Measure(0, 0).If(0, true, b => b.X(0)).Build();
        var r = For(defer).RunExact(c);
        StateAssert.ProbabilitiesEqual([1.0, 0.0], r.Probabilities(), 1e-12);
        StateAssert.DistributionsEqual(new Dictionary<string, double> { ["0"] = 0.5, ["1"] = 0.5 }, r.ClassicalDistribution(), 1e-12);
        ComplexAssert.MatrixEqual(new Complex[,] { { 1, 0 }, { 0, 0 } }, r.ReducedDensityMatrix([0]), 1e-12);
    }

    [Theory]
    [MemberData(nameof(DeferModes))]
    public void RunExact_ResetOfEntangledQubit_LeavesPartnerMixed(bool defer)
    {
        var c = new CircuitBuilder(2).H(0).CX(0, 1).Reset(0).Build();
        var r = For(defer).RunExact(c);
        StateAssert.ProbabilitiesEqual([0.5, 0, 0.5, 0], r.Probabilities(), 1e-12);
        ComplexAssert.MatrixEqual(new Complex[,] { { 0.5, 0 }, { 0, 0.5 } }, r.ReducedDensityMatrix([1]), 1e-12);
        ComplexAssert.MatrixEqual(new Complex[,] { { 1, 0 }, { 0, 0 } }, r.ReducedDensityMatrix([0]), 1e-12);
        Assert.Equal(0.0, r.Expectation(PauliString.Parse("XI")), 12);
        Assert.Equal(1.0, r.Expectation(PauliString.Parse("IZ")), 12);
    }

    [Fact]
    public void RunExact_ResetOfSuperposition_GivesZero()
    {
        var c = new CircuitBuilder(1).H(0).T(0).Reset(0).Build();
        var r = Sim.RunExact(c);
        StateAssert.ProbabilitiesEqual([1.0, 0.0], r.Probabilities(), 1e-12);
        ComplexAssert.MatrixEqual(new Complex[,] { { 1, 0 }, { 0, 0 } }, r.ReducedDensityMatrix([0]), 1e-12);
    }

    [Fact]
    public void RunExact_MeasuredQubitUsedOnlyAsControl_IsDeferredToOneBranch()
    {
        var c = new CircuitBuilder(3, 2)
            .H(0).RY(0.7, 1)
            .Measure(0, 0)
            .CX(0, 1).CZ(2, 0).RZ(0.3, 0)
            .If(0, true, b => b.H(2))
            .Measure(1, 1)
            .Build();
        var r = Sim.RunExact(c);
        Assert.Equal(1, r.BranchCount);
        var dense = DenseReferenceSimulator.RunDensity(c);
        StateAssert.ProbabilitiesEqual(dense.Probabilities(), r.Probabilities(), 1e-10);
        StateAssert.DistributionsEqual(dense.ClassicalDistribution(), r.ClassicalDistribution(), 1e-10);
        ComplexAssert.MatrixEqual(dense.ReducedDensityMatrix([2, 0]), r.ReducedDensityMatrix([2, 0]), 1e-10);
        foreach (var label in new[] { "IIX", "IXX", "XIZ", "ZZZ", "IYI", "XYZ", "IIZ" })
        {
            Assert.True(Math.Abs(dense.ExpectationOfPauliString(label) - r.Expectation(PauliString.Parse(label))) < 1e-10, label);
        }
    }

    [Fact]
    public void RunExact_MeasuredQubitThenHadamard_IsNotDeferred()
    {
        var c = new CircuitBuilder(1, 1).H(0).Measure(0, 0).H(0).Build();
        var r = Sim.RunExact(c);
        Assert.Equal(2, r.BranchCount);
        StateAssert.ProbabilitiesEqual([0.5, 0.5], r.Probabilities(), 1e-12);
    }

    [Theory]
    [InlineData("X")]
    [InlineData("Y")]
    public void RunExact_ExpectationOfOffDiagonalPauliOnMeasuredQubit_IsZero(string pauli)
    {
        // |+> (or |+i>) has <X> = 1 (or <Y> = 1); after a measurement the coherence is gone.
        var b = new CircuitBuilder(2, 1).H(0);
        if (pauli == "Y")
        {
            b.S(0);
        }

        var before = Sim.RunExact(b.Build());
        Assert.Equal(1.0, before.Expectation(PauliString.Parse(pauli + "0")), 12);
        var c = b.Measure(0, 0).Build();
        var r = Sim.RunExact(c);
        Assert.Equal(0.0, r.Expectation(PauliString.Parse("I" + pauli)), 12);
        Assert.Equal(0.0, r.Expectation(PauliSum.Parse("2*I" + pauli)), 12);
        Assert.Equal(0.0, r.Expectation(PauliString.Parse("Z")), 12);
        Assert.Equal(1.0, r.Expectation(PauliString.Parse("ZI")), 12);
        ComplexAssert.MatrixEqual(new Complex[,] { { 0.5, 0 }, { 0, 0.5 } }, r.ReducedDensityMatrix([0]), 1e-12);
        Assert.Equal(0.0, NoDefer.RunExact(c).Expectation(PauliString.Parse("I" + pauli)), 12);
    }

    [Fact]
    public void RunExact_UnitaryCircuit_SingleBranchMatchesRunUnitary()
    {
        var c = RandomCircuits.Generate(5, 30, 3);
        var r = Sim.RunExact(c);
        Assert.Equal(1, r.BranchCount);
        Assert.True(r.IsPure);
        StateAssert.AmplitudesEqual(Sim.RunUnitary(c).Amplitudes, r.PureState.Amplitudes, 0);
        Assert.Equal(5, r.NumQubits);
    }

    [Fact]
    public void RunExact_MixedResult_PureStateThrows()
    {
        var r = Sim.RunExact(new CircuitBuilder(1, 1).H(0).Measure(0, 0).Build());
        Assert.False(r.IsPure);
        Assert.Throws<InvalidOperationException>(() => r.PureState);
    }

    public static TheoryData<int, bool> RandomMidCircuitCases()
    {
        var data = new TheoryData<int, bool>();
        foreach (int n in new[] { 1, 2, 3, 4, 5, 6 })
        {
            data.Add(n, true);
            data.Add(n, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RandomMidCircuitCases))]
    public void RunExact_RandomMidCircuitCircuits_MatchDenseDensityReference(int n, bool defer)
    {
        int circuits = n <= 4 ? 30 : 12;
        var rng = new Random(n * 1009);
        for (int i = 0; i < circuits; i++)
        {
            int seed = (n * 10_000) + i;
            var options = RandomCircuitOptions.MidCircuit with { MaxGateQubits = Math.Min(n, 4), NumClbits = 1 + (i % Math.Min(n + 1, 4)) };
            var c = RandomCircuits.Generate(n, 25, seed, options);
            AssertMatchesDense(c, For(defer), rng, $"n={n} seed={seed} defer={defer}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RunExact_ConditionedMeasurementsAndResets_MatchDenseDensityReference(int n)
    {
        var rng = new Random(n);
        for (int i = 0; i < 25; i++)
        {
            int seed = (n * 333) + i;
            var options = RandomCircuitOptions.MidCircuit with { ConditionalNonUnitary = true, NonUnitaryRate = 0.35, NumClbits = 2 };
            var c = RandomCircuits.Generate(n, 25, seed, options);
            AssertMatchesDense(c, Sim, rng, $"n={n} seed={seed}");
            AssertMatchesDense(c, NoDefer, rng, $"n={n} seed={seed} (no defer)");
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RunExact_MeasurementsOnlyFollowedByControls_MatchDenseWithOneBranch(int n)
    {
        // Measurements whose qubits are afterwards only controls or diagonal: always deferrable.
        var rng = new Random(n * 5);
        for (int i = 0; i < 15; i++)
        {
            var b = new CircuitBuilder(n, n).Append(RandomCircuits.Generate(n, 15, (n * 77) + i));
            int m = 1 + rng.Next(n - 1);
            var measured = RandomCircuits.Distinct(n, m, rng);
            var free = Enumerable.Range(0, n).Where(q => Array.IndexOf(measured, q) < 0).ToArray();
            for (int j = 0; j < m; j++)
            {
                b.Measure(measured[j], j);
            }

            for (int k = 0; k < 10; k++)
            {
                int ctrl = measured[rng.Next(m)];
                int target = free[rng.Next(free.Length)];
                switch (rng.Next(5))
                {
                    case 0:
                        b.CX(ctrl, target);
                        break;
                    case 1:
                        b.CRY(rng.NextDouble() * 3, ctrl, target);
                        break;
                    case 2:
                        b.RZZ(rng.NextDouble(), ctrl, target);
                        break;
                    case 3:
                        b.If(Array.IndexOf(measured, ctrl), rng.Next(2) == 0, x => x.H(target));
                        break;
                    default:
                        b.U(rng.NextDouble(), rng.NextDouble(), rng.NextDouble(), target);
                        break;
                }
            }

            var c = b.Build();
            var r = Sim.RunExact(c);
            Assert.Equal(1, r.BranchCount);
            AssertMatchesDense(c, Sim, rng, $"n={n} i={i}");
        }
    }

    /// <summary>Diagonal and controlled gates, which keep a measured qubit's Z value: deferral is exercised.</summary>
    private static readonly GateDefinition[] DeferralFriendly =
    [
        StandardGates.RZ, StandardGates.P, StandardGates.T, StandardGates.S, StandardGates.Z, StandardGates.CZ, StandardGates.CP,
        StandardGates.CRZ, StandardGates.RZZ, StandardGates.CCZ, StandardGates.CS, StandardGates.CX, StandardGates.CCX,
        StandardGates.CRY, StandardGates.CRX, StandardGates.CSwap, StandardGates.C3X, StandardGates.CH, StandardGates.CU3,
        StandardGates.CU, StandardGates.RX, StandardGates.H,
    ];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RunExact_DeferralHeavyRandomCircuits_MatchDenseDensityReference(int n)
    {
        var rng = new Random(n * 4242);
        int singleBranchWithMeasurements = 0;
        for (int i = 0; i < 40; i++)
        {
            int seed = (n * 7919) + i;
            var options = RandomCircuitOptions.MidCircuit with
            {
                CatalogPool = DeferralFriendly,
                RandomUnitaries = false,
                Resets = i % 4 == 0,
                NumClbits = 1 + (i % 3),
                NonUnitaryRate = 0.3,
                MaxGateQubits = Math.Min(n, 4),
            };
            var c = RandomCircuits.Generate(n, 30, seed, options);
            var r = Sim.RunExact(c);
            if (r.BranchCount == 1 && c.Instructions.Any(x => x is Measurement))
            {
                singleBranchWithMeasurements++;
            }

            AssertMatchesDense(c, Sim, rng, $"n={n} seed={seed}");
        }

        Assert.True(singleBranchWithMeasurements > 0, "no circuit exercised deferred measurement");
    }

    private static void AssertMatchesDense(Circuit c, StateVectorSimulator sim, Random rng, string context)
    {
        var dense = DenseReferenceSimulator.RunDensity(c);
        var r = sim.RunExact(c);
        Assert.Equal(c.NumQubits, r.NumQubits);
        StateAssert.ProbabilitiesEqual(dense.Probabilities(), r.Probabilities(), 1e-10, context);
        StateAssert.DistributionsEqual(dense.ClassicalDistribution(), r.ClassicalDistribution(), 1e-10, context);
        for (int t = 0; t < 4; t++)
        {
            string label = RandomCircuits.RandomPauliLabel(c.NumQubits, rng);
            double e = dense.ExpectationOfPauliString(label), a = r.Expectation(PauliString.Parse(label));
            Assert.True(Math.Abs(e - a) < 1e-10, $"{context}: <{label}> expected {e:R}, actual {a:R}");
        }

        int k = 1 + rng.Next(Math.Min(c.NumQubits, 3));
        var keep = RandomCircuits.Distinct(c.NumQubits, k, rng);
        ComplexAssert.MatrixEqual(dense.ReducedDensityMatrix(keep), r.ReducedDensityMatrix(keep), 1e-10, $"{context}: rho[{string.Join(",", keep)}]");
    }

    [Fact]
    public void RunExact_AgreesWithAverageOfSampledShots_WithinFiveSigma()
    {
        // Final measurements of every qubit into extra bits: the sampled frequencies estimate the exact probabilities.
        for (int seed = 0; seed < 10; seed++)
        {
            int n = 2 + (seed % 3);
            var body = RandomCircuits.Generate(n, 25, 4200 + seed, RandomCircuitOptions.MidCircuit with { NumClbits = 2 });
            var b = new CircuitBuilder(n, 2 + n).Append(body);
            for (int q = 0; q < n; q++)
            {
                b.Measure(q, 2 + q);
            }

            var exactP = Sim.RunExact(body).Probabilities();
            const int shots = 6000;
            var counts = Sim.Sample(b.Build(), shots, (ulong)seed).Counts;
            var freq = new double[1 << n];
            foreach (var (key, count) in counts)
            {
                int idx = Convert.ToInt32(key[..n], 2); // bits 2..n+1 are the leftmost n characters
                freq[idx] += count / (double)shots;
            }

            for (int i = 0; i < freq.Length; i++)
            {
                double p = exactP[i];
                double sigma = Math.Sqrt(Math.Max(p * (1 - p), 1.0 / shots) / shots);
                Assert.True(Math.Abs(freq[i] - p) <= 5 * sigma, $"seed {seed}, |{i}>: exact {p:R}, sampled {freq[i]:R}");
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RunExactAndSample_SymbolicMidCircuitCircuits_MatchDenseReference(int n)
    {
        var rng = new Random(n * 99);
        for (int i = 0; i < 6; i++)
        {
            int seed = (n * 555) + i;
            var rc = RandomCircuits.GenerateParametrized(n, 25, seed, RandomCircuitOptions.MidCircuit with { NumClbits = 2 });
            var dense = DenseReferenceSimulator.RunDensity(rc.Circuit, rc.Values);
            var r = Sim.RunExact(rc.Circuit, rc.Values);
            StateAssert.ProbabilitiesEqual(dense.Probabilities(), r.Probabilities(), 1e-10, $"seed {seed}");
            StateAssert.DistributionsEqual(dense.ClassicalDistribution(), r.ClassicalDistribution(), 1e-10, $"seed {seed}");
            const int shots = 10_000;
            var counts = Sim.Sample(rc.Circuit, shots, (ulong)seed, rc.Values).Counts;
            var (chi, dof, pv) = Statistics.ChiSquare(counts, dense.ClassicalDistribution(), shots);
            Assert.True(pv > Statistics.Alpha, $"seed {seed}: chi2 = {chi:F2} on {dof} dof, p = {pv:G3}");
            _ = rng;
        }
    }

    [Fact]
    public void RunExact_TooManyBranches_ThrowsClearError()
    {
        var sim = new StateVectorSimulator(new SimulatorOptions { MaxBranches = 4 });
        var b = new CircuitBuilder(1, 3);
        for (int i = 0; i < 3; i++)
        {
            b.H(0).Measure(0, i);
        }

        b.H(0); // so that no measurement can be deferred

        var ex = Assert.ThrowsAny<InvalidOperationException>(() => sim.RunExact(b.Build()));
        Assert.Contains("branches", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunExact_RegisterCondition_AppliesOnlyOnMatchingValue()
    {
        var b = new CircuitBuilder(3);
        var c = b.AddClassicalRegister("c", 2);
        b.X(0).Measure(0, c[0]).Measure(1, c[1]).IfRegister(c, 1, x => x.X(2));
        var r = Sim.RunExact(b.Build());
        StateAssert.ProbabilitiesEqual(new double[] { 0, 0, 0, 0, 0, 1, 0, 0 }, r.Probabilities(), 1e-12);
        var b2 = new CircuitBuilder(3);
        var c2 = b2.AddClassicalRegister("c", 2);
        b2.X(0).Measure(0, c2[0]).Measure(1, c2[1]).IfRegister(c2, 2, x => x.X(2));
        StateAssert.ProbabilitiesEqual(new double[] { 0, 1, 0, 0, 0, 0, 0, 0 }, Sim.RunExact(b2.Build()).Probabilities(), 1e-12);
    }

    [Fact]
    public void RunExact_BitsNeverWritten_ReadZero()
    {
        var c = new CircuitBuilder(1, 3).X(0).Measure(0, 1).Build();
        var d = Sim.RunExact(c).ClassicalDistribution();
        Assert.Equal(1.0, d["010"], 12);
    }

    [Fact]
    public void RunExact_MultiControlledAndRandomUnitariesAfterMeasurement_MatchDense()
    {
        var rng = new Random(8);
        var u2 = RandomCircuits.HaarUnitary(4, rng);
        var c = new CircuitBuilder(4, 2)
            .H(0).H(1).Measure(0, 0)
            .Controlled(StandardGates.RY, [0, 1], [3], 0.9)
            .Unitary(u2, 2, 3)
            .Measure(3, 1)
            .If(1, true, x => x.Gate(GateDefinition.Controlled(StandardGates.Swap, 1), [0, 1, 2]))
            .Reset(1)
            .Build();
        AssertMatchesDense(c, Sim, rng, "mixed");
        AssertMatchesDense(c, NoDefer, rng, "mixed, no defer");
    }

    [Fact]
    public void DenseReference_ExampleDistributions_AreNormalised()
    {
        var c = RandomCircuits.Generate(3, 30, 1, RandomCircuitOptions.MidCircuit);
        var dense = DenseReferenceSimulator.RunDensity(c);
        Assert.Equal(1.0, dense.ClassicalDistribution().Values.Sum(), 12);
        StateAssert.IsProbabilityVector(dense.Probabilities(), 1e-12);
        Assert.Equal(1.0, DenseMatrix.Trace(dense.DensityMatrix()).Real, 12);
    }
}
