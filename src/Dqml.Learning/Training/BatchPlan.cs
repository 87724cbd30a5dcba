using Dqml.Learning.Data;
using Dqml.Simulation;

namespace Dqml.Learning.Training;

/// <summary>
/// Which training rows each step uses. The rows of step s depend on (seed, s) only, so a resumed run draws
/// the same batches as an uninterrupted one.
/// </summary>
/// <remarks>
/// Iterations mode: step s takes <see cref="BatchSize"/> distinct rows by a partial Fisher–Yates shuffle on
/// stream s of the batch seed. Epochs mode: epoch e is a Fisher–Yates permutation on stream e of the epoch
/// seed, cut into consecutive batches (the last may be smaller), so each row is used once per epoch. A batch
/// as large as the set is the whole set in its original order.
/// </remarks>
internal sealed class BatchPlan
{
    private const ulong BatchDomain = 0x6261_7463_6800UL; // "batch"
    private const ulong EpochDomain = 0x6570_6F63_6800UL; // "epoch"

    private readonly ulong _batchSeed;
    private readonly ulong _epochSeed;
    private int _cachedEpoch = -1;
    private int[]? _cachedPermutation;

    public BatchPlan(int rows, TrainerOptions options)
    {
        Rows = rows;
        BatchSize = Math.Min(options.BatchSize, rows);
        EpochMode = options.Epochs is not null;
        StepsPerEpoch = (rows + BatchSize - 1) / BatchSize;
        long total = EpochMode ? (long)options.Epochs!.Value * StepsPerEpoch : options.Iterations!.Value;
        if (total > int.MaxValue)
        {
            throw new ArgumentException($"TrainerOptions.Epochs: {options.Epochs} epochs of {StepsPerEpoch} steps are too many steps.", nameof(options));
        }

        TotalSteps = (int)total;
        _batchSeed = Trainer.SubSeed(options.Seed, BatchDomain);
        _epochSeed = Trainer.SubSeed(options.Seed, EpochDomain);
    }

    /// <summary>Training rows.</summary>
    public int Rows { get; }

    /// <summary>Rows per batch (at most <see cref="Rows"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Whether steps are grouped into shuffled epochs.</summary>
    public bool EpochMode { get; }

    /// <summary>ceil(rows / batch size).</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Steps of the whole run.</summary>
    public int TotalSteps { get; }

    /// <summary>Whether every batch is the whole training set.</summary>
    public bool WholeSet => BatchSize == Rows;

    /// <summary>The 1-based epoch of 0-based step <paramref name="step"/>.</summary>
    public int Epoch(int step) => EpochMode
        ? (step / StepsPerEpoch) + 1
        : (int)((long)step * BatchSize / Rows) + 1;

    /// <summary>The rows of 0-based step <paramref name="step"/>.</summary>
    public int[] Indices(int step)
    {
        if (WholeSet)
        {
            return Enumerable.Range(0, Rows).ToArray();
        }

        if (EpochMode)
        {
            int epoch = step / StepsPerEpoch;
            if (epoch != _cachedEpoch)
            {
                _cachedPermutation = Permutation.Random(Rows, DeterministicRandom.ForStream(_epochSeed, (ulong)epoch));
                _cachedEpoch = epoch;
            }

            int start = (step % StepsPerEpoch) * BatchSize;
            return _cachedPermutation.AsSpan(start, Math.Min(BatchSize, Rows - start)).ToArray();
        }

        var random = DeterministicRandom.ForStream(_batchSeed, (ulong)step);
        var order = Enumerable.Range(0, Rows).ToArray();
        for (int i = 0; i < BatchSize; i++)
        {
            int j = i + random.NextInt(Rows - i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order.AsSpan(0, BatchSize).ToArray();
    }
}
