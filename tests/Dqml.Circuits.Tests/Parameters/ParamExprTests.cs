using Dqml.Circuits.Parameters;

namespace Dqml.Circuits.Tests.Parameters;

public class ParamExprTests
{
    private static ParameterValues Values(params (string Name, double Value)[] pairs)
        => new(pairs.Select(p => new KeyValuePair<string, double>(p.Name, p.Value)));

    private static readonly ParameterValues Standard = Values(("x0", 0.3), ("x1", -1.25), ("theta3", 0.8), ("a", 0.7), ("b", 1.9), ("c", -0.45), ("n", 3));

    public static TheoryData<string, double> ParseCases() => new()
    {
        { "2*x0", 0.6 },
        { "x0*x1", 0.3 * -1.25 },
        { "theta3 + pi/2", 0.8 + (Math.PI / 2) },
        { "-sin(a)^2", -(Math.Sin(0.7) * Math.Sin(0.7)) },
        { "1.5e-3*x0", 1.5e-3 * 0.3 },
        { "2E+2", 200 },
        { "3e2 - .5", 299.5 },
        { "2.5E-1", 0.25 },
        { "1 - 2 - 3", -4 },
        { "8 / 4 / 2", 1 },
        { "2^3^2", 512 },
        { "-2^2", -4 },
        { "(1 + 2) * 3", 9 },
        { "  a  *  ( b - c )  ", 0.7 * (1.9 + 0.45) },
        { "cos(pi)", -1 },
        { "exp(ln(b))", 1.9 },
        { "sqrt(16) + tan(0)", 4 },
        { "--a", 0.7 },
        { "+a", 0.7 },
        { "a*-b", -0.7 * 1.9 },
        { "pi", Math.PI },
    };

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parse_ValidExpression_EvaluatesCorrectly(string text, double expected)
        => Assert.Equal(expected, ParamExpr.Parse(text).Evaluate(Standard), 12);

    [Fact]
    public void Parse_Affine_BuildsProductOfConstantAndInput()
    {
        var e = ParamExpr.Parse("2*x0");
        var b = Assert.IsType<BinaryExpr>(e);
        Assert.Equal(BinaryOp.Multiply, b.Op);
        Assert.Equal(2.0, Assert.IsType<ConstantExpr>(b.Left).Number);
        Assert.Equal(new Symbol("x0", SymbolKind.Input), Assert.IsType<SymbolExpr>(b.Right).Symbol);
    }

    [Theory]
    [InlineData("x0", SymbolKind.Input)]
    [InlineData("x12", SymbolKind.Input)]
    [InlineData("theta3", SymbolKind.Trainable)]
    [InlineData("x", SymbolKind.Trainable)]
    [InlineData("xa", SymbolKind.Trainable)]
    [InlineData("x1y", SymbolKind.Trainable)]
    [InlineData("w_0", SymbolKind.Trainable)]
    public void Parse_Identifier_HasExpectedKind(string text, SymbolKind kind)
    {
        var s = Assert.Single(ParamExpr.Parse(text).Symbols);
        Assert.Equal(text, s.Name);
        Assert.Equal(kind, s.Kind);
    }

    [Fact]
    public void Symbols_InFirstOccurrenceOrder_Distinct()
    {
        var e = ParamExpr.Parse("b*a + sin(b) - x0*a");
        Assert.Equal(["b", "a", "x0"], e.Symbols.Select(s => s.Name));
        Assert.False(e.IsConstant);
        Assert.True(ParamExpr.Parse("2*pi + sin(1)").IsConstant);
    }

    [Fact]
    public void Parse_ConstantSubexpressions_AreFolded()
    {
        var c = Assert.IsType<ConstantExpr>(ParamExpr.Parse("2*pi/4 + sin(0)"));
        Assert.Equal(Math.PI / 2, c.Number, 15);
        Assert.Equal(Math.PI / 2, ParamExpr.Parse("pi/2").Value, 15);
    }

    [Fact]
    public void Parse_Resolver_OverridesIdentifiers()
    {
        var e = ParamExpr.Parse("gamma + 1", id => id == "gamma" ? ParamExpr.Input("feature") : null);
        var s = Assert.Single(e.Symbols);
        Assert.Equal(new Symbol("feature", SymbolKind.Input), s);
    }

