using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;

namespace Dqml.Learning.Gradients;

/// <summary>A shot-based estimate of a cost and its gradient, with standard errors.</summary>
/// <param name="Value">Estimated cost.</param>
/// <param name="ValueStandardError">Standard error of <paramref name="Value"/>.</param>
/// <param name="Gradient">Estimated gradient.</param>
/// <param name="GradientStandardErrors">Standard error of each gradient entry.</param>
/// <param name="ShotsPerExpectation">Shots per Pauli term per circuit.</param>
/// <param name="TotalShots">Shots spent in all.</param>
/// <param name="Seed">The seed the estimate used.</param>
public sealed record ShotGradientEstimate(
    double Value,
    double ValueStandardError,
    double[] Gradient,
    double[] GradientStandardErrors,
    int ShotsPerExpectation,
    long TotalShots,
    ulong Seed);

/// <summary>
/// Parameter shift with every expectation estimated from a finite number of shots on the state-vector
/// simulator (<see cref="StateVectorSimulator.Sample"/>), seeded, as on hardware.
/// </summary>
/// <remarks>
/// Each non-identity Pauli term of the observable is measured separately: the circuit is followed by the
/// basis change (H for X, S^dagger then H for Y) and a measurement of the term's qubits into an extra
/// register; the term's estimate is the mean parity over <see cref="Shots"/> shots, with variance
/// (1 - m^2) / (shots - 1). Terms and circuits use independent streams, so variances add: the gradient's
/// variance is sum (chain weight x rule coefficient)^2 var(C_shifted). Evaluation e (0 the unshifted
/// circuit), term t of T gets the seed <c>DeterministicRandom.ForStream(seed, e T + t).NextUInt64()</c>.
/// </remarks>
public sealed class ShotParameterShift : IGradientMethod
{
    private const string RegisterName = "pauli_meas";

    private readonly StateVectorSimulator _simulator;
    private readonly int _parallelism;
    private long _calls;

