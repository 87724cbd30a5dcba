using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;
using Dqml.Simulation.Kernels;
using Dqml.Simulation.Measurements;

namespace Dqml.Simulation.Tests;

/// <summary>The exact/sampled executor's decisions: deferral, branching, merging, limits and errors.</summary>
public class ExecutorInternalsTests
{
    private static readonly StateVectorSimulator Sim = new();

    [Fact]
    public void DeferredMeasurement_QubitOnlyUsedAsControl_IsDeferred()
    {
        var c = new CircuitBuilder(3, 1).H(0).Measure(0, 0).CX(0, 1).CZ(2, 0).RZ(0.3, 0).Build();
        var d = DeferredMeasurement.Analyse(c);
        Assert.True(d[1]);
        Assert.Equal(1, Sim.RunExact(c).BranchCount);
    }

    [Fact]
    public void DeferredMeasurement_QubitFlippedAfterwards_IsNotDeferred()
    {
        var c = new CircuitBuilder(2, 1).H(0).Measure(0, 0).H(0).Build();
        Assert.False(DeferredMeasurement.Analyse(c)[1]);
        var r = Sim.RunExact(c);
        Assert.Equal(2, r.BranchCount);
        // After the measurement and H the qubit is |+> or |->: the mixture is maximally mixed.
        Assert.Equal(0.5, r.Probabilities()[0], 12);
        Assert.Equal(0.0, r.Expectation(PauliString.Parse("X")), 12);
    }

    [Fact]
    public void DeferredMeasurement_ConditionBodyTouchesMeasuredQubit_IsNotDeferred()
    {
        // Repeat-until-success reset: the measured qubit is flipped by the feed-forward.
        var c = new CircuitBuilder(1, 1).H(0).Measure(0, 0).If(0, true, b => b.X(0)).Build();
        Assert.False(DeferredMeasurement.Analyse(c)[1]);
        var r = Sim.RunExact(c);
        Assert.Equal(1.0, r.Probabilities()[0], 12);
        // Both branches end in |0> with different classical bits: they must not merge.
        Assert.Equal(2, r.BranchCount);
        Assert.Equal(0.5, r.ClassicalDistribution()["1"], 12);
    }

    [Fact]
    public void DeferredMeasurement_ConditionalMeasurementOverwritesBit_IsNotDeferred()
    {
        var c = new CircuitBuilder(2, 1).H(0).Measure(0, 0).If(0, true, b => b.Measure(1, 0)).Build();
        Assert.False(DeferredMeasurement.Analyse(c)[1]);
    }

