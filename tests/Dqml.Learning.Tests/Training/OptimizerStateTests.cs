using System.Text.Json;
using Dqml.Learning.Optimizers;

namespace Dqml.Learning.Tests.Training;

/// <summary>Optimizer state export → (JSON) → import: the next steps are bit-identical.</summary>
public class OptimizerStateTests
{
    private static readonly double[] Start = [1.5, -0.7, 0.3];

    // f(x) = sum_i (i + 1) (x_i - 0.2)^2 + 0.1 x_0 x_1
    private static double[] Gradient(double[] x) =>
        [(2 * (x[0] - 0.2)) + (0.1 * x[1]), (4 * (x[1] - 0.2)) + (0.1 * x[0]), 6 * (x[2] - 0.2)];

    private static double Cost(double[] x) =>
        Enumerable.Range(0, x.Length).Sum(i => (i + 1) * (x[i] - 0.2) * (x[i] - 0.2)) + (0.1 * x[0] * x[1]);

    public static TheoryData<string> GradientOptimizers => ["adam", "adam-cosine", "sgd", "momentum", "nesterov"];

    private static IOptimizer Create(string name) => name switch
    {
        "adam" => new Adam(0.05),
        "adam-cosine" => new Adam(new CosineLearningRate(0.1, 20, 0.01)),
        "sgd" => new Sgd(0.05),
        "momentum" => new Sgd(0.05, momentum: 0.8),
        "nesterov" => new Sgd(0.05, momentum: 0.9, nesterov: true),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static OptimizerState ThroughJson(OptimizerState state) =>
        JsonSerializer.Deserialize<OptimizerState>(JsonSerializer.Serialize(state))!;

    [Theory]
    [MemberData(nameof(GradientOptimizers))]
    public void ImportState_ExportedMidway_NextStepsIdentical(string name)
    {
        var original = Create(name);
        var x = (double[])Start.Clone();
        for (int k = 0; k < 7; k++)
        {
            original.Step(x, Gradient(x));
        }

        var state = ThroughJson(((IStatefulOptimizer)original).ExportState());
        var restored = Create(name);
        ((IStatefulOptimizer)restored).ImportState(state);
        Assert.Equal(original.Iteration, restored.Iteration);

        var y = (double[])x.Clone();
        for (int k = 0; k < 10; k++)
        {
            original.Step(x, Gradient(x));
            restored.Step(y, Gradient(y));
            Assert.Equal(TrainingData.Bits(x), TrainingData.Bits(y));
        }
    }

    [Fact]
    public void ImportState_Spsa_ReplaysThePerturbationStream()
    {
        var original = new Spsa(0.2, 0.1, seed: 17, stabilityConstant: 3);
        var x = (double[])Start.Clone();
        for (int k = 0; k < 9; k++)
        {
            original.Step(x, Cost);
        }

        var state = ThroughJson(original.ExportState());
        Assert.Equal(9 * Start.Length, state.Counter("draws"));
        var restored = new Spsa(0.2, 0.1, seed: 17, stabilityConstant: 3);
        restored.ImportState(state);

        var y = (double[])x.Clone();
        for (int k = 0; k < 10; k++)
        {
            Assert.Equal(original.Step(x, Cost), restored.Step(y, Cost));
            Assert.Equal(TrainingData.Bits(x), TrainingData.Bits(y));
        }
    }

    [Fact]
    public void ExportState_IsADeepCopy()
    {
        var adam = new Adam(0.1);
        double[] x = [1, 2];
        adam.Step(x, [0.5, -0.5]);
        var state = adam.ExportState();
        double m0 = state.Vector("m")![0];
        adam.Step(x, [0.5, -0.5]);
        Assert.Equal(m0, state.Vector("m")![0]);
        Assert.Equal(1, state.Iteration);
    }

    [Fact]
    public void ExportState_BeforeFirstStep_HasNoVectorsAndImportsBack()
    {
        var adam = new Adam(0.1);
        var state = ThroughJson(adam.ExportState());
        Assert.Empty(state.Vectors);
        var other = new Adam(0.1);
        double[] x = [1, 2];
        other.Step(x, [1, 1]);
        other.ImportState(state);
        Assert.Equal(0, other.Iteration);
        double[] a = [1, 2], b = [1, 2];
        adam.Step(a, [0.3, 0.1]);
        other.Step(b, [0.3, 0.1]);
        Assert.Equal(a, b);
    }

    [Fact]
    public void ImportState_InvalidState_Throws()
    {
        var adam = new Adam(0.1);
        var empty = new Dictionary<string, long>();
        Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState("sgd", 1, new Dictionary<string, double[]>(), empty)));
        Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState("adam", -1, new Dictionary<string, double[]>(), empty)));
        Assert.Throws<ArgumentException>(() => adam.ImportState(new OptimizerState("adam", 1, new Dictionary<string, double[]> { ["m"] = [1.0] }, empty)));
        Assert.Throws<ArgumentException>(() =>
            adam.ImportState(new OptimizerState("adam", 1, new Dictionary<string, double[]> { ["m"] = [1.0], ["v"] = [1.0, 2.0] }, empty)));
        Assert.Throws<ArgumentException>(() =>
            adam.ImportState(new OptimizerState("adam", 1, new Dictionary<string, double[]> { ["m"] = [double.NaN], ["v"] = [1.0] }, empty)));
        Assert.Throws<ArgumentException>(() =>
            new Sgd(0.1).ImportState(new OptimizerState("sgd", 1, new Dictionary<string, double[]> { ["velocity"] = [1.0] }, empty)));
        Assert.Throws<ArgumentException>(() =>
            new Spsa(0.1, 0.1, 1).ImportState(new OptimizerState("spsa", 1, new Dictionary<string, double[]>(), new Dictionary<string, long> { ["draws"] = -3 })));
    }
}
