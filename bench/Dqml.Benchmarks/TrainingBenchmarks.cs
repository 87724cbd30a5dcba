using BenchmarkDotNet.Attributes;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;

namespace Dqml.Benchmarks;

/// <summary>
/// One training iteration of the Hwang et al. distributed QCNN (depth L, batch 512 of the Appendix-B
/// data set): forward values of every sample and the gradient of the batch loss, on the operator engine.
/// The target is a whole run (CC, L = 9, 1000 iterations x 512) in 30 s on a 2-core machine,
/// i.e. 30 ms per iteration; anchor: qulacs needs about 1 ms per sample (0.5 s per iteration). Measured
/// (docs/models.md, "Speed"): CC L = 9 about 23 ms on one thread, 16 ms on two; the same workload without
/// BenchmarkDotNet: <c>dqml bench --suite train --threads 2</c>.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private CircuitModel _model = null!;
    private Dataset _batch = null!;
    private double[] _parameters = null!;

    [Params("cc", "qc", "nc")]
    public string Scheme { get; set; } = "cc";

    [Params(3, 9)]
    public int Depth { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (scheme, pairs) = HwangQcnn.ParseScheme(Scheme);
        _model = HwangQcnn.Build(new HwangQcnnOptions { Scheme = scheme, Depth = Depth, BellPairs = Math.Max(1, pairs) }).Model;
        var data = HwangDataset.Generate(1);
        _batch = data.Train.ToSignedLabels().Subset([.. Enumerable.Range(0, 512)]);
        _parameters = _model.InitialParameters(1);
        _model.LossAndGradient(_parameters, _batch, Loss.Mse, Threads);
    }

    /// <summary>Loss, decision values and gradient of one batch of 512.</summary>
    [Benchmark]
    public BatchEvaluation Iteration() => _model.LossAndGradient(_parameters, _batch, Loss.Mse, Threads);
}
