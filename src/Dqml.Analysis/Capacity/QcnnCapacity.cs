using System.Collections.Immutable;
using System.Diagnostics;
using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hur;
using Dqml.Learning.Models.Hwang;

namespace Dqml.Analysis.Capacity;

/// <summary>How a capacity measurement samples parameters and inputs.</summary>
public sealed record CapacityOptions
{
    /// <summary>Parameter vectors theta drawn uniformly from [<see cref="ParameterLow"/>, <see cref="ParameterHigh"/>)^P.</summary>
    public int ParameterSamples { get; init; } = 20;

    /// <summary>Inputs each Fisher matrix is averaged over.</summary>
    public int Inputs { get; init; } = 100;

    /// <summary>Haar-random input states on all qubits (the Hwang et al. setup, default) or rows of the Appendix-B data set.</summary>
    public OutcomeInputKind InputKind { get; init; } = OutcomeInputKind.States;

    /// <summary>Lower end of the parameter range.</summary>
    public double ParameterLow { get; init; } = -Math.PI;

    /// <summary>Upper end of the parameter range.</summary>
    public double ParameterHigh { get; init; } = Math.PI;

    /// <summary>gamma in (0, 1].</summary>
    public double Gamma { get; init; } = 1.0;

    /// <summary>The data-set sizes n of the effective dimension.</summary>
    public ImmutableArray<double> DatasetSizes { get; init; } = [1e3, 1e4, 1e5, 1e6];

    /// <summary>Relative eigenvalue tolerance of the Fisher rank.</summary>
    public double RankTolerance { get; init; } = FisherInformation.DefaultRankTolerance;

    /// <summary>Seed of the parameter samples and of the inputs.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Worker threads (results identical for any count).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The default options.</summary>
    public static CapacityOptions Default { get; } = new();

    internal EffectiveDimensionOptions EffectiveDimension() => new()
    {
        Gamma = Gamma,
        DatasetSizes = DatasetSizes,
        ParameterSamples = ParameterSamples,
        ParameterLow = ParameterLow,
        ParameterHigh = ParameterHigh,
        Seed = Seed,
        RankTolerance = RankTolerance,
        Threads = Threads,
    };
}

/// <summary>Fisher rank and effective dimension of one model (one scheme and depth).</summary>
/// <param name="Label">The model, e.g. <c>cc L=3</c>.</param>
/// <param name="ParameterCount">Circuit parameters P (readout weights excluded).</param>
/// <param name="Result">The effective dimension and Fisher ranks.</param>
/// <param name="Method">The Jacobian method used.</param>
/// <param name="Seconds">Wall-clock time of the measurement.</param>
public sealed record CapacityPoint(string Label, int ParameterCount, EffectiveDimensionResult Result, OutcomeJacobianMethod Method, double Seconds);

/// <summary>
/// Capacity of the distributed QCNN per scheme and depth (Hwang et al.: Fisher rank and effective
/// dimension with Haar-random inputs), and the seed's absorbed-control argument shown numerically.
/// </summary>
public static class QcnnCapacity
{
    /// <summary>Fisher rank and effective dimension of <paramref name="model"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="label">Its label in the result.</param>
    /// <param name="options">Sampling options; null for the defaults.</param>
    public static CapacityPoint Measure(CircuitModel model, string label, CapacityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= CapacityOptions.Default;
        if (options.Inputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"at least one input is needed, got {options.Inputs}");
        }

        var inputs = Inputs(model, options.InputKind, options.Inputs, options.Seed);
        var adapter = new CircuitModelProbabilities(model, options.InputKind);
        var sw = Stopwatch.StartNew();
        var result = EffectiveDimension.Compute(adapter, inputs, options.EffectiveDimension());
        var method = model.SupportsPureOutcomeJacobians ? OutcomeJacobianMethod.PureState : OutcomeJacobianMethod.DensityMatrix;
        return new CapacityPoint(label, adapter.ParameterCount, result, method, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The Hwang et al. QCNN for each scheme and depth, measured with the same options.</summary>
    /// <param name="schemes">Schemes as <see cref="HwangQcnn.ParseScheme"/> reads them (<c>single</c>, <c>nc</c>, <c>cc</c>, <c>qc</c>, <c>bell:K</c>, <c>knit</c>).</param>
    /// <param name="depths">Depths L.</param>
    /// <param name="options">Sampling options; null for the defaults.</param>
    public static IReadOnlyList<CapacityPoint> Compare(IReadOnlyList<string> schemes, IReadOnlyList<int> depths, CapacityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schemes);
        ArgumentNullException.ThrowIfNull(depths);
        var points = new List<CapacityPoint>();
        foreach (int depth in depths)
        {
            foreach (var scheme in schemes)
            {
                var (s, pairs) = HwangQcnn.ParseScheme(scheme);
                var model = HwangQcnn.Build(new HwangQcnnOptions { Scheme = s, Depth = depth, BellPairs = Math.Max(1, pairs) }).Model;
                points.Add(Measure(model, $"{scheme} L={depth}", options));
            }
        }

        return points;
    }

