using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using Dqml.Analysis.Capacity;
using Dqml.Analysis.Entanglement;
using Dqml.Analysis.NonlocalGames;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;
using Dqml.Experiments.Training;
using Dqml.Learning.Baselines;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;
using Dqml.Learning.Training;
using Dqml.Simulation;

namespace Dqml.Experiments.Runs;

/// <summary>
/// Runs one point of a sweep with the learning and analysis stack: a train run builds the model and data as
/// <c>dqml train</c> does (<see cref="ModelFactory"/>, <see cref="TrainingDataLoader"/>) and calls
/// <see cref="Trainer.Train"/> with one thread; a capacity run calls <see cref="QcnnCapacity.Measure"/> (and writes
/// its <see cref="CapacitySpectrum"/> to the run folder); a chsh
/// run scores the CHSH game (<see cref="ChshGame"/>) and trains the distributed classifier of
/// <see cref="ClassifierGame"/>; an entanglement run calls <see cref="EntanglementLearning.Sweep"/> for one
/// (pair, K) point. Every number depends only on the run's settings, never on how many runs share the machine.
/// </summary>
public sealed class RunExecutor
{
    /// <summary>Steps between checkpoints of a train run (its folder under <c>runs/</c>) when validateEvery is not given.</summary>
    public const int DefaultCheckpointEvery = 50;

    /// <summary>Epochs of the <c>mlp</c> baseline (Adam, batch 32): well under a second on hwang2025.</summary>
    public const int BaselineMlpEpochs = 100;

    private static readonly JsonSerializerOptions BaselineJson = new() { WriteIndented = true };

    private readonly ExperimentSpec _spec;
    private readonly string _specDirectory;
    private readonly ConcurrentDictionary<string, Lazy<TrainingData>> _data = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ulong, Lazy<LabeledSplit>> _hwangData = new();
    private readonly Lazy<int> _largestModel;

    /// <summary>Creates an executor for the runs of <paramref name="spec"/>.</summary>
    public RunExecutor(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _specDirectory = Path.GetDirectoryName(Path.GetFullPath(spec.SourceFile)) ?? Directory.GetCurrentDirectory();
        _largestModel = new Lazy<int>(LargestModelParameters);
    }

    /// <summary>Validation rows a knit run re-estimates at each shot budget when <c>training.shotRows</c> is not given.</summary>
    public const int DefaultShotRows = 64;

    /// <summary>Metric of a knit run with <c>training.shots</c>: validation accuracy (on the first shotRows rows) at <paramref name="shots"/> shots per input.</summary>
    public static string ShotAccuracyMetric(long shots) => string.Create(CultureInfo.InvariantCulture, $"shotAccuracy_s{shots}");

    /// <summary>Metric of a run with idle noise (<c>model.t1</c>): the one-way latency of a bit between the processors, microseconds.</summary>
    public const string LinkLatencyMetric = "linkLatencyMicroseconds";

    /// <summary>
    /// Hidden units of the <c>mlp</c> baseline when <c>training.mlpHidden</c> is not given: the most whose parameter
    /// count d·h + 2h + 1 does not exceed <paramref name="modelParameters"/> (the largest quantum model of the
    /// experiment), at least 1. Hwang et al. QC at L = 9 (12L+28 = 136) with d = 8: h = 13, 131 parameters.
    /// </summary>
    public static int DefaultMlpHidden(int inputDimension, int modelParameters) =>
        Math.Max(1, (modelParameters - 1) / (inputDimension + 2));

