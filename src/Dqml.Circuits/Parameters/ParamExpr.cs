using System.Collections.Immutable;
using System.Globalization;

namespace Dqml.Circuits.Parameters;

/// <summary>What a symbol stands for: a trainable weight or a data input.</summary>
public enum SymbolKind
{
    /// <summary>A trainable model parameter (theta).</summary>
    Trainable,

    /// <summary>A data feature fed to the model (x).</summary>
    Input,
}

/// <summary>A named free parameter of a circuit. Symbols are equal when name and kind are equal.</summary>
public sealed record Symbol(string Name, SymbolKind Kind)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Supplies numeric values for symbols when a circuit is executed.</summary>
public interface IParameterSource
{
    /// <summary>Returns the value of <paramref name="symbol"/>, or false if it is unbound.</summary>
    bool TryGetValue(Symbol symbol, out double value);
}

/// <summary>
/// A symbolic real-valued expression over <see cref="Symbol"/>s: constants, symbols, + - * / ^,
/// negation and the elementary functions of OpenQASM 2 (sin, cos, tan, exp, ln, sqrt).
/// Immutable; bound to numbers by <see cref="Evaluate"/> at execution time.
/// </summary>
/// <remarks>
/// Affine forms such as <c>2*x0</c>, products such as <c>x0*x1</c> and shifts such as
/// <c>theta3 + pi/2</c> are all ordinary expression trees. <see cref="Derivative"/> gives the
/// symbolic derivative, used by gradient methods (chain rule through gate parameters).
/// </remarks>
public abstract record ParamExpr
{
    /// <summary>Evaluates the expression with the given bindings.</summary>
    /// <exception cref="UnboundParameterException">A symbol has no value.</exception>
    public abstract double Evaluate(IParameterSource? values);

    /// <summary>The symbolic partial derivative with respect to <paramref name="symbol"/>.</summary>
    public abstract ParamExpr Derivative(Symbol symbol);

    /// <summary>Appends the distinct symbols of this expression, in first-occurrence order.</summary>
    public abstract void CollectSymbols(ICollection<Symbol> into);

    /// <summary>Writes the expression in OpenQASM / Python-like syntax.</summary>
    public abstract string ToText();

    /// <summary>True when the expression has no symbols.</summary>
    public bool IsConstant
    {
        get
        {
            var set = new List<Symbol>();
            CollectSymbols(set);
            return set.Count == 0;
        }
    }

    /// <summary>The distinct symbols of the expression.</summary>
    public ImmutableArray<Symbol> Symbols
    {
        get
        {
            var list = new List<Symbol>();
            CollectSymbols(list);
            return [.. list];
        }
    }

    /// <summary>Evaluates a constant expression.</summary>
    public double Value => Evaluate(null);

    /// <summary>A constant.</summary>
    public static ParamExpr Constant(double value) => new ConstantExpr(value);

    /// <summary>A trainable parameter symbol.</summary>
    public static ParamExpr Trainable(string name) => new SymbolExpr(new Symbol(name, SymbolKind.Trainable));

    /// <summary>A data-input symbol.</summary>
    public static ParamExpr Input(string name) => new SymbolExpr(new Symbol(name, SymbolKind.Input));

    /// <summary>Pi as a constant node (exported as <c>pi</c>).</summary>
    public static ParamExpr Pi { get; } = new ConstantExpr(Math.PI);

    /// <summary>
    /// Parses an expression such as <c>2*x0</c>, <c>x0*x1</c> or <c>theta3 + pi/2</c>.
    /// Identifiers of the form <c>x</c> followed by digits are data inputs; any other identifier
    /// is a trainable parameter unless <paramref name="resolve"/> says otherwise.
    /// </summary>
    /// <exception cref="FormatException">The text is not a valid expression (the message gives the column).</exception>
    public static ParamExpr Parse(string text, Func<string, ParamExpr?>? resolve = null)
        => new ExpressionParser(text, resolve).ParseAll();

    /// <summary>Implicit conversion from a number.</summary>
    public static implicit operator ParamExpr(double value) => new ConstantExpr(value);

    /// <summary>Sum.</summary>
    public static ParamExpr operator +(ParamExpr a, ParamExpr b) => Simplify(BinaryOp.Add, a, b);

