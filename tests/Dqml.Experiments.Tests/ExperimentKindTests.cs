using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Tests;

/// <summary>The chsh and entanglement kinds, and the train sweeps over pair counts, blocks and knitting.</summary>
public sealed class ExperimentKindTests : IDisposable
{
    private const double Tolerance = 1e-9;

    private readonly string _root = Directory.CreateTempSubdirectory("dqml-kinds-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private IReadOnlyList<RunRecord> Run(string text)
    {
        var spec = SpecParser.Parse(text, "kinds.json");
        var store = ResultStore.Open(Path.Combine(_root, spec.Name), spec);
        return SweepRunner.Run(spec, store, new SweepOptions { Threads = 1 }).Records;
    }

    private static SpecException Fails(string text) => Assert.Throws<SpecException>(() => SpecParser.Parse(text, "bad.json"));

    [Fact]
    public void Run_Chsh_RecordsClassicalQuantumNoisyAndTrainedValues()
    {
        var records = Run("""{"name":"chsh","kind":"chsh","chsh":{"iterations":60},"sweep":{"visibility":[0.5,1]}}""");
        Assert.Equal(["visibility=0.5", "visibility=1"], records.Select(r => r.Id));
        foreach (var r in records)
        {
            double v = r.Metric("pairVisibility");
            Assert.Equal(0.75, r.Metric("classicalValue"), Tolerance);
            Assert.Equal((2 + Math.Sqrt(2)) / 4, r.Metric("quantumValue"), 1e-12);
            Assert.Equal(0.5 + (v / (2 * Math.Sqrt(2))), r.Metric("noisyValue"), 1e-9);
            Assert.Equal(r.Metric("noisyValue"), r.Metric("noisyValueFormula"), 1e-9);
            Assert.InRange(r.Metric("winProbability"), 0.5 - Tolerance, r.Metric("optimalWinProbability") + Tolerance);
        }

        Assert.True(records[1].Metric("winProbability") > 0.75, "a trained classifier on a Bell pair beats the classical value");
        Assert.Equal(1, records[1].Metric("pairConcurrence"), 1e-9);
    }

    [Fact]
    public void Run_Entanglement_RecordsConcurrenceEntropyNegativityAndAccuracy()
    {
        var records = Run("""
            {"name":"ent","kind":"entanglement",
             "entanglement":{"pair":"pure","depth":1,"iterations":2,"batch":8,"trainRows":16,"validationRows":8},
             "sweep":{"concurrence":[0,1]}}
            """);
        Assert.Equal(2, records.Count);
        Assert.Equal(0, records[0].Metric("pairConcurrence"), 1e-9);
        Assert.Equal(0, records[0].Metric("negativity"), 1e-9);
        Assert.Equal(1, records[1].Metric("pairConcurrence"), 1e-9);
        Assert.Equal(Math.Log(2), records[1].Metric("entropy"), 1e-9);
        Assert.Equal(Math.Log(2), records[1].Metric("negativity"), 1e-9);
        Assert.All(records, r => Assert.InRange(r.Metric("validationAccuracy"), 0, 1));
        Assert.All(records, r => Assert.Equal(1, r.Metric("pairCount")));
    }

    [Fact]
    public void Run_TrainKnit_RecordsShotOverhead()
    {
        var records = Run("""
            {"name":"knit","kind":"train","model":{"scheme":"knit","depth":1},
             "training":{"iterations":1,"batch":8},"sweep":{"seed":[1]}}
            """);
        var r = Assert.Single(records);
        Assert.True(r.Metric("knittingShotOverhead") >= 1);
        Assert.Equal(r.Metric("knittingShotOverhead"), r.Metric("knittingGamma") * r.Metric("knittingGamma"), 1e-9);
    }

    [Fact]
    public void ModelRequestFor_ZeroBellPairs_IsNoCommunicationWithoutPairSettings()
    {
        var spec = SpecParser.Parse("""{"name":"k","kind":"train","model":{"scheme":"bell","visibility":0.9},"sweep":{"bellPairs":[0,3]}}""");
        var runs = SweepGrid.Expand(spec);
        var none = RunExecutor.ModelRequestFor(runs[0].Settings);
        Assert.Equal("nc", none.Scheme);
        Assert.Null(none.Visibility);
        var three = RunExecutor.ModelRequestFor(runs[1].Settings);
        Assert.Equal("bell:3", three.Scheme);
        Assert.Equal(0.9, three.Visibility);
        RunExecutor.Check(spec.Kind, runs);
    }

    [Fact]
    public void Check_TrainSweepOverBlocksVisibilityAndPairAngle_BuildsEveryModel()
    {
        RunExecutor.Check(ExperimentKind.Train, SweepGrid.Expand(SpecParser.Parse("""{"name":"h","kind":"train","model":{"model":"hur-qcnn"},"sweep":{"block":["TTN","U5","U6","U9","U13","U14","U15","SO4","SU4"]}}""")));
        RunExecutor.Check(ExperimentKind.Train, SweepGrid.Expand(SpecParser.Parse("""{"name":"v","kind":"train","model":{"scheme":"bell:2"},"sweep":{"visibility":[0.5,1],"depth":[1]}}""")));
        RunExecutor.Check(ExperimentKind.Train, SweepGrid.Expand(SpecParser.Parse("""{"name":"a","kind":"train","model":{"scheme":"bell:1"},"sweep":{"pairAngle":[0,0.3]}}""")));
    }

    [Fact]
    public void Run_UnknownBlock_NamesRunBeforeAnyRunStarts()
    {
        var spec = SpecParser.Parse("""{"name":"b","kind":"train","model":{"model":"hur-qcnn"},"sweep":{"block":["TTN","U7"]}}""");
        var e = Assert.Throws<ExperimentInputException>(() => SweepRunner.Run(spec, ResultStore.Open(Path.Combine(_root, "b"), spec)));
        Assert.Contains("run block=U7", e.Message, StringComparison.Ordinal);
        Assert.Empty(ResultStore.Open(Path.Combine(_root, "b"), spec).Load());
    }

    [Fact]
    public void Check_PairAngleWithWernerPair_NamesFieldAndLine()
    {
        var spec = SpecParser.Parse("{\"name\": \"p\", \"kind\": \"chsh\",\n \"chsh\": {\"pair\": \"werner\"},\n \"sweep\": {\"pairAngle\": [0.3]}}", "p.json");
        var e = Assert.Throws<ExperimentInputException>(() => RunExecutor.Check(spec.Kind, SweepGrid.Expand(spec)));
        Assert.Contains("chsh.pairAngle at $.sweep.pairAngle[0] (line 3) does not apply to pair werner", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("run pairAngle=0.3: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_VisibilityAndConcurrence_BothSetThePair()
    {
        var spec = SpecParser.Parse("""{"name":"p","kind":"entanglement","entanglement":{"visibility":0.5,"concurrence":0.5}}""");
        var e = Assert.Throws<ExperimentInputException>(() => RunExecutor.Check(spec.Kind, SweepGrid.Expand(spec)));
        Assert.Contains("both set the pair", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BellPairsWithOtherScheme_NamesBothFields()
    {
        var spec = SpecParser.Parse("{\"name\": \"p\", \"kind\": \"train\",\n \"model\": {\"scheme\": \"cc\"},\n \"sweep\": {\"bellPairs\": [2]}}", "p.json");
        var e = Assert.Throws<ExperimentInputException>(() => RunExecutor.Check(spec.Kind, SweepGrid.Expand(spec)));
        Assert.Contains("model.bellPairs at $.sweep.bellPairs[0] (line 3) applies to scheme bell only (the scheme is cc at $.model.scheme (line 2))", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EntanglementPairCountOutOfRange_NamesPathAndLine()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"entanglement\",\n \"sweep\": {\"pairs\": [1, 5]}}");
        Assert.Equal("$.sweep.pairs[1]", e.JsonPath);
        Assert.Equal(2, e.Line);
        Assert.Contains("pairs: must lie in 1..4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrainingSectionInChshExperiment_IsUnknownField()
    {
        var e = Fails("""{"name": "x", "kind": "chsh", "training": {"iterations": 3}}""");
        Assert.Equal("$.training", e.JsonPath);
        Assert.Contains("a chsh experiment reads chsh", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownPairKind_ListsKinds()
    {
        var e = Fails("""{"name": "x", "kind": "chsh", "chsh": {"pair": "ghz"}}""");
        Assert.Equal("$.chsh.pair", e.JsonPath);
        Assert.Contains("werner, pure, product", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKind_ListsAllKinds()
    {
        var e = Fails("""{"name": "x", "kind": "latency"}""");
        Assert.Contains("use train, capacity, chsh, entanglement", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForAxis_SharedNames_ResolveToTheKindsSection()
    {
        Assert.Equal("model.visibility", SpecFields.ForAxis("visibility", ExperimentKind.Train)!.Key);
        Assert.Equal("chsh.visibility", SpecFields.ForAxis("visibility", ExperimentKind.Chsh)!.Key);
        Assert.Equal("entanglement.seed", SpecFields.ForAxis("seed", ExperimentKind.Entanglement)!.Key);
        Assert.Null(SpecFields.ForAxis("bellPairs", ExperimentKind.Chsh));
    }
}
