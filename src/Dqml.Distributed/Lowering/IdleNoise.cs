using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;

namespace Dqml.Distributed;

/// <summary>A logical circuit timed on its architecture, with the idle noise of its waits inserted.</summary>
/// <param name="Circuit">The circuit with <see cref="ThermalRelaxation"/> channels: one per qubit before each of its operations and at the end, for the time since its previous one (merged).</param>
/// <param name="MakespanSeconds">Time from the first operation to the last.</param>
/// <param name="IdleSeconds">Total time qubits spend waiting for others or for messages (summed over qubits).</param>
/// <param name="ClassicalBits">Classical bits sent between processors by the circuit's own conditions (a remote-gate protocol's bits are in its timing, not counted here).</param>
/// <param name="RelaxationSeconds">Total time each qubit relaxes (busy or waiting), by qubit.</param>
public sealed record TimedCircuit(Circuit Circuit, double MakespanSeconds, double IdleSeconds, int ClassicalBits, IReadOnlyList<double> RelaxationSeconds);

/// <summary>
/// Turns latency into noise on a logical circuit without lowering it: the circuit is scheduled on its
/// architecture (gate times, measurement, classical latency of each bit sent across a link, and, for coherent
/// gates across processors, the time of the chosen protocol), and every qubit relaxes by
/// <see cref="ThermalRelaxation"/> (T1, T2 of its processor) for the time it is busy or waiting.
/// </summary>
/// <remarks>
/// <para>This is what a model that is trained on the logical qubits needs: the communication qubits of a
/// telegate or teledata protocol are not added, but each logical qubit of a remote gate is busy for exactly as long
/// as it is in that protocol's lowered circuit (<see cref="Lowering"/>), so its relaxation equals the lowered
/// circuit's. What is left out is the decoherence of the communication qubits themselves (and of the pair before
/// use), which makes a protocol look slightly better than its full lowering.</para>
/// <para>Consecutive relaxations of a qubit are merged into one channel: thermal relaxation is a semigroup,
/// ThermalRelaxation(t1, t2, a) then (t1, t2, b) = (t1, t2, a + b), and a channel on one qubit commutes with
/// operations on others, so each qubit's channel is placed just before its next operation.</para>
/// </remarks>
public static class IdleNoise
{
    /// <summary>Schedules <paramref name="circuit"/> and inserts its idle noise.</summary>
    /// <param name="circuit">The logical circuit on its architecture; processors without T1 add no noise.</param>
    /// <param name="remoteGates">How coherent gates across processors are realised: <see cref="QcRealisation.Direct"/> (an ideal coupler, the two-qubit gate time), telegate or teledata (the protocol's time, classical latency included).</param>
    /// <exception cref="DistributionException">A bit or gate crosses processors that share no link with the needed channel.</exception>
    public static TimedCircuit Insert(DistributedCircuit circuit, QcRealisation remoteGates = QcRealisation.Direct)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var scheduler = new Scheduler(circuit.Architecture, circuit.Assignment, remoteGates);
        var timed = scheduler.Schedule(circuit.Logical);
        var merged = Merge(timed, out var relaxation);
        return new TimedCircuit(merged, scheduler.Makespan, scheduler.Idle, scheduler.ClassicalBits, relaxation);
    }

    /// <summary>Merges each qubit's consecutive thermal relaxations into one channel before its next operation (or at the end).</summary>
    private static Circuit Merge(Circuit circuit, out double[] relaxation)
    {
        int n = circuit.NumQubits;
        var pending = new ThermalRelaxation?[n];
        relaxation = new double[n];
        var output = new List<Instruction>(circuit.Instructions.Length);
        foreach (var instr in circuit.Instructions)
        {
            if (instr is NoiseChannelOperation { Channel: ThermalRelaxation r } op && op.Qubits.Length == 1)
            {
                int q = op.Qubits[0];
                relaxation[q] += r.Duration;
                pending[q] = pending[q] is { } p ? new ThermalRelaxation(p.T1, p.T2, p.Duration + r.Duration) : r;
                continue;
            }

            var body = instr is Conditioned c ? c.Body : instr;
            foreach (int q in body.Qubits)
            {
                Flush(output, pending, q);
            }

            output.Add(instr);
        }

        for (int q = 0; q < n; q++)
        {
            Flush(output, pending, q);
        }

        return circuit.WithInstructions(output);
    }

    private static void Flush(List<Instruction> output, ThermalRelaxation?[] pending, int qubit)
    {
        if (pending[qubit] is { } r)
        {
            output.Add(new NoiseChannelOperation(r, [qubit]));
            pending[qubit] = null;
        }
    }
}
