using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Training;

namespace Dqml.Learning.Tests.Training;

/// <summary>Trainer: learning, determinism, batching, early stopping and argument checks.</summary>
public class TrainerTests
{
    private static readonly Dataset Train = TrainingData.Separable(80, seed: 1, "separable/train");
    private static readonly Dataset Validation = TrainingData.Separable(40, seed: 2, "separable/validation");

    public static TheoryData<string, double, double> Optimizers => new()
    {
        { "adam", 0.05, 0.95 },
        { "sgd", 0.5, 0.95 },
        { "nesterov", 0.1, 0.95 },
        { "spsa", 0.5, 0.9 },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Train_LinearlySeparable_ReducesLossAndReachesHighAccuracy(string optimizer, double learningRate, double minAccuracy)
    {
        var options = new TrainerOptions { Iterations = 200, BatchSize = 16, LearningRate = learningRate, Optimizer = optimizer, Seed = 3 };
        var result = Trainer.Train(new LinearTanhModel(2), Train, Validation, options);

        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Equal(200, result.Steps);
        double early = result.History.Take(10).Average(r => r.BatchLoss);
        double late = result.History.TakeLast(10).Average(r => r.BatchLoss);
        Assert.True(late < 0.5 * early, $"{optimizer}: batch loss {early:R} -> {late:R}");
        Assert.True(result.FinalTrainAccuracy >= minAccuracy, $"{optimizer}: train accuracy {result.FinalTrainAccuracy}");
        Assert.True(result.FinalValidationAccuracy >= minAccuracy, $"{optimizer}: validation accuracy {result.FinalValidationAccuracy}");
        Assert.All(result.History, r => Assert.False(double.IsNaN(r.ValidationAccuracy)));
        Assert.Null(result.BestParameters);
        Assert.False(result.Resumed);
    }

    [Fact]
    public void Train_SameSeed_IdenticalParameters()
    {
        var options = new TrainerOptions { Iterations = 30, BatchSize = 8, LearningRate = 0.05, Seed = 11 };
        var first = Trainer.Train(new LinearTanhModel(2), Train, Validation, options);
        var second = Trainer.Train(new LinearTanhModel(2), Train, Validation, options);
        var other = Trainer.Train(new LinearTanhModel(2), Train, Validation, options with { Seed = 12 });

        Assert.Equal(TrainingData.Bits(first.Parameters), TrainingData.Bits(second.Parameters));
        Assert.Equal(first.History.Select(r => r.BatchLoss), second.History.Select(r => r.BatchLoss));
        Assert.NotEqual(first.Parameters, other.Parameters);
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("spsa")]
    public void Train_DifferentThreadCounts_IdenticalParameters(string optimizer)
    {
        var options = new TrainerOptions { Iterations = 25, BatchSize = 20, LearningRate = 0.05, Optimizer = optimizer, Seed = 5, EarlyStoppingPatience = 100 };
        var results = new[] { 1, 3, 8 }.Select(t => Trainer.Train(new LinearTanhModel(2), Train, Validation, options with { Threads = t })).ToArray();

        foreach (var result in results.Skip(1))
        {
            Assert.Equal(TrainingData.Bits(results[0].Parameters), TrainingData.Bits(result.Parameters));
            Assert.Equal(TrainingData.Bits(results[0].BestParameters!), TrainingData.Bits(result.BestParameters!));
            Assert.Equal(results[0].History.Select(r => r.ValidationLoss), result.History.Select(r => r.ValidationLoss));
        }
    }

    [Fact]
    public void Train_EarlyStopping_StopsAndReturnsBestParameters()
    {
        // Validating on the flipped labels: the better the fit, the worse the validation loss.
        var flipped = TrainingData.Flipped(Train, "separable/flipped");
        const int Patience = 3;
        var options = new TrainerOptions { Iterations = 100, BatchSize = 16, LearningRate = 0.05, Seed = 7, EarlyStoppingPatience = Patience };
        var result = Trainer.Train(new LinearTanhModel(2), Train, flipped, options);

        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.NotNull(result.BestStep);
        Assert.Equal(result.BestStep!.Value + Patience, result.Steps);
        Assert.True(result.Steps < 100);
        double bestLoss = result.History.Min(r => r.ValidationLoss);
        Assert.Equal(bestLoss, result.BestValidationLoss);
        Assert.Equal(bestLoss, result.History[result.BestStep.Value - 1].ValidationLoss);
        Assert.Same(result.BestParameters, result.SelectedParameters);

        // The best parameters are those after BestStep steps of the same run.
        var shorter = Trainer.Train(new LinearTanhModel(2), Train, flipped, options with { Iterations = result.BestStep.Value, EarlyStoppingPatience = null });
        Assert.Equal(TrainingData.Bits(shorter.Parameters), TrainingData.Bits(result.BestParameters!));
        Assert.NotEqual(TrainingData.Bits(result.Parameters), TrainingData.Bits(result.BestParameters!));
        Assert.Equal(shorter.FinalValidationLoss, result.FinalValidationLoss);
    }

    [Fact]
    public void Train_EarlyStoppingWithMinDeltaAndValidateEvery_CountsValidationsOnly()
    {
        var options = new TrainerOptions
        {
            Iterations = 60, BatchSize = 16, LearningRate = 0.05, Seed = 7, EarlyStoppingPatience = 2, ValidateEvery = 5, MinDelta = 1e9,
        };
        var result = Trainer.Train(new LinearTanhModel(2), Train, Validation, options);

        // With a huge MinDelta only the first validation (step 5) improves; two more validations stop the run.
        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.Equal(5, result.BestStep);
        Assert.Equal(15, result.Steps);
        Assert.Equal([5, 10, 15], result.History.Where(r => !double.IsNaN(r.ValidationLoss)).Select(r => r.Step));
    }

    [Fact]
    public void Train_ValidateEvery_ValidatesOnMultiplesAndLastStep()
    {
        var options = new TrainerOptions { Iterations = 12, BatchSize = 16, Seed = 1, ValidateEvery = 5 };
        var result = Trainer.Train(new LinearTanhModel(2), Train, Validation, options);
        Assert.Equal([5, 10, 12], result.History.Where(r => !double.IsNaN(r.ValidationAccuracy)).Select(r => r.Step));
    }

    [Fact]
    public void Train_OneClassTrainingSet_ThrowsNamingTheDataSet()
    {
        var oneClass = Train.WhereClass([1], "positives-only");
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(new LinearTanhModel(2), oneClass, null, new TrainerOptions { Iterations = 5 }));
        Assert.Contains("positives-only", e.Message, StringComparison.Ordinal);
        Assert.Contains("one class", e.Message, StringComparison.Ordinal);
        Assert.Equal("train", e.ParamName);
    }

