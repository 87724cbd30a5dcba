namespace Dqml.Experiments;

/// <summary>
/// Bad input to an experiment (an unknown model or scheme, a missing data file, an option that does not apply):
/// the message is meant for the user, as one line.
/// </summary>
public class ExperimentInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExperimentInputException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public ExperimentInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public ExperimentInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
