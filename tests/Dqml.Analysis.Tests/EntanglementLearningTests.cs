using Dqml.Analysis.Entanglement;
using Dqml.Analysis.NonlocalGames;
using Dqml.Learning.Data;
using Dqml.Learning.Models.Hwang;
using Dqml.Simulation;

namespace Dqml.Analysis.Tests;

public class EntanglementLearningTests
{
    private const double Tight = 1e-9;
    private static readonly double Ln2 = Math.Log(2);

    // A generic 8-feature input (a row of the Hwang data set), so the embedding is not trivial.
    private static readonly double[] Input = HwangDataset.Generate(3).Validation.Row(0).ToArray();

    [Theory]
    [InlineData(0.0)]
    [InlineData(Math.PI / 16)]
    [InlineData(Math.PI / 8)]
    [InlineData(0.6)]
    [InlineData(Math.PI / 4)]
    public void PairConcurrence_PurePair_IsSinTwoA(double a)
    {
        var pair = PairResource.PureEntangled(a);
        double expected = Math.Abs(Math.Sin(2 * a));
        Assert.Equal(expected, pair.ConcurrenceFormula, 12);
        Assert.Equal(expected, pair.Concurrence(), 1e-7);

        // Both pairs of the bell:2 model, computed from the model's own initial ensemble.
        var model = EntanglementLearning.BuildModel(pair, 2, 1).Model;
        Assert.Equal(expected, EntanglementLearning.PairConcurrence(model, 0, 4), 1e-7);
        Assert.Equal(expected, EntanglementLearning.PairConcurrence(model, 1, 5), 1e-7);
        Assert.Equal(0, EntanglementLearning.PairConcurrence(model, 0, 5), 1e-7);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.86)]
    [InlineData(1.0)]
    public void PairConcurrence_WernerPair_IsThreeVMinusOneOverTwo(double v)
    {
        var pair = PairResource.Werner(v);
        double expected = Math.Max(0, ((3 * v) - 1) / 2);
        Assert.Equal(expected, pair.ConcurrenceFormula, 12);
        Assert.Equal(expected, pair.Concurrence(), 1e-7);
        var model = EntanglementLearning.BuildModel(pair, 1, 1).Model;
        Assert.Equal(expected, EntanglementLearning.PairConcurrence(model, 0, 4), 1e-7);
    }

    [Fact]
    public void PairResource_FromConcurrence_RoundTrips()
    {
        Assert.Equal(0.3, PairResource.PureWithConcurrence(0.3).ConcurrenceFormula, 12);
        Assert.Equal(0.3, PairResource.WernerWithConcurrence(0.3).ConcurrenceFormula, 12);
        Assert.Equal(0.3, PairResource.WernerWithConcurrence(0.3).Concurrence(), 1e-7);
        Assert.Throws<ArgumentOutOfRangeException>(() => PairResource.Werner(1.2));
    }

    [Fact]
    public void AfterEmbedding_NoCommunicationScheme_HasNoEntanglementAcrossTheCut()
    {
        var model = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.NoCommunication, Depth = 1 }).Model;
        var cut = EntanglementLearning.AfterEmbedding(model, Input, EntanglementLearning.ProcessorA);
        Assert.True(cut.IsPure);
        Assert.Equal(0, cut.EntropyA, Tight);
        Assert.Equal(0, cut.LogNegativity, Tight);

        // Local gates and local measurements keep a product state a product state.
        var after = EntanglementLearning.BeforeReadout(model, model.InitialParameters(1), Input, EntanglementLearning.ProcessorA);
        Assert.Equal(0, after.LogNegativity, Tight);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void AfterEmbedding_KBellPairs_IsKLnTwo(int k)
    {
        var model = EntanglementLearning.BuildModel(PairResource.Bell, k, 1).Model;
        var cut = EntanglementLearning.AfterEmbedding(model, Input, EntanglementLearning.ProcessorA);
        Assert.True(cut.IsPure);
        Assert.Equal(k * Ln2, cut.EntropyA, Tight);
        Assert.Equal(k * Ln2, cut.LogNegativity, Tight);
    }

    [Theory]
    [InlineData(1, Math.PI / 8)]
    [InlineData(3, 0.3)]
    public void AfterEmbedding_PurePairs_AreBinaryEntropyAndLnOnePlusC(int k, double a)
    {
        var model = EntanglementLearning.BuildModel(PairResource.PureEntangled(a), k, 1).Model;
        var cut = EntanglementLearning.AfterEmbedding(model, Input, EntanglementLearning.ProcessorA);
        double c2 = Math.Cos(a) * Math.Cos(a), s2 = 1 - c2;
        Assert.True(cut.IsPure);
        Assert.Equal(k * -((c2 * Math.Log(c2)) + (s2 * Math.Log(s2))), cut.EntropyA, Tight);
        // E_N = 2 ln(|cos a| + |sin a|) = ln(1 + sin 2a) per pair.
        Assert.Equal(k * Math.Log(1 + Math.Sin(2 * a)), cut.LogNegativity, Tight);
    }

    [Theory]
    [InlineData(1, 0.86)]
    [InlineData(2, 0.6)]
    [InlineData(2, 0.2)]
    public void AfterEmbedding_WernerPairs_NegativityIsLnOnePlusThreeVOverTwo(int k, double v)
    {
        var model = EntanglementLearning.BuildModel(PairResource.Werner(v), k, 1).Model;
        var cut = EntanglementLearning.AfterEmbedding(model, Input, EntanglementLearning.ProcessorA);
        Assert.False(cut.IsPure);
        Assert.Equal(Math.Pow((1 + (3 * v * v)) / 4, k), cut.Purity, Tight);
        // The reduced state of A is maximally mixed on the pair qubits whatever V: S(rho_A) is not a measure here.
        Assert.Equal(k * Ln2, cut.EntropyA, 1e-8);
        // E_N = ln ||rho^T_A||_1 = ln((1 + 3V)/2) per pair for V >= 1/3, 0 for separable pairs.
        double perPair = v >= 1.0 / 3 ? Math.Log((1 + (3 * v)) / 2) : 0;
        Assert.Equal(k * perPair, cut.LogNegativity, 1e-8);
    }

    [Fact]
    public void BeforeReadout_WernerEnsemble_MatchesDensityMatrixBackendMemberByMember()
    {
        var model = EntanglementLearning.BuildModel(PairResource.Werner(0.7), 1, 1).Model;
        var p = model.InitialParameters(5);
        var cut = EntanglementLearning.BeforeReadout(model, p, Input, EntanglementLearning.ProcessorA);

        var rho = new DensityMatrix(model.NumQubits);
        rho.Elements.Clear();
        for (int i = 0; i < model.InitialStates.Count; i++)
        {
            rho.AddScaled(new DensityMatrixSimulator().Run(model.BoundCircuit(p, Input, i)).State(), model.InitialStates[i].Weight);
        }

        int[] a = [0, 1, 2, 3];
        Assert.Equal(rho.Purity(), cut.Purity, 1e-12);
        Assert.Equal(Ln2 * EntanglementMeasures.EntanglementEntropy(rho, a), cut.EntropyA, 1e-10);
        Assert.Equal(Ln2 * EntanglementMeasures.LogarithmicNegativity(rho, a), cut.LogNegativity, 1e-10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BeforeReadout_LocalOperations_NeverIncreaseNegativity(int k)
    {
        // The bell:K trainable part is LOCC (local gates, local measurements, locally conditioned gates):
        // the logarithmic negativity across the cut cannot grow.
        var model = EntanglementLearning.BuildModel(PairResource.Bell, k, 1).Model;
        var start = EntanglementLearning.AfterEmbedding(model, Input, EntanglementLearning.ProcessorA);
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var end = EntanglementLearning.BeforeReadout(model, model.InitialParameters(seed), Input, EntanglementLearning.ProcessorA);
            Assert.True(end.LogNegativity <= start.LogNegativity + Tight, $"E_N grew from {start.LogNegativity} to {end.LogNegativity}");
        }
    }

    [Fact]
    public void ChshSweep_WernerPairs_WinProbabilityIsLinearInVisibility()
    {
        double[] vs = [0.0, 0.4, 0.8, 1.0];
        var points = EntanglementLearning.ChshSweep(vs.Select(PairResource.Werner), new ClassifierGameOptions { Iterations = 200, Seed = 2 });
        Assert.Equal(vs.Length, points.Count);
        for (int i = 0; i < vs.Length; i++)
        {
            double expected = 0.5 + (vs[i] / (2 * Math.Sqrt(2)));
            Assert.Equal(Math.Max(0, ((3 * vs[i]) - 1) / 2), points[i].Concurrence, 1e-7);
            Assert.Equal(expected, points[i].FixedAngleWinProbability, Tight);
            Assert.Equal(expected, points[i].OptimalWinProbability, Tight);
            Assert.Equal(expected, points[i].WinProbability, 1e-6);
        }

        // Linear: equal steps in V give equal steps in the winning probability.
        Assert.Equal(points[1].WinProbability - points[0].WinProbability, points[2].WinProbability - points[1].WinProbability, 1e-6);
    }

    [Fact]
    public void Sweep_Tiny_IsReproducibleAndThreadCountInvariant()
    {
        var options = new EntanglementSweepOptions
        {
            Pairs = [PairResource.Product, PairResource.Werner(0.8)],
            PairCounts = [1, 2],
            Depth = 1,
            Iterations = 3,
            BatchSize = 8,
            TrainRows = 16,
            ValidationRows = 8,
            Seed = 4,
        };
        // Same seed, same numbers — bit for bit, with one thread or two.
        var first = EntanglementLearning.Sweep(options);
        var twoThreads = EntanglementLearning.Sweep(options with { Threads = 2 });
        Assert.Equal(first, twoThreads);

        Assert.Equal(4, first.Count);
        foreach (var point in first)
        {
            Assert.Equal(point.ConcurrenceFormula, point.Concurrence, 1e-7);
            Assert.InRange(point.ValidationAccuracy, 0, 1);
            Assert.Equal((8 * options.Depth) + 28, point.ParameterCount);
            double perPair = point.Pair.Kind == PairKind.Product ? 0 : Math.Log((1 + (3 * 0.8)) / 2);
            Assert.Equal(point.PairCount * perPair, point.AfterEmbedding.LogNegativity, 1e-8);
            Assert.True(point.BeforeReadout.LogNegativity <= point.AfterEmbedding.LogNegativity + Tight);
        }
    }
}