    /// <summary>
    /// The inputs <see cref="Measure"/> averages over: Haar-random states on the model's qubits (drawn from
    /// <paramref name="seed"/> with a fixed salt), or the first training rows of the Appendix-B data set
    /// generated with <paramref name="seed"/>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="kind">States or feature rows.</param>
    /// <param name="count">Number of inputs.</param>
    /// <param name="seed">Seed.</param>
    public static IReadOnlyList<double[]> Inputs(CircuitModel model, OutcomeInputKind kind, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        return kind == OutcomeInputKind.States
            ? FisherInputs.HaarStates(count, model.NumQubits, seed ^ 0x5EED_1A7Au)
            : DataInputs(model, count, seed);
    }

    /// <summary>The first <paramref name="count"/> training rows of the Appendix-B data set (seeded).</summary>
    private static IReadOnlyList<double[]> DataInputs(CircuitModel model, int count, ulong seed)
    {
        var data = HwangDataset.Generate(seed).Train;
        if (data.Dimension != model.FeatureCount)
        {
            throw new ArgumentException($"model '{model.Name}' reads {model.FeatureCount} features; the Appendix-B data set has {data.Dimension}");
        }

        return [.. Enumerable.Range(0, Math.Min(count, data.Count)).Select(i => data.Row(i).ToArray())];
    }

    /// <summary>
    /// The absorbed-control argument, numerically: Fisher ranks (Haar-random inputs) of two-qubit models
    /// with and without a trainable controlled rotation. Inside one processor a general two-qubit unitary
    /// (Hur et al.'s SU(4) block, 15 parameters) absorbs the controlled gate: the rank does not grow. Across
    /// two one-qubit processors with general local unitaries (6 parameters), a quantum control (CRX) or a
    /// classical one (measure, then a conditioned RX on the other processor) cannot be absorbed: the rank
    /// grows by one.
    /// </summary>
    /// <param name="inputs">Haar-random input states averaged over.</param>
    /// <param name="seed">Seed of the inputs and of the parameter point.</param>
    public static AbsorbedControlResult AbsorbedControl(int inputs = 100, ulong seed = 1)
    {
        var states = FisherInputs.HaarStates(inputs, 2, seed);
        int Rank(Circuit trainable)
        {
            var model = new CircuitModel("absorbed-control", new Circuit(2, 0, []), trainable, new Readout(ReadoutKind.Interpret, [0, 1]), 0);
            var adapter = new CircuitModelProbabilities(model, OutcomeInputKind.States);
            var rng = DeterministicRandom.ForStream(seed, 1);
            var theta = Enumerable.Range(0, adapter.ParameterCount).Select(_ => (rng.NextDouble() * 2 * Math.PI) - Math.PI).ToArray();
            return FisherInformation.Rank(FisherInformation.Exact(adapter, theta, states, new FisherOptions { Threads = 1 }), 1e-9);
        }

        var su4 = ConvolutionBlocks.Append(new CircuitBuilder(2), ConvolutionBlock.SU4, 0, 1, "u").Build();
        var su4Controlled = ConvolutionBlocks.Append(new CircuitBuilder(2), ConvolutionBlock.SU4, 0, 1, "u").CRX(ParamExpr.Trainable("c"), 0, 1).Build();
        CircuitBuilder Local() => new CircuitBuilder(2, 1)
            .U(ParamExpr.Trainable("a0"), ParamExpr.Trainable("a1"), ParamExpr.Trainable("a2"), 0)
            .U(ParamExpr.Trainable("b0"), ParamExpr.Trainable("b1"), ParamExpr.Trainable("b2"), 1);
        var local = Local().Build();
        var quantum = Local().CRX(ParamExpr.Trainable("c"), 0, 1).Build();
        var classical = Local().Measure(0, 0).If(0, true, b => b.RX(ParamExpr.Trainable("c"), 1)).Build();
        return new AbsorbedControlResult(Rank(su4), Rank(su4Controlled), Rank(local), Rank(quantum), Rank(classical));
    }
}

/// <summary>Fisher ranks of the absorbed-control comparison (see <see cref="QcnnCapacity.AbsorbedControl"/>).</summary>
/// <param name="InsideWithout">One processor, SU(4) block alone (15 parameters).</param>
/// <param name="InsideWith">One processor, SU(4) block then CRX (16 parameters).</param>
/// <param name="AcrossWithout">Two processors, local U3 on each (6 parameters): no communication.</param>
/// <param name="AcrossQuantum">Two processors, local U3s then a CRX between them (7 parameters): quantum communication.</param>
/// <param name="AcrossClassical">Two processors, local U3s, measure processor A, conditioned RX on B (7 parameters): classical communication.</param>
public sealed record AbsorbedControlResult(int InsideWithout, int InsideWith, int AcrossWithout, int AcrossQuantum, int AcrossClassical);
