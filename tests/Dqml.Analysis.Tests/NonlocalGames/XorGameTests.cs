using Dqml.Analysis.Entanglement;
using Dqml.Analysis.NonlocalGames;
using Dqml.Simulation;

namespace Dqml.Analysis.Tests.NonlocalGames;

public class XorGameTests
{
    [Fact]
    public void Chsh_ClassicalValue_IsThreeQuartersFromSixteenStrategies()
    {
        var best = XorGame.Chsh.ClassicalValue();
        Assert.Equal(0.75, best.WinProbability, 15);
        Assert.Equal(16, best.Enumerated);
        // The four parities a_s XOR b_t sum to 0 mod 2 while the targets sum to 1: every strategy wins 3 or 1 of 4.
        Assert.Equal(8, best.OptimalCount);
        Assert.Equal(0.75, ChshGame.ClassicalValue(), 15);
    }

    [Fact]
    public void Chsh_QuantumValue_IsCosSquaredPiOverEight()
    {
        Assert.Equal(Math.Pow(Math.Cos(Math.PI / 8), 2), ChshGame.QuantumValue(), 12);
        Assert.Equal(ChshGame.TsirelsonValue, ChshGame.QuantumValue(), 12);
        Assert.Equal(0.853553, ChshGame.QuantumValue(), 6);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.9)]
    [InlineData(1 / 1.4142135623730951)]
    [InlineData(0.5)]
    [InlineData(0.0)]
    public void Chsh_WernerPair_MatchesVisibilityFormula(double v)
    {
        Assert.Equal(0.5 + (v / (2 * Math.Sqrt(2))), ChshGame.NoisyValue(v), 12);
        Assert.Equal(ChshGame.WernerValueFormula(v), ChshGame.NoisyValue(v), 12);
    }

    [Fact]
    public void Werner_SimulatedPair_IsTheWernerMatrix()
    {
        var rho = SharedPairs.Werner(0.6);
        Assert.Equal((1 + (3 * 0.6)) / 4, StateMeasures.Fidelity(SharedPairs.PhiPlus(), rho), 12);
        Assert.Equal(0.25 * 0.4, rho[1, 1].Real, 12);
        Assert.Equal(0.5 * 0.6, rho[0, 3].Real, 12);
    }

    [Fact]
    public void Chsh_ProductState_CannotBeatClassical()
    {
        // |00> gives a = b = 0 on Z, random on X: at most the classical value.
        double win = XorGame.Chsh.QuantumWinProbability(new StateVector(2), [0.0, 0.0], [0.0, 0.0]);
        Assert.Equal(0.75, win, 12);
    }

    [Fact]
    public void Chsh_PartiallyEntangledPair_IsBetweenClassicalAndTsirelson()
    {
        double win = XorGame.Chsh.QuantumWinProbability(SharedPairs.PartiallyEntangled(0.5), ChshGame.OptimalAliceAngles.AsSpan(), ChshGame.OptimalBobAngles.AsSpan());
        Assert.InRange(win, 0.75, ChshGame.TsirelsonValue);
    }

    [Fact]
    public void MeasurementDistribution_PhiPlus_HasCorrelatorCosOfAngleDifference()
    {
        var rho = DensityMatrix.FromPureState(SharedPairs.PhiPlus());
        foreach (var (a, b) in new[] { (0.0, 0.3), (1.1, -0.4), (Math.PI / 2, Math.PI / 4) })
        {
            var p = XorGame.MeasurementDistribution(rho, a, b);
            Assert.Equal(1.0, p.Sum(), 12);
            Assert.Equal(Math.Cos(a - b), p[0] + p[3] - p[1] - p[2], 12);
        }
    }

    [Fact]
    public void WinProbability_DeterministicBehaviour_MatchesEnumeration()
    {
        // a(s) = 0, b(t) = 0: wins on (0,0), (0,1), (1,0).
        Assert.Equal(0.75, ChshGame.Score((_, _) => [1, 0, 0, 0]), 15);
        // a = b = uniformly random, perfectly correlated: wins unless (1, 1).
        Assert.Equal(0.75, ChshGame.Score((_, _) => [0.5, 0, 0, 0.5]), 15);
    }

    [Fact]
    public void Score_DistributedClassifierWithCommunication_WinsAlwaysButSignals()
    {
        // If Bob learns s (classical communication), b = s AND t and a = 0 always wins; the behaviour signals.
        double[] Behaviour(int s, int t) => (s & t) == 1 ? [0, 0, 1, 0] : [1, 0, 0, 0];
        Assert.Equal(1.0, ChshGame.Score(Behaviour), 15);
        Assert.Equal(1.0, XorGame.Chsh.SignallingDeviation(Behaviour), 15);
    }

    [Fact]
    public void SignallingDeviation_QuantumBehaviour_IsZero()
    {
        var table = XorGame.Chsh.QuantumBehaviour(SharedPairs.Werner(0.8), ChshGame.OptimalAliceAngles.AsSpan(), ChshGame.OptimalBobAngles.AsSpan());
        Assert.True(XorGame.Chsh.SignallingDeviation((s, t) => table[s, t]) < 1e-12);
    }

    [Fact]
    public void WinProbability_MalformedBehaviour_IsAClearError()
    {
        Assert.Contains("sums to", Assert.Throws<ArgumentException>(() => ChshGame.Score((_, _) => [0.5, 0, 0, 0])).Message, StringComparison.Ordinal);
        Assert.Contains("4 probabilities", Assert.Throws<ArgumentException>(() => ChshGame.Score((_, _) => [1.0, 0])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneralXorGame_ClassicalAndQuantumValues()
    {
        // A 3 x 3 game with uniform questions: answers must agree when s == t and differ otherwise. The
        // enumeration is checked against a brute-force loop and its reported strategy.
        var pi = new double[3, 3];
        var f = new int[3, 3];
        for (int s = 0; s < 3; s++)
        {
            for (int t = 0; t < 3; t++)
            {
                pi[s, t] = 1.0 / 9;
                f[s, t] = s == t ? 0 : 1;
            }
        }

        var game = new XorGame(pi, f);
        double brute = 0;
        for (int a = 0; a < 8; a++)
        {
            for (int b = 0; b < 8; b++)
            {
                double w = 0;
                for (int s = 0; s < 3; s++)
                {
                    for (int t = 0; t < 3; t++)
                    {
                        w += (((a >> s) ^ (b >> t)) & 1) == f[s, t] ? 1.0 / 9 : 0;
                    }
                }

                brute = Math.Max(brute, w);
            }
        }

        var best = game.ClassicalValue();
        Assert.Equal(brute, best.WinProbability, 15);
        Assert.Equal(64, best.Enumerated);
        // The reported strategy achieves the value.
        double check = 0;
        for (int s = 0; s < 3; s++)
        {
            for (int t = 0; t < 3; t++)
            {
                check += game.Wins(s, t, best.Alice[s], best.Bob[t]) ? 1.0 / 9 : 0;
            }
        }

        Assert.Equal(best.WinProbability, check, 15);

        // Quantum value for given angles equals the correlator formula on |Phi+>: sum pi (1 + (-1)^f cos(a - b)) / 2.
        double[] alpha = [0, 2 * Math.PI / 3, 4 * Math.PI / 3];
        double[] beta = [Math.PI / 2, Math.PI / 2 + (2 * Math.PI / 3), Math.PI / 2 + (4 * Math.PI / 3)];
        double expected = 0;
        for (int s = 0; s < 3; s++)
        {
            for (int t = 0; t < 3; t++)
            {
                expected += (1 + ((f[s, t] == 0 ? 1 : -1) * Math.Cos(alpha[s] - beta[t]))) / 18;
            }
        }

        Assert.Equal(expected, game.QuantumWinProbability(alpha, beta), 12);
    }

    [Fact]
    public void Constructor_BadGame_IsAClearError()
    {
        Assert.Throws<ArgumentException>(() => new XorGame(new double[,] { { 0.5, 0.6 } }, new int[,] { { 0, 1 } }));
        Assert.Throws<ArgumentException>(() => new XorGame(new double[,] { { 0.5, 0.5 } }, new int[,] { { 0, 2 } }));
        Assert.Throws<ArgumentException>(() => new XorGame(new double[,] { { 1.0 } }, new int[,] { { 0, 1 } }));
        Assert.Throws<ArgumentException>(() => XorGame.Chsh.QuantumWinProbability([0.0], [0.0, 1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChshGame.NoisyValue(1.5));
    }
}
