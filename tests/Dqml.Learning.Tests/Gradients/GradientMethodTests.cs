using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Distributed;
using Dqml.Learning.Gradients;
using Dqml.Simulation;
using Dqml.Simulation.Measurements;

namespace Dqml.Learning.Tests.Gradients;

/// <summary>Adjoint, parameter-shift, finite-difference and shot-based gradients agree with each other and with closed forms.</summary>
public class GradientMethodTests
{
    private static readonly StateVectorSimulator Sv = new();
    private static readonly Symbol Theta = new("theta", SymbolKind.Trainable);

    private static void AssertGradientsEqual((double Value, double[] Gradient) expected, (double Value, double[] Gradient) actual, double tolerance, string context)
    {
        Assert.True(Math.Abs(expected.Value - actual.Value) <= tolerance, $"{context}: value {actual.Value:R} vs {expected.Value:R}");
        Assert.Equal(expected.Gradient.Length, actual.Gradient.Length);
        for (int j = 0; j < expected.Gradient.Length; j++)
        {
            Assert.True(Math.Abs(expected.Gradient[j] - actual.Gradient[j]) <= tolerance, $"{context}: d/dp{j} {actual.Gradient[j]:R} vs {expected.Gradient[j]:R}");
        }
    }

    private static ParameterValues Values(params (string Name, double Value)[] values)
        => new(values.Select(v => new KeyValuePair<string, double>(v.Name, v.Value)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void ValueAndGradient_RandomParametrizedCircuit_AdjointEqualsParameterShiftEqualsFiniteDifferences(int seed)
    {
        var c = GradientTestCircuits.Random(seed);
        var adjoint = new AdjointDifferentiation().ValueAndGradient(c.Circuit, c.Trainables, c.Values, c.Observable);
        var shift = new ParameterShift(Sv).ValueAndGradient(c.Circuit, c.Trainables, c.Values, c.Observable);
        var fd = new FiniteDifference(Sv).ValueAndGradient(c.Circuit, c.Trainables, c.Values, c.Observable);

        Assert.Equal(Sv.RunExact(c.Circuit, c.Values).Expectation(c.Observable), adjoint.Value, 12);
        AssertGradientsEqual(adjoint, shift, 1e-9, $"seed {seed}: parameter shift vs adjoint");
        AssertGradientsEqual(adjoint, fd, 1e-6, $"seed {seed}: finite differences vs adjoint");
        Assert.Contains(adjoint.Gradient, g => Math.Abs(g) > 1e-3);
    }

    [Fact]
    public void ValueAndGradient_DataInputsDifferentiatedToo_AdjointEqualsFiniteDifferences()
    {
        var c = GradientTestCircuits.Random(11, numQubits: 3, gates: 20);
        Symbol[] all = [.. c.Inputs, .. c.Trainables];
        var adjoint = new AdjointDifferentiation().ValueAndGradient(c.Circuit, all, c.Values, c.Observable);
        var fd = new FiniteDifference(Sv).ValueAndGradient(c.Circuit, all, c.Values, c.Observable);
        var shift = new ParameterShift(Sv, maxDegreeOfParallelism: 4).ValueAndGradient(c.Circuit, all, c.Values, c.Observable);
        AssertGradientsEqual(fd, adjoint, 1e-6, "adjoint");
        AssertGradientsEqual(adjoint, shift, 1e-9, "parameter shift");
        Assert.True(Math.Abs(adjoint.Gradient[0]) > 1e-6, "x0 appears as 2*x0 + theta: its derivative is non-trivial");
    }

    [Theory]
    [InlineData(-2.5)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(2.0)]
    public void ValueAndGradient_RxOnZeroMeasuredInZ_DerivativeIsMinusSin(double theta)
    {
        var circuit = new CircuitBuilder(1).RX(new SymbolExpr(Theta), 0).Build();
        var values = Values(("theta", theta));
        PauliSum z = PauliString.Parse("Z");
        IGradientMethod[] methods = [new AdjointDifferentiation(), new ParameterShift(Sv), new FiniteDifference(Sv), new ParameterShift(new DensityMatrixSimulator())];
        foreach (var m in methods)
        {
            var (value, gradient) = m.ValueAndGradient(circuit, [Theta], values, z);
            Assert.True(Math.Abs(Math.Cos(theta) - value) <= 1e-12, $"{m.Name}: value {value:R}");
            Assert.True(Math.Abs(-Math.Sin(theta) - gradient[0]) <= (m is FiniteDifference ? 1e-8 : 1e-12), $"{m.Name}: derivative {gradient[0]:R}");
        }

        var shots = new ShotParameterShift(20_000, seed: 3).Estimate(circuit, [Theta], values, z);
        Assert.True(Math.Abs(-Math.Sin(theta) - shots.Gradient[0]) <= (5 * shots.GradientStandardErrors[0]) + 1e-12, $"shots: {shots.Gradient[0]:R} +- {shots.GradientStandardErrors[0]:R}");
    }

    /// <summary>
    /// q0 is measured mid-circuit and its bit drives feed-forward rotations; q0 is later used only as a
    /// control, q1 is measured and then only conditions a gate: every measurement is deferrable.
    /// </summary>
    private static (Circuit Circuit, Symbol[] Parameters, ParameterValues Values, PauliSum Observable) FeedForwardCase()
    {
        var t = Enumerable.Range(0, 5).Select(i => new SymbolExpr(new Symbol($"t{i}", SymbolKind.Trainable))).ToArray();
        var x0 = ParamExpr.Input("x0");
        var circuit = new CircuitBuilder(3, 2)
            .RY(t[0], 0)
            .CRY(t[1] * t[2], 0, 1)
            .H(2)
            .Measure(0, 0)
            .If(0, true, b => b.RX((2.0 * x0) + t[1], 1))
            .If(0, false, b => b.RY(t[2], 2))
            .RZZ(t[3], 1, 2)
            .CP(t[0], 0, 2)
            .Measure(1, 1)
            .If(1, true, b => b.U(t[3], t[4], t[0], 2))
            .RY(t[4], 2)
            .Build();
        var values = Values(("t0", 0.9), ("t1", -0.4), ("t2", 1.3), ("t3", 0.6), ("t4", -1.1), ("x0", 0.35));
        var observable = PauliSum.Parse("Z0 Z1 + 0.7 X2 + 0.3 X0 + 0.5 Y1 Z2 - 0.4 Z1 Y2");
        return (circuit, [.. t.Select(s => s.Symbol)], values, observable);
    }

    [Fact]
    public void ValueAndGradient_DeferredMidCircuitMeasurementWithFeedForward_AdjointEqualsParameterShiftEqualsFiniteDifferences()
    {
        var (circuit, parameters, values, observable) = FeedForwardCase();
        var analysis = DeferredMeasurement.Analyse(circuit);
        Assert.All(circuit.Instructions.Select((ins, i) => (ins, i)).Where(p => p.ins is Measurement), p => Assert.True(analysis[p.i], $"measurement {p.i} deferrable"));

        var adjoint = new AdjointDifferentiation().ValueAndGradient(circuit, parameters, values, observable);
        var shift = new ParameterShift(Sv).ValueAndGradient(circuit, parameters, values, observable);
        var branched = new ParameterShift(new StateVectorSimulator(new SimulatorOptions { DeferMeasurements = false })).ValueAndGradient(circuit, parameters, values, observable);
        var fd = new FiniteDifference(Sv).ValueAndGradient(circuit, parameters, values, observable);
        var fdDensity = new FiniteDifference(new DensityMatrixSimulator()).ValueAndGradient(circuit, parameters, values, observable);

        AssertGradientsEqual(adjoint, shift, 1e-9, "parameter shift (deferred)");
        AssertGradientsEqual(adjoint, branched, 1e-9, "parameter shift (branched)");
        AssertGradientsEqual(adjoint, fd, 1e-6, "finite differences");
        AssertGradientsEqual(adjoint, fdDensity, 1e-6, "finite differences (density matrix)");
        Assert.All(adjoint.Gradient, g => Assert.True(Math.Abs(g) > 1e-4, $"every parameter matters here, got {g:R}"));
    }

    [Fact]
    public void ValueAndGradient_NoisyCircuitOnDensityMatrix_ParameterShiftEqualsFiniteDifferences()
    {
        var c = GradientTestCircuits.Random(21, numQubits: 3, gates: 16, numTrainables: 4);
        var noisy = new List<Instruction>();
        foreach (var ins in c.Circuit.Instructions)
        {
            noisy.Add(ins);
            if (ins is GateOperation g)
            {
                noisy.Add(new NoiseChannelOperation("depolarizing", [0.02], [g.Qubits[0]]));
                noisy.Add(new NoiseChannelOperation("amplitude_damping", [0.03], [g.Qubits[^1]]));
            }
        }

        var circuit = c.Circuit.WithInstructions(noisy);
        var dm = new DensityMatrixSimulator();
        var shift = new ParameterShift(dm, maxDegreeOfParallelism: 4).ValueAndGradient(circuit, c.Trainables, c.Values, c.Observable);
        var fd = new FiniteDifference(dm).ValueAndGradient(circuit, c.Trainables, c.Values, c.Observable);
        var noiseless = new AdjointDifferentiation().ValueAndGradient(c.Circuit, c.Trainables, c.Values, c.Observable);

        AssertGradientsEqual(fd, shift, 1e-6, "noisy parameter shift");
        Assert.True(noiseless.Gradient.Zip(shift.Gradient).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "the noise changes the gradient");
        Assert.Throws<NotSupportedException>(() => new AdjointDifferentiation().ValueAndGradient(circuit, c.Trainables, c.Values, c.Observable));
    }

    [Fact]
    public void Estimate_ShotBasedParameterShift_WithinFiveStandardErrorsOfExact()
    {
        var c = GradientTestCircuits.Random(31, numQubits: 3, gates: 8, numTrainables: 4);
        var exact = new AdjointDifferentiation().ValueAndGradient(c.Circuit, c.Trainables, c.Values, c.Observable);
        var estimator = new ShotParameterShift(2000, seed: 17, maxDegreeOfParallelism: 4);
        var est = estimator.Estimate(c.Circuit, c.Trainables, c.Values, c.Observable);

        Assert.True(est.ValueStandardError > 0);
        Assert.True(Math.Abs(est.Value - exact.Value) <= 5 * est.ValueStandardError, $"value {est.Value:R} +- {est.ValueStandardError:R} vs {exact.Value:R}");
        for (int j = 0; j < exact.Gradient.Length; j++)
        {
            Assert.True(est.GradientStandardErrors[j] > 0 && est.GradientStandardErrors[j] < 0.2, $"standard error {est.GradientStandardErrors[j]:R}");
            Assert.True(Math.Abs(est.Gradient[j] - exact.Gradient[j]) <= 5 * est.GradientStandardErrors[j], $"d/dp{j}: {est.Gradient[j]:R} +- {est.GradientStandardErrors[j]:R} vs {exact.Gradient[j]:R}");
        }

        var again = new ShotParameterShift(2000, seed: 17).Estimate(c.Circuit, c.Trainables, c.Values, c.Observable);
        Assert.Equal(est.Value, again.Value);
        Assert.Equal(est.Gradient, again.Gradient);
        Assert.NotEqual(est.Gradient, estimator.Estimate(c.Circuit, c.Trainables, c.Values, c.Observable, seed: 18).Gradient);
        Assert.Equal(2000, est.ShotsPerExpectation);
    }

    [Fact]
    public void Estimate_ShotBasedOnFeedForwardCircuit_WithinFiveStandardErrorsOfExact()
    {
        var (circuit, parameters, values, observable) = FeedForwardCase();
        var exact = new AdjointDifferentiation().ValueAndGradient(circuit, parameters, values, observable);
        var est = new ShotParameterShift(1500, seed: 5, maxDegreeOfParallelism: 8).Estimate(circuit, parameters, values, observable);
        Assert.True(Math.Abs(est.Value - exact.Value) <= 5 * est.ValueStandardError, $"value {est.Value:R} +- {est.ValueStandardError:R} vs {exact.Value:R}");
        for (int j = 0; j < exact.Gradient.Length; j++)
        {
            Assert.True(Math.Abs(est.Gradient[j] - exact.Gradient[j]) <= 5 * est.GradientStandardErrors[j], $"d/dp{j}: {est.Gradient[j]:R} +- {est.GradientStandardErrors[j]:R} vs {exact.Gradient[j]:R}");
        }
    }

    [Fact]
    public void ValueAndGradient_ParameterShiftThroughKnitting_EqualsAdjointOnMonolithicCircuit()
    {
        var t = Enumerable.Range(0, 4).Select(i => new SymbolExpr(new Symbol($"t{i}", SymbolKind.Trainable))).ToArray();
        var circuit = new CircuitBuilder(4)
            .RY(t[0], 0).RY(t[1], 2).H(1).CX(0, 1)
            .CRZ(t[2], 0, 2)
            .RZZ(t[0] * t[1], 1, 3)
            .RX(t[3], 3).RY(t[2], 1)
            .Build();
        var values = Values(("t0", 0.8), ("t1", -1.2), ("t2", 2.1), ("t3", 0.4));
        var observable = PauliSum.Parse("Z0 Z2 + 0.5 Z3 - 0.8 Z1 Z3 + 0.2");
        Symbol[] parameters = [.. t.Select(s => s.Symbol)];

        var knitted = CostFunctions.Distributed(Architecture.TwoProcessors(), [0, 0, 1, 1], new Knitting());
        var shift = new ParameterShift(knitted).ValueAndGradient(circuit, parameters, values, observable);
        var adjoint = new AdjointDifferentiation().ValueAndGradient(circuit, parameters, values, observable);
        AssertGradientsEqual(adjoint, shift, 1e-9, "knitted parameter shift");

        var offDiagonal = PauliSum.Parse("X0");
        Assert.Throws<ArgumentException>(() => new ParameterShift(knitted).ValueAndGradient(circuit, parameters, values, offDiagonal));
    }

    [Fact]
    public void ValueAndGradient_GateWithoutShiftRule_ParameterShiftThrowsNamingGateAndAdjointWorks()
    {
        var circuit = new CircuitBuilder(2).H(0).Gate(StandardGates.CU, [0, 1], new SymbolExpr(Theta), 0.3, new SymbolExpr(Theta) * 2.0, -0.2).Build();
        var values = Values(("theta", 0.7));
        var observable = PauliSum.Parse("X1 + 0.5 Z0 Y1");
        var e = Assert.Throws<InvalidOperationException>(() => new ParameterShift(Sv).ValueAndGradient(circuit, [Theta], values, observable));
        Assert.Contains("gate 'cu'", e.Message, StringComparison.Ordinal);
        Assert.Contains("instruction 1", e.Message, StringComparison.Ordinal);

        var adjoint = new AdjointDifferentiation().ValueAndGradient(circuit, [Theta], values, observable);
        var fd = new FiniteDifference(Sv).ValueAndGradient(circuit, [Theta], values, observable);
        AssertGradientsEqual(fd, adjoint, 1e-7, "cu by matrix differentiation");
    }

    [Fact]
    public void ValueAndGradient_U3AllThreeParametersSymbolic_AdjointEqualsParameterShift()
    {
        var a = new Symbol("a", SymbolKind.Trainable);
        var b = new Symbol("b", SymbolKind.Trainable);
        var circuit = new CircuitBuilder(2).H(1)
            .Gate(StandardGates.U3, [0], new SymbolExpr(a), new SymbolExpr(b), new SymbolExpr(a) * new SymbolExpr(b))
            .Gate(StandardGates.CU3, [1, 0], new SymbolExpr(b), new SymbolExpr(a), 0.4)
            .Build();
        var values = Values(("a", 0.9), ("b", -1.7));
        var observable = PauliSum.Parse("X0 + 0.3 Y0 Z1 - Z0");
        var adjoint = new AdjointDifferentiation().ValueAndGradient(circuit, [a, b], values, observable);
        var shift = new ParameterShift(Sv).ValueAndGradient(circuit, [a, b], values, observable);
        AssertGradientsEqual(adjoint, shift, 1e-9, "u3 / cu3");
    }

    /// <summary>exp(-i t P / 2) for a Pauli product P on four qubits (X on argument 0, Y on 1, Z on 2, X on 3).</summary>
    private static GateDefinition FourQubitRotation()
    {
        Complex[] x = [0, 1, 1, 0], y = [0, -Complex.ImaginaryOne, Complex.ImaginaryOne, 0], z = [1, 0, 0, -1];
        var pauli = MatrixMath.Kron(x, 2, MatrixMath.Kron(z, 2, MatrixMath.Kron(y, 2, x, 2), 4), 8);
        Complex[] Matrix(ReadOnlySpan<double> p)
        {
            var m = new Complex[256];
            for (int i = 0; i < 256; i++)
            {
                m[i] = (-Complex.ImaginaryOne * Math.Sin(p[0] / 2) * pauli[i]) + (i % 17 == 0 ? Math.Cos(p[0] / 2) : 0);
            }

            return m;
        }

        return GateDefinition.Create("rxyzx", 4, 1, Matrix, shiftRules: [GateDefinition.TwoTermRule], generator: _ => [.. pauli.Select(v => v / 2)]);
    }

    /// <summary>A two-parameter two-qubit gate with no generator: RY(a) (x) RZ(b) then CX, as one matrix.</summary>
    private static GateDefinition TwoParameterGate() => GateDefinition.Create("ryrz_cx", 2, 2, p =>
        MatrixMath.Multiply(StandardGates.CX.Matrix([]), MatrixMath.Kron(StandardGates.RZ.Matrix([p[1]]), 2, StandardGates.RY.Matrix([p[0]]), 2), 4),
        shiftRules: [GateDefinition.TwoTermRule, GateDefinition.TwoTermRule]);

    [Fact]
    public void ValueAndGradient_WideAndCustomGates_AdjointEqualsParameterShiftEqualsFiniteDifferences()
    {
        var a = new Symbol("a", SymbolKind.Trainable);
        var b = new Symbol("b", SymbolKind.Trainable);
        var c = new Symbol("c", SymbolKind.Trainable);
        ParamExpr A = new SymbolExpr(a), B = new SymbolExpr(b), C = new SymbolExpr(c);
        var circuit = new CircuitBuilder(5, 1)
            .H(0).RY(0.4, 1).H(2).RX(-0.3, 3).H(4)
            .Gate(FourQubitRotation(), [4, 1, 3, 0], A * B)
            .Gate(GateDefinition.Controlled(StandardGates.RZX, 1), [2, 0, 3], C)
            .Gate(TwoParameterGate(), [3, 1], B, A - C)
            .Measure(2, 0)
            .If(0, true, x => x.Gate(StandardGates.RXX, [1, 4], C * 2.0))
            .Gate(FourQubitRotation(), [0, 3, 4, 1], A)
            .Build();
        var values = Values(("a", 0.7), ("b", -1.1), ("c", 1.9));
        var observable = PauliSum.Parse("X0 Y1 + 0.6 Z3 X4 - 0.4 Z2 Z0 + 0.3 Y3");
        Symbol[] parameters = [a, b, c];
        var adjoint = new AdjointDifferentiation().ValueAndGradient(circuit, parameters, values, observable);
        var shift = new ParameterShift(Sv).ValueAndGradient(circuit, parameters, values, observable);
        var fd = new FiniteDifference(Sv).ValueAndGradient(circuit, parameters, values, observable);
        AssertGradientsEqual(shift, adjoint, 1e-9, "adjoint vs parameter shift");
        AssertGradientsEqual(fd, adjoint, 1e-6, "adjoint vs finite differences");
        Assert.All(adjoint.Gradient, g => Assert.True(Math.Abs(g) > 1e-3, $"gradient entry {g:R}"));
    }

    [Fact]
    public void ValueAndGradient_AdjointOnResetOrNonDeferrableMeasurement_ThrowsPointingToParameterShift()
    {
        var reset = new CircuitBuilder(1).RX(new SymbolExpr(Theta), 0).Reset(0).RY(new SymbolExpr(Theta), 0).Build();
        var measured = new CircuitBuilder(1, 1).RX(new SymbolExpr(Theta), 0).Measure(0, 0).RY(new SymbolExpr(Theta), 0).Build();
        var values = Values(("theta", 0.3));
        foreach (var c in new[] { reset, measured })
        {
            var e = Assert.Throws<NotSupportedException>(() => new AdjointDifferentiation().ValueAndGradient(c, [Theta], values, PauliString.Parse("Z")));
            Assert.Contains("ParameterShift", e.Message, StringComparison.Ordinal);
            Assert.Contains("instruction 1", e.Message, StringComparison.Ordinal);

            // Parameter shift on an exact backend handles both.
            var shift = new ParameterShift(Sv).ValueAndGradient(c, [Theta], values, PauliString.Parse("Z"));
            var fd = new FiniteDifference(Sv).ValueAndGradient(c, [Theta], values, PauliString.Parse("Z"));
            AssertGradientsEqual(fd, shift, 1e-7, c.ToString());
        }
    }

    [Fact]
    public void ValueAndGradient_BadParameterLists_Rejected()
    {
        var circuit = new CircuitBuilder(1).RX((2.0 * ParamExpr.Input("x0")) + new SymbolExpr(Theta), 0).Build();
        var unused = new Symbol("unused", SymbolKind.Trainable);
        var values = Values(("theta", 0.3), ("x0", 0.1), ("unused", 5));
        PauliSum z = PauliString.Parse("Z");
        IGradientMethod[] methods = [new AdjointDifferentiation(), new ParameterShift(Sv), new FiniteDifference(Sv), new ShotParameterShift(100, 1)];
        foreach (var m in methods)
        {
            Assert.Throws<ArgumentException>(() => m.ValueAndGradient(circuit, [Theta, Theta], values, z));
            Assert.Throws<ArgumentException>(() => m.ValueAndGradient(circuit, [new Symbol("nope", SymbolKind.Trainable)], values, z));
            Assert.ThrowsAny<InvalidOperationException>(() => m.ValueAndGradient(circuit, [Theta], Values(("theta", 0.3)), z));
            var (_, g) = m.ValueAndGradient(circuit, [unused, Theta], values, z);
            Assert.Equal(0, g[0]);
        }
    }
}
