using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Dqml.Circuits.Gates;

namespace Dqml.Distributed;

/// <summary>
/// One local step of a quasi-probability term, acting on a single qubit. The set is closed: a one-qubit
/// gate, a signed Z measurement and a reset.
/// </summary>
public abstract record LocalOperation;

/// <summary>A one-qubit gate with numeric parameters.</summary>
public sealed record LocalGate : LocalOperation
{
    /// <summary>A one-qubit gate.</summary>
    /// <exception cref="ArgumentException">The gate is not a one-qubit gate or the parameter count is wrong.</exception>
    public LocalGate(GateDefinition definition, params double[] parameters)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(parameters);
        if (definition.NumQubits != 1 || definition.NumParameters != parameters.Length)
        {
            throw new ArgumentException($"a local gate is a one-qubit gate with its parameters: '{definition.Name}' has {definition.NumQubits} qubit(s) and {definition.NumParameters} parameter(s), got {parameters.Length}", nameof(definition));
        }

        Definition = definition;
        Parameters = [.. parameters];
    }

    /// <summary>The gate.</summary>
    public GateDefinition Definition { get; }

    /// <summary>Its numeric parameters.</summary>
    public ImmutableArray<double> Parameters { get; }

    /// <summary>The 2x2 row-major matrix.</summary>
    public Complex[] Matrix() => Definition.Matrix(Parameters.AsSpan());

    /// <inheritdoc />
    public bool Equals(LocalGate? other) => other is not null && ReferenceEquals(Definition, other.Definition) && Parameters.SequenceEqual(other.Parameters);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Definition, Parameters.Length);

    /// <inheritdoc />
    public override string ToString() => Parameters.IsEmpty
        ? Definition.Name
        : $"{Definition.Name}({string.Join(", ", Parameters.Select(p => p.ToString("G6", CultureInfo.InvariantCulture)))})";
}

/// <summary>
/// Measure Z and multiply the estimate by the outcome sign (+1 for 0, -1 for 1): the non-physical map
/// rho -&gt; P0 rho P0 - P1 rho P1. Realised as a mid-circuit measurement into a classical bit whose value
/// sets the sign in post-processing; the qubit goes on in its post-measurement state.
/// </summary>
public sealed record SignedMeasurement : LocalOperation
{
    /// <inheritdoc />
    public override string ToString() => "measure_z(signed)";
}

/// <summary>Reset the qubit to |0&gt; (discarding it: the partial trace, then preparing |0&gt;).</summary>
public sealed record LocalReset : LocalOperation
{
    /// <inheritdoc />
    public override string ToString() => "reset";
}

/// <summary>
/// One term of a quasi-probability decomposition: coefficient c and, per argument of the decomposed
/// operation, the local operations run on that qubit (in order). The term's map is the tensor product of
/// the per-qubit maps.
/// </summary>
public sealed record QpdTerm
{
    /// <summary>A term.</summary>
    public QpdTerm(double coefficient, ImmutableArray<ImmutableArray<LocalOperation>> operations)
    {
        Coefficient = coefficient;
        Operations = operations;
    }

    /// <summary>The real coefficient (may be negative).</summary>
    public double Coefficient { get; }

    /// <summary>Per argument j of the decomposed operation, the local operations on that qubit.</summary>
    public ImmutableArray<ImmutableArray<LocalOperation>> Operations { get; }

    /// <summary>Number of signed measurements (classical sign bits) the term uses.</summary>
    public int SignedMeasurements => Operations.Sum(ops => ops.Count(o => o is SignedMeasurement));

    /// <inheritdoc />
    public bool Equals(QpdTerm? other) => other is not null && Coefficient.Equals(other.Coefficient)
        && Operations.Length == other.Operations.Length
        && Operations.Zip(other.Operations).All(p => p.First.SequenceEqual(p.Second));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Coefficient, Operations.Length);

    /// <inheritdoc />
    public override string ToString()
        => $"{Coefficient.ToString("G6", CultureInfo.InvariantCulture)} * "
            + string.Join(" (x) ", Operations.Select(ops => ops.IsEmpty ? "id" : string.Join(";", ops)));
}

/// <summary>
/// A quasi-probability decomposition (QPD) of a channel E on <see cref="Arity"/> qubits into local
/// operations: E = sum_i c_i (A_i (x) B_i ...). Its sampling overhead is gamma = sum_i |c_i|: an estimate
/// built by sampling term i with probability |c_i| / gamma and weighting by gamma sign(c_i) has a standard
/// error gamma times that of the original circuit, so shots scale with gamma^2.
/// </summary>
public sealed class QuasiProbabilityDecomposition
{
    /// <summary>Creates and validates a decomposition.</summary>
    /// <exception cref="ArgumentException">No terms, or a term does not list operations for every argument.</exception>
    public QuasiProbabilityDecomposition(string name, int arity, IEnumerable<QpdTerm> terms)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(arity, 1);
        ArgumentNullException.ThrowIfNull(terms);
        Name = name;
        Arity = arity;
        Terms = [.. terms];
        if (Terms.IsEmpty)
        {
            throw new ArgumentException($"decomposition '{name}' has no terms", nameof(terms));
        }

        foreach (var t in Terms)
        {
            if (t.Operations.Length != arity)
            {
                throw new ArgumentException($"decomposition '{name}': term {t} lists operations for {t.Operations.Length} qubit(s), not {arity}", nameof(terms));
            }
        }

        Gamma = Terms.Sum(t => Math.Abs(t.Coefficient));
        SignBits = Terms.Max(t => t.SignedMeasurements);
    }

    /// <summary>What is decomposed, e.g. "cz" or "wire".</summary>
    public string Name { get; }

    /// <summary>Number of qubits of the decomposed channel.</summary>
    public int Arity { get; }

    /// <summary>The terms.</summary>
    public ImmutableArray<QpdTerm> Terms { get; }

    /// <summary>Sampling overhead gamma = sum_i |c_i|.</summary>
    public double Gamma { get; }

    /// <summary>Most signed measurements any one term makes (classical bits to reserve).</summary>
    public int SignBits { get; }

    /// <summary>A copy where every term runs <paramref name="before"/> first and <paramref name="after"/> last (per argument): the decomposition of (after) o E o (before) for local unitaries.</summary>
    public QuasiProbabilityDecomposition Conjugated(string name, IReadOnlyList<IReadOnlyList<LocalOperation>> before, IReadOnlyList<IReadOnlyList<LocalOperation>> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count != Arity || after.Count != Arity)
        {
            throw new ArgumentException($"conjugating '{Name}' needs operations for {Arity} qubit(s)", nameof(before));
        }

        return new QuasiProbabilityDecomposition(name, Arity, Terms.Select(t => new QpdTerm(
            t.Coefficient,
            [.. Enumerable.Range(0, Arity).Select(j => ImmutableArray.CreateRange(before[j].Concat(t.Operations[j]).Concat(after[j])))])));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: gamma {Gamma.ToString("G6", CultureInfo.InvariantCulture)}, {Terms.Length} terms";
}
