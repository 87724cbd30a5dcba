using Dqml.Simulation;

namespace Dqml.Learning.Data;

/// <summary>Parameters of the Hwang et al. Appendix-B generator; the defaults are the paper's.</summary>
public sealed record HwangDatasetOptions
{
    /// <summary>Feature dimension (8: four features per 4-qubit processor).</summary>
    public int Dimension { get; init; } = 8;

    /// <summary>Number of clusters (32), each centred on a distinct corner of the hypercube.</summary>
    public int Clusters { get; init; } = 32;

    /// <summary>Points per cluster (64).</summary>
    public int PointsPerCluster { get; init; } = 64;

    /// <summary>Radius of each cluster's ball (π/4).</summary>
    public double Radius { get; init; } = Math.PI / 4;

    /// <summary>Corner coordinates are ±<see cref="CornerOffset"/> per axis (π/4).</summary>
    public double CornerOffset { get; init; } = Math.PI / 4;

    /// <summary>Training rows (1536); the rest (512) validate.</summary>
    public int TrainCount { get; init; } = 1536;

    /// <summary>
    /// Stratify the split by label (default): 768 rows of each label train and 256 of each validate. The split is not
    /// stratified by cluster. When false the rows are shuffled and cut at <see cref="TrainCount"/>.
    /// </summary>
    public bool Stratified { get; init; } = true;
}

/// <summary>
/// The synthetic data set of Hwang et al., "Distributed quantum machine learning via classical communication",
/// Appendix B: 32 clusters × 64 points in 8-D, each cluster uniform in an 8-ball of radius π/4 centred on one of the
/// 2^8 corners (±π/4 per axis) drawn without replacement; 16 clusters are labelled +1 and 16 −1; 1536 rows train
/// and 512 validate. Deterministic in the seed: corners, points and split use independent streams of it.
/// </summary>
public sealed class HwangDataset
{
    /// <summary>Base name of the generated data sets.</summary>
    public const string DatasetName = "hwang-appendix-b";

    private readonly long[] _cornerMasks;
    private readonly int[] _clusterLabels;

    private HwangDataset(Dataset all, LabeledSplit split, long[] cornerMasks, int[] clusterLabels, HwangDatasetOptions options)
    {
        All = all;
        Split = split;
        _cornerMasks = cornerMasks;
        _clusterLabels = clusterLabels;
        Options = options;
    }

    /// <summary>All rows in cluster order: rows <c>[c·PointsPerCluster, (c+1)·PointsPerCluster)</c> belong to cluster c.</summary>
    public Dataset All { get; }

    /// <summary>The train/validation split of <see cref="All"/>.</summary>
    public LabeledSplit Split { get; }

    /// <summary>The options used.</summary>
    public HwangDatasetOptions Options { get; }

    /// <summary>Training rows (1536 by default).</summary>
    public Dataset Train => Split.Train;

    /// <summary>Validation rows (512 by default).</summary>
    public Dataset Validation => Split.Validation;

    /// <summary>Corner of each cluster as a bit mask: bit k set means coordinate k is +offset, clear means −offset.</summary>
    public IReadOnlyList<long> CornerMasks => _cornerMasks;

    /// <summary>Label (±1) of each cluster.</summary>
    public IReadOnlyList<int> ClusterLabels => _clusterLabels;

    /// <summary>The centre of cluster <paramref name="cluster"/>.</summary>
    public double[] Centre(int cluster)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cluster);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cluster, _cornerMasks.Length);
        return CornerOf(_cornerMasks[cluster], Options.Dimension, Options.CornerOffset);
    }

    /// <summary>Generates the data set for <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent (for example more clusters than corners).</exception>
    public static HwangDataset Generate(ulong seed, HwangDatasetOptions? options = null)
    {
        options ??= new HwangDatasetOptions();
        Validate(options);
        int d = options.Dimension, clusters = options.Clusters, per = options.PointsPerCluster;

        // Stream 0: corners without replacement; the first half drawn are labelled +1, the rest −1.
        var cornerRandom = DeterministicRandom.ForStream(seed, 0);
        var masks = new long[clusters];
        var seen = new HashSet<long>();
        ulong maskBits = (1UL << d) - 1;
        for (int c = 0; c < clusters; c++)
        {
            long mask;
            do
            {
                mask = (long)(cornerRandom.NextUInt64() & maskBits);
            }
            while (!seen.Add(mask));
            masks[c] = mask;
        }

        var clusterLabels = new int[clusters];
        for (int c = 0; c < clusters; c++)
        {
            clusterLabels[c] = c < clusters / 2 ? 1 : -1;
        }

        // Stream 1: the points, uniform in each cluster's ball.
        var pointRandom = DeterministicRandom.ForStream(seed, 1);
        int n = clusters * per;
        var features = new double[n * d];
        var labels = new int[n];
        for (int c = 0; c < clusters; c++)
        {
            var centre = CornerOf(masks[c], d, options.CornerOffset);
            for (int p = 0; p < per; p++)
            {
                int row = (c * per) + p;
                var point = features.AsSpan(row * d, d);
                RandomSampling.UniformInBall(point, options.Radius, pointRandom);
                for (int k = 0; k < d; k++)
                {
                    point[k] += centre[k];
                }

                labels[row] = clusterLabels[c];
            }
        }

        var all = new Dataset(DatasetName, features, n, d, labels);

        // Stream 2: the split.
        ulong splitSeed = DeterministicRandom.ForStream(seed, 2).NextUInt64();
        int validationCount = n - options.TrainCount;
        var split = options.Stratified
            ? DataSplits.Stratified(all, validationCount, splitSeed)
            : DataSplits.Random(all, validationCount, splitSeed);
        return new HwangDataset(all, split, masks, clusterLabels, options);
    }

    private static double[] CornerOf(long mask, int dimension, double offset)
    {
        var centre = new double[dimension];
        for (int k = 0; k < dimension; k++)
        {
            centre[k] = ((mask >> k) & 1) == 1 ? offset : -offset;
        }

        return centre;
    }

    private static void Validate(HwangDatasetOptions options)
    {
        if (options.Dimension is < 1 or > 63)
        {
            throw new ArgumentException($"Dimension must lie in [1, 63], got {options.Dimension}.", nameof(options));
        }

        if (options.Clusters < 2 || (options.Dimension < 62 && options.Clusters > (1L << options.Dimension)))
        {
            throw new ArgumentException(
                $"Need between 2 and 2^{options.Dimension} clusters (one per distinct corner), got {options.Clusters}.", nameof(options));
        }

        if (options.PointsPerCluster < 1)
        {
            throw new ArgumentException($"PointsPerCluster must be positive, got {options.PointsPerCluster}.", nameof(options));
        }

        if (!(options.Radius >= 0) || !double.IsFinite(options.Radius) || !double.IsFinite(options.CornerOffset))
        {
            throw new ArgumentException("Radius must be finite and non-negative, CornerOffset finite.", nameof(options));
        }

        int n = options.Clusters * options.PointsPerCluster;
        if (options.TrainCount < 1 || options.TrainCount > n)
        {
            throw new ArgumentException($"TrainCount must lie in [1, {n}], got {options.TrainCount}.", nameof(options));
        }
    }
}
