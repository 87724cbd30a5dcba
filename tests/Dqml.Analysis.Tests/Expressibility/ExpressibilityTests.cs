using System.Numerics;
using Dqml.Analysis.Expressibility;
using Dqml.Circuits;
using Dqml.Simulation;

namespace Dqml.Analysis.Tests.Expressibility;

public class ExpressibilityTests
{
    /// <summary>
    /// A "circuit" whose output is Haar-random when its parameters are uniform in [0, 2 pi): 4N parameters,
    /// mapped to [0, 1) and through Box-Muller to 2N standard normals (real and imaginary parts), normalised.
    /// </summary>
    private static Complex[] HaarFromParameters(double[] theta)
    {
        int n = theta.Length / 4;
        var a = new Complex[n];
        double norm2 = 0;
        for (int i = 0; i < n; i++)
        {
            double re = BoxMuller(theta[4 * i], theta[(4 * i) + 1]);
            double im = BoxMuller(theta[(4 * i) + 2], theta[(4 * i) + 3]);
            a[i] = new Complex(re, im);
            norm2 += (re * re) + (im * im);
        }

        return [.. a.Select(z => z / Math.Sqrt(norm2))];
    }

    private static double BoxMuller(double t1, double t2)
    {
        double u1 = 1 - (t1 / (2 * Math.PI)), u2 = t2 / (2 * Math.PI);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Compute_HaarRandomStates_GiveKlNearZero(int dimension)
    {
        // The plug-in KL of a histogram of M samples over B bins is biased up by about (B - 1) / (2M):
        // 74 / 40000 = 0.0019 here, with a spread of the same order. 0.01 is five times that bias.
        var result = ExpressibilityMeasure.Compute(HaarFromParameters, 4 * dimension, new ExpressibilityOptions { Pairs = 20000, Seed = 7 });
        Assert.Equal(dimension, result.Dimension);
        Assert.True(result.KlDivergence < 0.01, $"KL = {result.KlDivergence}");
        Assert.Equal(1.0 / dimension, result.MeanFidelity, 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Compute_IdleCircuit_GivesLogOfBinsTimesNMinusOne(int qubits)
    {
        // All fidelities are 1 and land in the last bin, of Haar probability (1 - 74/75)^(N-1).
        var result = ExpressibilityMeasure.Compute(_ => new StateVector(qubits), 3, new ExpressibilityOptions { Pairs = 100 });
        double expected = ((1 << qubits) - 1) * Math.Log(75);
        Assert.Equal(expected, result.KlDivergence, 10);
        Assert.Equal(expected, result.IdleKlDivergence, 10);
        Assert.Equal(100, result.Histogram[^1]);
    }

    [Fact]
    public void Compute_SingleQubitRotations_AreBetweenHaarAndIdle()
    {
        // RY(a) RZ(b)|0> with uniform angles covers the Bloch sphere but not uniformly (too much weight at the poles).
        StateVector Circuit(double[] t) => new StateVectorSimulator().RunUnitary(new CircuitBuilder(1).RY(t[0], 0).RZ(t[1], 0).Build());
        var ryrz = ExpressibilityMeasure.Compute(Circuit, 2, new ExpressibilityOptions { Pairs = 4000, Seed = 1 });
        var ry = ExpressibilityMeasure.Compute(t => Circuit([t[0], 0]), 1, new ExpressibilityOptions { Pairs = 4000, Seed = 1 });
        Assert.InRange(ryrz.KlDivergence, 0.02, 0.5);
        Assert.True(ry.KlDivergence > ryrz.KlDivergence, $"RY only {ry.KlDivergence} vs RY RZ {ryrz.KlDivergence}");
        Assert.True(ry.KlDivergence < ry.IdleKlDivergence);
    }

    [Fact]
    public void Compute_SameResultForAnyThreadCount()
    {
        var a = ExpressibilityMeasure.Compute(HaarFromParameters, 8, new ExpressibilityOptions { Pairs = 500, Seed = 3, Threads = 1 });
        var b = ExpressibilityMeasure.Compute(HaarFromParameters, 8, new ExpressibilityOptions { Pairs = 500, Seed = 3, Threads = 8 });
        Assert.Equal(a.KlDivergence, b.KlDivergence);
        Assert.Equal(a.Histogram.AsEnumerable(), b.Histogram.AsEnumerable());
    }

    [Fact]
    public void HaarBins_SumToOne_AndDoNotUnderflowForLargeStates()
    {
        var small = ExpressibilityMeasure.FromFidelities([0.5], 8, 20);
        Assert.Equal(1.0, small.HaarBinProbabilities.Sum(), 12);
        var logP = HaarRandom.LogFidelityBinProbabilities(1 << 20, 75);
        Assert.All(logP, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(1.0, HaarRandom.FidelityCdf(1, 8));
        Assert.Equal(1 - Math.Pow(0.75, 7), HaarRandom.FidelityCdf(0.25, 8), 14);
        Assert.Equal(7 * Math.Pow(0.75, 6), HaarRandom.FidelityDensity(0.25, 8), 14);
    }

    [Fact]
    public void Compute_UnnormalisedState_IsAClearError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ExpressibilityMeasure.Compute(_ => new Complex[] { 1, 1 }, 1, new ExpressibilityOptions { Pairs = 3 }));
        Assert.Contains("norm", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpressibilityMeasure.Compute(HaarFromParameters, 8, new ExpressibilityOptions { Bins = 0 }));
    }

    [Fact]
    public void HaarRandom_State_IsNormalisedAndSeeded()
    {
        var a = HaarRandom.State(3, new DeterministicRandom(5));
        var b = HaarRandom.State(3, new DeterministicRandom(5));
        Assert.Equal(1.0, a.Norm(), 12);
        Assert.Equal(a.Amplitudes.ToArray(), b.Amplitudes.ToArray());
    }
}
