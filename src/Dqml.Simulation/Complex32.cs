using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Dqml.Simulation;

/// <summary>
/// A single-precision complex number (complex64: two <see cref="float"/>s, real part first), the amplitude type
/// of <see cref="StateVectorSingle"/>. Laid out like half of a <see cref="Complex"/>, so an amplitude array is
/// interleaved (re0, im0, re1, im1, ...).
/// </summary>
/// <param name="Real">The real part.</param>
/// <param name="Imaginary">The imaginary part.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Complex32(float Real, float Imaginary)
{
    /// <summary>0.</summary>
    public static Complex32 Zero => default;

    /// <summary>1.</summary>
    public static Complex32 One => new(1, 0);

    /// <summary>|z|^2 (in double, so that sums over a state do not lose precision).</summary>
    public double MagnitudeSquared => ((double)Real * Real) + ((double)Imaginary * Imaginary);

    /// <summary>Rounds a complex128 to single precision.</summary>
    public static Complex32 FromComplex(Complex z) => new((float)z.Real, (float)z.Imaginary);

    /// <summary>Widens to complex128 (exact).</summary>
    public Complex ToComplex() => new(Real, Imaginary);

    /// <summary>Rounds a complex128 to single precision.</summary>
    public static explicit operator Complex32(Complex z) => FromComplex(z);

    /// <summary>Widens to complex128 (exact).</summary>
    public static implicit operator Complex(Complex32 z) => z.ToComplex();

    /// <summary>Sum.</summary>
    public static Complex32 operator +(Complex32 a, Complex32 b) => new(a.Real + b.Real, a.Imaginary + b.Imaginary);

    /// <summary>Difference.</summary>
    public static Complex32 operator -(Complex32 a, Complex32 b) => new(a.Real - b.Real, a.Imaginary - b.Imaginary);

    /// <summary>Product (single-precision arithmetic).</summary>
    public static Complex32 operator *(Complex32 a, Complex32 b)
        => new((a.Real * b.Real) - (a.Imaginary * b.Imaginary), (a.Real * b.Imaginary) + (a.Imaginary * b.Real));

    /// <summary>Sum (named alternative to the operator).</summary>
    public static Complex32 Add(Complex32 a, Complex32 b) => a + b;

    /// <summary>Difference (named alternative to the operator).</summary>
    public static Complex32 Subtract(Complex32 a, Complex32 b) => a - b;

    /// <summary>Product (named alternative to the operator).</summary>
    public static Complex32 Multiply(Complex32 a, Complex32 b) => a * b;

    /// <summary>"(re, im)" with invariant formatting.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Real}, {Imaginary})");
}
