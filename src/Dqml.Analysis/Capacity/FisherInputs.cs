using System.Numerics;
using Dqml.Analysis.Expressibility;
using Dqml.Simulation;

namespace Dqml.Analysis.Capacity;

/// <summary>
/// Input sets to average a Fisher matrix over: uniform samples of a box, Haar-random input states, or the
/// rows of a data set. Every generator is seeded; input i uses its own random stream, so a set of n inputs
/// is a prefix of the set of n + 1.
/// </summary>
public static class FisherInputs
{
    /// <summary><paramref name="count"/> points uniform in [<paramref name="low"/>, <paramref name="high"/>)^<paramref name="dimension"/>.</summary>
    public static IReadOnlyList<double[]> Uniform(int count, int dimension, double low, double high, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        CheckRange(low, high, nameof(high));
        var inputs = new double[count][];
        for (int i = 0; i < count; i++)
        {
            var rng = DeterministicRandom.ForStream(seed, (ulong)i);
            var x = new double[dimension];
            for (int j = 0; j < dimension; j++)
            {
                x[j] = low + ((high - low) * rng.NextDouble());
            }

            inputs[i] = x;
        }

        return inputs;
    }

    /// <summary>
    /// <paramref name="count"/> Haar-random states of <paramref name="numQubits"/> qubits, each encoded as
    /// 2 * 2^n reals (re_0, im_0, re_1, im_1, ...); decode with <see cref="ToState"/>. The Hwang et al.
    /// capacity study averages over 500 such inputs.
    /// </summary>
    public static IReadOnlyList<double[]> HaarStates(int count, int numQubits, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (numQubits is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(numQubits), $"Haar input states are drawn for 0 to 20 qubits, got {numQubits}");
        }

        var inputs = new double[count][];
        for (int i = 0; i < count; i++)
        {
            var a = HaarRandom.Amplitudes(1 << numQubits, DeterministicRandom.ForStream(seed, (ulong)i));
            var x = new double[2 * a.Length];
            for (int j = 0; j < a.Length; j++)
            {
                x[2 * j] = a[j].Real;
                x[(2 * j) + 1] = a[j].Imaginary;
            }

            inputs[i] = x;
        }

        return inputs;
    }

    /// <summary>The rows of a data matrix (n_samples x n_features) as inputs (copied).</summary>
    public static IReadOnlyList<double[]> FromRows(double[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.GetLength(0), d = data.GetLength(1);
        var inputs = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var x = new double[d];
            for (int j = 0; j < d; j++)
            {
                x[j] = data[i, j];
            }

            inputs[i] = x;
        }

        return inputs;
    }

    /// <summary>Decodes an input made by <see cref="HaarStates"/> (interleaved real and imaginary parts) into a state.</summary>
    public static StateVector ToState(ReadOnlySpan<double> input)
    {
        if (input.Length < 2 || input.Length % 2 != 0 || !BitOperations.IsPow2(input.Length / 2))
        {
            throw new ArgumentException($"an encoded state has 2 * 2^n values, got {input.Length}", nameof(input));
        }

        var a = new Complex[input.Length / 2];
        for (int j = 0; j < a.Length; j++)
        {
            a[j] = new Complex(input[2 * j], input[(2 * j) + 1]);
        }

        return StateVector.FromAmplitudes(a);
    }

    internal static void CheckRange(double low, double high, string paramName)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || !(high > low))
        {
            throw new ArgumentException($"the sampling range [{low}, {high}) must be finite and non-empty", paramName);
        }
    }
}
