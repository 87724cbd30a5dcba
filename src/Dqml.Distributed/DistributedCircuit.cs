using System.Collections.Immutable;
using System.Globalization;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;

namespace Dqml.Distributed;

/// <summary>An instruction that involves more than one processor.</summary>
/// <param name="Index">Position in the logical circuit.</param>
/// <param name="Instruction">The instruction.</param>
/// <param name="Processors">The processors involved (qubits' processors, and for a condition the processors whose measurements wrote the bits it reads).</param>
/// <param name="IsCoherent">True when qubits of several processors take part in one quantum operation (not LOCC).</param>
public sealed record CrossOperation(int Index, Instruction Instruction, ImmutableArray<int> Processors, bool IsCoherent);

/// <summary>A logical circuit with each qubit assigned to a processor of an architecture.</summary>
public sealed class DistributedCircuit
{
    /// <summary>Creates and validates the assignment (<paramref name="assignment"/>[q] = processor index of qubit q).</summary>
    /// <exception cref="DistributionException">Wrong length, unknown processor, or a processor over its capacity.</exception>
    public DistributedCircuit(Circuit logical, Architecture architecture, IReadOnlyList<int> assignment)
    {
        ArgumentNullException.ThrowIfNull(logical);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(assignment);
        if (assignment.Count != logical.NumQubits)
        {
            throw new DistributionException($"the assignment names {assignment.Count} qubit(s) but the circuit has {logical.NumQubits}");
        }

        for (int q = 0; q < assignment.Count; q++)
        {
            if ((uint)assignment[q] >= (uint)architecture.Processors.Length)
            {
                throw new DistributionException($"qubit {q} is assigned to processor {assignment[q]}, but there are {architecture.Processors.Length}");
            }
        }

        for (int p = 0; p < architecture.Processors.Length; p++)
        {
            int used = assignment.Count(x => x == p);
            if (architecture.Processors[p].Capacity is int cap && used > cap)
            {
                throw new DistributionException($"processor '{architecture.Processors[p].Name}' holds {cap} qubit(s) but {used} are assigned to it");
            }
        }

        Logical = logical;
        Architecture = architecture;
        Assignment = [.. assignment];
    }

    /// <summary>The logical circuit.</summary>
    public Circuit Logical { get; }

    /// <summary>The architecture.</summary>
    public Architecture Architecture { get; }

    /// <summary>Processor index of each logical qubit.</summary>
    public ImmutableArray<int> Assignment { get; }

    /// <summary>
    /// Parses an assignment such as <c>A:0-3,B:4-7</c> or <c>A:0,2,4;B:1,3,5</c> (qubit ranges per processor);
    /// every qubit must be assigned exactly once.
    /// </summary>
    /// <exception cref="DistributionException">Unknown processor, bad range, a qubit assigned twice or not at all.</exception>
    public static DistributedCircuit Parse(Circuit logical, Architecture architecture, string assignment)
    {
        ArgumentNullException.ThrowIfNull(logical);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(assignment);
        var map = Enumerable.Repeat(-1, logical.NumQubits).ToArray();
        int current = -1;
        foreach (var rawToken in assignment.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            string token = rawToken;
            int colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                current = architecture.IndexOf(token[..colon].Trim());
                token = token[(colon + 1)..];
            }

            if (current < 0)
            {
                throw new DistributionException($"assignment '{assignment}': '{rawToken}' comes before any processor name (write NAME:QUBITS)");
            }

            if (token.Length == 0)
            {
                continue;
            }

            var range = token.Split('-', 2);
            if (!int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out int lo)
                || !int.TryParse(range.Length == 2 ? range[1] : range[0], NumberStyles.None, CultureInfo.InvariantCulture, out int hi) || hi < lo)
            {
                throw new DistributionException($"assignment '{assignment}': '{token}' is not a qubit or a range like 0-3");
            }

            for (int q = lo; q <= hi; q++)
            {
                if (q >= logical.NumQubits)
                {
                    throw new DistributionException($"assignment '{assignment}': qubit {q} is out of range (the circuit has {logical.NumQubits})");
                }

                if (map[q] >= 0)
                {
                    throw new DistributionException($"assignment '{assignment}': qubit {q} is assigned twice");
                }

                map[q] = current;
            }
        }

        int missing = Array.IndexOf(map, -1);
        if (missing >= 0)
        {
            throw new DistributionException($"assignment '{assignment}': qubit {missing} is not assigned to any processor");
        }

        return new DistributedCircuit(logical, architecture, map);
    }

    /// <summary>The processor of logical qubit <paramref name="qubit"/>.</summary>
    public int ProcessorOf(int qubit) => Assignment[qubit];

    /// <summary>Name of the processor of a qubit.</summary>
    public string ProcessorName(int qubit) => Architecture.Processors[Assignment[qubit]].Name;

    /// <summary>
    /// Every instruction that involves more than one processor: coherent ones (a gate, channel or barrier
    /// on qubits of several processors) and LOCC ones (a condition on bits measured on another processor).
    /// </summary>
    public IReadOnlyList<CrossOperation> CrossOperations()
    {
        var writer = Enumerable.Repeat(-1, Logical.NumClbits).ToArray(); // processor that last wrote each bit
        var list = new List<CrossOperation>();
        var ins = Logical.Instructions;
        for (int i = 0; i < ins.Length; i++)
        {
            var instr = ins[i];
            var body = instr is Conditioned c ? c.Body : instr;
            var qubitProcs = body.Qubits.Select(q => Assignment[q]).Distinct().ToList();
            bool coherent = body is not Barrier && qubitProcs.Count > 1;
            var procs = new List<int>(qubitProcs);
            if (instr is Conditioned cond)
            {
                foreach (int b in cond.Condition.Clbits)
                {
                    if (writer[b] >= 0 && !procs.Contains(writer[b]))
                    {
                        procs.Add(writer[b]);
                    }
                }
            }

            if (body is Measurement m)
            {
                writer[m.Clbit] = Assignment[m.Qubit];
            }

            if (coherent || (instr is Conditioned && procs.Count > 1))
            {
                list.Add(new CrossOperation(i, instr, [.. procs], coherent));
            }
        }

        return list;
    }

    /// <summary>Describes an instruction for error messages: "instruction 5 (cx q[1],q[4]) on qubits 1 (A), 4 (B)".</summary>
    public string Describe(CrossOperation op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var body = op.Instruction is Conditioned c ? c.Body : op.Instruction;
        string qubits = string.Join(", ", body.Qubits.Select(q => $"{q} ({ProcessorName(q)})"));
        string procs = string.Join(" and ", op.Processors.Order().Select(p => Architecture.Processors[p].Name));
        return $"instruction {op.Index} ({Text(op.Instruction)}) on qubits {qubits} spans processors {procs}";
    }

    private static string Text(Instruction instruction) => instruction switch
    {
        Conditioned { Condition: BitCondition b } c => $"if(c[{b.Clbit}]=={(b.BitValue ? 1 : 0)}) {Text(c.Body)}",
        Conditioned { Condition: RegisterCondition r } c => $"if({r.RegisterName ?? "bits[" + string.Join(",", r.RegisterBits) + "]"}=={r.RegisterValue}) {Text(c.Body)}",
        Conditioned c => $"if(...) {Text(c.Body)}",
        _ => instruction.ToString() ?? string.Empty,
    };
}