    /// <summary>Difference.</summary>
    public static ParamExpr operator -(ParamExpr a, ParamExpr b) => Simplify(BinaryOp.Subtract, a, b);

    /// <summary>Product.</summary>
    public static ParamExpr operator *(ParamExpr a, ParamExpr b) => Simplify(BinaryOp.Multiply, a, b);

    /// <summary>Quotient.</summary>
    public static ParamExpr operator /(ParamExpr a, ParamExpr b) => Simplify(BinaryOp.Divide, a, b);

    /// <summary>Negation.</summary>
    public static ParamExpr operator -(ParamExpr a) => a is ConstantExpr c ? new ConstantExpr(-c.Number) : new NegateExpr(a);

    /// <summary>Named-method alternatives to the operators (CA2225).</summary>
    public static ParamExpr Add(ParamExpr a, ParamExpr b) => a + b;

    /// <inheritdoc cref="Add"/>
    public static ParamExpr Subtract(ParamExpr a, ParamExpr b) => a - b;

    /// <inheritdoc cref="Add"/>
    public static ParamExpr Multiply(ParamExpr a, ParamExpr b) => a * b;

    /// <inheritdoc cref="Add"/>
    public static ParamExpr Divide(ParamExpr a, ParamExpr b) => a / b;

    /// <inheritdoc cref="Add"/>
    public static ParamExpr Negate(ParamExpr a) => -a;

    /// <inheritdoc cref="Constant"/>
    public static ParamExpr FromDouble(double value) => new ConstantExpr(value);

    /// <summary>Builds a binary node, folding constants and trivial identities (0 + a, 1 * a, 0 * a).</summary>
    public static ParamExpr Simplify(BinaryOp op, ParamExpr a, ParamExpr b)
    {
        if (a is ConstantExpr ca && b is ConstantExpr cb)
        {
            return new ConstantExpr(BinaryExpr.Apply(op, ca.Number, cb.Number));
        }

        return op switch
        {
            BinaryOp.Add when a is ConstantExpr { Number: 0 } => b,
            BinaryOp.Add or BinaryOp.Subtract when b is ConstantExpr { Number: 0 } => a,
            BinaryOp.Multiply when a is ConstantExpr { Number: 0 } || b is ConstantExpr { Number: 0 } => new ConstantExpr(0),
            BinaryOp.Multiply when a is ConstantExpr { Number: 1 } => b,
            BinaryOp.Multiply or BinaryOp.Divide when b is ConstantExpr { Number: 1 } => a,
            _ => new BinaryExpr(op, a, b),
        };
    }

    /// <summary>The expression text (sealed: derived records must not print <see cref="Value"/>, which needs bindings).</summary>
    public sealed override string ToString() => ToText();
}

/// <summary>An unbound symbol was evaluated.</summary>
public sealed class UnboundParameterException(Symbol symbol)
    : InvalidOperationException($"parameter '{symbol.Name}' ({symbol.Kind}) has no value: bind it before execution")
{
    /// <summary>The unbound symbol.</summary>
    public Symbol Symbol { get; } = symbol;
}

/// <summary>A numeric constant.</summary>
public sealed record ConstantExpr(double Number) : ParamExpr
{
    /// <inheritdoc />
    public override double Evaluate(IParameterSource? values) => Number;

    /// <inheritdoc />
    public override ParamExpr Derivative(Symbol symbol) => new ConstantExpr(0);

    /// <inheritdoc />
    public override void CollectSymbols(ICollection<Symbol> into)
    {
    }

    /// <inheritdoc />
    public override string ToText() => FormatNumber(Number);

