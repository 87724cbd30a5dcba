using System.Collections.Concurrent;
using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Simulation.Kernels;
using Dqml.Simulation.Measurements;

namespace Dqml.Simulation;

/// <summary>
/// Runs circuits on a complex128 state vector, with mid-circuit measurement, reset and feed-forward in two
/// modes: <see cref="RunExact"/> (the exact average over all outcomes) and <see cref="Sample"/> (one
/// seeded trajectory per shot).
/// </summary>
public sealed class StateVectorSimulator(SimulatorOptions? options = null) : ISimulatorBackend
{
    private readonly SimulatorOptions _options = options ?? SimulatorOptions.Default;

    /// <summary>The options in use.</summary>
    public SimulatorOptions Options => _options;

    /// <inheritdoc />
    public string Name => "statevector";

    /// <inheritdoc />
    IExactResult ISimulatorBackend.Run(Circuit circuit, IParameterSource? parameters) => RunExact(circuit, parameters);

    /// <summary>
    /// Runs a unitary circuit (barriers allowed) from |0...0&gt; and returns the final state. With
    /// <see cref="SimulatorOptions.Precision"/> = <see cref="Precision.Single"/> the circuit runs on complex64 amplitudes
    /// (<see cref="RunUnitarySingle"/>) and the result is widened to complex128.
    /// </summary>
    /// <exception cref="InvalidOperationException">The circuit measures, resets, conditions or has noise.</exception>
    public StateVector RunUnitary(Circuit circuit, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (_options.Precision == Precision.Single)
        {
            using var single = RunUnitarySingle(circuit, parameters);
            return single.ToStateVector();
        }

        var state = new StateVector(circuit.NumQubits);
        RunUnitary(circuit, state, parameters);
        return state;
    }

    /// <summary>
    /// Runs a unitary circuit (barriers allowed) from |0...0&gt; on complex64 amplitudes, whatever
    /// <see cref="SimulatorOptions.Precision"/> says; the caller disposes the returned state.
    /// </summary>
    /// <exception cref="InvalidOperationException">The circuit measures, resets, conditions or has noise.</exception>
    public StateVectorSingle RunUnitarySingle(Circuit circuit, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        CheckWidth(circuit, null);
        var state = new StateVectorSingle(circuit.NumQubits);
        try
        {
            RunUnitary(circuit, state, parameters);
        }
        catch
        {
            state.Dispose();
            throw;
        }

        return state;
    }

    /// <summary>Applies a unitary circuit to the complex64 <paramref name="state"/> in place.</summary>
    /// <exception cref="InvalidOperationException">The circuit measures, resets, conditions or has noise.</exception>
    public void RunUnitary(Circuit circuit, StateVectorSingle state, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(state);
        CheckWidth(circuit, null);
        if (state.NumQubits != circuit.NumQubits)
        {
            throw new ArgumentException($"the circuit has {circuit.NumQubits} qubits but the state has {state.NumQubits}", nameof(state));
        }

        for (int i = 0; i < circuit.Instructions.Length; i++)
        {
            switch (circuit.Instructions[i])
            {
                case GateOperation g:
                    Compile(g, parameters, i).Apply(state, _options.Threads);
                    break;
                case Barrier:
                    break;
                case var other:
                    throw new InvalidOperationException($"instruction {i} ({other}) is not unitary: use RunExact or Sample for circuits with measurements, resets or conditions");
            }
        }
    }

    /// <summary>Applies a unitary circuit to the complex128 <paramref name="state"/> in place (always in double precision).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Instance API: options will select kernels and threads.")]
    public void RunUnitary(Circuit circuit, StateVector state, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(state);
        CheckWidth(circuit, state);
        for (int i = 0; i < circuit.Instructions.Length; i++)
        {
            switch (circuit.Instructions[i])
            {
                case GateOperation g:
                    Compile(g, parameters, i).Apply(state, _options.Threads);
                    break;
                case Barrier:
                    break;
                case var other:
                    throw new InvalidOperationException($"instruction {i} ({other}) is not unitary: use RunExact or Sample for circuits with measurements, resets or conditions");
            }
        }
    }

