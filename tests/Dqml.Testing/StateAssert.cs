using System.Numerics;
using Xunit;

namespace Dqml.Testing;

/// <summary>Assertions on state vectors and probability distributions.</summary>
public static class StateAssert
{
    /// <summary>Amplitude-wise equality.</summary>
    public static void AmplitudesEqual(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, double tolerance = Tolerance.Default, string? context = null)
        => ComplexAssert.AllClose(expected, actual, tolerance, context);

    /// <summary>Equality up to a global phase.</summary>
    public static void EqualUpToGlobalPhase(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, double tolerance = Tolerance.Default, string? context = null)
        => ComplexAssert.EqualUpToGlobalPhase(expected, actual, tolerance, context);

    /// <summary>The state has unit norm.</summary>
    public static void Normalized(ReadOnlySpan<Complex> state, double tolerance = Tolerance.Default, string? context = null)
    {
        double s = 0;
        foreach (var a in state)
        {
            s += (a * Complex.Conjugate(a)).Real;
        }

        if (!(Math.Abs(s - 1) <= tolerance))
        {
            Assert.Fail($"{Prefix(context)}norm^2 = {s:R}, expected 1");
        }
    }

    /// <summary>Element-wise equality of two probability vectors.</summary>
    public static void ProbabilitiesEqual(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance = Tolerance.Default, string? context = null)
    {
        if (expected.Length != actual.Length)
        {
            Assert.Fail($"{Prefix(context)}length differs: expected {expected.Length}, actual {actual.Length}");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
            {
                Assert.Fail($"{Prefix(context)}p[{i}] (|{Convert.ToString(i, 2).PadLeft(BitLength(expected.Length), '0')}>): expected {expected[i]:R}, actual {actual[i]:R}");
            }
        }
    }

    /// <summary>Non-negative entries summing to one.</summary>
    public static void IsProbabilityVector(ReadOnlySpan<double> p, double tolerance = Tolerance.Default, string? context = null)
    {
        double s = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (!(p[i] >= -tolerance))
            {
                Assert.Fail($"{Prefix(context)}p[{i}] = {p[i]:R} is negative");
            }

            s += p[i];
        }

        if (!(Math.Abs(s - 1) <= tolerance))
        {
            Assert.Fail($"{Prefix(context)}probabilities sum to {s:R}");
        }
    }

    /// <summary>Two keyed distributions agree; keys missing on one side count as probability 0.</summary>
    public static void DistributionsEqual(IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual, double tolerance = Tolerance.Default, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        foreach (var key in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            double e = expected.GetValueOrDefault(key), a = actual.GetValueOrDefault(key);
            if (!(Math.Abs(e - a) <= tolerance))
            {
                Assert.Fail($"{Prefix(context)}P('{key}'): expected {e:R}, actual {a:R}; expected {{{Show(expected)}}}, actual {{{Show(actual)}}}");
            }
        }
    }

    private static string Show(IReadOnlyDictionary<string, double> d)
        => string.Join(", ", d.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"'{kv.Key}': {kv.Value:G6}"));

    private static int BitLength(int length) => Math.Max(1, System.Numerics.BitOperations.Log2((uint)Math.Max(1, length)));

    private static string Prefix(string? context) => string.IsNullOrEmpty(context) ? string.Empty : context + ": ";
}
