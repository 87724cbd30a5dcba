using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;

namespace Dqml.Learning.Gradients;

/// <summary>
/// Computes the cost C(theta) = &lt;O&gt; (the exact expectation of an observable on a circuit's final state)
/// and its gradient with respect to chosen symbols.
/// </summary>
/// <remarks>
/// Gradients flow through <see cref="ParamExpr"/> by the chain rule: a gate parameter such as
/// <c>2*x0 + theta1</c> or <c>theta1*theta2</c> contributes d(expr)/d(theta) times the derivative with
/// respect to the gate parameter, and a symbol used by several gates sums their contributions. Symbols
/// not listed in <c>parameters</c> (data inputs, frozen weights) are held at their values.
/// </remarks>
public interface IGradientMethod
{
    /// <summary>Short name ("adjoint", "parameter-shift", "finite-difference", "shots").</summary>
    string Name { get; }

    /// <summary>The cost and its gradient.</summary>
    /// <param name="circuit">The (symbolic) circuit.</param>
    /// <param name="parameters">The symbols to differentiate by, in the order of the returned gradient (no duplicates).</param>
    /// <param name="values">Values for every symbol of the circuit.</param>
    /// <param name="observable">The observable O.</param>
    /// <returns>C and dC/d parameters[j] for each j.</returns>
    (double Value, double[] Gradient) ValueAndGradient(Circuit circuit, IReadOnlyList<Symbol> parameters, IParameterSource values, PauliSum observable);
}
