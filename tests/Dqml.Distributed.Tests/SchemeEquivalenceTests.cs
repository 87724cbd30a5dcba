using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Distributed;
using Dqml.Simulation;
using Dqml.Testing;

namespace Dqml.Distributed.Tests;

/// <summary>Distributed equals monolithic wherever the scheme allows it.</summary>
public class SchemeEquivalenceTests
{
    private static readonly Architecture Arch = Architecture.TwoProcessors();

    private static double[] Monolithic(Circuit c) => new StateVectorSimulator().RunExact(c).Probabilities();

    public static TheoryData<string> QcSchemes => ["qc:direct", "qc:teledata", "qc:telegate"];

    [Theory]
    [MemberData(nameof(QcSchemes))]
    public void Qc_RandomCircuitsWithCrossGates_EqualMonolithic(string scheme)
    {
        for (int seed = 0; seed < 25; seed++)
        {
            int n = 4 + (seed % 2);
            var c = RandomCircuits.Generate(n, 14, 300 + seed, RandomCircuitOptions.Unitary with { MaxGateQubits = seed % 3 == 0 ? 3 : 2, Barriers = false });
            var dc = DistributedCircuit.Parse(c, Arch, $"A:0-1,B:2-{n - 1}");
            Assert.NotEmpty(dc.CrossOperations());
            var r = DistributedRunner.Run(dc, Scheme.Parse(scheme));
            StateAssert.ProbabilitiesEqual(Monolithic(c), r.LogicalProbabilities, 1e-10, $"{scheme}, seed {seed}");
        }
    }

    [Theory]
    [InlineData("qc:telegate")]
    [InlineData("qc:teledata")]
    public void RemoteCnot_EqualsLocalCnot_OnAllBasisInputsAndSuperpositions(string scheme)
    {
        // CNOT from qubit 0 (A) to qubit 1 (B), on every basis input and on a random product input.
        for (int input = 0; input < 5; input++)
        {
            var b = new CircuitBuilder(2);
            if (input < 4)
            {
                if ((input & 1) != 0)
                {
                    b.X(0);
                }

                if ((input & 2) != 0)
                {
                    b.X(1);
                }
            }
            else
            {
                b.U(0.7, 0.3, -0.4, 0).U(1.9, -1.1, 0.2, 1);
            }

            b.CX(0, 1);
            var c = b.Build();
            var dc = DistributedCircuit.Parse(c, Arch, "A:0,B:1");
            var lowered = Lowering.Lower(dc, Scheme.Parse(scheme));
            var r = DistributedRunner.Run(lowered);
            StateAssert.ProbabilitiesEqual(Monolithic(c), r.LogicalProbabilities, 1e-12, $"input {input}");

            // The logical two-qubit state itself is equal (not only its probabilities).
            var expected = new StateVectorSimulator().RunUnitary(c).ReducedDensityMatrix([0, 1]);
            ComplexAssert.MatrixEqual(expected, r.Physical!.ReducedDensityMatrix([0, 1]), 1e-12);
        }
    }

    [Fact]
    public void Telegate_ControlledRotationAcross_EqualsLocal()
    {
        var c = new CircuitBuilder(3).H(0).RY(0.4, 1).CRY(1.3, 0, 2).CRZ(0.7, 2, 1).CP(0.9, 1, 0).Build();
        var dc = DistributedCircuit.Parse(c, Arch, "A:0,1,B:2");
        var r = DistributedRunner.Run(dc, Scheme.Parse("qc:telegate"));
        StateAssert.ProbabilitiesEqual(Monolithic(c), r.LogicalProbabilities, 1e-12);
        Assert.Empty(r.Ledger.Notes);
        var expected = new StateVectorSimulator().RunUnitary(c).ReducedDensityMatrix([0, 1, 2]);
        ComplexAssert.MatrixEqual(expected, r.Physical!.ReducedDensityMatrix([0, 1, 2]), 1e-12);
    }

    [Fact]
    public void Cc_MeasureAndFeedForward_MatchesMonolithic()
    {
        // Processor A measures its qubit and B applies a rotation conditioned on the bit: LOCC.
        var c = new CircuitBuilder(4, 2).H(0).RY(0.8, 1).CX(0, 1).Measure(1, 0).If(0, true, x => x.RX(1.1, 2))
            .H(3).CX(3, 2).Measure(2, 1).If(1, true, x => x.Z(0)).Build();
        var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
        var lowered = Lowering.Lower(dc, new ClassicalCommunication());
        var r = DistributedRunner.Run(lowered);
        var mono = new StateVectorSimulator().RunExact(c);
        StateAssert.ProbabilitiesEqual(mono.Probabilities(), r.LogicalProbabilities, 1e-12);
        StateAssert.DistributionsEqual(mono.ClassicalDistribution(), r.Physical!.ClassicalDistribution(), 1e-12);
        Assert.Equal(2, r.Ledger.ClassicalBits);
        Assert.Equal(2, r.Ledger.Rounds); // B's measurement depends on A's message, and A's Z on B's reply
        Assert.Equal(0, r.Ledger.Ebits);
    }

    [Fact]
    public void Nc_RejectsExactlyTheCircuitsWithCrossOperations()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            var c = RandomCircuits.Generate(4, 6, 900 + seed, RandomCircuitOptions.Unitary with { MaxGateQubits = 2 });
            var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
            bool crosses = c.Instructions.OfType<GateOperation>().Any(g => g.Qubits.Select(dc.ProcessorOf).Distinct().Count() > 1);
            if (crosses)
            {
                var e = Assert.Throws<DistributionException>(() => Lowering.Lower(dc, new NoCommunication()));
                Assert.Contains("spans processors A and B", e.Message, StringComparison.Ordinal);
            }
            else
            {
                var r = DistributedRunner.Run(dc, new NoCommunication());
                StateAssert.ProbabilitiesEqual(Monolithic(c), r.LogicalProbabilities, 1e-12);
            }
        }
    }

    [Fact]
    public void Nc_NamesTheGateQubitsAndProcessors()
    {
        var c = new CircuitBuilder(8).H(0).CX(1, 5).Build();
        var dc = DistributedCircuit.Parse(c, Arch, "A:0-3,B:4-7");
        var e = Assert.Throws<DistributionException>(() => Lowering.Lower(dc, new NoCommunication()));
        Assert.Equal("scheme nc forbids communication: instruction 1 (cx q[1],q[5]) on qubits 1 (A), 5 (B) spans processors A and B", e.Message);
    }

    [Fact]
    public void Cc_RejectsCoherentCrossGateAndNcRejectsClassicalMessage()
    {
        var coherent = DistributedCircuit.Parse(new CircuitBuilder(2).CRX(0.3, 0, 1).Build(), Arch, "A:0,B:1");
        var e = Assert.Throws<DistributionException>(() => Lowering.Lower(coherent, new ClassicalCommunication()));
        Assert.Contains("coherent operation across processors", e.Message, StringComparison.Ordinal);
        Assert.Contains("crx", e.Message, StringComparison.Ordinal);

        var locc = DistributedCircuit.Parse(new CircuitBuilder(2, 1).H(0).Measure(0, 0).If(0, true, x => x.X(1)).Build(), Arch, "A:0,B:1");
        Assert.Contains("reads a bit measured on another processor", Assert.Throws<DistributionException>(() => Lowering.Lower(locc, new NoCommunication())).Message, StringComparison.Ordinal);
        Lowering.Lower(locc, new ClassicalCommunication()); // fine
    }
}
