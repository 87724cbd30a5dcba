using Dqml.Experiments.Reports;
using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;
using Dqml.Experiments.Tests.Reports;
using Xunit.Abstractions;

namespace Dqml.Experiments.Tests;

/// <summary>Classical baselines in train experiments: <c>training.baselines</c> (logistic, mlp) beside the quantum runs.</summary>
public class BaselineTests(ITestOutputHelper output)
{
    /// <summary>A tiny train sweep with both baselines: 2 schemes x 2 depths x 3 seeds, plus 2 baselines x 3 seeds.</summary>
    private const string Grid = """
        {
          "name": "b",
          "kind": "train",
          "model": { "model": "hwang-qcnn" },
          "data": { "dataset": "hwang2025", "dataSeed": 1 },
          "training": { "iterations": 2, "batch": 16, "baselines": ["logistic", "mlp"] },
          "sweep": { "scheme": ["nc", "cc"], "depth": [1, 2], "seed": [1, 2, 3] },
          "quick": { "sweep": { "depth": [1], "seed": [1] } }
        }
        """;

    private static SpecException Fails(string text) => Assert.Throws<SpecException>(() => SpecParser.Parse(text, "bad.json"));

    [Fact]
    public void Expand_Baselines_OneRunPerBaselineAndSeed_NotPerSchemeOrDepth()
    {
        var spec = SpecParser.Parse(Grid, "b.json");
        var runs = SweepGrid.Expand(spec);

        Assert.Equal((2 * 2 * 3) + (2 * 3), runs.Count);
        Assert.Equal(Enumerable.Range(0, runs.Count), runs.Select(r => r.Index));
        Assert.All(runs.Take(12), r => Assert.Null(r.Baseline));
        var baselines = runs.Skip(12).ToList();
        Assert.Equal(
            ["baseline=logistic,seed=1", "baseline=logistic,seed=2", "baseline=logistic,seed=3", "baseline=mlp,seed=1", "baseline=mlp,seed=2", "baseline=mlp,seed=3"],
            baselines.Select(r => r.Id));
        Assert.Equal(["logistic", "logistic", "logistic", "mlp", "mlp", "mlp"], baselines.Select(r => r.Baseline));
        Assert.Equal([SweepGrid.BaselineAxis, "seed"], baselines[4].Axes.Select(a => a.Key));
        Assert.Equal(2L, baselines[4].Settings["training.seed"].Value);

        // The same data settings as the quantum runs; the dropped axes take their first value.
        Assert.Equal(1L, baselines[4].Settings["data.dataSeed"].Value);
        Assert.Equal("nc", baselines[4].Settings["model.scheme"].Value);
        Assert.Equal(1L, baselines[4].Settings["model.depth"].Value);

        // --quick keeps the baselines: 2 schemes + 2 baselines at one seed.
        Assert.Equal(
            ["scheme=nc,depth=1,seed=1", "scheme=cc,depth=1,seed=1", "baseline=logistic,seed=1", "baseline=mlp,seed=1"],
            SweepGrid.Expand(spec.WithQuick()).Select(r => r.Id));
    }

    [Fact]
    public void Expand_DataAxis_MultipliesBaselines_NoSeedAxis_OneRunEach()
    {
        var withData = SpecParser.Parse("""
            {"name":"b","kind":"train","training":{"baselines":["mlp"]},
             "sweep":{"scheme":["nc","cc","qc"],"dataSeed":[1,2],"lr":[0.1,0.01]}}
            """);
        var runs = SweepGrid.Expand(withData);
        Assert.Equal(12 + 2, runs.Count);
        Assert.Equal(["baseline=mlp,dataSeed=1", "baseline=mlp,dataSeed=2"], runs.Skip(12).Select(r => r.Id));
        Assert.Equal(0.1, runs[13].Settings["training.lr"].Value);

        var noAxes = SweepGrid.Expand(SpecParser.Parse("""{"name":"b","kind":"train","training":{"baselines":["logistic","mlp"]}}"""));
        Assert.Equal(["run", "baseline=logistic", "baseline=mlp"], noAxes.Select(r => r.Id));

        var none = SweepGrid.Expand(SpecParser.Parse("""{"name":"b","kind":"train","training":{"baselines":[]},"sweep":{"seed":[1,2]}}"""));
        Assert.Equal(["seed=1", "seed=2"], none.Select(r => r.Id));
    }

