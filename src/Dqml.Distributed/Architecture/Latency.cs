using System.Collections.Frozen;

namespace Dqml.Distributed;

/// <summary>How the control electronics of the processors are organised.</summary>
public enum ControllerLayout
{
    /// <summary>Each processor has its own controller, messages stay local where possible.</summary>
    Distributed,

    /// <summary>One aggregated controller serves all channels.</summary>
    Aggregated,
}

/// <summary>The kind of classically conditioned operation.</summary>
public enum ConditionalOperation
{
    /// <summary>A conditional pulse (active reset).</summary>
    ConditionalPulse,

    /// <summary>Control flow (repeat-until-success reset).</summary>
    ControlFlow,

    /// <summary>A parametric update (pi-pulse calibration).</summary>
    ParametricUpdate,
}

/// <summary>
/// Latency of a classically conditioned operation on real control hardware (Quantum Machines OPX+ figures
/// quoted in the talk), for 1, 20 or 50 channels, distributed or aggregated control.
/// </summary>
/// <remarks>
/// Table (ns), distributed / aggregated: 1 channel: 224/224, 276/276, 272/272; 20 channels: 238/424,
/// 320/460, 296/472; 50 channels: 238/608, 320/936, 296/720 (conditional pulse, control flow, parametric
/// update).
/// </remarks>
public static class ControllerLatency
{
    private static readonly FrozenDictionary<(int, ControllerLayout, ConditionalOperation), double> Table = new Dictionary<(int, ControllerLayout, ConditionalOperation), double>
    {
        [(1, ControllerLayout.Distributed, ConditionalOperation.ConditionalPulse)] = 224,
        [(1, ControllerLayout.Distributed, ConditionalOperation.ControlFlow)] = 276,
        [(1, ControllerLayout.Distributed, ConditionalOperation.ParametricUpdate)] = 272,
        [(1, ControllerLayout.Aggregated, ConditionalOperation.ConditionalPulse)] = 224,
        [(1, ControllerLayout.Aggregated, ConditionalOperation.ControlFlow)] = 276,
        [(1, ControllerLayout.Aggregated, ConditionalOperation.ParametricUpdate)] = 272,
        [(20, ControllerLayout.Distributed, ConditionalOperation.ConditionalPulse)] = 238,
        [(20, ControllerLayout.Distributed, ConditionalOperation.ControlFlow)] = 320,
        [(20, ControllerLayout.Distributed, ConditionalOperation.ParametricUpdate)] = 296,
        [(20, ControllerLayout.Aggregated, ConditionalOperation.ConditionalPulse)] = 424,
        [(20, ControllerLayout.Aggregated, ConditionalOperation.ControlFlow)] = 460,
        [(20, ControllerLayout.Aggregated, ConditionalOperation.ParametricUpdate)] = 472,
        [(50, ControllerLayout.Distributed, ConditionalOperation.ConditionalPulse)] = 238,
        [(50, ControllerLayout.Distributed, ConditionalOperation.ControlFlow)] = 320,
        [(50, ControllerLayout.Distributed, ConditionalOperation.ParametricUpdate)] = 296,
        [(50, ControllerLayout.Aggregated, ConditionalOperation.ConditionalPulse)] = 608,
        [(50, ControllerLayout.Aggregated, ConditionalOperation.ControlFlow)] = 936,
        [(50, ControllerLayout.Aggregated, ConditionalOperation.ParametricUpdate)] = 720,
    }.ToFrozenDictionary();

    /// <summary>The channel counts in the table.</summary>
    public static IReadOnlyList<int> ChannelCounts { get; } = [1, 20, 50];

    /// <summary>Latency in seconds.</summary>
    /// <exception cref="DistributionException">A channel count not in the table (1, 20, 50).</exception>
    public static double Get(int channels, ControllerLayout layout, ConditionalOperation operation)
        => Table.TryGetValue((channels, layout, operation), out double ns)
            ? ns * 1e-9
            : throw new DistributionException($"no controller latency for {channels} channels (the table has 1, 20 and 50)");

    /// <summary>
    /// Looks a latency up by name: <c>CHANNELS-LAYOUT-OPERATION</c>, e.g. <c>20-aggregated-control-flow</c>,
    /// <c>1-distributed-conditional-pulse</c>, <c>50-distributed-parametric-update</c>.
    /// </summary>
    public static double Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Split('-', 3);
        if (parts.Length == 3 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out int ch)
            && Enum.TryParse<ControllerLayout>(parts[1], ignoreCase: true, out var layout))
        {
            var op = parts[2].Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant() switch
            {
                "conditionalpulse" or "activereset" => (ConditionalOperation?)ConditionalOperation.ConditionalPulse,
                "controlflow" or "rusreset" => ConditionalOperation.ControlFlow,
                "parametricupdate" => ConditionalOperation.ParametricUpdate,
                _ => null,
            };
            if (op is not null)
            {
                return Get(ch, layout, op.Value);
            }
        }

        throw new DistributionException($"controller latency '{name}': expected CHANNELS-LAYOUT-OPERATION such as 20-aggregated-control-flow");
    }
}

/// <summary>Light in optical fibre: about 5 us per km.</summary>
public static class Fibre
{
    /// <summary>Seconds per kilometre (refractive index ~1.47: 4.9 us/km, rounded as the talk does).</summary>
    public const double SecondsPerKm = 5e-6;

    /// <summary>One-way latency over <paramref name="km"/> kilometres.</summary>
    public static double Latency(double km) => km >= 0 ? km * SecondsPerKm : throw new ArgumentOutOfRangeException(nameof(km), km, "distance must be non-negative");
}
