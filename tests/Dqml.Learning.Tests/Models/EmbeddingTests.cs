using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Learning.Gradients;
using Dqml.Learning.Models.Embeddings;
using Dqml.Simulation;
using Dqml.Testing;

namespace Dqml.Learning.Tests.Models;

/// <summary>Embeddings prepare the analytic states, read the features they are given, and reject bad input.</summary>
public class EmbeddingTests
{
    private static readonly StateVectorSimulator Sv = new();

    private static ParameterValues Features(params double[] x)
        => new(x.Select((v, i) => new KeyValuePair<string, double>($"x{i}", v)));

    private static Complex[] State(Circuit circuit, IParameterSource? values = null) => Sv.RunUnitary(circuit, values).Amplitudes.ToArray();

    private static Complex[] Kron(Complex[] high, Complex[] low)
    {
        var r = new Complex[high.Length * low.Length];
        for (int i = 0; i < high.Length; i++)
        {
            for (int j = 0; j < low.Length; j++)
            {
                r[(i * low.Length) + j] = high[i] * low[j];
            }
        }

        return r;
    }

    private static double[] RandomVector(int seed, int length, double lo, double hi)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => lo + ((hi - lo) * rng.NextDouble()))];
    }

    // ---- angle embedding

    [Theory]
    [InlineData(0.3, 2.1)]
    [InlineData(-1.2, 3.0)]
    public void AngleEmbedding_RyOnTwoQubits_ProductOfCosSin(double x0, double x1)
    {
        var circuit = new AngleEmbedding().ToCircuit(2);
        // qubit 0 is the low bit: |q1 q0>.
        Complex[] q0 = [Math.Cos(x0 / 2), Math.Sin(x0 / 2)];
        Complex[] q1 = [Math.Cos(x1 / 2), Math.Sin(x1 / 2)];
        ComplexAssert.AllClose(Kron(q1, q0), State(circuit, Features(x0, x1)));
    }

    [Fact]
    public void AngleEmbedding_RxWithScale_ScaledAngle()
    {
        double x0 = 0.7, x1 = -0.4, s = 2.5;
        var circuit = new AngleEmbedding(new AngleEmbeddingOptions { Rotation = RotationAxis.X, Scale = s }).ToCircuit(2);
        Complex i = Complex.ImaginaryOne;
        Complex[] q0 = [Math.Cos(s * x0 / 2), -i * Math.Sin(s * x0 / 2)];
        Complex[] q1 = [Math.Cos(s * x1 / 2), -i * Math.Sin(s * x1 / 2)];
        ComplexAssert.AllClose(Kron(q1, q0), State(circuit, Features(x0, x1)));
        Assert.Equal("angle-rx", new AngleEmbedding(new AngleEmbeddingOptions { Rotation = RotationAxis.X }).Name);
    }

    [Fact]
    public void AppendInputs_FeatureIndices_QubitsReadTheirProcessorsFeatures()
    {
        // processor B = qubits 2, 3 reads x2, x3; processor A = qubits 0, 1 reads x0, x1.
        var b = new CircuitBuilder(4);
        var e = new AngleEmbedding();
        e.AppendInputs(b, [2, 3], [2, 3]);
        e.AppendInputs(b, [0, 1], [0, 1]);
        var circuit = b.Build();
        Assert.Equal(["x2", "x3", "x0", "x1"], circuit.Symbols.Select(s => s.Name));
        Assert.All(circuit.Symbols, s => Assert.Equal(SymbolKind.Input, s.Kind));

        double[] x = [0.1, 0.9, 1.7, 2.6];
        Complex[] Q(double v) => [Math.Cos(v / 2), Math.Sin(v / 2)];
        var expected = Kron(Kron(Kron(Q(x[3]), Q(x[2])), Q(x[1])), Q(x[0]));
        ComplexAssert.AllClose(expected, State(circuit, Features(x)));
    }

    [Fact]
    public void AppendValues_ConstantFeatures_NoSymbolsSameState()
    {
        var b = new CircuitBuilder(2);
        new AngleEmbedding().AppendValues(b, [0, 1], [0.4, 1.1]);
        var constant = b.Build();
        Assert.Empty(constant.Symbols);
        ComplexAssert.AllClose(State(new AngleEmbedding().ToCircuit(2), Features(0.4, 1.1)), State(constant));
    }

    // ---- dense angle embedding

    [Fact]
    public void DenseAngleEmbedding_Defaults_RyThenRzInterleaved()
    {
        double[] x = [0.8, -1.3, 2.2, 0.5];
        var circuit = new DenseAngleEmbedding().ToCircuit(2);
        Complex[] Q(double polar, double azimuth) =>
            [Complex.FromPolarCoordinates(Math.Cos(polar / 2), -azimuth / 2), Complex.FromPolarCoordinates(Math.Sin(polar / 2), azimuth / 2)];
        ComplexAssert.AllClose(Kron(Q(x[2], x[3]), Q(x[0], x[1])), State(circuit, Features(x)));
        Assert.Equal(4, new DenseAngleEmbedding().FeatureCount(2));
    }

    [Fact]
    public void DenseAngleEmbedding_HurCompact_RxOfFirstHalfThenRyOfSecondHalf()
    {
        double[] x = [0.8, -1.3, 2.2, 0.5];
        var circuit = new DenseAngleEmbedding(DenseAngleEmbeddingOptions.HurCompact).ToCircuit(2);
        var expected = new CircuitBuilder(2).RX(0.8, 0).RX(-1.3, 1).RY(2.2, 0).RY(0.5, 1).Build();
        ComplexAssert.AllClose(State(expected), State(circuit, Features(x)));
    }

    // ---- ZZ feature map and IQP

    /// <summary>One repetition from |00&gt;: amplitude(z) = 1/2 exp(-i/2 (a0 z0 + a1 z1 + a01 z0 z1)).</summary>
    private static Complex[] ZZOneRep(double a0, double a1, double a01)
    {
        var r = new Complex[4];
        for (int idx = 0; idx < 4; idx++)
        {
            int z0 = 1 - (2 * (idx & 1)), z1 = 1 - (2 * ((idx >> 1) & 1));
            r[idx] = Complex.FromPolarCoordinates(0.5, -0.5 * ((a0 * z0) + (a1 * z1) + (a01 * z0 * z1)));
        }

        return r;
    }

    [Theory]
    [InlineData(0.4, 1.9)]
    [InlineData(-2.0, 0.6)]
    public void ZZFeatureMap_Defaults_AnalyticTwoQubitState(double x0, double x1)
    {
        var circuit = new ZZFeatureMap().ToCircuit(2);
        ComplexAssert.AllClose(ZZOneRep(x0, x1, x0 * x1), State(circuit, Features(x0, x1)));
    }

    [Fact]
    public void ZZFeatureMap_GateOrder_HThenRzThenRzzPerRep()
    {
        var circuit = new ZZFeatureMap(new ZZFeatureMapOptions { Reps = 2 }).ToCircuit(3);
        string[] names = [.. circuit.Instructions.Cast<Dqml.Circuits.Instructions.GateOperation>().Select(g => g.Gate.Name)];
        string[] rep = ["h", "h", "h", "rz", "rz", "rz", "rzz", "rzz"];
        Assert.Equal([.. rep, .. rep], names);
    }

    [Fact]
    public void ZZFeatureMap_TwoRepsHavlicekDouble_MatchesDenseProduct()
    {
        double x0 = 0.9, x1 = -0.35;
        var options = new ZZFeatureMapOptions { Reps = 2, SingleFeature = ZZSingleFeature.Double, PairFeature = ZZPairFeature.Havlicek, PairScale = 2 };
        Assert.Equal(options, ZZFeatureMapOptions.Qiskit(EntanglementPattern.Linear));
        var circuit = new ZZFeatureMap(options).ToCircuit(2);

        double a0 = 2 * x0, a1 = 2 * x1, a01 = 2 * (Math.PI - x0) * (Math.PI - x1);
        var diag = ZZOneRep(a0, a1, a01); // = D (H(x)H) |00>, and D is diagonal with entries 2 * diag
        double h = 0.5;
        var state = diag;
        var next = new Complex[4];
        for (int r = 0; r < 4; r++)
        {
            Complex s = 0;
            for (int c = 0; c < 4; c++)
            {
                int sign = (System.Numerics.BitOperations.PopCount((uint)(r & c)) & 1) == 0 ? 1 : -1;
                s += h * sign * state[c];
            }

            next[r] = 2 * diag[r] * s; // D_rr = 2 * diag[r] since diag = D * (1/2, 1/2, 1/2, 1/2)
        }

        ComplexAssert.AllClose(next, State(circuit, Features(x0, x1)));
    }

    [Fact]
    public void ZZFeatureMapOptions_Patterns_ListPairs()
    {
        Assert.Equal([(0, 1), (1, 2), (2, 3)], new ZZFeatureMapOptions().PairsFor(4));
        Assert.Equal([(0, 1), (1, 2), (2, 3), (3, 0)], new ZZFeatureMapOptions { Entanglement = EntanglementPattern.Circular }.PairsFor(4));
        Assert.Equal([(0, 1)], new ZZFeatureMapOptions { Entanglement = EntanglementPattern.Circular }.PairsFor(2));
        Assert.Equal([(0, 1), (0, 2), (1, 2)], new ZZFeatureMapOptions { Entanglement = EntanglementPattern.Full }.PairsFor(3));
        Assert.Equal([(2, 0)], new ZZFeatureMapOptions { Entanglement = EntanglementPattern.Explicit, Pairs = [(2, 0)] }.PairsFor(3));
    }

    [Fact]
    public void IqpEmbedding_ThreeQubits_AnalyticPhaseState()
    {
        double[] x = [0.5, -1.1, 1.7];
        var circuit = new IqpEmbedding().ToCircuit(3);
        var expected = new Complex[8];
        for (int idx = 0; idx < 8; idx++)
        {
            var z = Enumerable.Range(0, 3).Select(q => 1 - (2 * ((idx >> q) & 1))).ToArray();
            double phase = 0;
            for (int i = 0; i < 3; i++)
            {
                phase += x[i] * z[i];
                for (int j = i + 1; j < 3; j++)
                {
                    phase += x[i] * x[j] * z[i] * z[j];
                }
            }

            expected[idx] = Complex.FromPolarCoordinates(1 / Math.Sqrt(8), -0.5 * phase);
        }

        ComplexAssert.AllClose(expected, State(circuit, Features(x)));
        var zzFull = new ZZFeatureMap(new ZZFeatureMapOptions { Entanglement = EntanglementPattern.Full }).ToCircuit(3);
        ComplexAssert.AllClose(expected, State(zzFull, Features(x)));
    }

    // ---- amplitude encoding

    [Fact]
    public void NormalizedAmplitudes_PadsAndNormalises()
    {
        var a = AmplitudeEmbedding.NormalizedAmplitudes([3, 0, -4], 2);
        Assert.Equal([0.6, 0, -0.8, 0], a);
        Assert.Equal(3, AmplitudeEmbedding.QubitsFor(5));
        Assert.Equal(1, AmplitudeEmbedding.QubitsFor(1));
        Assert.Equal(8, AmplitudeEmbedding.QubitsFor(256));
    }

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(2, 4, 2)]
    [InlineData(3, 8, 3)]
    [InlineData(3, 5, 4)]
    [InlineData(4, 16, 5)]
    [InlineData(5, 32, 6)]
    public void AmplitudeEmbedding_RandomSignedFeatures_StateIsNormalisedVector(int numQubits, int numFeatures, int seed)
    {
        var x = RandomVector(seed, numFeatures, -2, 2);
        var expected = AmplitudeEmbedding.NormalizedAmplitudes(x, numQubits).Select(v => (Complex)v).ToArray();

        var sb = new CircuitBuilder(numQubits);
        new AmplitudeEmbedding().AppendInputs(sb, [.. Enumerable.Range(0, numQubits)], [.. Enumerable.Range(0, numFeatures)]);
        var symbolic = sb.Build();
        Assert.Equal(numFeatures, symbolic.Symbols.Length);
        ComplexAssert.AllClose(expected, State(symbolic, Features(x)), 1e-12, "symbolic");

        var b = new CircuitBuilder(numQubits);
        new AmplitudeEmbedding().AppendValues(b, [.. Enumerable.Range(0, numQubits)], x);
        var constant = b.Build();
        Assert.Empty(constant.Symbols);
        ComplexAssert.AllClose(expected, State(constant), 1e-12, "constant");
    }

    [Fact]
    public void AmplitudeEmbedding_EightQubits256Features_StateIsNormalisedVector()
    {
        var x = RandomVector(17, 256, 0, 1);
        var circuit = new AmplitudeEmbedding().ToCircuit(8);
        var expected = AmplitudeEmbedding.NormalizedAmplitudes(x, 8).Select(v => (Complex)v).ToArray();
        ComplexAssert.AllClose(expected, State(circuit, Features(x)), 1e-12);
    }

    [Fact]
    public void AmplitudeEmbedding_ZeroBlocksAndSigns_ExactAmplitudes()
    {
        // zero halves at every level, a negative leaf with a zero partner (angle 2 pi), a lone negative entry.
        double[] x = [0, 0, 0, 0, -1.5, 0, 0, 2];
        var expected = AmplitudeEmbedding.NormalizedAmplitudes(x, 3).Select(v => (Complex)v).ToArray();
        ComplexAssert.AllClose(expected, State(new AmplitudeEmbedding().ToCircuit(3), Features(x)), 1e-12);

        var b = new CircuitBuilder(3);
        new AmplitudeEmbedding().AppendValues(b, [0, 1, 2], x);
        ComplexAssert.AllClose(expected, State(b.Build()), 1e-12);
    }

    [Fact]
    public void AmplitudeEmbedding_PermutedQubitsInLargerRegister_BitJOnJthListedQubit()
    {
        var x = RandomVector(9, 8, -1, 1);
        int[] qubits = [3, 0, 2]; // bit 0 of the feature index on qubit 3, bit 1 on qubit 0, bit 2 on qubit 2
        var b = new CircuitBuilder(5);
        new AmplitudeEmbedding().AppendInputs(b, qubits);
        var state = State(b.Build(), Features(x));
        var a = AmplitudeEmbedding.NormalizedAmplitudes(x, 3);
        var expected = new Complex[32];
        for (int i = 0; i < 8; i++)
        {
            int idx = 0;
            for (int j = 0; j < 3; j++)
            {
                idx |= ((i >> j) & 1) << qubits[j];
            }

            expected[idx] = a[i];
        }

        ComplexAssert.AllClose(expected, state, 1e-12);
    }

    [Fact]
    public void AmplitudeEmbedding_GradientWithRespectToInputs_AdjointEqualsFiniteDifferences()
    {
        var b = new CircuitBuilder(3);
        new AmplitudeEmbedding().AppendInputs(b, [0, 1, 2]);
        b.RY(ParamExpr.Trainable("t0"), 0).CX(0, 2).RX(ParamExpr.Trainable("t1"), 1);
        var circuit = b.Build();
        var x = RandomVector(23, 8, -1, 1);
        var values = new ParameterValues(x.Select((v, i) => new KeyValuePair<string, double>($"x{i}", v))
            .Append(new("t0", 0.3)).Append(new("t1", -0.8)));
        var observable = PauliSum.Parse("Z0 + 0.5 X1 Z2 + 0.3 Y0 X2");
        Symbol[] all = [.. circuit.Symbols];
        var adjoint = new AdjointDifferentiation().ValueAndGradient(circuit, all, values, observable);
        var fd = new FiniteDifference(Sv).ValueAndGradient(circuit, all, values, observable);
        var shift = new ParameterShift(Sv).ValueAndGradient(circuit, all, values, observable);
        Assert.Equal(fd.Value, adjoint.Value, 12);
        for (int j = 0; j < all.Length; j++)
        {
            Assert.True(Math.Abs(fd.Gradient[j] - adjoint.Gradient[j]) <= 1e-6, $"{all[j]}: adjoint {adjoint.Gradient[j]:R} vs fd {fd.Gradient[j]:R}");
            Assert.True(Math.Abs(shift.Gradient[j] - adjoint.Gradient[j]) <= 1e-9, $"{all[j]}: shift {shift.Gradient[j]:R} vs adjoint {adjoint.Gradient[j]:R}");
        }

        Assert.Contains(adjoint.Gradient.Take(8), g => Math.Abs(g) > 1e-3);
    }

    [Fact]
    public void Atan2Expr_EvaluatesDifferentiatesAndFolds()
    {
        var y = ParamExpr.Input("x0");
        var x = ParamExpr.Input("x1");
        var e = Atan2Expr.Create(y, x);
        var values = Features(-0.7, 0.4);
        Assert.Equal(Math.Atan2(-0.7, 0.4), e.Evaluate(values), 15);
        var s0 = new Symbol("x0", SymbolKind.Input);
        var s1 = new Symbol("x1", SymbolKind.Input);
        double r2 = (0.7 * 0.7) + (0.4 * 0.4);
        Assert.Equal(0.4 / r2, e.Derivative(s0).Evaluate(values), 14);
        Assert.Equal(0.7 / r2, e.Derivative(s1).Evaluate(values), 14);
        Assert.Equal(0.0, e.Derivative(new Symbol("t", SymbolKind.Trainable)).Value);
        Assert.Equal([s0, s1], e.Symbols.ToArray());
        Assert.Equal("atan2(x0, x1)", e.ToText());
        Assert.IsType<ConstantExpr>(Atan2Expr.Create(1.0, -1.0));
        Assert.Equal(0.75 * Math.PI, Atan2Expr.Create(1.0, -1.0).Value, 15);
    }

    // ---- bad input

    [Fact]
    public void Append_WrongNumberOfFeatures_ArgumentExceptionNamingEmbedding()
    {
        var b = new CircuitBuilder(3);
        var e1 = Assert.Throws<ArgumentException>(() => new AngleEmbedding().AppendInputs(b, [0, 1, 2], [0, 1]));
        Assert.Contains("angle embedding on 3 qubit(s) reads 3 feature(s), got 2", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => new DenseAngleEmbedding().AppendInputs(b, [0, 1], [0, 1, 2]));
        Assert.Contains("reads 4 feature(s), got 3", e2.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<ArgumentException>(() => new ZZFeatureMap().Append(b, [0, 1], FeatureSymbols.Range(0, 3)));
        Assert.Contains("ZZ feature map", e3.Message, StringComparison.Ordinal);
        var e4 = Assert.Throws<ArgumentException>(() => new AmplitudeEmbedding().Append(b, [0, 1], FeatureSymbols.Range(0, 5)));
        Assert.Contains("at most 4 features, got 5", e4.Message, StringComparison.Ordinal);
        var e5 = Assert.Throws<ArgumentException>(() => new AmplitudeEmbedding(new AmplitudeEmbeddingOptions { PadWithZeros = false }).Append(b, [0, 1], FeatureSymbols.Range(0, 3)));
        Assert.Contains("PadWithZeros", e5.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_RepeatedEmptyOrOutOfRangeQubits_ArgumentException()
    {
        var b = new CircuitBuilder(3);
        IEmbedding[] embeddings = [new AngleEmbedding(), new DenseAngleEmbedding(), new ZZFeatureMap(), new IqpEmbedding(), new AmplitudeEmbedding()];
        foreach (var e in embeddings)
        {
            var repeated = Assert.Throws<ArgumentException>(() => e.AppendInputs(b, [0, 2, 0]));
            Assert.Contains("qubit 0 appears twice", repeated.Message, StringComparison.Ordinal);
            var empty = Assert.Throws<ArgumentException>(() => e.AppendInputs(b, []));
            Assert.Contains("qubit list is empty", empty.Message, StringComparison.Ordinal);
            var range = Assert.Throws<ArgumentException>(() => e.AppendInputs(b, [0, 3]));
            Assert.Contains("qubit 3 (position 1) is out of range for a 3-qubit circuit", range.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FeatureIndices_NegativeOrRepeated_ArgumentException()
    {
        var b = new CircuitBuilder(2);
        Assert.Contains("appears twice", Assert.Throws<ArgumentException>(() => new AngleEmbedding().AppendInputs(b, [0, 1], [3, 3])).Message, StringComparison.Ordinal);
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => new AngleEmbedding().AppendInputs(b, [0, 1], [-1, 0])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AmplitudeEncoding_AllZeroOrTooManyFeatures_ArgumentException()
    {
        Assert.Contains("all zeros", Assert.Throws<ArgumentException>(() => AmplitudeEmbedding.NormalizedAmplitudes([0, 0, 0], 2)).Message, StringComparison.Ordinal);
        Assert.Contains("at most 4 features, got 5", Assert.Throws<ArgumentException>(() => AmplitudeEmbedding.NormalizedAmplitudes([1, 2, 3, 4, 5], 2)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => AmplitudeEmbedding.NormalizedAmplitudes([1, double.NaN], 1));
        var b = new CircuitBuilder(2);
        Assert.Contains("all zeros", Assert.Throws<ArgumentException>(() => new AmplitudeEmbedding().AppendValues(b, [0, 1], [0, 0, 0])).Message, StringComparison.Ordinal);
        Assert.Contains("exceeds the supported", Assert.Throws<ArgumentException>(() => new AmplitudeEmbedding().AppendInputs(new CircuitBuilder(11), [.. Enumerable.Range(0, 11)], [0])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_InvalidValues_ArgumentExceptionNamingTheOption()
    {
        Assert.Equal("Reps", Assert.Throws<ArgumentException>(() => new ZZFeatureMapOptions { Reps = 0 }).ParamName);
        Assert.Equal("Reps", Assert.Throws<ArgumentException>(() => new IqpEmbeddingOptions { Reps = -1 }).ParamName);
        Assert.Equal("Scale", Assert.Throws<ArgumentException>(() => new AngleEmbeddingOptions { Scale = double.NaN }).ParamName);
        Assert.Equal("Scale", Assert.Throws<ArgumentException>(() => new DenseAngleEmbeddingOptions { Scale = 0 }).ParamName);
        Assert.Equal("PairScale", Assert.Throws<ArgumentException>(() => new ZZFeatureMapOptions { PairScale = double.PositiveInfinity }).ParamName);
        Assert.Equal("Rotation", Assert.Throws<ArgumentException>(() => new AngleEmbeddingOptions { Rotation = (RotationAxis)7 }).ParamName);
        Assert.Equal("Pairs", Assert.Throws<ArgumentException>(() => new ZZFeatureMapOptions { Pairs = [(0, 1), (1, 0)] }).ParamName);
        Assert.Equal("Pairs", Assert.Throws<ArgumentException>(() => new IqpEmbeddingOptions { Pairs = [(2, 2)] }).ParamName);
        Assert.Contains("needs Pairs", Assert.Throws<ArgumentException>(() => new ZZFeatureMapOptions { Entanglement = EntanglementPattern.Explicit }.PairsFor(3)).Message, StringComparison.Ordinal);
        Assert.Contains("only read with", Assert.Throws<ArgumentException>(() => new ZZFeatureMapOptions { Pairs = [(0, 1)] }.PairsFor(3)).Message, StringComparison.Ordinal);
        Assert.Contains("out of range", Assert.Throws<ArgumentException>(() => new ZZFeatureMap(new ZZFeatureMapOptions { Entanglement = EntanglementPattern.Explicit, Pairs = [(0, 5)] }).ToCircuit(3)).Message, StringComparison.Ordinal);
        Assert.Contains("both RY", Assert.Throws<ArgumentException>(() => new DenseAngleEmbedding(new DenseAngleEmbeddingOptions { Second = RotationAxis.Y })).Message, StringComparison.Ordinal);
    }
}
