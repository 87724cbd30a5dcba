using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dqml.Simulation.Kernels;

/// <summary>
/// The operations the generic dense and diagonal kernels (<see cref="GenericKernels"/>) need on one SIMD register
/// of interleaved complex numbers of element type <typeparamref name="TC"/> (<see cref="Complex"/> or
/// <see cref="Complex32"/>). Implemented by zero-size structs so that every kernel is specialised per precision and
/// width by the JIT.
/// </summary>
/// <typeparam name="TC">The complex element type.</typeparam>
/// <typeparam name="TVec">The register type.</typeparam>
internal interface IComplexSimd<TC, TVec>
    where TC : unmanaged
    where TVec : unmanaged
{
    /// <summary>Complex numbers per register.</summary>
    static abstract int Width { get; }

    /// <summary>log2 of <see cref="Width"/>.</summary>
    static abstract int Log2Width { get; }

    static abstract TVec Load(ref TC p);

    static abstract void Store(ref TC p, TVec v);

    static abstract TVec Zero { get; }

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Mul(TVec a, TVec b);

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TVec Fma(TVec a, TVec b, TVec c);

    /// <summary>Swaps re and im of each complex.</summary>
    static abstract TVec Swap(TVec v);

    /// <summary>The register whose complex p is complex p ^ x of <paramref name="v"/>; <paramref name="index"/> from <see cref="XorIndex"/>(x).</summary>
    static abstract TVec PermuteXor(TVec v, TVec index);

    /// <summary>The permutation control of <see cref="PermuteXor"/> for complex positions p -&gt; p ^ <paramref name="x"/> (x below <see cref="Width"/>).</summary>
    static abstract TVec XorIndex(int x);

    /// <summary>A register from 2 <see cref="Width"/> lanes (re0, im0, re1, ...), rounded to the element precision.</summary>
    static abstract TVec FromLanes(ReadOnlySpan<double> lanes);

    /// <summary>Every lane <paramref name="x"/> (rounded to the element precision).</summary>
    static abstract TVec Splat(double x);

    /// <summary>Lanes (x, -x, x, -x, ...) (rounded to the element precision).</summary>
    static abstract TVec SplatAlt(double x);
}

/// <summary>Four complex128 per register (AVX-512).</summary>
internal readonly struct D512 : IComplexSimd<Complex, Vector512<double>>
{
    public static int Width => 4;

    public static int Log2Width => 2;

    public static Vector512<double> Zero => Vector512<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref Complex p) => Vector512.LoadUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex p, Vector512<double> v) => v.StoreUnsafe(ref Unsafe.As<Complex, double>(ref p));

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
    public static Vector512<double> PermuteXor(Vector512<double> v, Vector512<double> index)
        => Avx512F.IsSupported ? Avx512F.PermuteVar8x64(v, index.AsInt64()) : Vector512.Shuffle(v, index.AsInt64());

    public static Vector512<double> XorIndex(int x)
    {
        Span<long> l = stackalloc long[8];
        for (int i = 0; i < 8; i++)
        {
            l[i] = i ^ (2 * x);
        }

        return Vector512.Create<long>(l).AsDouble();
    }

    public static Vector512<double> FromLanes(ReadOnlySpan<double> lanes) => Vector512.Create(lanes);

    public static Vector512<double> Splat(double x) => Vector512.Create(x);

    public static Vector512<double> SplatAlt(double x) => Vector512.Create(x, -x, x, -x, x, -x, x, -x);
}

/// <summary>Two complex128 per register (AVX2).</summary>
internal readonly struct D256 : IComplexSimd<Complex, Vector256<double>>
{
    public static int Width => 2;

    public static int Log2Width => 1;

    public static Vector256<double> Zero => Vector256<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref Complex p) => Vector256.LoadUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex p, Vector256<double> v) => v.StoreUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Swap(Vector256<double> v)
        => Avx.IsSupported ? Avx.Permute(v, 0b0101) : Vector256.Shuffle(v, Vector256.Create(1L, 0L, 3L, 2L));

    /// <summary>Only x = 1 exists at this width: exchange the two 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> PermuteXor(Vector256<double> v, Vector256<double> index)
        => Avx2.IsSupported ? Avx2.Permute4x64(v, 0x4E) : Vector256.Shuffle(v, Vector256.Create(2L, 3L, 0L, 1L));

    public static Vector256<double> XorIndex(int x) => Vector256<double>.Zero;

    public static Vector256<double> FromLanes(ReadOnlySpan<double> lanes) => Vector256.Create(lanes);

    public static Vector256<double> Splat(double x) => Vector256.Create(x);

    public static Vector256<double> SplatAlt(double x) => Vector256.Create(x, -x, x, -x);
}

