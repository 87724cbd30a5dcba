using System.Runtime.ExceptionServices;
using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;

namespace Dqml.Learning.Gradients;

/// <summary>
/// Central finite differences on the symbols: dC/dtheta_j ~ [C(theta_j + h_j) - C(theta_j - h_j)] / (2 h_j)
/// with h_j = <see cref="Step"/> * max(1, |theta_j|) (relative to the value, absolute near zero).
/// </summary>
/// <remarks>
/// The symbol is moved globally (every gate that uses it), so this is the reference the occurrence-wise
/// methods are checked against. With the default step 1e-6 the truncation error is O(h^2 C''') ~ 1e-12 and
/// the rounding error O(eps |C| / h) ~ 1e-10 for double-precision executors. Works with any executor,
/// noisy or not; costs 1 + 2 x (number of symbols) executions.
/// </remarks>
public sealed class FiniteDifference : IGradientMethod
{
    /// <summary>The default relative step.</summary>
    public const double DefaultStep = 1e-6;

    private readonly Func<Circuit, PauliSum, double> _executor;
    private readonly int _parallelism;

    /// <summary>Finite differences on <paramref name="backend"/>'s exact runs.</summary>
    public FiniteDifference(ISimulatorBackend backend, double step = DefaultStep, int maxDegreeOfParallelism = 1)
        : this(CostFunctions.Exact(backend), step, maxDegreeOfParallelism)
    {
    }

    /// <summary>Finite differences on an executor (bound circuit, observable) -&gt; expectation.</summary>
    /// <param name="executor">The cost of a bound circuit; thread-safe when <paramref name="maxDegreeOfParallelism"/> &gt; 1.</param>
    /// <param name="step">Relative step (positive).</param>
    /// <param name="maxDegreeOfParallelism">Evaluations run concurrently on up to this many threads (results do not depend on it).</param>
    public FiniteDifference(Func<Circuit, PauliSum, double> executor, double step = DefaultStep, int maxDegreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(executor);
        if (!(step > 0) || double.IsInfinity(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "the finite-difference step must be positive and finite");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDegreeOfParallelism);
        _executor = executor;
        Step = step;
        _parallelism = maxDegreeOfParallelism;
    }

    /// <summary>Relative step: h = Step * max(1, |theta|).</summary>
    public double Step { get; }

    /// <inheritdoc />
    public string Name => "finite-difference";

    /// <inheritdoc />
    public (double Value, double[] Gradient) ValueAndGradient(Circuit circuit, IReadOnlyList<Symbol> parameters, IParameterSource values, PauliSum observable)
    {
        ArgumentNullException.ThrowIfNull(observable);
        return Compute(circuit, parameters, values, c => _executor(c, observable), Step, _parallelism);
    }

    /// <summary>The cost and its central-difference gradient, <paramref name="cost"/> evaluating bound circuits.</summary>
    public static (double Value, double[] Gradient) Compute(Circuit circuit, IReadOnlyList<Symbol> parameters, IParameterSource values, Func<Circuit, double> cost, double step = DefaultStep, int maxDegreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(cost);
        ChainRule.IndexSymbols(parameters, values);
        int n = parameters.Count;
        var h = new double[n];
        var points = new IParameterSource[1 + (2 * n)];
        points[0] = values;
        for (int j = 0; j < n; j++)
        {
            values.TryGetValue(parameters[j], out double v);
            h[j] = step * Math.Max(1, Math.Abs(v));
            points[1 + (2 * j)] = new Override(values, parameters[j], v + h[j]);
            points[2 + (2 * j)] = new Override(values, parameters[j], v - h[j]);
        }

        var results = new double[points.Length];
        try
        {
            Parallel.For(0, points.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, e => results[e] = cost(ChainRule.BindAll(circuit, points[e])));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        var g = new double[n];
        for (int j = 0; j < n; j++)
        {
            g[j] = (results[1 + (2 * j)] - results[2 + (2 * j)]) / (2 * h[j]);
        }

        return (results[0], g);
    }

    /// <summary>One symbol's value replaced.</summary>
    private sealed class Override(IParameterSource inner, Symbol symbol, double value) : IParameterSource
    {
        public bool TryGetValue(Symbol s, out double v)
        {
            if (s == symbol)
            {
                v = value;
                return true;
            }

            return inner.TryGetValue(s, out v);
        }
    }
}
