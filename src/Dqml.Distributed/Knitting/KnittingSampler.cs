using Dqml.Simulation;

namespace Dqml.Distributed;

/// <summary>A sampled estimate of the logical probabilities of a knitted circuit.</summary>
/// <param name="Probabilities">Unbiased estimates of p(x) (may be negative or above 1 by sampling noise).</param>
/// <param name="StandardErrors">Empirical standard error of each estimate.</param>
/// <param name="Shots">Shots spent.</param>
/// <param name="Gamma">The knitted circuit's sampling overhead.</param>
/// <param name="Seed">The seed.</param>
public sealed record KnittingEstimate(double[] Probabilities, double[] StandardErrors, int Shots, double Gamma, ulong Seed)
{
    /// <summary>Bound on the standard error of each probability (and of any expectation of an observable with |O| &lt;= 1): gamma / sqrt(shots).</summary>
    public double StandardErrorBound => Gamma / Math.Sqrt(Shots);
}

/// <summary>Sampled mode of circuit knitting: a shot budget spread over term circuits by quasi-probability sampling.</summary>
public static class KnittingSampler
{
    /// <summary>Knits <paramref name="circuit"/> and estimates its logical probabilities from <paramref name="shots"/> shots.</summary>
    public static KnittingEstimate Estimate(DistributedCircuit circuit, int shots, ulong seed, IEnumerable<WireCut>? wireCuts = null, SimulatorOptions? options = null)
        => Estimate(KnittedCircuit.Create(circuit, wireCuts), shots, seed, options);

    /// <summary>
    /// Estimates p(x) with <paramref name="shots"/> shots: each shot draws, independently per cut, term i with
    /// probability |c_i| / gamma_cut (a seeded <see cref="DeterministicRandom"/>), runs one sampled shot of the
    /// resulting term circuit with the logical qubits measured at the end, and contributes
    /// gamma sign(c_term) sign(outcomes) to the estimate of p(x) for its outcome x (sign(outcomes) the product of
    /// (-1)^bit over the signed measurements). Unbiased, each sample bounded by gamma, so the standard error is
    /// at most gamma / sqrt(shots). Shots drawing the same term circuit are simulated together.
    /// </summary>
    public static KnittingEstimate Estimate(KnittedCircuit knitted, int shots, ulong seed, SimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(knitted);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shots);
        var cuts = knitted.Cuts;
        var cumulative = cuts.Select(c =>
        {
            var acc = new double[c.TermCount];
            double s = 0;
            for (int i = 0; i < acc.Length; i++)
            {
                s += Math.Abs(c.Decomposition.Terms[i].Coefficient);
                acc[i] = s;
            }

            return acc;
        }).ToArray();

        // Draw every shot's term combination first; group the shots by combination.
        var rng = new DeterministicRandom(seed);
        var groups = new SortedDictionary<string, (int[] Choice, int Shots)>(StringComparer.Ordinal);
        var choice = new int[cuts.Length];
        for (int s = 0; s < shots; s++)
        {
            for (int j = 0; j < cuts.Length; j++)
            {
                var acc = cumulative[j];
                double r = rng.NextDouble() * acc[^1];
                int t = 0;
                while (t < acc.Length - 1 && r >= acc[t])
                {
                    t++;
                }

                choice[j] = t;
            }

            string key = string.Join(',', choice);
            groups[key] = groups.TryGetValue(key, out var g) ? (g.Choice, g.Shots + 1) : ((int[])choice.Clone(), 1);
        }

        var sim = new StateVectorSimulator(options);
        int dim = 1 << knitted.NumQubits;
        var signed = new double[dim];
        var hits = new double[dim];
        ulong stream = 0;
        foreach (var (ch, n) in groups.Values)
        {
            stream++;
            int coefficientSign = Math.Sign(knitted.Coefficient(ch));
            var circuit = knitted.TermCircuit(ch, measureLogical: true);
            var counts = sim.Sample(circuit, n, DeterministicRandom.ForStream(seed, stream).NextUInt64());
            var bits = new bool[circuit.NumClbits];
            foreach (var (key, count) in counts.Counts)
            {
                // One register: the key is the bits, most significant first.
                for (int i = 0; i < bits.Length; i++)
                {
                    bits[i] = key[key.Length - 1 - i] == '1';
                }

                int x = 0;
                for (int q = 0; q < knitted.NumQubits; q++)
                {
                    x |= bits[knitted.MeasurementBitOffset + q] ? 1 << q : 0;
                }

                signed[x] += coefficientSign * knitted.Sign(bits) * count;
                hits[x] += count;
            }
        }

        double gamma = knitted.Gamma;
        var p = new double[dim];
        var se = new double[dim];
        for (int x = 0; x < dim; x++)
        {
            p[x] = gamma * signed[x] / shots;
            double secondMoment = gamma * gamma * hits[x] / shots;
            se[x] = Math.Sqrt(Math.Max(0, secondMoment - (p[x] * p[x])) / shots);
        }

        return new KnittingEstimate(p, se, shots, gamma, seed);
    }

    /// <summary>
    /// Shots needed for a standard error <paramref name="epsilon"/> on an expectation value of an observable
    /// bounded by 1 (a probability included) under sampling overhead <paramref name="gamma"/>: each knitted
    /// sample is bounded by gamma, so its variance is at most gamma^2 and N = (gamma / epsilon)^2 shots suffice
    /// (rounded up). Budgets scale with gamma^2: two CNOT cuts (gamma 9) need 81 times the shots of none.
    /// </summary>
    public static long ShotsForStandardError(double gamma, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gamma, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        double n = gamma / epsilon * (gamma / epsilon);
        return (long)Math.Ceiling(n * (1 - 1e-12));
    }
}
