using System.Globalization;

namespace Dqml.Circuits.Noise;

/// <summary>
/// Preparations of two-qubit (possibly noisy) entangled resource states — pre-shared pairs between
/// processors at circuit start — appended to a <see cref="CircuitBuilder"/>. Each starts from |00&gt; on
/// the two qubits (a, b), which need not be adjacent; the noise is exact channels (use a density-matrix
/// or trajectory backend). |Phi+&gt; = (|00&gt; + |11&gt;)/sqrt 2.
/// </summary>
public static class ResourceStates
{
    /// <summary>Smallest Werner visibility that is a valid state: rho = (I - |Phi+&gt;&lt;Phi+|)/3.</summary>
    public const double MinVisibility = -1.0 / 3;

    /// <summary>The Bell pair |Phi+&gt; on (a, b).</summary>
    /// <remarks>H on a, then CX a -&gt; b: |00&gt; -&gt; (|00&gt; + |11&gt;)/sqrt 2.</remarks>
    /// <exception cref="ArgumentException">a == b.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A qubit is outside the builder.</exception>
    public static CircuitBuilder BellPair(this CircuitBuilder builder, int a, int b)
    {
        CheckPair(builder, a, b);
        return builder.H(a).CX(a, b);
    }

    /// <summary>The Werner state of visibility V on (a, b).</summary>
    /// <remarks>
    /// rho = V |Phi+&gt;&lt;Phi+| + (1 - V) I/4, fidelity with |Phi+&gt; F = (1 + 3V)/4, concurrence
    /// max(0, (3V - 1)/2); entangled iff V &gt; 1/3. Physical for V in [-1/3, 1], all accepted. For V &gt;= 0:
    /// Bell pair, then two-qubit <see cref="Depolarizing"/> with p = (1 - V) 15/16 on (a, b) (its
    /// lambda = 16p/15 = 1 - V). For V &lt; 0, beyond full depolarization, the same state comes from the
    /// one-qubit Pauli channel X, Y, Z each with probability q = (1 - V)/4 on a (I with 1 - 3q), because
    /// (P (x) I)|Phi+&gt; for P = X, Y, Z are the other three Bell states: rho = (1 - 4q)|Phi+&gt;&lt;Phi+| + q I.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">V is outside [-1/3, 1] or a qubit is outside the builder.</exception>
    public static CircuitBuilder Werner(this CircuitBuilder builder, int a, int b, double visibility)
    {
        CheckVisibility(visibility);
        BellPair(builder, a, b);
        var noise = WernerNoise(a, b, visibility);
        return noise is null ? builder : builder.Append(noise);
    }

    /// <summary>
    /// The noise that turns |Phi+&gt; on (a, b) into the Werner state of visibility V (see
    /// <see cref="Werner"/>), or null for V = 1. Shared by every place that prepares noisy pairs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">V is outside [-1/3, 1].</exception>
    public static Instructions.NoiseChannelOperation? WernerNoise(int a, int b, double visibility)
    {
        CheckVisibility(visibility);
        if (visibility >= 1)
        {
            return null;
        }

        if (visibility >= 0)
        {
            return new Instructions.NoiseChannelOperation(new Depolarizing((1 - visibility) * 15 / 16, 2), [a, b]);
        }

        double q = Math.Min((1 - visibility) / 4, 1.0 / 3);
        return new Instructions.NoiseChannelOperation(new PauliChannel(q, q, q), [a]);
    }

    /// <summary>Fidelity of the Werner state with |Phi+&gt;.</summary>
    /// <remarks>F = &lt;Phi+|rho|Phi+&gt; = (1 + 3V)/4.</remarks>
    public static double WernerFidelity(double visibility)
    {
        CheckVisibility(visibility);
        return (1 + (3 * visibility)) / 4;
    }

    /// <summary>Concurrence of the Werner state.</summary>
    /// <remarks>C = max(0, (3V - 1)/2).</remarks>
    public static double WernerConcurrence(double visibility)
    {
        CheckVisibility(visibility);
        return Math.Max(0, ((3 * visibility) - 1) / 2);
    }

