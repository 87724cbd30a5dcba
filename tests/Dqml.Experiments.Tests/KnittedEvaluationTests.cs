using Dqml.Experiments.Reports;
using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Training;
using Dqml.Learning.Data;
using Dqml.Learning.Models.Hwang;

namespace Dqml.Experiments.Tests;

/// <summary>Accuracy of a knitted classifier at a finite shot budget: quasi-probability sampling against exact expectations.</summary>
public class KnittedEvaluationTests
{
    private static readonly HwangModel Knit = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Knitting, Depth = 1 });

    private static (double[] Parameters, Dataset Data) Setup()
    {
        var rng = new Dqml.Simulation.DeterministicRandom(5);
        var p = Enumerable.Range(0, Knit.Model.ParameterCount).Select(_ => Math.PI * ((2 * rng.NextDouble()) - 1)).ToArray();
        var split = HwangDataset.Generate(1);
        return (p, split.Validation);
    }

    [Fact]
    public void ManyShots_SampledDecisionsWithinTheirErrorBoundOfExact_FewShotsSpreadWider()
    {
        var (p, data) = Setup();
        const int rows = 12;
        var exact = Knit.Model.Predict(p, new Dataset("v", data.Features[..(rows * 8)], rows, 8, data.Labels[..rows]));
        var many = KnittedEvaluation.SampleDecisions(Knit, p, data, shots: 4000, rows, seed: 3, threads: 2);
        var few = KnittedEvaluation.SampleDecisions(Knit, p, data, shots: 10, rows, seed: 3, threads: 2);
        Assert.All(many.Gamma, g => Assert.True(g > 1, "knitted controlled rotations cost gamma > 1"));
        double manyError = 0, fewError = 0;
        for (int i = 0; i < rows; i++)
        {
            Assert.True(Math.Abs(many.Decisions[i] - exact[i]) < 5 * many.StandardErrorBound[i], $"row {i}: {many.Decisions[i]} vs exact {exact[i]} (bound {many.StandardErrorBound[i]})");
            Assert.Equal(many.StandardErrorBound[i] * Math.Sqrt(4000), few.StandardErrorBound[i] * Math.Sqrt(10), 9);
            manyError += Math.Abs(many.Decisions[i] - exact[i]);
            fewError += Math.Abs(few.Decisions[i] - exact[i]);
        }

        Assert.True(fewError > 3 * manyError, $"10 shots: {fewError}, 4000 shots: {manyError}");

        // Evaluate samples budget N with stream N of its seed: the same decisions as SampleDecisions at that seed.
        var summary = KnittedEvaluation.Evaluate(Knit, p, data, [4000], rows, 3, threads: 1)[0];
        var same = KnittedEvaluation.SampleDecisions(Knit, p, data, 4000, rows, Dqml.Simulation.DeterministicRandom.ForStream(3, 4000).NextUInt64(), threads: 2);
        Assert.Equal(Dqml.Learning.Models.Loss.Accuracy(same.Decisions, data.Labels[..rows]), summary.Accuracy);
        Assert.Equal(Dqml.Learning.Models.Loss.Accuracy(exact, data.Labels[..rows]), summary.ExactAccuracy);
    }

    [Fact]
    public void SampledDecisionValue_IsUnbiased()
    {
        // One row, many independent budgets: the mean of the sampled decision values approaches the exact one.
        var (p, data) = Setup();
        var row = new Dataset("one", [data.Row(0).ToArray()], [data.Labels[0]]);
        double exact = Knit.Model.Predict(p, row)[0];
        var values = Enumerable.Range(0, 40).Select(s => KnittedEvaluation.SampleDecisions(Knit, p, row, 500, 1, (ulong)s).Decisions[0]).ToList();
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        Assert.True(Math.Abs(mean - exact) < 4 * sd / Math.Sqrt(values.Count), $"mean {mean} vs exact {exact} (sd {sd})");
        Assert.True(sd > 0);
    }

    [Fact]
    public void SameSeed_SameAccuracy_ForAnyThreadCount()
    {
        var (p, data) = Setup();
        var one = KnittedEvaluation.Evaluate(Knit, p, data, [50, 20], 8, 11, threads: 1);
        var two = KnittedEvaluation.Evaluate(Knit, p, data, [50, 20], 8, 11, threads: 2);
        Assert.Equal(one, two);
    }

    [Fact]
    public void NotKnitted_IsAClearError()
    {
        var qc = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Quantum, Depth = 1 });
        var (_, data) = Setup();
        var e = Assert.Throws<ArgumentException>(() => KnittedEvaluation.Evaluate(qc, new double[qc.Model.ParameterCount], data, [10], 1, 1));
        Assert.Contains("scheme knit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainRun_KnitRecordsAccuracyPerBudget_OtherSchemesNot_AndTheReportPlotsIt()
    {
        var spec = SpecParser.Parse("""
            {"name":"k","kind":"train","model":{"depth":1},"training":{"iterations":2,"batch":16,"shots":[8,64],"shotRows":4},
             "sweep":{"scheme":["qc","knit"],"seed":[1,2]}}
            """, "k.json");
        var executor = new RunExecutor(spec);
        var records = SweepGrid.Expand(spec).Select(r => executor.Execute(r, null)).ToList();
        foreach (var r in records)
        {
            bool knit = r.Id.Contains("knit", StringComparison.Ordinal);
            Assert.Equal(knit, double.IsFinite(r.Metric(RunExecutor.ShotAccuracyMetric(8))));
            Assert.Equal(knit, double.IsFinite(r.Metric(RunExecutor.ShotAccuracyMetric(64))));
            Assert.Equal(knit, double.IsFinite(r.Metric("shotRowsExactAccuracy")));
            Assert.Equal(knit, double.IsFinite(r.Metric("samplerGamma")));
            if (knit)
            {
                // No decomposition beats the optimal gamma of each knitted controlled rotation.
                Assert.True(r.Metric("samplerGamma") >= r.Metric("knittingGamma") * (1 - 1e-9), $"sampler {r.Metric("samplerGamma")} vs optimal {r.Metric("knittingGamma")}");
            }

            if (knit)
            {
                Assert.Equal(r.Metric("shotErrorBound_s8") / Math.Sqrt(64.0 / 8), r.Metric("shotErrorBound_s64"), 9);
                Assert.Equal(0, r.Metric(RunExecutor.ShotAccuracyMetric(8)) * 4 % 1, 9); // 4 rows
            }
        }

        var figure = PresetReport.ShotBudgetFigure(records);
        Assert.NotNull(figure);
        Assert.True(figure.LogX);
        Assert.Equal(["sampled", "exact"], figure.Series.Select(x => x.Label));
        Assert.All(figure.Series, x => Assert.Equal([8.0, 64.0], x.X));
        Assert.Null(PresetReport.ShotBudgetFigure(records.Where(r => !r.Id.Contains("knit", StringComparison.Ordinal)).ToList()));
    }

    [Theory]
    [InlineData("[8, 8]")]
    [InlineData("[0]")]
    [InlineData("[]")]
    public void BadShots_NamesTheField(string shots)
    {
        var e = Assert.Throws<SpecException>(() => SpecParser.Parse($"{{\"name\":\"k\",\"kind\":\"train\",\"training\":{{\"shots\": {shots}}}}}", "k.json"));
        Assert.Equal("$.training.shots", e.JsonPath);
    }
}
