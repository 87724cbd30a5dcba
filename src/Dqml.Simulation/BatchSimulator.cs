using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Simulation.Fusion;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation;

/// <summary>
/// Runs batches of unitary circuits on small states with threads across samples: each worker owns one state and
/// runs whole circuits on it with single-threaded kernels, so there is no fork/join per gate (which costs more
/// than a gate on a state of a few thousand amplitudes). Every sample goes through exactly the same arithmetic
/// whatever the thread count and scheduling, so results are bit-identical for any
/// <see cref="SimulatorOptions.Threads"/>.
/// </summary>
/// <remarks>
/// For one circuit with many parameter bindings (training, a data set), gates whose parameters are constant are
/// compiled once and shared by all workers; only parameterised gates are compiled per sample. With
/// <c>fusionMaxQubits</c> &gt; 0 the circuit is fused once (<see cref="FusionPlan"/>) and re-bound per sample.
/// <see cref="SimulatorOptions.Precision"/> selects complex128 or complex64 amplitudes (results are widened to
/// complex128). A batch of one sample runs its kernels on chunks of the state instead (for n &gt;= 16), which is
/// bit-identical too.
/// </remarks>
public sealed class BatchSimulator
{
    private readonly SimulatorOptions _options;
    private readonly int _fusionMaxQubits;

    /// <summary>A batch simulator with the threads and precision of <paramref name="options"/>.</summary>
    /// <param name="options">Threads (workers) and precision; default <see cref="SimulatorOptions.Default"/>.</param>
    /// <param name="fusionMaxQubits">0 (default): no fusion; 1..6: fuse gates into blocks of at most that many qubits.</param>
    public BatchSimulator(SimulatorOptions? options = null, int fusionMaxQubits = 0)
    {
        _options = options ?? SimulatorOptions.Default;
        if (fusionMaxQubits < 0 || fusionMaxQubits > FusionPlan.MaxBlockQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(fusionMaxQubits), fusionMaxQubits, $"fusionMaxQubits must be between 0 (no fusion) and {FusionPlan.MaxBlockQubits}");
        }

