using Dqml.Distributed;
using Dqml.Experiments.Reports;
using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;
using Dqml.Experiments.Training;
using Dqml.Learning.Models.Hwang;

namespace Dqml.Experiments.Tests;

/// <summary>Latency as idle noise in train experiments: model.t1 / t2 / controller / fibreKm / gateTimes / remoteGates.</summary>
public class LatencyTests
{
    private const string Spec = """
        {
          "name": "lat",
          "kind": "train",
          "model": { "model": "hwang-qcnn", "depth": 1, "t1": 100e-6, "t2": 80e-6 },
          "data": { "dataset": "hwang2025", "dataSeed": 1 },
          "training": { "iterations": 2, "batch": 16 },
          "sweep": { "scheme": ["cc", "qc"], "controller": ["1-distributed-conditional-pulse", "50-aggregated-control-flow"], "fibreKm": [0, 20] }
        }
        """;

    private static SpecException Fails(string text) => Assert.Throws<SpecException>(() => SpecParser.Parse(text, "bad.json"));

    [Fact]
    public void Request_BuildsTheTimedArchitecture_LatencyIsControllerPlusFibre()
    {
        var spec = SpecParser.Parse(Spec, "lat.json");
        var runs = SweepGrid.Expand(spec);
        Assert.Equal(8, runs.Count);
        var run = runs.Single(r => r.Id == "scheme=qc,controller=50-aggregated-control-flow,fibreKm=20");
        var request = RunExecutor.ModelRequestFor(run.Settings);
        var timing = Assert.IsType<HwangTiming>(request.Timing);
        Assert.Equal(936e-9 + (20 * 5e-6), timing.LinkLatencySeconds(), 15);

        var built = ModelFactory.Build(request);
        var hwang = built.Hwang!;
        Assert.True(hwang.Options.IdleNoise);
        Assert.Equal(QcRealisation.Telegate, hwang.Options.RemoteGates);
        var processor = hwang.Options.Architecture!.Processors[0];
        Assert.Equal(100e-6, processor.T1);
        Assert.Equal(80e-6, processor.T2);
        Assert.Equal(GateTimes.Superconducting, processor.Times);
        Assert.Equal(timing.LinkLatencySeconds(), hwang.Options.Architecture.Links[0].Classical!.LatencySeconds, 15);

        // Telegate: every remote gate waits for two messages; four remote gates per sub-layer.
        Assert.True(hwang.Timing!.MakespanSeconds > 8 * timing.LinkLatencySeconds());
    }

    [Fact]
    public void Run_RecordsLatencyInMicroseconds_AndTheReportPlotsAccuracyAgainstIt()
    {
        var spec = SpecParser.Parse(Spec, "lat.json");
        var executor = new RunExecutor(spec);
        var records = SweepGrid.Expand(spec).Select(r => executor.Execute(r, null)).ToList();
        var far = records.Single(r => r.Id == "scheme=cc,controller=1-distributed-conditional-pulse,fibreKm=20");
        Assert.Equal(0.224 + 100, far.Metric(RunExecutor.LinkLatencyMetric), 9);
        var near = records.Single(r => r.Id == "scheme=cc,controller=1-distributed-conditional-pulse,fibreKm=0");
        Assert.Equal(0.224, near.Metric(RunExecutor.LinkLatencyMetric), 9);
        // One message per sub-layer (one-way block), L = 1: the extra 100 us, less the local work B can do meanwhile.
        Assert.InRange(far.Metric("makespanMicroseconds") - near.Metric("makespanMicroseconds"), 90, 100 + 1e-6);
        Assert.NotEqual(far.Metric("validationLoss"), near.Metric("validationLoss"));

        var figure = PresetReport.LatencyFigure(records);
        Assert.NotNull(figure);
        Assert.True(figure.LogX);
        Assert.Equal(["cc", "qc"], figure.Series.Select(s => s.Label));
        foreach (var series in figure.Series)
        {
            Assert.Equal([0.224, 0.936, 100.224, 100.936], series.X.Select(x => Math.Round(x, 6)));
        }
    }

    [Fact]
    public void NoTiming_NoLatencyFigure()
    {
        var spec = SpecParser.Parse("""
            {"name":"n","kind":"train","model":{"depth":1},"training":{"iterations":1,"batch":8},"sweep":{"scheme":["nc","cc"]}}
            """, "n.json");
        var executor = new RunExecutor(spec);
        var records = SweepGrid.Expand(spec).Select(r => executor.Execute(r, null)).ToList();
        Assert.All(records, r => Assert.True(double.IsNaN(r.Metric(RunExecutor.LinkLatencyMetric))));
        Assert.Null(PresetReport.LatencyFigure(records));
    }

    [Fact]
    public void BadController_NamesTheFieldAndLine()
    {
        var e = Fails("{\n\"name\": \"x\", \"kind\": \"train\",\n\"model\": {\"t1\": 1e-4, \"controller\": \"12-distributed-conditional-pulse\"}}");
        Assert.Equal("$.model.controller", e.JsonPath);
        Assert.Equal(3, e.Line);
        Assert.Contains("1, 20 and 50", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimingFieldWithoutT1_IsAClearError()
    {
        var spec = SpecParser.Parse("{\"name\":\"x\",\"kind\":\"train\",\"model\":{\"fibreKm\": 5}}", "x.json");
        var e = Assert.Throws<ExperimentInputException>(() => RunExecutor.Check(spec.Kind, SweepGrid.Expand(spec)));
        Assert.Contains("model.fibreKm", e.Message, StringComparison.Ordinal);
        Assert.Contains("needs model.t1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"t1\": 1e-4, \"t2\": 3e-4", "at most 2 t1")]
    [InlineData("\"t1\": 1e-4, \"remoteGates\": \"carrier-pigeon\"", "unknown value")]
    [InlineData("\"t1\": -1", "must be positive")]
    [InlineData("\"t1\": 1e-4, \"fibreKm\": -2", "non-negative")]
    public void BadTiming_IsAClearError(string fields, string expected)
    {
        string text = $"{{\"name\":\"x\",\"kind\":\"train\",\"model\":{{{fields}}}}}";
        var e = Assert.ThrowsAny<ExperimentInputException>(() =>
        {
            var spec = SpecParser.Parse(text, "x.json");
            RunExecutor.Check(spec.Kind, SweepGrid.Expand(spec));
        });
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimingOnHurQcnn_IsAClearError()
    {
        var e = Assert.Throws<ExperimentInputException>(() => ModelFactory.Build(new ModelRequest("hur-qcnn", null, null, null, null, null, null, null, null, new HwangTiming(1e-4))));
        Assert.Contains("does not apply to --model hur-qcnn", e.Message, StringComparison.Ordinal);
    }
}
