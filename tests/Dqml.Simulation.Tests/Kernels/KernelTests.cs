using System.Numerics;
using System.Runtime.Intrinsics;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation.Tests.Kernels;

/// <summary>Which implementation a test drives: one SIMD width explicitly, or the public dispatcher.</summary>
public enum KernelPath
{
    V128,
    V256,
    V512,
    Dispatch,
}

/// <summary>
/// Every vectorised kernel path against <see cref="ScalarKernels"/> on random states, every target qubit,
/// random matrices and random controls (values 0 and 1), n in {1, 2, 3, 5, 8, 11}. The explicit-width paths
/// run whether or not the hardware accelerates them (the runtime emulates a missing width).
/// </summary>
public class KernelTests
{
    private const double Tol = 1e-12;
    private static readonly int[] Sizes = [1, 2, 3, 5, 8, 11];

    public static TheoryData<KernelPath> Paths => [KernelPath.V128, KernelPath.V256, KernelPath.V512, KernelPath.Dispatch];

    private static int Width(KernelPath p) => p switch
    {
        KernelPath.V128 => 1,
        KernelPath.V256 => 2,
        KernelPath.V512 => 4,
        _ => 1,
    };

    private static Complex[] RandomState(Random rng, int n)
    {
        var a = new Complex[1 << n];
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
            s += (a[i].Real * a[i].Real) + (a[i].Imaginary * a[i].Imaginary);
        }

        for (int i = 0; i < a.Length; i++)
        {
            a[i] /= Math.Sqrt(s);
        }

