namespace Dqml.Circuits.OpenQasm;

/// <summary>
/// An OpenQASM 2 source could not be read. The message has the form
/// <c>{File}:{Line}:{Column}: {what was found, what was expected}</c>, pointing at the offending token.
/// </summary>
public sealed class QasmParseException : FormatException
{
    /// <summary>Creates an exception for a position in a file.</summary>
    /// <param name="file">The file name (as given to the parser, or the resolved path of an included file).</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column (characters, a tab counts as one).</param>
    /// <param name="detail">What was found and what was expected.</param>
    public QasmParseException(string file, int line, int column, string detail)
        : this(file, line, column, detail, null)
    {
    }

    /// <summary>Creates an exception for a position in a file, with the underlying cause.</summary>
    /// <param name="file">The file name.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="detail">What was found and what was expected.</param>
    /// <param name="innerException">The underlying error (for example an I/O error), or null.</param>
    public QasmParseException(string file, int line, int column, string detail, Exception? innerException)
        : base($"{file}:{line}:{column}: {detail}", innerException)
    {
        File = file;
        Line = line;
        Column = column;
        Detail = detail;
    }

    /// <summary>Creates an exception with a message only (position unknown: file "&lt;unknown&gt;", line and column 0).</summary>
    public QasmParseException()
        : this("<unknown>", 0, 0, "invalid OpenQASM")
    {
    }

    /// <summary>Creates an exception with a message only (position unknown).</summary>
    /// <param name="message">What went wrong.</param>
    public QasmParseException(string message)
        : this("<unknown>", 0, 0, message)
    {
    }

    /// <summary>Creates an exception with a message and cause (position unknown).</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public QasmParseException(string message, Exception? innerException)
        : this("<unknown>", 0, 0, message, innerException)
    {
    }

    /// <summary>The file the error is in (an included file names itself, not the includer).</summary>
    public string File { get; }

    /// <summary>1-based line of the offending token.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending token.</summary>
    public int Column { get; }

    /// <summary>The message without the <c>file:line:column: </c> prefix.</summary>
    public string Detail { get; }
}
