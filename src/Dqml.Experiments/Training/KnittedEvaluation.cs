using Dqml.Distributed;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;
using Dqml.Simulation;

namespace Dqml.Experiments.Training;

/// <summary>What a finite shot budget leaves of a knitted classifier's accuracy.</summary>
/// <param name="Accuracy">Fraction of rows whose sampled decision value has the sign of the label.</param>
/// <param name="ExactAccuracy">The same rows classified with exact expectations (an infinite budget).</param>
/// <param name="MeanStandardErrorBound">Mean over rows of the bound gamma max|w| / sqrt(shots) on the standard error of the sampled decision value.</param>
/// <param name="Rows">Rows evaluated.</param>
/// <param name="Shots">Shots per row.</param>
/// <param name="Gamma">Sampling overhead factor of the knitted circuit (shots scale with gamma^2).</param>
public sealed record ShotBudgetAccuracy(double Accuracy, double ExactAccuracy, double MeanStandardErrorBound, int Rows, int Shots, double Gamma);

/// <summary>
/// Evaluates a trained Hwang et al. model with its cross-processor gates knitted and a finite number of shots per
/// input: each row's circuit is knitted (<see cref="KnittedCircuit"/>) and its logical probabilities are estimated by
/// quasi-probability sampling (<see cref="KnittingSampler"/>: each shot draws one term per knitted gate, runs one shot
/// of that local term circuit, and weighs its outcome by gamma and the term's sign); the decision value is the readout
/// applied to the estimate. With unlimited shots this is the exact model; at a fixed budget the estimate's error grows
/// with gamma, which is what knitting costs.
/// </summary>
public static class KnittedEvaluation
{
    /// <summary>Evaluates <paramref name="rows"/> rows of <paramref name="data"/> at each shot budget in <paramref name="shots"/>.</summary>
    /// <param name="model">A built model of scheme knit.</param>
    /// <param name="parameters">Trained parameters (circuit parameters then readout weights).</param>
    /// <param name="data">The rows (±1 labels).</param>
    /// <param name="shots">Shot budgets per row; budget N samples with stream N of <paramref name="seed"/>.</param>
    /// <param name="rows">How many rows, from the first (at most the data's count).</param>
    /// <param name="seed">Seed: within a budget, row i samples with stream i of that budget's seed, so nothing depends on the thread count.</param>
    /// <param name="threads">Rows evaluated in parallel.</param>
    /// <returns>One result per budget, in order; the exact accuracy (computed once) is the same in each.</returns>
    /// <exception cref="ArgumentException">The model is not knitted, or a budget or rows below 1.</exception>
    public static IReadOnlyList<ShotBudgetAccuracy> Evaluate(HwangModel model, double[] parameters, Dataset data, IReadOnlyList<int> shots, int rows, ulong seed, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shots);
        rows = Math.Min(rows, data.Count);
        var labels = data.Labels[..rows];
        double exact = double.NaN;
        var results = new List<ShotBudgetAccuracy>(shots.Count);
        foreach (int budget in shots)
        {
            var (sampled, gamma, bound) = SampleDecisions(model, parameters, data, budget, rows, DeterministicRandom.ForStream(seed, (ulong)budget).NextUInt64(), threads);
            if (double.IsNaN(exact))
            {
                exact = Loss.Accuracy(model.Model.Predict(parameters, Slice(data, rows), threads), labels);
            }

            results.Add(new ShotBudgetAccuracy(Loss.Accuracy(sampled, labels), exact, bound.Average(), rows, budget, gamma.Max()));
        }

        return results;
    }

    /// <summary>
    /// The sampled decision value of each of the first <paramref name="rows"/> rows, with the knitted circuit's gamma and
    /// the bound gamma max|w| / sqrt(shots) on each value's standard error (each shot contributes gamma sign w_z).
    /// </summary>
    /// <exception cref="ArgumentException">The model is not knitted, or shots or rows below 1.</exception>
    public static (double[] Decisions, double[] Gamma, double[] StandardErrorBound) SampleDecisions(HwangModel model, double[] parameters, Dataset data, int shots, int rows, ulong seed, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        if (model.Options.Scheme != HwangScheme.Knitting)
        {
            throw new ArgumentException($"a shot budget applies to scheme knit, not {model.Options.Scheme}", nameof(model));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(shots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        rows = Math.Min(rows, data.Count);
        var circuitModel = model.Model;
        var diagonal = circuitModel.ObservableDiagonal(parameters);
        double largest = diagonal.Max(Math.Abs);
        var architecture = model.Options.Architecture ?? Architecture.TwoProcessors();
        var decisions = new double[rows];
        var gammas = new double[rows];
        var bounds = new double[rows];
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, i =>
        {
            var circuit = circuitModel.BoundCircuit(parameters, data.Row(i));
            var knitted = KnittedCircuit.Create(new DistributedCircuit(circuit, architecture, model.Assignment));
            var estimate = KnittingSampler.Estimate(knitted, shots, DeterministicRandom.ForStream(seed, (ulong)i).NextUInt64());
            double f = 0;
            for (int z = 0; z < diagonal.Length; z++)
            {
                f += diagonal[z] * estimate.Probabilities[z];
            }

            decisions[i] = f;
            gammas[i] = estimate.Gamma;
            bounds[i] = estimate.Gamma * largest / Math.Sqrt(shots);
        });

        return (decisions, gammas, bounds);
    }

    private static Dataset Slice(Dataset data, int rows)
        => rows == data.Count ? data : new Dataset(data.Name, data.Features[..(rows * data.Dimension)], rows, data.Dimension, data.Labels[..rows]);
}
