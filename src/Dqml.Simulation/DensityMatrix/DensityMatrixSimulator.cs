using System.Collections.Immutable;
using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;
using Dqml.Simulation.Kernels;
using Dqml.Simulation.Measurements;

namespace Dqml.Simulation;

/// <summary>
/// Exact simulation of noisy circuits with mid-circuit measurement and feed-forward on density matrices.
/// The state is a map from classical register values to unnormalised density matrices (trace = the
/// probability of that register value): a measurement splits each entry with the projectors, a
/// condition selects the entries it applies to, and entries with equal registers add up.
/// </summary>
public sealed class DensityMatrixSimulator(SimulatorOptions? options = null) : ISimulatorBackend
{
    private readonly SimulatorOptions _options = options ?? SimulatorOptions.Default;

    /// <inheritdoc />
    public string Name => "density-matrix";

    /// <summary>Runs the circuit from |0...0&gt;&lt;0...0|.</summary>
    /// <exception cref="InvalidOperationException">More distinct classical register values than <see cref="SimulatorOptions.MaxBranches"/>.</exception>
    public DensityMatrixResult Run(Circuit circuit, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (circuit.NumQubits > DensityMatrix.MaxQubits)
        {
            throw new ArgumentException($"the circuit has {circuit.NumQubits} qubits; the density-matrix backend holds at most {DensityMatrix.MaxQubits}", nameof(circuit));
        }

        if (circuit.NumClbits > 64)
        {
            throw new ArgumentException($"the circuit has {circuit.NumClbits} classical bits; the density-matrix backend tracks at most 64", nameof(circuit));
        }

        int n = circuit.NumQubits;
        var entries = new Dictionary<ulong, DensityMatrix> { [0] = new DensityMatrix(n) };
        var fuser = new Fuser(n);
        var ins = circuit.Instructions;
        for (int i = 0; i < ins.Length; i++)
        {
            var instr = ins[i];
            if (fuser.TryAdd(instr, parameters, i, entries.Values))
            {
                continue;
            }

            fuser.FlushAll(entries.Values);
            Condition? cond = null;
            if (instr is Conditioned c)
            {
                cond = c.Condition;
                instr = c.Body;
            }

            switch (instr)
            {
                case GateOperation g:
                    {
                        var (ket, bra) = DensityMatrix.Compile(g.Gate.Definition, g.BindAt(parameters, i), g.Qubits.AsSpan(), n);
                        foreach (var (key, rho) in entries)
                        {
                            if (cond is null || cond.IsSatisfied(key))
                            {
                                rho.Apply(ket, bra);
                            }
                        }

                        break;
                    }

                case NoiseChannelOperation nc:
                    {
                        var op = DensityMatrix.CompileChannel(nc.Channel, nc.Qubits.AsSpan(), n);
                        foreach (var (key, rho) in entries)
                        {
                            if (cond is null || cond.IsSatisfied(key))
                            {
                                op.Apply(rho.Elements);
                            }
                        }

                        break;
                    }

                case Reset r:
                    {
                        var op = DensityMatrix.CompileChannel(ResetChannel, [r.Qubit], n);
                        foreach (var (key, rho) in entries)
                        {
                            if (cond is null || cond.IsSatisfied(key))
                            {
                                op.Apply(rho.Elements);
                            }
                        }

                        break;
                    }

                case Circuits.Instructions.Measurement m:
                    entries = Measure(entries, m.Qubit, m.Clbit, cond, i);
                    break;
                case ReadoutError re:
                    entries = Flip(entries, re, cond);
                    break;
                case Barrier:
                    break;
                default:
                    throw new UnsupportedInstructionException($"instruction {i} ({ins[i]}) is not supported by the density-matrix backend");
            }
        }

        fuser.FlushAll(entries.Values);
        return new DensityMatrixResult(n, circuit.NumClbits, entries, circuit.ClassicalRegisters);
    }

    /// <inheritdoc />
    IExactResult ISimulatorBackend.Run(Circuit circuit, IParameterSource? parameters) => Run(circuit, parameters);

    /// <summary>
    /// Draws <paramref name="shots"/> classical register values from the exact distribution (multinomial,
    /// seeded). A circuit without classical bits is measured on all qubits at the end.
    /// </summary>
    public SampleResult Sample(Circuit circuit, int shots, ulong seed, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shots);
        if (circuit.NumClbits == 0)
        {
            var b = new CircuitBuilder(circuit.NumQubits, circuit.NumQubits).Append(circuit);
            for (int q = 0; q < circuit.NumQubits; q++)
            {
                b.Measure(q, q);
            }

            circuit = b.Build();
        }

