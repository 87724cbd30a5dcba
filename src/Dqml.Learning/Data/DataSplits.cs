using Dqml.Simulation;

namespace Dqml.Learning.Data;

/// <summary>Seeded train/validation splits. Both halves come back shuffled; names get <c>/train</c> and <c>/validation</c>.</summary>
public static class DataSplits
{
    /// <summary>
    /// A stratified split: each class contributes to the validation set in proportion to its size
    /// (quotas rounded by largest remainder, so the total is exactly <paramref name="validationCount"/> and each
    /// class's validation count is within one of <c>validationCount · n_class / n</c>).
    /// </summary>
    public static LabeledSplit Stratified(Dataset dataset, int validationCount, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        CheckCount(dataset, validationCount);
        var random = new DeterministicRandom(seed);
        var counts = dataset.ClassCounts();
        var classes = counts.Keys.ToArray();
        int n = dataset.Count;

        // Largest-remainder quotas (ties go to the smaller label).
        var quota = new int[classes.Length];
        var remainder = new double[classes.Length];
        int assigned = 0;
        for (int c = 0; c < classes.Length; c++)
        {
            double exact = (double)validationCount * counts[classes[c]] / n;
            quota[c] = (int)Math.Floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }

        var byRemainder = Enumerable.Range(0, classes.Length).OrderByDescending(c => remainder[c]).ThenBy(c => c).ToArray();
        for (int k = 0; assigned < validationCount; k++, assigned++)
        {
            quota[byRemainder[k]]++;
        }

        var train = new List<int>(n - validationCount);
        var validation = new List<int>(validationCount);
        var labels = dataset.Labels;
        for (int c = 0; c < classes.Length; c++)
        {
            var rows = new List<int>();
            for (int i = 0; i < n; i++)
            {
                if (labels[i] == classes[c])
                {
                    rows.Add(i);
                }
            }

            var order = rows.ToArray();
            Permutation.Shuffle(order.AsSpan(), random);
            validation.AddRange(order.Take(quota[c]));
            train.AddRange(order.Skip(quota[c]));
        }

        return Finish(dataset, train, validation, random);
    }

    /// <summary>A stratified split with <c>round(fraction · n)</c> validation rows.</summary>
    public static LabeledSplit Stratified(Dataset dataset, double validationFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Stratified(dataset, FractionToCount(dataset, validationFraction), seed);
    }

    /// <summary>A plain random split: shuffle, the first <paramref name="validationCount"/> rows validate (not stratified).</summary>
    public static LabeledSplit Random(Dataset dataset, int validationCount, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        CheckCount(dataset, validationCount);
        var random = new DeterministicRandom(seed);
        var order = Permutation.Random(dataset.Count, random);
        return Finish(dataset, order.Skip(validationCount).ToList(), order.Take(validationCount).ToList(), random);
    }

    /// <summary>A plain random split with <c>round(fraction · n)</c> validation rows.</summary>
    public static LabeledSplit Random(Dataset dataset, double validationFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Random(dataset, FractionToCount(dataset, validationFraction), seed);
    }

    private static LabeledSplit Finish(Dataset dataset, List<int> train, List<int> validation, DeterministicRandom random)
    {
        var trainOrder = train.ToArray();
        var validationOrder = validation.ToArray();
        Permutation.Shuffle(trainOrder.AsSpan(), random);
        Permutation.Shuffle(validationOrder.AsSpan(), random);
        return new LabeledSplit(
            dataset.Subset(trainOrder, dataset.Name + "/train"),
            dataset.Subset(validationOrder, dataset.Name + "/validation"));
    }

    private static void CheckCount(Dataset dataset, int validationCount)
    {
        if (validationCount < 0 || validationCount > dataset.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(validationCount), validationCount, $"Data set '{dataset.Name}' has {dataset.Count} rows.");
        }
    }

    private static int FractionToCount(Dataset dataset, double fraction)
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must lie in [0, 1].");
        }

        return (int)Math.Round(fraction * dataset.Count, MidpointRounding.AwayFromZero);
    }
}
