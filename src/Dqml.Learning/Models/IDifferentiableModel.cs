using Dqml.Learning.Data;

namespace Dqml.Learning.Models;

/// <summary>
/// A binary classifier f(x; theta) with a gradient: what the <c>Trainer</c> trains. Labels are ±1; the
/// sign of the decision value f is the predicted class.
/// </summary>
/// <remarks>
/// Implementations must return the same numbers for any <c>threads</c> value (reductions over samples
/// run in a fixed order), and must not keep state between calls: the parameters are passed in.
/// </remarks>
public interface IDifferentiableModel
{
    /// <summary>Short name, e.g. <c>hwang-qcnn/cc/L9</c>.</summary>
    string Name { get; }

    /// <summary>Number of trainable parameters.</summary>
    int ParameterCount { get; }

    /// <summary>Number of input features the model reads.</summary>
    int FeatureCount { get; }

    /// <summary>A name per parameter (in order), for parameter files and reports.</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Initial parameters drawn from <paramref name="seed"/>.</summary>
    double[] InitialParameters(ulong seed);

    /// <summary>Decision values f(x) for every row of <paramref name="data"/>.</summary>
    double[] Predict(ReadOnlySpan<double> parameters, Dataset data, int threads = 1);

    /// <summary>
    /// Mean loss over the rows of <paramref name="batch"/> (labels ±1), its gradient with respect to the
    /// parameters, and the decision values.
    /// </summary>
    BatchEvaluation LossAndGradient(ReadOnlySpan<double> parameters, Dataset batch, Loss loss, int threads = 1);
}

/// <summary>The result of <see cref="IDifferentiableModel.LossAndGradient"/>.</summary>
/// <param name="Loss">Mean loss over the batch.</param>
/// <param name="Gradient">d(mean loss)/d(parameter) per parameter.</param>
/// <param name="Outputs">Decision value f(x) per row.</param>
public sealed record BatchEvaluation(double Loss, double[] Gradient, double[] Outputs);
