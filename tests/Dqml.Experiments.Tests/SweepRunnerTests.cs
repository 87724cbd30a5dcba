using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Tests;

/// <summary>The tiny train sweep of the issue (hwang-qcnn, depth 1, 3 iterations, batch 16, 2 schemes x 2 seeds), run once and shared.</summary>
public sealed class TinySweepFixture : SweepFixture
{
    public const string Text = """
        {
          "name": "tiny",
          "kind": "train",
          "model": { "model": "hwang-qcnn", "depth": 1 },
          "data": { "dataset": "hwang2025", "dataSeed": 1 },
          "training": { "iterations": 3, "batch": 16, "lr": 0.05, "optimizer": "adam", "loss": "mse" },
          "sweep": { "scheme": ["nc", "cc"], "seed": [1, 2] }
        }
        """;

    public TinySweepFixture()
        : base(Text, "tiny.json", "baseline")
    {
    }
}

public class SweepRunnerTests(TinySweepFixture fixture) : IClassFixture<TinySweepFixture>
{
    private static string Numbers(IEnumerable<RunRecord> records) =>
        string.Join("\n", records.OrderBy(r => r.Index).Select(r => r.Id + " " + string.Join(" ", r.Metrics.Select(m => $"{m.Key}={m.Value:R}"))));

    private string Folder(string name) => Path.Combine(fixture.Root, name);

    [Fact]
    public void Run_TinySweep_StoresFourRowsWithMetrics()
    {
        var records = fixture.Store.Load();
        Assert.Equal(4, records.Count);
        Assert.Equal(4, fixture.Outcome.Executed.Count);
        Assert.Equal(["scheme=nc,seed=1", "scheme=nc,seed=2", "scheme=cc,seed=1", "scheme=cc,seed=2"], fixture.Outcome.Records.Select(r => r.Id));
        foreach (var r in records)
        {
            Assert.InRange(r.Metric("trainAccuracy"), 0, 1);
            Assert.InRange(r.Metric("validationAccuracy"), 0, 1);
            Assert.True(r.Metric("parameterCount") > 0);
            Assert.Equal(3, r.Metric("steps"));
            Assert.True(File.Exists(Path.Combine(fixture.Store.RunDirectory(r.Id), "metrics.csv")));
        }

        Assert.Equal(4, File.ReadAllLines(fixture.Store.ResultsPath).Length);
        Assert.True(File.Exists(Path.Combine(fixture.Store.Directory, ResultStore.SpecFile)));
    }

    [Fact]
    public void Run_Again_SkipsFinishedRunsAndAddsNoRows()
    {
        string before = File.ReadAllText(fixture.Store.ResultsPath);
        var again = SweepRunner.Run(fixture.Spec, ResultStore.Open(fixture.Store.Directory, fixture.Spec), new SweepOptions { Threads = 2 });
        Assert.Empty(again.Executed);
        Assert.Equal(4, again.Skipped);
        Assert.Equal(before, File.ReadAllText(fixture.Store.ResultsPath));
    }

    [Fact]
    public void Run_TruncatedLastLine_LoadsCompleteRowsAndRerunsTheMissingOne()
    {
        string dir = Folder("truncated");
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(fixture.Store.Directory, ResultStore.SpecFile), Path.Combine(dir, ResultStore.SpecFile));
        File.Copy(Path.Combine(fixture.Store.Directory, ResultStore.StoreFile), Path.Combine(dir, ResultStore.StoreFile));
        var lines = File.ReadAllLines(fixture.Store.ResultsPath);
        string text = string.Join("\n", lines[..3]) + "\n" + lines[3][..(lines[3].Length / 2)];
        File.WriteAllText(Path.Combine(dir, ResultStore.ResultsFile), text);

        var store = ResultStore.OpenExisting(dir);
        Assert.Equal(3, store.Load().Count);

