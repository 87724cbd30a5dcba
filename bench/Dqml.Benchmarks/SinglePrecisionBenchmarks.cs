using BenchmarkDotNet.Attributes;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Simulation;
using Dqml.Simulation.Benchmarks;
using Dqml.Simulation.Fusion;
using Dqml.Simulation.Kernels;

namespace Dqml.Benchmarks;

/// <summary>
/// The complex64 path: G1 gates on a <see cref="StateVectorSingle"/> (native, 64-byte aligned) and the QCBM circuit
/// fused into blocks of <see cref="FusionWidth"/> qubits. Anchor (qsim, float32, fused to 3 qubits, one thread):
/// 61-71 ms at n = 20, 1.7 s at n = 24.
/// </summary>
[MemoryDiagnoser]
public class SinglePrecisionBenchmarks : IDisposable
{
    private StateVectorSingle _state = null!;
    private CompiledGate _h = null!;
    private CompiledGate _rx = null!;
    private CompiledGate _cnot = null!;
    private FusionPlan _plan = null!;
    private Circuit _circuit = null!;
    private StateVectorSimulator _simulator = null!;

    [Params(16, 20)]
    public int N { get; set; }

    [Params(2, 3)]
    public int FusionWidth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _state = new StateVectorSingle(N);
        _h = CompiledGate.Compile(StandardGates.H, [], [3]);
        _rx = CompiledGate.Compile(StandardGates.RX, [0.37], [3]);
        _cnot = CompiledGate.Compile(StandardGates.CX, [], [0, 3]);
        _circuit = Workloads.Qcbm(N);
        _plan = FusionPlan.Create(_circuit, FusionWidth);
        _simulator = new StateVectorSimulator(new SimulatorOptions { Threads = 1, Precision = Precision.Single });
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _state?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public void H() => _h.Apply(_state, 1);

    [Benchmark]
    public void RX() => _rx.Apply(_state, 1);

    [Benchmark]
    public void CNOT() => _cnot.Apply(_state, 1);

    /// <summary>Bound on every call, as in training; the state is allocated and freed per call.</summary>
    [Benchmark]
    public void QcbmFused()
    {
        using var s = _plan.RunSingle();
    }

    [Benchmark]
    public void QcbmUnfused()
    {
        using var s = _simulator.RunUnitarySingle(_circuit);
    }
}

/// <summary>
/// Threads across samples: <see cref="Samples"/> bindings of <see cref="Workloads.TrainableLayers"/> on 8 qubits run by
/// <see cref="BatchSimulator"/> (one state per worker, no fork/join per gate); the same work as <c>dqml bench --suite batch</c>.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private static readonly PauliSum Z0 = PauliSum.Parse("Z0");
    private Circuit _circuit = null!;
    private IReadOnlyList<Dqml.Circuits.Parameters.IParameterSource?> _bindings = null!;
    private BatchSimulator _batch = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(Precision.Double, Precision.Single)]
    public Precision Precision { get; set; }

    [Params(1000)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _circuit = Workloads.TrainableLayers(8);
        _bindings = Workloads.Bindings(_circuit, Samples);
        _batch = new BatchSimulator(new SimulatorOptions { Threads = Threads, Precision = Precision });
    }

    [Benchmark]
    public double[] Expectations() => _batch.Expectations(_circuit, _bindings, Z0);
}
