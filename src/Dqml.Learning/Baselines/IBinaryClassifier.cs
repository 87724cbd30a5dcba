using Dqml.Learning.Data;

namespace Dqml.Learning.Baselines;

/// <summary>A trained two-class classifier over fixed-length feature vectors.</summary>
public interface IBinaryClassifier
{
    /// <summary>Number of trainable parameters (weights and biases).</summary>
    int ParameterCount { get; }

    /// <summary>Input dimension the classifier was trained on.</summary>
    int InputDimension { get; }

    /// <summary>The label predicted when the decision function is ≤ 0 (the smaller training label).</summary>
    int NegativeClass { get; }

    /// <summary>The label predicted when the decision function is &gt; 0 (the larger training label).</summary>
    int PositiveClass { get; }

    /// <summary>Real-valued score; its sign decides the class.</summary>
    double DecisionFunction(ReadOnlySpan<double> features);

    /// <summary>The predicted label (<see cref="NegativeClass"/> or <see cref="PositiveClass"/>).</summary>
    int Predict(ReadOnlySpan<double> features);

    /// <summary>Fraction of rows of <paramref name="dataset"/> whose label is predicted correctly.</summary>
    double Accuracy(Dataset dataset);
}

/// <summary>Helpers shared by the baseline classifiers.</summary>
public static class Classifiers
{
    /// <summary>Fraction of rows of <paramref name="dataset"/> that <paramref name="classifier"/> labels correctly.</summary>
    /// <exception cref="ArgumentException">The data set is empty or has the wrong dimension.</exception>
    public static double Accuracy(IBinaryClassifier classifier, Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(dataset);
        CheckInput(classifier.InputDimension, dataset);
        if (dataset.Count == 0)
        {
            throw new ArgumentException($"Data set '{dataset.Name}' is empty; accuracy is undefined.", nameof(dataset));
        }

        int correct = 0;
        for (int i = 0; i < dataset.Count; i++)
        {
            if (classifier.Predict(dataset.Row(i)) == dataset.Label(i))
            {
                correct++;
            }
        }

        return (double)correct / dataset.Count;
    }

    internal static void CheckInput(int dimension, Dataset dataset)
    {
        if (dataset.Dimension != dimension)
        {
            throw new ArgumentException(
                $"The classifier takes {dimension} features; data set '{dataset.Name}' has {dataset.Dimension}.", nameof(dataset));
        }
    }

    internal static void CheckInput(int dimension, ReadOnlySpan<double> features)
    {
        if (features.Length != dimension)
        {
            throw new ArgumentException($"The classifier takes {dimension} features, got {features.Length}.", nameof(features));
        }
    }

    /// <summary>±1 targets: +1 for <paramref name="positive"/>, −1 otherwise.</summary>
    internal static double[] SignedTargets(Dataset dataset, int positive)
    {
        var t = new double[dataset.Count];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = dataset.Label(i) == positive ? 1 : -1;
        }

        return t;
    }
}
