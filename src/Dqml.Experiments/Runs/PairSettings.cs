using Dqml.Analysis.Entanglement;
using Dqml.Experiments.Specs;

namespace Dqml.Experiments.Runs;

/// <summary>
/// Reads the shared pair of a <c>chsh</c> or <c>entanglement</c> run from its section's fields <c>pair</c>,
/// <c>visibility</c>, <c>pairAngle</c> and <c>concurrence</c>.
/// </summary>
/// <remarks>
/// <para><c>pair</c> defaults to <c>pure</c> when <c>pairAngle</c> is given and to <c>werner</c> otherwise.
/// A Werner pair takes <c>visibility</c> V or <c>concurrence</c> C (V = (2C + 1)/3), default V = 1 (a Bell
/// pair); a pure pair cos t|00&gt; + sin t|11&gt; takes <c>pairAngle</c> t or <c>concurrence</c> C (t = asin(C)/2);
/// a product pair takes neither. Any other combination is an error naming the field and the line it was
/// written on.</para>
/// </remarks>
public static class PairSettings
{
    /// <summary>The pair the settings of section <paramref name="section"/> describe.</summary>
    /// <exception cref="ExperimentInputException">A field that does not apply to the pair kind, two fields that set the same thing, or a pure pair without angle or concurrence.</exception>
    public static PairResource Resolve(IReadOnlyDictionary<string, SpecValue> settings, string section)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(section);
        settings.TryGetValue($"{section}.pair", out var kindValue);
        settings.TryGetValue($"{section}.visibility", out var visibility);
        settings.TryGetValue($"{section}.pairAngle", out var angle);
        settings.TryGetValue($"{section}.concurrence", out var concurrence);
        string kind = kindValue is null ? (angle is null ? "werner" : "pure") : ((string)kindValue.Value).Trim().ToLowerInvariant();
        switch (kind)
        {
            case "product":
                NotFor(visibility, "visibility", kind, section);
                NotFor(angle, "pairAngle", kind, section);
                NotFor(concurrence, "concurrence", kind, section);
                return PairResource.Product;
            case "pure":
                NotFor(visibility, "visibility", kind, section);
                Exclusive(angle, concurrence, "pairAngle", section);
                if (angle is not null)
                {
                    return PairResource.PureEntangled((double)angle.Value);
                }

                return concurrence is not null
                    ? PairResource.PureWithConcurrence((double)concurrence.Value)
                    : throw new ExperimentInputException($"pair pure needs {section}.pairAngle or {section}.concurrence");
            default:
                NotFor(angle, "pairAngle", kind, section);
                Exclusive(visibility, concurrence, "visibility", section);
                if (concurrence is not null)
                {
                    return PairResource.WernerWithConcurrence((double)concurrence.Value);
                }

                return visibility is null ? PairResource.Bell : PairResource.Werner((double)visibility.Value);
        }
    }

    private static void NotFor(SpecValue? value, string field, string kind, string section)
    {
        if (value is not null)
        {
            throw new ExperimentInputException($"{section}.{field} at {value.Where()} does not apply to pair {kind}");
        }
    }

    private static void Exclusive(SpecValue? first, SpecValue? concurrence, string field, string section)
    {
        if (first is not null && concurrence is not null)
        {
            throw new ExperimentInputException(
                $"{section}.{field} at {first.Where()} and {section}.concurrence at {concurrence.Where()} both set the pair: give one");
        }
    }
}
