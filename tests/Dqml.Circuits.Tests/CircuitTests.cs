using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Testing;

namespace Dqml.Circuits.Tests;

public class CircuitTests
{
    private static GateOperation Op(GateDefinition g, int[] qubits, params ParamExpr[] parameters) => new(new Gate(g, [.. parameters]), [.. qubits]);

    [Fact]
    public void Constructor_QubitOutOfRange_NamesInstruction()
    {
        var ex = Assert.Throws<CircuitValidationException>(() => new Circuit(2, 0, [Op(StandardGates.H, [0]), Op(StandardGates.CX, [0, 5])]));
        Assert.Contains("instruction 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("qubit 5 is out of range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NegativeQubit_Rejected()
    {
        var ex = Assert.Throws<CircuitValidationException>(() => new Circuit(2, 0, [Op(StandardGates.X, [-1])]));
        Assert.Contains("instruction 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ClbitOutOfRange_NamesInstruction()
    {
        var ex = Assert.Throws<CircuitValidationException>(() => new Circuit(2, 1, [Op(StandardGates.H, [0]), new Measurement(0, 3)]));
        Assert.Contains("instruction 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("classical bit 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RepeatedQubit_NamesInstruction()
    {
        var ex = Assert.Throws<CircuitValidationException>(() => new Circuit(3, 0, [Op(StandardGates.CCX, [0, 1, 0])]));
        Assert.Contains("instruction 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ccx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WrongArity_NamesInstruction()
    {
        var ex = Assert.Throws<CircuitValidationException>(() => new Circuit(3, 0, [Op(StandardGates.X, [0]), Op(StandardGates.X, [0]), Op(StandardGates.CX, [1])]));
        Assert.Contains("instruction 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'cx' acts on 2 qubit(s) but was given 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WrongParameterCount_NamesInstruction()
    {
        var ex = Assert.Throws<CircuitValidationException>(() => new Circuit(1, 0, [Op(StandardGates.RX, [0])]));
        Assert.Contains("instruction 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'rx' takes 1 parameter(s) but was given 0", ex.Message, StringComparison.Ordinal);
        Assert.Throws<CircuitValidationException>(() => new Circuit(1, 0, [Op(StandardGates.H, [0], 1.0)]));
    }

    [Fact]
    public void Constructor_BadConditions_Rejected()
    {
        var body = Op(StandardGates.X, [0]);
        var e1 = Assert.Throws<CircuitValidationException>(() => new Circuit(1, 1, [new Conditioned(new BitCondition(2, true), body)]));
        Assert.Contains("instruction 0", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<CircuitValidationException>(() => new Circuit(1, 2, [new Conditioned(new RegisterCondition([0, 1], 4), body)]));
        Assert.Contains("does not fit", e2.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<CircuitValidationException>(() => new Circuit(1, 1, [new Conditioned(new BitCondition(0, true), new Conditioned(new BitCondition(0, true), body))]));
        Assert.Contains("nested", e3.Message, StringComparison.Ordinal);
        var e4 = Assert.Throws<CircuitValidationException>(() => new Circuit(1, 1, [new Conditioned(new BitCondition(0, true), Op(StandardGates.X, [4]))]));
        Assert.Contains("qubit 4", e4.Message, StringComparison.Ordinal);
        Assert.Throws<CircuitValidationException>(() => new Circuit(1, 1, [new Conditioned(new RegisterCondition([], 0), body)]));
    }

    [Fact]
    public void Constructor_ResetAndBarrierAndNoise_QubitsChecked()
    {
        Assert.Throws<CircuitValidationException>(() => new Circuit(1, 0, [new Reset(1)]));
        Assert.Throws<CircuitValidationException>(() => new Circuit(2, 0, [new Barrier([0, 0])]));
        Assert.Throws<CircuitValidationException>(() => new Circuit(2, 0, [new NoiseChannelOperation("depolarizing", [0.1], [2])]));
    }

    [Fact]
    public void Properties_DefaultRegistersAndCounts_AreConsistent()
    {
        var c = new CircuitBuilder(3, 2).H(0).CX(0, 1).Barrier().Measure(0, 0).If(0, true, b => b.X(2)).Build();
        Assert.Equal(3, c.NumQubits);
        Assert.Equal(2, c.NumClbits);
        Assert.Equal(new Register("q", 0, 3), Assert.Single(c.QuantumRegisters));
        Assert.Equal(new Register("c", 0, 2), Assert.Single(c.ClassicalRegisters));
        Assert.Equal(3, c.GateCount);
        Assert.True(c.HasNonUnitary);
        Assert.Equal([0, 1, 2], Assert.IsType<Barrier>(c.Instructions[2]).Qubits.ToArray());
        Assert.False(new CircuitBuilder(2).H(0).Barrier().Build().HasNonUnitary);
        Assert.Empty(new Circuit(0, 0, []).QuantumRegisters);
    }

    [Fact]
    public void Register_Indexer_OutOfRangeThrows()
    {
        var r = new Register("anc", 4, 2);
        Assert.Equal(5, r[1]);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => r[2]);
        Assert.Contains("anc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_NamedRegisters_AllocateContiguousIndices()
    {
        var b = new CircuitBuilder(0);
        var q = b.AddQuantumRegister("q", 2);
        var anc = b.AddQuantumRegister("anc", 1);
        var c = b.AddClassicalRegister("c", 2);
        var flag = b.AddClassicalRegister("flag", 1);
        b.H(q[0]).CX(q[0], anc[0]).Measure(anc[0], flag[0]).IfRegister(flag, 1, x => x.X(q[1]));
        var circuit = b.Build();
        Assert.Equal(3, circuit.NumQubits);
        Assert.Equal(3, circuit.NumClbits);
        Assert.Equal([q, anc], circuit.QuantumRegisters.ToArray());
        Assert.Equal([c, flag], circuit.ClassicalRegisters.ToArray());
        var cond = Assert.IsType<RegisterCondition>(Assert.IsType<Conditioned>(circuit.Instructions[^1]).Condition);
        Assert.Equal([2], cond.Clbits.ToArray());
        Assert.Equal(1UL, cond.Value);
        Assert.Equal("flag", cond.RegisterName);
    }

    [Fact]
    public void Builder_MeasureAll_AddsBits()
    {
        var c = new CircuitBuilder(3).H(0).MeasureAll().Build();
        Assert.Equal(3, c.NumClbits);
        Assert.Equal(3, c.Instructions.OfType<Measurement>().Count());
    }

    [Fact]
    public void Condition_IsSatisfied_ReadsBitsLeastSignificantFirst()
    {
        var cond = new RegisterCondition([0, 2], 0b01);
        Assert.True(cond.IsSatisfied([true, false, false]));
        Assert.False(cond.IsSatisfied([true, false, true]));
        Assert.True(new BitCondition(1, false).IsSatisfied([true, false]));
    }

    [Fact]
    public void Symbols_CollectedInFirstOccurrenceOrder()
    {
        var t0 = ParamExpr.Trainable("theta0");
        var x0 = ParamExpr.Input("x0");
        var c = new CircuitBuilder(2, 1).RX(2 * x0, 0).RY(t0, 1).RZ(t0 * x0, 0).Measure(0, 0)
            .If(0, true, b => b.P(ParamExpr.Trainable("phi"), 1)).Build();
        Assert.Equal(["x0", "theta0", "phi"], c.Symbols.Select(s => s.Name));
        Assert.Equal(SymbolKind.Input, c.Symbols[0].Kind);
    }

    [Fact]
    public void Bind_AllSymbols_MatchesNumericCircuit()
    {
        var rc = RandomCircuits.GenerateParametrized(4, 40, seed: 21);
        Assert.NotEmpty(rc.Circuit.Symbols);
        var bound = rc.Circuit.Bind(rc.Values);
        Assert.Empty(bound.Symbols);
        foreach (var g in bound.Instructions.OfType<GateOperation>())
        {
            Assert.All(g.Gate.Parameters, p => Assert.IsType<ConstantExpr>(p));
        }

        var expected = DenseReferenceSimulator.RunUnitary(rc.Circuit, rc.Values);
        StateAssert.AmplitudesEqual(expected, DenseReferenceSimulator.RunUnitary(bound), 1e-12);
    }

    [Fact]
    public void Bind_PartialValues_KeepsUnboundExpressions()
    {
        var c = new CircuitBuilder(1).RX(ParamExpr.Trainable("a") + ParamExpr.Trainable("b"), 0).RY(ParamExpr.Trainable("a"), 0).Build();
        var bound = c.Bind(new ParameterValues { ["a"] = 0.5 });
        Assert.Equal(["a", "b"], bound.Symbols.Select(s => s.Name));
        var ry = Assert.IsType<GateOperation>(bound.Instructions[1]);
        Assert.Equal(0.5, Assert.IsType<ConstantExpr>(ry.Gate.Parameters[0]).Number);
        var ex = Assert.Throws<UnboundParameterException>(() => DenseReferenceSimulator.RunUnitary(bound, new ParameterValues { ["a"] = 0.5 }));
        Assert.Equal("b", ex.Symbol.Name);
    }

    [Fact]
    public void Bind_ConditionedGate_IsBound()
    {
        var c = new CircuitBuilder(1, 1).Measure(0, 0).If(0, true, b => b.RX(ParamExpr.Trainable("t"), 0)).Build();
        var bound = c.Bind(new ParameterValues { ["t"] = 1.25 });
        var body = Assert.IsType<GateOperation>(Assert.IsType<Conditioned>(bound.Instructions[1]).Body);
        Assert.Equal(1.25, body.Gate.Parameters[0].Value);
        Assert.Empty(bound.Symbols);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(5, 4)]
    [InlineData(6, 5)]
    public void Inverse_RandomCircuitComposedWithIt_IsIdentity(int numQubits, int seed)
    {
        var c = RandomCircuits.Generate(numQubits, 30, seed);
        var inv = c.Inverse();
        Assert.Equal(c.Instructions.Length, inv.Instructions.Length);
        var u = DenseReferenceSimulator.Unitary(c);
        var v = DenseReferenceSimulator.Unitary(inv);
        ComplexAssert.MatrixEqual(DenseMatrix.Identity(1 << numQubits), DenseMatrix.Multiply(v, u), 1e-10, "inverse * circuit");
        ComplexAssert.MatrixEqual(DenseMatrix.Identity(1 << numQubits), DenseMatrix.Multiply(u, v), 1e-10, "circuit * inverse");
    }

    [Fact]
    public void Inverse_WithBoundParameters_IsIdentity()
    {
        var rc = RandomCircuits.GenerateParametrized(3, 25, seed: 8);
        var bound = rc.Circuit.Bind(rc.Values);
        var all = bound.WithInstructions(bound.Instructions.Concat(bound.Inverse().Instructions));
        ComplexAssert.MatrixEqual(DenseMatrix.Identity(8), DenseReferenceSimulator.Unitary(all), 1e-10);
    }

    [Fact]
    public void Inverse_NonUnitaryOrUnbound_Throws()
    {
        var measured = new CircuitBuilder(1, 1).H(0).Measure(0, 0).Build();
        var ex = Assert.Throws<InvalidOperationException>(measured.Inverse);
        Assert.Contains("instruction 1", ex.Message, StringComparison.Ordinal);
        var symbolic = new CircuitBuilder(1).RX(ParamExpr.Trainable("t"), 0).Build();
        Assert.ThrowsAny<InvalidOperationException>(symbolic.Inverse);
    }

    [Fact]
    public void Builder_BellCircuit_ProducesBellState()
    {
        var c = new CircuitBuilder(2).H(0).CX(0, 1).Build();
        var s = DenseReferenceSimulator.RunUnitary(c);
        double r = 1 / Math.Sqrt(2);
        StateAssert.AmplitudesEqual([r, 0, 0, r], s);
    }

    [Fact]
    public void Builder_Unitary_AppliesValidatedMatrix()
    {
        var u = RandomCircuits.HaarUnitary(4, new Random(3));
        var c = new CircuitBuilder(3).Unitary(u, 2, 0).Build();
        var op = Assert.IsType<GateOperation>(Assert.Single(c.Instructions));
        Assert.Equal([2, 0], op.Qubits.ToArray());
        Assert.Throws<ArgumentException>(() => new CircuitBuilder(1).Unitary(new Complex[,] { { 1, 1 }, { 1, 1 } }, 0));
    }

    [Fact]
    public void Builder_MCX_BuildsMultiControlledX()
    {
        var c = new CircuitBuilder(4).MCX([0, 1, 2], 3).Build();
        var op = Assert.IsType<GateOperation>(Assert.Single(c.Instructions));
        Assert.Equal(3, op.Gate.Definition.NumControls);
        var u = DenseReferenceSimulator.Unitary(c);
        ComplexAssert.MatrixEqual(Gates.Textbook.Gates["c3x"].Matrix([]), u, 0);
    }

    [Fact]
    public void Equality_GateOperations_CompareStructurally()
    {
        var a = Op(StandardGates.RX, [0], ParamExpr.Parse("2*x0"));
        var b = Op(StandardGates.RX, [0], ParamExpr.Parse("2*x0"));
        var c = Op(StandardGates.RX, [1], ParamExpr.Parse("2*x0"));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal("rx(2*x0) q[0]", a.ToString());
    }
}
