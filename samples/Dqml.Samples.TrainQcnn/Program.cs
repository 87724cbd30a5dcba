// Train the Hwang et al. distributed QCNN (two 4-qubit processors, classical communication) on the
// Appendix-B data set. Run: dotnet run --project samples/Dqml.Samples.TrainQcnn -- [iterations]
using System.Globalization;
using Dqml.Learning.Data;
using Dqml.Learning.Models.Hwang;
using Dqml.Learning.Training;

int iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;

var qcnn = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Classical, Depth = 2 });
Console.WriteLine($"model: {qcnn.Model.Name}, {qcnn.Model.ParameterCount} parameters ({qcnn.Formula})");

var data = HwangDataset.Generate(seed: 1);
var options = new TrainerOptions
{
    Iterations = iterations,
    BatchSize = 32,
    LearningRate = 0.05,
    Optimizer = "adam",
    Seed = 7,
    ValidateEvery = Math.Max(1, iterations / 5),
};

var result = Trainer.Train(qcnn.Model, data.Train, data.Validation, options);

Console.WriteLine($"steps {result.Steps}, {result.TotalSeconds:F1} s, stopped: {result.StopReason}");
Console.WriteLine($"train      loss {result.FinalTrainLoss:F4}  accuracy {result.FinalTrainAccuracy:P1}");
Console.WriteLine($"validation loss {result.FinalValidationLoss:F4}  accuracy {result.FinalValidationAccuracy:P1}");
