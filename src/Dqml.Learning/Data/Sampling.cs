using Dqml.Simulation;

namespace Dqml.Learning.Data;

/// <summary>Seeded permutations: the same seed gives the same order on every platform.</summary>
public static class Permutation
{
    /// <summary>A uniformly random permutation of 0 … <paramref name="count"/>−1 (Fisher–Yates).</summary>
    public static int[] Random(int count, ulong seed) => Random(count, new DeterministicRandom(seed));

    /// <summary>A uniformly random permutation of 0 … <paramref name="count"/>−1 drawn from <paramref name="random"/>.</summary>
    public static int[] Random(int count, DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(random);
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Shuffle(order, random);
        return order;
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates).</summary>
    public static void Shuffle<T>(Span<T> values, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}

/// <summary>Continuous distributions on top of <see cref="DeterministicRandom"/>.</summary>
public static class RandomSampling
{
    /// <summary>A standard normal variate (Box–Muller; one uniform pair per call, so the stream position is predictable).</summary>
    public static double NextGaussian(DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1.0 - random.NextDouble(); // (0, 1]: the logarithm stays finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// Writes a point uniform in the <c>d</c>-ball of radius <paramref name="radius"/> about the origin into
    /// <paramref name="point"/> (d = its length): the direction is a normalised Gaussian vector, the radius
    /// <c>r·U^(1/d)</c>.
    /// </summary>
    public static void UniformInBall(Span<double> point, double radius, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        if (point.IsEmpty)
        {
            return;
        }

        double norm2;
        do
        {
            norm2 = 0;
            for (int k = 0; k < point.Length; k++)
            {
                point[k] = NextGaussian(random);
                norm2 += point[k] * point[k];
            }
        }
        while (norm2 == 0);

        double r = radius * Math.Pow(random.NextDouble(), 1.0 / point.Length);
        double scale = r / Math.Sqrt(norm2);
        for (int k = 0; k < point.Length; k++)
        {
            point[k] *= scale;
        }
    }
}