    public static TheoryData<string, int> ErrorCases() => new()
    {
        { "2*", 3 },
        { "2 $ 3", 3 },
        { "(a + 1", 7 },
        { "sin x", 5 },
        { "a b", 3 },
        { "", 1 },
        { "1..2", 1 },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void Parse_InvalidExpression_ThrowsWithColumn(string text, int column)
    {
        var ex = Assert.Throws<FormatException>(() => ParamExpr.Parse(text));
        Assert.Contains($"column {column}", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> DerivativeCases() => new()
    {
        "2*x0", "x0*x1", "theta3 + pi/2", "-sin(a)^2", "cos(a*b)/b", "exp(a) - ln(b)", "sqrt(a*a + 1)", "tan(a)",
        "a^b", "b^3", "a/b - 3", "-(a - b)", "sin(cos(a)*b) * exp(-a^2)", "(a + b)^2 / (1 + c^2)", "2^a",
    };

    [Theory]
    [MemberData(nameof(DerivativeCases))]
    public void Derivative_EachSymbol_MatchesFiniteDifference(string text)
    {
        var e = ParamExpr.Parse(text);
        foreach (var s in e.Symbols)
        {
            double analytic = e.Derivative(s).Evaluate(Standard);
            const double h = 1e-6;
            var plus = Values(("x0", 0.3), ("x1", -1.25), ("theta3", 0.8), ("a", 0.7), ("b", 1.9), ("c", -0.45), ("n", 3));
            var minus = Values(("x0", 0.3), ("x1", -1.25), ("theta3", 0.8), ("a", 0.7), ("b", 1.9), ("c", -0.45), ("n", 3));
            plus[s.Name] += h;
            minus[s.Name] -= h;
            double fd = (e.Evaluate(plus) - e.Evaluate(minus)) / (2 * h);
            Assert.True(Math.Abs(analytic - fd) < 1e-6 * Math.Max(1, Math.Abs(fd)), $"d/d{s.Name} of '{text}': symbolic {analytic:R}, finite difference {fd:R}");
        }

        Assert.Equal(0.0, e.Derivative(new Symbol("unrelated", SymbolKind.Trainable)).Evaluate(Standard));
    }

    [Fact]
    public void Derivative_SameNameDifferentKind_IsDistinctSymbol()
    {
        var e = ParamExpr.Input("x0") * 3;
        Assert.Equal(3.0, e.Derivative(new Symbol("x0", SymbolKind.Input)).Value);
        Assert.Equal(0.0, e.Derivative(new Symbol("x0", SymbolKind.Trainable)).Value);
    }

    [Theory]
    [MemberData(nameof(DerivativeCases))]
    public void ToText_ParsedExpression_RoundTrips(string text) => AssertRoundTrip(ParamExpr.Parse(text), textFixpoint: true);

    [Fact]
    public void ToText_OperatorBuiltExpressions_RoundTrip()
    {
        ParamExpr a = ParamExpr.Trainable("a"), b = ParamExpr.Trainable("b"), c = ParamExpr.Trainable("c"), x = ParamExpr.Input("x0");
        ParamExpr[] cases =
        [
            a - (b - c), a - (b + c), (a - b) - c, a / (b * c), a / (b / c), (a / b) / c, a * (b + c), -(a + b), -a * b,
            a * -b, new BinaryExpr(BinaryOp.Power, new BinaryExpr(BinaryOp.Power, a, b), c), new BinaryExpr(BinaryOp.Power, a, new BinaryExpr(BinaryOp.Power, b, c)),
            new BinaryExpr(BinaryOp.Power, -a, 2.0), new BinaryExpr(BinaryOp.Power, a, -b), new BinaryExpr(BinaryOp.Power, -3.0, ParamExpr.Trainable("n")),
            a - (-3.0), a * -2.5, a / -4.0, (ParamExpr.Pi / 2) * a, a / (3 * ParamExpr.Pi / 4), a + 1e-20, a * 6.02e23, -1e-5 * x,
            2 * x + 0.1, new NegateExpr(new ConstantExpr(2)), new BinaryExpr(BinaryOp.Power, ParamExpr.Pi / 2, a),
            new FunctionExpr(MathFunction.Sqrt, a * a + b), -new FunctionExpr(MathFunction.Sin, a - c),
        ];
        foreach (var e in cases)
        {
            AssertRoundTrip(e, textFixpoint: false);
        }
    }

    private static void AssertRoundTrip(ParamExpr e, bool textFixpoint)
    {
        string text = e.ToText();
        var back = ParamExpr.Parse(text);
        double expected = e.Evaluate(Standard), actual = back.Evaluate(Standard);
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"'{text}': original {expected:R}, reparsed {actual:R}");
        // Parsing may fold constants (e.g. -(2) -> -2), so operator-built trees reach a fixpoint after one round.
        Assert.Equal(textFixpoint ? text : back.ToText(), textFixpoint ? back.ToText() : ParamExpr.Parse(back.ToText()).ToText());
        Assert.Equal(e.Symbols.ToArray(), back.Symbols.ToArray());
    }

    [Theory]
    [InlineData(Math.PI, "pi")]
    [InlineData(-Math.PI, "-pi")]
    [InlineData(Math.PI / 2, "pi/2")]
    [InlineData(3 * Math.PI / 4, "3*pi/4")]
    [InlineData(0.0, "0")]
    [InlineData(0.1, "0.1")]
    public void FormatNumber_PiMultiples_WrittenSymbolically(double value, string text)
    {
        Assert.Equal(text, ConstantExpr.FormatNumber(value));
        Assert.Equal(value, ParamExpr.Parse(text).Value, 15);
    }

    [Fact]
    public void Evaluate_UnboundParameter_ThrowsNamingIt()
    {
        var e = ParamExpr.Parse("x0 + theta3");
        var ex = Assert.Throws<UnboundParameterException>(() => e.Evaluate(Values(("x0", 1))));
        Assert.Equal(new Symbol("theta3", SymbolKind.Trainable), ex.Symbol);
        Assert.Contains("theta3", ex.Message, StringComparison.Ordinal);
        var ex2 = Assert.Throws<UnboundParameterException>(() => ParamExpr.Input("x7").Value);
        Assert.Contains("x7", ex2.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<InvalidOperationException>(ex2);
    }

    [Fact]
    public void ParameterValues_IndexerAndCount_Work()
    {
        var v = new ParameterValues { ["a"] = 1.5 };
        v["a"] = 2.5;
        v["b"] = -1;
        Assert.Equal(2, v.Count);
        Assert.Equal(2.5, v["a"]);
        Assert.True(v.TryGetValue(new Symbol("b", SymbolKind.Input), out double b));
        Assert.Equal(-1, b);
        Assert.False(v.TryGetValue(new Symbol("zz", SymbolKind.Input), out _));
    }

    [Fact]
    public void Simplify_TrivialIdentities_Fold()
    {
        ParamExpr a = ParamExpr.Trainable("a");
        Assert.Same(a, 0.0 + a);
        Assert.Same(a, a - 0.0);
        Assert.Same(a, 1.0 * a);
        Assert.Same(a, a / 1.0);
        Assert.Equal(new ConstantExpr(0), a * 0.0);
        Assert.Equal(new ConstantExpr(6), ParamExpr.Constant(2) * 3.0);
        Assert.Equal(new ConstantExpr(-2), -ParamExpr.Constant(2));
        Assert.IsType<NegateExpr>(-a);
    }

    [Fact]
    public void Equality_StructuralRecords_CompareByValue()
    {
        Assert.Equal(ParamExpr.Parse("2*x0 + theta1"), ParamExpr.Parse("2 * x0 + theta1"));
        Assert.NotEqual(ParamExpr.Parse("2*x0"), ParamExpr.Parse("2*x1"));
    }

    [Fact]
    public void ToString_SymbolicExpression_EqualsToText()
    {
        // ParamExpr overrides ToString as ToText, but each derived record synthesizes its own ToString
        // (PrintMembers) unless the base override is sealed; that one reads Value and throws when unbound.
        var e = ParamExpr.Parse("2*x0+theta1");
        Assert.Equal("2*x0 + theta1", e.ToString());
        Assert.Equal("theta1", ParamExpr.Trainable("theta1").ToString());
        Assert.Equal("sin(a)", ParamExpr.Parse("sin(a)").ToString());
        Assert.Equal("-a", (-ParamExpr.Trainable("a")).ToString());
        Assert.Equal("pi/2", ParamExpr.Parse("pi/2").ToString());
    }
}
