using Dqml.Analysis.Entanglement;
using Dqml.Analysis.NonlocalGames;

namespace Dqml.Analysis.Tests.NonlocalGames;

public class ClassifierGameTests
{
    private const double TrainedTolerance = 1e-6;

    [Fact]
    public void Build_EveryTrainableGate_IsLocalToOneProcessor()
    {
        var model = ClassifierGame.Build(PairResource.Bell);
        Assert.Equal(4, model.ParameterCount);
        foreach (var ins in model.Embedding.Instructions.Concat(model.Trainable.Instructions))
        {
            var qubits = ins.Qubits.ToArray();
            Assert.NotEmpty(qubits);
            Assert.All(qubits, q => Assert.Equal(ClassifierGame.Assignment[qubits[0]], ClassifierGame.Assignment[q]));
        }

        // The only cross-processor operation is the pair preparation at t = 0.
        var prep = model.InitialStates[0].Preparation.Instructions;
        Assert.Contains(prep, i => i.Qubits.Length == 2 && ClassifierGame.Assignment[i.Qubits[0]] != ClassifierGame.Assignment[i.Qubits[1]]);
    }

    [Fact]
    public void WinProbability_FixedOptimalAnglesOnBellPair_EqualsChshQuantumValue()
    {
        var model = ClassifierGame.Build(PairResource.Bell);
        double win = ClassifierGame.WinProbability(model, ClassifierGame.OptimalChshParameters());
        Assert.Equal(ChshGame.QuantumValue(), win, 1e-9);
        Assert.Equal(Math.Pow(Math.Cos(Math.PI / 8), 2), win, 1e-9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.86)]
    public void WinProbability_FixedOptimalAnglesOnWernerPair_EqualsNoisyValue(double v)
    {
        var model = ClassifierGame.Build(PairResource.Werner(v));
        double win = ClassifierGame.WinProbability(model, ClassifierGame.OptimalChshParameters());
        Assert.Equal(ChshGame.NoisyValue(v), win, 1e-9);
        Assert.Equal(0.5 + (v / (2 * Math.Sqrt(2))), win, 1e-9);
    }

    [Fact]
    public void Behaviour_MatchesDecisionValues_AndDoesNotSignal()
    {
        var model = ClassifierGame.Build(PairResource.Werner(0.9));
        double[] p = [0.3, -1.1, 2.0, 0.7];
        var behaviour = ClassifierGame.Behaviour(model, p);
        Assert.Equal(ClassifierGame.WinProbability(model, p), XorGame.Chsh.WinProbability(behaviour), 1e-12);
        Assert.True(XorGame.Chsh.SignallingDeviation(behaviour) < 1e-12);
    }

    [Fact]
    public void MeasurementAngles_InvertParametersForAngles()
    {
        var p = ClassifierGame.ParametersForAngles(0.1, 0.2, -0.3, 0.4);
        var (alice, bob) = ClassifierGame.MeasurementAngles(p);
        Assert.Equal([0.1, 0.2], alice.Select(a => Math.Round(a, 12)));
        Assert.Equal([-0.3, 0.4], bob.Select(b => Math.Round(b, 12)));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Train_NoPair_ReachesButNeverExceedsClassicalValue(ulong seed)
    {
        var result = ClassifierGame.Train(new ClassifierGameOptions { Pair = PairResource.Product, Seed = seed });
        Assert.True(result.WinProbability <= 0.75 + 1e-9, $"win {result.WinProbability}");
        Assert.Equal(0.75, result.WinProbability, TrainedTolerance);
        Assert.Equal(ChshGame.ClassicalValue(), result.OptimalWinProbability, 12);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Train_BellPair_ReachesTsirelsonValue(ulong seed)
    {
        var result = ClassifierGame.Train(new ClassifierGameOptions { Pair = PairResource.Bell, Seed = seed });
        Assert.True(result.WinProbability <= ChshGame.TsirelsonValue + 1e-9, $"win {result.WinProbability}");
        Assert.Equal(0.853553, result.WinProbability, TrainedTolerance);

        // The learned strategy is a CHSH strategy: |alpha_0 - alpha_1| = pi/2 (mod pi) on Alice's side.
        double d = Math.Abs(Math.IEEERemainder(result.AliceAngles[0] - result.AliceAngles[1], Math.PI));
        Assert.Equal(Math.PI / 2, d, 0.05);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.86)]
    public void Train_WernerPair_ReachesLinearValue(double v)
    {
        var result = ClassifierGame.Train(new ClassifierGameOptions { Pair = PairResource.Werner(v), Seed = 7 });
        double expected = 0.5 + (v / (2 * Math.Sqrt(2)));
        Assert.True(result.WinProbability <= expected + 1e-9, $"win {result.WinProbability}");
        Assert.Equal(expected, result.WinProbability, TrainedTolerance);
    }

    [Fact]
    public void Train_PartiallyEntangledPair_ReachesHorodeckiBound()
    {
        double a = Math.PI / 8;
        var result = ClassifierGame.Train(new ClassifierGameOptions { Pair = PairResource.PureEntangled(a), Seed = 5 });
        double c = Math.Sin(2 * a);
        double expected = 0.5 + (Math.Sqrt(1 + (c * c)) / 4);
        Assert.Equal(expected, ClassifierGame.OptimalWinProbability(PairResource.PureEntangled(a)), 12);
        Assert.True(result.WinProbability <= expected + 1e-9, $"win {result.WinProbability}");
        Assert.Equal(expected, result.WinProbability, TrainedTolerance);
        Assert.True(result.WinProbability > 0.75 + 0.01);
    }

    [Fact]
    public void Train_SameSeed_SameParametersForAnyThreadCount()
    {
        var one = ClassifierGame.Train(new ClassifierGameOptions { Pair = PairResource.Werner(0.8), Seed = 11, Iterations = 40, Threads = 1 });
        var two = ClassifierGame.Train(new ClassifierGameOptions { Pair = PairResource.Werner(0.8), Seed = 11, Iterations = 40, Threads = 2 });
        Assert.Equal(one.Parameters, two.Parameters);
        Assert.Equal(one.WinProbability, two.WinProbability);
    }
}
