using Dqml.Learning.Data;

namespace Dqml.Learning.Tests.Data;

public class SyntheticDataTests
{
    [Fact]
    public void ParityAll_ThreeBits_EnumeratesWithParityLabels()
    {
        var d = SyntheticData.ParityAll(3);
        Assert.Equal(8, d.Count);
        Assert.Equal(3, d.Dimension);

        // Row 5 = bits 101: feature 0 and 2 are π; two ones → even → +1.
        Assert.Equal([Math.PI, 0, Math.PI], d.Row(5).ToArray());
        Assert.Equal(1, d.Label(5));
        Assert.Equal(-1, d.Label(7));
        Assert.Equal(4, d.ClassCounts()[1]);
    }

    [Fact]
    public void ParityAll_ScaleOne_UsesZeroOne()
    {
        var d = SyntheticData.ParityAll(2, scale: 1);
        Assert.All(d.Features.ToArray(), v => Assert.True(v is 0 or 1));
    }

    [Fact]
    public void Parity_Sampled_LabelsMatchBits()
    {
        var d = SyntheticData.Parity(6, 200, seed: 4, scale: 1);
        for (int i = 0; i < d.Count; i++)
        {
            int ones = d.Row(i).ToArray().Count(v => v == 1);
            Assert.Equal(ones % 2 == 0 ? 1 : -1, d.Label(i));
        }

        Assert.Equal(d.Features.ToArray(), SyntheticData.Parity(6, 200, seed: 4, scale: 1).Features.ToArray());
    }

    [Fact]
    public void ChshAll_OneBit_IsMinusOneToTheSAndT()
    {
        var d = SyntheticData.ChshAll(1, scale: 1);
        Assert.Equal(4, d.Count);
        for (int i = 0; i < 4; i++)
        {
            int s = (int)d[i, 0], t = (int)d[i, 1];
            Assert.Equal((s & t) == 1 ? -1 : 1, d.Label(i));
        }

        Assert.Equal(3, d.ClassCounts()[1]);
    }

    [Fact]
    public void Chsh_TwoBitsPerParty_LabelIsInnerProductParity()
    {
        var d = SyntheticData.Chsh(100, seed: 7, bitsPerParty: 2, scale: 1);
        Assert.Equal(4, d.Dimension);
        for (int i = 0; i < d.Count; i++)
        {
            int dot = ((int)d[i, 0] * (int)d[i, 2]) + ((int)d[i, 1] * (int)d[i, 3]);
            Assert.Equal(dot % 2 == 0 ? 1 : -1, d.Label(i));
        }
    }

    [Fact]
    public void TwoMoons_NoNoise_PointsOnTheArcs()
    {
        var d = SyntheticData.TwoMoons(101, noise: 0, seed: 1);
        Assert.Equal(51, d.ClassCounts()[1]);
        Assert.Equal(50, d.ClassCounts()[-1]);
        for (int i = 0; i < d.Count; i++)
        {
            double x = d[i, 0], y = d[i, 1];
            double r = d.Label(i) == 1 ? Math.Sqrt((x * x) + (y * y)) : Math.Sqrt(((x - 1) * (x - 1)) + ((y - 0.5) * (y - 0.5)));
            Assert.Equal(1.0, r, 12);
        }
    }

    [Fact]
    public void TwoMoons_SameSeed_SameData()
    {
        var a = SyntheticData.TwoMoons(50, 0.1, seed: 3);
        var b = SyntheticData.TwoMoons(50, 0.1, seed: 3);
        var c = SyntheticData.TwoMoons(50, 0.1, seed: 4);
        Assert.Equal(a.Features.ToArray(), b.Features.ToArray());
        Assert.NotEqual(a.Features.ToArray(), c.Features.ToArray());
    }

    [Fact]
    public void Circles_NoNoise_RadiiByLabel()
    {
        var d = SyntheticData.Circles(40, noise: 0, seed: 2, factor: 0.3);
        for (int i = 0; i < d.Count; i++)
        {
            double r = Math.Sqrt((d[i, 0] * d[i, 0]) + (d[i, 1] * d[i, 1]));
            Assert.Equal(d.Label(i) == 1 ? 0.3 : 1.0, r, 12);
        }
    }

    [Fact]
    public void Circles_Noise_SpreadsRadii()
    {
        var d = SyntheticData.Circles(400, noise: 0.05, seed: 2);
        var outer = Enumerable.Range(0, d.Count).Where(i => d.Label(i) == -1)
            .Select(i => Math.Sqrt((d[i, 0] * d[i, 0]) + (d[i, 1] * d[i, 1]))).ToArray();
        double mean = outer.Average();
        double std = Math.Sqrt(outer.Select(r => (r - mean) * (r - mean)).Average());
        Assert.InRange(mean, 0.98, 1.02);
        Assert.InRange(std, 0.035, 0.065);
    }

    [Fact]
    public void Xor_FourPoints_LabelsAgreeOrDiffer()
    {
        var d = SyntheticData.Xor();
        Assert.Equal([1, -1, -1, 1], d.Labels.ToArray());
    }

    [Fact]
    public void Circles_BadFactor_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.Circles(10, 0, 1, factor: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.TwoMoons(10, -0.1, 1));
    }

    [Fact]
    public void NextGaussian_ManySamples_HasUnitMoments()
    {
        var random = new Dqml.Simulation.DeterministicRandom(5);
        var x = Enumerable.Range(0, 20000).Select(_ => RandomSampling.NextGaussian(random)).ToArray();
        double mean = x.Average();
        double variance = x.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.04, 0.04); // 5.6σ
        Assert.InRange(variance, 0.94, 1.06);
    }
}