    /// <summary>Formats a number round-trippably, writing multiples of pi/k symbolically.</summary>
    public static string FormatNumber(double v)
    {
        if (v == 0)
        {
            return "0";
        }

        foreach (var den in (ReadOnlySpan<int>)[1, 2, 3, 4, 6, 8, 16, 32, 64, 128])
        {
            double num = v * den / Math.PI;
            double r = Math.Round(num);
            if (Math.Abs(r) >= 1 && Math.Abs(r) <= 1024 && Math.Abs(num - r) < 1e-12 && r * Math.PI / den == v)
            {
                string n = r switch { 1 => "pi", -1 => "-pi", _ => $"{r.ToString(CultureInfo.InvariantCulture)}*pi" };
                return den == 1 ? n : $"{n}/{den}";
            }
        }

        // OpenQASM 2 reals need a digit before the exponent's point: write 1E-07 as 1.0e-07.
        string text = v.ToString("R", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? text : (text.IndexOf('.', StringComparison.Ordinal) < 0 ? $"{text[..e]}.0e{text[(e + 1)..]}" : $"{text[..e]}e{text[(e + 1)..]}");
    }
}

/// <summary>A reference to a symbol.</summary>
public sealed record SymbolExpr(Symbol Symbol) : ParamExpr
{
    /// <inheritdoc />
    public override double Evaluate(IParameterSource? values)
        => values is not null && values.TryGetValue(Symbol, out double v) ? v : throw new UnboundParameterException(Symbol);

    /// <inheritdoc />
    public override ParamExpr Derivative(Symbol symbol) => new ConstantExpr(symbol == Symbol ? 1 : 0);

    /// <inheritdoc />
    public override void CollectSymbols(ICollection<Symbol> into)
    {
        if (!into.Contains(Symbol))
        {
            into.Add(Symbol);
        }
    }

    /// <inheritdoc />
    public override string ToText() => Symbol.Name;
}

/// <summary>Binary operators of <see cref="BinaryExpr"/>.</summary>
public enum BinaryOp
{
    /// <summary>a + b</summary>
    Add,

    /// <summary>a - b</summary>
    Subtract,

    /// <summary>a * b</summary>
    Multiply,

    /// <summary>a / b</summary>
    Divide,

