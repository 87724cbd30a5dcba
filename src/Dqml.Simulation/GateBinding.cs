using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;

namespace Dqml.Simulation;

/// <summary>Binding a gate operation's parameters inside an executor, with errors that name the instruction.</summary>
internal static class GateBinding
{
    /// <summary>The numeric parameters of instruction <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">A symbol is unbound; the message names the instruction and the parameter.</exception>
    public static double[] BindAt(this GateOperation g, IParameterSource? parameters, int index)
    {
        try
        {
            return g.Gate.BindParameters(parameters);
        }
        catch (UnboundParameterException e)
        {
            throw new InvalidOperationException($"instruction {index} ({g}): {e.Message}", e);
        }
    }
}
