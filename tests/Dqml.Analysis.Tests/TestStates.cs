using System.Numerics;
using Dqml.Simulation;

namespace Dqml.Analysis.Tests;

/// <summary>Analytic states for the tests (qubit 0 the least significant bit).</summary>
internal static class TestStates
{
    public static readonly double InvSqrt2 = 1 / Math.Sqrt(2);

    /// <summary>(|00&gt; + |11&gt;)/sqrt 2.</summary>
    public static StateVector PhiPlus() => StateVector.FromAmplitudes([InvSqrt2, 0, 0, InvSqrt2]);

    /// <summary>cos t|00&gt; + sin t|11&gt;.</summary>
    public static StateVector PartiallyEntangled(double t) => StateVector.FromAmplitudes([Math.Cos(t), 0, 0, Math.Sin(t)]);

    /// <summary>(|0...0&gt; + |1...1&gt;)/sqrt 2.</summary>
    public static StateVector Ghz(int n)
    {
        var a = new Complex[1 << n];
        a[0] = InvSqrt2;
        a[^1] = InvSqrt2;
        return StateVector.FromAmplitudes(a);
    }

    /// <summary>(|0..01&gt; + |0..10&gt; + ... + |10..0&gt;)/sqrt n.</summary>
    public static StateVector W(int n)
    {
        var a = new Complex[1 << n];
        for (int q = 0; q < n; q++)
        {
            a[1 << q] = 1 / Math.Sqrt(n);
        }

        return StateVector.FromAmplitudes(a);
    }

    /// <summary>A product of one-qubit states (theta_k, phi_k) on qubit k: cos(theta/2)|0&gt; + e^{i phi} sin(theta/2)|1&gt;.</summary>
    public static StateVector Product(params (double Theta, double Phi)[] qubits)
    {
        var a = new Complex[1 << qubits.Length];
        for (int i = 0; i < a.Length; i++)
        {
            Complex v = 1;
            for (int k = 0; k < qubits.Length; k++)
            {
                var (t, p) = qubits[k];
                v *= ((i >> k) & 1) == 0 ? Math.Cos(t / 2) : Complex.FromPolarCoordinates(Math.Sin(t / 2), p);
            }

            a[i] = v;
        }

        return StateVector.FromAmplitudes(a);
    }

    /// <summary>A seeded random normalised state.</summary>
    public static StateVector Random(int n, int seed)
    {
        var rng = new Random(seed);
        var a = new Complex[1 << n];
        double norm = 0;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = new Complex(Gaussian(rng), Gaussian(rng));
            norm += a[i].Magnitude * a[i].Magnitude;
        }

        for (int i = 0; i < a.Length; i++)
        {
            a[i] /= Math.Sqrt(norm);
        }

        return StateVector.FromAmplitudes(a);
    }

    /// <summary>A seeded random full-rank density matrix G G^dagger / Tr.</summary>
    public static Complex[,] RandomMixed(int n, int seed)
    {
        var rng = new Random(seed);
        int d = 1 << n;
        var g = new Complex[d, d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                g[r, c] = new Complex(Gaussian(rng), Gaussian(rng));
            }
        }

        var rho = new Complex[d, d];
        double trace = 0;
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                Complex s = 0;
                for (int k = 0; k < d; k++)
                {
                    s += g[r, k] * Complex.Conjugate(g[c, k]);
                }

                rho[r, c] = s;
            }

            trace += rho[r, r].Real;
        }

        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                rho[r, c] /= trace;
            }
        }

        return rho;
    }

    /// <summary>|psi&gt;&lt;psi| as a dense matrix.</summary>
    public static Complex[,] Projector(StateVector psi)
    {
        int d = psi.Amplitudes.Length;
        var m = new Complex[d, d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                m[r, c] = psi[r] * Complex.Conjugate(psi[c]);
            }
        }

        return m;
    }

    /// <summary>I / 2^n.</summary>
    public static Complex[,] MaximallyMixed(int n)
    {
        int d = 1 << n;
        var m = new Complex[d, d];
        for (int i = 0; i < d; i++)
        {
            m[i, i] = 1.0 / d;
        }

        return m;
    }

    /// <summary>V |Phi+&gt;&lt;Phi+| + (1 - V) I/4.</summary>
    public static Complex[,] Werner(double v)
    {
        var m = Projector(PhiPlus());
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                m[r, c] = (v * m[r, c]) + (r == c ? (1 - v) / 4 : 0);
            }
        }

        return m;
    }

    /// <summary>(1 - p)|Phi+&gt;&lt;Phi+| + p|Phi-&gt;&lt;Phi-|.</summary>
    public static Complex[,] DephasedBell(double p)
    {
        var m = new Complex[4, 4];
        m[0, 0] = 0.5;
        m[3, 3] = 0.5;
        m[0, 3] = (1 - (2 * p)) / 2;
        m[3, 0] = (1 - (2 * p)) / 2;
        return m;
    }

    /// <summary>Binary entropy h(p) in bits.</summary>
    public static double BinaryEntropy(double p)
    {
        double s = 0;
        if (p > 0)
        {
            s -= p * Math.Log2(p);
        }

        if (p < 1)
        {
            s -= (1 - p) * Math.Log2(1 - p);
        }

        return s;
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