    /// <summary>
    /// Runs the circuit exactly: the result holds the exact mixture over all mid-circuit measurement
    /// outcomes and the exact classical distribution.
    /// </summary>
    /// <remarks>
    /// Measurements whose qubit is afterwards only used diagonally or as a control are deferred (see
    /// <see cref="DeferredMeasurement"/>): no collapse, no extra qubit, one branch. Other measurements and
    /// resets split the ensemble into branches, one per outcome of non-negligible probability; branches with
    /// the same classical bits and the same state (up to phase) are merged. Cost: one state-vector pass per
    /// gate per branch.
    /// </remarks>
    /// <exception cref="UnsupportedInstructionException">The circuit contains a noise channel.</exception>
    /// <exception cref="InvalidOperationException">More than <see cref="SimulatorOptions.MaxBranches"/> branches would be needed.</exception>
    public ExactResult RunExact(Circuit circuit, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        CheckWidth(circuit, null);
        var ins = circuit.Instructions;
        var deferrable = _options.DeferMeasurements ? DeferredMeasurement.Analyse(circuit) : new bool[ins.Length];
        var tie = Enumerable.Repeat(-1, circuit.NumClbits).ToArray();
        var branches = new List<Branch> { new(1.0, new StateVector(circuit.NumQubits), new bool[circuit.NumClbits], 0) };

        for (int i = 0; i < ins.Length; i++)
        {
            var instr = ins[i];
            switch (instr)
            {
                case GateOperation g:
                    {
                        var cg = Compile(g, parameters, i);
                        foreach (var b in branches)
                        {
                            b.State.Apply(cg);
                        }

                        break;
                    }

                case Barrier:
                    break;
                case Circuits.Instructions.Measurement m when deferrable[i]:
                    tie[m.Clbit] = m.Qubit;
                    foreach (var b in branches)
                    {
                        b.DephasedMask |= 1UL << m.Qubit;
                    }

                    break;
                case Circuits.Instructions.Measurement m:
                    tie[m.Clbit] = -1;
                    branches = Split(branches, m.Qubit, m.Clbit, reset: false, i);
                    break;
                case Reset r:
                    branches = Split(branches, r.Qubit, -1, reset: true, i);
                    break;
                case Conditioned c:
                    branches = RunConditioned(branches, c, tie, parameters, i);
                    break;
                case ReadoutError re:
                    branches = ApplyReadoutError(branches, re, tie, i, _ => true);
                    break;
                case NoiseChannelOperation n:
                    throw NoiseUnsupported(n, i);
                default:
                    throw new UnsupportedInstructionException($"instruction {i} ({instr}) is not supported by the state-vector backend");
            }
        }

        return new ExactResult(circuit.NumQubits, circuit.NumClbits, branches, tie, circuit.ClassicalRegisters);
    }

    /// <summary>
    /// Samples <paramref name="shots"/> shots with <paramref name="seed"/>: one trajectory per shot, outcomes
    /// drawn from the Born rule. Counts are keyed by the classical register (Qiskit order); a circuit with no
    /// classical bits is measured on all qubits at the end.
    /// </summary>
    /// <remarks>
    /// The unitary prefix is simulated once; if only measurements follow it, shots are drawn from its
    /// distribution directly. Otherwise each shot s runs the rest with its own random stream
    /// <see cref="DeterministicRandom.ForStream"/>(seed, s), in parallel, so counts do not depend on
    /// <see cref="SimulatorOptions.Threads"/>.
    /// </remarks>
    public SampleResult Sample(Circuit circuit, int shots, ulong seed, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shots);
        CheckWidth(circuit, null);
        if (circuit.NumClbits == 0)
        {
            var b = new CircuitBuilder(circuit.NumQubits, circuit.NumQubits).Append(circuit);
            for (int q = 0; q < circuit.NumQubits; q++)
            {
                b.Measure(q, q);
            }

            circuit = b.Build();
        }

        var ins = circuit.Instructions;
        int prefixEnd = 0;
        var prefix = new StateVector(circuit.NumQubits);
        while (prefixEnd < ins.Length && ins[prefixEnd] is GateOperation or Barrier)
        {
            if (ins[prefixEnd] is GateOperation g)
            {
                prefix.Apply(Compile(g, parameters, prefixEnd));
            }

            prefixEnd++;
        }

