namespace Dqml.Experiments.Specs;

/// <summary>
/// An error in an experiment spec file, with where it is: the message reads
/// <c>FILE:LINE:COLUMN: PATH: what is wrong</c>.
/// </summary>
public sealed class SpecException : ExperimentInputException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The spec file (or a label such as <c>&lt;spec&gt;</c>).</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="path">JSON path of the offending field, e.g. <c>$.sweep.depth</c>.</param>
    /// <param name="problem">What is wrong, without the location.</param>
    public SpecException(string file, int line, int column, string path, string problem)
        : base($"{file}:{line}:{column}: {path}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        JsonPath = path;
        Problem = problem;
    }

    /// <summary>The spec file.</summary>
    public string File { get; }

    /// <summary>1-based line of the offending token.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending token.</summary>
    public int Column { get; }

    /// <summary>JSON path of the offending field, e.g. <c>$.model.scheme</c>.</summary>
    public string JsonPath { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