        var dist = Run(circuit, parameters).ClassicalDistribution().ToArray();
        var cdf = new double[dist.Length];
        double acc = 0;
        for (int i = 0; i < dist.Length; i++)
        {
            acc += dist[i].Value;
            cdf[i] = acc;
        }

        var rng = new DeterministicRandom(seed);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int s = 0; s < shots; s++)
        {
            double r = rng.NextDouble() * acc;
            int idx = Array.BinarySearch(cdf, r);
            idx = Math.Min(idx < 0 ? ~idx : idx + 1, cdf.Length - 1);
            counts[dist[idx].Key] = counts.GetValueOrDefault(dist[idx].Key) + 1;
        }

        return new SampleResult(counts, shots, seed);
    }

    /// <summary>
    /// Gate fusion for density matrices. Consecutive unconditioned one-qubit gates and one-qubit channels on
    /// a qubit multiply into one 4 x 4 superoperator applied in one pass on (q, q + n); runs of CNOT and
    /// SWAP fold into one affine permutation applied to ket and bra in one pass.
    /// </summary>
    /// <remarks>
    /// Invariant: a qubit with a pending superoperator is outside the pending permutation's support, so all
    /// pending operations commute and may be flushed in any order. A one-qubit operation on a qubit in the
    /// permutation's support flushes the permutation first; a CNOT or SWAP flushes its qubits'
    /// superoperators first; anything else flushes everything.
    /// </remarks>
    private sealed class Fuser(int n)
    {
        private readonly Complex[]?[] _pending = new Complex[]?[n];
        private AffinePermutation? _permutation;
        private Memory<Complex> _scratch;

        public bool TryAdd(Instruction instr, IParameterSource? parameters, int index, IEnumerable<DensityMatrix> entries)
        {
            switch (instr)
            {
                case GateOperation { Qubits.Length: 1 } g:
                    {
                        var u = g.Gate.Definition.Matrix(g.BindAt(parameters, index));
                        AddOne(g.Qubits[0], DensityMatrix.Superoperator([u], 1), entries);
                        return true;
                    }

                case NoiseChannelOperation { Qubits.Length: 1 } nc:
                    AddOne(nc.Qubits[0], DensityMatrix.Superoperator(nc.Channel.KrausOperators(), 1), entries);
                    return true;
                case GateOperation g when ReferenceEquals(g.Gate.Definition, Circuits.Gates.StandardGates.CX) || ReferenceEquals(g.Gate.Definition, Circuits.Gates.StandardGates.Swap):
                    {
                        int a = g.Qubits[0], b = g.Qubits[1];
                        FlushQubit(a, entries);
                        FlushQubit(b, entries);
                        _permutation ??= new AffinePermutation(n);
                        if (ReferenceEquals(g.Gate.Definition, Circuits.Gates.StandardGates.CX))
                        {
                            _permutation.CX(a, b);
                        }
                        else
                        {
                            _permutation.Swap(a, b);
                        }

                        return true;
                    }

                case Barrier:
                    return true;
                default:
                    return false;
            }
        }

        public void FlushAll(IEnumerable<DensityMatrix> entries)
        {
            for (int q = 0; q < _pending.Length; q++)
            {
                FlushQubit(q, entries);
            }

            FlushPermutation(entries);
        }

        private void AddOne(int q, Complex[] superoperator, IEnumerable<DensityMatrix> entries)
        {
            if (_permutation is not null && ((_permutation.Support >> q) & 1) != 0)
            {
                FlushPermutation(entries);
            }

            var p = _pending[q];
            _pending[q] = p is null ? superoperator : MatrixMath.Multiply(superoperator, p, 4);
        }

        private void FlushQubit(int q, IEnumerable<DensityMatrix> entries)
        {
            var s = _pending[q];
            if (s is null)
            {
                return;
            }

            foreach (var rho in entries)
            {
                rho.ApplySuperoperator1(q, s);
            }

            _pending[q] = null;
        }

        private void FlushPermutation(IEnumerable<DensityMatrix> entries)
        {
            if (_permutation is null)
            {
                return;
            }

            foreach (var rho in entries)
            {
                if (_scratch.Length != rho.Elements.Length)
                {
                    _scratch = StateVector.AllocateAmplitudes(rho.Elements.Length);
                }

                _scratch = rho.ApplyPermutation(_permutation, _scratch);
            }

            _permutation = null;
        }
    }

    /// <summary>Reset as a channel: K0 = |0&gt;&lt;0|, K1 = |0&gt;&lt;1|.</summary>
    internal static KrausChannel ResetChannel { get; } = new([[1, 0, 0, 0], [0, 1, 0, 0]], "reset");

    private Dictionary<ulong, DensityMatrix> Measure(Dictionary<ulong, DensityMatrix> entries, int q, int c, Condition? cond, int index)
    {
        var next = new Dictionary<ulong, DensityMatrix>();
        void Add(ulong key, DensityMatrix rho)
        {
            if (rho.Trace() <= _options.BranchCutoff)
            {
                return;
            }

            if (next.TryGetValue(key, out var existing))
            {
                existing.AddScaled(rho, 1);
            }
            else
            {
                next[key] = rho;
            }
        }

        ulong bit = 1UL << c;
        foreach (var (key, rho) in entries)
        {
            if (cond is not null && !cond.IsSatisfied(key))
            {
                Add(key, rho);
                continue;
            }

            var one = rho.Clone();
            rho.Project(q, 0);
            one.Project(q, 1);
            Add(key & ~bit, rho);
            Add(key | bit, one);
        }

        if (next.Count > _options.MaxBranches)
        {
            throw new InvalidOperationException($"instruction {index}: more than {_options.MaxBranches} distinct classical register values; raise SimulatorOptions.MaxBranches or sample instead");
        }

        return next;
    }

    private static Dictionary<ulong, DensityMatrix> Flip(Dictionary<ulong, DensityMatrix> entries, ReadoutError re, Condition? cond)
    {
        var next = new Dictionary<ulong, DensityMatrix>();
        void Add(ulong key, DensityMatrix rho, double weight)
        {
            if (weight <= 0)
            {
                return;
            }

            if (next.TryGetValue(key, out var existing))
            {
                existing.AddScaled(rho, weight);
            }
            else
            {
                var copy = rho.Clone();
                if (weight != 1)
                {
                    copy.Scale(weight);
                }

                next[key] = copy;
            }
        }

        ulong bit = 1UL << re.Clbit;
        foreach (var (key, rho) in entries)
        {
            if (cond is not null && !cond.IsSatisfied(key))
            {
                Add(key, rho, 1);
                continue;
            }

            double f = re.FlipProbability((key & bit) != 0);
            Add(key, rho, 1 - f);
            Add(key ^ bit, rho, f);
        }

        return next;
    }


}

