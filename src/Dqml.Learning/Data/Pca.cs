using MathNet.Numerics.LinearAlgebra;

namespace Dqml.Learning.Data;

/// <summary>
/// Principal component analysis fitted on a training set (MathNet SVD of the centred data): projects onto the
/// top <see cref="Components"/> principal axes. Each axis's sign is fixed so that its largest-magnitude entry is
/// positive, which makes the projection deterministic.
/// </summary>
public sealed class Pca
{
    private readonly double[] _mean;
    private readonly double[][] _axes;
    private readonly double[] _variance;
    private readonly double _totalVariance;

    private Pca(double[] mean, double[][] axes, double[] variance, double totalVariance)
    {
        _mean = mean;
        _axes = axes;
        _variance = variance;
        _totalVariance = totalVariance;
    }

    /// <summary>Number of components kept.</summary>
    public int Components => _axes.Length;

    /// <summary>Input dimension.</summary>
    public int InputDimension => _mean.Length;

    /// <summary>Training mean subtracted before projecting.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Principal axis <paramref name="component"/> (a unit vector in input space), by decreasing variance.</summary>
    public double[] Axis(int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, Components);
        return (double[])_axes[component].Clone();
    }

    /// <summary>Variance along each kept axis (sample variance, divisor n − 1).</summary>
    public IReadOnlyList<double> ExplainedVariance => _variance;

    /// <summary>Fraction of the total training variance along each kept axis.</summary>
    public double[] ExplainedVarianceRatio() =>
        [.. _variance.Select(v => _totalVariance > 0 ? v / _totalVariance : 0)];

    /// <summary>Fits <paramref name="components"/> axes on <paramref name="train"/>.</summary>
    public static Pca Fit(Dataset train, int components)
    {
        ArgumentNullException.ThrowIfNull(train);
        int n = train.Count, d = train.Dimension;
        if (components < 1 || components > d)
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Must lie in [1, {d}] for data set '{train.Name}'.");
        }

        if (n < 2)
        {
            throw new ArgumentException($"PCA needs at least two rows; data set '{train.Name}' has {n}.", nameof(train));
        }

        var x = train.Features;
        var mean = new double[d];
        for (int i = 0; i < x.Length; i++)
        {
            mean[i % d] += x[i];
        }

        for (int k = 0; k < d; k++)
        {
            mean[k] /= n;
        }

        // SVD of the d × d scatter matrix XᵀX (symmetric positive semi-definite, so its singular vectors are its
        // eigenvectors, sorted by decreasing eigenvalue). This never forms the n × n left factor of the data's SVD.
        var centredValues = new double[n * d];
        for (int i = 0; i < centredValues.Length; i++)
        {
            centredValues[i] = x[i] - mean[i % d];
        }

        Matrix<double> centred = Matrix<double>.Build.Dense(n, d, (i, k) => centredValues[(i * d) + k]);
        var svd = centred.TransposeThisAndMultiply(centred).Svd(computeVectors: true);
        Matrix<double> vt = svd.VT;
        double[] variance = [.. svd.S.Select(s => s / (n - 1))];

        var axes = new double[components][];
        for (int c = 0; c < components; c++)
        {
            var axis = vt.Row(c).ToArray();
            int argMax = 0;
            for (int k = 1; k < d; k++)
            {
                if (Math.Abs(axis[k]) > Math.Abs(axis[argMax]) + 1e-12)
                {
                    argMax = k;
                }
            }

            if (axis[argMax] < 0)
            {
                for (int k = 0; k < d; k++)
                {
                    axis[k] = -axis[k];
                }
            }

            axes[c] = axis;
        }

        double total = 0;
        for (int c = 0; c < Math.Min(variance.Length, d); c++)
        {
            total += variance[c];
        }

        var kept = new double[components];
        for (int c = 0; c < components; c++)
        {
            kept[c] = c < variance.Length ? variance[c] : 0;
        }

        return new Pca(mean, axes, kept, total);
    }

    /// <summary>Fits on the training half and projects both halves.</summary>
    public static LabeledSplit FitTransform(LabeledSplit split, int components)
    {
        ArgumentNullException.ThrowIfNull(split);
        var pca = Fit(split.Train, components);
        return new LabeledSplit(pca.Transform(split.Train), pca.Transform(split.Validation));
    }

    /// <summary>Projects one vector onto the kept axes.</summary>
    public double[] Project(ReadOnlySpan<double> point)
    {
        if (point.Length != InputDimension)
        {
            throw new ArgumentException($"PCA was fitted on {InputDimension} features, got {point.Length}.", nameof(point));
        }

        var result = new double[Components];
        for (int c = 0; c < Components; c++)
        {
            double sum = 0;
            var axis = _axes[c];
            for (int k = 0; k < point.Length; k++)
            {
                sum += (point[k] - _mean[k]) * axis[k];
            }

            result[c] = sum;
        }

        return result;
    }

    /// <summary>Maps projected coordinates back to input space (exact when all components are kept).</summary>
    public double[] Reconstruct(ReadOnlySpan<double> projected)
    {
        if (projected.Length != Components)
        {
            throw new ArgumentException($"Expected {Components} projected coordinates, got {projected.Length}.", nameof(projected));
        }

        var result = (double[])_mean.Clone();
        for (int c = 0; c < Components; c++)
        {
            var axis = _axes[c];
            for (int k = 0; k < result.Length; k++)
            {
                result[k] += projected[c] * axis[k];
            }
        }

        return result;
    }

    /// <summary>Projects every row of <paramref name="dataset"/>; labels and name are kept.</summary>
    public Dataset Transform(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        FeatureTransform.CheckDimension(dataset, InputDimension, nameof(Pca));
        var y = new double[dataset.Count * Components];
        for (int i = 0; i < dataset.Count; i++)
        {
            Project(dataset.Row(i)).CopyTo(y, i * Components);
        }

        return dataset.WithFeatures(y, Components);
    }

    /// <summary>Projects and reconstructs every row (the rank-k approximation of the data).</summary>
    public Dataset Reconstruct(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var projected = Transform(dataset);
        var y = new double[dataset.Count * InputDimension];
        for (int i = 0; i < dataset.Count; i++)
        {
            Reconstruct(projected.Row(i)).CopyTo(y, i * InputDimension);
        }

        return dataset.WithFeatures(y, InputDimension);
    }
}
