using Dqml.Analysis.Capacity;
using Dqml.Experiments.Reports;
using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;
using Dqml.Experiments.Training;
using Dqml.Learning.Models;
using Dqml.Simulation;

namespace Dqml.Experiments.Tests.Reports;

/// <summary>A small capacity sweep (nc and cc at depth 1, 3 parameter samples x 4 Haar inputs), run once and shared.</summary>
public sealed class SmallCapacityFixture : SweepFixture
{
    public const int Samples = 3;
    public const int Inputs = 4;
    public const ulong Seed = 2;

    public const string Text = """
        {
          "name": "spectrum",
          "kind": "capacity",
          "model": { "depth": 1 },
          "capacity": { "samples": 3, "inputs": 4, "seed": 2 },
          "sweep": { "scheme": ["nc", "cc"] }
        }
        """;

    public SmallCapacityFixture()
        : base(Text, "spectrum.json", "store")
    {
    }
}

public class CapacitySpectrumTests(SmallCapacityFixture fixture) : IClassFixture<SmallCapacityFixture>
{
    private const double Tolerance = 1e-9;

    private CapacitySpectrum Read(RunRecord record) =>
        CapacitySpectrum.TryRead(Path.Combine(fixture.Store.RunDirectory(record.Id), CapacitySpectrum.FileName))
        ?? throw new Xunit.Sdk.XunitException($"no {CapacitySpectrum.FileName} for {record.Id}");

    /// <summary>The Fisher matrices of a run, computed here from the model, the seeded parameter samples and the Haar inputs.</summary>
    private static List<double[,]> IndependentFisherMatrices(ExperimentRun run)
    {
        var model = (CircuitModel)ModelFactory.Build(RunExecutor.ModelRequestFor(run.Settings)).Model;
        var adapter = new CircuitModelProbabilities(model, OutcomeInputKind.States);
        var inputs = QcnnCapacity.Inputs(model, OutcomeInputKind.States, SmallCapacityFixture.Inputs, SmallCapacityFixture.Seed);
        var matrices = new List<double[,]>();
        for (int m = 0; m < SmallCapacityFixture.Samples; m++)
        {
            var rng = DeterministicRandom.ForStream(SmallCapacityFixture.Seed, (ulong)m);
            var theta = Enumerable.Range(0, adapter.ParameterCount).Select(_ => -Math.PI + (2 * Math.PI * rng.NextDouble())).ToArray();
            matrices.Add(FisherInformation.Exact(adapter, theta, inputs, new FisherOptions { Threads = 1 }));
        }

        return matrices;
    }

    [Fact]
    public void CapacityRun_RecordsSpectrum_OfLengthP_Sorted_RankAndTraceAgreeWithTheFisherMatrices()
    {
        var runs = SweepGrid.Expand(fixture.Spec);
        Assert.Equal(2, fixture.Outcome.Records.Count);
        foreach (var record in fixture.Outcome.Records)
        {
            var spectrum = Read(record);
            int p = (int)record.Metric("parameterCount");

            // One eigenvalue per parameter, descending.
            Assert.Equal(p, spectrum.ParameterCount);
            Assert.Equal(p, spectrum.Raw.Count);
            for (int j = 1; j < p; j++)
            {
                Assert.True(spectrum.Normalised[j] <= spectrum.Normalised[j - 1], $"{record.Id}: eigenvalue {j + 1} exceeds eigenvalue {j}");
                Assert.True(spectrum.Minimum[j] <= spectrum.Normalised[j] && spectrum.Normalised[j] <= spectrum.Maximum[j]);
            }

            // The count above the rank tolerance is the recorded Fisher rank (every sample has the same rank here).
            Assert.Equal(record.Metric("maxFisherRank"), record.Metric("meanFisherRank"));
            Assert.Equal((int)record.Metric("maxFisherRank"), spectrum.Rank(FisherInformation.DefaultRankTolerance));

            // Independently: the Fisher matrices of the run's samples.
            var fisher = IndependentFisherMatrices(runs.Single(r => r.Id == record.Id));
            double meanTrace = fisher.Average(FisherInformation.Trace);
            var independent = fisher.Select(f => FisherInformation.Spectrum(f)).ToList();
            Assert.Equal(independent.Max(s => s.Rank), (int)record.Metric("maxFisherRank"));
            Assert.Equal(meanTrace, record.Metric("meanFisherTrace"), Tolerance * meanTrace);

            // Raw spectrum sums to the mean trace of F; the normalised one to P.
            Assert.Equal(meanTrace, spectrum.Raw.Sum(), Tolerance * meanTrace);
            Assert.Equal(p, spectrum.Normalised.Sum(), Tolerance * p);

            // And it is the index-wise mean of the samples' sorted eigenvalues, scaled by P / E[tr F].
            for (int j = 0; j < p; j++)
            {
                double expected = independent.Average(s => s.Eigenvalues[j]) * p / meanTrace;
                Assert.Equal(expected, spectrum.Normalised[j], Tolerance * p);
            }
        }
    }

