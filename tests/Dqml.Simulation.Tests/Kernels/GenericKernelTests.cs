using System.Numerics;
using System.Runtime.Intrinsics;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation.Tests.Kernels;

/// <summary>
/// The generic dense / diagonal kernels (<see cref="GenericKernels"/>): the complex128 dense 1- to 4-qubit paths
/// (every width) against <see cref="ScalarKernels.DenseK"/>, and the complex64 paths against
/// <see cref="ScalarKernelsSingle"/>, on random states, random targets (low qubits inside a register included),
/// random matrices and random controls. Explicit widths run whether or not the hardware has them.
/// </summary>
public class GenericKernelTests
{
    private static readonly int[] Sizes = [1, 2, 3, 4, 5, 6, 8, 11];

    public static TheoryData<KernelPath> Paths => [KernelPath.V128, KernelPath.V256, KernelPath.V512, KernelPath.Dispatch];

    private static Complex RandomC(Random rng) => new((2 * rng.NextDouble()) - 1, (2 * rng.NextDouble()) - 1);

    private static Complex[] RandomState(Random rng, int n)
    {
        var a = new Complex[1 << n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = RandomC(rng) / Math.Sqrt(a.Length);
        }

        return a;
    }

    /// <summary>A random matrix: dense, real, a permutation (with phases) or sparse, by <paramref name="kind"/>.</summary>
    private static Complex[] RandomMatrix(Random rng, int d, int kind)
    {
        var m = new Complex[d * d];
        switch (kind % 4)
        {
            case 0:
                for (int i = 0; i < m.Length; i++)
                {
                    m[i] = RandomC(rng);
                }

                break;
            case 1:
                for (int i = 0; i < m.Length; i++)
                {
                    m[i] = RandomC(rng).Real;
                }

                break;
            case 2:
                var perm = Enumerable.Range(0, d).OrderBy(_ => rng.Next()).ToArray();
                for (int r = 0; r < d; r++)
                {
                    m[(r * d) + perm[r]] = rng.Next(2) == 0 ? Complex.One : RandomC(rng);
                }

                break;
            default:
                for (int i = 0; i < m.Length; i++)
                {
                    m[i] = rng.Next(3) == 0 ? RandomC(rng) : Complex.Zero;
                }

                break;
        }

        return m;
    }

    /// <summary>k distinct targets plus up to two controls (mask, value) on other qubits of n.</summary>
    private static (int[] Targets, int Cmask, int Cval, int[] SortedFixed) RandomLayout(Random rng, int n, int k)
    {
        var pool = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        var targets = pool[..k];
        int nc = Math.Min(rng.Next(3), n - k);
        int cmask = 0, cval = 0;
        foreach (int c in pool[k..(k + nc)])
        {
            cmask |= 1 << c;
            if (rng.Next(2) == 1)
            {
                cval |= 1 << c;
            }
        }

        var sortedFixed = pool[..(k + nc)].Order().ToArray();
        return (targets, cmask, cval, sortedFixed);
    }

