using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Distributed;
using Dqml.Simulation;
using Dqml.Testing;

namespace Dqml.Distributed.Tests;

/// <summary>Circuit knitting: gate and wire cuts as quasi-probability decompositions, exact and sampled.</summary>
public class KnittingTests
{
    private static readonly Architecture Arch = Architecture.TwoProcessors();

    private static double[] Monolithic(Circuit c) => new StateVectorSimulator().RunExact(c).Probabilities();

    // ---- Dense channel helpers (independent of the library's circuit machinery)

    private static readonly Complex[] P0 = [1, 0, 0, 0];
    private static readonly Complex[] P1 = [0, 0, 0, 1];
    private static readonly Complex[] Lower01 = [0, 1, 0, 0]; // |0><1|

    private static Complex[,] Sandwich(Complex[] local, int qubit, int n, Complex[,] rho)
    {
        var k = DenseMatrix.FullGateMatrix(local, [qubit], n);
        return DenseMatrix.Multiply(DenseMatrix.Multiply(k, rho), DenseMatrix.Adjoint(k));
    }

    /// <summary>One QPD term applied to rho: argument j's operations on qubit qubits[j].</summary>
    private static Complex[,] ApplyTerm(QpdTerm term, int[] qubits, int n, Complex[,] rho)
    {
        for (int j = 0; j < term.Operations.Length; j++)
        {
            foreach (var op in term.Operations[j])
            {
                rho = op switch
                {
                    LocalGate g => Sandwich(g.Matrix(), qubits[j], n, rho),
                    SignedMeasurement => DenseMatrix.Add(Sandwich(P0, qubits[j], n, rho), DenseMatrix.Scale(Sandwich(P1, qubits[j], n, rho), -1)),
                    LocalReset => DenseMatrix.Add(Sandwich(P0, qubits[j], n, rho), Sandwich(Lower01, qubits[j], n, rho)),
                    _ => throw new InvalidOperationException(op.ToString()),
                };
            }
        }

        return rho;
    }

    private static Complex[,] ApplyQpd(QuasiProbabilityDecomposition qpd, int[] qubits, int n, Complex[,] rho)
    {
        int d = 1 << n;
        var sum = new Complex[d, d];
        foreach (var t in qpd.Terms)
        {
            sum = DenseMatrix.Add(sum, DenseMatrix.Scale(ApplyTerm(t, qubits, n, rho), t.Coefficient));
        }

        return sum;
    }