    [Fact]
    public void Parse_UnknownBaseline_NamesFieldLineAndColumn()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\",\n\"training\": {\n  \"baselines\": [\"logistic\", \"svm\"]}}");
        Assert.Equal(3, e.Line);
        Assert.Equal(29, e.Column);
        Assert.Equal("$.training.baselines[1]", e.JsonPath);
        Assert.StartsWith("bad.json:3:29: $.training.baselines[1]: baselines: unknown value 'svm': use logistic, mlp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadBaselineLists_AreErrorsAtTheirPlace()
    {
        var repeated = Fails("{\"name\": \"x\", \"kind\": \"train\", \"training\": {\"baselines\": [\"mlp\", \"MLP\"]}}");
        Assert.Equal("$.training.baselines[1]", repeated.JsonPath);
        Assert.Contains("listed twice", repeated.Message, StringComparison.Ordinal);

        var notList = Fails("{\"name\": \"x\", \"kind\": \"train\", \"training\": {\"baselines\": \"mlp\"}}");
        Assert.Equal("$.training.baselines", notList.JsonPath);
        Assert.Contains("expected an array of strings", notList.Message, StringComparison.Ordinal);

        var quick = Fails("{\"name\": \"x\", \"kind\": \"train\", \"quick\": {\"training\": {\"baselines\": [\"tree\"]}}}");
        Assert.Equal("$.quick.training.baselines[0]", quick.JsonPath);

        var axis = Fails("{\"name\": \"x\", \"kind\": \"train\",\n\"sweep\": {\"mlpHidden\": [4, 8]}}");
        Assert.Equal(2, axis.Line);
        Assert.Contains("training.mlpHidden cannot be a sweep axis", axis.Message, StringComparison.Ordinal);

        var capacity = Fails("{\"name\": \"x\", \"kind\": \"capacity\", \"training\": {\"baselines\": [\"mlp\"]}}");
        Assert.Equal("$.training", capacity.JsonPath);

        var hidden = Fails("{\"name\": \"x\", \"kind\": \"train\", \"training\": {\"mlpHidden\": 0}}");
        Assert.Equal("$.training.mlpHidden", hidden.JsonPath);
    }

    [Fact]
    public void DefaultMlpHidden_MatchesTheLargestQuantumModel()
    {
        // Hwang QC at L = 9: 12L + 28 = 136 parameters; an 8-13-1 MLP has 131, an 8-14-1 one 141.
        Assert.Equal(13, RunExecutor.DefaultMlpHidden(8, 136));
        Assert.Equal(6, RunExecutor.DefaultMlpHidden(8, 64));
        Assert.Equal(1, RunExecutor.DefaultMlpHidden(8, 5));
    }

    [Fact]
    public void Execute_Baselines_OnHwang2025_RecordAccuraciesAndParameterCounts()
    {
        // The largest quantum model of this grid is QC at L = 9 (136 parameters), so the MLP is 8-13-1 (131).
        var spec = SpecParser.Parse("""
            {"name":"b","kind":"train","model":{"model":"hwang-qcnn","depth":9},"data":{"dataset":"hwang2025","dataSeed":1},
             "training":{"iterations":1,"baselines":["logistic","mlp"]},"sweep":{"scheme":["cc","qc"],"seed":[1]}}
            """, "b.json");
        var runs = SweepGrid.Expand(spec).Where(r => r.Baseline is not null).ToList();
        var executor = new RunExecutor(spec);
        var logistic = executor.Execute(runs[0], null);
        var mlp = executor.Execute(runs[1], null);
        output.WriteLine(logistic.ToJsonLine());
        output.WriteLine(mlp.ToJsonLine());

        Assert.Equal("baseline=logistic,seed=1", logistic.Id);
        Assert.Equal(["baseline=logistic", "seed=1"], logistic.Axes.Select(a => a.Key + "=" + a.Value));
        Assert.Equal(9, logistic.Metric("parameterCount"));
        Assert.Equal(131, mlp.Metric("parameterCount"));
        Assert.Equal(13, mlp.Metric("hiddenUnits"));
        Assert.True(logistic.Seconds >= 0 && mlp.Seconds >= 0);

        // Measured on hwang2025, data seed 1: logistic train 0.698, validation 0.672 (the cluster labels are not
        // linearly separable); the 8-13-1 MLP (seeds 1..10) train 1.000, validation 0.996..1.000.
        Assert.InRange(logistic.Metric("trainAccuracy"), 0.6, 0.8);
        Assert.InRange(logistic.Metric("validationAccuracy"), 0.6, 0.75);
        Assert.InRange(mlp.Metric("trainAccuracy"), 0.95, 1);
        Assert.InRange(mlp.Metric("validationAccuracy"), 0.95, 1);

        // The round trip keeps the baseline key for reports and aggregation.
        var parsed = RunRecord.TryParse(mlp.ToJsonLine());
        Assert.NotNull(parsed);
        Assert.True(PresetReport.IsBaseline(parsed));
    }

    [Fact]
    public void Execute_MlpHidden_OverridesTheDefault()
    {
        var spec = SpecParser.Parse("""{"name":"b","kind":"train","training":{"baselines":["mlp"],"mlpHidden":4}}""", "b.json");
        var run = SweepGrid.Expand(spec).Single(r => r.Baseline == "mlp");
        var record = new RunExecutor(spec).Execute(run, null);
        Assert.Equal(4, record.Metric("hiddenUnits"));
        Assert.Equal(41, record.Metric("parameterCount"));
    }

    [Fact]
    public void Run_Baselines_SameNumbersForOneAndTwoThreads_AndPerSeed()
    {
        const string text = """
            {"name":"b","kind":"train","model":{"model":"hwang-qcnn","depth":1},"data":{"dataset":"hwang2025","dataSeed":1},
             "training":{"iterations":2,"batch":16,"baselines":["logistic","mlp"],"mlpHidden":4},"sweep":{"scheme":["nc"],"seed":[1,2]}}
            """;
        var spec = SpecParser.Parse(text, "b.json");
        string root = Directory.CreateTempSubdirectory("dqml-baselines-").FullName;
        try
        {
            var one = SweepRunner.Run(spec, ResultStore.Open(Path.Combine(root, "one"), spec), new SweepOptions { Threads = 1 }).Records;
            var two = SweepRunner.Run(spec, ResultStore.Open(Path.Combine(root, "two"), spec), new SweepOptions { Threads = 2 }).Records;
            Assert.Equal(6, one.Count);
            Assert.Equal(Numbers(one), Numbers(two));

            var mlp = one.Where(r => r.Id.StartsWith("baseline=mlp", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, mlp.Count);
            Assert.True(File.Exists(Path.Combine(root, "one", "runs", "baseline=mlp,seed=1", "config.json")));

            // Newton's logistic fit does not use the seed; the MLP's start and batches do.
            var logistic = one.Where(r => r.Id.StartsWith("baseline=logistic", StringComparison.Ordinal)).ToList();
            Assert.Equal(logistic[0].Metric("validationAccuracy"), logistic[1].Metric("validationAccuracy"));
            Assert.NotEqual(Numbers([mlp[0]]).Split(' ', 2)[1], Numbers([mlp[1]]).Split(' ', 2)[1]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AccuracyTable_WithBaselines_AddsRowsWithEmptyPaperCells()
    {
        var records = ReportData.Train().Concat(Baselines(8)).ToList();
        var table = PresetReport.AccuracyTable(records, PaperValues.Hwang2025TableI);

        Assert.Equal(["scheme", "depth", "runs", "train accuracy (%)", "validation accuracy (%)", "paper validation (%)", "measured - paper (pp)"], table.Header);
        Assert.Equal(6, table.Rows.Count);
        Assert.Equal(["cc", "3", "2", "96.0 ± 1.4", "91.0 ± 1.4", "90.0", "+1.0"], table.Rows[0]);
        Assert.Equal(["logistic (baseline)", "", "2", "70.0 ± 1.4", "67.0 ± 1.4", "", ""], table.Rows[4]);
        Assert.Equal(["mlp (baseline)", "", "2", "100.0 ± 0.0", "99.5 ± 0.7", "", ""], table.Rows[5]);
        Assert.Contains("| mlp (baseline) |  | 2 | 100.0 ± 0.0 | 99.5 ± 0.7 |  |  |", table.ToMarkdown(), StringComparison.Ordinal);

        string csv = table.ToCsv();
        Assert.StartsWith("scheme,depth,baseline,runs,trainAccuracy_mean,", csv, StringComparison.Ordinal);
        Assert.Contains("\ncc,3,,2,", csv, StringComparison.Ordinal);
        Assert.Contains("\n,,mlp,2,1,0,0.995,", csv, StringComparison.Ordinal);

        // Without paper values and without model axes, the name gets its own column.
        var alone = PresetReport.AccuracyTable(Baselines(0), null);
        Assert.Equal(["baseline", "runs", "train accuracy (%)", "validation accuracy (%)"], alone.Header);
        Assert.Equal(["logistic", "2", "70.0 ± 1.4", "67.0 ± 1.4"], alone.Rows[0]);
    }

    [Fact]
    public void PresetReport_Train_DrawsBaselinesAsFlatLinesAndListsThemInTheTable()
    {
        var spec = SpecParser.Parse("""
            {"name":"hwang2025-table1","kind":"train","training":{"baselines":["logistic","mlp"]},
             "sweep":{"scheme":["cc","qc"],"depth":[3,5],"seed":[1,2]}}
            """, "table1.json");
        var records = ReportData.Train().Concat(Baselines(8)).ToList();
        string store = ReportData.TempDirectory();
        try
        {
            var section = PresetReport.Build(spec, records, store, SweepGrid.Expand(spec).Count, "dqml run table1.json", null);
            Assert.Equal(12, section.GridRuns);
            var figure = section.Figures.Select(f => f.Figure).First(f => f.Name == "accuracy-vs-depth");
            var mlp = figure.Series.Single(s => s.Label == "mlp (baseline)");
            Assert.Equal([3.0, 9.0], mlp.X); // across the measured depths and the paper's (3..9)
            Assert.Equal([99.5, 99.5], mlp.Y.Select(y => Math.Round(y, 6)));
            Assert.Contains(figure.Series, s => s.Label == "cc");
            Assert.DoesNotContain(figure.Series, s => s.Label.Contains("depth=", StringComparison.Ordinal));
            var accuracy = section.Tables.Single(t => t.Name == "accuracy");
            Assert.Contains(accuracy.Rows, r => r[0] == "logistic (baseline)");
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    private static IReadOnlyList<RunRecord> Baselines(int firstIndex) =>
    [
        Baseline(firstIndex, "logistic", 1, 0.69, 0.66),
        Baseline(firstIndex + 1, "logistic", 2, 0.71, 0.68),
        Baseline(firstIndex + 2, "mlp", 1, 1.0, 1.0),
        Baseline(firstIndex + 3, "mlp", 2, 1.0, 0.99),
    ];

    private static RunRecord Baseline(int index, string name, int seed, double train, double validation) =>
        new(
            $"baseline={name},seed={seed}",
            index,
            [new(SweepGrid.BaselineAxis, name), new("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            [new("trainAccuracy", train), new("validationAccuracy", validation), new("parameterCount", name == "mlp" ? 131 : 9)],
            0.1);

    private static string Numbers(IEnumerable<RunRecord> records) =>
        string.Join("\n", records.OrderBy(r => r.Index).Select(r => r.Id + " " + string.Join(" ", r.Metrics.Select(m => $"{m.Key}={m.Value:R}"))));
}
