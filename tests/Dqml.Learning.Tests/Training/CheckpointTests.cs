using System.Text.Json;
using System.Threading;
using Dqml.Learning.Data;
using Dqml.Learning.Training;

namespace Dqml.Learning.Tests.Training;

/// <summary>Checkpoints: resumed runs are bit-identical, files are written atomically, bad checkpoints are refused clearly.</summary>
public sealed class CheckpointTests : IDisposable
{
    private static readonly Dataset Train = TrainingData.Separable(60, seed: 21, "ckpt/train");
    private static readonly Dataset Validation = TrainingData.Separable(30, seed: 22, "ckpt/validation");
    private readonly List<string> _directories = [];

    public void Dispose()
    {
        foreach (string dir in _directories)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    private string NewDirectory()
    {
        string dir = TrainingData.TempDirectory();
        _directories.Add(dir);
        return dir;
    }

    private static TrainerOptions Options(string optimizer, string schedule = "constant") => new()
    {
        Iterations = 20,
        BatchSize = 8,
        LearningRate = optimizer == "spsa" ? 0.3 : 0.05,
        Optimizer = optimizer,
        Schedule = schedule,
        Seed = 77,
        EarlyStoppingPatience = 50, // exercises the saved best-so-far state without stopping
        ValidateEvery = 3,
    };

    public static TheoryData<string, string> Runs => new()
    {
        { "adam", "constant" },
        { "adam", "cosine" },
        { "sgd", "step" },
        { "nesterov", "constant" },
        { "spsa", "constant" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Train_ResumedAfterCancellation_BitIdenticalToUninterruptedRun(string optimizer, string schedule)
    {
        var options = Options(optimizer, schedule);
        var uninterrupted = Trainer.Train(new LinearTanhModel(2), Train, Validation, options);

        string dir = NewDirectory();
        var checkpointed = options with { OutputDirectory = dir, CheckpointEvery = 10 };
        using var cts = new CancellationTokenSource();
        var first = Trainer.Train(
            new LinearTanhModel(2), Train, Validation, checkpointed, new SyncProgress<TrainingProgress>(p => { if (p.Step == 10) { cts.Cancel(); } }), cts.Token);
        Assert.Equal(StopReason.Cancelled, first.StopReason);
        Assert.Equal(10, first.Steps);
        Assert.True(double.IsNaN(first.FinalTrainAccuracy));

        var resumed = Trainer.Train(new LinearTanhModel(2), Train, Validation, checkpointed);
        Assert.True(resumed.Resumed);
        Assert.Equal(10, resumed.ResumedFromStep);
        Assert.Equal(StopReason.Completed, resumed.StopReason);
        AssertSameRun(uninterrupted, resumed);
    }

    [Fact]
    public void Train_ResumedAfterCrash_RedoesStepsSinceLastCheckpointBitIdentically()
    {
        var options = Options("adam");
        var uninterrupted = Trainer.Train(new LinearTanhModel(2), Train, Validation, options);

        string dir = NewDirectory();
        var checkpointed = options with { OutputDirectory = dir, CheckpointEvery = 5 };
        var crash = new SyncProgress<TrainingProgress>(p =>
        {
            if (p.Step == 13)
            {
                throw new InvalidOperationException("simulated crash");
            }
        });
        Assert.Throws<InvalidOperationException>(() => Trainer.Train(new LinearTanhModel(2), Train, Validation, checkpointed, crash));
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "checkpoint.json"))))
        {
            Assert.Equal(10, doc.RootElement.GetProperty("step").GetInt32());
        }

