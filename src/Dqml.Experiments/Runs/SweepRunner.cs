using System.Threading;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Runs;

/// <summary>How <see cref="SweepRunner.Run"/> runs a sweep.</summary>
public sealed record SweepOptions
{
    /// <summary>Runs in flight at once (each run uses one thread). Results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The slice of the grid to run, or null for all of it.</summary>
    public Shard? Shard { get; init; }

    /// <summary>Called after each finished run has been stored, with the count finished so far and the count this call runs (thread-safe calls, one at a time).</summary>
    public Action<RunRecord, int, int>? OnRunFinished { get; init; }
}

/// <summary>What <see cref="SweepRunner.Run"/> did.</summary>
/// <param name="Runs">The runs of the whole grid.</param>
/// <param name="Selected">The runs of this shard.</param>
/// <param name="Skipped">Runs of this shard already in the store (not redone).</param>
/// <param name="Executed">Runs finished by this call, in order of completion.</param>
/// <param name="Records">Every record in the store afterwards, in grid order.</param>
public sealed record SweepOutcome(
    IReadOnlyList<ExperimentRun> Runs,
    IReadOnlyList<ExperimentRun> Selected,
    int Skipped,
    IReadOnlyList<RunRecord> Executed,
    IReadOnlyList<RunRecord> Records);

/// <summary>
/// Runs a spec's grid into a <see cref="ResultStore"/>: runs already stored are skipped (resume), the rest of the
/// shard runs in parallel, each stored as soon as it finishes.
/// </summary>
public static class SweepRunner
{
    /// <summary>Runs the sweep of <paramref name="spec"/> into <paramref name="store"/>.</summary>
    /// <exception cref="ExperimentInputException">A run's settings are rejected (checked before any run starts where possible).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; every run finished before is stored.</exception>
    public static SweepOutcome Run(ExperimentSpec spec, ResultStore store, SweepOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(store);
        options ??= new SweepOptions();
        if (options.Threads < 1)
        {
            throw new ExperimentInputException($"--threads must be at least 1, got {options.Threads}");
        }

        var runs = SweepGrid.Expand(spec);
        var selected = runs.Where(r => options.Shard?.Contains(r.Index) ?? true).ToList();
        var done = store.Load().Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var todo = selected.Where(r => !done.Contains(r.Id)).ToList();
        RunExecutor.Check(spec.Kind, todo);

        var executor = new RunExecutor(spec);
        var executed = new List<RunRecord>();
        var gate = new object();
        Parallel.ForEach(
            todo,
            new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken },
            run =>
            {
                var record = executor.Execute(run, store.RunDirectory(run.Id), cancellationToken);
                store.Append(record);
                lock (gate)
                {
                    executed.Add(record);
                    options.OnRunFinished?.Invoke(record, executed.Count, todo.Count);
                }
            });

        var records = store.Load().OrderBy(r => r.Index).ToList();
        return new SweepOutcome(runs, selected, selected.Count - todo.Count, executed, records);
    }
}
