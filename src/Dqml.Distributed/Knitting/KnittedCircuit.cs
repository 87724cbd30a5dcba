using System.Collections.Immutable;
using System.Globalization;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;

namespace Dqml.Distributed;

/// <summary>One cut of a knitted circuit.</summary>
/// <param name="Index">For a gate cut, the index of the cut gate in the logical circuit; for a wire cut, the index of the instruction the cut comes before.</param>
/// <param name="Qubits">The logical qubits the decomposition acts on (argument order).</param>
/// <param name="Decomposition">The quasi-probability decomposition replacing the gate or the wire.</param>
/// <param name="IsWireCut">True for a wire cut, false for a gate cut.</param>
/// <param name="Description">What was cut, for notes and messages.</param>
public sealed record KnitCut(int Index, ImmutableArray<int> Qubits, QuasiProbabilityDecomposition Decomposition, bool IsWireCut, string Description)
{
    /// <summary>Sampling overhead of this cut.</summary>
    public double Gamma => Decomposition.Gamma;

    /// <summary>Number of terms.</summary>
    public int TermCount => Decomposition.Terms.Length;
}

/// <summary>
/// A distributed circuit with every coherent cross-processor gate (and any requested wire cut) replaced by
/// a quasi-probability decomposition into local operations: a weighted sum of term circuits, one per
/// combination of per-cut terms, each of which runs on the processors separately. Probabilities over the
/// logical qubits are p(x) = sum_terms c_term sum_outcomes sign(outcomes) P_term(x, outcomes), where
/// c_term is the product of the chosen terms' coefficients and sign the product of (-1)^bit over the
/// signed-measurement bits.
/// </summary>
public sealed class KnittedCircuit
{
    /// <summary>Most term combinations exact mode enumerates (6^8: eight six-term gate cuts).</summary>
    public const long MaxExactTerms = 1_679_616;

    private readonly ImmutableArray<int> _signBitOffset; // per cut, first classical bit of its signed measurements

    private KnittedCircuit(DistributedCircuit source, Circuit logical, ImmutableArray<KnitCut> cuts)
    {
        Source = source;
        Logical = logical;
        Cuts = cuts;
        var offsets = ImmutableArray.CreateBuilder<int>(cuts.Length);
        int bit = logical.NumClbits;
        foreach (var cut in cuts)
        {
            offsets.Add(bit);
            bit += cut.Decomposition.SignBits;
        }

        _signBitOffset = offsets.MoveToImmutable();
        SignBitCount = bit - logical.NumClbits;
        Gamma = cuts.Aggregate(1.0, (g, c) => g * c.Gamma);
        double terms = cuts.Aggregate(1.0, (t, c) => t * c.TermCount);
        TermCount = terms >= long.MaxValue ? long.MaxValue : (long)terms;
        var notes = cuts.Select(c => $"{c.Description}: {(c.IsWireCut ? "wire" : "gate")} cut, {c.TermCount} terms, gamma {c.Gamma.ToString("G6", CultureInfo.InvariantCulture)}").ToList();
        notes.Add($"knitting: {cuts.Length} cut(s), {(terms >= long.MaxValue ? terms.ToString("G3", CultureInfo.InvariantCulture) : TermCount.ToString(CultureInfo.InvariantCulture))} term circuit(s), gamma {Gamma.ToString("G6", CultureInfo.InvariantCulture)}, shots x{(Gamma * Gamma).ToString("G6", CultureInfo.InvariantCulture)}");
        Ledger = new Ledger(0, 0, 0, 0, Gamma, 0, 0, 0, [.. notes]);
    }

    /// <summary>The distributed circuit it came from.</summary>
    public DistributedCircuit Source { get; }

    /// <summary>The logical circuit with parameters bound.</summary>
    public Circuit Logical { get; }

    /// <summary>The cuts, in circuit order (a wire cut before the gate at the same index).</summary>
    public ImmutableArray<KnitCut> Cuts { get; }

    /// <summary>Total sampling overhead: the product of the cuts' gammas (1 with no cut).</summary>
    public double Gamma { get; }

    /// <summary>Number of term circuits: the product of the cuts' term counts (saturates at <see cref="long.MaxValue"/>).</summary>
    public long TermCount { get; }