    /// <summary>
    /// The model request of a run's settings. <c>bellPairs</c> K turns scheme <c>bell</c> (or no scheme) into
    /// <c>bell:K</c>; K = 0 means no pairs: scheme <c>nc</c>, and the pair settings <c>visibility</c> and
    /// <c>pairAngle</c> are dropped (there is no pair for them to describe).
    /// </summary>
    /// <exception cref="ExperimentInputException">bellPairs with a scheme other than bell.</exception>
    public static ModelRequest ModelRequestFor(IReadOnlyDictionary<string, SpecValue> s)
    {
        ArgumentNullException.ThrowIfNull(s);
        string? scheme = ExperimentSpec.Get<string?>(s, "model.scheme", null);
        bool noPairs = false;
        if (s.TryGetValue("model.bellPairs", out var pairs))
        {
            if (scheme is not null && HwangQcnn.ParseScheme(scheme).Scheme != HwangScheme.BellSources)
            {
                throw new ExperimentInputException(
                    $"model.bellPairs at {pairs.Where()} applies to scheme bell only (the scheme is {scheme} at {s["model.scheme"].Where()})");
            }

            noPairs = (long)pairs.Value == 0;
            scheme = noPairs ? "nc" : string.Create(CultureInfo.InvariantCulture, $"bell:{(long)pairs.Value}");
        }

        return new ModelRequest(
            ExperimentSpec.Get(s, "model.model", ModelFactory.HwangQcnnName),
            scheme,
            Int(s, "model.depth"),
            ExperimentSpec.Get<string?>(s, "model.block", null),
            ExperimentSpec.Get<string?>(s, "model.embedding", null),
            ExperimentSpec.Get<string?>(s, "model.readout", null),
            noPairs ? null : Double(s, "model.visibility"),
            noPairs ? null : Double(s, "model.pairAngle"),
            Int(s, "model.processorCapacity"),
            TimingFor(s),
            ExperimentSpec.Get<string?>(s, "model.singleEmbedding", null),
            ExperimentSpec.Get<string?>(s, "model.qcBlock", null),
            ExperimentSpec.Get<string?>(s, "model.ccBlock", null));
    }

    /// <summary>The idle-noise settings of a run: null without <c>model.t1</c> (the other timing fields then are an error).</summary>
    private static HwangTiming? TimingFor(IReadOnlyDictionary<string, SpecValue> s)
    {
        string[] needT1 = ["model.t2", "model.controller", "model.fibreKm", "model.gateTimes", "model.remoteGates"];
        if (Double(s, "model.t1") is not double t1)
        {
            foreach (string key in needT1)
            {
                if (s.TryGetValue(key, out var v))
                {
                    throw new ExperimentInputException($"{key} at {v.Where()} needs model.t1: timing only matters when qubits decohere");
                }
            }

            return null;
        }

        return new HwangTiming(
            t1,
            Double(s, "model.t2"),
            ExperimentSpec.Get<string?>(s, "model.controller", null),
            Double(s, "model.fibreKm") ?? 0,
            ExperimentSpec.Get(s, "model.gateTimes", "superconducting"),
            ExperimentSpec.Get(s, "model.remoteGates", "telegate"));
    }

    /// <summary>
    /// Checks every run of an experiment of <paramref name="kind"/> before the first starts: train and capacity
    /// runs build their models (<see cref="CheckModels"/>), chsh and entanglement runs resolve their pair
    /// (<see cref="PairSettings"/>).
    /// </summary>
    /// <exception cref="ExperimentInputException">A run's settings are rejected; the message names the run.</exception>
    public static void Check(ExperimentKind kind, IEnumerable<ExperimentRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        string? pairSection = kind switch
        {
            ExperimentKind.Chsh => SpecFields.Chsh,
            ExperimentKind.Entanglement => SpecFields.Entanglement,
            _ => null,
        };
        if (pairSection is null)
        {
            CheckModels(runs);
            return;
        }

        foreach (var run in runs)
        {
            try
            {
                _ = PairSettings.Resolve(run.Settings, pairSection);
            }
            catch (ExperimentInputException e)
            {
                throw new ExperimentInputException($"run {run.Id}: {e.Message}", e);
            }
        }
    }

    /// <summary>Builds the model of every distinct model configuration among <paramref name="runs"/>, so a bad combination fails before any run starts.</summary>
    /// <exception cref="ExperimentInputException">A run's model cannot be built; the message names the run.</exception>
    public static void CheckModels(IEnumerable<ExperimentRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var seen = new HashSet<ModelRequest>();
        foreach (var run in runs)
        {
            try
            {
                var request = ModelRequestFor(run.Settings);
                if (seen.Add(request))
                {
                    _ = ModelFactory.Build(request);
                }
            }
            catch (ExperimentInputException e)
            {
                throw new ExperimentInputException($"run {run.Id}: {e.Message}", e);
            }
        }
    }

