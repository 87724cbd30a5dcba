using System.Runtime.ExceptionServices;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;

namespace Dqml.Learning.Gradients;

/// <summary>
/// Parameter-shift gradients: each gate parameter t that depends on a differentiated symbol is shifted
/// on its own (one gate occurrence at a time, not the symbol globally) by its gate's rule
/// (<see cref="GateDefinition.ShiftRules"/>: two-term +-pi/2 with 1/2, four-term for controlled
/// rotations), dC/dt = sum_k c_k C(t + s_k), and the chain rule sums d(expr)/d(symbol) dC/dt over
/// occurrences.
/// </summary>
/// <remarks>
/// The cost of a circuit comes from an executor that receives the circuit with every symbol bound, so
/// any exact execution path works: a state-vector or density-matrix backend (noise included), a
/// distributed or knitted run (<see cref="CostFunctions.Distributed"/>), or any delegate. Exact for any
/// executor that computes Tr(rho O) linearly in the state, since the rules are exact for gates whose
/// generator has the registered spectrum. Cost: 1 + sum over occurrences of the rule's term count
/// (2 or 4) executions.
/// </remarks>
public sealed class ParameterShift : IGradientMethod
{
    private readonly Func<Circuit, PauliSum, double> _executor;
    private readonly int _parallelism;

    /// <summary>Parameter shift on <paramref name="backend"/>'s exact runs.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="maxDegreeOfParallelism">Shifted circuits run concurrently on up to this many threads (results do not depend on it).</param>
    public ParameterShift(ISimulatorBackend backend, int maxDegreeOfParallelism = 1)
        : this(CostFunctions.Exact(backend), maxDegreeOfParallelism)
    {
    }

    /// <summary>Parameter shift on an arbitrary executor (bound circuit, observable) -&gt; expectation.</summary>
    /// <param name="executor">The cost of a bound circuit; must be thread-safe when <paramref name="maxDegreeOfParallelism"/> &gt; 1.</param>
    /// <param name="maxDegreeOfParallelism">Shifted circuits run concurrently on up to this many threads (results do not depend on it).</param>
    public ParameterShift(Func<Circuit, PauliSum, double> executor, int maxDegreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDegreeOfParallelism);
        _executor = executor;
        _parallelism = maxDegreeOfParallelism;
    }

    /// <inheritdoc />
    public string Name => "parameter-shift";

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A gate parameter to differentiate has no shift rule (the message names the gate).</exception>
    public (double Value, double[] Gradient) ValueAndGradient(Circuit circuit, IReadOnlyList<Symbol> parameters, IParameterSource values, PauliSum observable)
    {
        ArgumentNullException.ThrowIfNull(observable);
        return Compute(circuit, parameters, values, c => _executor(c, observable), _parallelism);
    }

    /// <summary>
    /// The cost and its gradient, with <paramref name="cost"/> evaluating bound circuits (the unshifted one
    /// and each shifted one).
    /// </summary>
    /// <exception cref="InvalidOperationException">A gate parameter to differentiate has no shift rule (the message names the gate), or a symbol is unbound.</exception>
    public static (double Value, double[] Gradient) Compute(Circuit circuit, IReadOnlyList<Symbol> parameters, IParameterSource values, Func<Circuit, double> cost, int maxDegreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(cost);
        var plan = Plan(circuit, parameters, values);
        var results = new double[plan.Circuits.Count];
        try
        {
            Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, e => results[e] = cost(plan.Circuits[e]));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        return (results[0], plan.Combine(results, parameters.Count));
    }

    /// <summary>The circuits to run (index 0 unshifted) and how their costs combine into the gradient.</summary>
    internal static ShiftPlan Plan(Circuit circuit, IReadOnlyList<Symbol> parameters, IParameterSource values)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var index = ChainRule.IndexSymbols(parameters, values);
        var bound = ChainRule.BindAll(circuit, values);
        var uses = ChainRule.Analyse(circuit, index, values);
        var circuits = new List<Circuit> { bound };
        var terms = new List<(int Circuit, int Symbol, double Weight)>();
        foreach (var use in uses)
        {
            var def = use.Gate.Gate.Definition;
            var rule = def.ShiftRules[use.ParameterIndex];
            if (rule.IsDefaultOrEmpty)
            {
                throw new InvalidOperationException(
                    $"instruction {use.Instruction} ({use.Gate}): gate '{def.Name}' has no parameter-shift rule for parameter {use.ParameterIndex}; use AdjointDifferentiation or FiniteDifference for this circuit");
            }

            double t = use.Gate.Gate.Parameters[use.ParameterIndex].Evaluate(values);
            foreach (var term in rule)
            {
                int e = circuits.Count;
                circuits.Add(ChainRule.WithParameter(bound, use.Instruction, use.ParameterIndex, t + term.Shift));
                foreach (var (j, c) in use.Chain)
                {
                    terms.Add((e, j, c * term.Coefficient));
                }
            }
        }

        return new ShiftPlan(circuits, terms);
    }

    /// <summary>Shifted circuits and the weights that turn their costs into gradient entries.</summary>
    internal sealed record ShiftPlan(IReadOnlyList<Circuit> Circuits, IReadOnlyList<(int Circuit, int Symbol, double Weight)> Terms)
    {
        /// <summary>gradient[j] = sum of weight * cost over the terms of symbol j.</summary>
        public double[] Combine(ReadOnlySpan<double> costs, int count)
        {
            var g = new double[count];
            foreach (var (e, j, w) in Terms)
            {
                g[j] += w * costs[e];
            }

            return g;
        }
    }
}
