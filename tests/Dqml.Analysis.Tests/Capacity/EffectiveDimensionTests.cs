using System.Collections.Immutable;
using Dqml.Analysis.Capacity;

namespace Dqml.Analysis.Tests.Capacity;

public class EffectiveDimensionTests
{
    /// <summary>
    /// Three orthogonal rows of norm^2 28, 1, 1 over 6 parameters: F = A^T A has rank 3 and the normalised
    /// Fisher 6 F / tr F has eigenvalues 5.6, 0.2, 0.2 (and three zeros) at every theta.
    /// </summary>
    private static readonly double[,] RankThree =
    {
        { Math.Sqrt(7), Math.Sqrt(7), Math.Sqrt(7), Math.Sqrt(7), 0, 0 },
        { 0, 0, 0, 0, 1, 0 },
        { 0, 0, 0, 0, 0, 1 },
    };

    private static double ClosedForm(double n, params double[] mu)
    {
        double kappa = n / (2 * Math.PI * Math.Log(n));
        return mu.Sum(m => Math.Log(1 + (kappa * m))) / Math.Log(kappa);
    }

    [Fact]
    public void Compute_OneParameterConstantFisher_MatchesClosedForm()
    {
        // F = 1 everywhere, so F^ = 1 and d = 2 log sqrt(1 + kappa) / log kappa = log(1 + kappa) / log kappa.
        ImmutableArray<double> sizes = [1e3, 1e5, 1e9];
        var result = EffectiveDimension.Compute(
            new SingleRotationModel(),
            FisherInputs.Uniform(5, 1, 0, 1, seed: 1),
            new EffectiveDimensionOptions { DatasetSizes = sizes, ParameterSamples = 7 });
        for (int i = 0; i < sizes.Length; i++)
        {
            double kappa = EffectiveDimension.Kappa(1, sizes[i]);
            Assert.Equal(Math.Log(1 + kappa) / Math.Log(kappa), result.Values[i], 12);
            Assert.Equal(result.Values[i], result.NormalisedValues[i], 15);
        }

        Assert.Equal(1.0, result.MeanFisherTrace, 12);
        Assert.All(result.FisherRanks, r => Assert.Equal(1, r));
    }

    [Fact]
    public void Compute_RankThreeModel_MatchesClosedFormAndTendsToRank()
    {
        ImmutableArray<double> sizes = [1e3, 1e4, 1e5, 1e6, 1e8, 1e10, 1e12, 1e20];
        var model = new RotationProductModel(RankThree);
        var result = EffectiveDimension.Compute(
            model,
            FisherInputs.Uniform(10, 3, -Math.PI, Math.PI, seed: 2),
            new EffectiveDimensionOptions { DatasetSizes = sizes, ParameterSamples = 10, Seed = 4 });

        Assert.Equal(6, result.ParameterCount);
        Assert.Equal(3, result.MaxFisherRank);
        for (int i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(ClosedForm(sizes[i], 5.6, 0.2, 0.2), result.Values[i], 9);
            Assert.Equal(result.Values[i] / 6, result.NormalisedValues[i], 15);
            Assert.True(result.Values[i] <= 3, $"d = {result.Values[i]} exceeds the rank");
            if (i > 0)
            {
                Assert.True(result.Values[i] > result.Values[i - 1], $"d not increasing at n = {sizes[i]}");
            }
        }

        Assert.True(Math.Abs(result.Values[sizes.IndexOf(1e12)] - 3) < 0.05 * 3, $"d(1e12) = {result.Values[6]}");
    }

    [Fact]
    public void Compute_CircuitWithRedundantParameter_TendsToRankThree()
    {
        // Here most normalised eigenvalues exceed 1, so d approaches the rank from above.
        ImmutableArray<double> sizes = [1e3, 1e6, 1e12, 1e30];
        var result = EffectiveDimension.Compute(
            new TwoQubitCircuitModel(),
            FisherInputs.Uniform(10, 2, 0, Math.PI, seed: 3),
            new EffectiveDimensionOptions { DatasetSizes = sizes, ParameterSamples = 20, Seed = 1 });
        Assert.Equal(3, result.MaxFisherRank);
        for (int i = 1; i < sizes.Length; i++)
        {
            Assert.True(Math.Abs(result.Values[i] - 3) < Math.Abs(result.Values[i - 1] - 3), $"d({sizes[i]}) = {result.Values[i]} is not closer to 3");
        }

        Assert.True(Math.Abs(result.Values[2] - 3) < 0.05 * 3, $"d(1e12) = {result.Values[2]}");
        Assert.True(Math.Abs(result.Values[3] - 3) < 0.02 * 3, $"d(1e30) = {result.Values[3]}");
    }