/// <summary>Assigns qubits to processors so that few two-qubit gates cross processors.</summary>
public static class Partitioner
{
    /// <summary>
    /// A balanced assignment (each processor gets at most its capacity, or ceil(n / P) when none is given)
    /// that locally minimises the number of gates spanning processors: start from contiguous blocks, then
    /// run Kernighan-Lin passes of pair swaps. Cost O(n^4) per pass: meant for the small registers of
    /// distributed QML (tens of qubits).
    /// </summary>
    public static DistributedCircuit MinimiseCut(Circuit circuit, Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(architecture);
        int n = circuit.NumQubits, procs = architecture.Processors.Length;
        var caps = architecture.Processors.Select(p => p.Capacity ?? (int)Math.Ceiling(n / (double)procs)).ToArray();
        if (caps.Sum() < n)
        {
            throw new DistributionException($"the processors hold {caps.Sum()} qubit(s) in all but the circuit has {n}");
        }

        var assign = new int[n];
        int p0 = 0, used = 0;
        for (int q = 0; q < n; q++)
        {
            while (used >= caps[p0])
            {
                p0++;
                used = 0;
            }

            assign[q] = p0;
            used++;
        }

        var weight = new int[n, n];
        foreach (var ins in circuit.Instructions)
        {
            var body = ins is Conditioned c ? c.Body : ins;
            if (body is GateOperation g && g.Qubits.Length >= 2)
            {
                for (int a = 0; a < g.Qubits.Length; a++)
                {
                    for (int b = a + 1; b < g.Qubits.Length; b++)
                    {
                        weight[g.Qubits[a], g.Qubits[b]]++;
                        weight[g.Qubits[b], g.Qubits[a]]++;
                    }
                }
            }
        }

        int Cut()
        {
            int s = 0;
            for (int a = 0; a < n; a++)
            {
                for (int b = a + 1; b < n; b++)
                {
                    if (assign[a] != assign[b])
                    {
                        s += weight[a, b];
                    }
                }
            }

            return s;
        }

        // Kernighan-Lin passes: tentatively swap the best pair (even at a loss), lock both, and keep the
        // best prefix of the pass; repeat while a pass improves the cut. Escapes single-swap local minima.
        int best = Cut();
        while (true)
        {
            var locked = new bool[n];
            var trial = (int[])assign.Clone();
            var swaps = new List<(int A, int B)>();
            int bestPrefix = 0, bestCut = best, current = best;
            while (true)
            {
                (int A, int B, int Cut) pick = (-1, -1, int.MaxValue);
                for (int a = 0; a < n; a++)
                {
                    for (int b = a + 1; b < n; b++)
                    {
                        if (locked[a] || locked[b] || trial[a] == trial[b])
                        {
                            continue;
                        }

                        (trial[a], trial[b]) = (trial[b], trial[a]);
                        Array.Copy(trial, assign, n);
                        int cut = Cut();
                        (trial[a], trial[b]) = (trial[b], trial[a]);
                        if (cut < pick.Cut)
                        {
                            pick = (a, b, cut);
                        }
                    }
                }

                if (pick.A < 0)
                {
                    break;
                }

                (trial[pick.A], trial[pick.B]) = (trial[pick.B], trial[pick.A]);
                locked[pick.A] = locked[pick.B] = true;
                swaps.Add((pick.A, pick.B));
                current = pick.Cut;
                if (current < bestCut)
                {
                    bestCut = current;
                    bestPrefix = swaps.Count;
                }
            }

            // Rebuild the assignment from the pass's starting point and its best prefix of swaps.
            Array.Copy(trial, assign, n);
            for (int k = swaps.Count - 1; k >= bestPrefix; k--)
            {
                (assign[swaps[k].A], assign[swaps[k].B]) = (assign[swaps[k].B], assign[swaps[k].A]);
            }

            if (bestCut >= best)
            {
                break;
            }

            best = bestCut;
        }

        return new DistributedCircuit(circuit, architecture, assign);
    }
}
