using System.Collections.Immutable;

namespace Dqml.Distributed;

/// <summary>
/// What a run of a distributed circuit costs: communication resources, sampling overhead and time.
/// </summary>
/// <param name="Ebits">Bell pairs consumed.</param>
/// <param name="ClassicalBits">Classical bits sent between processors (one per measured bit per receiving processor).</param>
/// <param name="QubitsTeleported">Qubits moved by teleportation.</param>
/// <param name="Rounds">Causal depth of communication: the longest chain of messages each sent after receiving the previous.</param>
/// <param name="Gamma">Sampling overhead factor of quasi-probability decompositions (1 when none); shots scale with gamma^2.</param>
/// <param name="MakespanSeconds">Time from the first operation to the last, with gate durations and link latencies.</param>
/// <param name="IdleSeconds">Total time qubits spend waiting (summed over qubits).</param>
/// <param name="CommunicationQubits">Qubits reserved for communication on all processors.</param>
/// <param name="Notes">Choices the lowering made (e.g. a gate realised by teledata because telegate cannot realise it).</param>
public sealed record Ledger(
    int Ebits,
    int ClassicalBits,
    int QubitsTeleported,
    int Rounds,
    double Gamma,
    double MakespanSeconds,
    double IdleSeconds,
    int CommunicationQubits,
    ImmutableArray<string> Notes)
{
    /// <summary>Shot multiplier gamma^2.</summary>
    public double SamplingOverhead => Gamma * Gamma;
}

/// <summary>When one instruction of the lowered circuit runs.</summary>
public sealed record ScheduledOperation(int Index, double StartSeconds, double EndSeconds, int Processor);
