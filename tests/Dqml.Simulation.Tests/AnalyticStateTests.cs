using System.Numerics;
using Dqml.Circuits;
using Dqml.Testing;

namespace Dqml.Simulation.Tests;

public class AnalyticStateTests
{
    private static readonly StateVectorSimulator Sim = new();

    [Fact]
    public void RunUnitary_BellCircuit_GivesBellState()
    {
        var s = Sim.RunUnitary(new CircuitBuilder(2).H(0).CX(0, 1).Build());
        double r = 1 / Math.Sqrt(2);
        StateAssert.AmplitudesEqual([r, 0, 0, r], s.Amplitudes);
        Assert.Equal(2, s.NumQubits);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void RunUnitary_GhzCircuit_GivesGhzState(int n)
    {
        var b = new CircuitBuilder(n).H(0);
        for (int q = 1; q < n; q++)
        {
            b.CX(q - 1, q);
        }

        var s = Sim.RunUnitary(b.Build());
        var expected = new Complex[1 << n];
        expected[0] = expected[^1] = 1 / Math.Sqrt(2);
        StateAssert.AmplitudesEqual(expected, s.Amplitudes);
        Assert.Equal(1.0, s.Expectation(PauliString.Parse(new string('X', n))), 12);
        Assert.Equal(1.0, s.Expectation(PauliString.Parse("ZZ" + new string('I', n - 2))), 12);
        Assert.Equal(0.0, s.Expectation(PauliString.Parse("Z" + new string('I', n - 1))), 12);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RunUnitary_WStateCascade_GivesWState(int n)
    {
        var b = new CircuitBuilder(n).X(0);
        for (int k = 0; k < n - 1; k++)
        {
            b.CRY(2 * Math.Acos(Math.Sqrt(1.0 / (n - k))), k, k + 1).CX(k + 1, k);
        }

        var s = Sim.RunUnitary(b.Build());
        var expected = new Complex[1 << n];
        for (int q = 0; q < n; q++)
        {
            expected[1 << q] = 1 / Math.Sqrt(n);
        }

        StateAssert.AmplitudesEqual(expected, s.Amplitudes);
    }

    public static TheoryData<int, int> QftCases()
    {
        var data = new TheoryData<int, int>();
        foreach (int n in new[] { 1, 2, 3, 4, 5 })
        {
            foreach (int j in new[] { 0, 1, (1 << n) - 1, (1 << n) / 3, 5 % (1 << n) }.Distinct())
            {
                data.Add(n, j);
            }
        }

        return data;
    }

    /// <summary>Qiskit's QFT construction (with the final swaps).</summary>
    private static Circuit Qft(int n, int basisIndex)
    {
        var b = new CircuitBuilder(n);
        for (int q = 0; q < n; q++)
        {
            if (((basisIndex >> q) & 1) == 1)
            {
                b.X(q);
            }
        }

        for (int j = n - 1; j >= 0; j--)
        {
            b.H(j);
            for (int k = j - 1; k >= 0; k--)
            {
                b.CP(Math.PI * Math.Pow(2, k - j), j, k);
            }
        }

        for (int i = 0; i < n / 2; i++)
        {
            b.Swap(i, n - 1 - i);
        }

        return b.Build();
    }

    [Theory]
    [MemberData(nameof(QftCases))]
    public void RunUnitary_QftOfBasisState_MatchesDftFormula(int n, int j)
    {
        int dim = 1 << n;
        var expected = new Complex[dim];
        for (int k = 0; k < dim; k++)
        {
            expected[k] = Complex.FromPolarCoordinates(1 / Math.Sqrt(dim), 2 * Math.PI * j * k / dim);
        }

        StateAssert.AmplitudesEqual(expected, Sim.RunUnitary(Qft(n, j)).Amplitudes, 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(10)]
    public void RunUnitary_HadamardOnAll_GivesUniformSuperposition(int n)
    {
        var b = new CircuitBuilder(n);
        for (int q = 0; q < n; q++)
        {
            b.H(q);
        }

        var s = Sim.RunUnitary(b.Build());
        double a = Math.Pow(2, -n / 2.0);
        StateAssert.AmplitudesEqual(Enumerable.Repeat(new Complex(a, 0), 1 << n).ToArray(), s.Amplitudes, 1e-13);
        StateAssert.ProbabilitiesEqual(Enumerable.Repeat(1.0 / (1 << n), 1 << n).ToArray(), s.Probabilities(), 1e-13);
    }

    [Fact]
    public void BitOrder_XOnQubitZeroOfThree_SetsIndexOne()
    {
        var s = Sim.RunUnitary(new CircuitBuilder(3).X(0).Build());
        var expected = new Complex[8];
        expected[1] = 1;
        StateAssert.AmplitudesEqual(expected, s.Amplitudes, 0);
        var s2 = Sim.RunUnitary(new CircuitBuilder(3).X(2).Build());
        Assert.Equal(Complex.One, s2.Amplitudes[4]);
    }

    [Fact]
    public void BitOrder_PauliLabelRightmostCharacter_IsQubitZero()
    {
        var s = Sim.RunUnitary(new CircuitBuilder(3).X(2).Build()); // |100>
        Assert.Equal(-1.0, s.Expectation(PauliString.Parse("ZII")), 15);
        Assert.Equal(1.0, s.Expectation(PauliString.Parse("IIZ")), 15);
        Assert.Equal(-1.0, s.Expectation(PauliString.Parse("Z2")), 15);
        Assert.Equal(1.0, s.Expectation(PauliString.Parse("Z0")), 15);
        Assert.Equal(-1.0, s.Expectation(PauliString.Parse("Z0 Z2")), 15);
    }

    [Fact]
    public void BitOrder_CXControlIsFirstArgument()
    {
        var s = Sim.RunUnitary(new CircuitBuilder(2).X(0).CX(0, 1).Build());
        Assert.Equal(Complex.One, s.Amplitudes[3]);
        var t = Sim.RunUnitary(new CircuitBuilder(2).X(1).CX(0, 1).Build());
        Assert.Equal(Complex.One, t.Amplitudes[2]);
    }

    [Fact]
    public void RunUnitary_BarriersIgnored_EmptyCircuitIsZeroState()
    {
        var s = Sim.RunUnitary(new CircuitBuilder(3).Barrier().Build());
        Assert.Equal(Complex.One, s.Amplitudes[0]);
        Assert.Equal(1.0, s.Norm(), 15);
    }
}
