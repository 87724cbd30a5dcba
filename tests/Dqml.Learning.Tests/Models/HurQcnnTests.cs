using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Learning.Gradients;
using Dqml.Learning.Models.Embeddings;
using Dqml.Learning.Models.Hur;
using Dqml.Simulation;
using Dqml.Testing;

namespace Dqml.Learning.Tests.Models;

/// <summary>The Hur et al. blocks match hand-written matrices; the QCNN has the paper's layout, counts and gradients.</summary>
public class HurQcnnTests
{
    private static readonly StateVectorSimulator Sv = new();
    private static readonly Complex I = Complex.ImaginaryOne;

    // ---- independent 2x2 / 4x4 gate matrices (qubit a = bit 0, b = bit 1 of the 4x4 index)

    private static Complex[,] Rx(double t) => new Complex[,] { { Math.Cos(t / 2), -I * Math.Sin(t / 2) }, { -I * Math.Sin(t / 2), Math.Cos(t / 2) } };

    private static Complex[,] Ry(double t) => new Complex[,] { { Math.Cos(t / 2), -Math.Sin(t / 2) }, { Math.Sin(t / 2), Math.Cos(t / 2) } };

    private static Complex[,] Rz(double t) => new Complex[,] { { Complex.Exp(-I * t / 2), 0 }, { 0, Complex.Exp(I * t / 2) } };

    private static Complex[,] H() => new Complex[,] { { 1 / Math.Sqrt(2), 1 / Math.Sqrt(2) }, { 1 / Math.Sqrt(2), -1 / Math.Sqrt(2) } };

    private static Complex[,] X() => new Complex[,] { { 0, 1 }, { 1, 0 } };

    private static Complex[,] Z() => new Complex[,] { { 1, 0 }, { 0, -1 } };

    private static Complex[,] U3(double t, double p, double l) => new Complex[,]
    {
        { Math.Cos(t / 2), -Complex.Exp(I * l) * Math.Sin(t / 2) },
        { Complex.Exp(I * p) * Math.Sin(t / 2), Complex.Exp(I * (p + l)) * Math.Cos(t / 2) },
    };

    private static readonly Complex[,] Id2 = { { 1, 0 }, { 0, 1 } };
    private static readonly Complex[,] P0 = { { 1, 0 }, { 0, 0 } };
    private static readonly Complex[,] P1 = { { 0, 0 }, { 0, 1 } };

    /// <summary>g on a (bit 0).</summary>
    private static Complex[,] OnA(Complex[,] g) => DenseMatrix.Kron(Id2, g);

    /// <summary>g on b (bit 1).</summary>
    private static Complex[,] OnB(Complex[,] g) => DenseMatrix.Kron(g, Id2);

    /// <summary>g on b controlled by a.</summary>
    private static Complex[,] CtrlAOnB(Complex[,] g) => DenseMatrix.Add(DenseMatrix.Kron(Id2, P0), DenseMatrix.Kron(g, P1));

    /// <summary>g on a controlled by b.</summary>
    private static Complex[,] CtrlBOnA(Complex[,] g) => DenseMatrix.Add(DenseMatrix.Kron(P0, Id2), DenseMatrix.Kron(P1, g));

    /// <summary>The product of gates applied in order (first gate rightmost).</summary>
    private static Complex[,] Sequence(params Complex[][,] gates)
    {
        var m = DenseMatrix.Identity(4);
        foreach (var g in gates)
        {
            m = DenseMatrix.Multiply(g, m);
        }

        return m;
    }