    /// <summary>Creates the estimator.</summary>
    /// <param name="shots">Shots per Pauli term per circuit (at least 2).</param>
    /// <param name="seed">Base seed.</param>
    /// <param name="simulator">The simulator (default options when null).</param>
    /// <param name="maxDegreeOfParallelism">Circuits sampled concurrently (results do not depend on it).</param>
    public ShotParameterShift(int shots, ulong seed, StateVectorSimulator? simulator = null, int maxDegreeOfParallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shots, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDegreeOfParallelism);
        Shots = shots;
        Seed = seed;
        _simulator = simulator ?? new StateVectorSimulator();
        _parallelism = maxDegreeOfParallelism;
    }

    /// <summary>Shots per Pauli term per circuit.</summary>
    public int Shots { get; }

    /// <summary>Base seed.</summary>
    public ulong Seed { get; }

    /// <inheritdoc />
    public string Name => "shots";

    /// <summary>
    /// <see cref="IGradientMethod"/> view of <see cref="Estimate(Circuit, IReadOnlyList{Symbol}, IParameterSource, PauliSum, ulong)"/>:
    /// call k (0-based) of this instance uses seed <c>DeterministicRandom.ForStream(Seed, k).NextUInt64()</c>, so
    /// successive training steps see fresh shot noise and a run is reproducible from <see cref="Seed"/>.
    /// </summary>
    public (double Value, double[] Gradient) ValueAndGradient(Circuit circuit, IReadOnlyList<Symbol> parameters, IParameterSource values, PauliSum observable)
    {
        ulong call = (ulong)(System.Threading.Interlocked.Increment(ref _calls) - 1);
        var e = Estimate(circuit, parameters, values, observable, DeterministicRandom.ForStream(Seed, call).NextUInt64());
        return (e.Value, e.Gradient);
    }

    /// <summary>The estimate with the instance's <see cref="Seed"/>.</summary>
    public ShotGradientEstimate Estimate(Circuit circuit, IReadOnlyList<Symbol> parameters, IParameterSource values, PauliSum observable)
        => Estimate(circuit, parameters, values, observable, Seed);

    /// <summary>The estimate with an explicit seed.</summary>
    /// <exception cref="InvalidOperationException">A gate parameter to differentiate has no shift rule, or a symbol is unbound.</exception>
    public ShotGradientEstimate Estimate(Circuit circuit, IReadOnlyList<Symbol> parameters, IParameterSource values, PauliSum observable, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(observable);
        var plan = ParameterShift.Plan(circuit, parameters, values);
        int count = plan.Circuits.Count;
        var means = new double[count];
        var variances = new double[count];
        int measuredTerms = observable.Terms.Count(t => t.Term != PauliString.Identity && t.Coefficient != 0);
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, e =>
                (means[e], variances[e]) = EstimateExpectation(plan.Circuits[e], observable, seed, (ulong)e * (ulong)observable.Terms.Count));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        var gradient = plan.Combine(means, parameters.Count);
        var gradientVariance = new double[parameters.Count];
        foreach (var (e, j, w) in plan.Terms)
        {
            gradientVariance[j] += w * w * variances[e];
        }

        return new ShotGradientEstimate(
            means[0],
            Math.Sqrt(variances[0]),
            gradient,
            [.. gradientVariance.Select(Math.Sqrt)],
            Shots,
            (long)count * measuredTerms * Shots,
            seed);
    }

    /// <summary>(estimate, variance of the estimate) of &lt;O&gt; on a bound circuit.</summary>
    private (double Mean, double Variance) EstimateExpectation(Circuit bound, PauliSum observable, ulong seed, ulong streamBase)
    {
        double mean = 0, variance = 0;
        for (int t = 0; t < observable.Terms.Count; t++)
        {
            var (c, term) = observable.Terms[t];
            if (term == PauliString.Identity || c == 0)
            {
                mean += c;
                continue;
            }

            ulong termSeed = DeterministicRandom.ForStream(seed, streamBase + (ulong)t).NextUInt64();
            var counts = _simulator.Sample(MeasurementCircuit(bound, term), Shots, termSeed).Counts;
            long even = 0;
            foreach (var (key, n) in counts)
            {
                int space = key.IndexOf(' ', StringComparison.Ordinal);
                var bits = space < 0 ? key.AsSpan() : key.AsSpan(0, space);
                if ((bits.Count('1') & 1) == 0)
                {
                    even += n;
                }
            }

            double m = ((2.0 * even) - Shots) / Shots;
            mean += c * m;
            variance += c * c * Math.Max(0, 1 - (m * m)) / (Shots - 1);
        }

        return (mean, variance);
    }

    /// <summary>The circuit followed by the term's basis change and a measurement of its qubits into a new last register.</summary>
    private static Circuit MeasurementCircuit(Circuit bound, PauliString term)
    {
        if (term.MaxQubit >= bound.NumQubits)
        {
            throw new ArgumentException($"observable term {term} acts on qubit {term.MaxQubit} but the circuit has {bound.NumQubits} qubits", nameof(term));
        }

        var instructions = new List<Instruction>(bound.Instructions);
        int clbit = bound.NumClbits;
        for (int q = 0; q <= term.MaxQubit; q++)
        {
            switch (term[q])
            {
                case 'X':
                    instructions.Add(new GateOperation(new Gate(StandardGates.H), [q]));
                    break;
                case 'Y':
                    instructions.Add(new GateOperation(new Gate(StandardGates.Sdg), [q]));
                    instructions.Add(new GateOperation(new Gate(StandardGates.H), [q]));
                    break;
                case 'Z':
                    break;
                default:
                    continue;
            }

            instructions.Add(new Measurement(q, clbit++));
        }

        ImmutableArray<Register> registers = [.. bound.ClassicalRegisters, new Register(RegisterName, bound.NumClbits, clbit - bound.NumClbits)];
        return new Circuit(bound.NumQubits, clbit, instructions, bound.QuantumRegisters, registers);
    }
}