    /// <summary>Runs <paramref name="run"/>; files of its own (metrics.csv, checkpoint) go to <paramref name="runDirectory"/> when given.</summary>
    /// <exception cref="ExperimentInputException">The run's settings are rejected by the layers; the message names the run.</exception>
    public RunRecord Execute(ExperimentRun run, string? runDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var sw = Stopwatch.StartNew();
        try
        {
            var metrics = _spec.Kind switch
            {
                ExperimentKind.Train => run.Baseline is { } baseline ? Baseline(run, baseline, runDirectory) : Train(run, runDirectory, cancellationToken),
                ExperimentKind.Capacity => Capacity(run, runDirectory),
                ExperimentKind.Chsh => Chsh(run),
                ExperimentKind.Entanglement => Entanglement(run),
                _ => throw new InvalidOperationException($"unknown kind {_spec.Kind}"),
            };
            var axes = run.Axes.Select(a => new KeyValuePair<string, string>(a.Key, a.Value.Format())).ToList();
            return new RunRecord(run.Id, run.Index, axes, metrics, sw.Elapsed.TotalSeconds);
        }
        catch (ExperimentInputException e)
        {
            throw new ExperimentInputException($"run {run.Id}: {e.Message}", e);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            throw new ExperimentInputException($"run {run.Id}: {e.Message}", e);
        }
    }

    private List<KeyValuePair<string, double>> Train(ExperimentRun run, string? runDirectory, CancellationToken token)
    {
        var s = run.Settings;
        var built = ModelFactory.Build(ModelRequestFor(s));
        var data = Data(s, built.Model.FeatureCount);
        if (data.Train.Dimension != built.Model.FeatureCount)
        {
            throw new ExperimentInputException(
                $"model {built.Model.Name} reads {built.Model.FeatureCount} features; data set {data.Description.Name} has {data.Train.Dimension}");
        }

        int? epochs = Int(s, "training.epochs");
        int? iterations = epochs is null ? Int(s, "training.iterations") ?? TrainingDefaults.Iterations : null;
        int validateEvery = Int(s, "training.validateEvery") ?? iterations ?? DefaultCheckpointEvery;
        var options = new TrainerOptions
        {
            Iterations = iterations,
            Epochs = epochs,
            BatchSize = Int(s, "training.batch") ?? TrainingDefaults.Batch,
            LearningRate = Double(s, "training.lr") ?? TrainingDefaults.LearningRate,
            Optimizer = ExperimentSpec.Get(s, "training.optimizer", "adam"),
            Schedule = ExperimentSpec.Get(s, "training.schedule", "constant"),
            Loss = Loss.Parse(ExperimentSpec.Get(s, "training.loss", "mse")),
            Seed = Seed(s, "training.seed"),
            Threads = 1,
            ValidateEvery = validateEvery,
            EarlyStoppingPatience = Int(s, "training.patience"),
            CheckpointEvery = runDirectory is null ? null : Math.Min(validateEvery, DefaultCheckpointEvery),
            OutputDirectory = runDirectory,
        };
        TrainingResult result;
        try
        {
            result = Trainer.Train(built.Model, data.Train, data.Validation, options, null, token);
        }
        catch (CheckpointException e)
        {
            throw new ExperimentInputException(e.Message, e);
        }

        token.ThrowIfCancellationRequested();
        if (runDirectory is not null)
        {
            RunFolder.Write(runDirectory, Describe(run), result, built.Model.ParameterNames);
        }

        var metrics = new List<KeyValuePair<string, double>>
        {
            new("trainAccuracy", result.FinalTrainAccuracy),
            new("validationAccuracy", result.FinalValidationAccuracy),
            new("trainLoss", result.FinalTrainLoss),
            new("validationLoss", result.FinalValidationLoss),
            new("parameterCount", built.Model.ParameterCount),
            new("expectedParameterCount", built.ExpectedParameterCount),
            new("steps", result.Steps),
        };
        if (built.Hwang?.Timing is { } timing)
        {
            // Microseconds: the summary tables round to 4 decimals.
            metrics.Add(new(LinkLatencyMetric, 1e6 * built.Hwang.Options.Architecture!.Links[0].Classical!.LatencySeconds));
            metrics.Add(new("makespanMicroseconds", 1e6 * timing.MakespanSeconds));
            metrics.Add(new("idleMicroseconds", 1e6 * timing.IdleSeconds));
        }

        if (built.Hwang is { Options.Scheme: HwangScheme.Knitting } hwang)
        {
            // The trainer computes exact expectations; knitting would need gamma^2 times the shots for the same error.
            double overhead = hwang.KnittingShotOverhead(result.SelectedParameters);
            metrics.Add(new("knittingShotOverhead", overhead));
            metrics.Add(new("knittingGamma", Math.Sqrt(overhead)));
            if (s.TryGetValue("training.shots", out var budgets))
            {
                // Each budget re-estimates the same rows with its own seed stream; the exact accuracy on those rows is the infinite budget.
                int rows = Int(s, "training.shotRows") ?? DefaultShotRows;
                ulong evaluationSeed = DeterministicRandom.ForStream(Seed(s, "training.seed"), 0x5107).NextUInt64();
                var results = KnittedEvaluation.Evaluate(hwang, result.SelectedParameters, data.Validation, [.. ((long[])budgets.Value).Select(n => checked((int)n))], rows, evaluationSeed);
                foreach (var budget in results)
                {
                    metrics.Add(new(ShotAccuracyMetric(budget.Shots), budget.Accuracy));
                    metrics.Add(new(string.Create(CultureInfo.InvariantCulture, $"shotErrorBound_s{budget.Shots}"), budget.MeanStandardErrorBound));
                }

                // The sampler's gamma (its decompositions of the bound gates; the largest over the rows) beside the
                // optimal knittingGamma above: the shots it needs scale with its square.
                metrics.Add(new("shotRowsExactAccuracy", results[0].ExactAccuracy));
                metrics.Add(new("samplerGamma", results[0].Gamma));
            }
        }

        return metrics;
    }