    [Fact]
    public void NormalisedFisher_MeanTraceEqualsParameterCount()
    {
        var model = new TwoQubitCircuitModel();
        var inputs = FisherInputs.Uniform(6, 2, 0, Math.PI, seed: 3);
        var thetas = FisherInputs.Uniform(9, 4, -Math.PI, Math.PI, seed: 8);
        var fishers = thetas.Select(t => FisherInformation.Exact(model, t, inputs)).ToList();
        var normalised = EffectiveDimension.Normalise(fishers);
        Assert.Equal(4.0, normalised.Average(FisherInformation.Trace), 12);

        var result = EffectiveDimension.ComputeAt(model, thetas, inputs);
        Assert.Equal(4.0, result.NormalisedSpectra.Average(s => s.Sum()), 10);
        Assert.Equal(fishers.Average(FisherInformation.Trace), result.MeanFisherTrace, 12);

        var fromMatrices = EffectiveDimension.FromFisherMatrices(fishers, 1, EffectiveDimensionOptions.Default.DatasetSizes);
        for (int i = 0; i < result.Values.Length; i++)
        {
            Assert.Equal(result.Values[i], fromMatrices.Values[i], 10);
        }
    }

    [Fact]
    public void Compute_SameResultForAnyThreadCount_AndRangeIsConfigurable()
    {
        var model = new TwoQubitCircuitModel();
        var inputs = FisherInputs.Uniform(6, 2, 0, Math.PI, seed: 3);
        var one = EffectiveDimension.Compute(model, inputs, new EffectiveDimensionOptions { ParameterSamples = 12, Threads = 1 });
        var many = EffectiveDimension.Compute(model, inputs, new EffectiveDimensionOptions { ParameterSamples = 12, Threads = 6 });
        Assert.Equal(one.Values.AsEnumerable(), many.Values.AsEnumerable());
        var unitBox = EffectiveDimension.Compute(model, inputs, new EffectiveDimensionOptions { ParameterSamples = 12, ParameterLow = 0, ParameterHigh = 1 });
        Assert.NotEqual(one.Values.AsEnumerable(), unitBox.Values.AsEnumerable());
    }

    [Fact]
    public void Compute_GammaScalesKappa()
    {
        var f = new[] { new double[,] { { 2.0 } } };
        var half = EffectiveDimension.FromFisherMatrices(f, 0.5, [1e6]);
        double kappa = 0.5 * 1e6 / (2 * Math.PI * Math.Log(1e6));
        Assert.Equal(kappa, EffectiveDimension.Kappa(0.5, 1e6), 9);
        Assert.Equal(Math.Log(1 + kappa) / Math.Log(kappa), half.Values[0], 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Gamma_OutsideUnitInterval_IsAClearError(double gamma)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            EffectiveDimension.FromFisherMatrices([new double[,] { { 1.0 } }], gamma, [1e4]));
        Assert.Contains("gamma must be in (0, 1]", e.Message, StringComparison.Ordinal);
        var model = new SingleRotationModel();
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            EffectiveDimension.Compute(model, [[0.0]], new EffectiveDimensionOptions { Gamma = gamma, ParameterSamples = 1 }));
    }

    [Fact]
    public void DatasetSize_TooSmallForKappaAboveOne_IsAClearError()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            EffectiveDimension.FromFisherMatrices([new double[,] { { 1.0 } }], 1, [10]));
        Assert.Contains("kappa", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroFisher_GivesZeroDimension()
    {
        var result = EffectiveDimension.FromFisherMatrices([new double[2, 2], new double[2, 2]], 1, [1e4]);
        Assert.Equal(0.0, result.Values[0]);
        Assert.Equal(0, result.MaxFisherRank);
    }
}
