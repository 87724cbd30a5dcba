using Dqml.Circuits.Instructions;
using Dqml.Simulation;

namespace Dqml.Distributed;

/// <summary>
/// The result of a distributed run: exact probabilities over the logical qubits and the ledger. For
/// schemes that lower to one circuit, <see cref="Lowered"/> and <see cref="Physical"/> (the result over all
/// physical qubits, communication qubits included) are set; a knitted run recombines many circuits and
/// has neither.
/// </summary>
public sealed record DistributedResult(Scheme Scheme, Ledger Ledger, double[] LogicalProbabilities, string Backend)
{
    /// <summary>The lowered circuit, when the scheme lowers to one.</summary>
    public LoweredCircuit? Lowered { get; init; }

    /// <summary>The exact result over all physical qubits, when the scheme lowers to one circuit.</summary>
    public IExactResult? Physical { get; init; }
}

/// <summary>Runs lowered circuits exactly, choosing the backend the circuit needs.</summary>
public static class DistributedRunner
{
    /// <summary>
    /// Runs <paramref name="lowered"/> exactly: on the state vector when it has no noise (deferred
    /// measurement and branch enumeration), on the density matrix when it has (link noise, idle relaxation).
    /// </summary>
    public static DistributedResult Run(LoweredCircuit lowered, SimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lowered);
        bool noisy = lowered.Circuit.Instructions.Any(i => (i is Conditioned c ? c.Body : i) is NoiseChannelOperation or ReadoutError);
        ISimulatorBackend backend = noisy ? new DensityMatrixSimulator(options) : new StateVectorSimulator(options);
        var result = backend.Run(lowered.Circuit);
        return new DistributedResult(lowered.Scheme, lowered.Ledger, lowered.LogicalProbabilities(result.Probabilities()), backend.Name)
        {
            Lowered = lowered,
            Physical = result,
        };
    }

    /// <summary>
    /// Lowers and runs in one call; under <see cref="Knitting"/>, knits the circuit and recombines its term
    /// circuits exactly instead (<see cref="KnittingRunner"/>: no lowered circuit, no physical result).
    /// </summary>
    public static DistributedResult Run(DistributedCircuit circuit, Scheme scheme, SimulatorOptions? options = null)
        => scheme is Knitting knitting ? KnittingRunner.Run(circuit, knitting, options) : Run(Lowering.Lower(circuit, scheme), options);
}