    /// <summary>
    /// Trains the classical baseline <paramref name="name"/> on the data and split of the run's settings (the data of
    /// the grid's first model configuration at the run's seed and data axes): <c>logistic</c> is
    /// <see cref="LogisticRegression"/> (Newton, L2 1e-4; it does not use the seed), <c>mlp</c> a d-h-1 tanh
    /// <see cref="MlpClassifier"/> (Adam lr 0.01, batch 32, <see cref="BaselineMlpEpochs"/> epochs, MSE against ±1,
    /// Glorot start from <c>training.seed</c>) with h = <c>training.mlpHidden</c> or <see cref="DefaultMlpHidden"/>.
    /// Both run on the calling thread only.
    /// </summary>
    private List<KeyValuePair<string, double>> Baseline(ExperimentRun run, string name, string? runDirectory)
    {
        var s = run.Settings;
        var built = ModelFactory.Build(ModelRequestFor(s));
        var data = Data(s, built.Model.FeatureCount);
        ulong seed = Seed(s, "training.seed");
        var metrics = new List<KeyValuePair<string, double>>();
        IBinaryClassifier classifier;
        var config = Describe(run);
        switch (name)
        {
            case "logistic":
                var logistic = LogisticRegression.Fit(data.Train, seed);
                classifier = logistic;
                metrics.Add(new("steps", logistic.Iterations));
                config["baseline"] = "logistic regression, Newton, L2 1e-4";
                break;
            case "mlp":
                int hidden = Int(s, "training.mlpHidden") ?? DefaultMlpHidden(data.Train.Dimension, _largestModel.Value);
                var options = new MlpOptions { HiddenUnits = hidden, Epochs = BaselineMlpEpochs };
                var mlp = MlpClassifier.Fit(data.Train, seed, options);
                classifier = mlp;
                int batches = (data.Train.Count + options.BatchSize - 1) / options.BatchSize;
                metrics.Add(new("steps", (double)batches * options.Epochs));
                metrics.Add(new("hiddenUnits", hidden));
                config["baseline"] = string.Create(
                    CultureInfo.InvariantCulture,
                    $"MLP {data.Train.Dimension}-{hidden}-1 tanh, Adam lr {options.LearningRate}, batch {options.BatchSize}, {options.Epochs} epochs, MSE against ±1");
                break;
            default:
                throw new ExperimentInputException($"unknown baseline '{name}': use {string.Join(", ", SpecFields.BaselineNames)}");
        }

        metrics.InsertRange(0, [
            new("trainAccuracy", classifier.Accuracy(data.Train)),
            new("validationAccuracy", classifier.Accuracy(data.Validation)),
            new("parameterCount", classifier.ParameterCount),
        ]);
        if (runDirectory is not null)
        {
            ResultStore.WriteAtomically(Path.Combine(runDirectory, RunFolder.ConfigFile), JsonSerializer.Serialize(config, BaselineJson));
        }

        return metrics;
    }