    /// <summary>a ^ b</summary>
    Power,
}

/// <summary>A binary operation.</summary>
public sealed record BinaryExpr(BinaryOp Op, ParamExpr Left, ParamExpr Right) : ParamExpr
{
    /// <summary>Applies <paramref name="op"/> to two numbers.</summary>
    public static double Apply(BinaryOp op, double a, double b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Subtract => a - b,
        BinaryOp.Multiply => a * b,
        BinaryOp.Divide => a / b,
        BinaryOp.Power => Math.Pow(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <inheritdoc />
    public override double Evaluate(IParameterSource? values) => Apply(Op, Left.Evaluate(values), Right.Evaluate(values));

    /// <inheritdoc />
    public override ParamExpr Derivative(Symbol symbol)
    {
        ParamExpr da = Left.Derivative(symbol), db = Right.Derivative(symbol);
        return Op switch
        {
            BinaryOp.Add => da + db,
            BinaryOp.Subtract => da - db,
            BinaryOp.Multiply => (da * Right) + (Left * db),
            BinaryOp.Divide => ((da * Right) - (Left * db)) / (Right * Right),
            // d(a^b) = a^b (b' ln a + b a'/a)
            BinaryOp.Power => this * ((db * new FunctionExpr(MathFunction.Ln, Left)) + (Right * da / Left)),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <inheritdoc />
    public override void CollectSymbols(ICollection<Symbol> into)
    {
        Left.CollectSymbols(into);
        Right.CollectSymbols(into);
    }

    /// <inheritdoc />
    public override string ToText()
    {
        string op = Op switch
        {
            BinaryOp.Add => "+",
            BinaryOp.Subtract => "-",
            BinaryOp.Multiply => "*",
            BinaryOp.Divide => "/",
            _ => "^",
        };
        string l = Wrap(Left, Op, right: false), r = Wrap(Right, Op, right: true);
        return Op is BinaryOp.Add or BinaryOp.Subtract ? $"{l} {op} {r}" : $"{l}{op}{r}";
    }

    private static int Precedence(ParamExpr e) => e switch
    {
        BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } => 1,
        BinaryExpr { Op: BinaryOp.Multiply or BinaryOp.Divide } => 2,
        NegateExpr => 3,
        BinaryExpr { Op: BinaryOp.Power } => 4,
        ConstantExpr c when c.Number < 0 || c.ToText().Contains('/', StringComparison.Ordinal) || c.ToText().Contains('*', StringComparison.Ordinal) => 2,
        _ => 5,
    };

    private static string Wrap(ParamExpr e, BinaryOp parent, bool right)
    {
        int pp = parent switch
        {
            BinaryOp.Add or BinaryOp.Subtract => 1,
            BinaryOp.Multiply or BinaryOp.Divide => 2,
            _ => 4,
        };
        int pe = Precedence(e);
        bool paren = pe < pp || (right && pe == pp && parent is BinaryOp.Subtract or BinaryOp.Divide or BinaryOp.Power)
            || (parent == BinaryOp.Power && !right && pe <= pp);
        return paren ? $"({e.ToText()})" : e.ToText();
    }
}

/// <summary>Unary minus.</summary>
public sealed record NegateExpr(ParamExpr Operand) : ParamExpr
{
    /// <inheritdoc />
    public override double Evaluate(IParameterSource? values) => -Operand.Evaluate(values);

    /// <inheritdoc />
    public override ParamExpr Derivative(Symbol symbol) => -Operand.Derivative(symbol);

    /// <inheritdoc />
    public override void CollectSymbols(ICollection<Symbol> into) => Operand.CollectSymbols(into);

    /// <inheritdoc />
    public override string ToText() => Operand is SymbolExpr or FunctionExpr ? $"-{Operand.ToText()}" : $"-({Operand.ToText()})";
}

/// <summary>The elementary functions allowed in OpenQASM 2 parameter expressions.</summary>
public enum MathFunction
{
    /// <summary>sin</summary>
    Sin,

    /// <summary>cos</summary>
    Cos,

    /// <summary>tan</summary>
    Tan,

    /// <summary>exp</summary>
    Exp,

    /// <summary>natural logarithm</summary>
    Ln,

    /// <summary>square root</summary>
    Sqrt,
}

/// <summary>An elementary function applied to an expression.</summary>
public sealed record FunctionExpr(MathFunction Function, ParamExpr Argument) : ParamExpr
{
    /// <summary>Looks up a function by its OpenQASM name.</summary>
    public static bool TryParseName(string name, out MathFunction f)
    {
        (bool ok, f) = name switch
        {
            "sin" => (true, MathFunction.Sin),
            "cos" => (true, MathFunction.Cos),
            "tan" => (true, MathFunction.Tan),
            "exp" => (true, MathFunction.Exp),
            "ln" => (true, MathFunction.Ln),
            "sqrt" => (true, MathFunction.Sqrt),
            _ => (false, MathFunction.Sin),
        };
        return ok;
    }

    /// <summary>Applies a function to a number.</summary>
    public static double Apply(MathFunction f, double a) => f switch
    {
        MathFunction.Sin => Math.Sin(a),
        MathFunction.Cos => Math.Cos(a),
        MathFunction.Tan => Math.Tan(a),
        MathFunction.Exp => Math.Exp(a),
        MathFunction.Ln => Math.Log(a),
        MathFunction.Sqrt => Math.Sqrt(a),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    /// <inheritdoc />
    public override double Evaluate(IParameterSource? values) => Apply(Function, Argument.Evaluate(values));

    /// <inheritdoc />
    public override ParamExpr Derivative(Symbol symbol)
    {
        ParamExpr du = Argument.Derivative(symbol);
        if (du is ConstantExpr { Number: 0 })
        {
            return 0.0;
        }

        ParamExpr outer = Function switch
        {
            MathFunction.Sin => new FunctionExpr(MathFunction.Cos, Argument),
            MathFunction.Cos => -new FunctionExpr(MathFunction.Sin, Argument),
            MathFunction.Tan => 1.0 / (new FunctionExpr(MathFunction.Cos, Argument) * new FunctionExpr(MathFunction.Cos, Argument)),
            MathFunction.Exp => this,
            MathFunction.Ln => 1.0 / Argument,
            MathFunction.Sqrt => 0.5 / this,
            _ => throw new InvalidOperationException(),
        };
        return outer * du;
    }

    /// <inheritdoc />
    public override void CollectSymbols(ICollection<Symbol> into) => Argument.CollectSymbols(into);

    /// <inheritdoc />
    public override string ToText() => $"{Function.ToString().ToLowerInvariant()}({Argument.ToText()})";
}

/// <summary>Binds symbols to values by name.</summary>
public sealed class ParameterValues : IParameterSource
{
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    /// <summary>An empty binding.</summary>
    public ParameterValues()
    {
    }

    /// <summary>A binding from name/value pairs.</summary>
    public ParameterValues(IEnumerable<KeyValuePair<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (k, v) in values)
        {
            _values[k] = v;
        }
    }

    /// <summary>Sets or reads a value by symbol name.</summary>
    public double this[string name]
    {
        get => _values[name];
        set => _values[name] = value;
    }

    /// <summary>Number of bound names.</summary>
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool TryGetValue(Symbol symbol, out double value)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return _values.TryGetValue(symbol.Name, out value);
    }
}

/// <summary>Recursive-descent parser for <see cref="ParamExpr.Parse"/>.</summary>
internal sealed class ExpressionParser(string text, Func<string, ParamExpr?>? resolve)
{
    private int _pos;

    public ParamExpr ParseAll()
    {
        var e = ParseSum();
        SkipSpace();
        if (_pos < text.Length)
        {
            throw Error($"unexpected '{text[_pos]}'");
        }

        return e;
    }

    private FormatException Error(string what) => new($"column {_pos + 1}: {what} in expression '{text}'");

    private void SkipSpace()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
        {
            _pos++;
        }
    }

    private bool Eat(char c)
    {
        SkipSpace();
        if (_pos < text.Length && text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private ParamExpr ParseSum()
    {
        var e = ParseProduct();
        while (true)
        {
            if (Eat('+'))
            {
                e = ParamExpr.Simplify(BinaryOp.Add, e, ParseProduct());
            }
            else if (Eat('-'))
            {
                e = ParamExpr.Simplify(BinaryOp.Subtract, e, ParseProduct());
            }
            else
            {
                return e;
            }
        }
    }

    private ParamExpr ParseProduct()
    {
        var e = ParseUnary();
        while (true)
        {
            if (Eat('*'))
            {
                e = ParamExpr.Simplify(BinaryOp.Multiply, e, ParseUnary());
            }
            else if (Eat('/'))
            {
                e = ParamExpr.Simplify(BinaryOp.Divide, e, ParseUnary());
            }
            else
            {
                return e;
            }
        }
    }

    private ParamExpr ParseUnary()
    {
        if (Eat('-'))
        {
            return -ParseUnary();
        }

        if (Eat('+'))
        {
            return ParseUnary();
        }

        var b = ParseAtom();
        return Eat('^') ? ParamExpr.Simplify(BinaryOp.Power, b, ParseUnary()) : b;
    }

    private ParamExpr ParseAtom()
    {
        SkipSpace();
        if (_pos >= text.Length)
        {
            throw Error("unexpected end");
        }

        char c = text[_pos];
        if (c == '(')
        {
            _pos++;
            var e = ParseSum();
            if (!Eat(')'))
            {
                throw Error("expected ')'");
            }

            return e;
        }

        if (char.IsDigit(c) || c == '.')
        {
            int start = _pos;
            while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.'))
            {
                _pos++;
            }

            if (_pos < text.Length && (text[_pos] == 'e' || text[_pos] == 'E'))
            {
                int save = _pos;
                _pos++;
                if (_pos < text.Length && (text[_pos] == '+' || text[_pos] == '-'))
                {
                    _pos++;
                }

                if (_pos < text.Length && char.IsDigit(text[_pos]))
                {
                    while (_pos < text.Length && char.IsDigit(text[_pos]))
                    {
                        _pos++;
                    }
                }
                else
                {
                    _pos = save;
                }
            }

            string num = text[start.._pos];
            if (!double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                _pos = start;
                throw Error($"bad number '{num}'");
            }

            return v;
        }

        if (char.IsLetter(c) || c == '_')
        {
            int start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            string id = text[start.._pos];
            if (FunctionExpr.TryParseName(id, out var f))
            {
                if (!Eat('('))
                {
                    throw Error($"expected '(' after {id}");
                }

                var arg = ParseSum();
                if (!Eat(')'))
                {
                    throw Error("expected ')'");
                }

                return arg is ConstantExpr k ? FunctionExpr.Apply(f, k.Number) : new FunctionExpr(f, arg);
            }

            if (id == "pi")
            {
                return ParamExpr.Pi;
            }

            var resolved = resolve?.Invoke(id);
            if (resolved is not null)
            {
                return resolved;
            }

            bool isInput = id.Length > 1 && id[0] == 'x' && id.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
            return isInput ? ParamExpr.Input(id) : ParamExpr.Trainable(id);
        }

        throw Error($"unexpected '{c}'");
    }
}
