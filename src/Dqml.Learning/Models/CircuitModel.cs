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
/// <para>Embedded states depend only on the input row, so they are computed once per distinct row and cached.</para>
/// <para>Results are identical for any thread count: kernels are bit-identical across threads, samples are
/// independent, and R is accumulated per column range in sample order.</para>
/// </remarks>
public sealed class CircuitModel : IDifferentiableModel
{
    private const long CacheBytes = 1L << 30;


    private readonly ChannelProgram _program;
    private readonly Circuit _embedding;
    private readonly WeightedPreparation[] _initial;
    private readonly Symbol[] _parameters;
    private readonly Dictionary<Symbol, int> _parameterIndex;
    private readonly ConcurrentDictionary<RowKey, SampleStates> _cache = new();
    private readonly int _cacheCapacity;
    private readonly string[] _names;

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
        var bound = _program.Bind(Values(parameters), new Dictionary<Symbol, int>());
        var o = DiagonalOperator(ObservableDiagonal(parameters));
        bound.ApplyHeisenberg(o, threads);
        var (batch, owner, weight) = Batch(States(data, threads));
        return Decisions(BatchMatrixKernels.QuadraticForms(o, batch, threads), owner, weight, data.Count);
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
        var bound = _program.Bind(Values(parameters), _parameterIndex);

        // Heisenberg sweep: M = Phi^dagger(O), keeping O after every non-unitary step.
        var o = DiagonalOperator(ObservableDiagonal(parameters));
        var ops = bound.Ops;
        var checkpoints = new Complex[ops.Length][];
        for (int k = ops.Length - 1; k >= 0; k--)
        {
            if (ops[k].Kind != ChannelProgram.OpKind.Unitary)
            {
                checkpoints[k] = (Complex[])o.Clone();
            }

            ops[k].ApplyAdjoint(o, threads);
        }

        var (columns, owner, weight) = Batch(States(batch, threads));
        var f = Decisions(BatchMatrixKernels.QuadraticForms(o, columns, threads), owner, weight, b);

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

        var r = BatchMatrixKernels.WeightedGram(columns, columnWeights, threads);
        // Forward sweep: R_k and O_k side by side; dL/dt = 2 Re Tr(O_k D_k R_k) per derivative map.
        var gradient = new double[ParameterCount];
        var scratch = new Complex[d * d];
        for (int k = 0; k < ops.Length; k++)
        {
            var op = ops[k];
            op.ApplyForward(r, threads);
            if (op.Kind != ChannelProgram.OpKind.Unitary)
            {
                Array.Copy(checkpoints[k], o, o.Length);
            }
            else
            {
                op.ApplyForward(o, threads);
            }

            foreach (var der in op.Derivatives)
            {
                double g = 2 * TraceODR(o, r, der, scratch, threads);
                foreach (var (index, c) in der.Chain)
                {
                    gradient[index] += c * g;
                }
            }
        }

        if (Readout.Kind == ReadoutKind.Interpret)
        {
            for (int z = 0; z < d; z++)
            {
                gradient[_parameters.Length + Readout.Outcome(z)] += r[z + (z * d)].Real;
            }
        }

        return new BatchEvaluation(total / b, gradient, f);
    }

    private static double TraceODR(Complex[] o, Complex[] r, Derivative der, Complex[] scratch, int threads)
    {
        if (der.OneQubit is { } one)
        {
            return BatchKernels.TraceWithOneQubitKet(o, r, one.Qubit, one.ControlMask, one.ControlValue, one.M00, one.M01, one.M10, one.M11).Real;
        }

        Array.Copy(r, scratch, r.Length);
        der.D.Apply(scratch, threads);
        return BatchKernels.RealInner(o, scratch);
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
    private (StateBatch Batch, int[] Owner, double[] Weight) Batch(SampleStates[] states)
    {
        int columns = states.Sum(s => s.Weights.Length);
        var batch = new StateBatch(1 << NumQubits, columns);
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
