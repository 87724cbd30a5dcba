using System.Numerics;
using Dqml.Analysis.Capacity;
using Dqml.Simulation;

namespace Dqml.Analysis.Expressibility;

/// <summary>
/// Haar-random pure states from a seeded <see cref="DeterministicRandom"/>, and the Haar distribution of
/// the fidelity |&lt;psi|phi&gt;|^2 of two independent Haar-random states.
/// </summary>
/// <remarks>
/// A vector of 2N independent standard normal numbers (real and imaginary parts), normalised, is
/// Haar-distributed on the unit sphere of C^N. For N = dim, the fidelity of two such states has density
/// P(F) = (N - 1)(1 - F)^(N - 2) on [0, 1] and distribution function 1 - (1 - F)^(N - 1).
/// </remarks>
public static class HaarRandom
{
    /// <summary>A standard normal number (Box-Muller; consumes two uniform draws).</summary>
    public static double NextGaussian(DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1 - random.NextDouble(); // (0, 1]: log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A Haar-random unit vector of C^<paramref name="dimension"/>.</summary>
    /// <remarks>Cost: 4 <paramref name="dimension"/> uniform draws.</remarks>
    public static Complex[] Amplitudes(int dimension, DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentNullException.ThrowIfNull(random);
        var a = new Complex[dimension];
        double norm2 = 0;
        for (int i = 0; i < dimension; i++)
        {
            double re = NextGaussian(random);
            double im = NextGaussian(random);
            a[i] = new Complex(re, im);
            norm2 += (re * re) + (im * im);
        }

        double inv = 1 / Math.Sqrt(norm2);
        for (int i = 0; i < dimension; i++)
        {
            a[i] *= inv;
        }

        return a;
    }

    /// <summary>A Haar-random pure state of <paramref name="numQubits"/> qubits.</summary>
    public static StateVector State(int numQubits, DeterministicRandom random)
    {
        if (numQubits is < 0 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(numQubits), $"Haar-random states are drawn for 0 to 24 qubits, got {numQubits}");
        }

        return StateVector.FromAmplitudes(Amplitudes(1 << numQubits, random));
    }

    /// <summary>The Haar fidelity density P(F) = (N - 1)(1 - F)^(N - 2) for states of dimension N &gt;= 2.</summary>
    public static double FidelityDensity(double fidelity, int dimension)
    {
        CheckDimension(dimension);
        if (fidelity is < 0 or > 1)
        {
            return 0;
        }

        return (dimension - 1) * Math.Pow(1 - fidelity, dimension - 2);
    }

    /// <summary>Probability that F &lt;= <paramref name="fidelity"/> for two Haar-random states: 1 - (1 - F)^(N - 1).</summary>
    public static double FidelityCdf(double fidelity, int dimension)
    {
        CheckDimension(dimension);
        return fidelity <= 0 ? 0 : fidelity >= 1 ? 1 : -AccurateMath.ExpM1((dimension - 1) * AccurateMath.Log1P(-fidelity));
    }

    /// <summary>
    /// log of the Haar probability of each of <paramref name="bins"/> equal bins of [0, 1]: bin b covers
    /// [b / bins, (b + 1) / bins) and has probability (1 - lo)^(N - 1) - (1 - hi)^(N - 1), computed in log
    /// space so bins near F = 1 do not underflow for large N.
    /// </summary>
    public static double[] LogFidelityBinProbabilities(int dimension, int bins)
    {
        CheckDimension(dimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var logP = new double[bins];
        int m = dimension - 1;
        for (int b = 0; b < bins; b++)
        {
            double lo = (double)b / bins;
            double hi = (double)(b + 1) / bins;
            double logUpper = m * AccurateMath.Log1P(-lo);
            // (1 - hi)^m / (1 - lo)^m; 0 for the last bin (hi = 1).
            double ratio = b == bins - 1 ? 0 : Math.Exp(m * (AccurateMath.Log1P(-hi) - AccurateMath.Log1P(-lo)));
            logP[b] = logUpper + AccurateMath.Log1P(-ratio);
        }

        return logP;
    }

    private static void CheckDimension(int dimension)
    {
        if (dimension < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), $"the Haar fidelity distribution needs dimension >= 2, got {dimension}");
        }
    }
}
