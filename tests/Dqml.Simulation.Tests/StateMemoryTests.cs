using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation.Tests;

/// <summary>
/// Where amplitudes live: complex128 states from 2^10 amplitudes on start on a 64-byte boundary (however they are
/// made: constructor, clone, from amplitudes, after an out-of-place density-matrix permutation), smaller ones are
/// plain arrays; complex64 states are always aligned native memory. Alignment never changes results.
/// </summary>
public class StateMemoryTests
{
    private static unsafe long Address(StateVector s)
    {
        fixed (Complex* p = s.Amplitudes)
        {
            return (long)p;
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(13)]
    [InlineData(17)]
    public void LargeStates_Aligned64(int n)
    {
        var s = new StateVector(n);
        Assert.Equal(0, Address(s) % 64);
        Assert.Equal(1 << n, s.Amplitudes.Length);
        Assert.Equal(Complex.One, s[0]);
        Assert.Equal(0, Address(s.Clone()) % 64);
        Assert.Equal(0, Address(StateVector.FromAmplitudes(s.Amplitudes)) % 64);
        Assert.Equal(0, Address(StateVector.Basis(n, 5)) % 64);
        Assert.Equal(Complex.One, StateVector.Basis(n, 5)[5]);
    }

    [Fact]
    public void AlignedAndUnalignedStorage_SameResults()
    {
        var circuit = Dqml.Simulation.Benchmarks.Workloads.Qcbm(10);
        var sim = new StateVectorSimulator(new SimulatorOptions { Threads = 1 });
        var aligned = sim.RunUnitary(circuit);
        var plain = new Complex[(1 << 10) + 1];
        plain[1] = Complex.One;
        var span = plain.AsSpan(1, 1 << 10);
        int i = 0;
        foreach (var instr in circuit.Instructions)
        {
            var g = (Dqml.Circuits.Instructions.GateOperation)instr;
            CompiledGate.Compile(g.Gate.Definition, g.BindAt(null, i++), g.Qubits.AsSpan()).Apply(span);
        }

        Assert.True(aligned.Amplitudes.SequenceEqual(span));
    }

    [Fact]
    public void DensityMatrixPermutations_KeepWorkingAcrossBufferExchanges()
    {
        var circuit = Dqml.Simulation.Benchmarks.Workloads.NoisyLayers(5, layers: 3);
        var a = new DensityMatrixSimulator(new SimulatorOptions { Threads = 1 }).Run(circuit);
        var b = new DensityMatrixSimulator(new SimulatorOptions { Threads = 2 }).Run(circuit);
        Assert.Equal(a.Probabilities(), b.Probabilities());
        Assert.Equal(1.0, a.Probabilities().Sum(), 1e-12);
    }

    [Fact]
    public void GateOnAlignedState_ChunkedThreads_BitIdentical()
    {
        var s1 = new StateVector(17);
        var s2 = new StateVector(17);
        foreach (var s in new[] { s1, s2 })
        {
            CompiledGate.Compile(StandardGates.H, [], [0]).Apply(s, 1);
        }

        var g = CompiledGate.Compile(StandardGates.RXX, [0.4], [0, 5]);
        g.Apply(s1, 1);
        g.Apply(s2, 2);
        Assert.True(s1.Amplitudes.SequenceEqual(s2.Amplitudes));
    }
}