    /// <summary>
    /// The largest trainable-parameter count among the experiment's own (non-baseline) models: the size the default
    /// MLP baseline is matched to.
    /// </summary>
    private int LargestModelParameters()
    {
        var seen = new HashSet<ModelRequest>();
        int largest = 0;
        foreach (var run in SweepGrid.Expand(_spec).Where(r => r.Baseline is null))
        {
            var request = ModelRequestFor(run.Settings);
            if (seen.Add(request))
            {
                largest = Math.Max(largest, ModelFactory.Build(request).Model.ParameterCount);
            }
        }

        return largest;
    }

    private static List<KeyValuePair<string, double>> Chsh(ExperimentRun run)
    {
        var s = run.Settings;
        var pair = PairSettings.Resolve(s, SpecFields.Chsh);
        var defaults = new ClassifierGameOptions();
        var options = new ClassifierGameOptions
        {
            Pair = pair,
            Iterations = Int(s, "chsh.iterations") ?? defaults.Iterations,
            LearningRate = Double(s, "chsh.lr") ?? defaults.LearningRate,
            SampleCount = Int(s, "chsh.samples") ?? defaults.SampleCount,
            BatchSize = Int(s, "chsh.batch") ?? defaults.BatchSize,
            Seed = Seed(s, "chsh.seed"),
            Threads = 1,
        };
        var trained = ClassifierGame.Train(options);
        double fixedAngles = ClassifierGame.WinProbability(ClassifierGame.Build(pair), ClassifierGame.OptimalChshParameters());
        var metrics = new List<KeyValuePair<string, double>>
        {
            new("classicalValue", ChshGame.ClassicalValue()),
            new("quantumValue", ChshGame.QuantumValue()),
            new("noisyValue", pair.Kind == PairKind.Werner ? ChshGame.NoisyValue(pair.Visibility!.Value) : fixedAngles),
            new("fixedAngleWinProbability", fixedAngles),
            new("winProbability", trained.WinProbability),
            new("optimalWinProbability", trained.OptimalWinProbability),
            new("pairConcurrence", pair.Concurrence()),
            new("concurrenceFormula", pair.ConcurrenceFormula),
        };
        if (pair.Visibility is double v)
        {
            metrics.Add(new("pairVisibility", v));
            metrics.Add(new("noisyValueFormula", ChshGame.WernerValueFormula(v)));
        }

        return metrics;
    }

    private List<KeyValuePair<string, double>> Entanglement(ExperimentRun run)
    {
        var s = run.Settings;
        var pair = PairSettings.Resolve(s, SpecFields.Entanglement);
        var defaults = new EntanglementSweepOptions();
        ulong dataSeed = Seed(s, "entanglement.dataSeed");
        var data = _hwangData.GetOrAdd(dataSeed, seed => new Lazy<LabeledSplit>(() => HwangDataset.Generate(seed).Split)).Value;
        int pairs = Int(s, "entanglement.pairs") ?? 1;
        var options = new EntanglementSweepOptions
        {
            Pairs = [pair],
            PairCounts = [pairs],
            Depth = Int(s, "entanglement.depth") ?? defaults.Depth,
            Iterations = Int(s, "entanglement.iterations") ?? defaults.Iterations,
            BatchSize = Int(s, "entanglement.batch") ?? defaults.BatchSize,
            LearningRate = Double(s, "entanglement.lr") ?? defaults.LearningRate,
            Readout = ExperimentSpec.Get(s, "entanglement.readout", "interpret") == "parity" ? ReadoutKind.Parity : ReadoutKind.Interpret,
            Seed = Seed(s, "entanglement.seed"),
            Threads = 1,
            Data = data,
            TrainRows = Int(s, "entanglement.trainRows"),
            ValidationRows = Int(s, "entanglement.validationRows"),
        };
        var p = EntanglementLearning.Sweep(options)[0];
        var metrics = new List<KeyValuePair<string, double>>
        {
            new("pairCount", pairs),
            new("pairConcurrence", p.Concurrence),
            new("concurrenceFormula", p.ConcurrenceFormula),
            new("entropy", p.AfterEmbedding.EntropyA),
            new("negativity", p.AfterEmbedding.LogNegativity),
            new("purity", p.AfterEmbedding.Purity),
            new("entropyBeforeReadout", p.BeforeReadout.EntropyA),
            new("negativityBeforeReadout", p.BeforeReadout.LogNegativity),
            new("trainAccuracy", p.TrainAccuracy),
            new("validationAccuracy", p.ValidationAccuracy),
            new("validationLoss", p.ValidationLoss),
            new("parameterCount", p.ParameterCount),
        };
        if (pair.Visibility is double v)
        {
            metrics.Add(new("pairVisibility", v));
        }

        return metrics;
    }