    /// <summary>Classical bits added for signed measurements (after the logical circuit's bits).</summary>
    public int SignBitCount { get; }

    /// <summary>No communication; Gamma is the total overhead, Notes list the cuts.</summary>
    public Ledger Ledger { get; }

    /// <summary>Number of logical qubits.</summary>
    public int NumQubits => Logical.NumQubits;

    /// <summary>
    /// Knits <paramref name="circuit"/>: cuts every coherent cross-processor gate with <see cref="GateCuts"/>
    /// and makes the requested wire cuts.
    /// </summary>
    /// <param name="circuit">The distributed circuit.</param>
    /// <param name="wireCuts">Wire cuts to add (none by default).</param>
    /// <param name="parameters">Values for the circuit's symbols, if it has any.</param>
    /// <exception cref="DistributionException">A cross-processor operation cannot be cut (named with the gate, qubits and processors), a wire cut is out of range, or a symbol is unbound.</exception>
    public static KnittedCircuit Create(DistributedCircuit circuit, IEnumerable<WireCut>? wireCuts = null, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var logical = parameters is null ? circuit.Logical : circuit.Logical.Bind(parameters);
        if (!logical.Symbols.IsEmpty)
        {
            throw new DistributionException($"scheme knit needs numeric gate parameters: bind {string.Join(", ", logical.Symbols.Select(s => s.Name))} first");
        }

        var cuts = new List<(int Order, KnitCut Cut)>();
        foreach (var op in circuit.CrossOperations())
        {
            string what = circuit.Describe(op);
            if (!op.IsCoherent)
            {
                throw new DistributionException($"scheme knit uses local operations only: {what} reads a bit measured on another processor (classical communication; use cc)");
            }

            if (op.Instruction is not GateOperation g)
            {
                throw new DistributionException($"scheme knit cuts unconditioned gates only: {what}");
            }

            var gate = (GateOperation)logical.Instructions[op.Index];
            if (g.Qubits.Length != 2)
            {
                throw new DistributionException($"scheme knit cuts two-qubit gates only: {what} is the {g.Qubits.Length}-qubit gate '{g.Gate.Name}' (decompose it into one- and two-qubit gates first)");
            }

            var qpd = GateCuts.TryDecompose(gate.Gate.ToString(), gate.Gate.Matrix())
                ?? throw new DistributionException($"scheme knit cannot cut gate '{g.Gate.Name}': {what}; its matrix is not a two-qubit unitary, so it has no KAK decomposition");
            cuts.Add(((2 * op.Index) + 1, new KnitCut(op.Index, gate.Qubits, qpd, false, what)));
        }

        foreach (var w in wireCuts ?? [])
        {
            ArgumentNullException.ThrowIfNull(w);
            if ((uint)w.Qubit >= (uint)logical.NumQubits)
            {
                throw new DistributionException($"wire cut on qubit {w.Qubit}: the circuit has {logical.NumQubits} qubit(s)");
            }

            if ((uint)w.BeforeInstruction > (uint)logical.Instructions.Length)
            {
                throw new DistributionException($"wire cut before instruction {w.BeforeInstruction}: the circuit has {logical.Instructions.Length} instruction(s)");
            }

            string what = $"wire of qubit {w.Qubit} ({circuit.ProcessorName(w.Qubit)}) before instruction {w.BeforeInstruction}";
            cuts.Add((2 * w.BeforeInstruction, new KnitCut(w.BeforeInstruction, [w.Qubit], WireCut.Decomposition, true, what)));
        }

        // Stable sort keeps wire cuts at one position in the order given.
        return new KnittedCircuit(circuit, logical, [.. cuts.OrderBy(c => c.Order).Select(c => c.Cut)]);
    }

    /// <summary>The product of the chosen terms' coefficients.</summary>
    public double Coefficient(ReadOnlySpan<int> choice)
    {
        CheckChoice(choice);
        double c = 1;
        for (int j = 0; j < Cuts.Length; j++)
        {
            c *= Cuts[j].Decomposition.Terms[choice[j]].Coefficient;
        }

        return c;
    }