        var outcome = SweepRunner.Run(fixture.Spec, ResultStore.Open(dir, fixture.Spec), new SweepOptions { Threads = 1 });
        Assert.Equal(lines[3][..lines[3].IndexOf(",\"index\"", StringComparison.Ordinal)], "{\"id\":\"" + Assert.Single(outcome.Executed).Id + "\"");
        Assert.Equal(4, File.ReadAllLines(Path.Combine(dir, ResultStore.ResultsFile)).Length);
        Assert.Equal(Numbers(fixture.Store.Load()), Numbers(ResultStore.OpenExisting(dir).Load()));
    }

    [Fact]
    public void Load_DuplicateIds_KeepsFirst()
    {
        string dir = Folder("duplicates");
        var store = ResultStore.Open(dir, fixture.Spec);
        var first = fixture.Store.Load()[0];
        store.Append(first);
        store.Append(first with { Metrics = [new("trainAccuracy", 0.123)] });
        var loaded = Assert.Single(store.Load());
        Assert.Equal(first.Metric("trainAccuracy"), loaded.Metric("trainAccuracy"));
    }

    [Fact]
    public void Run_ShardsMerged_EqualUnsharded()
    {
        var shard0 = ResultStore.Open(Folder("shard0"), fixture.Spec);
        var shard1 = ResultStore.Open(Folder("shard1"), fixture.Spec);
        var o0 = SweepRunner.Run(fixture.Spec, shard0, new SweepOptions { Threads = 1, Shard = new Shard(0, 2) });
        var o1 = SweepRunner.Run(fixture.Spec, shard1, new SweepOptions { Threads = 1, Shard = new Shard(1, 2) });
        Assert.Equal([0, 2], o0.Records.Select(r => r.Index));
        Assert.Equal([1, 3], o1.Records.Select(r => r.Index));

        var merged = ResultStore.Merge(Folder("merged"), [shard0.Directory, shard1.Directory]);
        Assert.Equal(Numbers(fixture.Store.Load()), Numbers(merged.Load()));
        Assert.Equal(Numbers(fixture.Store.Load()), Numbers(ResultStore.Merge(Folder("merged-again"), [merged.Directory, shard0.Directory]).Load()));
    }

    [Fact]
    public void Run_OneThread_SameNumbersAsTwo()
    {
        var outcome = SweepRunner.Run(fixture.Spec, ResultStore.Open(Folder("one-thread"), fixture.Spec), new SweepOptions { Threads = 1 });
        Assert.Equal(Numbers(fixture.Outcome.Records), Numbers(outcome.Records));
    }

    [Fact]
    public void Open_DifferentSpec_Fails()
    {
        var other = SpecParser.Parse(TinySweepFixture.Text.Replace("\"depth\": 1", "\"depth\": 2", StringComparison.Ordinal));
        Assert.Throws<ExperimentInputException>(() => ResultStore.Open(fixture.Store.Directory, other));
        Assert.Throws<ExperimentInputException>(() => ResultStore.Open(fixture.Store.Directory, fixture.Spec.WithQuick()));
    }

    [Fact]
    public void Merge_DifferentSpecs_Fails()
    {
        var other = SpecParser.Parse(TinySweepFixture.Text.Replace("\"depth\": 1", "\"depth\": 2", StringComparison.Ordinal));
        var otherStore = ResultStore.Open(Folder("other-spec"), other);
        Assert.Throws<ExperimentInputException>(() => ResultStore.Merge(Folder("bad-merge"), [fixture.Store.Directory, otherStore.Directory]));
    }

    [Fact]
    public void Summary_Csv_HasHeaderAndOneRowPerRun()
    {
        string csv = Summary.ToCsv(fixture.Store.Load());
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("id,scheme,seed,trainAccuracy,validationAccuracy", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("\"scheme=nc,seed=1\",nc,1,", lines[1], StringComparison.Ordinal);
        Assert.Contains("| scheme=cc,seed=2 | cc | 2 |", Summary.ToMarkdown(fixture.Store.Load()), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Capacity_RecordsRankAndEffectiveDimension()
    {
        var spec = SpecParser.Parse("""{"name":"cap","kind":"capacity","model":{"depth":1},"capacity":{"samples":2,"inputs":3},"sweep":{"scheme":["nc"]}}""");
        var outcome = SweepRunner.Run(spec, ResultStore.Open(Folder("capacity"), spec), new SweepOptions { Threads = 1 });
        var r = Assert.Single(outcome.Records);
        Assert.True(r.Metric("maxFisherRank") >= 1);
        Assert.True(r.Metric("parameterCount") >= r.Metric("maxFisherRank"));
        Assert.True(double.IsFinite(r.Metric("effectiveDimension_n1000000")));
    }
}
