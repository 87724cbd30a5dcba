using System.Collections.Immutable;
using Dqml.Simulation;

namespace Dqml.Analysis.NonlocalGames;

/// <summary>
/// The CHSH game: questions s, t uniform in {0, 1}; Alice answers a, Bob b, without communicating; they win
/// when a XOR b = s AND t. Classical strategies win at most 3/4; measuring |Phi+&gt; at the optimal angles
/// wins cos^2(pi/8) ~ 0.8536 (Tsirelson's bound); a Werner pair of visibility V wins 1/2 + V / (2 sqrt 2).
/// </summary>
/// <remarks>
/// Every value here is computed, not quoted: the classical value by enumerating the 16 deterministic
/// strategies (<see cref="XorGame.ClassicalValue"/>), the quantum values by simulating the measurements on
/// the shared state (<see cref="XorGame.QuantumWinProbability(DensityMatrix, ReadOnlySpan{double}, ReadOnlySpan{double})"/>).
/// The closed forms (<see cref="TsirelsonValue"/>, <see cref="WernerValueFormula"/>) are there to test against.
/// A distributed classifier whose processors see s and t and output a and b is scored with <see cref="Score"/>.
/// </remarks>
public static class ChshGame
{
    /// <summary>Alice's optimal measurement angles (X-Z plane): 0 (Z) for s = 0, pi/2 (X) for s = 1.</summary>
    public static ImmutableArray<double> OptimalAliceAngles { get; } = [0, Math.PI / 2];

    /// <summary>Bob's optimal measurement angles: pi/4 for t = 0, -pi/4 for t = 1.</summary>
    public static ImmutableArray<double> OptimalBobAngles { get; } = [Math.PI / 4, -Math.PI / 4];

    /// <summary>cos^2(pi/8) = (2 + sqrt 2) / 4 ~ 0.853553: the largest winning probability of any quantum strategy.</summary>
    public static double TsirelsonValue { get; } = (2 + Math.Sqrt(2)) / 4;

    /// <summary>The game as an <see cref="XorGame"/>.</summary>
    public static XorGame Game => XorGame.Chsh;

    /// <summary>The classical value (0.75), by exhaustive enumeration of the 16 deterministic strategies.</summary>
    public static double ClassicalValue() => Game.ClassicalValue().WinProbability;

    /// <summary>The winning probability of the optimal measurements on a simulated |Phi+&gt; (cos^2(pi/8)).</summary>
    public static double QuantumValue()
        => Game.QuantumWinProbability(SharedPairs.PhiPlus(), OptimalAliceAngles.AsSpan(), OptimalBobAngles.AsSpan());

    /// <summary>
    /// The winning probability of the optimal measurements on a simulated Werner pair of visibility V
    /// (density-matrix backend); equals 1/2 + V / (2 sqrt 2), which beats 3/4 iff V &gt; 1/sqrt 2.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">V is outside [-1/3, 1].</exception>
    public static double NoisyValue(double visibility)
        => Game.QuantumWinProbability(SharedPairs.Werner(visibility), OptimalAliceAngles.AsSpan(), OptimalBobAngles.AsSpan());

    /// <summary>The closed form 1/2 + V / (2 sqrt 2) of <see cref="NoisyValue"/> (for tests and reports).</summary>
    public static double WernerValueFormula(double visibility) => 0.5 + (visibility / (2 * Math.Sqrt(2)));

    /// <summary>
    /// Scores a behaviour p(a, b | s, t), for example a distributed classifier viewed as a nonlocal game:
    /// the probability that a XOR b = s AND t with uniform questions.
    /// </summary>
    /// <param name="behaviour">(s, t) -&gt; 4 probabilities indexed by a + 2 b.</param>
    public static double Score(Func<int, int, double[]> behaviour) => Game.WinProbability(behaviour);
}