    private static Complex[,] ExpectedBlock(ConvolutionBlock block, double[] p) => block switch
    {
        ConvolutionBlock.TTN => Sequence(OnA(Ry(p[0])), OnB(Ry(p[1])), CtrlAOnB(X())),
        ConvolutionBlock.U5 => Sequence(
            OnA(Rx(p[0])), OnB(Rx(p[1])), OnA(Rz(p[2])), OnB(Rz(p[3])), CtrlBOnA(Rz(p[4])), CtrlAOnB(Rz(p[5])),
            OnA(Rx(p[6])), OnB(Rx(p[7])), OnA(Rz(p[8])), OnB(Rz(p[9]))),
        ConvolutionBlock.U6 => Sequence(
            OnA(Rx(p[0])), OnB(Rx(p[1])), OnA(Rz(p[2])), OnB(Rz(p[3])), CtrlBOnA(Rx(p[4])), CtrlAOnB(Rx(p[5])),
            OnA(Rx(p[6])), OnB(Rx(p[7])), OnA(Rz(p[8])), OnB(Rz(p[9]))),
        ConvolutionBlock.U9 => Sequence(OnA(H()), OnB(H()), CtrlAOnB(Z()), OnA(Rx(p[0])), OnB(Rx(p[1]))),
        ConvolutionBlock.U13 => Sequence(OnA(Ry(p[0])), OnB(Ry(p[1])), CtrlBOnA(Rz(p[2])), OnA(Ry(p[3])), OnB(Ry(p[4])), CtrlAOnB(Rz(p[5]))),
        ConvolutionBlock.U14 => Sequence(OnA(Ry(p[0])), OnB(Ry(p[1])), CtrlBOnA(Rx(p[2])), OnA(Ry(p[3])), OnB(Ry(p[4])), CtrlAOnB(Rx(p[5]))),
        ConvolutionBlock.U15 => Sequence(OnA(Ry(p[0])), OnB(Ry(p[1])), CtrlBOnA(X()), OnA(Ry(p[2])), OnB(Ry(p[3])), CtrlAOnB(X())),
        ConvolutionBlock.SO4 => Sequence(
            OnA(Ry(p[0])), OnB(Ry(p[1])), CtrlAOnB(X()), OnA(Ry(p[2])), OnB(Ry(p[3])), CtrlAOnB(X()), OnA(Ry(p[4])), OnB(Ry(p[5]))),
        ConvolutionBlock.SU4 => Sequence(
            OnA(U3(p[0], p[1], p[2])), OnB(U3(p[3], p[4], p[5])),
            CtrlAOnB(X()), OnA(Ry(p[6])), OnB(Rz(p[7])),
            CtrlBOnA(X()), OnA(Ry(p[8])),
            CtrlAOnB(X()),
            OnA(U3(p[9], p[10], p[11])), OnB(U3(p[12], p[13], p[14]))),
        _ => throw new ArgumentOutOfRangeException(nameof(block)),
    };

    /// <summary>The unitary of a 2-qubit circuit, column j = state from |j&gt;, through the state-vector simulator.</summary>
    private static Complex[,] SimulatedUnitary(Circuit circuit)
    {
        int d = 1 << circuit.NumQubits;
        var u = new Complex[d, d];
        for (int j = 0; j < d; j++)
        {
            var state = StateVector.Basis(circuit.NumQubits, j);
            Sv.RunUnitary(circuit, state);
            for (int r = 0; r < d; r++)
            {
                u[r, j] = state[r];
            }
        }

        return u;
    }

