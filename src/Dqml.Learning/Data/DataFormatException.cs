namespace Dqml.Learning.Data;

/// <summary>
/// A data file could not be read. The message starts with the location, <c>file:line:column: …</c> for text files
/// (1-based) and <c>file: …</c> for binary ones, like the OpenQASM parser's errors.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates an exception with a message only.</summary>
    public DataFormatException()
        : base("The data file is malformed.")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping <paramref name="innerException"/>.</summary>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for <paramref name="file"/>, optionally at a 1-based line and column.</summary>
    public DataFormatException(string file, int? line, int? column, string detail)
        : base(Format(file, line, column, detail))
    {
        File = file;
        Line = line;
        Column = column;
        Detail = detail;
    }

    /// <summary>The file (or source name) that failed to load.</summary>
    public string? File { get; }

    /// <summary>1-based line of a text file, if known.</summary>
    public int? Line { get; }

    /// <summary>1-based column (field number for CSV), if known.</summary>
    public int? Column { get; }

    /// <summary>The message without the location.</summary>
    public string? Detail { get; }

    private static string Format(string file, int? line, int? column, string detail) =>
        (line, column) switch
        {
            (int l, int c) => $"{file}:{l}:{c}: {detail}",
            (int l, null) => $"{file}:{l}: {detail}",
            _ => $"{file}: {detail}",
        };
}
