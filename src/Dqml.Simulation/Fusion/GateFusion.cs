using System.Collections.Immutable;
using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation.Fusion;

/// <summary>
/// One step of a <see cref="FusionPlan"/>: either a block of gate operations fused into one gate on at most
/// <see cref="FusionPlan.MaxQubits"/> qubits, or a non-gate instruction (barrier, measurement, reset,
/// conditioned instruction, noise, readout error) kept as it is.
/// </summary>
/// <param name="IsBlock">True for a block of gate operations, false for a kept instruction.</param>
/// <param name="Instructions">Indices into the circuit's instructions, in application order (one for a kept instruction).</param>
/// <param name="Qubits">The block's qubits (local argument j is qubit Qubits[j]), or the kept instruction's qubits.</param>
public sealed record FusionStep(bool IsBlock, ImmutableArray<int> Instructions, ImmutableArray<int> Qubits)
{
    /// <inheritdoc />
    public bool Equals(FusionStep? other) => other is not null && IsBlock == other.IsBlock
        && Instructions.SequenceEqual(other.Instructions) && Qubits.SequenceEqual(other.Qubits);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsBlock, Instructions.Length, Qubits.Length);
}

/// <summary>
/// Gate fusion as a parameter-aware pass: the structure (which gate operations form which block, in which
/// order) is found once by <see cref="Create"/>; <see cref="Bind"/> turns it into compiled kernels for given
/// parameter values, cheaply enough to redo at every training step.
/// </summary>
/// <remarks>
/// Greedy: gates are walked in order; each qubit has at most one open block. A gate joins the open blocks on
/// its qubits (merging them) when their qubits together with the gate's stay within the limit; open blocks
/// that do not fit are closed first. A block is emitted when it is closed, which keeps every dependency in
/// order. Non-gate instructions close the blocks on their qubits and are kept in place.
/// </remarks>
public sealed class FusionPlan
{
    /// <summary>
    /// The default block width: 3, measured on QCBM (docs/benchmarks.md) with the vectorised dense 3- and 4-qubit
    /// kernels: in complex128 as fast as 2 at n = 14-20 (where a 3-qubit block's arithmetic costs about what it saves
    /// in passes) and 1.5x faster at n = 24 (DRAM-bound: half the passes); in complex64 the fastest from n = 16 on.
    /// 4-qubit blocks are compute-bound and slower.
    /// </summary>
    public const int DefaultMaxQubits = 3;

    /// <summary>The largest block width accepted.</summary>
    public const int MaxBlockQubits = 6;

    private FusionPlan(Circuit circuit, int maxQubits, ImmutableArray<FusionStep> steps)
    {
        Circuit = circuit;
        MaxQubits = maxQubits;
        Steps = steps;
        BlockCount = steps.Count(s => s.IsBlock);
        IsUnitary = steps.All(s => s.IsBlock || circuit.Instructions[s.Instructions[0]] is Barrier);
    }

    /// <summary>The circuit the plan was made for.</summary>
    public Circuit Circuit { get; }

    /// <summary>The largest number of qubits of a fused block (a single gate on more qubits stays a block of its own).</summary>
    public int MaxQubits { get; }

    /// <summary>The steps in application order.</summary>
    public ImmutableArray<FusionStep> Steps { get; }

    /// <summary>Number of gate blocks (one kernel call each).</summary>
    public int BlockCount { get; }

    /// <summary>True when every kept instruction is a barrier, so <see cref="Run(StateVector, IParameterSource?, int)"/> applies.</summary>
    public bool IsUnitary { get; }

