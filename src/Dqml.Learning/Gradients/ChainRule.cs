using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Gradients;

/// <summary>One gate parameter that depends on differentiated symbols, with d(expr)/d(symbol) at the current point.</summary>
/// <param name="Instruction">Index of the instruction (a gate, or a conditioned gate) in the circuit.</param>
/// <param name="Gate">The gate operation (the body when conditioned).</param>
/// <param name="ParameterIndex">Which of the gate's parameters.</param>
/// <param name="Chain">(index into the differentiated symbols, d(expr)/d(symbol)) for each symbol with a non-zero derivative.</param>
internal sealed record ParameterUse(int Instruction, GateOperation Gate, int ParameterIndex, (int Symbol, double Coefficient)[] Chain);

/// <summary>Finds the gate parameters that depend on the differentiated symbols and their chain-rule factors.</summary>
internal static class ChainRule
{
    /// <summary>Index of each symbol; rejects duplicates and unbound symbols.</summary>
    public static Dictionary<Symbol, int> IndexSymbols(IReadOnlyList<Symbol> parameters, IParameterSource values)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        var index = new Dictionary<Symbol, int>(parameters.Count);
        for (int j = 0; j < parameters.Count; j++)
        {
            var s = parameters[j] ?? throw new ArgumentException($"parameter {j} is null", nameof(parameters));
            if (!index.TryAdd(s, j))
            {
                throw new ArgumentException($"parameter '{s.Name}' is listed twice", nameof(parameters));
            }

            if (!values.TryGetValue(s, out _))
            {
                throw new ArgumentException($"parameter '{s.Name}' ({s.Kind}) has no value", nameof(values));
            }
        }

        return index;
    }

    /// <summary>The gate inside an instruction (a gate or a conditioned gate), or null.</summary>
    public static GateOperation? GateOf(Instruction instruction) => instruction switch
    {
        GateOperation g => g,
        Conditioned { Body: GateOperation g } => g,
        _ => null,
    };

    /// <summary>Every gate parameter with a non-zero derivative with respect to some differentiated symbol, in circuit order.</summary>
    public static List<ParameterUse> Analyse(Circuit circuit, Dictionary<Symbol, int> index, IParameterSource values)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var uses = new List<ParameterUse>();
        var chain = new List<(int, double)>();
        var symbols = new List<Symbol>();
        for (int i = 0; i < circuit.Instructions.Length; i++)
        {
            var g = GateOf(circuit.Instructions[i]);
            if (g is null)
            {
                continue;
            }

            for (int k = 0; k < g.Gate.Parameters.Length; k++)
            {
                var expr = g.Gate.Parameters[k];
                if (expr is SymbolExpr plain)
                {
                    // The common case: a bare symbol, derivative 1.
                    if (index.TryGetValue(plain.Symbol, out int only))
                    {
                        uses.Add(new ParameterUse(i, g, k, [(only, 1.0)]));
                    }

                    continue;
                }

                symbols.Clear();
                expr.CollectSymbols(symbols);
                chain.Clear();
                foreach (var s in symbols)
                {
                    if (!index.TryGetValue(s, out int j))
                    {
                        continue;
                    }

                    double d = Derivative(expr, s, values, i, g);
                    if (d != 0)
                    {
                        chain.Add((j, d));
                    }
                }

                if (chain.Count > 0)
                {
                    uses.Add(new ParameterUse(i, g, k, [.. chain]));
                }
            }
        }

        return uses;
    }

    /// <summary>Evaluates every gate parameter of <paramref name="g"/>, naming the instruction when a symbol is unbound.</summary>
    public static double[] Bind(GateOperation g, IParameterSource values, int instruction)
    {
        try
        {
            return g.Gate.BindParameters(values);
        }
        catch (UnboundParameterException e)
        {
            throw new InvalidOperationException($"instruction {instruction} ({g}): {e.Message}", e);
        }
    }

    /// <summary>
    /// A copy of the circuit with every symbol replaced by its value.
    /// </summary>
    /// <exception cref="InvalidOperationException">Some symbol has no value.</exception>
    public static Circuit BindAll(Circuit circuit, IParameterSource values)
    {
        var bound = circuit.Bind(values);
        if (!bound.Symbols.IsEmpty)
        {
            throw new InvalidOperationException($"symbol(s) {string.Join(", ", bound.Symbols.Select(s => $"'{s.Name}'"))} have no value: bind every circuit symbol (data inputs included)");
        }

        return bound;
    }

    /// <summary>A copy of bound circuit <paramref name="bound"/> with one gate parameter set to a number.</summary>
    public static Circuit WithParameter(Circuit bound, int instruction, int parameterIndex, double value)
    {
        var instr = bound.Instructions[instruction];
        var g = GateOf(instr) ?? throw new InvalidOperationException($"instruction {instruction} is not a gate");
        var ng = g with { Gate = g.Gate with { Parameters = g.Gate.Parameters.SetItem(parameterIndex, ParamExpr.Constant(value)) } };
        Instruction replacement = instr is Conditioned c ? c with { Body = ng } : ng;
        return bound.WithInstructions(bound.Instructions.SetItem(instruction, replacement));
    }

    private static double Derivative(ParamExpr expr, Symbol s, IParameterSource values, int instruction, GateOperation g)
    {
        try
        {
            return expr.Derivative(s).Evaluate(values);
        }
        catch (UnboundParameterException e)
        {
            throw new InvalidOperationException($"instruction {instruction} ({g}): {e.Message}", e);
        }
    }
}
