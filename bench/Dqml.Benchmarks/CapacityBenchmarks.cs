using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dqml.Analysis.Capacity;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;

namespace Dqml.Benchmarks;

/// <summary>
/// The effective dimension of the Hwang et al. distributed QCNN at depth L = 9: 100 parameter samples, each
/// Fisher matrix averaged over 100 Haar-random input states (10,000 outcome Jacobians per scheme), all
/// threads. The target is at most 60 s per scheme on a 2-core machine. NC and QC use the pure-state
/// adjoint Jacobians; CC (measure, then classically controlled gates) the density-matrix method.
/// </summary>
/// <remarks>
/// One operation takes tens of seconds, so the job is a monitoring run: one warm-up and three measured
/// operations, no pilot stage. Reproduce with
/// <c>dotnet run -c Release --project bench/Dqml.Benchmarks -- --filter *CapacityBenchmarks*</c>, or one
/// scheme from the command line: <c>dqml effdim --scheme cc --depth 9</c>.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class CapacityBenchmarks
{
    private CircuitModel _model = null!;
    private CapacityOptions _options = null!;

    [Params("nc", "cc", "qc")]
    public string Scheme { get; set; } = "nc";

    [Params(9)]
    public int Depth { get; set; } = 9;

    [GlobalSetup]
    public void Setup()
    {
        var (scheme, pairs) = HwangQcnn.ParseScheme(Scheme);
        _model = HwangQcnn.Build(new HwangQcnnOptions { Scheme = scheme, Depth = Depth, BellPairs = Math.Max(1, pairs) }).Model;
        _options = new CapacityOptions
        {
            ParameterSamples = 100,
            Inputs = 100,
            InputKind = OutcomeInputKind.States,
            Seed = 1,
            Threads = Environment.ProcessorCount,
        };
    }

    /// <summary>Effective dimension (at n = 1e3 .. 1e6) and Fisher ranks of one scheme.</summary>
    [Benchmark]
    public CapacityPoint EffectiveDimension() => QcnnCapacity.Measure(_model, $"{Scheme} L={Depth}", _options);
}
