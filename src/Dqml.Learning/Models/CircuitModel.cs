using System.Collections.Concurrent;
using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Learning.Data;
using Dqml.Learning.Engine;
using Dqml.Simulation;

namespace Dqml.Learning.Models;

/// <summary>One pure state of an initial ensemble: prepared by <paramref name="Preparation"/> from |0...0&gt; with probability <paramref name="Weight"/>.</summary>
public sealed record WeightedPreparation(double Weight, Circuit Preparation);

/// <summary>
/// A quantum classifier: an initial ensemble (|0...0&gt;, Bell pairs, noisy pairs), a data embedding
/// (gates reading input symbols <c>x0, x1, ...</c>), a trainable channel (gates reading trainable symbols,
/// mid-circuit measurements, classically conditioned gates, resets, noise) and a <see cref="Readout"/>.
/// </summary>
/// <remarks>
/// <para><b>Engine.</b> The trainable part is data independent, so the model is evaluated in the
/// Heisenberg picture: one backward sweep gives M = Phi^dagger(O) (an operator on n qubits), every sample's
/// decision value is then a quadratic form f(x) = sum_i p_i &lt;psi_i(x)| M |psi_i(x)&gt;, and the
/// gradient of the batch loss is Tr[(dM/dtheta) R] with R = sum_x (dloss/df)(x)/B rho(x), computed by one
/// forward sweep of R beside O (re-evolved, restored from checkpoints at the non-unitary steps). The
/// cost is a few sweeps over a 4^n operator plus two 4^n products per sample, whatever the batch size,
/// and it is exact for mixed states: dephased senders of classical communication, Werner pairs, noise.</para>
/// <para>Operators are held by their 4^n real Pauli coefficients and every step of the trainable part is a real
/// Pauli transfer matrix on the digits of its qubits (<see cref="PauliTransfer"/>); the quadratic forms and R are
/// computed in the computational basis and converted (<see cref="PauliBasis"/>). Buffers are pooled per model.</para>
/// <para>Embedded states depend only on the input row, so they are computed once per distinct row and cached.</para>
/// <para>Results are identical for any thread count: kernels are bit-identical across threads, samples are
/// independent, R is accumulated per column range in sample order, and every sweep step runs as fixed parts
/// whose partial sums are added in a fixed order.</para>
/// </remarks>
public sealed partial class CircuitModel : IDifferentiableModel
{
    private const long CacheBytes = 1L << 30;

    /// <summary>Evaluation buffers kept for reuse (one per concurrent caller).</summary>
    private const int MaxPooledWorkspaces = 4;

    private static readonly Dictionary<Symbol, int> NoDerivatives = [];


    private readonly ChannelProgram _program;
    private readonly Circuit _embedding;
    private readonly WeightedPreparation[] _initial;
    private readonly Symbol[] _parameters;
    private readonly Dictionary<Symbol, int> _parameterIndex;
    private readonly ConcurrentDictionary<RowKey, SampleStates> _cache = new();
    private readonly int _cacheCapacity;
    private readonly string[] _names;
    private readonly ConcurrentBag<Workspace> _workspaces = [];

