using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Dqml.Analysis.Capacity;

/// <summary>
/// Splits a loop over <c>count</c> items into blocks chosen from <c>count</c> alone (never from the thread
/// count), runs the blocks in parallel and lets callers reduce the per-block results in block order: the
/// floating-point result is then the same for any number of threads.
/// </summary>
internal static class DeterministicBlocks
{
    /// <summary>Fewest items per block (amortises the per-block buffers).</summary>
    public const int MinItemsPerBlock = 4;

    /// <summary>Most blocks (bounds the memory of per-block accumulators).</summary>
    public const int MaxBlocks = 64;

    /// <summary>Number of blocks for <paramref name="count"/> items.</summary>
    public static int BlockCount(int count)
    {
        Debug.Assert(count >= 0);
        return count == 0 ? 0 : Math.Min(MaxBlocks, (count + MinItemsPerBlock - 1) / MinItemsPerBlock);
    }

    /// <summary>Items [Start, End) of block <paramref name="block"/> of <paramref name="blocks"/>.</summary>
    public static (int Start, int End) Range(int count, int blocks, int block)
        => ((int)((long)block * count / blocks), (int)((long)(block + 1) * count / blocks));

    /// <summary>Runs <paramref name="body"/> for 0..<paramref name="count"/>-1 on up to <paramref name="threads"/> threads.</summary>
    public static void For(int count, int threads, Action<int> body)
    {
        if (threads <= 1 || count <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        // Failures surface as the exception of the lowest failing index, unwrapped, as in the serial loop.
        int failedAt = int.MaxValue;
        Exception? failure = null;
        var gate = new object();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, (i, state) =>
        {
            try
            {
                body(i);
            }
#pragma warning disable CA1031 // Rethrown below, unwrapped.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lock (gate)
                {
                    if (i < failedAt)
                    {
                        failedAt = i;
                        failure = e;
                    }
                }

                state.Break();
            }
        });
        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    /// <summary>Validates a thread count at a public boundary.</summary>
    public static void CheckThreads(int threads, string paramName)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, $"threads must be at least 1, got {threads}");
        }
    }
}