    /// <summary>Compares two linear maps on every matrix unit |r&gt;&lt;c| (i.e. their superoperators).</summary>
    private static void AssertSameChannel(Func<Complex[,], Complex[,]> expected, Func<Complex[,], Complex[,]> actual, int n, double tolerance, string context)
    {
        int d = 1 << n;
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                var e = new Complex[d, d];
                e[r, c] = 1;
                double diff = DenseMatrix.MaxAbsDifference(expected(e), actual(e));
                Assert.True(diff <= tolerance, $"{context}: superoperator differs by {diff:R} on |{r}><{c}|");
            }
        }
    }

    private static void AssertGateCutExact(GateDefinition gate, double[] parameters, QuasiProbabilityDecomposition qpd, string context)
    {
        var u = DenseMatrix.FromRowMajor(gate.Matrix(parameters));
        AssertSameChannel(
            rho => DenseMatrix.Multiply(DenseMatrix.Multiply(u, rho), DenseMatrix.Adjoint(u)),
            rho => ApplyQpd(qpd, [0, 1], 2, rho),
            2,
            1e-12,
            context);
    }

    // ---- Decompositions

    [Fact]
    public void CnotOperatorIdentity_HalfOfIIPlusZIPlusIXMinusZX_IsCnot()
    {
        // Control first: ZI = Z on the control (argument 0, the low bit), IX = X on the target.
        Complex[] id = [1, 0, 0, 1], x = [0, 1, 1, 0], z = [1, 0, 0, -1];
        var ii = MatrixMath.Kron(id, 2, id, 2);
        var zi = MatrixMath.Kron(id, 2, z, 2);
        var ix = MatrixMath.Kron(x, 2, id, 2);
        var zx = MatrixMath.Kron(x, 2, z, 2);
        var sum = new Complex[16];
        for (int i = 0; i < 16; i++)
        {
            sum[i] = (ii[i] + zi[i] + ix[i] - zx[i]) / 2;
        }

        ComplexAssert.MatrixEqual(StandardGates.CX.Matrix([]), sum, 1e-15);

        // The talk's typo (IZ instead of ZI) is not CNOT.
        var iz = MatrixMath.Kron(z, 2, id, 2);
        Assert.Contains(Enumerable.Range(0, 16), i => Complex.Abs(((ii[i] + iz[i] + ix[i] - zx[i]) / 2) - sum[i]) > 0.5);
    }

    [Fact]
    public void CzCut_ReproducesDenseChannel_WithGammaThree()
    {
        var qpd = GateCuts.Cz();
        AssertGateCutExact(StandardGates.CZ, [], qpd, "cz");
        Assert.Equal(6, qpd.Terms.Length);
        Assert.Equal(3, qpd.Gamma, 15);
        Assert.Equal([0.5, 0.5, 0.5, -0.5, 0.5, -0.5], qpd.Terms.Select(t => t.Coefficient));

        // Every term is local: one list of one-qubit operations per side, at most one signed measurement.
        Assert.All(qpd.Terms, t => Assert.True(t.SignedMeasurements <= 1));
    }

    [Fact]
    public void CnotCut_ReproducesDenseChannel_InBothOrientations()
    {
        var qpd = GateCuts.Cnot();
        AssertGateCutExact(StandardGates.CX, [], qpd, "cx");
        Assert.Equal(3, qpd.Gamma, 15);

        // CX with the control on the second argument, through the generic route.
        var reversed = MatrixMath.Compose(2, [(StandardGates.CX.Matrix([]), [1, 0])]);
        var r = GateCuts.TryDecompose("cx_reversed", reversed);
        Assert.NotNull(r);
        AssertSameChannel(
            rho => DenseMatrix.Multiply(DenseMatrix.Multiply(DenseMatrix.FromRowMajor(reversed), rho), DenseMatrix.Adjoint(DenseMatrix.FromRowMajor(reversed))),
            rho => ApplyQpd(r, [0, 1], 2, rho),
            2,
            1e-12,
            "cx reversed");
        Assert.Equal(3, r.Gamma, 12);
    }

    public static TheoryData<string, double> RotationGates => new()
    {
        { "rzz", 0.7 }, { "rzz", -2.3 }, { "rzz", Math.PI / 2 }, { "rzz", 0 },
        { "cp", 1.1 }, { "cp", -0.4 }, { "cu1", 2.9 }, { "crz", 0.9 }, { "crz", -2.6 },
        { "crx", 1.3 }, { "cry", -0.8 }, { "rxx", 0.5 }, { "ryy", 2.2 }, { "rzx", -1.7 },
    };

    [Theory]
    [MemberData(nameof(RotationGates))]
    public void RotationGateCuts_ReproduceDenseChannel_WithRotationGamma(string name, double angle)
    {
        var gate = StandardGates.ByName[name];
        var qpd = GateCuts.TryDecompose(name, gate.Matrix([angle]));
        Assert.NotNull(qpd);
        AssertGateCutExact(gate, [angle], qpd, $"{name}({angle})");

        // RZZ-like gates (rzz, rxx, ryy, rzx) cost 1 + 2|sin t|; controlled rotations are RZZ(+-t/2) up to local gates.
        double expected = name is "rzz" or "rxx" or "ryy" or "rzx" ? GateCuts.RzzGamma(angle) : 1 + (2 * Math.Abs(Math.Sin(angle / 2)));
        Assert.Equal(expected, qpd.Gamma, 12);
    }

    [Theory]
    [InlineData("cy")]
    [InlineData("ch")]
    [InlineData("csx")]
    [InlineData("cs")]
    [InlineData("csdg")]
    public void OtherControlledGateCuts_ReproduceDenseChannel(string name)
    {
        var gate = StandardGates.ByName[name];
        var qpd = GateCuts.TryDecompose(name, gate.Matrix([]));
        Assert.NotNull(qpd);
        AssertGateCutExact(gate, [], qpd, name);
        Assert.InRange(qpd.Gamma, 1, 3 + 1e-12);
    }

    [Fact]
    public void ControlledU3Cut_ReproducesDenseChannel()
    {
        var qpd = GateCuts.TryDecompose("cu3", StandardGates.CU3.Matrix([0.8, -1.2, 2.1]));
        Assert.NotNull(qpd);
        AssertGateCutExact(StandardGates.CU3, [0.8, -1.2, 2.1], qpd, "cu3");
    }

    [Fact]
    public void RzzCut_CoefficientsAreCosSquaredSinSquaredAndCosSin()
    {
        double t = 0.9, c = Math.Cos(t / 2), s = Math.Sin(t / 2);
        var qpd = GateCuts.Rzz(t);
        Assert.Equal([c * c, s * s, c * s, -c * s, c * s, -c * s], qpd.Terms.Select(x => x.Coefficient));
        Assert.Equal(1 + (2 * Math.Sin(t)), qpd.Gamma, 14);
        Assert.Single(GateCuts.Rzz(0).Terms);
    }

    [Theory]
    [InlineData("swap", 27)]
    [InlineData("iswap", 9)]
    public void TryDecompose_HigherSchmidtRankGate_CutThroughKak(string name, double gamma)
    {
        var gate = StandardGates.ByName[name];
        var qpd = GateCuts.TryDecompose(name, gate.Matrix([]));
        Assert.NotNull(qpd);
        AssertGateCutExact(gate, [], qpd, name);
        Assert.Equal(gamma, qpd.Gamma, 10);
    }

    [Fact]
    public void WireCut_ReproducesIdentityChannel_WithGammaFour()
    {
        var qpd = WireCut.Decomposition;
        Assert.Equal(8, qpd.Terms.Length);
        Assert.Equal(4, qpd.Gamma, 15);
        Assert.Equal(WireCut.Gamma, qpd.Gamma, 15);
        AssertSameChannel(rho => rho, rho => ApplyQpd(qpd, [0], 1, rho), 1, 1e-12, "wire");

        // Cut one half of a two-qubit register: still the identity, coherences with the other qubit included.
        AssertSameChannel(rho => rho, rho => ApplyQpd(qpd, [1], 2, rho), 2, 1e-12, "wire on qubit 1 of 2");
    }

    [Fact]
    public void ParallelWireCutGamma_IsTwoToTheNPlusOneMinusOne()
    {
        Assert.Equal(1, WireCut.ParallelGamma(0));
        Assert.Equal(3, WireCut.ParallelGamma(1));
        Assert.Equal(7, WireCut.ParallelGamma(2));
        Assert.Equal(15, WireCut.ParallelGamma(3));
        Assert.True(WireCut.ParallelGamma(3) < Math.Pow(WireCut.Gamma, 3));
    }

    // ---- Exact recombination

    private static readonly string[] CrossKinds = ["cx", "cz", "cp", "crz", "rzz", "crx"];

    /// <summary>A random 4-qubit circuit (A: 0-1, B: 2-3) with local gates and <paramref name="cross"/> cross gates of the given kinds.</summary>
    private static Circuit RandomKnitCircuit(ulong seed, int cross, string[] kinds)
    {
        var rng = new DeterministicRandom(seed);
        double Angle() => (rng.NextDouble() * 2 * Math.PI) - Math.PI;
        var b = new CircuitBuilder(4);
        for (int q = 0; q < 4; q++)
        {
            b.U(Angle(), Angle(), Angle(), q);
        }

        for (int k = 0; k < cross; k++)
        {
            int a = rng.NextInt(2), z = 2 + rng.NextInt(2);
            (int first, int second) = rng.NextInt(2) == 0 ? (a, z) : (z, a);
            var def = StandardGates.ByName[kinds[rng.NextInt(kinds.Length)]];
            if (def.NumParameters == 0)
            {
                b.Gate(def, [first, second]);
            }
            else
            {
                b.Gate(def, [first, second], ParamExpr.Constant(Angle()));
            }

            // Local entangling and one-qubit gates between the cuts.
            if (rng.NextInt(2) == 0)
            {
                b.CX(0, 1);
            }
            else
            {
                b.CX(3, 2);
            }

            b.RY(Angle(), rng.NextInt(4)).RZZ(Angle(), 2, 3).RX(Angle(), rng.NextInt(4));
        }

        return b.Build();
    }

    [Fact]
    public void Exact_RandomCircuitsWithCrossGates_EqualMonolithic()
    {
        for (ulong seed = 0; seed < 12; seed++)
        {
            var c = RandomKnitCircuit(1000 + seed, 2 + (int)(seed % 3), CrossKinds);
            var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
            Assert.NotEmpty(dc.CrossOperations());
            var r = DistributedRunner.Run(dc, new Knitting());
            StateAssert.ProbabilitiesEqual(Monolithic(c), r.LogicalProbabilities, 1e-10, $"seed {seed}");
            Assert.Equal("knit", r.Scheme.Name);
            Assert.Null(r.Lowered);
            Assert.Null(r.Physical);
        }
    }

    [Fact]
    public void Exact_AllSupportedKindsAndMidCircuitMeasurements_EqualMonolithic()
    {
        string[] kinds = ["cy", "cry", "rxx", "ryy", "rzx", "ch", "cp", "cz"];
        for (ulong seed = 0; seed < 6; seed++)
        {
            var inner = RandomKnitCircuit(2000 + seed, 3, kinds);

            // Logical mid-circuit measurement and a local feed-forward on A: the knitted terms keep them.
            var c = new CircuitBuilder(4, 1).Append(inner).Measure(0, 0).If(0, true, x => x.RY(0.3, 1)).CRZ(0.8, 1, 3).Build();
            var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
            var r = DistributedRunner.Run(dc, Scheme.Parse("knit"));
            StateAssert.ProbabilitiesEqual(Monolithic(c), r.LogicalProbabilities, 1e-10, $"seed {seed}");
        }
    }

    [Fact]
    public void Exact_WireCutsInsideCircuit_EqualMonolithic()
    {
        var c = new CircuitBuilder(4).H(0).CX(0, 1).RY(0.7, 2).CX(1, 2).RZ(0.4, 1).CRX(1.1, 3, 0).H(1).Build();
        var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
        var scheme = new Knitting { WireCuts = [new WireCut(1, 2), new WireCut(2, 2), new WireCut(0, 7)] };
        var r = DistributedRunner.Run(dc, scheme);
        StateAssert.ProbabilitiesEqual(Monolithic(c), r.LogicalProbabilities, 1e-10);
        Assert.Equal(scheme, r.Scheme);

        // Two gate cuts (cx: 3, crx(1.1): 1 + 2 sin 0.55) and three wire cuts (4 each).
        Assert.Equal(3 * (1 + (2 * Math.Sin(0.55))) * Math.Pow(4, 3), r.Ledger.Gamma, 9);
        Assert.Contains(r.Ledger.Notes, n => n.Contains("wire of qubit 1 (A) before instruction 2: wire cut, 8 terms, gamma 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Ledger_GammaIsThreePerCnotAndProductOverCuts()
    {
        var c = new CircuitBuilder(4).H(0).CX(0, 2).CX(3, 1).Build();
        var r = DistributedRunner.Run(DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3"), new Knitting());
        Assert.Equal(9, r.Ledger.Gamma, 12);
        Assert.Equal(81, r.Ledger.SamplingOverhead, 10);
        Assert.Equal(0, r.Ledger.Ebits);
        Assert.Equal(0, r.Ledger.ClassicalBits);
        Assert.Equal(2, r.Ledger.Notes.Count(n => n.Contains("gate cut, 6 terms, gamma 3", StringComparison.Ordinal)));
        StateAssert.ProbabilitiesEqual(Monolithic(c), r.LogicalProbabilities, 1e-12);

        foreach (double theta in new[] { 0.3, 1.2, -2.0 })
        {
            var cr = new CircuitBuilder(4).H(0).RZZ(theta, 1, 2).CX(0, 3).CP(theta, 2, 0).Build();
            var k = KnittedCircuit.Create(DistributedCircuit.Parse(cr, Arch, "A:0-1,B:2-3"));
            Assert.Equal(3, k.Cuts.Length);
            Assert.Equal(1 + (2 * Math.Abs(Math.Sin(theta))), k.Cuts[0].Gamma, 12);
            Assert.Equal(1 + (2 * Math.Abs(Math.Sin(theta / 2))), k.Cuts[2].Gamma, 12);
            Assert.Equal(k.Cuts.Aggregate(1.0, (g, x) => g * x.Gamma), k.Ledger.Gamma, 12);
            Assert.Equal(k.Cuts.Aggregate(1L, (n, x) => n * x.TermCount), k.TermCount);
        }
    }

    [Fact]
    public void TermCircuits_AreLocal_NoGateSpansProcessors()
    {
        var c = RandomKnitCircuit(77, 4, CrossKinds);
        var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
        var k = KnittedCircuit.Create(dc);
        for (long t = 0; t < k.TermCount; t += 7)
        {
            var term = k.TermCircuit(k.Choice(t));
            var local = new DistributedCircuit(term, Arch, dc.Assignment);
            Assert.Empty(local.CrossOperations());
        }
    }

    // ---- Sampled mode

    [Fact]
    public void Sampled_AgreesWithExactWithinFiveSigma()
    {
        var c = new CircuitBuilder(4).U(0.9, 0.2, -0.5, 0).H(1).RY(1.3, 2).CX(1, 2).CRZ(1.4, 0, 3).RX(0.6, 3).Build();
        var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
        var exact = DistributedRunner.Run(dc, new Knitting()).LogicalProbabilities;
        const int shots = 40_000;
        var est = KnittingSampler.Estimate(dc, shots, seed: 5);
        Assert.Equal(3 * (1 + (2 * Math.Sin(0.7))), est.Gamma, 12);
        double sigma = est.Gamma / Math.Sqrt(shots);
        Assert.Equal(sigma, est.StandardErrorBound, 15);
        for (int x = 0; x < exact.Length; x++)
        {
            Assert.True(Math.Abs(est.Probabilities[x] - exact[x]) <= 5 * sigma, $"p[{x}]: exact {exact[x]:R}, estimate {est.Probabilities[x]:R}, sigma {sigma:R}");
            Assert.True(est.StandardErrors[x] <= sigma * (1 + 1e-9));
        }

        Assert.Equal(1, est.Probabilities.Sum(), 5 * sigma);
    }

    [Fact]
    public void Sampled_SameSeed_SameEstimate()
    {
        var c = new CircuitBuilder(4).H(0).CZ(0, 2).RY(0.4, 2).CX(2, 1).Build();
        var dc = DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3");
        var a = KnittingSampler.Estimate(dc, 3000, 11);
        var b = KnittingSampler.Estimate(dc, 3000, 11, options: new SimulatorOptions { Threads = 1 });
        Assert.Equal(a.Probabilities, b.Probabilities);
        Assert.NotEqual(a.Probabilities, KnittingSampler.Estimate(dc, 3000, 12).Probabilities);
    }

    [Fact]
    public void Sampled_WithoutCuts_IsPlainSampling()
    {
        var c = new CircuitBuilder(4).H(0).CX(0, 1).RY(0.4, 2).Build();
        var est = KnittingSampler.Estimate(DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3"), 20_000, 3);
        Assert.Equal(1, est.Gamma);
        Assert.All(est.Probabilities, p => Assert.InRange(p, 0, 1));
        Assert.Equal(1, est.Probabilities.Sum(), 12);
        var exact = Monolithic(c);
        for (int x = 0; x < exact.Length; x++)
        {
            Assert.True(Math.Abs(est.Probabilities[x] - exact[x]) <= 5 * est.StandardErrorBound);
        }
    }

    [Fact]
    public void ShotBudget_GrowsWithGammaSquared()
    {
        var c = new CircuitBuilder(4).CX(0, 2).CX(3, 1).Build();
        var k = KnittedCircuit.Create(DistributedCircuit.Parse(c, Arch, "A:0-1,B:2-3"));
        long twoCuts = KnittingSampler.ShotsForStandardError(k.Gamma, 0.01);
        long none = KnittingSampler.ShotsForStandardError(1, 0.01);
        Assert.Equal(10_000, none);
        Assert.Equal(81 * none, twoCuts);
        Assert.Equal(9 * none, KnittingSampler.ShotsForStandardError(3, 0.01));
    }

    // ---- Errors

    [Fact]
    public void UnsupportedCrossGate_ThreeQubitGate_ErrorNamesGate()
    {
        var three = DistributedCircuit.Parse(new CircuitBuilder(4).CCX(0, 1, 2).Build(), Arch, "A:0-1,B:2-3");
        var e3 = Assert.Throws<DistributionException>(() => KnittedCircuit.Create(three));
        Assert.Contains("two-qubit gates only", e3.Message, StringComparison.Ordinal);
        Assert.Contains("'ccx'", e3.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassicalMessageAcrossProcessors_IsRejected()
    {
        var dc = DistributedCircuit.Parse(new CircuitBuilder(2, 1).H(0).Measure(0, 0).If(0, true, x => x.X(1)).Build(), Arch, "A:0,B:1");
        var e = Assert.Throws<DistributionException>(() => DistributedRunner.Run(dc, new Knitting()));
        Assert.Contains("local operations only", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExactMode_TooManyTerms_ClearError()
    {
        var b = new CircuitBuilder(4);
        for (int i = 0; i < 9; i++)
        {
            b.CX(i % 2, 2 + (i % 2));
        }

        var dc = DistributedCircuit.Parse(b.Build(), Arch, "A:0-1,B:2-3");
        var k = KnittedCircuit.Create(dc);
        Assert.Equal((long)Math.Pow(6, 9), k.TermCount);
        var e = Assert.Throws<DistributionException>(() => KnittingRunner.RunExact(k));
        Assert.Contains("6^8", e.Message, StringComparison.Ordinal);
        Assert.Contains("KnittingSampler", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lower_KnitScheme_SaysToUseTheKnittingApi()
    {
        var dc = DistributedCircuit.Parse(new CircuitBuilder(2).CX(0, 1).Build(), Arch, "A:0,B:1");
        var e = Assert.Throws<DistributionException>(() => Lowering.Lower(dc, Scheme.Parse("knit")));
        Assert.Contains("does not lower to one circuit", e.Message, StringComparison.Ordinal);
        Assert.Contains("DistributedRunner", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Knit_IsKnitting()
    {
        var s = Scheme.Parse(" KNIT ");
        Assert.IsType<Knitting>(s);
        Assert.Equal("knit", s.Name);
        Assert.Equal(new Knitting(), s);
        Assert.Contains("knit", Assert.Throws<DistributionException>(() => Scheme.Parse("weave")).Message, StringComparison.Ordinal);
        Assert.Throws<DistributionException>(() => Scheme.Parse("knit:3"));
    }

    [Fact]
    public void WireCut_OutOfRange_IsNamed()
    {
        var dc = DistributedCircuit.Parse(new CircuitBuilder(2).CX(0, 1).Build(), Arch, "A:0,B:1");
        Assert.Contains("qubit 5", Assert.Throws<DistributionException>(() => KnittedCircuit.Create(dc, [new WireCut(5, 0)])).Message, StringComparison.Ordinal);
        Assert.Contains("instruction 9", Assert.Throws<DistributionException>(() => KnittedCircuit.Create(dc, [new WireCut(0, 9)])).Message, StringComparison.Ordinal);
    }
}
