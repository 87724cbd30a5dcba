namespace Dqml.Learning.Data;

/// <summary>Summary statistics of a data set.</summary>
public static class DataStatistics
{
    /// <summary>
    /// Pearson correlation of each feature with the (numeric) label. A constant feature or constant label
    /// gives 0 for that feature.
    /// </summary>
    public static double[] FeatureLabelCorrelations(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        int n = dataset.Count, d = dataset.Dimension;
        var result = new double[d];
        if (n < 2)
        {
            return result;
        }

        var labels = dataset.Labels;
        var x = dataset.Features;
        double labelMean = 0;
        for (int i = 0; i < n; i++)
        {
            labelMean += labels[i];
        }

        labelMean /= n;
        double labelVar = 0;
        for (int i = 0; i < n; i++)
        {
            double dy = labels[i] - labelMean;
            labelVar += dy * dy;
        }

        for (int k = 0; k < d; k++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++)
            {
                mean += x[(i * d) + k];
            }

            mean /= n;
            double cov = 0, varX = 0;
            for (int i = 0; i < n; i++)
            {
                double dx = x[(i * d) + k] - mean;
                cov += dx * (labels[i] - labelMean);
                varX += dx * dx;
            }

            result[k] = varX > 0 && labelVar > 0 ? cov / Math.Sqrt(varX * labelVar) : 0;
        }

        return result;
    }

    /// <summary>
    /// max over features of |Pearson(feature, label)|: how far a linear look at one feature predicts the label.
    /// Hwang et al. report 0.239 for their Appendix-B draw.
    /// </summary>
    public static double MaxAbsFeatureLabelCorrelation(Dataset dataset)
    {
        double max = 0;
        foreach (double r in FeatureLabelCorrelations(dataset))
        {
            max = Math.Max(max, Math.Abs(r));
        }

        return max;
    }
}
