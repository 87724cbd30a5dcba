using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Testing;

namespace Dqml.Simulation.Tests;

/// <summary>The state-vector backend against the naive dense reference on seeded random circuits.</summary>
public class ReferenceComparisonTests
{
    private static readonly StateVectorSimulator Sim = new();

    /// <summary>(qubits, circuits, gates per circuit): 356 circuits in all.</summary>
    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 1, 40, 30 }, { 2, 50, 30 }, { 3, 50, 30 }, { 4, 50, 30 }, { 5, 50, 30 },
        { 6, 40, 30 }, { 7, 30, 30 }, { 8, 24, 30 }, { 9, 12, 25 }, { 10, 10, 20 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RunUnitary_RandomCircuits_MatchDenseReference(int n, int circuits, int gates)
    {
        for (int i = 0; i < circuits; i++)
        {
            int seed = (1000 * n) + i;
            var c = RandomCircuits.Generate(n, gates, seed);
            var expected = DenseReferenceSimulator.RunUnitary(c);
            var actual = Sim.RunUnitary(c);
            StateAssert.AmplitudesEqual(expected, actual.Amplitudes, Tolerance.Default, $"n={n} seed={seed}");
            Assert.True(Math.Abs(actual.Norm() - 1) < 1e-12, $"n={n} seed={seed}: norm {actual.Norm():R}");
        }
    }

    [Theory]
    [InlineData(6, 11)]
    [InlineData(7, 12)]
    [InlineData(8, 13)]
    [InlineData(9, 14)]
    [InlineData(10, 15)]
    public void RunUnitary_WideMultiControlledGates_MatchDenseReference(int n, int seed)
    {
        var options = new RandomCircuitOptions { MaxGateQubits = n, CatalogGates = false };
        var c = RandomCircuits.Generate(n, 12, seed, options);
        Assert.Contains(c.Instructions.OfType<GateOperation>(), g => g.Gate.Definition.NumControls >= 3);
        StateAssert.AmplitudesEqual(DenseReferenceSimulator.RunUnitary(c), Sim.RunUnitary(c).Amplitudes, Tolerance.Default, $"seed={seed}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void RunUnitary_EveryCatalogGateOnEveryQubitPermutation_MatchesDenseReference(int n)
    {
        var rng = new Random(n);
        foreach (var gate in StandardGates.All.Where(g => g.NumQubits <= n))
        {
            foreach (var perm in Permutations(n, gate.NumQubits).Where((_, i) => i < 24))
            {
                var psi = RandomCircuits.RandomState(n, rng);
                var ps = Enumerable.Range(0, gate.NumParameters).Select(_ => (Dqml.Circuits.Parameters.ParamExpr)((rng.NextDouble() * 4 * Math.PI) - (2 * Math.PI))).ToArray();
                var op = new GateOperation(new Gate(gate, [.. ps]), [.. perm]);
                var expected = DenseMatrix.Multiply(DenseReferenceSimulator.GateMatrix(op, n), psi);
                var sv = StateVector.FromAmplitudes(psi);
                sv.Apply(op.Gate, perm);
                StateAssert.AmplitudesEqual(expected, sv.Amplitudes, Tolerance.Default, $"{gate.Name} on [{string.Join(",", perm)}] of {n}");
            }
        }
    }

    private static IEnumerable<int[]> Permutations(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        foreach (var rest in Permutations(n, k - 1))
        {
            for (int q = 0; q < n; q++)
            {
                if (Array.IndexOf(rest, q) < 0)
                {
                    yield return [.. rest, q];
                }
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void RunUnitary_SymbolicParameters_MatchDenseReference(int n)
    {
        for (int seed = 0; seed < 15; seed++)
        {
            var rc = RandomCircuits.GenerateParametrized(n, 25, (n * 100) + seed);
            var expected = DenseReferenceSimulator.RunUnitary(rc.Circuit, rc.Values);
            StateAssert.AmplitudesEqual(expected, Sim.RunUnitary(rc.Circuit, rc.Values).Amplitudes, Tolerance.Default, $"seed={seed}");
            StateAssert.AmplitudesEqual(expected, Sim.RunUnitary(rc.Circuit.Bind(rc.Values)).Amplitudes, Tolerance.Default, $"bound, seed={seed}");
        }
    }

    [Fact]
    public void RunUnitary_UnboundSymbol_ThrowsNamingIt()
    {
        var c = new CircuitBuilder(1).RX(Dqml.Circuits.Parameters.ParamExpr.Trainable("theta7"), 0).Build();
        var ex = Assert.ThrowsAny<InvalidOperationException>(() => Sim.RunUnitary(c));
        Assert.Contains("theta7", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void Expectation_RandomPauliStrings_MatchDenseReference(int n)
    {
        var rng = new Random(n * 7);
        for (int i = 0; i < 12; i++)
        {
            var c = RandomCircuits.Generate(n, 20, (n * 31) + i);
            var psi = DenseReferenceSimulator.RunUnitary(c);
            var sv = Sim.RunUnitary(c);
            for (int t = 0; t < 10; t++)
            {
                string label = RandomCircuits.RandomPauliLabel(n, rng);
                double expected = DenseReferenceSimulator.ExpectationOfPauliString(psi, label);
                Assert.True(Math.Abs(expected - sv.Expectation(PauliString.Parse(label))) < 1e-10, $"<{label}> seed {i}: expected {expected:R}, actual {sv.Expectation(PauliString.Parse(label)):R}");
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    public void Expectation_PauliSum_MatchesDenseReference(int n)
    {
        var rng = new Random(n * 13);
        for (int i = 0; i < 10; i++)
        {
            var c = RandomCircuits.Generate(n, 25, (n * 57) + i);
            var psi = DenseReferenceSimulator.RunUnitary(c);
            var terms = new List<(double, PauliString)>();
            var dense = new Complex[1 << n, 1 << n];
            var text = new System.Text.StringBuilder();
            for (int t = 0; t < 6; t++)
            {
                string label = RandomCircuits.RandomPauliLabel(n, rng);
                double coef = Math.Round((rng.NextDouble() * 4) - 2, 3);
                terms.Add((coef, PauliString.Parse(label)));
                dense = DenseMatrix.Add(dense, DenseMatrix.Scale(DenseMatrix.PauliString(label), coef));
                text.Append(coef < 0 ? " - " : " + ").Append(Math.Abs(coef).ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append('*').Append(label);
            }

            double expected = DenseMatrix.ExpectationValue(dense, psi).Real;
            var sv = Sim.RunUnitary(c);
            Assert.True(Math.Abs(expected - sv.Expectation(new PauliSum(terms))) < 1e-10, $"seed {i}: constructed sum");
            Assert.True(Math.Abs(expected - sv.Expectation(PauliSum.Parse(text.ToString()))) < 1e-10, $"seed {i}: parsed '{text}'");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void ReducedDensityMatrix_RandomSubsets_MatchDensePartialTrace(int n)
    {
        var rng = new Random(n * 17);
        for (int i = 0; i < 10; i++)
        {
            var c = RandomCircuits.Generate(n, 25, (n * 71) + i);
            var psi = DenseReferenceSimulator.RunUnitary(c);
            var sv = Sim.RunUnitary(c);
            for (int t = 0; t < 5; t++)
            {
                int k = 1 + rng.Next(Math.Min(n, 4));
                var keep = RandomCircuits.Distinct(n, k, rng); // random order: often not sorted
                var expected = DenseReferenceSimulator.ReducedDensityMatrix(psi, keep);
                ComplexAssert.MatrixEqual(expected, sv.ReducedDensityMatrix(keep), Tolerance.Default, $"seed {i}, qubits [{string.Join(",", keep)}]");
            }
        }
    }

    [Fact]
    public void ReducedDensityMatrix_ReversedOrder_IsSwapConjugate()
    {
        // |q1 q0> = |01>: reduced on [0, 1] has the 1 at index 1; on [1, 0] at index 2.
        var sv = Sim.RunUnitary(new CircuitBuilder(2).X(0).Build());
        Assert.Equal(Complex.One, sv.ReducedDensityMatrix([0, 1])[1, 1]);
        Assert.Equal(Complex.One, sv.ReducedDensityMatrix([1, 0])[2, 2]);
    }

    [Fact]
    public void ReducedDensityMatrix_InvalidSubset_Throws()
    {
        var sv = new StateVector(3);
        Assert.ThrowsAny<ArgumentException>(() => sv.ReducedDensityMatrix([0, 0]));
        Assert.ThrowsAny<ArgumentException>(() => sv.ReducedDensityMatrix([3]));
    }

    [Fact]
    public void StateVector_FromAmplitudesAndClone_AreIndependentCopies()
    {
        var psi = RandomCircuits.RandomState(3, new Random(4));
        var sv = StateVector.FromAmplitudes(psi);
        Assert.Equal(3, sv.NumQubits);
        psi[0] = 99;
        Assert.NotEqual(new Complex(99, 0), sv.Amplitudes[0]);
        var clone = sv.Clone();
        sv.Amplitudes[1] = 42;
        Assert.NotEqual(new Complex(42, 0), clone.Amplitudes[1]);
        Assert.Throws<ArgumentException>(() => StateVector.FromAmplitudes(new Complex[3]));
        Assert.Throws<ArgumentException>(() => StateVector.FromAmplitudes([]));
    }

    [Fact]
    public void StateVector_NewState_IsAllZeros()
    {
        var sv = new StateVector(4);
        Assert.Equal(16, sv.Amplitudes.Length);
        Assert.Equal(Complex.One, sv.Amplitudes[0]);
        Assert.Equal(1.0, sv.Norm());
        Assert.Equal(1.0, sv.Probabilities()[0]);
    }

    [Fact]
    public void StateVector_Apply_WrongArityOrQubit_Throws()
    {
        var sv = new StateVector(2);
        Assert.ThrowsAny<ArgumentException>(() => sv.Apply(new Gate(StandardGates.CX), [0]));
        Assert.ThrowsAny<ArgumentException>(() => sv.Apply(new Gate(StandardGates.X), [2]));
    }

    [Fact]
    public void StateVector_Apply_RepeatedQubit_Throws()
    {
        // Circuits reject repeated qubits; the direct state API must not silently apply a malformed gate.
        var sv = new StateVector(2);
        sv.Apply(new Gate(StandardGates.H), [0]);
        Assert.ThrowsAny<ArgumentException>(() => sv.Apply(new Gate(StandardGates.CX), [0, 0]));
    }

    [Fact]
    public void ReducedDensityMatrix_AllOrNoQubits_GivesFullMatrixOrTrace()
    {
        var c = RandomCircuits.Generate(3, 20, 6);
        var psi = DenseReferenceSimulator.RunUnitary(c);
        var sv = Sim.RunUnitary(c);
        ComplexAssert.MatrixEqual(DenseMatrix.Outer(psi), sv.ReducedDensityMatrix([0, 1, 2]), 1e-12);
        var empty = sv.ReducedDensityMatrix([]);
        Assert.Equal(1, empty.GetLength(0));
        ComplexAssert.Equal(Complex.One, empty[0, 0], 1e-12);
    }

    [Fact]
    public void RunUnitary_NonUnitaryInstructions_Throw()
    {
        var measure = new CircuitBuilder(1, 1).H(0).Measure(0, 0).Build();
        var reset = new CircuitBuilder(1).Reset(0).Build();
        var cond = new CircuitBuilder(1, 1).If(0, true, b => b.X(0)).Build();
        var noise = new CircuitBuilder(1).Noise("depolarizing", [0.1], 0).Build();
        Assert.ThrowsAny<InvalidOperationException>(() => Sim.RunUnitary(measure));
        Assert.ThrowsAny<InvalidOperationException>(() => Sim.RunUnitary(reset));
        Assert.ThrowsAny<InvalidOperationException>(() => Sim.RunUnitary(cond));
        Assert.ThrowsAny<InvalidOperationException>(() => Sim.RunUnitary(noise));
    }

    [Fact]
    public void RunUnitary_InverseCircuit_ReturnsToZeroState()
    {
        for (int seed = 0; seed < 10; seed++)
        {
            var c = RandomCircuits.Generate(5, 30, seed);
            var all = c.WithInstructions(c.Instructions.Concat(c.Inverse().Instructions));
            var s = Sim.RunUnitary(all);
            Assert.True((s.Amplitudes[0] - Complex.One).Magnitude < 1e-10, $"seed {seed}: <0|U^dagger U|0> = {s.Amplitudes[0]}");
        }
    }
}