    [Fact]
    public void Train_OneClassValidationSet_ThrowsNamingTheDataSet()
    {
        var oneClass = Validation.WhereClass([0], "negatives-only");
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(new LinearTanhModel(2), Train, oneClass, new TrainerOptions { Iterations = 5 }));
        Assert.Contains("negatives-only", e.Message, StringComparison.Ordinal);
        Assert.Equal("validation", e.ParamName);
    }

    [Fact]
    public void Train_ThreeClasses_Throws()
    {
        var three = Train.WithLabels([.. Enumerable.Range(0, Train.Count).Select(i => i % 3)], "three");
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(new LinearTanhModel(2), three, null, new TrainerOptions { Iterations = 5 }));
        Assert.Contains("three", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_DimensionMismatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(new LinearTanhModel(3), Train, null, new TrainerOptions { Iterations = 5 }));
        Assert.Contains("separable/train", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_EarlyStoppingWithoutValidation_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Trainer.Train(new LinearTanhModel(2), Train, null, new TrainerOptions { Iterations = 5, EarlyStoppingPatience = 2 }));
        Assert.Contains("EarlyStoppingPatience", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_EpochsMode_VisitsEverySampleOncePerEpoch()
    {
        var data = TrainingData.WithIds(TrainingData.Separable(10, seed: 4));
        var model = new RecordingModel(3, idFeature: 2);
        var result = Trainer.Train(model, data, null, new TrainerOptions { Epochs = 3, BatchSize = 3, Seed = 9 });

        var batches = model.GradientBatches.ToArray();
        Assert.Equal(12, result.Steps); // ceil(10 / 3) = 4 steps per epoch
        Assert.Equal(12, batches.Length);
        Assert.Equal([3, 3, 3, 1, 3, 3, 3, 1, 3, 3, 3, 1], batches.Select(b => b.Length));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3], result.History.Select(r => r.Epoch));
        var epochs = Enumerable.Range(0, 3).Select(e => batches.Skip(4 * e).Take(4).SelectMany(b => b).ToArray()).ToArray();
        foreach (var epoch in epochs)
        {
            Assert.Equal(Enumerable.Range(0, 10), epoch.Order());
        }

        Assert.NotEqual(epochs[0], epochs[1]); // reshuffled every epoch
    }

    [Fact]
    public void Train_IterationsMode_DrawsDistinctRowsPerBatch()
    {
        var data = TrainingData.WithIds(TrainingData.Separable(10, seed: 4));
        var model = new RecordingModel(3, idFeature: 2);
        var result = Trainer.Train(model, data, null, new TrainerOptions { Iterations = 20, BatchSize = 4, Seed = 9 });

        var batches = model.GradientBatches.ToArray();
        Assert.Equal(20, batches.Length);
        Assert.All(batches, b => Assert.Equal(4, b.Distinct().Count()));
        Assert.True(batches.Select(b => string.Join(",", b)).Distinct().Count() > 10, "batches should vary from step to step");
        Assert.Equal(1, result.History[0].Epoch);
        Assert.Equal(8, result.History[^1].Epoch); // 1 + floor(19 * 4 / 10)
    }

    [Fact]
    public void Train_BatchLargerThanTrainingSet_UsesWholeSet()
    {
        var data = TrainingData.WithIds(TrainingData.Separable(10, seed: 4));
        var model = new RecordingModel(3, idFeature: 2);
        Trainer.Train(model, data, null, new TrainerOptions { Iterations = 3, BatchSize = 1000 });
        Assert.All(model.GradientBatches, b => Assert.Equal(Enumerable.Range(0, 10), b));
    }

    [Fact]
    public void Train_Progress_ReportedAfterEveryStep()
    {
        var reports = new List<TrainingProgress>();
        var options = new TrainerOptions { Iterations = 7, BatchSize = 16, Seed = 1, ValidateEvery = 2 };
        var result = Trainer.Train(new LinearTanhModel(2), Train, Validation, options, new SyncProgress<TrainingProgress>(reports.Add));

        Assert.Equal(Enumerable.Range(1, 7), reports.Select(p => p.Step));
        Assert.All(reports, p => Assert.Equal(7, p.TotalSteps));
        Assert.Equal(result.History.Select(r => r.BatchLoss), reports.Select(p => p.BatchLoss));
        Assert.True(double.IsNaN(reports[0].ValidationAccuracy));
        Assert.False(double.IsNaN(reports[1].ValidationAccuracy));
    }

    [Fact]
    public void Train_Schedules_RecordLearningRatePerStep()
    {
        var options = new TrainerOptions { Iterations = 8, BatchSize = 16, LearningRate = 0.1, Schedule = "step", DecayFactor = 0.5, DecayEvery = 4, Optimizer = "sgd" };
        var result = Trainer.Train(new LinearTanhModel(2), Train, null, options);
        Assert.Equal([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05], result.History.Select(r => r.LearningRate));

        var cosine = Trainer.Train(new LinearTanhModel(2), Train, null, options with { Schedule = "cosine", MinimumLearningRate = 0.01 });
        Assert.Equal(0.1, cosine.History[0].LearningRate);
        Assert.True(cosine.History[^1].LearningRate < cosine.History[1].LearningRate);
    }

    [Fact]
    public void Train_LossOption_IsUsed()
    {
        var options = new TrainerOptions { Iterations = 3, BatchSize = 1000, Loss = Loss.Hinge };
        var model = new LinearTanhModel(2);
        var result = Trainer.Train(model, Train, null, options);
        var signed = Train.ToSignedLabels();
        var evaluation = model.LossAndGradient(model.InitialParameters(0), signed, Loss.Hinge);
        Assert.Equal(evaluation.Loss, result.History[0].BatchLoss);
    }

    public static TheoryData<string, Func<TrainerOptions, TrainerOptions>> InvalidOptions => new()
    {
        { "Iterations", o => o with { Iterations = null } },
        { "Epochs", o => o with { Epochs = 2 } },
        { "Iterations", o => o with { Iterations = 0 } },
        { "Epochs", o => o with { Iterations = null, Epochs = 0 } },
        { "BatchSize", o => o with { BatchSize = 0 } },
        { "LearningRate", o => o with { LearningRate = 0 } },
        { "LearningRate", o => o with { LearningRate = double.NaN } },
        { "Optimizer", o => o with { Optimizer = "rmsprop" } },
        { "Schedule", o => o with { Schedule = "linear" } },
        { "Schedule", o => o with { Optimizer = "spsa", Schedule = "cosine" } },
        { "DecayFactor", o => o with { DecayFactor = 1.5 } },
        { "DecayEvery", o => o with { DecayEvery = 0 } },
        { "MinimumLearningRate", o => o with { MinimumLearningRate = 1 } },
        { "SpsaPerturbation", o => o with { SpsaPerturbation = -1 } },
        { "SpsaStabilityConstant", o => o with { SpsaStabilityConstant = double.PositiveInfinity } },
        { "Loss", o => o with { Loss = null! } },
        { "Threads", o => o with { Threads = 0 } },
        { "ValidateEvery", o => o with { ValidateEvery = 0 } },
        { "EarlyStoppingPatience", o => o with { EarlyStoppingPatience = 0 } },
        { "MinDelta", o => o with { MinDelta = -1 } },
        { "CheckpointEvery", o => o with { CheckpointEvery = 0, OutputDirectory = "x" } },
        { "CheckpointEvery", o => o with { CheckpointEvery = 5 } },
        { "OutputDirectory", o => o with { OutputDirectory = " " } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Train_InvalidOption_ThrowsNamingTheOption(string option, Func<TrainerOptions, TrainerOptions> change)
    {
        var options = change(new TrainerOptions { Iterations = 5 });
        var e = Assert.Throws<ArgumentException>(() => Trainer.Train(new LinearTanhModel(2), Train, Validation, options));
        Assert.Equal(option, e.ParamName);
        Assert.Contains($"TrainerOptions.{option}", e.Message, StringComparison.Ordinal);
    }
}
