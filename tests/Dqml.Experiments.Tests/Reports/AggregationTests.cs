using Dqml.Experiments.Reports;

namespace Dqml.Experiments.Tests.Reports;

public class AggregationTests
{
    [Fact]
    public void MeanAndStandardDeviation_KnownValues_MatchHandComputed()
    {
        double[] values = [2, 4, 4, 4, 5, 5, 7, 9];
        Assert.Equal(5, Aggregation.Mean(values), 12);
        // Sample variance: sum of squares 32 over n - 1 = 7.
        Assert.Equal(Math.Sqrt(32.0 / 7), Aggregation.StandardDeviation(values), 12);
    }

    [Fact]
    public void StandardDeviation_OneValueOrNaNs_IsNaNAndIgnoresNaN()
    {
        Assert.True(double.IsNaN(Aggregation.StandardDeviation([3.0])));
        Assert.True(double.IsNaN(Aggregation.Mean([])));
        Assert.Equal(2, Aggregation.Mean([1.0, double.NaN, 3.0]), 12);
        Assert.Equal(0, Aggregation.StandardDeviation([0.7, 0.7, 0.7]), 15);
    }

    [Fact]
    public void Summarise_GroupsOverSeeds_InGridOrder()
    {
        var rows = Aggregation.Summarise(ReportData.Train(), "validationAccuracy");

        Assert.Equal(4, rows.Count);
        Assert.Equal(["scheme", "depth"], rows[0].Key.Select(k => k.Key));
        Assert.Equal("cc", rows[0].Axis("scheme"));
        Assert.Equal(3, rows[0].AxisNumber("depth"));
        Assert.Equal(2, rows[0].Count);
        Assert.Equal(0.91, rows[0].Mean, 12);
        Assert.Equal(Math.Sqrt(0.0002), rows[0].StandardDeviation, 12);
        Assert.Equal("91.0 ± 1.4", rows[0].Format("0.0", 100));
        Assert.Equal(("qc", 5.0), (rows[3].Axis("scheme"), rows[3].AxisNumber("depth")));
    }

    [Fact]
    public void Summarise_ExplicitGroupBy_PoolsOtherAxes()
    {
        var rows = Aggregation.Summarise(ReportData.Train(), "trainAccuracy", ["scheme"]);

        Assert.Equal(2, rows.Count);
        Assert.Equal(4, rows[0].Count);
        Assert.Equal((0.95 + 0.97 + 0.96 + 0.98) / 4, rows[0].Mean, 12);
    }

    [Fact]
    public void SeriesOver_Depth_OneSeriesPerScheme()
    {
        var series = ReportFigures.SeriesOver(ReportData.Train(), "validationAccuracy", "depth", scale: 100);

        Assert.Equal(["cc", "qc"], series.Select(s => s.Label));
        Assert.Equal([3.0, 5.0], series[0].Points.Select(p => p.X));
        Assert.Equal(94, series[0].Points[1].Mean, 10);
        Assert.Equal("depth", ReportFigures.NumericXAxis(ReportData.Train()));
    }

    [Fact]
    public void PaperValues_HwangTableI_HasTheSixteenPublishedNumbers()
    {
        var table = PaperValues.ForPreset("hwang2025-table1");

        Assert.NotNull(table);
        Assert.Equal(16, table.Points.Count);
        Assert.Equal(70.6, table.Lookup("single", 3));
        Assert.Equal(96.8, table.Lookup("cc", 9));
        Assert.Equal(95.4, table.Lookup("QC", 7));
        Assert.Null(table.Lookup("cc", 4));
        Assert.Null(PaperValues.ForPreset("capacity"));
    }

    [Fact]
    public void AccuracyTable_WithPaper_PutsPublishedBesideMeasured()
    {
        var table = PresetReport.AccuracyTable(ReportData.Train(), PaperValues.Hwang2025TableI);

        Assert.Contains("paper validation (%)", table.Header);
        var ccL3 = table.Rows[0];
        Assert.Equal(["cc", "3", "2", "96.0 ± 1.4", "91.0 ± 1.4", "90.0", "+1.0"], ccL3);
        string csv = table.ToCsv();
        Assert.StartsWith("scheme,depth,runs,trainAccuracy_mean,trainAccuracy_sd,validationAccuracy_mean,validationAccuracy_sd,paper_validationAccuracy,difference\n", csv, StringComparison.Ordinal);
        Assert.Contains("| cc | 3 | 2 | 96.0 ± 1.4 | 91.0 ± 1.4 | 90.0 | +1.0 |", table.ToMarkdown(), StringComparison.Ordinal);
    }
}
