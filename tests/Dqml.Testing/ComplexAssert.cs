using System.Globalization;
using System.Numerics;
using Xunit;

namespace Dqml.Testing;

/// <summary>Assertions on complex numbers, vectors and matrices.</summary>
public static class ComplexAssert
{
    /// <summary>|expected - actual| &lt;= tolerance.</summary>
    public static void Equal(Complex expected, Complex actual, double tolerance = Tolerance.Default, string? context = null)
    {
        double diff = (expected - actual).Magnitude;
        if (!(diff <= tolerance))
        {
            Assert.Fail($"{Prefix(context)}expected {Format(expected)}, actual {Format(actual)} (|diff| = {diff:G3} > {tolerance:G3})");
        }
    }

    /// <summary>Element-wise equality of two vectors (or row-major matrices) within a tolerance.</summary>
    public static void AllClose(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, double tolerance = Tolerance.Default, string? context = null)
    {
        if (expected.Length != actual.Length)
        {
            Assert.Fail($"{Prefix(context)}length differs: expected {expected.Length}, actual {actual.Length}");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double diff = (expected[i] - actual[i]).Magnitude;
            if (!(diff <= tolerance))
            {
                Assert.Fail($"{Prefix(context)}entry {i}: expected {Format(expected[i])}, actual {Format(actual[i])} (|diff| = {diff:G3} > {tolerance:G3})");
            }
        }
    }

    /// <summary>Equality of two row-major square matrices, reporting (row, column) of the first mismatch.</summary>
    public static void MatrixEqual(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, double tolerance = Tolerance.Default, string? context = null)
    {
        if (expected.Length != actual.Length)
        {
            Assert.Fail($"{Prefix(context)}size differs: expected {expected.Length} entries, actual {actual.Length}");
        }

        int d = (int)Math.Round(Math.Sqrt(expected.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = (expected[i] - actual[i]).Magnitude;
            if (!(diff <= tolerance))
            {
                Assert.Fail($"{Prefix(context)}entry ({i / d}, {i % d}): expected {Format(expected[i])}, actual {Format(actual[i])} (|diff| = {diff:G3} > {tolerance:G3})");
            }
        }
    }

    /// <summary>Equality of two 2-D matrices.</summary>
    public static void MatrixEqual(Complex[,] expected, Complex[,] actual, double tolerance = Tolerance.Default, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.GetLength(0) != actual.GetLength(0) || expected.GetLength(1) != actual.GetLength(1))
        {
            Assert.Fail($"{Prefix(context)}shape differs: expected {expected.GetLength(0)}x{expected.GetLength(1)}, actual {actual.GetLength(0)}x{actual.GetLength(1)}");
        }

        for (int i = 0; i < expected.GetLength(0); i++)
        {
            for (int j = 0; j < expected.GetLength(1); j++)
            {
                double diff = (expected[i, j] - actual[i, j]).Magnitude;
                if (!(diff <= tolerance))
                {
                    Assert.Fail($"{Prefix(context)}entry ({i}, {j}): expected {Format(expected[i, j])}, actual {Format(actual[i, j])} (|diff| = {diff:G3} > {tolerance:G3})");
                }
            }
        }
    }

    /// <summary>actual = e^{i phi} expected for some global phase phi (vectors or row-major matrices).</summary>
    public static void EqualUpToGlobalPhase(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, double tolerance = Tolerance.Default, string? context = null)
    {
        if (expected.Length != actual.Length)
        {
            Assert.Fail($"{Prefix(context)}length differs: expected {expected.Length}, actual {actual.Length}");
        }

        int best = 0;
        for (int i = 1; i < expected.Length; i++)
        {
            if (expected[i].Magnitude > expected[best].Magnitude)
            {
                best = i;
            }
        }

        Complex phase = Complex.One;
        if (expected[best].Magnitude > 0 && actual[best].Magnitude > 0)
        {
            phase = actual[best] / expected[best];
            phase /= phase.Magnitude;
        }

        var rotated = new Complex[expected.Length];
        for (int i = 0; i < rotated.Length; i++)
        {
            rotated[i] = expected[i] * phase;
        }

        AllClose(rotated, actual, tolerance, $"{context} (up to global phase {Format(phase)})");
    }

    /// <summary>Element-wise |expected| = |actual|.</summary>
    public static void MagnitudesEqual(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, double tolerance = Tolerance.Default, string? context = null)
    {
        if (expected.Length != actual.Length)
        {
            Assert.Fail($"{Prefix(context)}length differs: expected {expected.Length}, actual {actual.Length}");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs(expected[i].Magnitude - actual[i].Magnitude);
            if (!(diff <= tolerance))
            {
                Assert.Fail($"{Prefix(context)}entry {i}: |expected| = {expected[i].Magnitude:R}, |actual| = {actual[i].Magnitude:R}");
            }
        }
    }

    /// <summary>Asserts that a row-major d x d matrix is unitary.</summary>
    public static void Unitary(ReadOnlySpan<Complex> rowMajor, double tolerance = Tolerance.Default, string? context = null)
    {
        double dev = DenseMatrix.UnitarityDeviation(DenseMatrix.FromRowMajor(rowMajor));
        if (!(dev <= tolerance))
        {
            Assert.Fail($"{Prefix(context)}matrix is not unitary: max |U U^dagger - I| = {dev:G3}");
        }
    }

    /// <summary>Formats a complex number compactly and invariantly.</summary>
    public static string Format(Complex z)
        => string.Create(CultureInfo.InvariantCulture, $"({z.Real:G10}{(z.Imaginary < 0 ? "-" : "+")}{Math.Abs(z.Imaginary):G10}i)");

    private static string Prefix(string? context) => string.IsNullOrEmpty(context) ? string.Empty : context + ": ";
}