        return a;
    }

    private static Complex RandomC(Random rng) => new((2 * rng.NextDouble()) - 1, (2 * rng.NextDouble()) - 1);

    private static Complex[] RandomMatrix(Random rng, int d)
    {
        var m = new Complex[d * d];
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = RandomC(rng);
        }

        return m;
    }

    private static void AssertClose(Complex[] expected, Complex[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            var d = expected[i] - actual[i];
            if (Math.Abs(d.Real) > Tol || Math.Abs(d.Imaginary) > Tol)
            {
                Assert.Fail($"{what}: amplitude {i} expected {expected[i]} actual {actual[i]}");
            }
        }
    }

    /// <summary>Distinct random qubits out of n, excluding those in <paramref name="used"/>.</summary>
    private static int[] Pick(Random rng, int n, int count, params int[] used)
    {
        var pool = Enumerable.Range(0, n).Where(x => !used.Contains(x)).OrderBy(_ => rng.Next()).Take(count).ToArray();
        return pool;
    }

    private static void Controlled1(KernelPath p, Complex[] a, int q, int cval, int[] sortedFixed, Complex[] m)
    {
        switch (p)
        {
            case KernelPath.V128:
                VectorKernels.Controlled1<Simd128, Vector128<double>>(a, q, cval, sortedFixed, m[0], m[1], m[2], m[3]);
                break;
            case KernelPath.V256:
                VectorKernels.Controlled1<Simd256, Vector256<double>>(a, q, cval, sortedFixed, m[0], m[1], m[2], m[3]);
                break;
            case KernelPath.V512:
                VectorKernels.Controlled1<Simd512, Vector512<double>>(a, q, cval, sortedFixed, m[0], m[1], m[2], m[3]);
                break;
            default:
                StateVectorKernels.Controlled1(a, q, cval, sortedFixed, m[0], m[1], m[2], m[3]);
                break;
        }
    }

    private static void DiagonalK(KernelPath p, Complex[] a, Complex[] diag, int[] qubits, int cmask, int cval)
    {
        switch (p)
        {
            case KernelPath.V128:
                VectorKernels.DiagonalK<Simd128, Vector128<double>>(a, diag, qubits, cmask, cval);
                break;
            case KernelPath.V256:
                VectorKernels.DiagonalK<Simd256, Vector256<double>>(a, diag, qubits, cmask, cval);
                break;
            case KernelPath.V512:
                VectorKernels.DiagonalK<Simd512, Vector512<double>>(a, diag, qubits, cmask, cval);
                break;
            default:
                StateVectorKernels.DiagonalK(a, diag, qubits, cmask, cval);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Apply1_RandomMatrices_MatchScalar(KernelPath path)
    {
        var rng = new Random(11);
        foreach (int n in Sizes)
        {
            if ((1 << n) < Width(path))
            {
                continue;
            }

            for (int round = 0; round < 2 * n; round++)
            {
                // Odd rounds: a real matrix (H, RY), which has its own fast path.
                var m = RandomMatrix(rng, 2);
                if (round % 2 == 1)
                {
                    for (int e = 0; e < 4; e++)
                    {
                        m[e] = m[e].Real;
                    }
                }

                var a = RandomState(rng, n);
                int t = round / 2;
                var expected = (Complex[])a.Clone();
                ScalarKernels.Apply1(expected, t, m[0], m[1], m[2], m[3]);
                if (path == KernelPath.Dispatch)
                {
                    StateVectorKernels.Apply1(a, t, m[0], m[1], m[2], m[3]);
                }
                else
                {
                    Controlled1(path, a, t, 0, [t], m);
                }

                AssertClose(expected, a, $"{path} n={n} q={t} real={round % 2}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Diagonal1_AndAntiDiagonal1_MatchScalar(KernelPath path)
    {
        var rng = new Random(12);
        foreach (int n in Sizes)
        {
            if ((1 << n) < Width(path))
            {
                continue;
            }

            for (int q = 0; q < n; q++)
            {
                foreach (bool skip0 in new[] { false, true })
                {
                    Complex d0 = skip0 ? Complex.One : RandomC(rng), d1 = RandomC(rng);
                    if (rng.Next(3) == 0)
                    {
                        (d0, d1) = (d0.Real, d1.Real); // Z-like: the multiply-only path
                    }

                    var a = RandomState(rng, n);
                    var b = (Complex[])a.Clone();
                    var expected = (Complex[])a.Clone();
                    ScalarKernels.Diagonal1(expected, q, d0, d1);
                    switch (path)
                    {
                        case KernelPath.V128:
                            VectorKernels.Diagonal1<Simd128, Vector128<double>>(a, q, d0, d1);
                            break;
                        case KernelPath.V256:
                            VectorKernels.Diagonal1<Simd256, Vector256<double>>(a, q, d0, d1);
                            break;
                        case KernelPath.V512:
                            VectorKernels.Diagonal1<Simd512, Vector512<double>>(a, q, d0, d1);
                            break;
                        default:
                            StateVectorKernels.Diagonal1(a, q, d0, d1);
                            break;
                    }

                    DiagonalK(path, b, [d0, d1], [q], 0, 0);
                    AssertClose(expected, a, $"diag1 {path} n={n} q={q}");
                    AssertClose(expected, b, $"diagK {path} n={n} q={q}");
                }

                foreach (var (m01, m10) in new[] { (Complex.One, Complex.One), (-Complex.ImaginaryOne, Complex.ImaginaryOne), (RandomC(rng), RandomC(rng)) })
                {
                    var a = RandomState(rng, n);
                    var expected = (Complex[])a.Clone();
                    ScalarKernels.AntiDiagonal1(expected, q, m01, m10);
                    if (path == KernelPath.Dispatch)
                    {
                        StateVectorKernels.AntiDiagonal1(a, q, m01, m10);
                    }
                    else
                    {
                        Controlled1(path, a, q, 0, [q], [Complex.Zero, m01, m10, Complex.Zero]);
                    }

                    AssertClose(expected, a, $"anti {path} n={n} q={q} m01={m01}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Controlled1_RandomControls_MatchScalar(KernelPath path)
    {
        var rng = new Random(13);
        Complex[] x = [0, 1, 1, 0];
        foreach (int n in Sizes)
        {
            if (n < 2 || (1 << n) < Width(path))
            {
                continue;
            }

            for (int q = 0; q < n; q++)
            {
                for (int rep = 0; rep < 6; rep++)
                {
                    int nc = 1 + rng.Next(Math.Min(3, n - 1));
                    var controls = Pick(rng, n, nc, q);
                    int cval = 0;
                    foreach (int c in controls)
                    {
                        cval |= rng.Next(2) << c;
                    }

                    int[] sortedFixed = [.. controls, q];
                    Array.Sort(sortedFixed);
                    var m = rep % 2 == 0 ? x : RandomMatrix(rng, 2);
                    if (rep % 3 == 1)
                    {
                        m = [m[0].Real, m[1].Real, m[2].Real, m[3].Real];
                    }

                    var a = RandomState(rng, n);
                    var expected = (Complex[])a.Clone();
                    ScalarKernels.Controlled1(expected, q, cval, sortedFixed, m[0], m[1], m[2], m[3]);
                    Controlled1(path, a, q, cval, sortedFixed, m);
                    AssertClose(expected, a, $"{path} n={n} q={q} controls=[{string.Join(",", controls)}] cval={cval}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void DiagonalK_RandomQubitsAndControls_MatchScalar(KernelPath path)
    {
        var rng = new Random(14);
        foreach (int n in Sizes)
        {
            if ((1 << n) < Width(path))
            {
                continue;
            }

            for (int rep = 0; rep < 40; rep++)
            {
                int k = 1 + rng.Next(Math.Min(n, 7));
                var qubits = Pick(rng, n, k);
                var controls = Pick(rng, n, rng.Next(Math.Min(3, n - k) + 1), qubits);
                int cmask = 0, cval = 0;
                foreach (int c in controls)
                {
                    cmask |= 1 << c;
                    cval |= rng.Next(2) << c;
                }

                var diag = new Complex[1 << k];
                for (int i = 0; i < diag.Length; i++)
                {
                    // Mostly ones (CZ / CP-like), sometimes dense (RZZ-like).
                    diag[i] = rep % 3 == 0 || rng.Next(4) == 0 ? RandomC(rng) : Complex.One;
                    if (rep % 5 == 1)
                    {
                        diag[i] = diag[i].Real; // real diagonals (Z, CZ, RZZ at pi) take the multiply-only path
                    }
                }

                var a = RandomState(rng, n);
                var expected = (Complex[])a.Clone();
                ScalarKernels.DiagonalK(expected, diag, qubits, cmask, cval);
                DiagonalK(path, a, diag, qubits, cmask, cval);
                AssertClose(expected, a, $"{path} n={n} qubits=[{string.Join(",", qubits)}] cmask={cmask} cval={cval}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Dense2_AllQubitPairs_MatchScalar(KernelPath path)
    {
        var rng = new Random(15);
        foreach (int n in Sizes)
        {
            if (n < 2)
            {
                continue;
            }

            for (int q0 = 0; q0 < n; q0++)
            {
                for (int q1 = 0; q1 < n; q1++)
                {
                    // The 512-bit kernel also takes both qubits inside one register (qubits 0 and 1, either order).
                    if (q0 == q1)
                    {
                        continue;
                    }

                    var m = RandomMatrix(rng, 4);
                    var a = RandomState(rng, n);
                    var expected = (Complex[])a.Clone();
                    ScalarKernels.Dense2(expected, q0, q1, m);
                    switch (path)
                    {
                        case KernelPath.V128:
                            VectorKernels.Dense2<Simd128, Vector128<double>>(a, q0, q1, m);
                            break;
                        case KernelPath.V256:
                            VectorKernels.Dense2<Simd256, Vector256<double>>(a, q0, q1, m);
                            break;
                        case KernelPath.V512:
                            VectorKernels.Dense2<Simd512, Vector512<double>>(a, q0, q1, m);
                            break;
                        default:
                            StateVectorKernels.Dense2(a, q0, q1, m);
                            break;
                    }

                    AssertClose(expected, a, $"{path} n={n} q0={q0} q1={q1}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Swap_RandomControls_MatchScalar(KernelPath path)
    {
        var rng = new Random(16);
        foreach (int n in Sizes)
        {
            if (n < 2)
            {
                continue;
            }

            for (int rep = 0; rep < 30; rep++)
            {
                var pq = Pick(rng, n, 2);
                var controls = Pick(rng, n, rng.Next(Math.Min(2, n - 2) + 1), pq);
                int cval = 0;
                foreach (int c in controls)
                {
                    cval |= rng.Next(2) << c;
                }

                int[] sortedFixed = [.. controls, .. pq];
                Array.Sort(sortedFixed);
                if (sortedFixed[0] < (int)Math.Log2(Width(path)) && path != KernelPath.Dispatch)
                {
                    continue;
                }

                var a = RandomState(rng, n);
                var expected = (Complex[])a.Clone();
                ScalarKernels.Swap(expected, pq[0], pq[1], cval, sortedFixed);
                switch (path)
                {
                    case KernelPath.V128:
                        VectorKernels.Swap<Simd128, Vector128<double>>(a, pq[0], pq[1], cval, sortedFixed);
                        break;
                    case KernelPath.V256:
                        VectorKernels.Swap<Simd256, Vector256<double>>(a, pq[0], pq[1], cval, sortedFixed);
                        break;
                    case KernelPath.V512:
                        VectorKernels.Swap<Simd512, Vector512<double>>(a, pq[0], pq[1], cval, sortedFixed);
                        break;
                    default:
                        StateVectorKernels.Swap(a, pq[0], pq[1], cval, sortedFixed);
                        break;
                }

                AssertClose(expected, a, $"{path} n={n} swap {pq[0]},{pq[1]} controls=[{string.Join(",", controls)}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Measurement_Kernels_MatchScalar(KernelPath path)
    {
        var rng = new Random(17);
        foreach (int n in Sizes)
        {
            if ((1 << n) < Width(path))
            {
                continue;
            }

            var a = RandomState(rng, n);
            double norm = path switch
            {
                KernelPath.V128 => VectorKernels.NormSquared<Simd128, Vector128<double>>(a),
                KernelPath.V256 => VectorKernels.NormSquared<Simd256, Vector256<double>>(a),
                KernelPath.V512 => VectorKernels.NormSquared<Simd512, Vector512<double>>(a),
                _ => StateVectorKernels.NormSquared(a),
            };
            Assert.Equal(ScalarKernels.NormSquared(a), norm, Tol);
            for (int q = 0; q < n; q++)
            {
                double p1 = path switch
                {
                    KernelPath.V128 => VectorKernels.ProbabilityOfOne<Simd128, Vector128<double>>(a, q),
                    KernelPath.V256 => VectorKernels.ProbabilityOfOne<Simd256, Vector256<double>>(a, q),
                    KernelPath.V512 => VectorKernels.ProbabilityOfOne<Simd512, Vector512<double>>(a, q),
                    _ => StateVectorKernels.ProbabilityOfOne(a, q),
                };
                Assert.Equal(ScalarKernels.ProbabilityOfOne(a, q), p1, Tol);
                for (int outcome = 0; outcome < 2; outcome++)
                {
                    var b = (Complex[])a.Clone();
                    var expected = (Complex[])a.Clone();
                    ScalarKernels.Collapse(expected, q, outcome, 1.7);
                    switch (path)
                    {
                        case KernelPath.V128:
                            VectorKernels.Collapse<Simd128, Vector128<double>>(b, q, outcome, 1.7);
                            break;
                        case KernelPath.V256:
                            VectorKernels.Collapse<Simd256, Vector256<double>>(b, q, outcome, 1.7);
                            break;
                        case KernelPath.V512:
                            VectorKernels.Collapse<Simd512, Vector512<double>>(b, q, outcome, 1.7);
                            break;
                        default:
                            StateVectorKernels.Collapse(b, q, outcome, 1.7);
                            break;
                    }

                    AssertClose(expected, b, $"collapse {path} n={n} q={q} outcome={outcome}");
                }
            }
        }
    }

    [Fact]
    public void NormSquared_NonPowerOfTwoLength_MatchesScalar()
    {
        var a = RandomState(new Random(18), 4)[..13];
        Assert.Equal(ScalarKernels.NormSquared(a), StateVectorKernels.NormSquared(a), Tol);
        Assert.Equal(ScalarKernels.ProbabilityOfOne(a, 1), StateVectorKernels.ProbabilityOfOne(a, 1), Tol);
    }

    [Fact]
    public void Kernels_InvalidShape_Throw()
    {
        var a = new Complex[8];
        Assert.Throws<ArgumentOutOfRangeException>(() => StateVectorKernels.Apply1(a, 3, 1, 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StateVectorKernels.Diagonal1(a, -1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StateVectorKernels.Dense2(a, 0, 5, new Complex[16]));
        Assert.Throws<ArgumentException>(() => StateVectorKernels.Apply1(new Complex[6], 0, 1, 0, 0, 1));
        Assert.Throws<ArgumentException>(() => StateVectorKernels.Controlled1(a, 2, 1, [0], 0, 1, 1, 0));
        Assert.Throws<ArgumentException>(() => StateVectorKernels.Swap(a, 1, 1, 0, [1]));
    }

    [Fact]
    public void DiagonalK_QubitAlsoControl_KeepsScalarSemantics()
    {
        // A deferred measurement may condition a phase on the measured qubit itself: (i & cmask) == cval then
        // selects that qubit's value, index by index, exactly as the scalar kernel does.
        var rng = new Random(20);
        var a = RandomState(rng, 6);
        var expected = (Complex[])a.Clone();
        Complex[] d = [RandomC(rng), RandomC(rng)];
        ScalarKernels.DiagonalK(expected, d, [3], 1 << 3, 1 << 3);
        StateVectorKernels.DiagonalK(a, d, [3], 1 << 3, 1 << 3);
        AssertClose(expected, a, "qubit 3 as target and control");
    }

    [Fact]
    public void CompiledGates_MatchScalarKernels()
    {
        // The routing in CompiledGate (CX, CZ, CP, RZZ, RXX, SWAP, CCX) against the scalar kernels on the same matrices.
        var rng = new Random(19);
        const int n = 6;
        var cases = new (Dqml.Circuits.Gates.GateDefinition Gate, double[] Params, int[] Qubits)[]
        {
            (Dqml.Circuits.Gates.StandardGates.CX, [], [0, 5]),
            (Dqml.Circuits.Gates.StandardGates.CX, [], [5, 0]),
            (Dqml.Circuits.Gates.StandardGates.CX, [], [1, 2]),
            (Dqml.Circuits.Gates.StandardGates.CZ, [], [0, 1]),
            (Dqml.Circuits.Gates.StandardGates.CZ, [], [4, 2]),
            (Dqml.Circuits.Gates.StandardGates.CP, [0.3], [3, 0]),
            (Dqml.Circuits.Gates.StandardGates.RZZ, [0.7], [1, 4]),
            (Dqml.Circuits.Gates.StandardGates.RXX, [0.7], [0, 1]),
            (Dqml.Circuits.Gates.StandardGates.RXX, [0.7], [5, 2]),
            (Dqml.Circuits.Gates.StandardGates.Swap, [], [0, 3]),
            (Dqml.Circuits.Gates.StandardGates.Swap, [], [2, 5]),
            (Dqml.Circuits.Gates.StandardGates.H, [], [0]),
            (Dqml.Circuits.Gates.StandardGates.RX, [0.4], [1]),
            (Dqml.Circuits.Gates.StandardGates.RZ, [0.4], [4]),
            (Dqml.Circuits.Gates.StandardGates.Y, [], [2]),
        };
        foreach (var (gate, ps, qs) in cases)
        {
            var a = RandomState(rng, n);
            var expected = (Complex[])a.Clone();
            var full = Dqml.Circuits.Gates.MatrixMath.Embed(gate.Matrix(ps), qs, n);
            var tmp = new Complex[a.Length];
            for (int r = 0; r < a.Length; r++)
            {
                Complex s = 0;
                for (int c = 0; c < a.Length; c++)
                {
                    s += full[(r * a.Length) + c] * expected[c];
                }

                tmp[r] = s;
            }

            CompiledGate.Compile(gate, ps, qs).Apply(a);
            AssertClose(tmp, a, $"{gate.Name} on [{string.Join(",", qs)}]");
        }
    }
}