    /// <summary>Creates a model.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="embedding">Data embedding on n qubits: gates only, reading input symbols <c>x0 .. x{d-1}</c>.</param>
    /// <param name="trainable">The trainable part on the same n qubits: no input symbols.</param>
    /// <param name="readout">The readout.</param>
    /// <param name="featureCount">Number of input features d (at least one more than the largest xi read).</param>
    /// <param name="initialStates">Initial ensemble; default |0...0&gt; with probability 1.</param>
    /// <param name="parameters">Trainable symbols in parameter order; default: first use in <paramref name="trainable"/>.</param>
    /// <exception cref="ArgumentException">Mismatched qubit counts, data read by the trainable part, parameters in the embedding, an ensemble whose weights do not sum to 1.</exception>
    public CircuitModel(string name, Circuit embedding, Circuit trainable, Readout readout, int featureCount, IReadOnlyList<WeightedPreparation>? initialStates = null, IReadOnlyList<Symbol>? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(trainable);
        ArgumentNullException.ThrowIfNull(readout);
        if (embedding.NumQubits != trainable.NumQubits)
        {
            throw new ArgumentException($"model '{name}': the embedding has {embedding.NumQubits} qubits but the trainable part has {trainable.NumQubits}");
        }

        int n = trainable.NumQubits;
        if (n > 12)
        {
            throw new ArgumentException($"model '{name}': {n} qubits is beyond the operator engine's limit of 12 (it stores 4^n entries)");
        }

        if (readout.Qubits.Any(q => q >= n))
        {
            throw new ArgumentException($"model '{name}': readout qubit {readout.Qubits.Max()} is out of range for {n} qubits");
        }

        foreach (var ins in embedding.Instructions)
        {
            if (ins is not GateOperation and not Barrier)
            {
                throw new ArgumentException($"model '{name}': the embedding may only contain gates, found {ins.GetType().Name}");
            }
        }

        var embeddingTrainable = embedding.Symbols.Where(s => s.Kind == SymbolKind.Trainable).ToList();
        if (embeddingTrainable.Count > 0)
        {
            throw new ArgumentException($"model '{name}': the embedding reads trainable symbol '{embeddingTrainable[0].Name}'; trainable gates belong in the trainable part");
        }

        var dataInTrainable = trainable.Symbols.Where(s => s.Kind == SymbolKind.Input).ToList();
        if (dataInTrainable.Count > 0)
        {
            throw new ArgumentException($"model '{name}': the trainable part reads input '{dataInTrainable[0].Name}'; data re-uploaded between trainable layers is not supported by the batched operator engine — put every embedding gate before the trainable part");
        }

        foreach (var s in embedding.Symbols)
        {
            if (!s.Name.StartsWith('x') || !int.TryParse(s.Name.AsSpan(1), out int f) || f < 0 || f >= featureCount)
            {
                throw new ArgumentException($"model '{name}': embedding input '{s.Name}' is not one of x0 .. x{featureCount - 1}");
            }
        }

        _initial = initialStates is null || initialStates.Count == 0 ? [new WeightedPreparation(1, new Circuit(n, 0, []))] : [.. initialStates];
        double total = 0;
        foreach (var p in _initial)
        {
            if (p.Preparation.NumQubits != n || p.Weight < 0 || p.Preparation.Symbols.Length > 0 || p.Preparation.Instructions.Any(i => i is not GateOperation and not Barrier))
            {
                throw new ArgumentException($"model '{name}': each initial state must be a parameter-free gate circuit on {n} qubits with a non-negative weight");
            }

            total += p.Weight;
        }

        if (Math.Abs(total - 1) > 1e-9)
        {
            throw new ArgumentException($"model '{name}': the initial ensemble's weights sum to {total}, not 1");
        }

        Name = name;
        NumQubits = n;
        FeatureCount = featureCount;
        Readout = readout;
        _embedding = embedding;
        _program = ChannelProgram.Compile(trainable);
        Trainable = trainable;
        _parameters = parameters is null ? [.. _program.Symbols(SymbolKind.Trainable)] : [.. parameters];
        _parameterIndex = [];
        for (int j = 0; j < _parameters.Length; j++)
        {
            if (!_parameterIndex.TryAdd(_parameters[j], j))
            {
                throw new ArgumentException($"model '{name}': parameter '{_parameters[j].Name}' is listed twice");
            }
        }

        var missing = trainable.Symbols.Where(s => s.Kind == SymbolKind.Trainable && !_parameterIndex.ContainsKey(s)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"model '{name}': trainable symbol '{missing[0].Name}' is not in the parameter list");
        }

