using System.Collections.Immutable;
using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;

namespace Dqml.Distributed;

/// <summary>
/// A distributed circuit lowered under a scheme: a plain executable circuit (communication qubits and
/// bits, protocols, Bell-pair preparations, link and idle noise included) that any backend runs, where
/// each physical qubit belongs to a processor, and the ledger of what it cost.
/// </summary>
public sealed class LoweredCircuit
{
    internal LoweredCircuit(DistributedCircuit source, Scheme scheme, Circuit circuit, ImmutableArray<int> qubitProcessor, Ledger ledger, ImmutableArray<ScheduledOperation> schedule)
    {
        Source = source;
        Scheme = scheme;
        Circuit = circuit;
        QubitProcessor = qubitProcessor;
        Ledger = ledger;
        Schedule = schedule;
    }

    /// <summary>The distributed circuit it came from.</summary>
    public DistributedCircuit Source { get; }

    /// <summary>The scheme.</summary>
    public Scheme Scheme { get; }

    /// <summary>The executable circuit: logical qubits keep their indices; communication qubits follow them.</summary>
    public Circuit Circuit { get; }

    /// <summary>Processor of each physical qubit.</summary>
    public ImmutableArray<int> QubitProcessor { get; }

    /// <summary>Communication resources, overhead and time.</summary>
    public Ledger Ledger { get; }

    /// <summary>Start and end time of each instruction of <see cref="Circuit"/>.</summary>
    public ImmutableArray<ScheduledOperation> Schedule { get; }

    /// <summary>Number of logical qubits.</summary>
    public int LogicalQubits => Source.Logical.NumQubits;

    /// <summary>Probabilities over the logical qubits only (communication qubits traced out).</summary>
    public double[] LogicalProbabilities(double[] physicalProbabilities)
    {
        ArgumentNullException.ThrowIfNull(physicalProbabilities);
        int mask = (1 << LogicalQubits) - 1;
        var p = new double[1 << LogicalQubits];
        for (int i = 0; i < physicalProbabilities.Length; i++)
        {
            p[i & mask] += physicalProbabilities[i];
        }

        return p;
    }
}

/// <summary>Lowers a <see cref="DistributedCircuit"/> under a <see cref="Scheme"/>.</summary>
public static class Lowering
{
    /// <summary>Name of the Bell-pair preparation gate that lowered circuits use for entanglement distribution.</summary>
    public const string BellPairGateName = "bell_pair";

    /// <summary>Name of the classical register holding communication measurement outcomes.</summary>
    public const string CommRegisterName = "comm";

    /// <summary>Lowers the circuit.</summary>
    /// <exception cref="DistributionException">The scheme rejects an operation (named with its qubits and processors), a link lacks the resource, a processor is over capacity, or the scheme is knitting (many circuits, not one).</exception>
    public static LoweredCircuit Lower(DistributedCircuit circuit, Scheme scheme)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(scheme);
        if (scheme is Knitting)
        {
            throw new DistributionException("scheme knit does not lower to one circuit: a knitted circuit is a quasi-probability sum of many local term circuits; "
                + "run it with DistributedRunner.Run(circuit, scheme) (exact), KnittingSampler.Estimate (shots) or KnittedCircuit.Create (the term circuits)");
        }

