using BenchmarkDotNet.Attributes;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Simulation;

namespace Dqml.Benchmarks;

/// <summary>Where on the register a benchmarked gate acts.</summary>
public enum TargetQubit
{
    /// <summary>Qubit 0 (stride 1).</summary>
    Zero,

    /// <summary>Qubit 3 (stride 8).</summary>
    Three,

    /// <summary>Qubit n-1 (stride 2^(n-1)).</summary>
    Last,
}

/// <summary>One gate application on an n-qubit state vector, via <see cref="StateVector.Apply(Gate, ReadOnlySpan{int}, Dqml.Circuits.Parameters.IParameterSource?)"/>.</summary>
[MemoryDiagnoser]
public class GateBenchmarks
{
    private static readonly Gate HGate = new(StandardGates.H);
    private static readonly Gate RXGate = new(StandardGates.RX, [0.37]);
    private static readonly Gate RZGate = new(StandardGates.RZ, [0.37]);
    private static readonly Gate CnotGate = new(StandardGates.CX);

    private StateVector _state = null!;
    private int _target;
    private int _control;

    [Params(12, 16, 20)]
    public int N { get; set; }

    [Params(TargetQubit.Zero, TargetQubit.Three, TargetQubit.Last)]
    public TargetQubit Target { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _state = new StateVector(N);
        _state.Apply(HGate, [0]);
        _target = Target switch
        {
            TargetQubit.Zero => 0,
            TargetQubit.Three => 3,
            TargetQubit.Last => N - 1,
            _ => throw new ArgumentOutOfRangeException(nameof(Target)),
        };

        // The CNOT control sits at the other end of the register from the target.
        _control = _target == 0 ? N - 1 : 0;
    }

    [Benchmark]
    public void H() => _state.Apply(HGate, [_target]);

    [Benchmark]
    public void RX() => _state.Apply(RXGate, [_target]);

    [Benchmark]
    public void RZ() => _state.Apply(RZGate, [_target]);

    [Benchmark]
    public void CNOT() => _state.Apply(CnotGate, [_control, _target]);
}