    private static List<KeyValuePair<string, double>> Capacity(ExperimentRun run, string? runDirectory)
    {
        var s = run.Settings;
        var built = ModelFactory.Build(ModelRequestFor(s));
        if (built.Model is not CircuitModel model)
        {
            throw new ExperimentInputException($"model {built.Model.Name} is not a circuit model: its capacity cannot be measured");
        }

        var options = new CapacityOptions
        {
            ParameterSamples = Int(s, "capacity.samples") ?? CapacityOptions.Default.ParameterSamples,
            Inputs = Int(s, "capacity.inputs") ?? CapacityOptions.Default.Inputs,
            InputKind = ExperimentSpec.Get(s, "capacity.input", "states") == "data" ? OutcomeInputKind.Features : OutcomeInputKind.States,
            Gamma = Double(s, "capacity.gamma") ?? CapacityOptions.Default.Gamma,
            Seed = Seed(s, "capacity.seed"),
            Threads = 1,
        };
        var point = QcnnCapacity.Measure(model, run.Id, options);
        var r = point.Result;
        var metrics = new List<KeyValuePair<string, double>>
        {
            new("parameterCount", point.ParameterCount),
            new("maxFisherRank", r.MaxFisherRank),
            new("meanFisherRank", r.MeanFisherRank),
            new("meanFisherTrace", r.MeanFisherTrace),
        };
        for (int i = 0; i < r.DatasetSizes.Length; i++)
        {
            string n = r.DatasetSizes[i].ToString("R", CultureInfo.InvariantCulture);
            metrics.Add(new($"effectiveDimension_n{n}", r.Values[i]));
            metrics.Add(new($"normalisedEffectiveDimension_n{n}", r.NormalisedValues[i]));
        }

        if (runDirectory is not null)
        {
            // The averaged normalised Fisher spectrum (one value per parameter) goes beside the record, not into it:
            // as metrics it would add P columns to every summary table.
            CapacitySpectrum.From(r).Write(runDirectory);
        }

        return metrics;
    }

    private TrainingData Data(IReadOnlyDictionary<string, SpecValue> s, int modelFeatures)
    {
        string dataset = ExperimentSpec.Get(s, "data.dataset", TrainingDataLoader.Hwang2025);
        string? labels = ExperimentSpec.Get<string?>(s, "data.labels", null);
        if (!string.Equals(dataset, TrainingDataLoader.Hwang2025, StringComparison.OrdinalIgnoreCase))
        {
            dataset = Path.GetFullPath(dataset, _specDirectory);
            labels = labels is null ? null : Path.GetFullPath(labels, _specDirectory);
        }

        var request = new DataRequest(
            dataset,
            labels,
            s.TryGetValue("data.classes", out var c) ? [.. ((long[])c.Value).Select(x => checked((int)x))] : null,
            Int(s, "data.pca"),
            Seed(s, "data.dataSeed"));
        string key = string.Create(
            CultureInfo.InvariantCulture,
            $"{request.Dataset}|{request.Labels}|{string.Join(",", request.Classes ?? [])}|{request.Pca}|{request.DataSeed}|{modelFeatures}");
        return _data.GetOrAdd(key, _ => new Lazy<TrainingData>(() => TrainingDataLoader.Load(request, modelFeatures))).Value;
    }

    private static Dictionary<string, object> Describe(ExperimentRun run)
    {
        var d = new Dictionary<string, object>(StringComparer.Ordinal) { ["id"] = run.Id };
        foreach (var (key, value) in run.Settings.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            d[key] = value.Value;
        }

        return d;
    }

    private static int? Int(IReadOnlyDictionary<string, SpecValue> s, string key) =>
        s.TryGetValue(key, out var v) ? checked((int)(long)v.Value) : null;

    private static double? Double(IReadOnlyDictionary<string, SpecValue> s, string key) =>
        s.TryGetValue(key, out var v) ? (double)v.Value : null;

    private static ulong Seed(IReadOnlyDictionary<string, SpecValue> s, string key) =>
        s.TryGetValue(key, out var v) ? (ulong)(long)v.Value : TrainingDefaults.Seed;
}