        var lowerer = new Lowerer(circuit, scheme);
        return lowerer.Run();
    }

    /// <summary>The gate preparing a pair from |00&gt;: (G (x) I) then CX, G = H for Bell/Werner, RY(2t) for cos t|00&gt; + sin t|11&gt;.</summary>
    internal static GateDefinition BellPairGate(PairState state)
    {
        var first = state is PartiallyEntangledPair pe ? StandardGates.RY.Matrix([2 * pe.Theta]) : StandardGates.H.Matrix([]);
        var m = MatrixMath.Compose(2, [(first, [0]), (StandardGates.CX.Matrix([]), [0, 1])]);
        return GateDefinition.Unitary(m, BellPairGateName);
    }

    private sealed class Lowerer(DistributedCircuit dc, Scheme scheme)
    {
        private readonly Architecture _arch = dc.Architecture;
        private readonly List<Instruction> _out = [];
        private readonly List<string> _notes = [];
        private int[][] _comm = [];
        private int _commBitOffset;
        private int _ebits;
        private int _teleported;

        public LoweredCircuit Run()
        {
            var logical = dc.Logical;
            var cross = dc.CrossOperations();
            Validate(cross);
            int procs = _arch.Processors.Length;

            // Communication qubits each processor needs (telegate 1, teledata 2 per qubit moved at once).
            var need = new int[procs];
            int commBits = 0;
            if (scheme is QuantumCommunication { Realisation: not QcRealisation.Direct } qc)
            {
                foreach (var op in cross.Where(o => o.IsCoherent))
                {
                    var g = (GateOperation)op.Instruction;
                    bool telegate = qc.Realisation == QcRealisation.Telegate && TelegateControl(g) >= 0;
                    if (telegate)
                    {
                        foreach (int p in op.Processors)
                        {
                            need[p] = Math.Max(need[p], 1);
                        }

                        commBits = Math.Max(commBits, 2);
                    }
                    else
                    {
                        int home = dc.ProcessorOf(g.Qubits[^1]);
                        int moves = g.Qubits.Count(q => dc.ProcessorOf(q) != home);
                        need[home] = Math.Max(need[home], 2 * moves);
                        foreach (int q in g.Qubits.Where(q => dc.ProcessorOf(q) != home))
                        {
                            need[dc.ProcessorOf(q)] = Math.Max(need[dc.ProcessorOf(q)], moves);
                        }

                        commBits = Math.Max(commBits, 4 * moves);
                    }
                }
            }

            int n = logical.NumQubits;
            var qubitProc = new List<int>(dc.Assignment);
            _comm = new int[procs][];
            for (int p = 0; p < procs; p++)
            {
                _comm[p] = new int[need[p]];
                for (int k = 0; k < need[p]; k++)
                {
                    _comm[p][k] = qubitProc.Count;
                    qubitProc.Add(p);
                }

                int used = dc.Assignment.Count(x => x == p) + need[p];
                if (_arch.Processors[p].Capacity is int cap && used > cap)
                {
                    throw new DistributionException($"processor '{_arch.Processors[p].Name}' is over capacity: {dc.Assignment.Count(x => x == p)} logical + {need[p]} communication qubit(s) > {cap}");
                }
            }

            _commBitOffset = logical.NumClbits;
            if (scheme is BellSources bell)
            {
                PrepareBellPairs(bell.Pairs);
            }

            var crossIndex = cross.Where(o => o.IsCoherent).ToDictionary(o => o.Index);
            for (int i = 0; i < logical.Instructions.Length; i++)
            {
                var instr = logical.Instructions[i];
                if (!crossIndex.TryGetValue(i, out var op))
                {
                    _out.Add(instr);
                    continue;
                }

                var qcScheme = (QuantumCommunication)scheme; // validation admits coherent cross operations under QC only
                LowerCross(op, qcScheme.Realisation);
            }

            var registers = logical.ClassicalRegisters.ToList();
            if (commBits > 0)
            {
                registers.Add(new Register(CommRegisterName, _commBitOffset, commBits));
            }

            var quantumRegisters = logical.QuantumRegisters.ToList();
            if (qubitProc.Count > n)
            {
                quantumRegisters.Add(new Register("commq", n, qubitProc.Count - n));
            }

            var physical = new Circuit(qubitProc.Count, _commBitOffset + commBits, _out, quantumRegisters, registers);
            var qp = qubitProc.ToImmutableArray();
            var scheduler = new Scheduler(_arch, qp);
            var timed = scheduler.Schedule(physical);
            var ledger = new Ledger(_ebits, scheduler.ClassicalBits, _teleported, scheduler.Rounds, 1.0, scheduler.Makespan, scheduler.Idle, qubitProc.Count - n, [.. _notes]);
            return new LoweredCircuit(dc, scheme, timed, qp, ledger, [.. scheduler.Operations]);
        }

        private void Validate(IReadOnlyList<CrossOperation> cross)
        {
            foreach (var op in cross)
            {
                string what = dc.Describe(op);
                switch (scheme)
                {
                    case NoCommunication or BellSources when op.IsCoherent:
                        throw new DistributionException($"scheme {scheme.Name} forbids communication: {what}");
                    case NoCommunication or BellSources:
                        throw new DistributionException($"scheme {scheme.Name} forbids classical communication: {what} reads a bit measured on another processor");
                    case ClassicalCommunication when op.IsCoherent:
                        throw new DistributionException($"scheme cc allows only LOCC (measure, send the bit, classically controlled operation): {what} is a coherent operation across processors");
                    case QuantumCommunication { Realisation: not QcRealisation.Direct } when op.IsCoherent && op.Instruction is not GateOperation:
                        throw new DistributionException($"scheme {scheme.Name} realises unconditioned gates only: {what}");
                    default:
                        break;
                }

                // Every pair of processors involved must be linked with what the operation needs.
                for (int a = 0; a < op.Processors.Length; a++)
                {
                    for (int b = a + 1; b < op.Processors.Length; b++)
                    {
                        RequireLink(op.Processors[a], op.Processors[b], op, what);
                    }
                }
            }

            if (scheme is BellSources bell)
            {
                if (_arch.Processors.Length < 2)
                {
                    throw new DistributionException("bell sources need two processors");
                }

                var link = _arch.LinkBetween(0, 1) ?? throw new DistributionException($"processors {_arch.Processors[0].Name} and {_arch.Processors[1].Name} share no link for a Bell source");
                var source = link.Bell ?? throw new DistributionException($"link {link.A}-{link.B} has no Bell source");
                if (bell.Pairs > source.Pairs)
                {
                    throw new DistributionException($"scheme {scheme.Name} asks for {bell.Pairs} Bell pairs but the source on link {link.A}-{link.B} has {source.Pairs}");
                }

                for (int p = 0; p < 2; p++)
                {
                    int local = dc.Assignment.Count(x => x == p);
                    if (bell.Pairs > local)
                    {
                        throw new DistributionException($"scheme {scheme.Name} puts pair i on local qubit i, but processor '{_arch.Processors[p].Name}' has only {local} qubit(s)");
                    }
                }
            }
        }

        private void RequireLink(int p, int q, CrossOperation op, string what)
        {
            var link = _arch.LinkBetween(p, q)
                ?? throw new DistributionException($"{what}: processors {_arch.Processors[p].Name} and {_arch.Processors[q].Name} share no link");
            bool ok = (scheme, op.IsCoherent) switch
            {
                (_, false) => link.Classical is not null,
                (QuantumCommunication { Realisation: QcRealisation.Direct }, true) => link.Quantum is not null,
                (QuantumCommunication, true) => link.Classical is not null && (link.Bell is not null || link.Quantum is not null),
                _ => true,
            };
            if (!ok)
            {
                string needed = (scheme, op.IsCoherent) switch
                {
                    (_, false) => "a classical channel",
                    (QuantumCommunication { Realisation: QcRealisation.Direct }, true) => "a quantum channel",
                    _ => "a classical channel and a source of ebits (Bell source or quantum channel)",
                };
                throw new DistributionException($"{what}: link {link.A}-{link.B} does not offer {needed}, which scheme {scheme.Name} needs");
            }
        }

        private void PrepareBellPairs(int pairs)
        {
            var link = _arch.LinkBetween(0, 1)!;
            var onA = Enumerable.Range(0, dc.Logical.NumQubits).Where(q => dc.ProcessorOf(q) == 0).ToArray();
            var onB = Enumerable.Range(0, dc.Logical.NumQubits).Where(q => dc.ProcessorOf(q) == 1).ToArray();
            for (int i = 0; i < pairs; i++)
            {
                EntanglePair(onA[i], onB[i], link);
            }
        }

        /// <summary>Distributes one pair between qubits a and b (initially |00&gt;) with the link's noise.</summary>
        private void EntanglePair(int a, int b, Link? link)
        {
            var state = link?.Bell?.State ?? new WernerPair(link?.Quantum?.Visibility ?? 1);
            _out.Add(new GateOperation(new Gate(BellPairGate(state)), [a, b]));
            if (state is WernerPair w && ResourceStates.WernerNoise(a, b, w.Visibility) is { } noise)
            {
                _out.Add(noise);
            }

            _ebits++;
        }

        /// <summary>Index of the single control argument that telegate can distribute, or -1.</summary>
        private int TelegateControl(GateOperation g)
        {
            var def = g.Gate.Definition;
            if (def.NumControls == 1 && g.Qubits.Length >= 2)
            {
                int cp = dc.ProcessorOf(g.Qubits[0]);
                bool targetsTogether = g.Qubits.Skip(1).All(q => dc.ProcessorOf(q) == dc.ProcessorOf(g.Qubits[1]));
                if (targetsTogether && dc.ProcessorOf(g.Qubits[1]) != cp)
                {
                    return 0;
                }
            }

            return -1;
        }

        private void LowerCross(CrossOperation op, QcRealisation realisation)
        {
            var g = (GateOperation)op.Instruction;
            switch (realisation)
            {
                case QcRealisation.Direct:
                    LowerDirect(g);
                    break;
                case QcRealisation.Telegate when TelegateControl(g) >= 0:
                    LowerTelegate(g);
                    break;
                case QcRealisation.Telegate:
                    _notes.Add($"instruction {op.Index} ({g}): telegate needs a gate with one control on one processor and its targets on another; realised by teledata");
                    LowerTeledata(g);
                    break;
                default:
                    LowerTeledata(g);
                    break;
            }
        }

        private void LowerDirect(GateOperation g)
        {
            _out.Add(g);
            var procs = g.Qubits.Select(dc.ProcessorOf).Distinct().ToArray();
            var link = _arch.LinkBetween(procs[0], procs[1]);
            double v = link?.Quantum?.Visibility ?? 1;
            if (v < 1 && g.Qubits.Length == 2)
            {
                _out.Add(new NoiseChannelOperation(new Depolarizing((1 - v) * 15 / 16, 2), g.Qubits));
            }
            else if (v < 1)
            {
                foreach (int q in g.Qubits)
                {
                    _out.Add(new NoiseChannelOperation(new Depolarizing((1 - v) * 3 / 4), [q]));
                }
            }
        }

        /// <summary>
        /// Cat-entangler / disentangler: with a pair (a on the control's processor, b on the targets'),
        /// CX(c, a), measure a -&gt; m1, if m1: X(b) [now b copies c]; the gate controlled by b; H(b),
        /// measure b -&gt; m2, if m2: Z(c); reset a, b. One ebit, two classical bits.
        /// </summary>
        private void LowerTelegate(GateOperation g)
        {
            int c = g.Qubits[0];
            int pc = dc.ProcessorOf(c), pt = dc.ProcessorOf(g.Qubits[1]);
            int a = _comm[pc][0], b = _comm[pt][0];
            int m1 = _commBitOffset, m2 = _commBitOffset + 1;
            EntanglePair(a, b, _arch.LinkBetween(pc, pt));
            _out.Add(Op(StandardGates.CX, c, a));
            _out.Add(new Measurement(a, m1));
            _out.Add(new Conditioned(new BitCondition(m1, true), Op(StandardGates.X, b)));
            _out.Add(new GateOperation(g.Gate, [b, .. g.Qubits.Skip(1)]));
            _out.Add(Op(StandardGates.H, b));
            _out.Add(new Measurement(b, m2));
            _out.Add(new Conditioned(new BitCondition(m2, true), Op(StandardGates.Z, c)));
            _out.Add(new Reset(a));
            _out.Add(new Reset(b));
        }

        /// <summary>
        /// Teleports every qubit of the gate that is not on the home processor (the last qubit's) to a
        /// communication qubit there, runs the gate locally, and teleports each back into its original
        /// (reset) qubit. Each teleportation consumes one ebit and sends two classical bits.
        /// </summary>
        private void LowerTeledata(GateOperation g)
        {
            int home = dc.ProcessorOf(g.Qubits[^1]);
            var moved = g.Qubits.Where(q => dc.ProcessorOf(q) != home).ToArray();
            var slot = new Dictionary<int, int>();
            int bit = _commBitOffset;
            for (int j = 0; j < moved.Length; j++)
            {
                int q = moved[j], p = dc.ProcessorOf(q);
                int a = _comm[p][j], r = _comm[home][2 * j];
                Teleport(q, a, r, p, home, bit, bit + 1);
                bit += 2;
                slot[q] = r;
            }

            _out.Add(new GateOperation(g.Gate, [.. g.Qubits.Select(q => slot.GetValueOrDefault(q, q))]));
            for (int j = 0; j < moved.Length; j++)
            {
                int q = moved[j], p = dc.ProcessorOf(q);
                int r = _comm[home][2 * j], s = _comm[home][(2 * j) + 1];
                _out.Add(new Reset(q));
                Teleport(r, s, q, home, p, bit, bit + 1);
                bit += 2;
                _out.Add(new Reset(r));
                _out.Add(new Reset(s));
                _out.Add(new Reset(_comm[p][j]));
            }
        }

        /// <summary>Teleports qubit <paramref name="source"/> (processor p) into <paramref name="target"/> (processor q) using the pair (half, target).</summary>
        private void Teleport(int source, int half, int target, int p, int q, int bitZ, int bitX)
        {
            EntanglePair(half, target, _arch.LinkBetween(p, q));
            _out.Add(Op(StandardGates.CX, source, half));
            _out.Add(Op(StandardGates.H, source));
            _out.Add(new Measurement(source, bitZ));
            _out.Add(new Measurement(half, bitX));
            _out.Add(new Conditioned(new BitCondition(bitX, true), Op(StandardGates.X, target)));
            _out.Add(new Conditioned(new BitCondition(bitZ, true), Op(StandardGates.Z, target)));
            _teleported++;
        }

        private static GateOperation Op(GateDefinition def, params int[] qubits) => new(new Gate(def), [.. qubits]);
    }
}