        _fusionMaxQubits = fusionMaxQubits;
    }

    /// <summary>The options in use.</summary>
    public SimulatorOptions Options => _options;

    /// <summary>The fusion block width (0 = no fusion).</summary>
    public int FusionMaxQubits => _fusionMaxQubits;

    /// <summary>Runs <paramref name="circuit"/> once per binding from |0...0&gt;; state s belongs to bindings[s].</summary>
    /// <exception cref="InvalidOperationException">The circuit is not unitary, or a binding leaves a symbol unbound.</exception>
    public StateVector[] Run(Circuit circuit, IReadOnlyList<IParameterSource?> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var results = new StateVector[bindings.Count];
        ForEach(circuit, bindings, (s, state) => results[s] = state.Clone());
        return results;
    }

    /// <summary>Runs each of <paramref name="circuits"/> (any widths) from |0...0&gt; with the same <paramref name="parameters"/>.</summary>
    /// <exception cref="InvalidOperationException">A circuit is not unitary, or a symbol is unbound.</exception>
    public StateVector[] Run(IReadOnlyList<Circuit> circuits, IParameterSource? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(circuits);
        var programs = new Program[circuits.Count];
        for (int s = 0; s < programs.Length; s++)
        {
            programs[s] = Program.Create(circuits[s] ?? throw new ArgumentException($"circuit {s} is null", nameof(circuits)), _fusionMaxQubits);
        }

        var results = new StateVector[circuits.Count];
        Execute(circuits.Count, s => programs[s], _ => parameters, (s, state) => results[s] = state.Clone());
        return results;
    }

    /// <summary>&lt;psi_s|H|psi_s&gt; for the state of each binding s.</summary>
    public double[] Expectations(Circuit circuit, IReadOnlyList<IParameterSource?> bindings, PauliSum observable)
    {
        ArgumentNullException.ThrowIfNull(observable);
        ArgumentNullException.ThrowIfNull(bindings);
        var e = new double[bindings.Count];
        ForEach(circuit, bindings, (s, state) => e[s] = state.Expectation(observable));
        return e;
    }

    /// <summary>The basis-state probabilities of the state of each binding.</summary>
    public double[][] Probabilities(Circuit circuit, IReadOnlyList<IParameterSource?> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var p = new double[bindings.Count][];
        ForEach(circuit, bindings, (s, state) => p[s] = state.Probabilities());
        return p;
    }

    /// <summary>
    /// Runs <paramref name="circuit"/> once per binding and hands each final state to <paramref name="consume"/>
    /// (sample index, state) on the worker that computed it. The state is the worker's own and is reused for its next
    /// sample: read it (or clone it) inside the callback only. Callbacks run concurrently for different samples.
    /// </summary>
    public void ForEach(Circuit circuit, IReadOnlyList<IParameterSource?> bindings, Action<int, StateVector> consume)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(bindings);
        ArgumentNullException.ThrowIfNull(consume);
        var program = Program.Create(circuit, _fusionMaxQubits);
        Execute(bindings.Count, _ => program, s => bindings[s], consume);
    }

    private void Execute(int count, Func<int, Program> programOf, Func<int, IParameterSource?> valuesOf, Action<int, StateVector> consume)
    {
        if (count == 0)
        {
            return;
        }

        int threads = Math.Max(1, _options.Threads);
        bool single = _options.Precision == Precision.Single;

        // One sample: no one to share the work with, so the kernels take the threads (chunks of a large state).
        int kernelThreads = count == 1 ? threads : 1;
        // The first failing sample's exception is rethrown as it is. Samples are handed out in ascending order, so
        // when sample s fails every sample below it has been handed out and finishes: the sample reported is the
        // lowest failing one whatever the thread count.
        int failedAt = int.MaxValue;
        Exception? failure = null;
        var gate = new System.Threading.Lock();
        int next = -1;

        // One worker (one state, one set of scratch buffers) per thread for the whole batch, each taking the next
        // sample from a shared counter: no per-sample task or state, and no fork/join per gate.
        void Work()
        {
            using var worker = new Worker();
            while (true)
            {
                int s = System.Threading.Interlocked.Increment(ref next);
                if (s >= count || s > System.Threading.Volatile.Read(ref failedAt))
                {
                    return;
                }

                try
                {
                    RunOne(s, worker);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    lock (gate)
                    {
                        if (s < failedAt)
                        {
                            failedAt = s;
                            failure = e;
                        }
                    }
                }
            }
        }

        int workers = Math.Min(threads, count);
        if (workers == 1)
        {
            Work();
        }
        else
        {
            // The calling thread and warm pool threads, one worker each.
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Work());
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        void RunOne(int s, Worker worker)
        {
            var program = programOf(s);
            var values = valuesOf(s);
            var state = worker.Double(program.NumQubits);
            if (single)
            {
                var f = worker.Single(program.NumQubits);
                f.Reset();
                program.Run(f, values, kernelThreads);
                f.CopyTo(state);
            }
            else
            {
                var a = state.Amplitudes;
                a.Clear();
                a[0] = 1;
                program.Run(state, values, kernelThreads);
            }

            consume(s, state);
        }
    }

    /// <summary>A worker's states, one per qubit count it has met.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Dictionary<int, StateVector> _double = [];
        private readonly Dictionary<int, StateVectorSingle> _single = [];

        public StateVector Double(int n)
        {
            if (!_double.TryGetValue(n, out var s))
            {
                s = new StateVector(n);
                _double[n] = s;
            }

            return s;
        }

        public StateVectorSingle Single(int n)
        {
            if (!_single.TryGetValue(n, out var s))
            {
                s = new StateVectorSingle(n);
                _single[n] = s;
            }

            return s;
        }

        public void Dispose()
        {
            foreach (var s in _single.Values)
            {
                s.Dispose();
            }

            _single.Clear();
        }
    }

    /// <summary>A circuit prepared for many runs: constant gates compiled once, or a fusion plan.</summary>
    private sealed class Program
    {
        private readonly Circuit _circuit;
        private readonly FusionPlan? _plan;
        private readonly CompiledGate?[] _constant;

        private Program(Circuit circuit, FusionPlan? plan, CompiledGate?[] constant)
        {
            _circuit = circuit;
            _plan = plan;
            _constant = constant;
        }

        public int NumQubits => _circuit.NumQubits;

        public static Program Create(Circuit circuit, int fusionMaxQubits)
        {
            if (circuit.NumQubits > StateVector.MaxQubits)
            {
                throw new ArgumentException($"the circuit has {circuit.NumQubits} qubits; the state-vector backend holds at most {StateVector.MaxQubits}", nameof(circuit));
            }

            var ins = circuit.Instructions;
            var constant = new CompiledGate?[ins.Length];
            for (int i = 0; i < ins.Length; i++)
            {
                switch (ins[i])
                {
                    case GateOperation g:
                        if (fusionMaxQubits == 0 && g.Gate.Parameters.All(p => p.IsConstant))
                        {
                            constant[i] = CompiledGate.Compile(g.Gate.Definition, g.BindAt(null, i), g.Qubits.AsSpan());
                        }

                        break;
                    case Barrier:
                        break;
                    case var other:
                        throw new InvalidOperationException($"instruction {i} ({other}) is not unitary: the batch simulator runs unitary circuits (use StateVectorSimulator.RunExact or Sample)");
                }
            }

            return new Program(circuit, fusionMaxQubits > 0 ? FusionPlan.Create(circuit, fusionMaxQubits) : null, constant);
        }

        public void Run(StateVector state, IParameterSource? values, int threads)
        {
            if (_plan is not null)
            {
                _plan.Bind(values).Apply(state, threads);
                return;
            }

            var ins = _circuit.Instructions;
            for (int i = 0; i < ins.Length; i++)
            {
                if (Gate(i, values) is { } g)
                {
                    g.Apply(state, threads);
                }
            }
        }

        public void Run(StateVectorSingle state, IParameterSource? values, int threads)
        {
            if (_plan is not null)
            {
                _plan.Bind(values).Apply(state, threads);
                return;
            }

            var ins = _circuit.Instructions;
            for (int i = 0; i < ins.Length; i++)
            {
                if (Gate(i, values) is { } g)
                {
                    g.Apply(state, threads);
                }
            }
        }

        private CompiledGate? Gate(int i, IParameterSource? values)
        {
            if (_constant[i] is { } c)
            {
                return c;
            }

            return _circuit.Instructions[i] is GateOperation g
                ? CompiledGate.Compile(g.Gate.Definition, g.BindAt(values, i), g.Qubits.AsSpan())
                : null;
        }
    }
}
