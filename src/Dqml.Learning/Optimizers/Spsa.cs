using Dqml.Simulation;

namespace Dqml.Learning.Optimizers;

/// <summary>
/// Simultaneous perturbation stochastic approximation (Spall, IEEE TAC 37, 1992; gains as in Spall 1998):
/// at step k, with a seeded Rademacher vector Delta (entries +-1),
/// g_k = [f(x + c_k Delta) - f(x - c_k Delta)] / (2 c_k) Delta (Delta_i = 1 / Delta_i), x -= a_k g_k, where
/// a_k = a / (k + 1 + A)^alpha and c_k = c / (k + 1)^gamma (alpha = 0.602, gamma = 0.101 by default).
/// Two cost evaluations per step whatever the dimension.
/// </summary>
public sealed class Spsa : ICostOptimizer, IStatefulOptimizer
{
    private DeterministicRandom _random;
    private long _draws;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="a">Step-gain numerator a.</param>
    /// <param name="c">Perturbation-size numerator c (about the noise level of the cost).</param>
    /// <param name="seed">Seed of the perturbations: the same seed gives the same trajectory.</param>
    /// <param name="stabilityConstant">A, typically ~10% of the planned iterations.</param>
    /// <param name="alpha">Step-gain exponent.</param>
    /// <param name="gamma">Perturbation exponent.</param>
    public Spsa(double a, double c, ulong seed, double stabilityConstant = 0, double alpha = 0.602, double gamma = 0.101)
    {
        OptimizerChecks.Positive(a, nameof(a));
        OptimizerChecks.Positive(c, nameof(c));
        if (!(stabilityConstant >= 0) || double.IsInfinity(stabilityConstant))
        {
            throw new ArgumentOutOfRangeException(nameof(stabilityConstant), stabilityConstant, "the stability constant must be finite and non-negative");
        }

        OptimizerChecks.Positive(alpha, nameof(alpha));
        OptimizerChecks.Positive(gamma, nameof(gamma));
        A = a;
        C = c;
        Seed = seed;
        StabilityConstant = stabilityConstant;
        Alpha = alpha;
        Gamma = gamma;
        _random = new DeterministicRandom(seed);
    }

    /// <summary>Step-gain numerator a.</summary>
    public double A { get; }

    /// <summary>Perturbation numerator c.</summary>
    public double C { get; }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>Stability constant A of the step gain.</summary>
    public double StabilityConstant { get; }

    /// <summary>Step-gain exponent.</summary>
    public double Alpha { get; }

    /// <summary>Perturbation exponent.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public string Name => "spsa";

    /// <inheritdoc />
    public int Iteration { get; private set; }

    /// <summary>a_k = a / (k + 1 + A)^alpha.</summary>
    public double StepGain(int k) => A / Math.Pow(k + 1 + StabilityConstant, Alpha);

    /// <summary>c_k = c / (k + 1)^gamma.</summary>
    public double PerturbationGain(int k) => C / Math.Pow(k + 1, Gamma);

    /// <inheritdoc />
    public double Step(double[] parameters, Func<double[], double> cost)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(cost);
        int k = Iteration;
        double ak = StepGain(k), ck = PerturbationGain(k);
        int n = parameters.Length;
        var delta = new double[n];
        var plus = new double[n];
        var minus = new double[n];
        for (int i = 0; i < n; i++)
        {
            delta[i] = (_random.NextUInt64() >> 63) == 0 ? 1 : -1;
            plus[i] = parameters[i] + (ck * delta[i]);
            minus[i] = parameters[i] - (ck * delta[i]);
        }

        _draws += n;
        double fPlus = cost(plus), fMinus = cost(minus);
        double scale = (fPlus - fMinus) / (2 * ck);
        for (int i = 0; i < n; i++)
        {
            parameters[i] -= ak * scale * delta[i]; // 1 / delta_i = delta_i for +-1 entries
        }

        Iteration++;
        return (fPlus + fMinus) / 2;
    }

    /// <inheritdoc />
    public void Reset()
    {
        Iteration = 0;
        _draws = 0;
        _random = new DeterministicRandom(Seed);
    }

    /// <summary>
    /// The state: the iteration count k (which sets the gains a_k and c_k) and the counter <c>draws</c>, the
    /// number of 64-bit values taken from the seeded perturbation stream.
    /// </summary>
    public OptimizerState ExportState() =>
        new(Name, Iteration, new Dictionary<string, double[]>(), new Dictionary<string, long> { ["draws"] = _draws });

    /// <inheritdoc />
    /// <remarks>Restores the perturbation stream by replaying it from <see cref="Seed"/>: O(draws), one draw per parameter per step.</remarks>
    public void ImportState(OptimizerState state)
    {
        OptimizerStateChecks.Check(state, Name);
        long draws = state.Counter("draws");
        if (draws < 0)
        {
            throw new ArgumentException($"the SPSA draw counter is negative ({draws})", nameof(state));
        }

        var random = new DeterministicRandom(Seed);
        for (long i = 0; i < draws; i++)
        {
            random.NextUInt64();
        }

        _random = random;
        _draws = draws;
        Iteration = state.Iteration;
    }
}
