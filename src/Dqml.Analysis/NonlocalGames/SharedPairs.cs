using Dqml.Circuits;
using Dqml.Circuits.Noise;
using Dqml.Simulation;

namespace Dqml.Analysis.NonlocalGames;

/// <summary>
/// Shared two-qubit resource states for nonlocal games (Alice qubit 0, Bob qubit 1), prepared by running the
/// <see cref="ResourceStates"/> preparation circuits on the simulators.
/// </summary>
public static class SharedPairs
{
    /// <summary>|Phi+&gt; = (|00&gt; + |11&gt;) / sqrt 2 (H, CX on the state-vector simulator).</summary>
    public static StateVector PhiPlus()
        => new StateVectorSimulator().RunUnitary(new CircuitBuilder(2).BellPair(0, 1).Build());

    /// <summary>cos t |00&gt; + sin t |11&gt;, concurrence |sin 2t| (RY(2t), CX on the state-vector simulator).</summary>
    public static StateVector PartiallyEntangled(double theta)
        => new StateVectorSimulator().RunUnitary(new CircuitBuilder(2).PartiallyEntangled(0, 1, theta).Build());

    /// <summary>
    /// The Werner state V |Phi+&gt;&lt;Phi+| + (1 - V) I / 4, prepared on the density-matrix backend
    /// (Bell pair, then the depolarizing channel of <see cref="ResourceStates.Werner"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">V is outside [-1/3, 1].</exception>
    public static DensityMatrix Werner(double visibility)
    {
        if (!(visibility >= ResourceStates.MinVisibility && visibility <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(visibility), $"Werner visibility must be in [-1/3, 1], got {visibility}");
        }

        return new DensityMatrixSimulator().Run(new CircuitBuilder(2).Werner(0, 1, visibility).Build()).State();
    }
}
