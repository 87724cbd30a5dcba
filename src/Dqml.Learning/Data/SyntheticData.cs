using Dqml.Simulation;

namespace Dqml.Learning.Data;

/// <summary>
/// Small synthetic binary problems. Labels are ±1. Bit-valued inputs are encoded as <c>bit · scale</c>, so the
/// default scale π gives angles {0, π} and scale 1 gives {0, 1}. Sampled sets are deterministic in the seed.
/// </summary>
public static class SyntheticData
{
    /// <summary>Largest bit count the enumerating generators accept (2^20 rows).</summary>
    public const int MaxEnumeratedBits = 20;

    /// <summary>
    /// All 2^<paramref name="bits"/> bit strings with their parity label: +1 for an even number of ones, −1 for odd.
    /// Row i encodes the bits of i, feature k holding bit k.
    /// </summary>
    public static Dataset ParityAll(int bits, double scale = Math.PI)
    {
        CheckBits(bits, nameof(bits), MaxEnumeratedBits);
        int n = 1 << bits;
        var features = new double[n * bits];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            WriteBits((ulong)i, features.AsSpan(i * bits, bits), scale);
            labels[i] = ParityLabel((ulong)i);
        }

        return new Dataset($"parity-{bits}", features, n, bits, labels);
    }

    /// <summary><paramref name="count"/> uniformly random bit strings of length <paramref name="bits"/> with parity labels.</summary>
    public static Dataset Parity(int bits, int count, ulong seed, double scale = Math.PI)
    {
        CheckBits(bits, nameof(bits), 63);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new DeterministicRandom(seed);
        var features = new double[count * bits];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            ulong value = random.NextUInt64() & ((1UL << bits) - 1);
            WriteBits(value, features.AsSpan(i * bits, bits), scale);
            labels[i] = ParityLabel(value);
        }

        return new Dataset($"parity-{bits}", features, count, bits, labels);
    }

    /// <summary>
    /// The CHSH-style problem on split inputs, enumerated: every pair (s, t) of <paramref name="bitsPerParty"/>-bit
    /// strings, features <c>[s_0 … s_{k−1}, t_0 … t_{k−1}]</c> (the first k for processor A, the last k for B) and
    /// label <c>L(s, t) = (−1)^(s·t mod 2)</c>; for one bit per party that is <c>(−1)^(s AND t)</c>.
    /// </summary>
    public static Dataset ChshAll(int bitsPerParty = 1, double scale = Math.PI)
    {
        CheckBits(bitsPerParty, nameof(bitsPerParty), MaxEnumeratedBits / 2);
        int k = bitsPerParty, side = 1 << k, n = side * side;
        var features = new double[n * 2 * k];
        var labels = new int[n];
        int row = 0;
        for (int s = 0; s < side; s++)
        {
            for (int t = 0; t < side; t++, row++)
            {
                WriteChsh((ulong)s, (ulong)t, k, features.AsSpan(row * 2 * k, 2 * k), scale);
                labels[row] = ParityLabel((ulong)(s & t));
            }
        }

        return new Dataset($"chsh-{k}", features, n, 2 * k, labels);
    }

    /// <summary><paramref name="count"/> uniformly random pairs (s, t) with CHSH labels; layout as in <see cref="ChshAll"/>.</summary>
    public static Dataset Chsh(int count, ulong seed, int bitsPerParty = 1, double scale = Math.PI)
    {
        CheckBits(bitsPerParty, nameof(bitsPerParty), 31);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int k = bitsPerParty;
        ulong mask = (1UL << k) - 1;
        var random = new DeterministicRandom(seed);
        var features = new double[count * 2 * k];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            ulong s = random.NextUInt64() & mask;
            ulong t = random.NextUInt64() & mask;
            WriteChsh(s, t, k, features.AsSpan(i * 2 * k, 2 * k), scale);
            labels[i] = ParityLabel(s & t);
        }

        return new Dataset($"chsh-{k}", features, count, 2 * k, labels);
    }

    /// <summary>
    /// Two interleaved half circles (as scikit-learn's <c>make_moons</c>): the upper moon (cos θ, sin θ) is +1, the
    /// lower moon (1 − cos θ, 1/2 − sin θ) is −1, θ evenly spaced on [0, π], plus Gaussian noise of standard deviation
    /// <paramref name="noise"/>; rows shuffled. The first ⌈count/2⌉ points go to the upper moon.
    /// </summary>
    public static Dataset TwoMoons(int count, double noise, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckNoise(noise);
        int upper = (count + 1) / 2, lower = count - upper;
        var features = new double[count * 2];
        var labels = new int[count];
        var random = new DeterministicRandom(seed);
        for (int i = 0; i < count; i++)
        {
            bool isUpper = i < upper;
            int j = isUpper ? i : i - upper;
            int m = isUpper ? upper : lower;
            double theta = m > 1 ? Math.PI * j / (m - 1) : 0;
            double x = isUpper ? Math.Cos(theta) : 1 - Math.Cos(theta);
            double y = isUpper ? Math.Sin(theta) : 0.5 - Math.Sin(theta);
            features[2 * i] = x + (noise * RandomSampling.NextGaussian(random));
            features[(2 * i) + 1] = y + (noise * RandomSampling.NextGaussian(random));
            labels[i] = isUpper ? 1 : -1;
        }

        return new Dataset("two-moons", features, count, 2, labels).Shuffle(random.NextUInt64());
    }

    /// <summary>
    /// Two concentric circles (as scikit-learn's <c>make_circles</c>): radius 1 is −1, radius
    /// <paramref name="factor"/> is +1, angles evenly spaced, Gaussian noise of standard deviation
    /// <paramref name="noise"/>; rows shuffled.
    /// </summary>
    public static Dataset Circles(int count, double noise, ulong seed, double factor = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckNoise(noise);
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The inner radius factor must lie in (0, 1).");
        }

        int outer = (count + 1) / 2, inner = count - outer;
        var features = new double[count * 2];
        var labels = new int[count];
        var random = new DeterministicRandom(seed);
        for (int i = 0; i < count; i++)
        {
            bool isOuter = i < outer;
            int j = isOuter ? i : i - outer;
            int m = isOuter ? outer : inner;
            double theta = 2 * Math.PI * j / m;
            double r = isOuter ? 1 : factor;
            features[2 * i] = (r * Math.Cos(theta)) + (noise * RandomSampling.NextGaussian(random));
            features[(2 * i) + 1] = (r * Math.Sin(theta)) + (noise * RandomSampling.NextGaussian(random));
            labels[i] = isOuter ? -1 : 1;
        }

        return new Dataset("circles", features, count, 2, labels).Shuffle(random.NextUInt64());
    }

    /// <summary>
    /// XOR of two bits: the four points {0, scale}² with label +1 when the bits agree, −1 when they differ
    /// (the parity set on two bits).
    /// </summary>
    public static Dataset Xor(double scale = 1.0) => ParityAll(2, scale).WithName("xor");

    private static int ParityLabel(ulong value) => (ulong.PopCount(value) & 1) == 0 ? 1 : -1;

    private static void WriteBits(ulong value, Span<double> target, double scale)
    {
        for (int k = 0; k < target.Length; k++)
        {
            target[k] = ((value >> k) & 1) * scale;
        }
    }

    private static void WriteChsh(ulong s, ulong t, int k, Span<double> target, double scale)
    {
        WriteBits(s, target[..k], scale);
        WriteBits(t, target[k..], scale);
    }

    private static void CheckBits(int bits, string name, int max)
    {
        if (bits < 1 || bits > max)
        {
            throw new ArgumentOutOfRangeException(name, bits, $"Must lie in [1, {max}].");
        }
    }

    private static void CheckNoise(double noise)
    {
        if (!(noise >= 0) || !double.IsFinite(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "Noise must be finite and non-negative.");
        }
    }
}
