using Dqml.Circuits;
using Dqml.Distributed;

namespace Dqml.Distributed.Tests;

/// <summary>Each kind of bad input gets a clear error naming what is wrong.</summary>
public class BadInputTests
{
    private static readonly Circuit Cx = new CircuitBuilder(2).CX(0, 1).Build();

    [Fact]
    public void ProcessorOverCapacity_IsNamed()
    {
        var arch = new Architecture([new Processor("A", Capacity: 1), new Processor("B", Capacity: 1)], [new Link("A", "B", new ClassicalChannel(0), null, new BellSource(1, new WernerPair(1)))]);
        var dc = DistributedCircuit.Parse(Cx, arch, "A:0,B:1");
        var e = Assert.Throws<DistributionException>(() => Lowering.Lower(dc, Scheme.Parse("qc:telegate")));
        Assert.Equal("processor 'A' is over capacity: 1 logical + 1 communication qubit(s) > 1", e.Message);
        Assert.Contains("holds 1 qubit(s) but 2 are assigned", Assert.Throws<DistributionException>(() => DistributedCircuit.Parse(Cx, arch, "A:0-1")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownProcessor_IsNamed()
    {
        var e = Assert.Throws<DistributionException>(() => DistributedCircuit.Parse(Cx, Architecture.TwoProcessors(), "A:0,C:1"));
        Assert.Equal("unknown processor 'C' (known: A, B)", e.Message);
        Assert.Contains("unknown processor 'Z'", Assert.Throws<DistributionException>(() => new Architecture([new Processor("A")], [new Link("A", "Z")])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinkWithoutTheSchemesResource_IsNamed()
    {
        var arch = new Architecture([new Processor("A"), new Processor("B")], [new Link("A", "B", new ClassicalChannel(1e-6))]);
        var dc = DistributedCircuit.Parse(Cx, arch, "A:0,B:1");
        Assert.Contains("does not offer a quantum channel", Assert.Throws<DistributionException>(() => Lowering.Lower(dc, Scheme.Parse("qc:direct"))).Message, StringComparison.Ordinal);
        Assert.Contains("source of ebits", Assert.Throws<DistributionException>(() => Lowering.Lower(dc, Scheme.Parse("qc:telegate"))).Message, StringComparison.Ordinal);
        Assert.Contains("has no Bell source", Assert.Throws<DistributionException>(() => Lowering.Lower(DistributedCircuit.Parse(new CircuitBuilder(2).Build(), arch, "A:0,B:1"), new BellSources(1))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreBellPairsThanTheSourceHas_IsNamed()
    {
        var arch = Architecture.TwoProcessors(bellPairs: 2);
        var dc = DistributedCircuit.Parse(new CircuitBuilder(8).Build(), arch, "A:0-3,B:4-7");
        var e = Assert.Throws<DistributionException>(() => Lowering.Lower(dc, new BellSources(3)));
        Assert.Equal("scheme bell:3 asks for 3 Bell pairs but the source on link A-B has 2", e.Message);
    }

    [Theory]
    [InlineData("A:0")]
    [InlineData("A:0,B:0-1")]
    [InlineData("A:0,B:7")]
    [InlineData("0,1")]
    public void BadAssignment_IsNamed(string spec)
    {
        var e = Assert.Throws<DistributionException>(() => DistributedCircuit.Parse(Cx, Architecture.TwoProcessors(), spec));
        Assert.Contains(spec, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qc:carrier-pigeon")]
    [InlineData("bell:many")]
    [InlineData("knot")]
    public void UnknownScheme_IsNamed(string text)
    {
        var e = Assert.Throws<DistributionException>(() => Scheme.Parse(text));
        Assert.Contains(text.Split(':')[^1], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ControllerLatencyTable_MatchesTheTalk()
    {
        Assert.Equal(224e-9, ControllerLatency.Get("1-distributed-conditional-pulse"), 15);
        Assert.Equal(936e-9, ControllerLatency.Get("50-aggregated-control-flow"), 15);
        Assert.Equal(472e-9, ControllerLatency.Get(20, ControllerLayout.Aggregated, ConditionalOperation.ParametricUpdate), 15);
        Assert.Equal(1.24e-3, Fibre.Latency(248), 15);
        Assert.Throws<DistributionException>(() => ControllerLatency.Get(7, ControllerLayout.Distributed, ConditionalOperation.ControlFlow));
    }

    [Fact]
    public void Partitioner_KeepsInteractingQubitsTogether()
    {
        // Qubits 0-3 interact only with 0-3 and 4-7 with 4-7, but interleaved indices: the cut must reach 0.
        var b = new CircuitBuilder(8);
        int[] groupA = [0, 2, 4, 6], groupB = [1, 3, 5, 7];
        foreach (var g in new[] { groupA, groupB })
        {
            for (int i = 0; i < 3; i++)
            {
                b.CX(g[i], g[i + 1]);
            }
        }

        var dc = Partitioner.MinimiseCut(b.Build(), Architecture.TwoProcessors());
        Assert.Empty(dc.CrossOperations());
        Assert.Equal(4, dc.Assignment.Count(p => p == 0));
    }
}
