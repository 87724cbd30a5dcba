using System.Globalization;

namespace Dqml.Learning.Data;

/// <summary>
/// An immutable labelled data set: <see cref="Count"/> feature vectors of length <see cref="Dimension"/>,
/// stored row-major, and one integer label per row (a class index such as an MNIST digit, or ±1).
/// Every transform returns a new data set; the arrays passed in are copied.
/// </summary>
public sealed class Dataset
{
    private readonly double[] _features;
    private readonly int[] _labels;

    /// <summary>A data set from a row-major feature array of <paramref name="count"/> × <paramref name="dimension"/>.</summary>
    /// <exception cref="ArgumentException">Sizes disagree, a feature is not finite, or the name is empty.</exception>
    public Dataset(string name, ReadOnlySpan<double> features, int count, int dimension, ReadOnlySpan<int> labels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        if ((long)count * dimension != features.Length)
        {
            throw new ArgumentException(
                $"Data set '{name}': {features.Length} feature values do not make {count} rows of {dimension}.", nameof(features));
        }

        if (labels.Length != count)
        {
            throw new ArgumentException($"Data set '{name}': {labels.Length} labels for {count} rows.", nameof(labels));
        }

        for (int k = 0; k < features.Length; k++)
        {
            if (!double.IsFinite(features[k]))
            {
                throw new ArgumentException(
                    $"Data set '{name}': feature {k % dimension} of row {k / dimension} is {features[k].ToString(CultureInfo.InvariantCulture)}.",
                    nameof(features));
            }
        }

        Name = name;
        Count = count;
        Dimension = dimension;
        _features = features.ToArray();
        _labels = labels.ToArray();
    }

    /// <summary>A data set from one feature array per row (all of the same length).</summary>
    public Dataset(string name, IReadOnlyList<double[]> rows, IReadOnlyList<int> labels)
        : this(name, Flatten(name, rows, out int dimension), rows.Count, dimension, ToArray(labels))
    {
    }

    /// <summary>Name used in error messages and reports (for example <c>hwang-appendix-b/train</c>).</summary>
    public string Name { get; }

    /// <summary>Number of rows (samples).</summary>
    public int Count { get; }

    /// <summary>Number of features per row.</summary>
    public int Dimension { get; }

    /// <summary>All features, row-major (row <c>i</c> is <c>[i·Dimension, (i+1)·Dimension)</c>).</summary>
    public ReadOnlySpan<double> Features => _features;

