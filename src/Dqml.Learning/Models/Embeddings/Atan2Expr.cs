using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Models.Embeddings;

/// <summary>
/// atan2(Y, X) in (-pi, pi] as a parameter expression (atan2(0, 0) = 0): the angle of the point (X, Y).
/// Used by <see cref="AmplitudeEmbedding"/> for the rotation angles of a symbolic state preparation.
/// </summary>
/// <remarks>
/// d atan2(Y, X) = (X dY - Y dX) / (X^2 + Y^2), undefined at the origin (the derivative evaluates to NaN there).
/// OpenQASM 2 has no inverse trigonometric functions: <see cref="ToText"/> writes <c>atan2(y, x)</c>, which
/// <see cref="ParamExpr.Parse"/> does not read back; bind the symbols before exporting such a circuit.
/// </remarks>
public sealed record Atan2Expr : ParamExpr
{
    /// <summary>atan2(<paramref name="y"/>, <paramref name="x"/>).</summary>
    public Atan2Expr(ParamExpr y, ParamExpr x)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(x);
        Y = y;
        X = x;
    }

    /// <summary>The ordinate (first argument).</summary>
    public ParamExpr Y { get; }

    /// <summary>The abscissa (second argument).</summary>
    public ParamExpr X { get; }

    /// <summary>atan2(y, x), folded to a constant when both arguments are constants.</summary>
    public static ParamExpr Create(ParamExpr y, ParamExpr x)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(x);
        return y is ConstantExpr cy && x is ConstantExpr cx ? Constant(Math.Atan2(cy.Number, cx.Number)) : new Atan2Expr(y, x);
    }

    /// <inheritdoc />
    public override double Evaluate(IParameterSource? values) => Math.Atan2(Y.Evaluate(values), X.Evaluate(values));

    /// <inheritdoc />
    public override ParamExpr Derivative(Symbol symbol)
    {
        var dy = Y.Derivative(symbol);
        var dx = X.Derivative(symbol);
        if (dy is ConstantExpr { Number: 0 } && dx is ConstantExpr { Number: 0 })
        {
            return Constant(0);
        }

        return ((X * dy) - (Y * dx)) / ((X * X) + (Y * Y));
    }

    /// <inheritdoc />
    public override void CollectSymbols(ICollection<Symbol> into)
    {
        Y.CollectSymbols(into);
        X.CollectSymbols(into);
    }

    /// <inheritdoc />
    public override string ToText() => $"atan2({Y.ToText()}, {X.ToText()})";
}