        bool terminalOnly = true;
        for (int i = prefixEnd; i < ins.Length; i++)
        {
            if (ins[i] is not (Circuits.Instructions.Measurement or Barrier))
            {
                terminalOnly = false;
                break;
            }
        }

        var keys = new string[shots];
        if (terminalOnly)
        {
            SampleTerminal(circuit, prefix, prefixEnd, shots, seed, keys);
        }
        else
        {
            SampleTrajectories(circuit, prefix, prefixEnd, shots, seed, parameters, keys);
        }

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }

        return new SampleResult(counts, shots, seed);
    }

    private static void SampleTerminal(Circuit circuit, StateVector prefix, int from, int shots, ulong seed, string[] keys)
    {
        var p = prefix.Probabilities();
        var cdf = new double[p.Length];
        double acc = 0;
        for (int i = 0; i < p.Length; i++)
        {
            acc += p[i];
            cdf[i] = acc;
        }

        var rng = new DeterministicRandom(seed);
        var bits = new bool[circuit.NumClbits];
        var cache = new Dictionary<int, string>();
        for (int s = 0; s < shots; s++)
        {
            double r = rng.NextDouble() * acc;
            int idx = Array.BinarySearch(cdf, r);
            idx = idx < 0 ? ~idx : idx + 1;
            idx = Math.Min(idx, cdf.Length - 1);
            while (p[idx] == 0 && idx > 0)
            {
                idx--;
            }

            if (!cache.TryGetValue(idx, out var key))
            {
                Array.Clear(bits);
                for (int i = from; i < circuit.Instructions.Length; i++)
                {
                    if (circuit.Instructions[i] is Circuits.Instructions.Measurement m)
                    {
                        bits[m.Clbit] = ((idx >> m.Qubit) & 1) == 1;
                    }
                }

                key = ClassicalKeys.Format(bits, circuit.ClassicalRegisters);
                cache[idx] = key;
            }

            keys[s] = key;
        }
    }

    private void SampleTrajectories(Circuit circuit, StateVector prefix, int from, int shots, ulong seed, IParameterSource? parameters, string[] keys)
    {
        var plan = TrajectoryPlan.Create(circuit, from, parameters);
        var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Threads) };
        Parallel.For(
            0,
            shots,
            po,
            () => new TrajectoryWorker(circuit.NumQubits, circuit.NumClbits),
            (s, _, worker) =>
            {
                worker.State.CopyFrom(prefix);
                Array.Clear(worker.Bits);
                plan.Run(worker, DeterministicRandom.ForStream(seed, (ulong)s));
                keys[s] = ClassicalKeys.Format(worker.Bits, circuit.ClassicalRegisters);
                return worker;
            },
            _ => { });
    }

    /// <summary>
    /// Monte-Carlo trajectories: the average of |psi|^2 over <paramref name="trajectories"/> seeded
    /// trajectories, each with its own stream (noise channels sampled: Pauli channels directly, other Kraus
    /// channels by their branch probabilities; measurements and resets by the Born rule). Converges to
    /// the density-matrix probabilities with standard error O(1/sqrt(trajectories)).
    /// </summary>
    public double[] TrajectoryProbabilities(Circuit circuit, int trajectories, ulong seed, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trajectories);
        CheckWidth(circuit, null);
        var plan = TrajectoryPlan.Create(circuit, 0, parameters);
        int dim = 1 << circuit.NumQubits;
        var partial = new double[trajectories][];
        var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Threads) };
        Parallel.For(
            0,
            trajectories,
            po,
            () => new TrajectoryWorker(circuit.NumQubits, circuit.NumClbits),
            (s, _, worker) =>
            {
                worker.State.Amplitudes.Clear();
                worker.State.Amplitudes[0] = Complex.One;
                Array.Clear(worker.Bits);
                plan.Run(worker, DeterministicRandom.ForStream(seed, (ulong)s));
                partial[s] = worker.State.Probabilities();
                return worker;
            },
            _ => { });

        // Summed in shot order so the result does not depend on the thread count.
        var p = new double[dim];
        foreach (var part in partial)
        {
            for (int i = 0; i < dim; i++)
            {
                p[i] += part[i];
            }
        }

        for (int i = 0; i < dim; i++)
        {
            p[i] /= trajectories;
        }

        return p;
    }

    internal static int MeasureOne(StateVector state, int q, DeterministicRandom rng)
    {
        double p1 = Math.Clamp(state.ProbabilityOfOne(q), 0, 1);
        int outcome = rng.NextDouble() < p1 ? 1 : 0;
        state.Collapse(q, outcome, outcome == 1 ? p1 : 1 - p1);
        return outcome;
    }

    private List<Branch> Split(List<Branch> branches, int qubit, int clbit, bool reset, int index)
    {
        var next = new List<Branch>(branches.Count * 2);
        foreach (var b in branches)
        {
            SplitOne(b, qubit, clbit, reset, next);
        }

        return MergeAndCheck(next, index);
    }

    private void SplitOne(Branch b, int qubit, int clbit, bool reset, List<Branch> into)
    {
        double p1 = Math.Clamp(b.State.ProbabilityOfOne(qubit), 0, 1);
        double p0 = 1 - p1;
        ulong dephased = b.DephasedMask & ~(1UL << qubit);
        bool keep0 = p0 > _options.BranchCutoff, keep1 = p1 > _options.BranchCutoff;
        if (keep0)
        {
            var s0 = keep1 ? b.State.Clone() : b.State;
            s0.Collapse(qubit, 0, p0);
            var bits0 = (bool[])b.Bits.Clone();
            if (clbit >= 0)
            {
                bits0[clbit] = false;
            }

            into.Add(new Branch(b.Weight * p0, s0, bits0, dephased));
        }

        if (keep1)
        {
            var s1 = b.State;
            s1.Collapse(qubit, 1, p1);
            if (reset)
            {
                StateVectorKernels.AntiDiagonal1(s1.Amplitudes, qubit, Complex.One, Complex.One);
            }

            var bits1 = (bool[])b.Bits.Clone();
            if (clbit >= 0)
            {
                bits1[clbit] = true;
            }

            into.Add(new Branch(b.Weight * p1, s1, bits1, dephased));
        }
    }

    private List<Branch> MergeAndCheck(List<Branch> branches, int index)
    {
        var merged = new List<Branch>(branches.Count);
        foreach (var b in branches)
        {
            Branch? same = null;
            foreach (var m in merged)
            {
                if (m.DephasedMask == b.DephasedMask && m.Bits.AsSpan().SequenceEqual(b.Bits)
                    && Complex.Abs(m.State.InnerProduct(b.State)) >= 1 - _options.MergeTolerance)
                {
                    same = m;
                    break;
                }
            }

            if (same is null)
            {
                merged.Add(b);
            }
            else
            {
                same.Weight += b.Weight;
            }
        }

        if (merged.Count > _options.MaxBranches)
        {
            throw new InvalidOperationException(
                $"instruction {index}: exact simulation needs more than {_options.MaxBranches} branches; use sampled mode (shots) or raise SimulatorOptions.MaxBranches");
        }

        return merged;
    }

    /// <summary>Splits each selected branch into the recorded bit kept (1 - f) and flipped (f).</summary>
    private List<Branch> ApplyReadoutError(List<Branch> branches, ReadoutError re, int[] tie, int index, Func<Branch, bool> selected)
    {
        if (tie[re.Clbit] >= 0)
        {
            throw new InvalidOperationException($"instruction {index}: readout error on a deferred measurement bit (analysis error)");
        }

        var next = new List<Branch>(branches.Count * 2);
        foreach (var b in branches)
        {
            double f = re.FlipProbability(b.Bits[re.Clbit]);
            if (!selected(b) || f <= _options.BranchCutoff)
            {
                next.Add(b);
                continue;
            }

            var flippedBits = (bool[])b.Bits.Clone();
            flippedBits[re.Clbit] = !flippedBits[re.Clbit];
            if (1 - f > _options.BranchCutoff)
            {
                next.Add(new Branch(b.Weight * f, b.State.Clone(), flippedBits, b.DephasedMask));
                b.Weight *= 1 - f;
                next.Add(b);
            }
            else
            {
                next.Add(new Branch(b.Weight, b.State, flippedBits, b.DephasedMask));
            }
        }

        return MergeAndCheck(next, index);
    }

    private List<Branch> RunConditioned(List<Branch> branches, Conditioned c, int[] tie, IParameterSource? parameters, int index)
    {
        var bitsRead = c.Condition.Clbits;
        ulong value = c.Condition.Value;
        var controls = new List<int>();
        var controlValues = new List<bool>();
        var known = new List<(int Clbit, bool Value)>();
        for (int j = 0; j < bitsRead.Length; j++)
        {
            bool want = ((value >> j) & 1) == 1;
            int q = tie[bitsRead[j]];
            if (q < 0)
            {
                known.Add((bitsRead[j], want));
                continue;
            }

            int existing = controls.IndexOf(q);
            if (existing >= 0)
            {
                if (controlValues[existing] != want)
                {
                    return branches; // two bits read from the same qubit must differ: never true
                }

                continue;
            }

            controls.Add(q);
            controlValues.Add(want);
        }

        bool Satisfied(Branch b)
        {
            foreach (var (clbit, want) in known)
            {
                if (b.Bits[clbit] != want)
                {
                    return false;
                }
            }

            return true;
        }

        if (controls.Count > 0)
        {
            // Deferred measurement: the condition becomes a quantum control (guaranteed a gate body by the analysis).
            var g = (GateOperation)c.Body;
            var cg = CompiledGate.Compile(g.Gate.Definition, g.BindAt(parameters, index), g.Qubits.AsSpan(), [.. controls], [.. controlValues]);
            foreach (var b in branches)
            {
                if (Satisfied(b))
                {
                    b.State.Apply(cg);
                }
            }

            return branches;
        }

        switch (c.Body)
        {
            case GateOperation g:
                {
                    var cg = Compile(g, parameters, index);
                    foreach (var b in branches)
                    {
                        if (Satisfied(b))
                        {
                            b.State.Apply(cg);
                        }
                    }

                    return branches;
                }

            case Circuits.Instructions.Measurement or Reset:
                {
                    var next = new List<Branch>(branches.Count * 2);
                    foreach (var b in branches)
                    {
                        if (!Satisfied(b))
                        {
                            next.Add(b);
                        }
                        else if (c.Body is Circuits.Instructions.Measurement m)
                        {
                            tie[m.Clbit] = -1;
                            SplitOne(b, m.Qubit, m.Clbit, reset: false, next);
                        }
                        else
                        {
                            SplitOne(b, ((Reset)c.Body).Qubit, -1, reset: true, next);
                        }
                    }

                    return MergeAndCheck(next, index);
                }

            case Barrier:
                return branches;
            case ReadoutError re:
                return ApplyReadoutError(branches, re, tie, index, Satisfied);
            case NoiseChannelOperation n:
                throw NoiseUnsupported(n, index);
            default:
                throw new UnsupportedInstructionException($"instruction {index} ({c}) is not supported by the state-vector backend");
        }
    }

    private static CompiledGate Compile(GateOperation g, IParameterSource? parameters, int index)
        => CompiledGate.Compile(g.Gate.Definition, g.BindAt(parameters, index), g.Qubits.AsSpan());


    private static UnsupportedInstructionException NoiseUnsupported(NoiseChannelOperation n, int index)
        => new($"instruction {index}: noise channel '{n.Channel}' on qubit(s) {string.Join(",", n.Qubits)} cannot run on the pure state-vector backend; use the density-matrix or trajectory backend");

    private static void CheckWidth(Circuit circuit, StateVector? state)
    {
        if (circuit.NumQubits > StateVector.MaxQubits)
        {
            throw new ArgumentException($"the circuit has {circuit.NumQubits} qubits; the state-vector backend holds at most {StateVector.MaxQubits}", nameof(circuit));
        }

        if (state is not null && state.NumQubits != circuit.NumQubits)
        {
            throw new ArgumentException($"the circuit has {circuit.NumQubits} qubits but the state has {state.NumQubits}", nameof(state));
        }

        if (circuit.NumClbits > 0 && circuit.ClassicalRegisters.Sum(r => r.Size) != circuit.NumClbits)
        {
            // Keys are formatted per register; bits outside every register would be lost.
            throw new ArgumentException("every classical bit must belong to exactly one classical register", nameof(circuit));
        }
    }
}