        _names = [.. _parameters.Select(s => s.Name), .. readout.ParameterNames()];
        _cacheCapacity = (int)Math.Min(int.MaxValue, CacheBytes / (16L << n) / _initial.Length);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; }

    /// <inheritdoc/>
    public int FeatureCount { get; }

    /// <summary>The readout.</summary>
    public Readout Readout { get; }

    /// <summary>The trainable part.</summary>
    public Circuit Trainable { get; }

    /// <summary>The embedding.</summary>
    public Circuit Embedding => _embedding;

    /// <summary>The initial ensemble.</summary>
    public IReadOnlyList<WeightedPreparation> InitialStates => _initial;

    /// <summary>Trainable circuit symbols, in parameter order (the readout weights follow them).</summary>
    public IReadOnlyList<Symbol> CircuitParameters => _parameters;

    /// <inheritdoc/>
    public int ParameterCount => _names.Length;

    /// <inheritdoc/>
    public IReadOnlyList<string> ParameterNames => _names;

    /// <summary>Number of non-unitary steps (mid-circuit measurements, resets, noise) in the trainable part.</summary>
    public int ChannelCount => _program.ChannelCount;

    /// <inheritdoc/>
    public double[] InitialParameters(ulong seed)
    {
        var rng = new DeterministicRandom(seed);
        var p = new double[ParameterCount];
        for (int j = 0; j < _parameters.Length; j++)
        {
            p[j] = 2 * Math.PI * rng.NextDouble();
        }

        Readout.InitialWeights().CopyTo(p, _parameters.Length);
        return p;
    }

    /// <summary>Binds <paramref name="parameters"/> to the full circuit (initial ensemble component 0, embedding of <paramref name="input"/>, trainable part): for cross-checks with other simulators.</summary>
    public Circuit BoundCircuit(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, int initialState = 0)
    {
        CheckParameters(parameters);
        var values = Values(parameters);
        for (int i = 0; i < input.Length; i++)
        {
            values[$"x{i}"] = input[i];
        }

        var ins = _initial[initialState].Preparation.Instructions.Concat(_embedding.Instructions).Concat(Trainable.Instructions);
        return new Circuit(NumQubits, Trainable.NumClbits, ins).Bind(values);
    }

    /// <summary>The full circuit with the data of <paramref name="input"/> bound and the trainable symbols left free (initial ensemble component <paramref name="initialState"/>): for gradient cross-checks.</summary>
    public Circuit BoundCircuitSymbolic(ReadOnlySpan<double> input, int initialState = 0)
    {
        var values = new ParameterValues();
        for (int i = 0; i < input.Length; i++)
        {
            values[$"x{i}"] = input[i];
        }

        var embedded = new Circuit(NumQubits, 0, _initial[initialState].Preparation.Instructions.Concat(_embedding.Instructions)).Bind(values);
        return new Circuit(NumQubits, Trainable.NumClbits, embedded.Instructions.Concat(Trainable.Instructions));
    }

    /// <summary>The readout observable's diagonal for <paramref name="parameters"/> (interpret weights or parity).</summary>
    public double[] ObservableDiagonal(ReadOnlySpan<double> parameters) => Readout.ObservableDiagonal(NumQubits, parameters[_parameters.Length..]);

    /// <inheritdoc/>
    public double[] Predict(ReadOnlySpan<double> parameters, Dataset data, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckParameters(parameters);
        CheckData(data);
        var program = _program.BindTransfer(Values(parameters), NoDerivatives);
        var ws = RentWorkspace();
        try
        {
            PauliBasis.FromDiagonal(ObservableDiagonal(parameters), ws.O);
            program.ApplyHeisenberg(ws.O);
            var (batch, owner, weight) = Batch(States(data, threads), ws);
            return Decisions(QuadraticForms(ws, batch, threads), owner, weight, data.Count);
        }
        finally
        {
            ReturnWorkspace(ws);
        }
    }

    /// <inheritdoc/>
    public BatchEvaluation LossAndGradient(ReadOnlySpan<double> parameters, Dataset batch, Loss loss, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(loss);
        CheckParameters(parameters);
        CheckData(batch);
        int b = batch.Count;
        if (b == 0)
        {
            throw new ArgumentException($"model '{Name}': the batch is empty");
        }

        int d = 1 << NumQubits;
        var ws = RentWorkspace();
        Task<(StateBatch Batch, int[] Owner, double[] Weight)>? gather = null;
        try
        {
            // The batch's states do not depend on the parameters: with a second worker they are gathered
            // while the parameters are bound and the observable is swept back.
            gather = threads > 1 ? Task.Run(() => Batch(States(batch, 1), ws)) : null;
            var program = _program.BindTransfer(Values(parameters), _parameterIndex);

            // Heisenberg sweep on Pauli coefficients: M = Phi^dagger(O), keeping O after every non-unitary step.
            var o = ws.O;
            ws.Prepare(program);
            PauliBasis.FromDiagonal(ObservableDiagonal(parameters), o);
            var ops = program.Ops;
            using (var team = new StepTeam(threads > 1))
            {
                for (int k = ops.Length - 1; k >= 0; k--)
                {
                    var op = ops[k];
                    if (op.Kind != ChannelProgram.OpKind.Unitary)
                    {
                        var checkpoint = ws.Checkpoints[ws.Slot[k]];
                        team.Run(part => CopyPart(o, checkpoint, part));
                    }

                    team.Run(part => op.ApplyAdjoint(o, part, StepTeam.Parts));
                }
            }

            var (columns, owner, weight) = gather?.GetAwaiter().GetResult() ?? Batch(States(batch, threads), ws);
            var f = Decisions(QuadraticForms(ws, columns, threads), owner, weight, b);

            double total = 0;
            var coefficient = new double[b];
            for (int x = 0; x < b; x++)
            {
                double y = batch.Label(x) > 0 ? 1 : -1;
                total += loss.Value(f[x], y);
                coefficient[x] = loss.Derivative(f[x], y) / b;
            }

            // R = sum_x c_x rho(x) = sum over columns (sample x, ensemble member i) of c_x p_i psi psi^dagger.
            var columnWeights = new double[owner.Length];
            for (int j = 0; j < owner.Length; j++)
            {
                columnWeights[j] = coefficient[owner[j]] * weight[j];
            }

            var r = ws.R;
            var gram = ws.GramBuffers(columns);
            BatchMatrixKernels.WeightedGram(columns, columnWeights, threads, gram.Result, gram.A, gram.B);
            PauliBasis.FromMatrix(gram.Result, r, ws.Scratch, threads);

            var gradient = new double[ParameterCount];
            ForwardSweep(program, ws, gradient, threads);
            if (Readout.Kind == ReadoutKind.Interpret)
            {
                var diagonal = new double[d];
                PauliBasis.Diagonal(r, diagonal);
                for (int z = 0; z < d; z++)
                {
                    gradient[_parameters.Length + Readout.Outcome(z)] += diagonal[z];
                }
            }

            return new BatchEvaluation(total / b, gradient, f);
        }
        finally
        {
            // After a failure the gather may still be writing into the workspace: then it is not reused.
            if (gather is null || gather.IsCompleted)
            {
                ReturnWorkspace(ws);
            }
        }
    }

    /// <summary>
    /// Forward sweep: R_k and O_k side by side (O restored from the checkpoints at non-unitary steps);
    /// dL/dt = Tr(O_k dPhi_k(R_{k-1})) = 2^n o_k . dT_k r_{k-1} for every derivative map of step k. Each step runs
    /// as two parts over disjoint groups of coefficients (<see cref="StepTeam"/>), summed in a fixed order.
    /// </summary>
    private static void ForwardSweep(TransferProgram program, Workspace ws, double[] gradient, int threads)
    {
        var ops = program.Ops;
        var o = ws.O;
        var r = ws.R;
        double scale = 1 << program.NumQubits;
        var partial = new double[StepTeam.Parts * Math.Max(1, ops.Max(op => op.Derivatives.Length))];
        using var team = new StepTeam(threads > 1);
        for (int k = 0; k < ops.Length; k++)
        {
            var op = ops[k];
            bool unitary = op.Kind == ChannelProgram.OpKind.Unitary;
            if (!unitary)
            {
                var checkpoint = ws.Checkpoints[ws.Slot[k]];
                team.Run(part => CopyPart(checkpoint, o, part));
            }

            var derivatives = op.Derivatives;
            team.Run(part =>
            {
                if (unitary)
                {
                    op.ApplyForward(o, part, StepTeam.Parts);
                }

                for (int j = 0; j < derivatives.Length; j++)
                {
                    partial[(StepTeam.Parts * j) + part] = derivatives[j].Map.Bilinear(o, r, part, StepTeam.Parts);
                }

                op.ApplyForward(r, part, StepTeam.Parts);
            });
            for (int j = 0; j < derivatives.Length; j++)
            {
                double sum = 0;
                for (int part = 0; part < StepTeam.Parts; part++)
                {
                    sum += partial[(StepTeam.Parts * j) + part];
                }

                double g = scale * sum;
                foreach (var (index, c) in derivatives[j].Chain)
                {
                    gradient[index] += c * g;
                }
            }
        }
    }

    /// <summary>Copies part <paramref name="part"/> of <see cref="StepTeam.Parts"/> contiguous parts of <paramref name="source"/>.</summary>
    private static void CopyPart(double[] source, double[] destination, int part)
    {
        int size = source.Length / StepTeam.Parts;
        int start = part * size;
        int length = part == StepTeam.Parts - 1 ? source.Length - start : size;
        Array.Copy(source, start, destination, start, length);
    }

    /// <summary>Per-column quadratic forms psi^dagger M psi for the Pauli coefficients of M in <paramref name="ws"/>.O.</summary>
    private static double[] QuadraticForms(Workspace ws, StateBatch batch, int threads)
    {
        PauliBasis.ToHermitianPairs(ws.O, ws.Pairs, ws.Scratch, threads);
        return BatchMatrixKernels.HermitianQuadraticForms(ws.Pairs, batch, threads);
    }

    private Workspace RentWorkspace() => _workspaces.TryTake(out var ws) ? ws : new Workspace(NumQubits);

    private void ReturnWorkspace(Workspace ws)
    {
        if (_workspaces.Count < MaxPooledWorkspaces)
        {
            _workspaces.Add(ws);
        }
    }

    /// <summary>f(x) = sum_i p_i q(x, i) from the per-column quadratic forms.</summary>
    private static double[] Decisions(double[] q, int[] owner, double[] weight, int samples)
    {
        var f = new double[samples];
        for (int j = 0; j < q.Length; j++)
        {
            f[owner[j]] += weight[j] * q[j];
        }

        return f;
    }

    /// <summary>The batch's states as matrix columns, with the sample and ensemble weight of each column.</summary>
    private (StateBatch Batch, int[] Owner, double[] Weight) Batch(SampleStates[] states) => Batch(states, null);

    /// <summary>As <see cref="Batch(SampleStates[])"/>, reusing the batch buffer of <paramref name="ws"/> when the shape allows.</summary>
    private (StateBatch Batch, int[] Owner, double[] Weight) Batch(SampleStates[] states, Workspace? ws)
    {
        int columns = states.Sum(s => s.Weights.Length);
        var batch = ws?.Batch is { } reuse && reuse.Columns == columns && reuse.Dimension == 1 << NumQubits ? reuse : new StateBatch(1 << NumQubits, columns);
        if (ws is not null)
        {
            ws.Batch = batch;
        }

        var owner = new int[columns];
        var weight = new double[columns];
        int j = 0;
        for (int x = 0; x < states.Length; x++)
        {
            for (int i = 0; i < states[x].Weights.Length; i++)
            {
                batch.Set(j, states[x].Re[i], states[x].Im[i]);
                owner[j] = x;
                weight[j] = states[x].Weights[i];
                j++;
            }
        }

        return (batch, owner, weight);
    }

    private SampleStates[] States(Dataset data, int threads)
    {
        var result = new SampleStates[data.Count];
        Parallel.For(0, data.Count, Options(threads), x =>
        {
            var key = new RowKey(data.Row(x).ToArray());
            if (!_cache.TryGetValue(key, out var s))
            {
                s = Embed(key.Values);
                if (_cache.Count < _cacheCapacity)
                {
                    _cache.TryAdd(key, s);
                }
            }

            result[x] = s;
        });
        return result;
    }

    private SampleStates Embed(double[] row)
    {
        var source = new RowSource(row);
        int d = 1 << NumQubits;
        var re = new double[_initial.Length][];
        var im = new double[_initial.Length][];
        var w = new double[_initial.Length];
        for (int i = 0; i < _initial.Length; i++)
        {
            var psi = new StateVector(NumQubits);
            foreach (var ins in _initial[i].Preparation.Instructions.Concat(_embedding.Instructions))
            {
                if (ins is GateOperation g)
                {
                    psi.Apply(g.Gate, g.Qubits.AsSpan(), source);
                }
            }

            re[i] = new double[d];
            im[i] = new double[d];
            var a = psi.Amplitudes;
            for (int z = 0; z < d; z++)
            {
                re[i][z] = a[z].Real;
                im[i][z] = a[z].Imaginary;
            }

            w[i] = _initial[i].Weight;
        }

        return new SampleStates(re, im, w);
    }

    private Complex[] DiagonalOperator(double[] diagonal)
    {
        int d = 1 << NumQubits;
        var o = new Complex[d * d];
        for (int z = 0; z < d; z++)
        {
            o[z + (z * d)] = diagonal[z];
        }

        return o;
    }

    private ParameterValues Values(ReadOnlySpan<double> parameters)
    {
        var values = new ParameterValues();
        for (int j = 0; j < _parameters.Length; j++)
        {
            values[_parameters[j].Name] = parameters[j];
        }

        return values;
    }

    private void CheckParameters(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException($"model '{Name}' has {ParameterCount} parameters, got {parameters.Length}");
        }
    }

    private void CheckData(Dataset data)
    {
        if (data.Dimension != FeatureCount)
        {
            throw new ArgumentException($"model '{Name}' reads {FeatureCount} features; data set '{data.Name}' has {data.Dimension}");
        }
    }

    private static ParallelOptions Options(int threads) => new() { MaxDegreeOfParallelism = Math.Max(1, threads) };

    private sealed record SampleStates(double[][] Re, double[][] Im, double[] Weights);

    /// <summary>Buffers of one evaluation (4^n Pauli coefficients each, the batch, the Gram matrix), pooled so that a training run allocates them once.</summary>
    private sealed class Workspace
    {
        private readonly int _len;
        private (System.Numerics.Complex[] Result, double[] A, double[] B)? _gram;

        public Workspace(int n)
        {
            _len = 1 << (2 * n);
            O = new double[_len];
            R = new double[_len];
            Scratch = new double[2 * _len];
            Pairs = new double[2 * _len];
        }

        public double[] O { get; }

        public double[] R { get; }

        public double[] Scratch { get; }

        public double[] Pairs { get; }

        /// <summary>Checkpoint index of each non-unitary step (-1 for unitaries).</summary>
        public int[] Slot { get; private set; } = [];

        public double[][] Checkpoints { get; private set; } = [];

        /// <summary>The last batch, reused when the next one has as many columns.</summary>
        public StateBatch? Batch { get; set; }

        /// <summary>Checkpoint slots for the steps of <paramref name="program"/> (the same for every binding of one model).</summary>
        public void Prepare(TransferProgram program)
        {
            if (Slot.Length == program.Ops.Length)
            {
                return;
            }

            Slot = new int[program.Ops.Length];
            int channels = 0;
            for (int k = 0; k < program.Ops.Length; k++)
            {
                Slot[k] = program.Ops[k].Kind != ChannelProgram.OpKind.Unitary ? channels++ : -1;
            }

            Checkpoints = new double[channels][];
            for (int c = 0; c < channels; c++)
            {
                Checkpoints[c] = new double[_len];
            }
        }

        /// <summary>The Gram matrix and the weighted states for <paramref name="batch"/>'s shape.</summary>
        public (System.Numerics.Complex[] Result, double[] A, double[] B) GramBuffers(StateBatch batch)
        {
            int size = batch.Dimension * batch.Stride;
            if (_gram is not { } g || g.A.Length != size)
            {
                _gram = g = (new System.Numerics.Complex[batch.Dimension * batch.Dimension], new double[size], new double[size]);
            }

            return g;
        }
    }

    private sealed class RowSource(double[] row) : IParameterSource
    {
        public bool TryGetValue(Symbol symbol, out double value)
        {
            if (symbol.Kind == SymbolKind.Input && symbol.Name.Length > 1 && symbol.Name[0] == 'x' && int.TryParse(symbol.Name.AsSpan(1), out int i) && i < row.Length)
            {
                value = row[i];
                return true;
            }

            value = 0;
            return false;
        }
    }

    private readonly struct RowKey(double[] values) : IEquatable<RowKey>
    {
        public double[] Values { get; } = values;

        public bool Equals(RowKey other) => Values.AsSpan().SequenceEqual(other.Values);

        public override bool Equals(object? obj) => obj is RowKey k && Equals(k);

        public override int GetHashCode()
        {
            var h = default(HashCode);
            foreach (double v in Values)
            {
                h.Add(v);
            }

            return h.ToHashCode();
        }
    }
}