/// <summary>One complex128 per register (SSE2 / AdvSimd); no complex shares a register with another.</summary>
internal readonly struct D128 : IComplexSimd<Complex, Vector128<double>>
{
    public static int Width => 1;

    public static int Log2Width => 0;

    public static Vector128<double> Zero => Vector128<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref Complex p) => Vector128.LoadUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex p, Vector128<double> v) => v.StoreUnsafe(ref Unsafe.As<Complex, double>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Mul(Vector128<double> a, Vector128<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Swap(Vector128<double> v) => Vector128.Shuffle(v, Vector128.Create(1L, 0L));

    public static Vector128<double> PermuteXor(Vector128<double> v, Vector128<double> index) => v;

    public static Vector128<double> XorIndex(int x) => Vector128<double>.Zero;

    public static Vector128<double> FromLanes(ReadOnlySpan<double> lanes) => Vector128.Create(lanes);

    public static Vector128<double> Splat(double x) => Vector128.Create(x);

    public static Vector128<double> SplatAlt(double x) => Vector128.Create(x, -x);
}

/// <summary>Eight complex64 per register (AVX-512).</summary>
internal readonly struct F512 : IComplexSimd<Complex32, Vector512<float>>
{
    public static int Width => 8;

    public static int Log2Width => 3;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref Complex32 p) => Vector512.LoadUnsafe(ref Unsafe.As<Complex32, float>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex32 p, Vector512<float> v) => v.StoreUnsafe(ref Unsafe.As<Complex32, float>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Mul(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Swap(Vector512<float> v)
        => Avx512F.IsSupported ? Avx512F.Permute4x32(v, 0b1011_0001) : Vector512.Shuffle(v, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> PermuteXor(Vector512<float> v, Vector512<float> index)
        => Avx512F.IsSupported ? Avx512F.PermuteVar16x32(v, index.AsInt32()) : Vector512.Shuffle(v, index.AsInt32());

    public static Vector512<float> XorIndex(int x)
    {
        Span<int> l = stackalloc int[16];
        for (int i = 0; i < 16; i++)
        {
            l[i] = i ^ (2 * x);
        }

        return Vector512.Create<int>(l).AsSingle();
    }

    public static Vector512<float> FromLanes(ReadOnlySpan<double> lanes)
    {
        Span<float> f = stackalloc float[16];
        for (int i = 0; i < 16; i++)
        {
            f[i] = (float)lanes[i];
        }

        return Vector512.Create<float>(f);
    }

    public static Vector512<float> Splat(double x) => Vector512.Create((float)x);

    public static Vector512<float> SplatAlt(double x) => Vector512.Create((float)x, (float)-x, (float)x, (float)-x, (float)x, (float)-x, (float)x, (float)-x, (float)x, (float)-x, (float)x, (float)-x, (float)x, (float)-x, (float)x, (float)-x);
}

/// <summary>Four complex64 per register (AVX2).</summary>
internal readonly struct F256 : IComplexSimd<Complex32, Vector256<float>>
{
    public static int Width => 4;

    public static int Log2Width => 2;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref Complex32 p) => Vector256.LoadUnsafe(ref Unsafe.As<Complex32, float>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex32 p, Vector256<float> v) => v.StoreUnsafe(ref Unsafe.As<Complex32, float>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Swap(Vector256<float> v)
        => Avx.IsSupported ? Avx.Permute(v, 0b1011_0001) : Vector256.Shuffle(v, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> PermuteXor(Vector256<float> v, Vector256<float> index)
        => Avx2.IsSupported ? Avx2.PermuteVar8x32(v, index.AsInt32()) : Vector256.Shuffle(v, index.AsInt32());

    public static Vector256<float> XorIndex(int x)
    {
        Span<int> l = stackalloc int[8];
        for (int i = 0; i < 8; i++)
        {
            l[i] = i ^ (2 * x);
        }

        return Vector256.Create<int>(l).AsSingle();
    }

    public static Vector256<float> FromLanes(ReadOnlySpan<double> lanes)
    {
        Span<float> f = stackalloc float[8];
        for (int i = 0; i < 8; i++)
        {
            f[i] = (float)lanes[i];
        }

        return Vector256.Create<float>(f);
    }

    public static Vector256<float> Splat(double x) => Vector256.Create((float)x);

    public static Vector256<float> SplatAlt(double x) => Vector256.Create((float)x, (float)-x, (float)x, (float)-x, (float)x, (float)-x, (float)x, (float)-x);
}

/// <summary>Two complex64 per register (SSE / AdvSimd).</summary>
internal readonly struct F128 : IComplexSimd<Complex32, Vector128<float>>
{
    public static int Width => 2;

    public static int Log2Width => 1;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref Complex32 p) => Vector128.LoadUnsafe(ref Unsafe.As<Complex32, float>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref Complex32 p, Vector128<float> v) => v.StoreUnsafe(ref Unsafe.As<Complex32, float>(ref p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Mul(Vector128<float> a, Vector128<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fma(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Swap(Vector128<float> v)
        => Sse.IsSupported ? Sse.Shuffle(v, v, 0b1011_0001) : Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2));

    /// <summary>Only x = 1 exists at this width: exchange the two 64-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> PermuteXor(Vector128<float> v, Vector128<float> index)
        => Sse.IsSupported ? Sse.Shuffle(v, v, 0b0100_1110) : Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));

    public static Vector128<float> XorIndex(int x) => Vector128<float>.Zero;

    public static Vector128<float> FromLanes(ReadOnlySpan<double> lanes)
        => Vector128.Create((float)lanes[0], (float)lanes[1], (float)lanes[2], (float)lanes[3]);

    public static Vector128<float> Splat(double x) => Vector128.Create((float)x);

    public static Vector128<float> SplatAlt(double x) => Vector128.Create((float)x, (float)-x, (float)x, (float)-x);
}