    /// <summary>
    /// The per-cut term choice of term circuit <paramref name="index"/> (mixed radix over the cuts, the
    /// first cut the fastest digit).
    /// </summary>
    public int[] Choice(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, TermCount);
        var choice = new int[Cuts.Length];
        for (int j = 0; j < Cuts.Length; j++)
        {
            choice[j] = (int)(index % Cuts[j].TermCount);
            index /= Cuts[j].TermCount;
        }

        return choice;
    }

    /// <summary>
    /// The sign (+1 or -1) of an outcome: the product of (-1)^bit over the signed-measurement bits, read from
    /// <paramref name="bits"/> (bit i = classical bit i of a term circuit).
    /// </summary>
    public int Sign(ReadOnlySpan<bool> bits)
    {
        int parity = 0;
        for (int b = Logical.NumClbits; b < Logical.NumClbits + SignBitCount; b++)
        {
            parity ^= bits[b] ? 1 : 0;
        }

        return parity == 0 ? 1 : -1;
    }

    /// <summary>
    /// The term circuit for <paramref name="choice"/> (one term index per cut): the logical circuit with each
    /// cut replaced by the chosen term's local operations. Its classical bits are the logical ones, then
    /// <see cref="SignBitCount"/> sign bits, then, when <paramref name="measureLogical"/>, one bit per logical
    /// qubit measured at the end (qubit q into bit <see cref="MeasurementBitOffset"/> + q).
    /// </summary>
    public Circuit TermCircuit(ReadOnlySpan<int> choice, bool measureLogical = false)
    {
        CheckChoice(choice);
        var ins = Logical.Instructions;
        var list = new List<Instruction>(ins.Length + (4 * Cuts.Length) + NumQubits);
        int next = 0;
        for (int i = 0; i <= ins.Length; i++)
        {
            bool replaced = false;
            while (next < Cuts.Length && Cuts[next].Index == i)
            {
                // Wire cuts at i come first (they act before instruction i), then the gate cut of instruction i.
                var cut = Cuts[next];
                EmitTerm(list, cut, cut.Decomposition.Terms[choice[next]], _signBitOffset[next]);
                replaced |= !cut.IsWireCut;
                next++;
            }

            if (i < ins.Length && !replaced)
            {
                list.Add(ins[i]);
            }
        }

        int clbits = MeasurementBitOffset + (measureLogical ? NumQubits : 0);
        if (measureLogical)
        {
            for (int q = 0; q < NumQubits; q++)
            {
                list.Add(new Measurement(q, MeasurementBitOffset + q));
            }
        }

        return new Circuit(NumQubits, clbits, list, Logical.QuantumRegisters, clbits > 0 ? [new Register("c", 0, clbits)] : []);
    }

    /// <summary>First classical bit of the final logical measurements in a term circuit built with measureLogical.</summary>
    public int MeasurementBitOffset => Logical.NumClbits + SignBitCount;

    private static void EmitTerm(List<Instruction> into, KnitCut cut, QpdTerm term, int signBit)
    {
        for (int j = 0; j < term.Operations.Length; j++)
        {
            int q = cut.Qubits[j];
            foreach (var op in term.Operations[j])
            {
                switch (op)
                {
                    case LocalGate g:
                        into.Add(new GateOperation(new Gate(g.Definition, [.. g.Parameters.Select(ParamExpr.Constant)]), [q]));
                        break;
                    case SignedMeasurement:
                        into.Add(new Measurement(q, signBit++));
                        break;
                    case LocalReset:
                        into.Add(new Reset(q));
                        break;
                    default:
                        throw new InvalidOperationException($"unknown local operation {op}");
                }
            }
        }
    }

    private void CheckChoice(ReadOnlySpan<int> choice)
    {
        if (choice.Length != Cuts.Length)
        {
            throw new ArgumentException($"a term choice names one term per cut: {Cuts.Length} expected, got {choice.Length}", nameof(choice));
        }

        for (int j = 0; j < choice.Length; j++)
        {
            if ((uint)choice[j] >= (uint)Cuts[j].TermCount)
            {
                throw new ArgumentOutOfRangeException(nameof(choice), $"cut {j} has {Cuts[j].TermCount} terms; term {choice[j]} does not exist");
            }
        }
    }
}
