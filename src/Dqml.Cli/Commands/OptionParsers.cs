using System.CommandLine.Parsing;
using System.Globalization;

namespace Dqml.Cli.Commands;

/// <summary>Custom value parsers whose error messages name the option and the expected value in plain words.</summary>
internal static class OptionParsers
{
    /// <summary>Parses an integer option value; a malformed value is a usage error naming the option.</summary>
    public static int? Int(ArgumentResult result, string option) => Parse<int>(result, option, "an integer");

    /// <summary>Parses a non-negative 64-bit integer (a seed).</summary>
    public static ulong? UInt64(ArgumentResult result, string option) => Parse<ulong>(result, option, "a non-negative integer");

    /// <summary>Parses a finite number.</summary>
    public static double? Double(ArgumentResult result, string option)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{option} expects a number, got '{text}'");
        return null;
    }

    /// <summary>Parses a time in seconds, or with a unit (<c>100us</c>, <c>224ns</c>, <c>2ms</c>); must be finite.</summary>
    public static double? Time(ArgumentResult result, string option)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        try
        {
            double value = Dqml.Circuits.Noise.NoiseSpec.ParseNumber(text, option);
            if (double.IsFinite(value))
            {
                return value;
            }
        }
        catch (FormatException)
        {
        }

        result.AddError($"{option} expects a time such as 100us, 0.0001 or 224ns, got '{text}'");
        return null;
    }

    /// <summary>Parses a comma-separated list of integers, e.g. <c>1,3,9</c>.</summary>
    public static int[]? IntList(ArgumentResult result, string option) =>
        List(result, option, "a comma-separated list of integers such as 1,3,9", s => (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v), v));

    /// <summary>Parses a comma-separated list of finite numbers, e.g. <c>1000,1e4,1e5</c>.</summary>
    public static double[]? DoubleList(ArgumentResult result, string option) =>
        List(result, option, "a comma-separated list of numbers such as 1000,1e4", s =>
            (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v), v));

    /// <summary>Parses a comma-separated list of non-empty words, e.g. <c>nc,cc,qc</c>.</summary>
    public static string[]? WordList(ArgumentResult result, string option) =>
        List(result, option, "a comma-separated list such as nc,cc,qc", s => (s.Length > 0, s));

    /// <summary>
    /// Parses <c>LOW,HIGH</c>, each an angle as <see cref="TryParseAngle"/> reads it (a number or a multiple of pi:
    /// <c>-pi,pi</c>, <c>0,2pi</c>, <c>-pi/2,0.5</c>). Only the syntax is checked here; the caller checks LOW &lt; HIGH.
    /// </summary>
    public static (double Low, double High)? Range(ArgumentResult result, string option)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && TryParseAngle(parts[0], out double low) && TryParseAngle(parts[1], out double high))
        {
            return (low, high);
        }

        result.AddError($"{option} expects LOW,HIGH with numbers or multiples of pi such as -pi,pi or 0,1, got '{text}'");
        return null;
    }

    /// <summary>
    /// Reads a finite number or a multiple of pi: <c>1.5</c>, <c>pi</c>, <c>-pi</c>, <c>2pi</c>, <c>2*pi</c>,
    /// <c>pi/2</c>, <c>-3pi/4</c> (any case).
    /// </summary>
    public static bool TryParseAngle(string text, out double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim().ToLowerInvariant();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return double.IsFinite(value);
        }

        value = 0;
        int at = s.IndexOf("pi", StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        // [sign][factor][*]pi[/divisor]
        string head = s[..at].TrimEnd('*').Trim();
        string tail = s[(at + 2)..].Trim();
        double factor = head switch
        {
            "" or "+" => 1,
            "-" => -1,
            _ => double.TryParse(head, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) ? f : double.NaN,
        };
        double divisor = 1;
        if (tail.Length > 0 && !(tail[0] == '/' && double.TryParse(tail[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out divisor) && divisor != 0))
        {
            return false;
        }

        value = factor * Math.PI / divisor;
        return double.IsFinite(value);
    }

    private static T[]? List<T>(ArgumentResult result, string option, string expected, Func<string, (bool Ok, T Value)> parseItem)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        var values = new List<T>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var (ok, item) = parseItem(part);
            if (!ok)
            {
                result.AddError($"{option} expects {expected}, got '{text}'");
                return null;
            }

            values.Add(item);
        }

        return [.. values];
    }

    private static T? Parse<T>(ArgumentResult result, string option, string expected)
        where T : struct, IParsable<T>
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        if (T.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError($"{option} expects {expected}, got '{text}'");
        return null;
    }
}
