using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Testing;

namespace Dqml.Circuits.Tests.Gates;

public class ShiftRuleTests
{
    private const double Step = 1e-5;

    /// <summary>Catalog gates plus a few multi-controlled rotations.</summary>
    private static IEnumerable<GateDefinition> Gates() => StandardGates.All.Concat(
    [
        GateDefinition.Controlled(StandardGates.RX, 2),
        GateDefinition.Controlled(StandardGates.RY, 3),
        GateDefinition.Controlled(StandardGates.RZZ, 1),
        GateDefinition.Controlled(StandardGates.P, 2),
        GateDefinition.Controlled(StandardGates.U3, 2),
    ]);

    public static TheoryData<string, int> RuleCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var g in Gates())
        {
            for (int k = 0; k < g.NumParameters; k++)
            {
                if (!g.ShiftRules[k].IsEmpty)
                {
                    data.Add(g.Name, k);
                }
            }
        }

        return data;
    }

    public static TheoryData<string> GeneratorCases()
    {
        var data = new TheoryData<string>();
        foreach (var g in Gates().Where(g => g.GeneratorFactory is not null))
        {
            data.Add(g.Name);
        }

        return data;
    }

    private static GateDefinition Find(string name) => Gates().First(g => g.Name == name);

    [Fact]
    public void ShiftRules_OnePerParameter_ForEveryCatalogGate()
    {
        foreach (var g in Gates())
        {
            Assert.Equal(g.NumParameters, g.ShiftRules.Length);
        }

        // Rotations must have rules: the gradient code relies on them.
        foreach (var name in new[] { "rx", "ry", "rz", "p", "u1", "rxx", "ryy", "rzz", "rzx", "crx", "cry", "crz", "cp", "u3" })
        {
            var g = StandardGates.ByName[name];
            Assert.True(Enumerable.Range(0, g.NumParameters).All(k => !g.ShiftRules[k].IsEmpty), $"{name} has no shift rule");
        }
    }

    [Theory]
    [MemberData(nameof(RuleCases))]
    public void ShiftRule_OnRandomExpectation_MatchesCentralFiniteDifference(string name, int parameterIndex)
    {
        var gate = Find(name);
        var rng = new Random((name.Sum(ch => ch) * 31) + parameterIndex); // deterministic (string hashes are randomised per process)
        int d = gate.Dimension;
        for (int trial = 0; trial < 4; trial++)
        {
            var psi = RandomCircuits.RandomState(gate.NumQubits, rng);
            var obs = RandomCircuits.RandomHermitian(d, rng);
            var theta = Enumerable.Range(0, gate.NumParameters).Select(_ => (rng.NextDouble() * 4 * Math.PI) - (2 * Math.PI)).ToArray();

            double F(double t)
            {
                var p = (double[])theta.Clone();
                p[parameterIndex] = t;
                var phi = DenseMatrix.Multiply(DenseMatrix.FromRowMajor(gate.Matrix(p)), psi);
                return DenseMatrix.ExpectationValue(obs, phi).Real;
            }

            double t0 = theta[parameterIndex];
            double fd = (F(t0 + Step) - F(t0 - Step)) / (2 * Step);
            double rule = gate.ShiftRules[parameterIndex].Sum(term => term.Coefficient * F(t0 + term.Shift));
            Assert.True(Math.Abs(fd - rule) < 1e-6, $"{name} parameter {parameterIndex}, theta = [{string.Join(", ", theta)}]: rule {rule:R}, finite difference {fd:R}");
        }
    }

    [Theory]
    [MemberData(nameof(GeneratorCases))]
    public void Generator_Derivative_EqualsMinusIGU(string name)
    {
        var gate = Find(name);
        Assert.Equal(1, gate.NumParameters);
        var rng = new Random(name.Length * 31);
        int d = gate.Dimension;
        foreach (double t in new[] { 0.0, 0.7, -2.4, 5.9, (rng.NextDouble() * 4 * Math.PI) - (2 * Math.PI) })
        {
            var g = DenseMatrix.FromRowMajor(gate.Generator([t])!);
            Assert.True(DenseMatrix.MaxAbsDifference(g, DenseMatrix.Adjoint(g)) < 1e-15, $"{name}: generator is not Hermitian");
            var u = DenseMatrix.FromRowMajor(gate.Matrix([t]));
            var up = DenseMatrix.FromRowMajor(gate.Matrix([t + Step]));
            var um = DenseMatrix.FromRowMajor(gate.Matrix([t - Step]));
            var fd = DenseMatrix.Scale(DenseMatrix.Add(up, DenseMatrix.Scale(um, -1)), 1 / (2 * Step));
            var expected = DenseMatrix.Scale(DenseMatrix.Multiply(g, u), -Complex.ImaginaryOne);
            ComplexAssert.MatrixEqual(expected, fd, 1e-6, $"{name} at t = {t}");
        }
    }

    [Theory]
    [MemberData(nameof(GeneratorCases))]
    public void Generator_AtZero_MatrixIsIdentity(string name)
    {
        // U(t) = exp(-i t G) exactly (the constant right factor is the identity for the catalog).
        var gate = Find(name);
        ComplexAssert.MatrixEqual(DenseMatrix.ToRowMajor(DenseMatrix.Identity(gate.Dimension)), gate.Matrix([0.0]), 1e-15, name);
    }
}
