namespace Dqml.Learning.Data;

/// <summary>Checks that a data set can be trained on, with errors that name the data set.</summary>
public static class DataChecks
{
    /// <summary>Throws unless <paramref name="dataset"/> has at least two classes (training needs two).</summary>
    /// <exception cref="InvalidOperationException">The data set is empty or has one class only.</exception>
    public static void RequireTwoClasses(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var classes = dataset.Classes();
        if (classes.Length == 0)
        {
            throw new InvalidOperationException($"Data set '{dataset.Name}' is empty; training needs two classes.");
        }

        if (classes.Length == 1)
        {
            throw new InvalidOperationException(
                $"Data set '{dataset.Name}' has one class only (label {classes[0]}, {dataset.Count} rows); training needs two classes.");
        }
    }

    /// <summary>Throws unless <paramref name="dataset"/> has exactly two classes; returns them, smaller first.</summary>
    /// <exception cref="InvalidOperationException">The data set has fewer or more than two classes.</exception>
    public static (int Negative, int Positive) RequireBinary(Dataset dataset)
    {
        RequireTwoClasses(dataset);
        var classes = dataset.Classes();
        if (classes.Length > 2)
        {
            throw new InvalidOperationException(
                $"Data set '{dataset.Name}' has {classes.Length} classes ({string.Join(", ", classes)}); a binary classifier needs exactly two. " +
                "Select two with Dataset.WhereClass.");
        }

        return (classes[0], classes[1]);
    }
}
