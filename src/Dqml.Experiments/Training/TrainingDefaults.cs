namespace Dqml.Experiments.Training;

/// <summary>Training settings used when a command line (<c>dqml train</c>) or an experiment spec does not give them.</summary>
public static class TrainingDefaults
{
    /// <summary>Optimizer steps when neither iterations nor epochs is given.</summary>
    public const int Iterations = 100;

    /// <summary>Rows per step.</summary>
    public const int Batch = 512;

    /// <summary>Learning rate (Hwang et al.: Adam, 0.05).</summary>
    public const double LearningRate = 0.05;

    /// <summary>Seed of training, data and capacity sampling.</summary>
    public const ulong Seed = 1;
}