    [Fact]
    public void RunExact_DeferredAndEnumerated_Agree()
    {
        var rnd = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var b = new CircuitBuilder(4, 3);
            for (int k = 0; k < 4; k++)
            {
                b.U(rnd.NextDouble() * 3, rnd.NextDouble() * 3, rnd.NextDouble() * 3, k);
            }

            b.CX(0, 1).CX(2, 3).Measure(0, 0).Measure(2, 1).CRY(0.7, 0, 3).If(1, true, x => x.RX(1.3, 1))
             .CZ(0, 2).Measure(3, 2).If(0, false, x => x.H(1)).CX(2, 1);
            var c = b.Build();
            var deferred = Sim.RunExact(c);
            var enumerated = new StateVectorSimulator(new SimulatorOptions { DeferMeasurements = false }).RunExact(c);
            Assert.True(deferred.BranchCount <= enumerated.BranchCount);
            var p1 = deferred.Probabilities();
            var p2 = enumerated.Probabilities();
            for (int i = 0; i < p1.Length; i++)
            {
                Assert.Equal(p2[i], p1[i], 12);
            }

            var d1 = deferred.ClassicalDistribution();
            var d2 = enumerated.ClassicalDistribution();
            foreach (var key in d1.Keys.Union(d2.Keys))
            {
                Assert.Equal(d2.GetValueOrDefault(key), d1.GetValueOrDefault(key), 12);
            }

            foreach (var label in new[] { "IIXZ", "XYZI", "ZIIX", "IXIY", "XXXX" })
            {
                var p = PauliString.Parse(label);
                Assert.Equal(enumerated.Expectation(p), deferred.Expectation(p), 12);
            }

            var r1 = deferred.ReducedDensityMatrix([2, 0, 1]);
            var r2 = enumerated.ReducedDensityMatrix([2, 0, 1]);
            for (int i = 0; i < 8; i++)
            {
                for (int j = 0; j < 8; j++)
                {
                    Assert.True(Complex.Abs(r1[i, j] - r2[i, j]) < 1e-12, $"trial {trial}: rho[{i},{j}] {r1[i, j]} vs {r2[i, j]}");
                }
            }
        }
    }

    [Fact]
    public void Purity_BranchesDephasedOnDifferentQubits_MatchesDensityMatrix()
    {
        // q0's first measurement is deferred (dephased in every branch); the conditioned re-measurement
        // collapses it only in the c1 = 1 branch, so the branches' dephased masks differ.
        var c = new CircuitBuilder(3, 3).H(0).CX(0, 2).Measure(0, 0).H(1).Measure(1, 1).H(1)
            .If(1, true, x => x.Measure(0, 2)).RY(0.7, 2).Build();
        var sv = Sim.RunExact(c);
        Assert.Contains(sv.Branches, b => b.DephasedMask != sv.Branches[0].DephasedMask);
        Assert.Equal(new DensityMatrixSimulator().Run(c).Purity(), sv.Purity(), 12);
    }

    [Fact]
    public void RunExact_ResetOfUnentangledQubit_MergesBranches()
    {
        var c = new CircuitBuilder(2).H(0).H(1).Reset(0).Build();
        var r = Sim.RunExact(c);
        Assert.Equal(1, r.BranchCount);
        Assert.Equal(1.0, r.Expectation(PauliString.Parse("XI")), 12);
    }

    [Fact]
    public void RunExact_TooManyBranches_ThrowsClearError()
    {
        var b = new CircuitBuilder(12, 12);
        for (int q = 0; q < 12; q++)
        {
            b.H(q).Measure(q, q).H(q);
        }

        var sim = new StateVectorSimulator(new SimulatorOptions { MaxBranches = 64 });
        var e = Assert.Throws<InvalidOperationException>(() => sim.RunExact(b.Build()));
        Assert.Contains("branches", e.Message, StringComparison.Ordinal);
        Assert.Contains("sampled", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnboundParameter_NamesInstructionAndParameter()
    {
        var c = new CircuitBuilder(1).H(0).RX(ParamExpr.Trainable("theta7"), 0).Build();
        var e = Assert.Throws<InvalidOperationException>(() => Sim.RunExact(c));
        Assert.Contains("instruction 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("theta7", e.Message, StringComparison.Ordinal);
        var ok = Sim.RunUnitary(c, new ParameterValues { ["theta7"] = Math.PI });
        Assert.Equal(0.5, ok.Probabilities()[1], 12);
    }

    [Fact]
    public void RunExact_NoiseChannel_IsRejectedByNameButSampledAsTrajectories()
    {
        var c = new CircuitBuilder(1).H(0).Noise("depolarizing", [0.01], 0).Build();
        var e = Assert.Throws<UnsupportedInstructionException>(() => Sim.RunExact(c));
        Assert.Contains("depolarizing", e.Message, StringComparison.Ordinal);
        Assert.Contains("density-matrix", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Sim.RunUnitary(c));
        Assert.Equal(100, Sim.Sample(c, 100, 1).Counts.Values.Sum());
    }

    [Fact]
    public void Sample_ThreadCount_DoesNotChangeCounts()
    {
        var c = new CircuitBuilder(3, 3).H(0).CX(0, 1).Measure(0, 0).If(0, true, x => x.X(2)).RY(0.8, 1)
            .Reset(0).H(0).Measure(0, 1).Measure(2, 2).Build();
        var one = new StateVectorSimulator(new SimulatorOptions { Threads = 1 }).Sample(c, 3000, 99).Counts;
        var many = new StateVectorSimulator(new SimulatorOptions { Threads = 8 }).Sample(c, 3000, 99).Counts;
        Assert.Equal(one, many);
    }

    [Fact]
    public void Sample_NoClassicalBits_MeasuresAllQubits()
    {
        var c = new CircuitBuilder(2).X(0).Build();
        var counts = Sim.Sample(c, 50, 1).Counts;
        Assert.Equal(50, counts["01"]);
    }

    [Fact]
    public void CompiledGate_PicksSpecialisedKernels()
    {
        Assert.Equal(KernelKind.Diagonal1, CompiledGate.Compile(StandardGates.RZ, [0.3], [0]).Kind);
        Assert.Equal(KernelKind.AntiDiagonal1, CompiledGate.Compile(StandardGates.X, [], [1]).Kind);
        Assert.Equal(KernelKind.Dense1, CompiledGate.Compile(StandardGates.H, [], [1]).Kind);
        Assert.Equal(KernelKind.Controlled1, CompiledGate.Compile(StandardGates.CX, [], [0, 1]).Kind);
        Assert.Equal(KernelKind.DiagonalK, CompiledGate.Compile(StandardGates.CZ, [], [0, 1]).Kind);
        Assert.Equal(KernelKind.DiagonalK, CompiledGate.Compile(StandardGates.RZZ, [0.2], [0, 1]).Kind);
        Assert.Equal(KernelKind.Swap, CompiledGate.Compile(StandardGates.CSwap, [], [0, 1, 2]).Kind);
        Assert.Equal(KernelKind.Dense2, CompiledGate.Compile(StandardGates.RXX, [0.2], [0, 1]).Kind);
        Assert.Equal(KernelKind.DenseK, CompiledGate.Compile(StandardGates.RCCX, [], [0, 1, 2]).Kind);
    }

    [Fact]
    public void CompiledGate_ExtraControlOnZero_ActsOnlyWhereControlIsZero()
    {
        // X on qubit 1 controlled on qubit 0 being |0>: |00> -> |10> (index 2), |01> unchanged.
        var s = StateVector.FromAmplitudes([1 / Math.Sqrt(2), 1 / Math.Sqrt(2), 0, 0]);
        s.Apply(CompiledGate.Compile(StandardGates.X, [], [1], [0], [false]));
        Assert.Equal(0.5, s.Probabilities()[2], 12);
        Assert.Equal(0.5, s.Probabilities()[1], 12);
    }
}
