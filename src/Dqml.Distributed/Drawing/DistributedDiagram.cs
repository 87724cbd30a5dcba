using System.Collections.Immutable;
using System.Globalization;
using Dqml.Circuits;
using Dqml.Circuits.Drawing;
using Dqml.Circuits.Instructions;

namespace Dqml.Distributed.Drawing;

/// <summary>
/// The distributed overlay of <see cref="TextDiagram"/> and <see cref="SvgDiagram"/>: each processor a
/// labelled band (<c>── QPU A ──</c>; communication qubits at the bottom of their processor's band), and
/// the communication events marked with a note above their column and, for pairs and cuts, a dotted
/// connector.
/// </summary>
/// <remarks>
/// <para>What is marked:</para>
/// <list type="bullet">
/// <item>A classical bit sent between processors: a condition reading a bit last measured on another
/// processor gets the note <c>A→B 224ns</c> (the classical latency of the link, when the link has one).</item>
/// <item>An ebit: a <c>bell_pair</c> preparation (<see cref="Lowering.BellPairGateName"/>) between two
/// processors is drawn as a linked pair (label <c>EPR</c>, dotted connector) with the note <c>ebit A~B</c> (processors in architecture order).</item>
/// <item>A teleported qubit: the lowering's teleportation pattern (pair, CX, H, two measurements, two
/// corrections) gets the note <c>teleport qS</c> on its CX; a telegate (cat-entangler, remote gate,
/// disentangler) the note <c>telegate</c> on the remote gate.</item>
/// <item>A coherent gate across processors in a logical circuit: the note <c>A↔B</c>.</item>
/// <item>A knitted (cut) gate: dotted connector and the note <c>γ=3</c> with the cut's gamma; when the
/// circuit's parameters are symbolic, gamma depends on them and the note is <c>cut</c>.</item>
/// </list>
/// <para>Not drawn: timing (the schedule's start times, idle periods), link noise channels other than as
/// plain boxes, wire cuts of a knitted circuit (only gate cuts are marked), and the term circuits of a
/// knitted circuit (only the logical circuit with its cuts).</para>
/// </remarks>
public static class DistributedDiagram
{
    /// <summary>Label of an ebit's ends.</summary>
    public const string PairLabel = "EPR";

    /// <summary>Options for a logical distributed circuit: bands, cross-processor gates and classical sends marked.</summary>
    public static DiagramOptions ForLogical(DistributedCircuit circuit, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var marks = new Dictionary<int, OperationMark>();
        foreach (var op in circuit.CrossOperations().Where(o => o.IsCoherent))
        {
            string procs = string.Join("↔", op.Processors.Order().Select(p => circuit.Architecture.Processors[p].Name));
            marks[op.Index] = new OperationMark(Note: procs);
        }

        MarkClassicalSends(circuit.Logical, circuit.Assignment, circuit.Architecture, marks);
        return With(options, Bands(circuit.Logical, circuit.Assignment, circuit.Architecture), marks);
    }

    /// <summary>Options for a lowered circuit: bands (communication qubits included), ebits, teleportations, telegates and classical sends marked.</summary>
    public static DiagramOptions ForLowered(LoweredCircuit lowered, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lowered);
        var c = lowered.Circuit;
        var arch = lowered.Source.Architecture;
        var proc = lowered.QubitProcessor;
        var marks = new Dictionary<int, OperationMark>();
        var ins = c.Instructions;
        for (int i = 0; i < ins.Length; i++)
        {
            if (ins[i] is not GateOperation { Gate.Name: Lowering.BellPairGateName } pair || proc[pair.Qubits[0]] == proc[pair.Qubits[1]])
            {
                continue;
            }

            int pa = Math.Min(proc[pair.Qubits[0]], proc[pair.Qubits[1]]), pb = Math.Max(proc[pair.Qubits[0]], proc[pair.Qubits[1]]);
            string a = arch.Processors[pa].Name, b = arch.Processors[pb].Name;
            marks[i] = new OperationMark(PairLabel, $"ebit {a}~{b}", ConnectorStyle.Linked);
            if (IsTeleport(ins, i, out int source))
            {
                marks[i + 1] = new OperationMark(Note: "teleport " + WireName(c, source));
            }
            else if (IsTelegate(ins, i))
            {
                marks[i + 4] = new OperationMark(Note: "telegate");
            }
        }

