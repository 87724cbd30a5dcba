using Dqml.Analysis.Expressibility;
using Dqml.Circuits;
using Dqml.Simulation;

namespace Dqml.Analysis.Tests.Expressibility;

public class GradientVarianceTests
{
    [Fact]
    public void Compute_SineGradient_HasVarianceOneHalf()
    {
        // C = cos(t0) + 0 * t1: dC/dt0 = -sin t0 has mean 0 and variance 1/2 over a full period; dC/dt1 = 0.
        var r = GradientVariance.Compute(t => [-Math.Sin(t[0]), 0], 2, new GradientVarianceOptions { Samples = 20000, Seed = 2 });
        Assert.Equal(0.5, r.Variance[0], 1);
        Assert.True(Math.Abs(r.Variance[0] - 0.5) < 0.02);
        Assert.True(Math.Abs(r.Mean[0]) < 0.02);
        Assert.Equal(0.0, r.Variance[1]);
        Assert.Equal(r.Variance[0] / 2, r.MeanVariance, 15);
    }

    /// <summary>&lt;Z...Z&gt; after RY(t_i) on each qubit, simulated: prod_i cos t_i.</summary>
    private static double GlobalCost(double[] t)
    {
        var b = new CircuitBuilder(t.Length);
        for (int q = 0; q < t.Length; q++)
        {
            b.RY(t[q], q);
        }

        var p = new StateVectorSimulator().RunUnitary(b.Build()).Probabilities();
        double e = 0;
        for (int i = 0; i < p.Length; i++)
        {
            e += (int.PopCount(i) & 1) == 0 ? p[i] : -p[i];
        }

        return e;
    }

    private static double[] ShiftGradient(double[] t)
    {
        var g = new double[t.Length];
        var s = (double[])t.Clone();
        for (int i = 0; i < t.Length; i++)
        {
            s[i] = t[i] + (Math.PI / 2);
            double plus = GlobalCost(s);
            s[i] = t[i] - (Math.PI / 2);
            double minus = GlobalCost(s);
            s[i] = t[i];
            g[i] = (plus - minus) / 2;
        }

        return g;
    }

    [Fact]
    public void Compute_GlobalCost_VarianceHalvesPerQubit()
    {
        // Var[d/dt0 prod cos t_i] = E[sin^2] prod E[cos^2] = 2^-n: a barren plateau in miniature.
        for (int n = 1; n <= 4; n++)
        {
            var r = GradientVariance.Compute(ShiftGradient, n, new GradientVarianceOptions { Samples = 4000, Seed = 5 });
            double expected = Math.Pow(2, -n);
            Assert.True(Math.Abs(r.MeanVariance - expected) < 0.15 * expected, $"n = {n}: variance {r.MeanVariance}, expected {expected}");
        }
    }

    [Fact]
    public void Compute_SameResultForAnyThreadCount()
    {
        var a = GradientVariance.Compute(ShiftGradient, 3, new GradientVarianceOptions { Samples = 64, Threads = 1, Seed = 9 });
        var b = GradientVariance.Compute(ShiftGradient, 3, new GradientVarianceOptions { Samples = 64, Threads = 8, Seed = 9 });
        Assert.Equal(a.Variance.AsEnumerable(), b.Variance.AsEnumerable());
        Assert.Equal(a.Mean.AsEnumerable(), b.Mean.AsEnumerable());
    }

    [Fact]
    public void Compute_WrongGradientLength_IsAClearError()
    {
        Assert.Throws<InvalidOperationException>(() => GradientVariance.Compute(_ => [1.0], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientVariance.Compute(_ => [1.0], 1, new GradientVarianceOptions { Samples = 0 }));
    }
}
