using Dqml.Analysis.Capacity;

namespace Dqml.Analysis.Tests.Capacity;

public class FisherInformationTests
{
    private static readonly double[,] A = { { 1, 2, 0 }, { 0, 1, -1 } };

    private static void AssertMatrixEqual(double[,] expected, double[,] actual, double tolerance)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (int r = 0; r < expected.GetLength(0); r++)
        {
            for (int c = 0; c < expected.GetLength(1); c++)
            {
                Assert.True(Math.Abs(expected[r, c] - actual[r, c]) <= tolerance, $"[{r},{c}]: expected {expected[r, c]}, got {actual[r, c]}");
            }
        }
    }

    [Fact]
    public void Exact_ProductModel_EqualsATransposeA()
    {
        var model = new RotationProductModel(A);
        var inputs = FisherInputs.Uniform(20, 2, -Math.PI, Math.PI, seed: 3);
        var f = FisherInformation.Exact(model, [0.3, -1.1, 0.7], inputs);
        AssertMatrixEqual(model.ExpectedFisher(), f, 1e-12);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(-2.9)]
    public void Exact_SingleSimulatedRotation_IsOne(double theta)
    {
        var f = FisherInformation.Exact(new SingleRotationModel(), [theta], FisherInputs.Uniform(10, 1, 0, 1, seed: 1));
        Assert.Equal(1.0, f[0, 0], 12);
    }

    [Fact]
    public void Exact_Circuit_MatchesFiniteDifferenceFisher()
    {
        var model = new TwoQubitCircuitModel();
        var inputs = FisherInputs.Uniform(8, 2, 0, Math.PI, seed: 5);
        double[] theta = [0.4, -0.9, 1.3, 0.2];
        var exact = FisherInformation.Exact(model, theta, inputs);
        var reference = ReferenceFisher.FiniteDifference((t, x) => TwoQubitCircuitModel.Probabilities(t, x), theta, inputs);
        AssertMatrixEqual(reference, exact, 1e-6);
    }

    [Fact]
    public void Spectrum_Circuit_RotationCommutingWithMeasurementAddsNoRank()
    {
        var model = new TwoQubitCircuitModel();
        var f = FisherInformation.Exact(model, [0.4, -0.9, 1.3, 0.2], FisherInputs.Uniform(16, 2, 0, Math.PI, seed: 5));
        var spectrum = FisherInformation.Spectrum(f);
        Assert.Equal(4, spectrum.ParameterCount);
        Assert.Equal(3, spectrum.Rank);
        Assert.Equal(1, spectrum.RedundantParameters);
        Assert.True(spectrum.Eigenvalues[2] > 1e-3, $"third eigenvalue {spectrum.Eigenvalues[2]}");
        Assert.True(Math.Abs(spectrum.Eigenvalues[3]) < 1e-12);
        Assert.Equal(spectrum.Eigenvalues.Sum(), spectrum.Trace, 10);
        Assert.Equal(3, FisherInformation.Rank(f));
        Assert.Equal(0.0, f[3, 3], 14);
    }

    [Fact]
    public void Spectrum_ProductModel_RankIsRankOfA()
    {
        var model = new RotationProductModel(A);
        var f = FisherInformation.Exact(model, [0.1, 0.2, 0.3], FisherInputs.Uniform(4, 2, 0, 1, seed: 2));
        var s = FisherInformation.Spectrum(f);
        Assert.Equal(2, s.Rank);
        Assert.True(s.Eigenvalues.SequenceEqual(s.Eigenvalues.OrderByDescending(v => v)));
    }

    [Fact]
    public void Spectrum_ZeroMatrix_HasRankZero()
    {
        Assert.Equal(0, FisherInformation.Spectrum(new double[3, 3]).Rank);
    }

    [Fact]
    public void Spectrum_NotSymmetric_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => FisherInformation.Spectrum(new double[,] { { 1, 2 }, { 0, 1 } }));
        Assert.Contains("not symmetric", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_SameBitsForAnyThreadCount()
    {
        var model = new TwoQubitCircuitModel();
        var inputs = FisherInputs.Uniform(37, 2, 0, Math.PI, seed: 9);
        double[] theta = [0.4, -0.9, 1.3, 0.2];
        var one = FisherInformation.Exact(model, theta, inputs, new FisherOptions { Threads = 1 });
        var many = FisherInformation.Exact(model, theta, inputs, new FisherOptions { Threads = 7 });
        Assert.Equal(one.Cast<double>(), many.Cast<double>());
    }

    [Fact]
    public void Empirical_Sampled_ConvergesToExact()
    {
        var model = new RotationProductModel(A);
        // Angles kept away from 0 and pi, where grad log p is unbounded and the estimate converges slowly.
        var inputs = FisherInputs.Uniform(100, 2, 0.8, 2.2, seed: 4);
        var f = FisherInformation.Empirical(model, [0.05, 0.02, 0.03], inputs, samplesPerInput: 1000, seed: 11);
        AssertMatrixEqual(model.ExpectedFisher(), f, 0.06);
    }

    [Fact]
    public void Empirical_Sampled_SameSeedSameMatrixForAnyThreadCount()
    {
        var model = new TwoQubitCircuitModel();
        var inputs = FisherInputs.Uniform(20, 2, 0, Math.PI, seed: 9);
        double[] theta = [0.4, -0.9, 1.3, 0.2];
        var a = FisherInformation.Empirical(model, theta, inputs, 50, seed: 1, new FisherOptions { Threads = 1 });
        var b = FisherInformation.Empirical(model, theta, inputs, 50, seed: 1, new FisherOptions { Threads = 5 });
        var c = FisherInformation.Empirical(model, theta, inputs, 50, seed: 2);
        Assert.Equal(a.Cast<double>(), b.Cast<double>());
        Assert.NotEqual(a.Cast<double>(), c.Cast<double>());
    }

    [Fact]
    public void Empirical_ObservedOutcomes_IsMeanOfScoreOuterProducts()
    {
        var model = new SingleRotationModel();
        double[][] inputs = [[0.4], [1.2]];
        int[] outcomes = [0, 1];
        var f = FisherInformation.Empirical(model, [0.3], inputs, outcomes);
        // p0 = cos^2(phi/2): d log p0 = -tan(phi/2); p1 = sin^2(phi/2): d log p1 = cot(phi/2).
        double s0 = -Math.Tan(0.7 / 2), s1 = 1 / Math.Tan(1.5 / 2);
        Assert.Equal(((s0 * s0) + (s1 * s1)) / 2, f[0, 0], 10);
    }

    [Fact]
    public void Exact_BadArguments_ThrowClearErrors()
    {
        var model = new RotationProductModel(A);
        var inputs = FisherInputs.Uniform(2, 2, 0, 1, seed: 1);
        Assert.Contains("3 parameters", Assert.Throws<ArgumentException>(() => FisherInformation.Exact(model, [1.0], inputs)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FisherInformation.Exact(model, [1.0, 2, 3], []));
        Assert.Throws<ArgumentException>(() => FisherInformation.Exact(model, [1.0, 2, 3], [[1.0]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FisherInformation.Exact(model, [1.0, 2, 3], inputs, new FisherOptions { Threads = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FisherInformation.Empirical(model, [1.0, 2, 3], inputs, [0, 9]));
    }

    [Fact]
    public void HaarStates_DecodeToNormalisedStates()
    {
        var inputs = FisherInputs.HaarStates(5, 2, seed: 3);
        Assert.All(inputs, x => Assert.Equal(8, x.Length));
        Assert.All(inputs, x => Assert.Equal(1.0, FisherInputs.ToState(x).Norm(), 12));
        Assert.Equal(inputs[0], FisherInputs.HaarStates(1, 2, seed: 3)[0]);
    }
}
