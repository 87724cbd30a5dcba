using System.Collections.Concurrent;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Simulation;

namespace Dqml.Learning.Tests.Training;

/// <summary>
/// f(x) = tanh(w·x + b) with an analytic gradient. Rows are evaluated in parallel; the per-row gradient
/// contributions are summed in row order, so results do not depend on the thread count.
/// </summary>
internal class LinearTanhModel : IDifferentiableModel
{
    private readonly double[]? _initial;

    public LinearTanhModel(int features, string name = "linear-tanh", double[]? initial = null)
    {
        FeatureCount = features;
        Name = name;
        _initial = initial;
        ParameterNames = [.. Enumerable.Range(0, features).Select(i => $"w{i}"), "b"];
    }

    public string Name { get; }

    public int ParameterCount => FeatureCount + 1;

    public int FeatureCount { get; }

    public IReadOnlyList<string> ParameterNames { get; }

    public double[] InitialParameters(ulong seed)
    {
        if (_initial is not null)
        {
            return (double[])_initial.Clone();
        }

        var random = new DeterministicRandom(seed);
        return [.. Enumerable.Range(0, ParameterCount).Select(_ => (random.NextDouble() - 0.5) * 0.2)];
    }

    public virtual double[] Predict(ReadOnlySpan<double> parameters, Dataset data, int threads = 1)
    {
        var p = parameters.ToArray();
        var outputs = new double[data.Count];
        Parallel.For(0, data.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => outputs[i] = Decision(p, data.Row(i)));
        return outputs;
    }

    public virtual BatchEvaluation LossAndGradient(ReadOnlySpan<double> parameters, Dataset batch, Loss loss, int threads = 1)
    {
        var p = parameters.ToArray();
        int n = batch.Count, d = FeatureCount;
        var outputs = new double[n];
        var losses = new double[n];
        var contributions = new double[n, d + 1];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var x = batch.Row(i);
            double f = Decision(p, x);
            double y = batch.Label(i);
            outputs[i] = f;
            losses[i] = loss.Value(f, y);
            double dz = loss.Derivative(f, y) * (1 - (f * f));
            for (int j = 0; j < d; j++)
            {
                contributions[i, j] = dz * x[j];
            }

            contributions[i, d] = dz;
        });

        var gradient = new double[d + 1];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += losses[i];
            for (int j = 0; j <= d; j++)
            {
                gradient[j] += contributions[i, j];
            }
        }

        for (int j = 0; j <= d; j++)
        {
            gradient[j] /= n;
        }

        return new BatchEvaluation(total / n, gradient, outputs);
    }

    private double Decision(double[] p, ReadOnlySpan<double> x)
    {
        double z = p[FeatureCount];
        for (int j = 0; j < FeatureCount; j++)
        {
            z += p[j] * x[j];
        }

        return Math.Tanh(z);
    }
}

/// <summary>A <see cref="LinearTanhModel"/> that records, per call, the values of feature <c>IdFeature</c> of the rows it saw.</summary>
internal sealed class RecordingModel(int features, int idFeature) : LinearTanhModel(features, "recording")
{
    public ConcurrentQueue<int[]> GradientBatches { get; } = new();

    public ConcurrentQueue<int[]> PredictBatches { get; } = new();

    public override double[] Predict(ReadOnlySpan<double> parameters, Dataset data, int threads = 1)
    {
        PredictBatches.Enqueue(Ids(data));
        return base.Predict(parameters, data, threads);
    }

    public override BatchEvaluation LossAndGradient(ReadOnlySpan<double> parameters, Dataset batch, Loss loss, int threads = 1)
    {
        GradientBatches.Enqueue(Ids(batch));
        return base.LossAndGradient(parameters, batch, loss, threads);
    }

    private int[] Ids(Dataset data) => [.. Enumerable.Range(0, data.Count).Select(i => (int)data[i, idFeature])];
}

/// <summary>Data sets and helpers shared by the training tests.</summary>
internal static class TrainingData
{
    /// <summary>
    /// Linearly separable points in [-1, 1]^2: label 1 when 0.8 x0 − 0.6 x1 + 0.1 &gt; 0.15, label 0 when it is
    /// below −0.15 (points in the margin are skipped).
    /// </summary>
    public static Dataset Separable(int count, ulong seed, string name = "separable")
    {
        var random = new DeterministicRandom(seed);
        var rows = new List<double[]>();
        var labels = new List<int>();
        while (rows.Count < count)
        {
            double x0 = (2 * random.NextDouble()) - 1, x1 = (2 * random.NextDouble()) - 1;
            double margin = (0.8 * x0) - (0.6 * x1) + 0.1;
            if (Math.Abs(margin) < 0.15)
            {
                continue;
            }

            rows.Add([x0, x1]);
            labels.Add(margin > 0 ? 1 : 0);
        }

        return new Dataset(name, rows, labels);
    }

    /// <summary>The same rows with a third feature holding the row index (for <see cref="RecordingModel"/>).</summary>
    public static Dataset WithIds(Dataset data)
    {
        var rows = data.ToRows().Select((r, i) => (double[])[.. r, i]).ToList();
        return new Dataset(data.Name, rows, data.Labels.ToArray());
    }

    /// <summary>The same rows with labels 0 and 1 swapped.</summary>
    public static Dataset Flipped(Dataset data, string name) =>
        data.WithLabels([.. data.Labels.ToArray().Select(y => 1 - y)], name);

    /// <summary>A fresh, empty temporary directory.</summary>
    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dqml-training-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The bit patterns of <paramref name="values"/>, for bit-identical comparisons.</summary>
    public static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}

/// <summary>An <see cref="IProgress{T}"/> that runs an action synchronously (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