    /// <summary>Partitions the circuit's gate operations into blocks of at most <paramref name="maxQubits"/> qubits.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxQubits"/> is outside 1..6.</exception>
    public static FusionPlan Create(Circuit circuit, int maxQubits = DefaultMaxQubits)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (maxQubits < 1 || maxQubits > MaxBlockQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(maxQubits), maxQubits, $"maxQubits must be between 1 and {MaxBlockQubits}");
        }

        var steps = new List<FusionStep>();
        var open = new OpenBlock?[circuit.NumQubits];
        var ins = circuit.Instructions;

        void Close(OpenBlock b)
        {
            foreach (int q in b.Qubits)
            {
                open[q] = null;
            }

            steps.Add(new FusionStep(true, [.. b.Ops], [.. b.Qubits]));
        }

        void CloseOn(IEnumerable<int> qubits)
        {
            foreach (int q in qubits)
            {
                if (open[q] is { } b)
                {
                    Close(b);
                }
            }
        }

        for (int i = 0; i < ins.Length; i++)
        {
            var instr = ins[i];
            if (instr is not GateOperation g)
            {
                // Barriers on no qubits span the whole register.
                IEnumerable<int> touched = instr is Barrier && instr.Qubits.IsEmpty ? Enumerable.Range(0, circuit.NumQubits) : instr.Qubits;
                CloseOn(touched);
                steps.Add(new FusionStep(false, [i], instr.Qubits));
                continue;
            }

            var qs = g.Qubits;
            if (qs.IsEmpty || qs.Length > maxQubits)
            {
                CloseOn(qs);
                steps.Add(new FusionStep(true, [i], qs));
                continue;
            }

            // Open blocks on the gate's qubits, largest first; keep those that still fit, close the rest.
            var candidates = new List<OpenBlock>();
            foreach (int q in qs)
            {
                if (open[q] is { } b && !candidates.Contains(b))
                {
                    candidates.Add(b);
                }
            }

            candidates.Sort((a, b) => b.Ops.Count.CompareTo(a.Ops.Count));
            var union = new List<int>();
            var kept = new List<OpenBlock>();
            foreach (var b in candidates)
            {
                int extra = b.Qubits.Count(q => !union.Contains(q) && !qs.Contains(q));
                int size = union.Count + qs.Count(q => !union.Contains(q)) + extra;
                if (size <= maxQubits)
                {
                    kept.Add(b);
                    foreach (int q in b.Qubits)
                    {
                        if (!union.Contains(q))
                        {
                            union.Add(q);
                        }
                    }
                }
                else
                {
                    Close(b);
                }
            }

            OpenBlock target;
            if (kept.Count == 0)
            {
                target = new OpenBlock();
            }
            else
            {
                // Kept blocks act on disjoint qubits, so concatenating them is exact; keep the older first.
                kept.Sort((a, b) => a.Ops[0].CompareTo(b.Ops[0]));
                target = kept[0];
                for (int j = 1; j < kept.Count; j++)
                {
                    target.Ops.AddRange(kept[j].Ops);
                    target.Qubits.AddRange(kept[j].Qubits);
                }
            }

            target.Ops.Add(i);
            foreach (int q in qs)
            {
                if (!target.Qubits.Contains(q))
                {
                    target.Qubits.Add(q);
                }
            }

            foreach (int q in target.Qubits)
            {
                open[q] = target;
            }
        }

        // Close what is still open, oldest first.
        var rest = open.OfType<OpenBlock>().Distinct().OrderBy(b => b.Ops[0]).ToList();
        foreach (var b in rest)
        {
            Close(b);
        }

        return new FusionPlan(circuit, maxQubits, [.. steps]);
    }

    /// <summary>
    /// Binds parameters: one <see cref="CompiledGate"/> per block (the block's composed matrix, or the
    /// gate's own compiled form for a one-gate block).
    /// </summary>
    /// <exception cref="InvalidOperationException">A symbol is unbound (the message names the instruction).</exception>
    public BoundFusionPlan Bind(IParameterSource? values)
    {
        var gates = new CompiledGate?[Steps.Length];
        for (int s = 0; s < Steps.Length; s++)
        {
            var step = Steps[s];
            if (!step.IsBlock)
            {
                continue;
            }

            if (step.Instructions.Length == 1)
            {
                int i = step.Instructions[0];
                var g = (GateOperation)Circuit.Instructions[i];
                gates[s] = CompiledGate.Compile(g.Gate.Definition, g.BindAt(values, i), g.Qubits.AsSpan());
            }
            else
            {
                gates[s] = CompiledGate.FromMatrix(BlockMatrix(step, values), step.Qubits.AsSpan());
            }
        }

        return new BoundFusionPlan(this, gates);
    }

    /// <summary>The composed matrix of a block (argument j on the block's qubit j), with parameters bound.</summary>
    public Complex[] BlockMatrix(FusionStep step, IParameterSource? values)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!step.IsBlock)
        {
            throw new ArgumentException("the step is a kept instruction, not a gate block", nameof(step));
        }

        // The block matrix U (row-major d x d) is a vector of 2m qubits, row bits above column bits; a gate G on
        // local qubits lq maps U to G U, i.e. G applied on qubits lq + m of that vector: d^2 2^g operations per
        // gate instead of the d^3 of a full matrix product.
        var local = step.Qubits;
        int m = local.Length;
        int d = 1 << m;
        var acc = new Complex[d * d];
        for (int r = 0; r < d; r++)
        {
            acc[(r * d) + r] = Complex.One;
        }

        Span<int> rowQubits = stackalloc int[MaxBlockQubits];
        Span<int> offsets = stackalloc int[1 << MaxBlockQubits];
        Span<int> sorted = stackalloc int[MaxBlockQubits];
        foreach (int i in step.Instructions)
        {
            var g = (GateOperation)Circuit.Instructions[i];
            int k = g.Qubits.Length;
            if (k > MaxBlockQubits)
            {
                return ComposeByProducts(step, values);
            }

            for (int a = 0; a < k; a++)
            {
                rowQubits[a] = local.IndexOf(g.Qubits[a]) + m;
            }

            var rq = rowQubits[..k];
            var offs = offsets[..(1 << k)];
            BitIndex.Offsets(rq, offs);
            rq.CopyTo(sorted);
            sorted[..k].Sort();
            ScalarKernels.DenseK(acc, g.Gate.Definition.Matrix(g.BindAt(values, i)), offs, 0, sorted[..k]);
        }

        return acc;
    }

    private Complex[] ComposeByProducts(FusionStep step, IParameterSource? values)
    {
        var local = step.Qubits;
        var sequence = new (Complex[] Matrix, int[] Qubits)[step.Instructions.Length];
        for (int j = 0; j < sequence.Length; j++)
        {
            int i = step.Instructions[j];
            var g = (GateOperation)Circuit.Instructions[i];
            var lq = new int[g.Qubits.Length];
            for (int a = 0; a < lq.Length; a++)
            {
                lq[a] = local.IndexOf(g.Qubits[a]);
            }

            sequence[j] = (g.Gate.Definition.Matrix(g.BindAt(values, i)), lq);
        }

        return MatrixMath.Compose(local.Length, sequence);
    }

    /// <summary>Binds and applies a unitary plan (barriers allowed) to <paramref name="state"/> in place.</summary>
    /// <exception cref="InvalidOperationException">The circuit measures, resets, conditions or has noise.</exception>
    public void Run(StateVector state, IParameterSource? values = null, int threads = 1) => Bind(values).Apply(state, threads);

    /// <summary>Binds and runs a unitary plan from |0...0&gt; (kernels on <paramref name="threads"/> threads for large states).</summary>
    public StateVector Run(IParameterSource? values = null, int threads = 1)
    {
        var state = new StateVector(Circuit.NumQubits);
        Run(state, values, threads);
        return state;
    }

    /// <summary>Binds and applies a unitary plan (barriers allowed) to the complex64 <paramref name="state"/> in place.</summary>
    /// <exception cref="InvalidOperationException">The circuit measures, resets, conditions or has noise.</exception>
    public void Run(StateVectorSingle state, IParameterSource? values = null, int threads = 1) => Bind(values).Apply(state, threads);

    /// <summary>Binds and runs a unitary plan from |0...0&gt; on complex64 amplitudes; the caller disposes the state.</summary>
    public StateVectorSingle RunSingle(IParameterSource? values = null, int threads = 1)
    {
        var bound = Bind(values);
        var state = new StateVectorSingle(Circuit.NumQubits);
        try
        {
            bound.Apply(state, threads);
        }
        catch
        {
            state.Dispose();
            throw;
        }

        return state;
    }

    /// <summary>
    /// The fused circuit with parameters bound: each multi-gate block becomes one unitary gate, one-gate blocks
    /// and kept instructions stay as they are (so any executor, including the exact one with mid-circuit
    /// measurement, can run it).
    /// </summary>
    public Circuit ToCircuit(IParameterSource? values)
    {
        var list = new List<Instruction>(Steps.Length);
        foreach (var step in Steps)
        {
            var first = Circuit.Instructions[step.Instructions[0]];
            if (!step.IsBlock || step.Instructions.Length == 1)
            {
                list.Add(first);
                continue;
            }

            var def = GateDefinition.Unitary(BlockMatrix(step, values), "fused", 1e-8);
            list.Add(new GateOperation(new Gate(def), step.Qubits));
        }

        return Circuit.WithInstructions(list);
    }

    private sealed class OpenBlock
    {
        public List<int> Ops { get; } = [];

        public List<int> Qubits { get; } = [];
    }
}

