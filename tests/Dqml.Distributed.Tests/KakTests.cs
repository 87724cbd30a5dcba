using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Distributed;
using Dqml.Simulation;
using Dqml.Testing;

namespace Dqml.Distributed.Tests;

/// <summary>KAK decomposition of two-qubit unitaries and the product cut of any two-qubit gate built on it.</summary>
public class KakTests
{
    private static readonly Architecture Arch = Architecture.TwoProcessors();
    private static readonly Complex I = Complex.ImaginaryOne;

    private static readonly Complex[] SqrtSwap =
    [
        1, 0, 0, 0,
        0, (1 + I) / 2, (1 - I) / 2, 0,
        0, (1 - I) / 2, (1 + I) / 2, 0,
        0, 0, 0, 1,
    ];

    private static Complex[] Haar(int seed) => DenseMatrix.ToRowMajor(RandomCircuits.HaarUnitary(4, new Random(seed)));

    private static Complex[] Named(string name) => name switch
    {
        "id" => MatrixMath.Kron([1, 0, 0, 1], 2, [1, 0, 0, 1], 2),
        "cx" => StandardGates.CX.Matrix([]),
        "cx_reversed" => MatrixMath.Compose(2, [(StandardGates.CX.Matrix([]), [1, 0])]),
        "cz" => StandardGates.CZ.Matrix([]),
        "swap" => StandardGates.Swap.Matrix([]),
        "iswap" => StandardGates.ISwap.Matrix([]),
        "sqrt_swap" => SqrtSwap,
        "rxx" => StandardGates.RXX.Matrix([0.7]),
        "ryy" => StandardGates.RYY.Matrix([-1.3]),
        "rzz" => StandardGates.RZZ.Matrix([2.1]),
        "crx" => StandardGates.CRX.Matrix([1.1]),
        "local" => MatrixMath.Kron(StandardGates.H.Matrix([]), 2, StandardGates.U.Matrix([0.3, 1.2, -0.4]), 2),
        "dcx" => StandardGates.Dcx.Matrix([]),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    private static void AssertValid(KakDecomposition kak, Complex[] u, string context)
    {
        ComplexAssert.MatrixEqual(u, kak.Reconstruct(), 1e-10, context);
        foreach (var local in new[] { kak.Before0, kak.Before1, kak.After0, kak.After1 })
        {
            Assert.True(MatrixMath.UnitarityDeviation(local.AsSpan(), 2) <= 1e-12, $"{context}: local factor not unitary");
        }

        foreach (double x in new[] { kak.A, kak.B, kak.C })
        {
            Assert.InRange(x, -(Math.PI / 4) - 1e-12, (Math.PI / 4) + 1e-12);
        }
    }

    // ---- Decomposition

    [Theory]
    [InlineData("id")]
    [InlineData("cx")]
    [InlineData("cx_reversed")]
    [InlineData("cz")]
    [InlineData("swap")]
    [InlineData("iswap")]
    [InlineData("sqrt_swap")]
    [InlineData("rxx")]
    [InlineData("ryy")]
    [InlineData("rzz")]
    [InlineData("crx")]
    [InlineData("local")]
    [InlineData("dcx")]
    public void Decompose_NamedGate_ReconstructsTo1e10(string name)
    {
        var u = Named(name);
        AssertValid(Kak.Decompose(u), u, name);
    }

    [Fact]
    public void Decompose_HaarRandomUnitaries_ReconstructTo1e10()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var u = Haar(seed);
            var kak = Kak.Decompose(u);
            AssertValid(kak, u, $"seed {seed}");
            Assert.InRange(kak.CutGamma, 1, 27 + 1e-9);
        }
    }

    [Fact]
    public void Decompose_HaarUnitaryTimesPhase_SameCoefficients()
    {
        var u = Haar(7);
        var shifted = u.Select(x => x * Complex.FromPolarCoordinates(1, 0.9)).ToArray();
        var k1 = Kak.Decompose(u);
        var k2 = Kak.Decompose(shifted);
        AssertValid(k2, shifted, "phase-shifted");
        Assert.Equal(k1.CutGamma, k2.CutGamma, 9);
    }

    [Theory]
    [InlineData("id", 0, 1)]
    [InlineData("local", 0, 1)]
    [InlineData("cx", 1, 3)]
    [InlineData("cx_reversed", 1, 3)]
    [InlineData("cz", 1, 3)]
    [InlineData("iswap", 2, 9)]
    [InlineData("dcx", 2, 9)]
    [InlineData("swap", 3, 27)]
    public void Decompose_CliffordGate_CoefficientsArePiOverFourOrZero(string name, int nonZero, double gamma)
    {
        var kak = Kak.Decompose(Named(name));
        var abs = new[] { kak.A, kak.B, kak.C }.Select(Math.Abs).ToArray();
        Assert.All(abs, x => Assert.True(x == 0 || Math.Abs(x - (Math.PI / 4)) <= 1e-12, $"{name}: coefficient {x:R}"));
        Assert.Equal(nonZero, abs.Count(x => x != 0));
        Assert.Equal(gamma, kak.CutGamma, 9);
    }

    [Fact]
    public void Decompose_RotationGates_CoefficientIsMinusHalfAngle()
    {
        // RZZ(t) = exp(-i t/2 ZZ): c = -t/2 (already within [-pi/4, pi/4] here).
        var kak = Kak.Decompose(StandardGates.RZZ.Matrix([0.9]));
        Assert.Equal(0.45, Math.Abs(Assert.Single(new[] { kak.A, kak.B, kak.C }, x => x != 0)), 12);
        Assert.Equal(1 + (2 * Math.Sin(0.9)), kak.CutGamma, 10);
    }

    [Fact]
    public void Decompose_Swap_OptimalGammaIsSevenAndProductIs27()
    {
        var kak = Kak.Decompose(StandardGates.Swap.Matrix([]));
        Assert.Equal(7, kak.OptimalGamma, 9);
        Assert.Equal(27, kak.CutGamma, 9);
        Assert.Equal(3, Kak.Decompose(StandardGates.CX.Matrix([])).OptimalGamma, 9);
    }

    [Fact]
    public void InteractionMatrix_IsRxxRyyRzzWithMinusTwiceTheCoefficients()
    {
        double a = 0.37, b = -0.61, c = 1.9;
        var expected = MatrixMath.Multiply(
            MatrixMath.Multiply(StandardGates.RXX.Matrix([-2 * a]), StandardGates.RYY.Matrix([-2 * b]), 4),
            StandardGates.RZZ.Matrix([-2 * c]),
            4);
        ComplexAssert.MatrixEqual(expected, KakDecomposition.InteractionMatrix(a, b, c), 1e-14);

        // ... and sum_k u_k sigma_k (x) sigma_k.
        var kak = Kak.Decompose(expected);
        var u = kak.PauliCoefficients();
        Complex[][] paulis = [[1, 0, 0, 1], [0, 1, 1, 0], [0, -I, I, 0], [1, 0, 0, -1]];
        var sum = new Complex[16];
        for (int k = 0; k < 4; k++)
        {
            var pp = MatrixMath.Kron(paulis[k], 2, paulis[k], 2);
            for (int i = 0; i < 16; i++)
            {
                sum[i] += u[k] * pp[i];
            }
        }

        ComplexAssert.MatrixEqual(kak.Interaction(), sum, 1e-14);
        Assert.Equal(1, u.Sum(x => x.Magnitude * x.Magnitude), 14);
    }

    [Fact]
    public void Decompose_NotUnitaryOrWrongSize_Throws()
    {
        var m = StandardGates.CX.Matrix([]);
        m[0] = 2;
        Assert.Throws<ArgumentException>(() => Kak.Decompose(m));
        Assert.Throws<ArgumentException>(() => Kak.Decompose(StandardGates.H.Matrix([])));
        Assert.Null(Kak.TryDecompose(m));
    }

    // ---- The product cut

    private static readonly Complex[] P0 = [1, 0, 0, 0];
    private static readonly Complex[] P1 = [0, 0, 0, 1];

    private static Complex[,] Sandwich(Complex[] local, int qubit, Complex[,] rho)
    {
        var k = DenseMatrix.FullGateMatrix(local, [qubit], 2);
        return DenseMatrix.Multiply(DenseMatrix.Multiply(k, rho), DenseMatrix.Adjoint(k));
    }

    private static Complex[,] ApplyQpd(QuasiProbabilityDecomposition qpd, Complex[,] rho)
    {
        var sum = new Complex[4, 4];
        foreach (var t in qpd.Terms)
        {
            var r = rho;
            for (int j = 0; j < 2; j++)
            {
                foreach (var op in t.Operations[j])
                {
                    r = op switch
                    {
                        LocalGate g => Sandwich(g.Matrix(), j, r),
                        SignedMeasurement => DenseMatrix.Add(Sandwich(P0, j, r), DenseMatrix.Scale(Sandwich(P1, j, r), -1)),
                        _ => throw new InvalidOperationException(op.ToString()),
                    };
                }
            }

            sum = DenseMatrix.Add(sum, DenseMatrix.Scale(r, t.Coefficient));
        }

        return sum;
    }

    /// <summary>The QPD's superoperator equals rho -&gt; U rho U^dagger on every matrix unit.</summary>
    private static void AssertSameChannel(Complex[] unitary, QuasiProbabilityDecomposition qpd, string context)
    {
        var u = DenseMatrix.FromRowMajor(unitary);
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                var e = new Complex[4, 4];
                e[r, c] = 1;
                var expected = DenseMatrix.Multiply(DenseMatrix.Multiply(u, e), DenseMatrix.Adjoint(u));
                double diff = DenseMatrix.MaxAbsDifference(expected, ApplyQpd(qpd, e));
                Assert.True(diff <= 1e-10, $"{context}: superoperator differs by {diff:R} on |{r}><{c}|");
            }
        }
    }

    private static double ProductFormula(Complex[] u)
    {
        var kak = Kak.Decompose(u);
        return new[] { kak.A, kak.B, kak.C }.Aggregate(1.0, (g, x) => g * (1 + (2 * Math.Abs(Math.Sin(2 * x)))));
    }

    [Theory]
    [InlineData("swap", 27)]
    [InlineData("iswap", 9)]
    [InlineData("sqrt_swap", 7 + (5 * 1.4142135623730951))]
    [InlineData("dcx", 9)]
    [InlineData("local", 1)]
    public void TryDecompose_GateWithoutClosedForm_KakCutReproducesChannel(string name, double gamma)
    {
        var u = Named(name);
        var qpd = GateCuts.TryDecompose(name, u);
        Assert.NotNull(qpd);
        AssertSameChannel(u, qpd, name);
        Assert.Equal(ProductFormula(u), qpd.Gamma, 10);
        Assert.Equal(gamma, qpd.Gamma, 10);
    }

    [Fact]
    public void TryDecompose_SqrtSwap_GammaIsProductOfSinPiOverFour()
    {
        // sqrt(SWAP): a = b = c = pi/8, each rotation cut 1 + 2 sin(pi/4) = 1 + sqrt 2.
        var qpd = GateCuts.TryDecompose("sqrt_swap", SqrtSwap);
        Assert.NotNull(qpd);
        Assert.Equal(Math.Pow(1 + Math.Sqrt(2), 3), qpd.Gamma, 10);
    }

    [Fact]
    public void TryDecompose_Swap_Has216TermsOfLocalSteps()
    {
        var qpd = GateCuts.TryDecompose("swap", StandardGates.Swap.Matrix([]));
        Assert.NotNull(qpd);
        Assert.Equal(216, qpd.Terms.Length);
        Assert.Equal(3, qpd.SignBits);
        Assert.Equal(27, qpd.Gamma, 10);
    }

    [Fact]
    public void ViaKak_HaarRandomUnitaries_ReproduceChannelWithProductGamma()
    {
        for (int seed = 300; seed < 310; seed++)
        {
            var u = Haar(seed);
            var qpd = GateCuts.ViaKak($"haar{seed}", u);
            AssertSameChannel(u, qpd, $"seed {seed}");
            Assert.Equal(ProductFormula(u), qpd.Gamma, 10);
            Assert.Equal(Kak.Decompose(u).CutGamma, qpd.Gamma, 10);
        }
    }

    [Theory]
    [InlineData("cx")]
    [InlineData("cx_reversed")]
    [InlineData("cz")]
    public void ViaKak_Cnot_GammaThreeLikeClosedForm(string name)
    {
        var u = Named(name);
        var qpd = GateCuts.ViaKak(name, u);
        AssertSameChannel(u, qpd, name);
        Assert.Equal(3, qpd.Gamma, 10);
        Assert.Equal(6, qpd.Terms.Length);
    }

    [Theory]
    [InlineData("rxx")]
    [InlineData("ryy")]
    [InlineData("rzz")]
    [InlineData("crx")]
    [InlineData("id")]
    public void ViaKak_GateWithClosedForm_SameGammaAsClosedForm(string name)
    {
        var u = Named(name);
        var viaKak = GateCuts.ViaKak(name, u);
        AssertSameChannel(u, viaKak, name);
        var closed = GateCuts.TryDecompose(name, u);
        Assert.NotNull(closed);
        Assert.Equal(closed.Gamma, viaKak.Gamma, 10);
    }

    // ---- Exact knitting in circuits

    /// <summary>A random 4-qubit circuit (A: 0-1, B: 2-3) with local layers around one cross gate <paramref name="cross"/>.</summary>
    private static Circuit CircuitWithCrossGate(ulong seed, Action<CircuitBuilder, int, int> cross)
    {
        var rng = new DeterministicRandom(seed);
        double Angle() => (rng.NextDouble() * 2 * Math.PI) - Math.PI;
        var b = new CircuitBuilder(4);
        for (int q = 0; q < 4; q++)
        {
            b.U(Angle(), Angle(), Angle(), q);
        }

        b.CX(0, 1).RZZ(Angle(), 2, 3);
        int a = rng.NextInt(2), z = 2 + rng.NextInt(2);
        if (rng.NextInt(2) == 0)
        {
            cross(b, a, z);
        }
        else
        {
            cross(b, z, a);
        }

        b.CX(1, 0).RY(Angle(), 2).CRX(Angle(), 3, 2).RX(Angle(), rng.NextInt(4));
        for (int q = 0; q < 4; q++)
        {
            b.U(Angle(), Angle(), Angle(), q);
        }

        return b.Build();
    }

    public static TheoryData<string, ulong> CrossGates => new()
    {
        { "swap", 1 }, { "swap", 2 }, { "iswap", 3 }, { "iswap", 4 }, { "haar", 5 }, { "haar", 6 },
    };

    [Theory]
    [MemberData(nameof(CrossGates))]
    public void Exact_KakRoutedCrossGate_EqualsMonolithic(string kind, ulong seed)
    {
        var haar = RandomCircuits.HaarUnitary(4, new Random((int)seed));
        var c = CircuitWithCrossGate(100 + seed, (b, q0, q1) => _ = kind switch
        {
            "swap" => b.Swap(q0, q1),
            "iswap" => b.ISwap(q0, q1),
            _ => b.Unitary(haar, q0, q1),
        });
        var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
        Assert.Single(dc.CrossOperations());
        var r = DistributedRunner.Run(dc, new Knitting());
        StateAssert.ProbabilitiesEqual(new StateVectorSimulator().RunExact(c).Probabilities(), r.LogicalProbabilities, 1e-10, $"{kind} seed {seed}");

        double expected = kind switch
        {
            "swap" => 27,
            "iswap" => 9,
            _ => ProductFormula(DenseMatrix.ToRowMajor(haar)),
        };
        Assert.Equal(expected, r.Ledger.Gamma, 9);
    }

    [Fact]
    public void Exact_SwapAndCnotAcrossProcessors_LedgerGammaIsProduct()
    {
        var c = new CircuitBuilder(4).H(0).RY(0.4, 3).Swap(1, 2).CX(0, 3).RX(0.8, 2).Build();
        var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
        var r = DistributedRunner.Run(dc, new Knitting());
        StateAssert.ProbabilitiesEqual(new StateVectorSimulator().RunExact(c).Probabilities(), r.LogicalProbabilities, 1e-10);
        Assert.Equal(27 * 3, r.Ledger.Gamma, 9);
        Assert.Contains(r.Ledger.Notes, n => n.Contains("gate cut, 216 terms, gamma 27", StringComparison.Ordinal));
    }
}