/// <summary>The exact result of <see cref="DensityMatrixSimulator"/>: unnormalised density matrices per classical register value.</summary>
public sealed class DensityMatrixResult : IExactResult
{
    private readonly IReadOnlyDictionary<ulong, DensityMatrix> _entries;
    private readonly ImmutableArray<Register> _cregs;

    internal DensityMatrixResult(int numQubits, int numClbits, IReadOnlyDictionary<ulong, DensityMatrix> entries, ImmutableArray<Register> cregs)
    {
        NumQubits = numQubits;
        NumClbits = numClbits;
        _entries = entries;
        _cregs = cregs;
    }

    /// <inheritdoc />
    public int NumQubits { get; }

    /// <summary>Number of classical bits.</summary>
    public int NumClbits { get; }

    /// <summary>The final state summed over classical outcomes (normalised, trace 1).</summary>
    public DensityMatrix State()
    {
        var total = new DensityMatrix(NumQubits);
        total.Elements.Clear();
        foreach (var rho in _entries.Values)
        {
            total.AddScaled(rho, 1);
        }

        return total;
    }

    /// <inheritdoc />
    public double[] Probabilities()
    {
        var p = new double[1 << NumQubits];
        foreach (var rho in _entries.Values)
        {
            rho.AddProbabilities(p, 1);
        }

        return p;
    }

    /// <inheritdoc />
    public double Expectation(PauliString p) => _entries.Values.Sum(rho => rho.Expectation(p));

    /// <inheritdoc />
    public double Expectation(PauliSum observable) => _entries.Values.Sum(rho => rho.Expectation(observable));

    /// <inheritdoc />
    public Complex[,] ReducedDensityMatrix(ReadOnlySpan<int> qubits)
    {
        int d = 1 << qubits.Length;
        var r = new Complex[d, d];
        foreach (var rho in _entries.Values)
        {
            rho.AddReducedDensityMatrix(r, qubits, 1);
        }

        return r;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> ClassicalDistribution()
    {
        var dist = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var bits = new bool[NumClbits];
        foreach (var (key, rho) in _entries)
        {
            for (int c = 0; c < NumClbits; c++)
            {
                bits[c] = ((key >> c) & 1) == 1;
            }

            string k = ClassicalKeys.Format(bits, _cregs);
            dist[k] = dist.GetValueOrDefault(k) + rho.Trace();
        }

        return dist;
    }

    /// <inheritdoc />
    public double Purity() => _entries.Count == 1 ? _entries.Values.First().Purity() : State().Purity();
}
