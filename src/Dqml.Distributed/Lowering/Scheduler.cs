using System.Collections.Immutable;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;

namespace Dqml.Distributed;

/// <summary>
/// Times a lowered circuit on its architecture and turns waiting into noise.
/// </summary>
/// <remarks>
/// Each qubit has a clock; an operation starts when all its qubits are free and, for a classically
/// conditioned one, when every bit it reads has arrived: at once on the processor that measured it, after
/// the link's classical latency on another. Durations come from the processor's <see cref="GateTimes"/>;
/// a Bell-pair preparation takes the source's generation latency. On processors with coherence times, a
/// qubit that waits (before an operation, and at the end until the last operation finishes) and a qubit
/// under an operation relax by <see cref="ThermalRelaxation"/> for that time; the channels are inserted
/// into the circuit, so any backend that runs it sees the cost of latency.
/// <para>A coherent gate across processors takes the slower processor's two-qubit time (an ideal coupler) unless
/// <paramref name="remoteGates"/> names a protocol: then each of its qubits is busy for as long as that qubit is in
/// the protocol's lowered circuit (<see cref="RemoteGateTimes"/>), latency included, which times a logical circuit
/// as if it had been lowered without adding communication qubits.</para>
/// </remarks>
internal sealed class Scheduler(Architecture architecture, ImmutableArray<int> qubitProcessor, QcRealisation remoteGates = QcRealisation.Direct)
{
    private readonly Dictionary<string, double[]> _remoteTimes = [];

    public int ClassicalBits { get; private set; }

    public int Rounds { get; private set; }

    public double Makespan { get; private set; }

    public double Idle { get; private set; }

    public List<ScheduledOperation> Operations { get; } = [];

    public Circuit Schedule(Circuit circuit)
    {
        int n = circuit.NumQubits;
        var clock = new double[n];
        var bitTime = new double[circuit.NumClbits];
        var bitProc = Enumerable.Repeat(-1, circuit.NumClbits).ToArray();
        var bitRound = new int[circuit.NumClbits];
        var bitVersion = new int[circuit.NumClbits];
        var procRound = new int[architecture.Processors.Length];
        var sent = new HashSet<(int Bit, int Version, int To)>();
        var output = new List<Instruction>(circuit.Instructions.Length * 2);

        foreach (var instr in circuit.Instructions)
        {
            var body = instr is Conditioned c ? c.Body : instr;
            var qubits = body.Qubits;
            if (qubits.IsEmpty)
            {
                output.Add(instr);
                continue;
            }

            int proc = qubitProcessor[qubits[0]];
            double start = qubits.Max(q => clock[q]);
            if (instr is Conditioned cond)
            {
                foreach (int b in cond.Condition.Clbits)
                {
                    if (bitProc[b] < 0)
                    {
                        continue; // never written: the initial 0 is known everywhere
                    }

                    double arrival = bitTime[b];
                    if (bitProc[b] != proc)
                    {
                        arrival += ClassicalLatency(bitProc[b], proc);
                        if (sent.Add((b, bitVersion[b], proc)))
                        {
                            ClassicalBits++;
                        }

                        procRound[proc] = Math.Max(procRound[proc], bitRound[b] + 1);
                    }

                    start = Math.Max(start, arrival);
                }
            }

            double duration = Duration(body, proc);
            double[]? busy = RemoteBusyTimes(body);
            if (busy is not null)
            {
                duration = busy.Max();
            }

            foreach (int q in qubits)
            {
                Relax(output, q, start - clock[q]);
                Idle += start - clock[q];
            }

            output.Add(instr);
            Operations.Add(new ScheduledOperation(output.Count - 1, start, start + duration, proc));
            if (body is not Barrier)
            {
                for (int j = 0; j < qubits.Length; j++)
                {
                    double d = busy?[j] ?? duration;
                    Relax(output, qubits[j], d);
                    clock[qubits[j]] = start + d;
                }
            }
            else
            {
                foreach (int q in qubits)
                {
                    clock[q] = start;
                }
            }

            if (body is Measurement m)
            {
                bitTime[m.Clbit] = start + duration;
                bitProc[m.Clbit] = proc;
                bitRound[m.Clbit] = procRound[proc];
                bitVersion[m.Clbit]++;
            }
        }

        Makespan = n == 0 ? 0 : clock.Max();
        for (int q = 0; q < n; q++)
        {
            Relax(output, q, Makespan - clock[q]);
            Idle += Makespan - clock[q];
        }

        Rounds = procRound.Length == 0 ? 0 : procRound.Max();
        return circuit.WithInstructions(output);
    }

