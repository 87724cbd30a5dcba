using System.Collections.Immutable;
using System.Globalization;

namespace Dqml.Circuits.Noise;

/// <summary>
/// Parses noise channels from names and numbers: <c>depolarizing:0.01</c>, <c>depolarizing2:0.02</c>,
/// <c>pauli:0.01,0,0.02</c>, <c>amplitude_damping:0.1</c>, <c>phase_damping:0.1</c>,
/// <c>thermal_relaxation:t1=50us,t2=70us,time=50ns</c>. Times take the units s, ms, us, ns.
/// </summary>
public static class NoiseSpec
{
    /// <summary>Parses one inline channel spec.</summary>
    /// <exception cref="FormatException">The spec does not parse; the message names the offending part.</exception>
    public static NoiseChannel Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string t = spec.Trim();
        int colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new FormatException($"noise channel '{spec}': expected NAME:PARAMETERS, e.g. depolarizing:0.01");
        }

        string name = t[..colon].Trim().ToLowerInvariant();
        string args = t[(colon + 1)..];
        if (name == "thermal_relaxation")
        {
            var kv = ParseKeyValues(args, spec);
            return Wrap(spec, () => new ThermalRelaxation(RequireTime(kv, "t1", spec), RequireTime(kv, "t2", spec), RequireTime(kv, "time", spec)));
        }

        var numbers = args.Split(',', StringSplitOptions.TrimEntries).Select(a => ParseNumber(a, spec)).ToImmutableArray();
        return ParseChannel(name, numbers, spec);
    }

    /// <summary>A channel from its name and numeric parameters (times in seconds).</summary>
    /// <exception cref="FormatException">Unknown name or wrong parameter count/value.</exception>
    public static NoiseChannel ParseChannel(string name, ImmutableArray<double> parameters) => ParseChannel(name, parameters, name);

    private static NoiseChannel ParseChannel(string name, ImmutableArray<double> p, string spec)
    {
        ArgumentNullException.ThrowIfNull(name);
        int expected = name switch
        {
            "depolarizing" or "depolarizing2" or "amplitude_damping" or "phase_damping" => 1,
            "pauli" or "thermal_relaxation" => 3,
            _ => throw new FormatException($"noise channel '{spec}': unknown channel '{name}' (known: depolarizing, depolarizing2, pauli, amplitude_damping, phase_damping, thermal_relaxation)"),
        };
        if (p.Length != expected)
        {
            throw new FormatException($"noise channel '{spec}': '{name}' takes {expected} parameter(s), got {p.Length}");
        }

        return Wrap(spec, () => name switch
        {
            "depolarizing" => new Depolarizing(p[0]),
            "depolarizing2" => new Depolarizing(p[0], 2),
            "amplitude_damping" => new AmplitudeDamping(p[0]),
            "phase_damping" => new PhaseDamping(p[0]),
            "pauli" => new PauliChannel(p[0], p[1], p[2]),
            _ => (NoiseChannel)new ThermalRelaxation(p[0], p[1], p[2]),
        });
    }

    /// <summary>Parses a number, or a time with a unit (s, ms, us, ns) into seconds.</summary>
    public static double ParseNumber(string text, string context)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        // Divide by the unit's inverse so that 50ns is exactly the double 50e-9 (a correctly rounded quotient).
        double divisor = 1;
        foreach (var (suffix, inverse) in new[] { ("ns", 1e9), ("us", 1e6), ("µs", 1e6), ("ms", 1e3), ("s", 1.0) })
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal) && t.Length > suffix.Length && (char.IsDigit(t[^(suffix.Length + 1)]) || t[^(suffix.Length + 1)] == '.'))
            {
                t = t[..^suffix.Length];
                divisor = inverse;
                break;
            }
        }

        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || double.IsNaN(v))
        {
            throw new FormatException($"'{context}': '{text}' is not a number");
        }

        return v / divisor;
    }

    /// <summary>Parses <c>key=value,key=value</c>.</summary>
    public static Dictionary<string, string> ParseKeyValues(string text, string context)
    {
        ArgumentNullException.ThrowIfNull(text);
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"'{context}': expected key=value, got '{part}'");
            }

            string key = part[..eq].Trim();
            if (!d.TryAdd(key, part[(eq + 1)..].Trim()))
            {
                throw new FormatException($"'{context}': '{key}' is given twice");
            }
        }

        return d;
    }

    private static double RequireTime(Dictionary<string, string> kv, string key, string spec)
        => kv.TryGetValue(key, out var v) ? ParseNumber(v, spec) : throw new FormatException($"noise channel '{spec}': missing '{key}='");

    private static NoiseChannel Wrap(string spec, Func<NoiseChannel> make)
    {
        try
        {
            return make();
        }
        catch (ArgumentException e)
        {
            string msg = e is ArgumentOutOfRangeException ae && ae.Message.Contains(" (Parameter", StringComparison.Ordinal)
                ? ae.Message[..ae.Message.IndexOf(" (Parameter", StringComparison.Ordinal)]
                : e.Message;
            throw new FormatException($"noise channel '{spec}': {msg.Split('\n')[0]}", e);
        }
    }
}