        var resumed = Trainer.Train(new LinearTanhModel(2), Train, Validation, checkpointed);
        Assert.Equal(10, resumed.ResumedFromStep);
        AssertSameRun(uninterrupted, resumed);
    }

    [Fact]
    public void Train_ResumedAfterEarlyStop_ReturnsTheSameResultWithoutSteps()
    {
        string dir = NewDirectory();
        var flipped = TrainingData.Flipped(Train, "ckpt/flipped");
        var options = new TrainerOptions { Iterations = 100, BatchSize = 8, LearningRate = 0.05, EarlyStoppingPatience = 2, OutputDirectory = dir, Seed = 3 };
        var first = Trainer.Train(new LinearTanhModel(2), Train, flipped, options);
        Assert.Equal(StopReason.EarlyStopping, first.StopReason);

        int calls = 0;
        var again = Trainer.Train(new LinearTanhModel(2), Train, flipped, options, new SyncProgress<TrainingProgress>(_ => calls++));
        Assert.Equal(0, calls);
        Assert.Equal(StopReason.EarlyStopping, again.StopReason);
        Assert.Equal(first.Steps, again.ResumedFromStep);
        Assert.Equal(TrainingData.Bits(first.BestParameters!), TrainingData.Bits(again.BestParameters!));
        Assert.Equal(first.FinalValidationAccuracy, again.FinalValidationAccuracy);
    }

    [Fact]
    public void Train_CompletedRunRestarted_ResumesAtTheEnd()
    {
        string dir = NewDirectory();
        var options = Options("adam") with { OutputDirectory = dir };
        var first = Trainer.Train(new LinearTanhModel(2), Train, Validation, options);
        var again = Trainer.Train(new LinearTanhModel(2), Train, Validation, options with { Threads = 4, CheckpointEvery = 3 });
        Assert.Equal(20, again.ResumedFromStep);
        Assert.Equal(StopReason.Completed, again.StopReason);
        AssertSameRun(first, again);
    }

    [Fact]
    public void Train_Checkpoint_WrittenAtomicallyWithoutTemporaryFiles()
    {
        string dir = NewDirectory();
        // A temporary file left behind by a crash during a write is replaced, not mistaken for a checkpoint.
        File.WriteAllText(Path.Combine(dir, ".checkpoint.json.tmp"), "{ half-writ");
        var writes = new List<string[]>();
        var progress = new SyncProgress<TrainingProgress>(_ => writes.Add(Directory.GetFiles(dir).Select(Path.GetFileName).ToArray()!));
        var result = Trainer.Train(new LinearTanhModel(2), Train, Validation, Options("adam") with { OutputDirectory = dir, CheckpointEvery = 4 }, progress);

        Assert.Equal(["checkpoint.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
        Assert.Equal(["checkpoint.json"], writes[4]); // after the step-4 checkpoint only the checkpoint exists
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "checkpoint.json")));
        var root = doc.RootElement;
        Assert.Equal(20, root.GetProperty("step").GetInt32());
        Assert.Equal(20, root.GetProperty("history").GetArrayLength());
        Assert.Equal("adam", root.GetProperty("optimizer").GetProperty("optimizer").GetString());
        Assert.Equal(20, root.GetProperty("optimizer").GetProperty("iteration").GetInt32());
        Assert.Equal(3, root.GetProperty("optimizer").GetProperty("vectors").GetProperty("m").GetArrayLength());
        Assert.Equal("linear-tanh", root.GetProperty("fingerprint").GetProperty("Model").GetString());
        Assert.Equal("3", root.GetProperty("fingerprint").GetProperty("ParameterCount").GetString());
        var saved = root.GetProperty("parameters").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(TrainingData.Bits(result.Parameters), TrainingData.Bits(saved));
    }

    [Fact]
    public void Train_Checkpoint_DoublesRoundTripExactly()
    {
        double[] tricky =
        [
            0.1, 1.0 / 3, -0.0, double.Epsilon, 2.2250738585072014E-308, 0.1 + 0.2, Math.PI / 7, 1 - Math.Pow(2, -53), -123456.789e-10,
        ];
        var data = new Dataset("wide", [.. Train.Features.ToArray().Chunk(2).SelectMany(r => r.Concat(r).Concat(r).Concat(r))], Train.Count, 8, Train.Labels);
        string dir = NewDirectory();
        var options = new TrainerOptions { Iterations = 6, BatchSize = 8, LearningRate = 0.01, OutputDirectory = dir, Seed = 1 };

        // Cancelled before the first step: the checkpoint holds the initial parameters.
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var none = Trainer.Train(new LinearTanhModel(8, initial: tricky), data, null, options, cancellationToken: cancelled.Token);
        Assert.Equal(0, none.Steps);
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "checkpoint.json"))))
        {
            var saved = doc.RootElement.GetProperty("parameters").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(TrainingData.Bits(tricky), TrainingData.Bits(saved));
        }

        // Resuming from it reproduces the uninterrupted run exactly.
        var resumed = Trainer.Train(new LinearTanhModel(8, initial: tricky), data, null, options);
        var uninterrupted = Trainer.Train(new LinearTanhModel(8, initial: tricky), data, null, options with { OutputDirectory = null });
        Assert.Equal(0, resumed.ResumedFromStep);
        Assert.Equal(TrainingData.Bits(uninterrupted.Parameters), TrainingData.Bits(resumed.Parameters));

        // Random doubles survive the JSON checkpoint format as well.
        var random = new Dqml.Simulation.DeterministicRandom(5);
        var values = Enumerable.Range(0, 2000).Select(_ => BitConverter.Int64BitsToDouble((long)random.NextUInt64())).Where(double.IsFinite).ToArray();
        var back = JsonSerializer.Deserialize<double[]>(JsonSerializer.Serialize(values))!;
        Assert.Equal(TrainingData.Bits(values), TrainingData.Bits(back));
    }

    [Fact]
    public void Train_CorruptCheckpoint_ThrowsClearError()
    {
        string dir = NewDirectory();
        string path = Path.Combine(dir, "checkpoint.json");
        File.WriteAllText(path, "{ \"format\": \"dqml-training-checkpoint/1\", \"step\": ");
        var e = Assert.Throws<CheckpointException>(() =>
            Trainer.Train(new LinearTanhModel(2), Train, Validation, Options("adam") with { OutputDirectory = dir }));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
        Assert.Contains("Delete it", e.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "{ \"hello\": 1 }");
        e = Assert.Throws<CheckpointException>(() =>
            Trainer.Train(new LinearTanhModel(2), Train, Validation, Options("adam") with { OutputDirectory = dir }));
        Assert.Contains("not a Dqml training checkpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_TamperedCheckpoint_ThrowsClearError()
    {
        string dir = NewDirectory();
        var options = Options("adam") with { OutputDirectory = dir };
        Trainer.Train(new LinearTanhModel(2), Train, Validation, options);
        string path = Path.Combine(dir, "checkpoint.json");
        string text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("\"step\": 20", "\"step\": 19", StringComparison.Ordinal));

        var e = Assert.Throws<CheckpointException>(() => Trainer.Train(new LinearTanhModel(2), Train, Validation, options));
        Assert.Contains("history", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_MismatchedCheckpoint_ThrowsNamingTheDifference()
    {
        string dir = NewDirectory();
        var options = Options("adam") with { OutputDirectory = dir };
        Trainer.Train(new LinearTanhModel(2), Train, Validation, options);

        var e = Assert.Throws<CheckpointException>(() => Trainer.Train(new LinearTanhModel(2), Train, Validation, options with { LearningRate = 0.2 }));
        Assert.Contains("LearningRate is '0.05' in the checkpoint but '0.2' now", e.Message, StringComparison.Ordinal);
        Assert.Contains("another output directory", e.Message, StringComparison.Ordinal);
        Assert.Contains("delete the checkpoint", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<CheckpointException>(() => Trainer.Train(new LinearTanhModel(2, "other-model"), Train, Validation, options));
        Assert.Contains("Model is 'linear-tanh' in the checkpoint but 'other-model' now", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<CheckpointException>(() => Trainer.Train(new LinearTanhModel(2), TrainingData.Separable(60, seed: 99), Validation, options));
        Assert.Contains("TrainData", e.Message, StringComparison.Ordinal);
    }

    private static void AssertSameRun(TrainingResult expected, TrainingResult actual)
    {
        Assert.Equal(TrainingData.Bits(expected.Parameters), TrainingData.Bits(actual.Parameters));
        Assert.Equal(expected.BestStep, actual.BestStep);
        Assert.Equal(TrainingData.Bits(expected.BestParameters!), TrainingData.Bits(actual.BestParameters!));
        Assert.Equal(expected.Steps, actual.Steps);
        Assert.Equal(expected.History.Select(r => r with { ElapsedSeconds = 0 }), actual.History.Select(r => r with { ElapsedSeconds = 0 }));
        Assert.Equal(expected.FinalTrainAccuracy, actual.FinalTrainAccuracy);
        Assert.Equal(expected.FinalValidationAccuracy, actual.FinalValidationAccuracy);
    }
}
