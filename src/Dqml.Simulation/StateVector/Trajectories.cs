using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation;

/// <summary>Per-thread buffers of a trajectory run.</summary>
internal sealed class TrajectoryWorker(int numQubits, int numClbits)
{
    public StateVector State { get; } = new(numQubits);

    public StateVector Scratch { get; } = new(numQubits);

    public bool[] Bits { get; } = new bool[numClbits];
}

/// <summary>
/// The instructions of a circuit from some index on, compiled once (gates, Kraus operators, Pauli
/// tables) and run as a stochastic trajectory: measurements and resets sample the Born rule; a Pauli
/// channel samples one Pauli string from its probabilities; any other channel picks Kraus operator K_i
/// with probability ||K_i psi||^2 and renormalises.
/// </summary>
internal sealed class TrajectoryPlan
{
    private readonly Instruction[] _ins;
    private readonly object?[] _compiled;

    private TrajectoryPlan(Instruction[] ins, object?[] compiled)
    {
        _ins = ins;
        _compiled = compiled;
    }

    public static TrajectoryPlan Create(Circuit circuit, int from, IParameterSource? parameters)
    {
        var ins = circuit.Instructions.Skip(from).ToArray();
        var compiled = new object?[ins.Length];
        for (int k = 0; k < ins.Length; k++)
        {
            var inner = ins[k] is Conditioned c ? c.Body : ins[k];
            compiled[k] = inner switch
            {
                GateOperation g => CompiledGate.Compile(g.Gate.Definition, g.BindAt(parameters, from + k), g.Qubits.AsSpan()),
                NoiseChannelOperation n => CompiledChannel.Create(n.Channel, n.Qubits.AsSpan()),
                _ => null,
            };
        }

        return new TrajectoryPlan(ins, compiled);
    }

    public void Run(TrajectoryWorker w, DeterministicRandom rng)
    {
        var state = w.State;
        var bits = w.Bits;
        for (int k = 0; k < _ins.Length; k++)
        {
            var instr = _ins[k];
            if (instr is Conditioned c)
            {
                if (!c.Condition.IsSatisfied(bits))
                {
                    continue;
                }

                instr = c.Body;
            }

            switch (instr)
            {
                case GateOperation:
                    state.Apply((CompiledGate)_compiled[k]!);
                    break;
                case NoiseChannelOperation:
                    ((CompiledChannel)_compiled[k]!).Sample(state, w.Scratch, rng);
                    break;
                case Circuits.Instructions.Measurement m:
                    bits[m.Clbit] = StateVectorSimulator.MeasureOne(state, m.Qubit, rng) == 1;
                    break;
                case ReadoutError re:
                    if (rng.NextDouble() < re.FlipProbability(bits[re.Clbit]))
                    {
                        bits[re.Clbit] = !bits[re.Clbit];
                    }

                    break;
                case Reset r:
                    if (StateVectorSimulator.MeasureOne(state, r.Qubit, rng) == 1)
                    {
                        StateVectorKernels.AntiDiagonal1(state.Amplitudes, r.Qubit, Complex.One, Complex.One);
                    }

                    break;
                default:
                    break;
            }
        }
    }

}

/// <summary>A noise channel compiled for trajectories.</summary>
internal sealed class CompiledChannel
{
    private readonly double[]? _pauliCdf;
    private readonly CompiledGate[][]? _pauliGates;
    private readonly CompiledGate[]? _kraus;

    private CompiledChannel(double[]? pauliCdf, CompiledGate[][]? pauliGates, CompiledGate[]? kraus)
    {
        _pauliCdf = pauliCdf;
        _pauliGates = pauliGates;
        _kraus = kraus;
    }

    public static CompiledChannel Create(NoiseChannel channel, ReadOnlySpan<int> qubits)
    {
        var pauli = channel.PauliProbabilities();
        if (pauli is not null)
        {
            var cdf = new double[pauli.Length];
            var gates = new CompiledGate[pauli.Length][];
            double acc = 0;
            for (int code = 0; code < pauli.Length; code++)
            {
                acc += pauli[code];
                cdf[code] = acc;
                var list = new List<CompiledGate>();
                for (int j = 0; j < qubits.Length; j++)
                {
                    int pj = (code >> (2 * j)) & 3;
                    if (pj != 0)
                    {
                        list.Add(CompiledGate.FromMatrix(NoiseChannel.PauliStringMatrix(pj, 1), [qubits[j]]));
                    }
                }

                gates[code] = [.. list];
            }

            return new CompiledChannel(cdf, gates, null);
        }

        var q = qubits.ToArray();
        var kraus = channel.KrausOperators().Select(k => CompiledGate.FromMatrix(k, q)).ToArray();
        return new CompiledChannel(null, null, kraus);
    }

    public void Sample(StateVector state, StateVector scratch, DeterministicRandom rng)
    {
        double r = rng.NextDouble();
        if (_pauliCdf is not null)
        {
            int code = 0;
            while (code < _pauliCdf.Length - 1 && r >= _pauliCdf[code])
            {
                code++;
            }

            foreach (var g in _pauliGates![code])
            {
                state.Apply(g);
            }

            return;
        }

        // Pick K_i with probability ||K_i psi||^2; a rounding shortfall falls back to the last non-zero branch.
        double acc = 0;
        int lastNonZero = -1;
        for (int i = 0; i < _kraus!.Length; i++)
        {
            scratch.CopyFrom(state);
            scratch.Apply(_kraus[i]);
            double p = StateVectorKernels.NormSquared(scratch.Amplitudes);
            if (p <= 0)
            {
                continue;
            }

            lastNonZero = i;
            acc += p;
            if (r < acc)
            {
                Renormalise(scratch, p);
                state.CopyFrom(scratch);
                return;
            }
        }

        if (lastNonZero >= 0)
        {
            scratch.CopyFrom(state);
            scratch.Apply(_kraus[lastNonZero]);
            Renormalise(scratch, StateVectorKernels.NormSquared(scratch.Amplitudes));
            state.CopyFrom(scratch);
        }
    }

    private static void Renormalise(StateVector s, double normSquared)
    {
        double scale = 1 / Math.Sqrt(normSquared);
        var a = s.Amplitudes;
        for (int j = 0; j < a.Length; j++)
        {
            a[j] *= scale;
        }
    }
}
