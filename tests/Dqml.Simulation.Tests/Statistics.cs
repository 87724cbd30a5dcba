namespace Dqml.Simulation.Tests;

/// <summary>Goodness-of-fit helpers for deterministic (fixed-seed) sampling tests.</summary>
internal static class Statistics
{
    /// <summary>The p-value significance level used by sampling tests.</summary>
    public const double Alpha = 1e-4;

    /// <summary>
    /// Pearson's chi-square test of <paramref name="counts"/> against <paramref name="probabilities"/>. Bins
    /// with expected count below 5 are pooled. Returns the statistic, degrees of freedom and p-value.
    /// Observed keys with zero probability make the p-value 0.
    /// </summary>
    public static (double ChiSquare, int DegreesOfFreedom, double PValue) ChiSquare(
        IReadOnlyDictionary<string, int> counts, IReadOnlyDictionary<string, double> probabilities, int shots)
    {
        foreach (var (k, c) in counts)
        {
            if (c > 0 && probabilities.GetValueOrDefault(k) <= 1e-12)
            {
                return (double.PositiveInfinity, 0, 0);
            }
        }

        double chi = 0, pooledExpected = 0, pooledObserved = 0;
        int bins = 0;
        foreach (var (k, p) in probabilities)
        {
            double e = p * shots;
            double o = counts.GetValueOrDefault(k);
            if (e < 5)
            {
                pooledExpected += e;
                pooledObserved += o;
                continue;
            }

            chi += (o - e) * (o - e) / e;
            bins++;
        }

        if (pooledExpected > 0)
        {
            if (pooledExpected >= 1 || bins == 0)
            {
                chi += (pooledObserved - pooledExpected) * (pooledObserved - pooledExpected) / pooledExpected;
                bins++;
            }
            else if (pooledObserved > 3)
            {
                return (double.PositiveInfinity, 0, 0);
            }
        }

        int dof = Math.Max(1, bins - 1);
        return (chi, dof, bins <= 1 ? 1 : GammaQ(dof / 2.0, chi / 2));
    }

    /// <summary>Regularised upper incomplete gamma function Q(a, x).</summary>
    public static double GammaQ(double a, double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        if (x < a + 1)
        {
            // Series for P(a, x).
            double sum = 1 / a, term = sum, ap = a;
            for (int n = 0; n < 10000; n++)
            {
                ap += 1;
                term *= x / ap;
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-16)
                {
                    break;
                }
            }

            return 1 - (sum * Math.Exp(-x + (a * Math.Log(x)) - LogGamma(a)));
        }

        // Continued fraction (Lentz) for Q(a, x).
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 10000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            if (Math.Abs(d) < tiny)
            {
                d = tiny;
            }

            c = b + (an / c);
            if (Math.Abs(c) < tiny)
            {
                c = tiny;
            }

            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x + (a * Math.Log(x)) - LogGamma(a)) * h;
    }

    /// <summary>ln Gamma(x) for x &gt; 0 (Lanczos, g = 7).</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        double a = g[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++)
        {
            a += g[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>Basis-state probabilities as a distribution keyed by n-bit strings (qubit n-1 first).</summary>
    public static Dictionary<string, double> AsKeyed(double[] probabilities, int numQubits)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < probabilities.Length; i++)
        {
            d[Convert.ToString(i, 2).PadLeft(numQubits, '0')] = probabilities[i];
        }

        return d;
    }
}
