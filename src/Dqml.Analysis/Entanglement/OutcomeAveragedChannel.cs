using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;

namespace Dqml.Analysis.Entanglement;

/// <summary>
/// Runs a circuit with mid-circuit measurements and feed-forward on a given (mixed) density matrix and returns
/// the state averaged over the measurement outcomes: sum over classical records c of rho_c.
/// </summary>
/// <remarks>
/// <para>Like the density-matrix backend it keeps one unnormalised rho per classical register value, but it
/// starts from any state (so an ensemble is run once, not member by member) and it merges the branches of a
/// bit as soon as no later instruction reads it before it is written again (backward liveness), so a
/// measure-then-condition pooling block costs two branches, not a doubling per measurement.</para>
/// <para>Supported: gates, measurements, resets, noise channels, barriers, and gates / channels / resets /
/// measurements conditioned on bits or registers. Readout errors are rejected.</para>
/// </remarks>
internal static class OutcomeAveragedChannel
{
    private static readonly Gate XGate = new(Circuits.Gates.StandardGates.X);

    /// <summary>Applies <paramref name="circuit"/> (symbols bound from <paramref name="values"/>) to <paramref name="initial"/> and returns the outcome-averaged state.</summary>
    /// <exception cref="ArgumentException">An unsupported instruction, or more than 64 classical bits.</exception>
    public static DensityMatrix Run(Circuit circuit, DensityMatrix initial, IParameterSource? values)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(initial);
        if (circuit.NumQubits != initial.NumQubits)
        {
            throw new ArgumentException($"the circuit has {circuit.NumQubits} qubits, the state {initial.NumQubits}", nameof(initial));
        }

        if (circuit.NumClbits > 64)
        {
            throw new ArgumentException($"the circuit has {circuit.NumClbits} classical bits; at most 64 are tracked", nameof(circuit));
        }

        var ins = circuit.Instructions;
        var liveAfter = LiveAfter(ins);
        var entries = new Dictionary<ulong, DensityMatrix> { [0] = initial.Clone() };
        for (int i = 0; i < ins.Length; i++)
        {
            var instr = ins[i];
            Condition? cond = null;
            if (instr is Conditioned c)
            {
                cond = c.Condition;
                instr = c.Body;
            }

            if (instr is Measurement m)
            {
                entries = Measure(entries, m.Qubit, m.Clbit, cond);
            }
            else
            {
                foreach (var (key, rho) in entries)
                {
                    if (cond is null || cond.IsSatisfied(key))
                    {
                        ApplyQuantum(rho, instr, values, i);
                    }
                }
            }

            entries = Merge(entries, liveAfter[i]);
        }

        var total = new DensityMatrix(initial.NumQubits);
        total.Elements.Clear();
        foreach (var rho in entries.Values)
        {
            total.AddScaled(rho, 1);
        }

        return total;
    }

    private static void ApplyQuantum(DensityMatrix rho, Instruction instr, IParameterSource? values, int index)
    {
        switch (instr)
        {
            case GateOperation g:
                rho.Apply(g.Gate, g.Qubits.AsSpan(), values);
                break;
            case NoiseChannelOperation nc:
                rho.ApplyChannel(nc.Channel, nc.Qubits.AsSpan());
                break;
            case Reset r:
            {
                // P0 rho P0 + X P1 rho P1 X.
                var one = rho.Clone();
                rho.Project(r.Qubit, 0);
                one.Project(r.Qubit, 1);
                one.Apply(XGate, [r.Qubit]);
                rho.AddScaled(one, 1);
                break;
            }

            case Barrier:
                break;
            default:
                throw new ArgumentException($"instruction {index} ({instr}) is not supported by the outcome-averaged channel");
        }
    }

    private static Dictionary<ulong, DensityMatrix> Measure(Dictionary<ulong, DensityMatrix> entries, int qubit, int clbit, Condition? cond)
    {
        ulong bit = 1UL << clbit;
        var next = new Dictionary<ulong, DensityMatrix>();
        foreach (var (key, rho) in entries)
        {
            if (cond is not null && !cond.IsSatisfied(key))
            {
                Add(next, key, rho);
                continue;
            }

            var one = rho.Clone();
            rho.Project(qubit, 0);
            one.Project(qubit, 1);
            Add(next, key & ~bit, rho);
            Add(next, key | bit, one);
        }

        return next;
    }

    /// <summary>Sums the entries whose keys agree on the live bits.</summary>
    private static Dictionary<ulong, DensityMatrix> Merge(Dictionary<ulong, DensityMatrix> entries, ulong live)
    {
        if (entries.Keys.All(k => (k & ~live) == 0))
        {
            return entries;
        }

        var next = new Dictionary<ulong, DensityMatrix>();
        foreach (var (key, rho) in entries.OrderBy(e => e.Key))
        {
            Add(next, key & live, rho);
        }

        return next;
    }

    private static void Add(Dictionary<ulong, DensityMatrix> into, ulong key, DensityMatrix rho)
    {
        if (into.TryGetValue(key, out var existing))
        {
            existing.AddScaled(rho, 1);
        }
        else
        {
            into[key] = rho;
        }
    }


    /// <summary>Bits still to be read after each instruction (read later before being overwritten unconditionally).</summary>
    private static ulong[] LiveAfter(IReadOnlyList<Instruction> ins)
    {
        var liveAfter = new ulong[ins.Count];
        ulong live = 0;
        for (int i = ins.Count - 1; i >= 0; i--)
        {
            liveAfter[i] = live;
            var instr = ins[i];
            ulong reads = 0;
            if (instr is Conditioned c)
            {
                foreach (int b in c.Condition.Clbits)
                {
                    reads |= 1UL << b;
                }

                instr = c.Body;
            }
            else if (instr is Measurement m)
            {
                live &= ~(1UL << m.Clbit);
            }

            if (instr is ReadoutError)
            {
                throw new ArgumentException($"instruction {i} (a readout error) is not supported by the outcome-averaged channel");
            }

            live |= reads;
        }

        return liveAfter;
    }
}
