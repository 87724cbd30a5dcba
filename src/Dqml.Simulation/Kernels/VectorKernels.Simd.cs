using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

[assembly: InternalsVisibleTo("Dqml.Simulation.Tests")]

namespace Dqml.Simulation.Kernels;

/// <summary>
/// The operations the vectorised kernels need on one SIMD register of interleaved complex128 values
/// (re0, im0, re1, im1, ...). Implemented by zero-size structs so that the generic kernels are
/// specialised and inlined per width by the JIT: no virtual call survives.
/// </summary>
/// <typeparam name="TVec">The register type (Vector128/256/512 of double).</typeparam>
internal interface ISimd<TVec>
    where TVec : struct
{
    /// <summary>Complex numbers per register (1, 2 or 4).</summary>
    static abstract int Width { get; }

    /// <summary>log2 of <see cref="Width"/>.</summary>
    static abstract int Log2Width { get; }

    static abstract TVec Load(ref Complex p);

    static abstract void Store(ref Complex p, TVec v);

    static abstract TVec LoadDoubles(ref double p);

    /// <summary>All lanes x.</summary>
    static abstract TVec Create(double x);

    /// <summary>Lanes (-x, +x, -x, +x, ...): the imaginary factor of a complex multiply.</summary>
    static abstract TVec CreateAlt(double x);

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Mul(TVec a, TVec b);

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TVec Fma(TVec a, TVec b, TVec c);

    /// <summary>Swaps re and im of each complex.</summary>
    static abstract TVec Swap(TVec v);

    /// <summary>Complex j of the result is complex (j ^ s) of v; s is 1 or 2 and below <see cref="Width"/>.</summary>
    static abstract TVec Exchange(TVec v, int s);

    /// <summary>Sum of all lanes.</summary>
    static abstract double Sum(TVec v);
}

/// <summary>One complex per register (SSE2 / AdvSimd).</summary>
internal readonly struct Simd128 : ISimd<Vector128<double>>
{
    public static int Width => 1;

    public static int Log2Width => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref Complex p) => Vector128.LoadUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex p, Vector128<double> v) => v.StoreUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LoadDoubles(ref double p) => Vector128.LoadUnsafe(ref p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Create(double x) => Vector128.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> CreateAlt(double x) => Vector128.Create(-x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Mul(Vector128<double> a, Vector128<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Swap(Vector128<double> v) => Vector128.Shuffle(v, Vector128.Create(1L, 0L));

    // Width 1: no pair lies inside one register, the kernels never call these.
    public static Vector128<double> Exchange(Vector128<double> v, int s) => v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector128<double> v) => Vector128.Sum(v);
}

/// <summary>Two complexes per register (AVX2).</summary>
internal readonly struct Simd256 : ISimd<Vector256<double>>
{
    public static int Width => 2;

    public static int Log2Width => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref Complex p) => Vector256.LoadUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex p, Vector256<double> v) => v.StoreUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LoadDoubles(ref double p) => Vector256.LoadUnsafe(ref p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Create(double x) => Vector256.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> CreateAlt(double x) => Vector256.Create(-x, x, -x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Swap(Vector256<double> v)
        => Avx.IsSupported ? Avx.Permute(v, 0b0101) : Vector256.Shuffle(v, Vector256.Create(1L, 0L, 3L, 2L));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exchange(Vector256<double> v, int s)
        => Avx2.IsSupported ? Avx2.Permute4x64(v, 0x4E) : Vector256.Shuffle(v, Vector256.Create(2L, 3L, 0L, 1L));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector256<double> v) => Vector256.Sum(v);
}

/// <summary>Four complexes per register (AVX-512); a complex is one 128-bit lane.</summary>
internal readonly struct Simd512 : ISimd<Vector512<double>>
{
    public static int Width => 4;

    public static int Log2Width => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref Complex p) => Vector512.LoadUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex p, Vector512<double> v) => v.StoreUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> LoadDoubles(ref double p) => Vector512.LoadUnsafe(ref p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Create(double x) => Vector512.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> CreateAlt(double x) => Vector512.Create(-x, x, -x, x, -x, x, -x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Mul(Vector512<double> a, Vector512<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Swap(Vector512<double> v)
        => Avx512F.IsSupported ? Avx512F.Permute2x64(v, 0b0101_0101) : Vector512.Shuffle(v, Vector512.Create(1L, 0L, 3L, 2L, 5L, 4L, 7L, 6L));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exchange(Vector512<double> v, int s)
    {
        if (Avx512F.IsSupported)
        {
            return s == 1 ? Avx512F.Shuffle4x128(v, v, 0xB1) : Avx512F.Shuffle4x128(v, v, 0x4E);
        }

        return s == 1
            ? Vector512.Shuffle(v, Vector512.Create(2L, 3L, 0L, 1L, 6L, 7L, 4L, 5L))
            : Vector512.Shuffle(v, Vector512.Create(4L, 5L, 6L, 7L, 0L, 1L, 2L, 3L));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector512<double> v) => Vector512.Sum(v);
}