    private static void AssertClose(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            var d = expected[i] - actual[i];
            if (Math.Abs(d.Real) > tol || Math.Abs(d.Imaginary) > tol)
            {
                Assert.Fail($"{what}: amplitude {i} expected {expected[i]} actual {actual[i]}");
            }
        }
    }

    private static void AssertClose(ReadOnlySpan<Complex32> expected, ReadOnlySpan<Complex32> actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double dr = expected[i].Real - actual[i].Real, di = expected[i].Imaginary - actual[i].Imaginary;
            if (Math.Abs(dr) > tol || Math.Abs(di) > tol)
            {
                Assert.Fail($"{what}: amplitude {i} expected {expected[i]} actual {actual[i]}");
            }
        }
    }

    private static int WidthDouble(KernelPath p) => p switch { KernelPath.V256 => 2, KernelPath.V512 => 4, _ => 1 };

    private static int WidthSingle(KernelPath p) => p switch { KernelPath.V128 => 2, KernelPath.V256 => 4, KernelPath.V512 => 8, _ => 1 };

    [Theory]
    [MemberData(nameof(Paths))]
    public void DenseDouble_OneToFourQubits_MatchScalar(KernelPath path)
    {
        var rng = new Random(41);
        foreach (int n in Sizes)
        {
            if ((1 << n) < WidthDouble(path))
            {
                continue;
            }

            for (int k = 1; k <= Math.Min(4, n); k++)
            {
                for (int round = 0; round < 12; round++)
                {
                    var (targets, cmask, cval, sortedFixed) = RandomLayout(rng, n, k);
                    var m = RandomMatrix(rng, 1 << k, round);
                    var offsets = new int[1 << k];
                    BitIndex.Offsets(targets, offsets);
                    var a = RandomState(rng, n);
                    var expected = (Complex[])a.Clone();
                    ScalarKernels.DenseK(expected, m, offsets, cval, sortedFixed);
                    switch (path)
                    {
                        case KernelPath.V128:
                            GenericKernels.Dense<D128, Complex, Vector128<double>>(a, m, targets, cmask, cval);
                            break;
                        case KernelPath.V256:
                            GenericKernels.Dense<D256, Complex, Vector256<double>>(a, m, targets, cmask, cval);
                            break;
                        case KernelPath.V512:
                            GenericKernels.Dense<D512, Complex, Vector512<double>>(a, m, targets, cmask, cval);
                            break;
                        default:
                            StateVectorKernels.DenseK(a, m, offsets, cval, sortedFixed);
                            break;
                    }

                    AssertClose(expected, a, 1e-12, $"{path} n={n} targets=[{string.Join(",", targets)}] cmask={cmask} cval={cval} kind={round % 4}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void DenseSingle_OneToFourQubits_MatchScalar(KernelPath path)
    {
        var rng = new Random(42);
        foreach (int n in Sizes)
        {
            if ((1 << n) < WidthSingle(path))
            {
                continue;
            }

            for (int k = 1; k <= Math.Min(4, n); k++)
            {
                for (int round = 0; round < 12; round++)
                {
                    var (targets, cmask, cval, _) = RandomLayout(rng, n, k);
                    var m = RandomMatrix(rng, 1 << k, round);
                    var a = RandomState(rng, n).Select(Complex32.FromComplex).ToArray();
                    var expected = (Complex32[])a.Clone();
                    ScalarKernelsSingle.Dense(expected, m, targets, cmask, cval);
                    switch (path)
                    {
                        case KernelPath.V128:
                            GenericKernels.Dense<F128, Complex32, Vector128<float>>(a, m, targets, cmask, cval);
                            break;
                        case KernelPath.V256:
                            GenericKernels.Dense<F256, Complex32, Vector256<float>>(a, m, targets, cmask, cval);
                            break;
                        case KernelPath.V512:
                            GenericKernels.Dense<F512, Complex32, Vector512<float>>(a, m, targets, cmask, cval);
                            break;
                        default:
                            StateVectorKernelsSingle.Dense(a, m, targets, cmask, cval);
                            break;
                    }

                    // Entries up to sqrt(2) in modulus, sums of up to 16 products: a few float ulps of the amplitudes' size.
                    AssertClose(expected, a, 2e-6, $"{path} n={n} targets=[{string.Join(",", targets)}] cmask={cmask} cval={cval} kind={round % 4}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void DiagonalSingle_OneToSixQubits_MatchScalar(KernelPath path)
    {
        var rng = new Random(43);
        foreach (int n in Sizes)
        {
            if ((1 << n) < WidthSingle(path))
            {
                continue;
            }

            for (int k = 1; k <= Math.Min(6, n); k++)
            {
                for (int round = 0; round < 8; round++)
                {
                    var (targets, cmask, cval, _) = RandomLayout(rng, n, k);
                    var diag = new Complex[1 << k];
                    for (int j = 0; j < diag.Length; j++)
                    {
                        // Some unit entries (CZ, CP-like), some real, most complex.
                        diag[j] = (round % 3) switch
                        {
                            0 => rng.Next(2) == 0 ? Complex.One : RandomC(rng),
                            1 => RandomC(rng).Real,
                            _ => RandomC(rng),
                        };
                    }

                    if (round == 7)
                    {
                        // A single non-unit entry (CZ / CCZ-like): one block only.
                        Array.Fill(diag, Complex.One);
                        diag[^1] = -1;
                    }

                    var a = RandomState(rng, n).Select(Complex32.FromComplex).ToArray();
                    var expected = (Complex32[])a.Clone();
                    ScalarKernelsSingle.Diagonal(expected, diag, targets, cmask, cval);
                    switch (path)
                    {
                        case KernelPath.V128:
                            GenericKernels.Diagonal<F128, Complex32, Vector128<float>>(a, diag, targets, cmask, cval);
                            break;
                        case KernelPath.V256:
                            GenericKernels.Diagonal<F256, Complex32, Vector256<float>>(a, diag, targets, cmask, cval);
                            break;
                        case KernelPath.V512:
                            GenericKernels.Diagonal<F512, Complex32, Vector512<float>>(a, diag, targets, cmask, cval);
                            break;
                        default:
                            StateVectorKernelsSingle.Diagonal(a, diag, targets, cmask, cval);
                            break;
                    }

                    AssertClose(expected, a, 1e-6, $"{path} n={n} targets=[{string.Join(",", targets)}] cmask={cmask} cval={cval}");
                }
            }
        }
    }

    [Fact]
    public void CompiledGate_CachedTables_BitIdenticalToFirstApplication()
    {
        // The first application builds the kernel tables on the stack, later ones reuse cached tables: same bits.
        var rng = new Random(45);
        foreach (int n in new[] { 6, 9, 12 })
        {
            var gates = new List<CompiledGate>();
            for (int k = 1; k <= 4; k++)
            {
                for (int round = 0; round < 8; round++)
                {
                    var (targets, _, _, _) = RandomLayout(rng, n, k);
                    gates.Add(CompiledGate.FromMatrix(RandomMatrix(rng, 1 << k, round), targets));
                }
            }

            var q = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
            gates.Add(CompiledGate.Compile(Dqml.Circuits.Gates.StandardGates.RX, [0.3], q.AsSpan(0, 1), q.AsSpan(1, 2), [true, false]));
            gates.Add(CompiledGate.Compile(Dqml.Circuits.Gates.StandardGates.RZ, [0.3], q.AsSpan(0, 1), q.AsSpan(1, 1), [true]));
            gates.Add(CompiledGate.Compile(Dqml.Circuits.Gates.StandardGates.CP, [0.7], q.AsSpan(0, 2)));
            gates.Add(CompiledGate.Compile(Dqml.Circuits.Gates.StandardGates.Swap, [], q.AsSpan(0, 2), q.AsSpan(2, 1), [true]));
            gates.Add(CompiledGate.Compile(Dqml.Circuits.Gates.StandardGates.RXX, [0.7], q.AsSpan(0, 2), q.AsSpan(2, 2), [true, true]));
            foreach (var gate in gates)
            {
                var a = RandomState(rng, n);
                var s = a.Select(Complex32.FromComplex).ToArray();
                var first = (Complex[])a.Clone();
                var firstS = (Complex32[])s.Clone();
                gate.Apply(first.AsSpan());
                gate.Apply(firstS.AsSpan());
                for (int again = 0; again < 2; again++)
                {
                    var b = (Complex[])a.Clone();
                    var bs = (Complex32[])s.Clone();
                    gate.Apply(b.AsSpan());
                    gate.Apply(bs.AsSpan());
                    Assert.True(first.AsSpan().SequenceEqual(b), $"double {gate.Kind} n={n}");
                    Assert.True(firstS.AsSpan().SequenceEqual(bs), $"single {gate.Kind} n={n}");
                }
            }
        }
    }

    [Fact]
    public void NormSquaredSingle_MatchesScalar()
    {
        var rng = new Random(44);
        foreach (int n in Sizes)
        {
            var a = RandomState(rng, n).Select(Complex32.FromComplex).ToArray();
            Assert.Equal(ScalarKernelsSingle.NormSquared(a), StateVectorKernelsSingle.NormSquared(a), 1e-12);
        }
    }

    [Fact]
    public void Single_BadShapes_Throw()
    {
        var a = new Complex32[8];
        Assert.Throws<ArgumentException>(() => StateVectorKernelsSingle.Dense(new Complex32[6], new Complex[4], [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => StateVectorKernelsSingle.Dense(a, new Complex[4], [3]));
        Assert.Throws<ArgumentException>(() => StateVectorKernelsSingle.Dense(a, new Complex[16], [1, 1]));
        Assert.Throws<ArgumentException>(() => StateVectorKernelsSingle.Dense(a, new Complex[8], [1]));
        Assert.Throws<ArgumentException>(() => StateVectorKernelsSingle.Dense(a, new Complex[4], [1], cmask: 2, cval: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => StateVectorKernelsSingle.Diagonal(a, new Complex[2], [5]));
    }
}