    private static double[] RandomAngles(int seed, int count)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (rng.NextDouble() * 2 * Math.PI) - Math.PI)];
    }

    public static TheoryData<ConvolutionBlock> AllBlocks() => [.. ConvolutionBlocks.All];

    [Theory]
    [InlineData(ConvolutionBlock.TTN, 2)]
    [InlineData(ConvolutionBlock.U5, 10)]
    [InlineData(ConvolutionBlock.U6, 10)]
    [InlineData(ConvolutionBlock.U9, 2)]
    [InlineData(ConvolutionBlock.U13, 6)]
    [InlineData(ConvolutionBlock.U14, 6)]
    [InlineData(ConvolutionBlock.U15, 4)]
    [InlineData(ConvolutionBlock.SO4, 6)]
    [InlineData(ConvolutionBlock.SU4, 15)]
    public void ParameterCount_EachBlock_PaperCount(ConvolutionBlock block, int expected)
    {
        Assert.Equal(expected, ConvolutionBlocks.ParameterCount(block));
        var circuit = ConvolutionBlocks.Append(new CircuitBuilder(2), block, 0, 1, "t").Build();
        Assert.Equal(expected, circuit.Symbols.Length);
        Assert.All(circuit.Symbols, s => Assert.Equal(SymbolKind.Trainable, s.Kind));
    }

    [Theory]
    [MemberData(nameof(AllBlocks))]
    public void Append_RandomAngles_MatrixEqualsHandWrittenProduct(ConvolutionBlock block)
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            var p = RandomAngles((seed * 100) + (int)block, ConvolutionBlocks.ParameterCount(block));
            var expected = ExpectedBlock(block, p);
            var parameters = p.Select(ParamExpr.Constant).ToArray();

            var ab = ConvolutionBlocks.Append(new CircuitBuilder(2), block, 0, 1, parameters).Build();
            ComplexAssert.MatrixEqual(expected, SimulatedUnitary(ab), 1e-12, $"{block} on (0, 1), seed {seed}");

            // On (1, 0) the roles swap: SWAP M SWAP.
            var swap = new Complex[,] { { 1, 0, 0, 0 }, { 0, 0, 1, 0 }, { 0, 1, 0, 0 }, { 0, 0, 0, 1 } };
            var ba = ConvolutionBlocks.Append(new CircuitBuilder(2), block, 1, 0, parameters).Build();
            ComplexAssert.MatrixEqual(DenseMatrix.Multiply(swap, DenseMatrix.Multiply(expected, swap)), SimulatedUnitary(ba), 1e-12, $"{block} on (1, 0), seed {seed}");
        }
    }

    [Fact]
    public void PoolingBlock_RandomAngles_RzOnTargetIfControlOneElseRx()
    {
        double t0 = 0.83, t1 = -1.9;
        // control a (bit 0), target b (bit 1): CRZ(a->b), X(a), CRX(a->b)
        var expected = Sequence(CtrlAOnB(Rz(t0)), OnA(X()), CtrlAOnB(Rx(t1)));
        var circuit = PoolingBlock.Append(new CircuitBuilder(2), 0, 1, [t0, t1]).Build();
        ComplexAssert.MatrixEqual(expected, SimulatedUnitary(circuit), 1e-12);

        // Equivalently: control |1> -> RZ(t0) on the target and control flipped to |0>; control |0> -> RX(t1), flipped to |1>.
        var alt2 = DenseMatrix.Add(DenseMatrix.Kron(Rz(t0), new Complex[,] { { 0, 1 }, { 0, 0 } }), DenseMatrix.Kron(Rx(t1), new Complex[,] { { 0, 0 }, { 1, 0 } }));
        ComplexAssert.MatrixEqual(alt2, expected, 1e-12);
        Assert.Equal(2, PoolingBlock.ParameterCount);
    }

    [Theory]
    [InlineData(ConvolutionBlock.TTN, 12)]
    [InlineData(ConvolutionBlock.U5, 36)]
    [InlineData(ConvolutionBlock.U6, 36)]
    [InlineData(ConvolutionBlock.U9, 12)]
    [InlineData(ConvolutionBlock.U13, 24)]
    [InlineData(ConvolutionBlock.U14, 24)]
    [InlineData(ConvolutionBlock.U15, 18)]
    [InlineData(ConvolutionBlock.SO4, 24)]
    [InlineData(ConvolutionBlock.SU4, 51)]
    public void HurQcnn_ParameterCount_MatchesPaperTable(ConvolutionBlock block, int expected)
    {
        Assert.Equal(expected, HurQcnn.ParameterCount(block));
        var q = HurQcnn.Build(block, EmbeddingChoice.Angle);
        Assert.Equal(expected, q.ParameterCount);
        Assert.Equal(expected, q.Circuit.Symbols.Count(s => s.Kind == SymbolKind.Trainable));
        Assert.Equal(q.Parameters.ToHashSet(), q.Circuit.Symbols.Where(s => s.Kind == SymbolKind.Trainable).ToHashSet());
    }

    [Theory]
    [InlineData(EmbeddingChoice.Angle, 8)]
    [InlineData(EmbeddingChoice.DenseAngle, 16)]
    [InlineData(EmbeddingChoice.Amplitude, 256)]
    [InlineData(EmbeddingChoice.ZZ, 8)]
    public void Build_EachEmbedding_FeaturesReadoutAndNoMeasurements(EmbeddingChoice embedding, int features)
    {
        var q = HurQcnn.Build(ConvolutionBlock.SU4, embedding);
        Assert.Equal(8, q.Circuit.NumQubits);
        Assert.False(q.Circuit.HasNonUnitary);
        Assert.Equal(4, q.ReadoutQubit);
        Assert.Equal(features, HurQcnn.FeatureCount(embedding));
        Assert.Equal(Enumerable.Range(0, features).Select(i => $"x{i}"), q.Features.Select(s => s.Name));
        Assert.Equal(q.Features.ToHashSet(), q.Circuit.Symbols.Where(s => s.Kind == SymbolKind.Input).ToHashSet());
        Assert.Equal(51, q.ParameterCount);
        Assert.Equal(ConvolutionBlock.SU4, q.Block);
    }

    [Fact]
    public void Build_Parameters_AuthorsVectorOrder()
    {
        var q = HurQcnn.Build(ConvolutionBlock.TTN, EmbeddingChoice.Angle);
        Assert.Equal(
            ["conv1_0", "conv1_1", "conv2_0", "conv2_1", "conv3_0", "conv3_1", "pool1_0", "pool1_1", "pool2_0", "pool2_1", "pool3_0", "pool3_1"],
            q.Parameters.Select(s => s.Name));
    }

    [Fact]
    public void Build_TtnLayout_TwoQubitGatesFollowThePaper()
    {
        var q = HurQcnn.Build(ConvolutionBlock.TTN, EmbeddingChoice.Angle);
        var twoQubit = q.Circuit.Instructions.OfType<GateOperation>().Where(g => g.Qubits.Length == 2)
            .Select(g => (g.Gate.Name, g.Qubits[0], g.Qubits[1])).ToList();
        var expected = new List<(string, int, int)>();
        expected.AddRange(HurQcnn.Conv1Pairs.Select(p => ("cx", p.A, p.B)));
        expected.AddRange(HurQcnn.Pool1Pairs.SelectMany(p => new[] { ("crz", p.Control, p.Target), ("crx", p.Control, p.Target) }));
        expected.AddRange(HurQcnn.Conv2Pairs.Select(p => ("cx", p.A, p.B)));
        expected.AddRange(HurQcnn.Pool2Pairs.SelectMany(p => new[] { ("crz", p.Control, p.Target), ("crx", p.Control, p.Target) }));
        expected.AddRange(HurQcnn.Conv3Pairs.Select(p => ("cx", p.A, p.B)));
        expected.AddRange(HurQcnn.Pool3Pairs.SelectMany(p => new[] { ("crz", p.Control, p.Target), ("crx", p.Control, p.Target) }));
        Assert.Equal(expected, twoQubit);
        Assert.Equal([(0, 7), (0, 1), (2, 3), (4, 5), (6, 7), (1, 2), (3, 4), (5, 6)], HurQcnn.Conv1Pairs);
        Assert.Equal([(0, 4)], HurQcnn.Pool3Pairs);
    }

    [Theory]
    [MemberData(nameof(AllBlocks))]
    public void Build_AnyBlock_PooledQubitsAreNeverTouchedAgain(ConvolutionBlock block)
    {
        var q = HurQcnn.Build(block, EmbeddingChoice.Angle);
        var gates = q.Circuit.Instructions.OfType<GateOperation>().ToList();
        var discarded = new HashSet<int>();
        int index = 0;
        foreach (var g in gates)
        {
            foreach (int qubit in g.Qubits)
            {
                Assert.False(discarded.Contains(qubit), $"gate {index} ({g.Gate.Name}) acts on pooled qubit {qubit}");
            }

            // the CRX closes a pooling block: its control is discarded from then on
            if (g.Gate.Name == "crx" && g.Gate.Parameters[0] is SymbolExpr s && s.Symbol.Name.StartsWith("pool", StringComparison.Ordinal))
            {
                discarded.Add(g.Qubits[0]);
            }

            index++;
        }

        Assert.Equal([0, 1, 2, 3, 5, 6, 7], discarded.Order());
    }

    [Fact]
    public void Build_Amplitude_UsesPennyLaneWireOrder()
    {
        var q = HurQcnn.Build(ConvolutionBlock.TTN, EmbeddingChoice.Amplitude);
        var embeddingOnly = new CircuitBuilder(8);
        new AmplitudeEmbedding().AppendInputs(embeddingOnly, [7, 6, 5, 4, 3, 2, 1, 0]);
        int m = embeddingOnly.Build().Instructions.Length;
        var prefix = q.Circuit.WithInstructions(q.Circuit.Instructions.Take(m));

        var rng = new Random(5);
        double[] x = [.. Enumerable.Range(0, 256).Select(_ => rng.NextDouble())];
        var values = new ParameterValues(x.Select((v, i) => new KeyValuePair<string, double>($"x{i}", v)));
        var state = Sv.RunUnitary(prefix, values);
        var a = AmplitudeEmbedding.NormalizedAmplitudes(x, 8);
        for (int i = 0; i < 256; i++)
        {
            int reversed = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                reversed |= ((i >> bit) & 1) << (7 - bit);
            }

            ComplexAssert.Equal(a[i], state[reversed], 1e-12, $"feature {i}");
        }
    }

    private static ParameterValues RandomValues(HurQcnnCircuit q, int seed)
    {
        var rng = new Random(seed);
        var pairs = q.Parameters.Select(s => new KeyValuePair<string, double>(s.Name, (rng.NextDouble() * 2 * Math.PI) - Math.PI))
            .Concat(q.Features.Select(s => new KeyValuePair<string, double>(s.Name, rng.NextDouble() * Math.PI)));
        return new ParameterValues(pairs);
    }

    private static void AssertConformance(HurQcnnCircuit q, int seed)
    {
        var values = RandomValues(q, seed);
        var observable = q.ReadoutObservable;
        var adjoint = new AdjointDifferentiation().ValueAndGradient(q.Circuit, q.Parameters, values, observable);
        int threads = Math.Min(4, Environment.ProcessorCount); // results do not depend on it
        var shift = new ParameterShift(Sv, threads).ValueAndGradient(q.Circuit, q.Parameters, values, observable);
        var fd = new FiniteDifference(Sv, maxDegreeOfParallelism: threads).ValueAndGradient(q.Circuit, q.Parameters, values, observable);

        double direct = Sv.RunExact(q.Circuit, values).Expectation(observable);
        Assert.Equal(direct, adjoint.Value, 12);
        Assert.Equal(direct, shift.Value, 12);
        Assert.Equal(q.ParameterCount, adjoint.Gradient.Length);
        for (int j = 0; j < q.ParameterCount; j++)
        {
            string name = q.Parameters[j].Name;
            Assert.True(Math.Abs(adjoint.Gradient[j] - shift.Gradient[j]) <= 1e-6, $"{q.Block}/{q.Embedding} {name}: adjoint {adjoint.Gradient[j]:R} vs shift {shift.Gradient[j]:R}");
            Assert.True(Math.Abs(adjoint.Gradient[j] - fd.Gradient[j]) <= 1e-6, $"{q.Block}/{q.Embedding} {name}: adjoint {adjoint.Gradient[j]:R} vs fd {fd.Gradient[j]:R}");
        }

        Assert.Contains(adjoint.Gradient, g => Math.Abs(g) > 1e-4);
    }

    [Theory]
    [MemberData(nameof(AllBlocks))]
    public void Gradient_HurQcnnAngleEmbedding_AdjointEqualsParameterShiftEqualsFiniteDifference(ConvolutionBlock block)
        => AssertConformance(HurQcnn.Build(block, EmbeddingChoice.Angle), 40 + (int)block);

    [Theory]
    [InlineData(ConvolutionBlock.SU4, EmbeddingChoice.DenseAngle)]
    [InlineData(ConvolutionBlock.U5, EmbeddingChoice.ZZ)]
    [InlineData(ConvolutionBlock.TTN, EmbeddingChoice.Amplitude)]
    [InlineData(ConvolutionBlock.SU4, EmbeddingChoice.Amplitude)]
    public void Gradient_HurQcnnOtherEmbeddings_AdjointEqualsParameterShiftEqualsFiniteDifference(ConvolutionBlock block, EmbeddingChoice embedding)
        => AssertConformance(HurQcnn.Build(block, embedding), 7);

    [Fact]
    public void ReadoutObservable_IsZOnQubitFour()
    {
        var q = HurQcnn.Build(ConvolutionBlock.U15, EmbeddingChoice.Angle);
        var values = RandomValues(q, 3);
        var state = Sv.RunUnitary(q.Circuit, values);
        double p1 = state.ProbabilityOfOne(4);
        Assert.Equal(1 - (2 * p1), Sv.RunExact(q.Circuit, values).Expectation(q.ReadoutObservable), 12);
    }

    [Fact]
    public void AppendAnsatz_PhysicalQubitsAndPrefix_MapsLayout()
    {
        var b = new CircuitBuilder(10);
        int[] qubits = [9, 8, 7, 6, 5, 4, 3, 2];
        var symbols = HurQcnn.AppendAnsatz(b, ConvolutionBlock.TTN, qubits, "qA_");
        var circuit = b.Build();
        Assert.Equal(12, symbols.Length);
        Assert.All(symbols, s => Assert.StartsWith("qA_", s.Name, StringComparison.Ordinal));
        var first = circuit.Instructions.OfType<GateOperation>().First(g => g.Qubits.Length == 2);
        Assert.Equal([qubits[0], qubits[7]], first.Qubits.ToArray()); // conv1 starts on layout (0, 7)
        Assert.DoesNotContain(circuit.Instructions.OfType<GateOperation>(), g => g.Qubits.Contains(0) || g.Qubits.Contains(1));
    }

    [Theory]
    [InlineData("U_SU4", ConvolutionBlock.SU4)]
    [InlineData("su4", ConvolutionBlock.SU4)]
    [InlineData("ttn", ConvolutionBlock.TTN)]
    [InlineData("U_TTN", ConvolutionBlock.TTN)]
    [InlineData("u15", ConvolutionBlock.U15)]
    [InlineData("U_9", ConvolutionBlock.U9)]
    [InlineData("so4", ConvolutionBlock.SO4)]
    public void TryParse_PaperAndShortNames_Block(string text, ConvolutionBlock expected)
    {
        Assert.True(ConvolutionBlocks.TryParse(text, out var block));
        Assert.Equal(expected, block);
        Assert.True(ConvolutionBlocks.TryParse(ConvolutionBlocks.Name(block), out var again));
        Assert.Equal(block, again);
    }

    [Fact]
    public void TryParse_Unknown_False()
    {
        Assert.False(ConvolutionBlocks.TryParse("U_7", out _));
        Assert.False(ConvolutionBlocks.TryParse("", out _));
        Assert.False(ConvolutionBlocks.TryParse(null, out _));
    }

    [Fact]
    public void Append_BadQubitsOrParameters_ArgumentException()
    {
        var b = new CircuitBuilder(3);
        Assert.Contains("two distinct qubits", Assert.Throws<ArgumentException>(() => ConvolutionBlocks.Append(b, ConvolutionBlock.SU4, 1, 1, "t")).Message, StringComparison.Ordinal);
        Assert.Contains("qubit 3 is out of range", Assert.Throws<ArgumentException>(() => ConvolutionBlocks.Append(b, ConvolutionBlock.U5, 0, 3, "t")).Message, StringComparison.Ordinal);
        Assert.Contains("U_SU4 takes 15 parameter(s), got 2", Assert.Throws<ArgumentException>(() => ConvolutionBlocks.Append(b, ConvolutionBlock.SU4, 0, 1, [0.1, 0.2])).Message, StringComparison.Ordinal);
        Assert.Contains("pooling block takes 2 parameter(s), got 1", Assert.Throws<ArgumentException>(() => PoolingBlock.Append(b, 0, 1, [0.1])).Message, StringComparison.Ordinal);
        Assert.Contains("two distinct qubits", Assert.Throws<ArgumentException>(() => PoolingBlock.Append(b, 2, 2, "p")).Message, StringComparison.Ordinal);
        Assert.Contains("8 qubits, got 7", Assert.Throws<ArgumentException>(() => HurQcnn.AppendAnsatz(new CircuitBuilder(8), ConvolutionBlock.TTN, [0, 1, 2, 3, 4, 5, 6])).Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => HurQcnn.AppendAnsatz(new CircuitBuilder(8), ConvolutionBlock.TTN, [0, 1, 2, 3, 4, 5, 6, 6])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvolutionBlocks.ParameterCount((ConvolutionBlock)42));
    }
}