/// <summary>A <see cref="FusionPlan"/> with parameters bound: compiled kernels, reusable until parameters change.</summary>
public sealed class BoundFusionPlan
{
    private readonly CompiledGate?[] _gates;

    internal BoundFusionPlan(FusionPlan plan, CompiledGate?[] gates)
    {
        Plan = plan;
        _gates = gates;
    }

    /// <summary>The plan.</summary>
    public FusionPlan Plan { get; }

    /// <summary>The compiled gate of each step of <see cref="FusionPlan.Steps"/> (null for kept instructions).</summary>
    public IReadOnlyList<CompiledGate?> Gates => _gates;

    /// <summary>Applies a unitary plan (barriers allowed) to <paramref name="state"/> in place, kernels on <paramref name="threads"/> threads for large states.</summary>
    /// <exception cref="InvalidOperationException">The circuit measures, resets, conditions or has noise.</exception>
    public void Apply(StateVector state, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(state);
        CheckApplicable(state.NumQubits, nameof(state));
        foreach (var g in _gates)
        {
            g?.Apply(state, threads);
        }
    }

    /// <summary>Applies a unitary plan (barriers allowed) to the complex64 <paramref name="state"/> in place, kernels on <paramref name="threads"/> threads for large states.</summary>
    /// <exception cref="InvalidOperationException">The circuit measures, resets, conditions or has noise.</exception>
    public void Apply(StateVectorSingle state, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(state);
        CheckApplicable(state.NumQubits, nameof(state));
        foreach (var g in _gates)
        {
            g?.Apply(state, threads);
        }
    }

    private void CheckApplicable(int numQubits, string paramName)
    {
        if (numQubits != Plan.Circuit.NumQubits)
        {
            throw new ArgumentException($"the circuit has {Plan.Circuit.NumQubits} qubits but the state has {numQubits}", paramName);
        }

        if (!Plan.IsUnitary)
        {
            var bad = Plan.Steps.First(s => !s.IsBlock && Plan.Circuit.Instructions[s.Instructions[0]] is not Barrier).Instructions[0];
            throw new InvalidOperationException($"instruction {bad} ({Plan.Circuit.Instructions[bad]}) is not unitary: run FusionPlan.ToCircuit with RunExact or Sample for circuits with measurements, resets or conditions");
        }
    }
}
