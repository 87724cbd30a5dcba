using BenchmarkDotNet.Attributes;
using Dqml.Circuits;
using Dqml.Simulation;
using Dqml.Simulation.Benchmarks;
using Dqml.Simulation.Fusion;

namespace Dqml.Benchmarks;

/// <summary>
/// G2: the QCBM (quantum circuit Born machine) circuit used by Yao.jl and qulacs (41 n gates, see
/// <see cref="Workloads.Qcbm"/>), run with <see cref="StateVectorSimulator.RunUnitary(Circuit, Dqml.Circuits.Parameters.IParameterSource?)"/>.
/// </summary>
[MemoryDiagnoser]
public class QcbmBenchmarks
{
    private readonly StateVectorSimulator _simulator = new();
    private Circuit _circuit = null!;

    [Params(12, 16, 20)]
    public int N { get; set; }

    private FusionPlan _plan = null!;

    [GlobalSetup]
    public void Setup()
    {
        _circuit = Workloads.Qcbm(N);
        _plan = FusionPlan.Create(_circuit);
    }

    [Benchmark]
    public StateVector RunUnitary() => _simulator.RunUnitary(_circuit);

    /// <summary>Fused into blocks of at most <see cref="FusionPlan.DefaultMaxQubits"/> qubits; parameters bound on every call, as in training.</summary>
    [Benchmark]
    public StateVector RunFused() => _plan.Run();
}

/// <summary>
/// The density-matrix benchmark: 10 x (RX, RZ on every qubit, CNOT ring, depolarizing p = 0.01 on every
/// qubit), see <see cref="Workloads.NoisyLayers"/>. Anchor (qulacs, one thread): 270 ms at n = 8, 6.1 s at
/// n = 10, 146 s at n = 12.
/// </summary>
[MemoryDiagnoser]
public class DensityBenchmarks
{
    private readonly DensityMatrixSimulator _simulator = new();
    private Circuit _circuit = null!;

    [Params(4, 6, 8, 10)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _circuit = Workloads.NoisyLayers(N);

    [Benchmark]
    public DensityMatrixResult Run() => _simulator.Run(_circuit);
}