    /// <summary>The Werner visibility with a given fidelity to |Phi+&gt;.</summary>
    /// <remarks>V = (4F - 1)/3; F in [0, 1] maps to V in [-1/3, 1].</remarks>
    /// <exception cref="ArgumentOutOfRangeException">F is outside [0, 1].</exception>
    public static double VisibilityFromFidelity(double fidelity)
    {
        if (!(fidelity >= 0 && fidelity <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fidelity), fidelity, $"fidelity {Format(fidelity)} is outside [0, 1]");
        }

        return ((4 * fidelity) - 1) / 3;
    }

    /// <summary>The partially entangled pure state cos t|00&gt; + sin t|11&gt; on (a, b).</summary>
    /// <remarks>RY(2t) on a (|0&gt; -&gt; cos t|0&gt; + sin t|1&gt;), then CX a -&gt; b. Concurrence |sin 2t|.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">t is not finite or a qubit is outside the builder.</exception>
    public static CircuitBuilder PartiallyEntangled(this CircuitBuilder builder, int a, int b, double theta)
    {
        if (!double.IsFinite(theta))
        {
            throw new ArgumentOutOfRangeException(nameof(theta), theta, $"angle {Format(theta)} is not finite");
        }

        CheckPair(builder, a, b);
        return builder.RY(2 * theta, a).CX(a, b);
    }

    /// <summary>Concurrence of cos t|00&gt; + sin t|11&gt;.</summary>
    /// <remarks>C = 2 |cos t sin t| = |sin 2t|.</remarks>
    public static double PartiallyEntangledConcurrence(double theta) => Math.Abs(Math.Sin(2 * theta));

    /// <summary>A dephased Bell pair: |Phi+&gt;, then Z on a with probability p.</summary>
    /// <remarks>
    /// Bell pair, then <c>new PauliChannel(0, 0, p)</c> on a: rho = (1 - p)|Phi+&gt;&lt;Phi+| + p|Phi-&gt;&lt;Phi-|,
    /// fidelity 1 - p, concurrence |1 - 2p|.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1] or a qubit is outside the builder.</exception>
    public static CircuitBuilder DephasedBell(this CircuitBuilder builder, int a, int b, double probability)
    {
        var channel = new PauliChannel(0, 0, probability);
        return BellPair(builder, a, b).Noise(channel, a);
    }

    /// <summary>A Bell pair with one-qubit depolarizing noise of probability p on each qubit.</summary>
    /// <remarks>
    /// Bell pair, then <c>new Depolarizing(p)</c> on a and on b. Each maps |Phi+&gt;&lt;Phi+| to
    /// (1 - lambda)|Phi+&gt;&lt;Phi+| + lambda I/4 with lambda = 4p/3, so the result is the Werner state of
    /// visibility V = (1 - 4p/3)^2 (see <see cref="DepolarizedBellVisibility"/>). p is at most 3/4.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 3/4] or a qubit is outside the builder.</exception>
    public static CircuitBuilder DepolarizedBell(this CircuitBuilder builder, int a, int b, double probability)
    {
        var channel = new Depolarizing(probability);
        return BellPair(builder, a, b).Noise(channel, a).Noise(channel, b);
    }

    /// <summary>Werner visibility of <see cref="DepolarizedBell"/>.</summary>
    /// <remarks>V = (1 - 4p/3)^2.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 3/4].</exception>
    public static double DepolarizedBellVisibility(double probability)
    {
        if (!(probability >= 0 && probability <= 0.75))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, $"depolarizing probability {Format(probability)} is outside [0, 0.75]");
        }

        double f = 1 - (4 * probability / 3);
        return f * f;
    }

    private static void CheckPair(CircuitBuilder builder, int a, int b)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if ((uint)a >= (uint)builder.NumQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, $"qubit {a} is out of range for {builder.NumQubits} qubits");
        }

        if ((uint)b >= (uint)builder.NumQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, $"qubit {b} is out of range for {builder.NumQubits} qubits");
        }

        if (a == b)
        {
            throw new ArgumentException($"a resource pair needs two different qubits, got {a} twice", nameof(b));
        }
    }

    private static void CheckVisibility(double visibility)
    {
        if (!(visibility >= MinVisibility - 1e-15 && visibility <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(visibility), visibility, $"visibility {Format(visibility)} is outside [-1/3, 1]");
        }
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
