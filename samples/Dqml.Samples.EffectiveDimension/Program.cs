// The effective dimension (Abbas et al. 2021) of the Hwang et al. distributed QCNN without communication
// and with classical communication. Run: dotnet run --project samples/Dqml.Samples.EffectiveDimension -- [samples]
using System.Globalization;
using Dqml.Analysis.Capacity;
using Dqml.Learning.Models.Hwang;

int samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var options = new CapacityOptions { ParameterSamples = samples, Inputs = 2 * samples, Seed = 1 };

foreach (var scheme in new[] { HwangScheme.NoCommunication, HwangScheme.Classical })
{
    var model = HwangQcnn.Build(new HwangQcnnOptions { Scheme = scheme, Depth = 1 }).Model;
    var point = QcnnCapacity.Measure(model, scheme.ToString(), options);
    var r = point.Result;
    Console.WriteLine($"{point.Label}: P = {r.ParameterCount}, max Fisher rank {r.MaxFisherRank}, {point.Seconds:F1} s");
    for (int i = 0; i < r.DatasetSizes.Length; i++)
    {
        Console.WriteLine($"  n = {r.DatasetSizes[i],9:G3}  d = {r.Values[i],6:F2}  d/P = {r.NormalisedValues[i]:F3}");
    }
}
