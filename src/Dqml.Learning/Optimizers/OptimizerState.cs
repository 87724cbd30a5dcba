namespace Dqml.Learning.Optimizers;

/// <summary>
/// The mutable state of an optimizer (moments, velocity, counters), as plain data a checkpoint can store.
/// Importing an exported state into an optimizer built with the same settings makes its next steps
/// bit-identical to those of the original.
/// </summary>
/// <param name="Optimizer">The optimizer's <c>Name</c> ("adam", "sgd", "spsa").</param>
/// <param name="Iteration">Steps taken.</param>
/// <param name="Vectors">Per-parameter arrays by name (Adam: <c>m</c>, <c>v</c>; SGD: <c>velocity</c>); absent before the first step.</param>
/// <param name="Counters">Integer counters by name (SPSA: <c>draws</c>, the 64-bit random numbers consumed).</param>
public sealed record OptimizerState(
    string Optimizer,
    int Iteration,
    IReadOnlyDictionary<string, double[]> Vectors,
    IReadOnlyDictionary<string, long> Counters)
{
    /// <summary>The vector named <paramref name="name"/>, or null.</summary>
    public double[]? Vector(string name) => Vectors is not null && Vectors.TryGetValue(name, out var v) ? v : null;

    /// <summary>The counter named <paramref name="name"/>, or 0.</summary>
    public long Counter(string name) => Counters is not null && Counters.TryGetValue(name, out long c) ? c : 0;
}

/// <summary>An optimizer whose state can be saved and restored (for checkpoints and resumed training).</summary>
public interface IStatefulOptimizer
{
    /// <summary>A deep copy of the current state.</summary>
    OptimizerState ExportState();

    /// <summary>Replaces the current state by a copy of <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The state belongs to another optimizer or is inconsistent.</exception>
    void ImportState(OptimizerState state);
}

/// <summary>Checks shared by the <see cref="IStatefulOptimizer.ImportState"/> implementations.</summary>
internal static class OptimizerStateChecks
{
    public static void Check(OptimizerState state, string name)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Optimizer != name)
        {
            throw new ArgumentException($"the state belongs to optimizer '{state.Optimizer}', not '{name}'", nameof(state));
        }

        if (state.Iteration < 0)
        {
            throw new ArgumentException($"the state's iteration is negative ({state.Iteration})", nameof(state));
        }
    }

    public static double[]? FiniteCopy(OptimizerState state, string vector)
    {
        var values = state.Vector(vector);
        if (values is null)
        {
            return null;
        }

        foreach (double x in values)
        {
            if (!double.IsFinite(x))
            {
                throw new ArgumentException($"the state's vector '{vector}' holds a non-finite value", nameof(state));
            }
        }

        return (double[])values.Clone();
    }

    public static Dictionary<string, double[]> Vectors(params (string Name, double[]? Values)[] vectors)
    {
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, values) in vectors)
        {
            if (values is not null)
            {
                result[name] = (double[])values.Clone();
            }
        }

        return result;
    }
}
