namespace Dqml.Learning.Data;

/// <summary>
/// Per-feature standardisation <c>(x − mean) / std</c> with the mean and (population) standard deviation fitted on a
/// training set and applied unchanged to any other set. A constant feature is only centred.
/// </summary>
public sealed class Standardizer
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    private Standardizer(double[] mean, double[] scale)
    {
        _mean = mean;
        _scale = scale;
    }

    /// <summary>Fitted means.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Fitted standard deviations (1 for a constant feature).</summary>
    public IReadOnlyList<double> StandardDeviation => _scale;

    /// <summary>Fits on <paramref name="train"/>.</summary>
    public static Standardizer Fit(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException($"Cannot fit a standardizer on the empty data set '{train.Name}'.", nameof(train));
        }

        int n = train.Count, d = train.Dimension;
        var x = train.Features;
        var mean = new double[d];
        var std = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < d; k++)
            {
                mean[k] += x[(i * d) + k];
            }
        }

        for (int k = 0; k < d; k++)
        {
            mean[k] /= n;
        }

        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < d; k++)
            {
                double dx = x[(i * d) + k] - mean[k];
                std[k] += dx * dx;
            }
        }

        for (int k = 0; k < d; k++)
        {
            std[k] = Math.Sqrt(std[k] / n);
            if (!(std[k] > 1e-12 * Math.Max(1, Math.Abs(mean[k]))))
            {
                std[k] = 1;
            }
        }

        return new Standardizer(mean, std);
    }

    /// <summary>Fits on the training half and transforms both halves.</summary>
    public static LabeledSplit FitTransform(LabeledSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var s = Fit(split.Train);
        return new LabeledSplit(s.Transform(split.Train), s.Transform(split.Validation));
    }

    /// <summary>Standardises <paramref name="dataset"/> with the fitted statistics.</summary>
    public Dataset Transform(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        FeatureTransform.CheckDimension(dataset, _mean.Length, nameof(Standardizer));
        return FeatureTransform.Map(dataset, (k, v) => (v - _mean[k]) / _scale[k]);
    }
}

/// <summary>
/// Per-feature min-max scaling to [<see cref="Low"/>, <see cref="High"/>] (default [0, π], the range an angle
/// embedding expects), fitted on a training set. Other sets may land slightly outside unless clipped. A constant
/// feature maps to <see cref="Low"/>.
/// </summary>
public sealed class MinMaxScaler
{
    private readonly double[] _min;
    private readonly double[] _max;

    private MinMaxScaler(double[] min, double[] max, double low, double high, bool clip)
    {
        _min = min;
        _max = max;
        Low = low;
        High = high;
        Clip = clip;
    }

    /// <summary>Target lower bound.</summary>
    public double Low { get; }

    /// <summary>Target upper bound.</summary>
    public double High { get; }

    /// <summary>Whether transformed values are clipped to [Low, High].</summary>
    public bool Clip { get; }

    /// <summary>Fitted per-feature minima.</summary>
    public IReadOnlyList<double> Minimum => _min;

    /// <summary>Fitted per-feature maxima.</summary>
    public IReadOnlyList<double> Maximum => _max;

    /// <summary>Fits on <paramref name="train"/>; the target range defaults to [0, π].</summary>
    public static MinMaxScaler Fit(Dataset train, double low = 0, double high = Math.PI, bool clip = false)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException($"Cannot fit a scaler on the empty data set '{train.Name}'.", nameof(train));
        }

        if (!(low < high) || !double.IsFinite(low) || !double.IsFinite(high))
        {
            throw new ArgumentException($"Need finite low < high, got [{low}, {high}].", nameof(low));
        }

        int d = train.Dimension;
        var min = Enumerable.Repeat(double.PositiveInfinity, d).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, d).ToArray();
        var x = train.Features;
        for (int i = 0; i < x.Length; i++)
        {
            int k = i % d;
            min[k] = Math.Min(min[k], x[i]);
            max[k] = Math.Max(max[k], x[i]);
        }

        return new MinMaxScaler(min, max, low, high, clip);
    }

    /// <summary>Fits on the training half and transforms both halves.</summary>
    public static LabeledSplit FitTransform(LabeledSplit split, double low = 0, double high = Math.PI, bool clip = false)
    {
        ArgumentNullException.ThrowIfNull(split);
        var s = Fit(split.Train, low, high, clip);
        return new LabeledSplit(s.Transform(split.Train), s.Transform(split.Validation));
    }

    /// <summary>Scales <paramref name="dataset"/> with the fitted ranges.</summary>
    public Dataset Transform(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        FeatureTransform.CheckDimension(dataset, _min.Length, nameof(MinMaxScaler));
        return FeatureTransform.Map(dataset, (k, v) =>
        {
            double span = _max[k] - _min[k];
            double y = span > 0 ? Low + ((High - Low) * (v - _min[k]) / span) : Low;
            return Clip ? Math.Clamp(y, Low, High) : y;
        });
    }
}

internal static class FeatureTransform
{
    public static void CheckDimension(Dataset dataset, int expected, string what)
    {
        if (dataset.Dimension != expected)
        {
            throw new ArgumentException(
                $"{what} was fitted on {expected} features; data set '{dataset.Name}' has {dataset.Dimension}.", nameof(dataset));
        }
    }

    public static Dataset Map(Dataset dataset, Func<int, double, double> map)
    {
        int d = dataset.Dimension;
        var x = dataset.Features;
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = map(i % d, x[i]);
        }

        return dataset.WithFeatures(y, d);
    }
}
