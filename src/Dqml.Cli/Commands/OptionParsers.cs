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