    /// <summary>All labels, one per row.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Feature <paramref name="feature"/> of row <paramref name="row"/>.</summary>
    public double this[int row, int feature]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
            ArgumentOutOfRangeException.ThrowIfNegative(feature);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(feature, Dimension);
            return _features[(row * Dimension) + feature];
        }
    }

    /// <summary>The features of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<double> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        return _features.AsSpan(row * Dimension, Dimension);
    }

    /// <summary>The label of row <paramref name="row"/>.</summary>
    public int Label(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
        return _labels[row];
    }

    /// <summary>The distinct labels, ascending.</summary>
    public int[] Classes()
    {
        var classes = _labels.Distinct().ToArray();
        Array.Sort(classes);
        return classes;
    }

    /// <summary>Number of rows per label, ordered by label.</summary>
    public SortedDictionary<int, int> ClassCounts()
    {
        var counts = new SortedDictionary<int, int>();
        foreach (int label in _labels)
        {
            counts[label] = counts.GetValueOrDefault(label) + 1;
        }

        return counts;
    }

    /// <summary>A copy of the features as one array per row.</summary>
    public double[][] ToRows()
    {
        var rows = new double[Count][];
        for (int i = 0; i < Count; i++)
        {
            rows[i] = Row(i).ToArray();
        }

        return rows;
    }

    /// <summary>The rows at <paramref name="indices"/> (in that order, repeats allowed).</summary>
    public Dataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var features = new double[indices.Count * Dimension];
        var labels = new int[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            if ((uint)i >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Data set '{Name}' has no row {i} (it has {Count}).");
            }

            Row(i).CopyTo(features.AsSpan(k * Dimension, Dimension));
            labels[k] = _labels[i];
        }

        return new Dataset(name ?? Name, features, indices.Count, Dimension, labels);
    }

    /// <summary>The rows whose label is in <paramref name="classes"/>, in their original order.</summary>
    public Dataset WhereClass(IEnumerable<int> classes, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var keep = new HashSet<int>(classes);
        var indices = new List<int>();
        for (int i = 0; i < Count; i++)
        {
            if (keep.Contains(_labels[i]))
            {
                indices.Add(i);
            }
        }

        return Subset(indices, name);
    }

    /// <summary>The rows in a seeded random order (Fisher–Yates with <see cref="Dqml.Simulation.DeterministicRandom"/>).</summary>
    public Dataset Shuffle(ulong seed, string? name = null) => Subset(Permutation.Random(Count, seed), name);

    /// <summary>The same rows and labels under another name.</summary>
    public Dataset WithName(string name) => new(name, _features, Count, Dimension, _labels);

    /// <summary>The same labels with new features (row-major, <see cref="Count"/> rows of <paramref name="dimension"/>).</summary>
    public Dataset WithFeatures(ReadOnlySpan<double> features, int dimension, string? name = null) =>
        new(name ?? Name, features, Count, dimension, _labels);

    /// <summary>The same features with new labels (one per row).</summary>
    public Dataset WithLabels(ReadOnlySpan<int> labels, string? name = null) =>
        new(name ?? Name, _features, Count, Dimension, labels);

    /// <summary>
    /// A two-class data set relabelled to ±1: <paramref name="positiveClass"/> becomes +1 and the other class −1.
    /// Without <paramref name="positiveClass"/> the larger label is +1 (so 0/1 becomes −1/+1 and ±1 is unchanged).
    /// </summary>
    /// <exception cref="InvalidOperationException">The data set does not have exactly two classes.</exception>
    /// <exception cref="ArgumentException"><paramref name="positiveClass"/> is not one of the two classes.</exception>
    public Dataset ToSignedLabels(int? positiveClass = null)
    {
        var (negative, positive) = DataChecks.RequireBinary(this);
        int plus = positiveClass ?? positive;
        if (plus != negative && plus != positive)
        {
            throw new ArgumentException(
                $"Data set '{Name}' has classes {negative} and {positive}; {plus} is not one of them.", nameof(positiveClass));
        }

        var labels = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            labels[i] = _labels[i] == plus ? 1 : -1;
        }

        return WithLabels(labels);
    }

    /// <summary>The rows of <paramref name="first"/> followed by those of <paramref name="second"/>.</summary>
    public static Dataset Concat(Dataset first, Dataset second, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Dimension != second.Dimension)
        {
            throw new ArgumentException(
                $"Cannot join data sets '{first.Name}' ({first.Dimension} features) and '{second.Name}' ({second.Dimension} features).");
        }

        return new Dataset(
            name ?? first.Name,
            [.. first._features, .. second._features],
            first.Count + second.Count,
            first.Dimension,
            [.. first._labels, .. second._labels]);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Count} × {Dimension}, classes [{string.Join(", ", Classes())}]";

    private static double[] Flatten(string name, IReadOnlyList<double[]> rows, out int dimension)
    {
        ArgumentNullException.ThrowIfNull(rows);
        dimension = rows.Count == 0 ? 0 : rows[0].Length;
        var flat = new double[rows.Count * dimension];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"Data set '{name}': row {i} is null.", nameof(rows));
            if (row.Length != dimension)
            {
                throw new ArgumentException(
                    $"Data set '{name}': row {i} has {row.Length} features, row 0 has {dimension}.", nameof(rows));
            }

            row.CopyTo(flat, i * dimension);
        }

        return flat;
    }

    private static int[] ToArray(IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return [.. labels];
    }
}

/// <summary>A training set and a held-out validation set drawn from the same data.</summary>
/// <param name="Train">Rows used to fit a model (and any preprocessing).</param>
/// <param name="Validation">Rows used only to evaluate.</param>
public sealed record LabeledSplit(Dataset Train, Dataset Validation);