    [Fact]
    public void PresetReport_Capacity_DrawsTheFisherSpectrum_OneLinePerScheme_PngAndSvg()
    {
        string output = Path.Combine(fixture.Root, "report-" + Guid.NewGuid().ToString("N"));
        var records = fixture.Store.Load().OrderBy(r => r.Index).ToList();
        var section = PresetReport.Build(fixture.Spec, records, fixture.Store.Directory, 2, "dqml run spectrum.json", output);

        var figure = Assert.Single(section.Figures, f => f.Figure.Name == "fisher-spectrum");
        Assert.Equal(["nc", "cc"], figure.Figure.Series.Select(s => s.Label));
        Assert.True(File.Exists(Path.Combine(output, "spectrum", "fisher-spectrum.png")));
        Assert.True(File.Exists(Path.Combine(output, "spectrum", "fisher-spectrum.svg")));
        Assert.Equal(figure.PngPath, Path.Combine(output, "spectrum", "fisher-spectrum.png"));
        Assert.Contains("1e-16", figure.Figure.Title, StringComparison.Ordinal);

        double floor = Math.Log10(ReportFigures.SpectrumFloor);
        foreach (var (series, record) in figure.Figure.Series.Zip(records))
        {
            var spectrum = Read(record);
            int rank = (int)record.Metric("maxFisherRank");
            Assert.Equal(Enumerable.Range(1, spectrum.ParameterCount).Select(i => (double)i), series.X);
            Assert.Equal(Math.Log10(spectrum.Normalised[0]), series.Y[0], 1e-12);

            // Above the tolerance: within 10 decades of the largest; below it: at least 10 decades down (or at the floor).
            Assert.All(series.Y.Take(rank), y => Assert.True(y > series.Y[0] - 10));
            Assert.All(series.Y.Skip(rank), y => Assert.True(y <= series.Y[0] - 10 && y >= floor));
        }

        Assert.DoesNotContain(section.Notes, n => n.Contains(CapacitySpectrum.FileName, StringComparison.Ordinal));
    }

    [Fact]
    public void FisherSpectrumFigure_ClampsZeroAndNegativeNoiseAtTheFloor()
    {
        var figure = ReportFigures.FisherSpectrum("s", "t", "y", [("a", [100, 1, 1e-20, 0, -1e-15])]);

        var series = Assert.Single(figure.Series);
        Assert.Equal([1.0, 2, 3, 4, 5], series.X);
        Assert.Equal([2.0, 0, -16, -16, -16], series.Y.Select(y => Math.Round(y, 12)));
        Assert.True(figure.IntegerX);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportFigures.FisherSpectrum("s", "t", "y", [], floor: 0));
    }

    [Fact]
    public void CapacitySpectrum_CsvRoundTrips_AndMissingFileReadsAsNull()
    {
        var spectrum = new CapacitySpectrum([2.5, 1.5, 1e-17, -2e-18], [2, 1, 0, -1e-17], [3, 2, 1e-16, 0], MeanTrace: 8);
        string dir = Path.Combine(fixture.Root, "csv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        spectrum.Write(dir);

        var read = CapacitySpectrum.TryRead(Path.Combine(dir, CapacitySpectrum.FileName));

        Assert.NotNull(read);
        Assert.Equal(spectrum.Normalised, read.Normalised);
        Assert.Equal(spectrum.Minimum, read.Minimum);
        Assert.Equal(spectrum.Maximum, read.Maximum);
        Assert.Equal(8, read.MeanTrace, 1e-12);
        Assert.All(read.Raw.Zip([5, 3, 2e-17, -4e-18]), x => Assert.Equal(x.Second, x.First, 1e-12 * Math.Abs(x.Second)));
        Assert.Equal(2, read.Rank());
        Assert.StartsWith("index,normalised,normalised_min,normalised_max,raw\n1,2.5,2,3,5\n", spectrum.ToCsv(), StringComparison.Ordinal);
        Assert.Null(CapacitySpectrum.TryRead(Path.Combine(dir, "missing.csv")));
    }
}
