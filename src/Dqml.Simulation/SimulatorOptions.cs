namespace Dqml.Simulation;

/// <summary>Options of <see cref="StateVectorSimulator"/>.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Worker threads for sampled trajectories (results do not depend on it). Default: processor count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Exact mode: most pure-state branches kept at once before giving up with a clear error (use sampled
    /// mode or, once available, the density-matrix backend for such circuits).
    /// </summary>
    public int MaxBranches { get; init; } = 4096;

    /// <summary>Exact mode: measurement outcomes with probability at or below this are dropped.</summary>
    public double BranchCutoff { get; init; } = 1e-15;

    /// <summary>Exact mode: branches whose states have fidelity above 1 - this are merged.</summary>
    public double MergeTolerance { get; init; } = 1e-12;

    /// <summary>Exact mode: apply the deferred-measurement rewrite where it is exact (default on).</summary>
    public bool DeferMeasurements { get; init; } = true;

    /// <summary>
    /// Amplitude precision of the state-vector simulator's unitary path (<see cref="StateVectorSimulator.RunUnitary(Dqml.Circuits.Circuit, Dqml.Circuits.Parameters.IParameterSource?)"/>,
    /// <see cref="BatchSimulator"/>): <see cref="Simulation.Precision.Double"/> (complex128, the default) or
    /// <see cref="Simulation.Precision.Single"/> (complex64: half the memory and bandwidth, about 1e-6 relative error per gate).
    /// </summary>
    public Precision Precision { get; init; } = Precision.Double;

    /// <summary>The defaults.</summary>
    public static SimulatorOptions Default { get; } = new();
}

/// <summary>Amplitude precision of a state vector.</summary>
public enum Precision
{
    /// <summary>complex128 amplitudes (<see cref="StateVector"/>).</summary>
    Double,

    /// <summary>complex64 amplitudes (<see cref="StateVectorSingle"/>).</summary>
    Single,
}

/// <summary>An instruction the chosen backend cannot execute (the message names it and suggests one that can).</summary>
public sealed class UnsupportedInstructionException(string message) : InvalidOperationException(message);