        MarkClassicalSends(c, proc, arch, marks);
        return With(options, Bands(c, proc, arch), marks);
    }

    /// <summary>
    /// Options for the logical circuit of a knitted distributed circuit: every coherent cross-processor gate
    /// drawn as a cut (dotted connector) with its gamma when the parameters are numeric.
    /// </summary>
    public static DiagramOptions ForKnitted(DistributedCircuit circuit, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var marks = new Dictionary<int, OperationMark>();
        if (circuit.Logical.Symbols.IsEmpty)
        {
            foreach (var cut in KnittedCircuit.Create(circuit).Cuts.Where(k => !k.IsWireCut))
            {
                marks[cut.Index] = new OperationMark(Note: "γ=" + cut.Gamma.ToString("0.##", CultureInfo.InvariantCulture), Connector: ConnectorStyle.Linked);
            }
        }
        else
        {
            foreach (var op in circuit.CrossOperations().Where(o => o.IsCoherent))
            {
                marks[op.Index] = new OperationMark(Note: "cut", Connector: ConnectorStyle.Linked);
            }
        }

        return With(options, Bands(circuit.Logical, circuit.Assignment, circuit.Architecture), marks);
    }

    /// <summary>Text diagram of a lowered circuit (see <see cref="ForLowered"/>).</summary>
    public static string Text(LoweredCircuit lowered, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lowered);
        return TextDiagram.Draw(lowered.Circuit, ForLowered(lowered, options));
    }

    /// <summary>Text diagram of a logical distributed circuit (see <see cref="ForLogical"/>).</summary>
    public static string Text(DistributedCircuit circuit, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return TextDiagram.Draw(circuit.Logical, ForLogical(circuit, options));
    }

    /// <summary>SVG diagram of a lowered circuit (see <see cref="ForLowered"/>).</summary>
    public static string Svg(LoweredCircuit lowered, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lowered);
        return SvgDiagram.Draw(lowered.Circuit, ForLowered(lowered, options));
    }

    /// <summary>SVG diagram of a logical distributed circuit (see <see cref="ForLogical"/>).</summary>
    public static string Svg(DistributedCircuit circuit, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return SvgDiagram.Draw(circuit.Logical, ForLogical(circuit, options));
    }

    /// <summary>A latency for a note: <c>224ns</c>, <c>1.5us</c>, <c>2ms</c>.</summary>
    public static string FormatLatency(double seconds)
    {
        (double v, string unit) = seconds switch
        {
            < 1e-6 => (seconds * 1e9, "ns"),
            < 1e-3 => (seconds * 1e6, "us"),
            < 1 => (seconds * 1e3, "ms"),
            _ => (seconds, "s"),
        };
        return v.ToString("0.#", CultureInfo.InvariantCulture) + unit;
    }

    private static DiagramOptions With(DiagramOptions? options, ImmutableArray<WireGroup> groups, Dictionary<int, OperationMark> marks)
    {
        var o = options ?? new DiagramOptions();
        if (o.Marks is not null)
        {
            foreach (var (k, v) in o.Marks)
            {
                marks[k] = v;
            }
        }

        return o with { Groups = groups, Marks = marks };
    }

    private static ImmutableArray<WireGroup> Bands(Circuit circuit, IReadOnlyList<int> qubitProcessor, Architecture arch)
    {
        var groups = ImmutableArray.CreateBuilder<WireGroup>();
        for (int p = 0; p < arch.Processors.Length; p++)
        {
            var qubits = Enumerable.Range(0, circuit.NumQubits).Where(q => qubitProcessor[q] == p).ToImmutableArray();
            if (!qubits.IsEmpty)
            {
                groups.Add(new WireGroup("QPU " + arch.Processors[p].Name, qubits));
            }
        }

        return groups.ToImmutable();
    }

    private static void MarkClassicalSends(Circuit circuit, IReadOnlyList<int> qubitProcessor, Architecture arch, Dictionary<int, OperationMark> marks)
    {
        var writer = Enumerable.Repeat(-1, circuit.NumClbits).ToArray();
        for (int i = 0; i < circuit.Instructions.Length; i++)
        {
            var instr = circuit.Instructions[i];
            if (instr is Conditioned cond && !cond.Body.Qubits.IsEmpty)
            {
                int to = qubitProcessor[cond.Body.Qubits[0]];
                var from = cond.Condition.Clbits.Select(b => writer[b]).Where(p => p >= 0 && p != to).Distinct().Order().ToList();
                if (from.Count > 0)
                {
                    string note = string.Join(" ", from.Select(p =>
                    {
                        var latency = arch.LinkBetween(p, to)?.Classical?.LatencySeconds;
                        string text = $"{arch.Processors[p].Name}→{arch.Processors[to].Name}";
                        return latency is double l ? $"{text} {FormatLatency(l)}" : text;
                    }));
                    marks[i] = marks.TryGetValue(i, out var old) && old.Note is not null ? old with { Note = old.Note + " " + note } : new OperationMark(Note: note);
                }
            }

            if ((instr is Conditioned c ? c.Body : instr) is Measurement m)
            {
                writer[m.Clbit] = qubitProcessor[m.Qubit];
            }
        }
    }

    private static string WireName(Circuit c, int qubit)
    {
        foreach (var r in c.QuantumRegisters)
        {
            if (qubit >= r.Offset && qubit < r.Offset + r.Size)
            {
                return r.Name + (qubit - r.Offset).ToString(CultureInfo.InvariantCulture);
            }
        }

        return "q" + qubit.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>pair(half, target); CX(source, half); H(source); M(source); M(half); if X(target); if Z(target).</summary>
    private static bool IsTeleport(ImmutableArray<Instruction> ins, int i, out int source)
    {
        source = -1;
        if (i + 6 >= ins.Length || ins[i + 1] is not GateOperation { Gate.Name: "cx" } cx || ins[i + 2] is not GateOperation { Gate.Name: "h" } h)
        {
            return false;
        }

        int half = ins[i].Qubits[0], target = ins[i].Qubits[1];
        bool ok = cx.Qubits[1] == half && h.Qubits[0] == cx.Qubits[0]
            && ins[i + 3] is Measurement m1 && m1.Qubit == cx.Qubits[0]
            && ins[i + 4] is Measurement m2 && m2.Qubit == half
            && ins[i + 5] is Conditioned { Body: GateOperation x } && x.Qubits[0] == target
            && ins[i + 6] is Conditioned { Body: GateOperation z } && z.Qubits[0] == target;
        source = ok ? cx.Qubits[0] : -1;
        return ok;
    }

    /// <summary>pair(a, b); CX(c, a); M(a); if X(b); gate(b, ...); H(b); M(b); if Z(c).</summary>
    private static bool IsTelegate(ImmutableArray<Instruction> ins, int i)
    {
        if (i + 7 >= ins.Length)
        {
            return false;
        }

        int a = ins[i].Qubits[0], b = ins[i].Qubits[1];
        return ins[i + 1] is GateOperation { Gate.Name: "cx" } cx && cx.Qubits[1] == a
            && ins[i + 2] is Measurement m && m.Qubit == a
            && ins[i + 3] is Conditioned { Body: GateOperation fx } && fx.Qubits[0] == b
            && ins[i + 4] is GateOperation g && g.Qubits[0] == b
            && ins[i + 5] is GateOperation { Gate.Name: "h" } h && h.Qubits[0] == b
            && ins[i + 6] is Measurement m2 && m2.Qubit == b
            && ins[i + 7] is Conditioned { Body: GateOperation fz } && fz.Qubits[0] == cx.Qubits[0];
    }
}
