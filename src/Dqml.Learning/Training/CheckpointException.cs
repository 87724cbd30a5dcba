namespace Dqml.Learning.Training;

/// <summary>
/// A training checkpoint cannot be used: it is unreadable or corrupt, or it was written by a run with other
/// options, another model or other data. The message names the file and what to do.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CheckpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
