using System.Globalization;
using System.Text.Json;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Training;

namespace Dqml.Learning.Tests.Training;

/// <summary>RunFolder: config.json, parameters.json and metrics.csv.</summary>
public class RunFolderTests
{
    private static readonly Dataset Train = TrainingData.Separable(50, seed: 31, "run/train");
    private static readonly Dataset Validation = TrainingData.Separable(20, seed: 32, "run/validation");

    [Fact]
    public void Write_TrainingResult_WritesThreeFilesWithOneMetricsRowPerStep()
    {
        string dir = Path.Combine(TrainingData.TempDirectory(), "run");
        try
        {
            var model = new LinearTanhModel(2);
            var options = new TrainerOptions { Iterations = 9, BatchSize = 10, Seed = 4, ValidateEvery = 4, Loss = Loss.CrossEntropy };
            var result = Trainer.Train(model, Train, Validation, options);
            RunFolder.Write(dir, options, result, model.ParameterNames);

            Assert.Equal(["config.json", "metrics.csv", "parameters.json"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());

            var lines = File.ReadAllLines(Path.Combine(dir, "metrics.csv"));
            Assert.Equal(RunFolder.MetricsHeader, lines[0]);
            Assert.Equal(10, lines.Length);
            for (int i = 1; i < lines.Length; i++)
            {
                var cells = lines[i].Split(',');
                Assert.Equal(8, cells.Length);
                Assert.Equal(i.ToString(CultureInfo.InvariantCulture), cells[0]);
                var row = result.History[i - 1];
                Assert.Equal(row.BatchLoss, double.Parse(cells[3], CultureInfo.InvariantCulture));
                Assert.Equal(row.ValidationAccuracy, double.Parse(cells[6], CultureInfo.InvariantCulture));
            }

            Assert.Equal("NaN", lines[1].Split(',')[5]); // not validated at step 1
            Assert.NotEqual("NaN", lines[4].Split(',')[5]);

            using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "parameters.json")));
            var entries = parameters.RootElement.GetProperty("parameters").EnumerateArray().ToArray();
            Assert.Equal(model.ParameterNames, entries.Select(e => e.GetProperty("name").GetString()));
            Assert.Equal(TrainingData.Bits(result.Parameters), TrainingData.Bits([.. entries.Select(e => e.GetProperty("value").GetDouble())]));
            Assert.Equal("final", parameters.RootElement.GetProperty("source").GetString());
            Assert.Equal("linear-tanh", parameters.RootElement.GetProperty("model").GetString());

            using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
            Assert.Equal("cross-entropy", config.RootElement.GetProperty("loss").GetString());
            Assert.Equal(9, config.RootElement.GetProperty("iterations").GetInt32());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    [Fact]
    public void Write_EarlyStoppedResult_WritesBestParameters()
    {
        string dir = TrainingData.TempDirectory();
        try
        {
            var model = new LinearTanhModel(2);
            var options = new TrainerOptions { Iterations = 50, BatchSize = 10, EarlyStoppingPatience = 2, LearningRate = 0.05 };
            var result = Trainer.Train(model, Train, TrainingData.Flipped(Train, "run/flipped"), options);
            Assert.Equal(StopReason.EarlyStopping, result.StopReason);
            RunFolder.Write(dir, new { model = model.Name, options.Seed }, result, model.ParameterNames);

            using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "parameters.json")));
            Assert.Equal("best", parameters.RootElement.GetProperty("source").GetString());
            Assert.Equal(result.BestStep, parameters.RootElement.GetProperty("step").GetInt32());
            var values = parameters.RootElement.GetProperty("parameters").EnumerateArray().Select(e => e.GetProperty("value").GetDouble()).ToArray();
            Assert.Equal(TrainingData.Bits(result.BestParameters!), TrainingData.Bits(values));
            Assert.Equal(result.Steps + 1, File.ReadAllLines(Path.Combine(dir, "metrics.csv")).Length);
            Assert.DoesNotContain(Directory.GetFiles(dir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Write_WrongNumberOfNames_Throws()
    {
        var result = Trainer.Train(new LinearTanhModel(2), Train, null, new TrainerOptions { Iterations = 2 });
        string dir = Path.Combine(Path.GetTempPath(), "dqml-training-tests", Guid.NewGuid().ToString("N"));
        var e = Assert.Throws<ArgumentException>(() => RunFolder.Write(dir, new { }, result, ["a", "b"]));
        Assert.Equal("parameterNames", e.ParamName);
        Assert.False(Directory.Exists(dir));
    }
}
