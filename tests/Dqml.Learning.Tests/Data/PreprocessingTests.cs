using Dqml.Learning.Data;
using Dqml.Simulation;

namespace Dqml.Learning.Tests.Data;

public class PreprocessingTests
{
    private static Dataset Train() => new("train", [[1.0, 10.0, 5.0], [3.0, 20.0, 5.0], [5.0, 60.0, 5.0]], [0, 1, 1]);

    private static Dataset Validation() => new("validation", [[7.0, 0.0, 6.0]], [0]);

    [Fact]
    public void Standardizer_FitOnTrain_TrainHasZeroMeanUnitVariance()
    {
        var s = Standardizer.Fit(Train());
        var t = s.Transform(Train());
        for (int k = 0; k < 2; k++)
        {
            var col = Enumerable.Range(0, 3).Select(i => t[i, k]).ToArray();
            Assert.Equal(0.0, col.Average(), 12);
            Assert.Equal(1.0, col.Select(v => v * v).Average(), 12);
        }

        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(0.0, t[i, 2])); // constant feature only centred
    }

    [Fact]
    public void Standardizer_AppliedToValidation_UsesTrainStatistics()
    {
        var s = Standardizer.Fit(Train());
        var v = s.Transform(Validation());
        double std0 = Math.Sqrt(8.0 / 3.0);
        Assert.Equal((7.0 - 3.0) / std0, v[0, 0], 12);
        Assert.Equal(1.0, v[0, 2], 12); // (6 − 5) / 1
        Assert.Equal("validation", v.Name);
        Assert.Equal([0], v.Labels.ToArray());
    }

    [Fact]
    public void Standardizer_WrongDimension_Throws()
    {
        var s = Standardizer.Fit(Train());
        Assert.Throws<ArgumentException>(() => s.Transform(new Dataset("two", [[1.0, 2.0]], [0])));
    }

    [Fact]
    public void MinMaxScaler_Default_MapsTrainToZeroPi()
    {
        var split = MinMaxScaler.FitTransform(new LabeledSplit(Train(), Validation()));
        var t = split.Train;
        Assert.Equal([0.0, Math.PI / 2, Math.PI], Enumerable.Range(0, 3).Select(i => t[i, 0]).ToArray());
        Assert.Equal(0.0, t[0, 1]);
        Assert.Equal(Math.PI, t[2, 1], 12);
        Assert.Equal(0.0, t[1, 2]); // constant → Low

        // Validation beyond the training range is not clipped unless asked.
        Assert.Equal(1.5 * Math.PI, split.Validation[0, 0], 12);
    }

    [Fact]
    public void MinMaxScaler_Clip_KeepsValidationInRange()
    {
        var s = MinMaxScaler.Fit(Train(), clip: true);
        var v = s.Transform(Validation());
        Assert.Equal(Math.PI, v[0, 0]);
        Assert.Equal(0.0, v[0, 1]);
    }

    [Fact]
    public void Pca_KnownPrincipalAxis_FindsIt()
    {
        // Points spread widely along (1, 1, 0)/√2 and narrowly along the other axes.
        var random = new DeterministicRandom(3);
        var rows = new List<double[]>();
        for (int i = 0; i < 500; i++)
        {
            double a = 5 * RandomSampling.NextGaussian(random);
            double b = 0.3 * RandomSampling.NextGaussian(random);
            double c = 0.1 * RandomSampling.NextGaussian(random);
            rows.Add([2 + ((a + b) / Math.Sqrt(2)), -1 + ((a - b) / Math.Sqrt(2)), 4 + c]);
        }

        var data = new Dataset("axis", rows, new int[500]);
        var pca = Pca.Fit(data, 1);
        var axis = pca.Axis(0);
        Assert.Equal(1 / Math.Sqrt(2), axis[0], 2);
        Assert.Equal(1 / Math.Sqrt(2), axis[1], 2);
        Assert.Equal(0.0, axis[2], 2);
        Assert.Equal(25, pca.ExplainedVariance[0], 25 * 0.2);
        Assert.True(pca.ExplainedVarianceRatio()[0] > 0.99);
        Assert.Equal(2.0, pca.Mean[0], 0);

        var projected = pca.Transform(data);
        Assert.Equal(1, projected.Dimension);
        Assert.Equal(data.Count, projected.Count);
    }

    [Fact]
    public void Pca_AllComponents_ReconstructsExactly()
    {
        var data = HwangDataset.Generate(1).Train;
        var pca = Pca.Fit(data, data.Dimension);
        var back = pca.Reconstruct(data);
        var x = data.Features;
        var y = back.Features;
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(x[i], y[i], 10);
        }

        var ratio = pca.ExplainedVarianceRatio();
        Assert.Equal(1.0, ratio.Sum(), 10);
        for (int c = 1; c < ratio.Length; c++)
        {
            Assert.True(ratio[c] <= ratio[c - 1] + 1e-12);
        }
    }

    [Fact]
    public void Pca_Axes_AreOrthonormal()
    {
        var pca = Pca.Fit(HwangDataset.Generate(2).Train, 4);
        for (int a = 0; a < 4; a++)
        {
            for (int b = 0; b < 4; b++)
            {
                double dot = pca.Axis(a).Zip(pca.Axis(b), (u, v) => u * v).Sum();
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 10);
            }
        }
    }

    [Fact]
    public void Pca_FitOnTrain_AppliesSameProjectionToValidation()
    {
        var h = HwangDataset.Generate(3);
        var split = Pca.FitTransform(h.Split, 3);
        var pca = Pca.Fit(h.Train, 3);
        Assert.Equal(pca.Project(h.Validation.Row(7)), split.Validation.Row(7).ToArray());
        Assert.Equal(512, split.Validation.Count);
        Assert.Equal(3, split.Validation.Dimension);
    }

    [Fact]
    public void Pca_FewerRowsThanFeatures_StillFullBasis()
    {
        var data = new Dataset("wide", [[1.0, 0, 0, 0], [0, 2.0, 0, 0], [0, 0, 3.0, 1]], [0, 1, 0]);
        var pca = Pca.Fit(data, 4);
        var back = pca.Reconstruct(data);
        for (int i = 0; i < data.Features.Length; i++)
        {
            Assert.Equal(data.Features[i], back.Features[i], 10);
        }
    }

    [Fact]
    public void Pca_TooManyComponents_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Fit(Train(), 4));
    }
}
