using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Dqml.Cli.Output;

/// <summary>Small formatting helpers shared by the commands: bit strings, numbers, JSON, tables.</summary>
public static class CliText
{
    /// <summary>Line width assumed when output is not a terminal.</summary>
    public const int RedirectedWidth = 200;

    /// <summary>Collapses line breaks and tabs so a message fits on one line.</summary>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sb = new StringBuilder(message.Length);
        bool space = false;
        foreach (char c in message.Trim())
        {
            if (c is '\r' or '\n' or '\t')
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }

            space = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>A fixed-point number with <paramref name="digits"/> decimals (invariant culture).</summary>
    public static string Fixed(double value, int digits)
    {
        // Avoid printing "-0.000".
        double rounded = Math.Round(value, digits);
        return (rounded == 0 ? 0.0 : rounded).ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>A complex amplitude as "a+bi" with <paramref name="digits"/> decimals.</summary>
    public static string Complex(System.Numerics.Complex z, int digits)
    {
        string re = Fixed(z.Real, digits);
        double im = Math.Round(z.Imaginary, digits);
        string sign = im < 0 ? "-" : "+";
        return $"{re}{sign}{Fixed(Math.Abs(im), digits)}i";
    }

    /// <summary>Rounds to <paramref name="digits"/> decimals when given, otherwise returns the value unchanged.</summary>
    public static double Round(double value, int? digits) => digits is int d ? Math.Round(value, d) : value;

    /// <summary>Writes one indented JSON object to <paramref name="output"/>, followed by a newline.</summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(body);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        output.Flush();
    }

    /// <summary>A Spectre console that writes to <paramref name="output"/> (colours only on a real terminal).</summary>
    public static IAnsiConsole CreateConsole(TextWriter output)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            // Redirected output has no width; do not wrap lines at Spectre's default of 80 columns.
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