    /// <summary>
    /// For a coherent gate across processors realised by a protocol: how long each of its qubits is busy, from the
    /// protocol's own lowered circuit on this architecture (cached per gate and processors); otherwise null.
    /// </summary>
    private double[]? RemoteBusyTimes(Instruction body)
    {
        if (remoteGates == QcRealisation.Direct || body is not GateOperation g || g.Gate.Name == Lowering.BellPairGateName
            || g.Qubits.Select(q => qubitProcessor[q]).Distinct().Count() < 2)
        {
            return null;
        }

        var procs = g.Qubits.Select(q => qubitProcessor[q]).ToArray();
        string key = $"{g.Gate.Definition.Name}/{g.Gate.Definition.NumControls}/{string.Join(',', procs)}";
        if (!_remoteTimes.TryGetValue(key, out var times))
        {
            times = RemoteGateTimes(architecture, g.Gate, procs, remoteGates);
            _remoteTimes[key] = times;
        }

        return times;
    }

    /// <summary>
    /// How long each qubit of <paramref name="gate"/> (on processors <paramref name="processors"/>) is busy when the
    /// gate is realised across processors by <paramref name="realisation"/>: the gate alone is lowered and scheduled
    /// on the architecture (coherence times removed), and qubit j is busy until the last operation that touches it ends.
    /// </summary>
    public static double[] RemoteGateTimes(Architecture architecture, Gate gate, IReadOnlyList<int> processors, QcRealisation realisation)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(processors);
        var noiseless = new Architecture(architecture.Processors.Select(p => p with { T1 = null, T2 = null, Capacity = null }), architecture.Links);
        int k = processors.Count;
        var circuit = new Circuit(k, 0, [new GateOperation(gate, [.. Enumerable.Range(0, k)])]);
        var lowered = Lowering.Lower(new DistributedCircuit(circuit, noiseless, [.. processors]), new QuantumCommunication(realisation));
        var busy = new double[k];
        foreach (var op in lowered.Schedule)
        {
            var instr = lowered.Circuit.Instructions[op.Index];
            var qubits = (instr is Conditioned c ? c.Body : instr).Qubits;
            foreach (int q in qubits.Where(q => q < k))
            {
                busy[q] = Math.Max(busy[q], op.EndSeconds);
            }
        }

        return busy;
    }

    private double ClassicalLatency(int from, int to)
    {
        var link = architecture.LinkBetween(from, to)
            ?? throw new DistributionException($"processors {architecture.Processors[from].Name} and {architecture.Processors[to].Name} share no link to send classical bits over");
        return link.Classical?.LatencySeconds
            ?? throw new DistributionException($"link {link.A}-{link.B} has no classical channel to send bits over");
    }

    private double Duration(Instruction body, int proc)
    {
        var times = architecture.Processors[proc].Durations;
        return body switch
        {
            GateOperation g when g.Gate.Name == Lowering.BellPairGateName => BellLatency(g),
            GateOperation g => g.Qubits.Length == 1 ? times.OneQubit : MaxTwoQubitTime(g),
            Measurement => times.Measurement,
            Reset => times.Reset,
            _ => 0,
        };
    }

    private double MaxTwoQubitTime(GateOperation g)
        => g.Qubits.Select(q => architecture.Processors[qubitProcessor[q]].Durations.TwoQubit).Max();

    private double BellLatency(GateOperation g)
    {
        int p = qubitProcessor[g.Qubits[0]], q = qubitProcessor[g.Qubits[1]];
        if (p == q)
        {
            return architecture.Processors[p].Durations.TwoQubit;
        }

        var link = architecture.LinkBetween(p, q);
        return link?.Bell?.GenerationLatencySeconds ?? link?.Quantum?.LatencySeconds ?? 0;
    }

    private void Relax(List<Instruction> output, int qubit, double time)
    {
        var p = architecture.Processors[qubitProcessor[qubit]];
        if (time > 0 && p.T1 is double t1)
        {
            output.Add(new NoiseChannelOperation(new ThermalRelaxation(t1, p.T2 ?? t1, time), [qubit]));
        }
    }
}
