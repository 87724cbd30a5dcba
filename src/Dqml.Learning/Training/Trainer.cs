using System.Diagnostics;
using System.Threading;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Optimizers;
using Dqml.Simulation;

namespace Dqml.Learning.Training;

/// <summary>
/// Mini-batch training of an <see cref="IDifferentiableModel"/> with Adam, SGD, Nesterov SGD or SPSA, with
/// validation, early stopping and resumable checkpoints.
/// </summary>
/// <remarks>
/// <para>
/// Each step: draw the step's mini-batch (a function of (seed, step) only, see <see cref="TrainerOptions"/>),
/// evaluate loss and gradient at the current parameters (<c>LossAndGradient</c>; SPSA instead evaluates the
/// batch loss at the current parameters and at two perturbed points with <c>Predict</c>), update the
/// parameters, then, every <see cref="TrainerOptions.ValidateEvery"/> steps and after the last one, evaluate
/// the validation set with <c>Predict</c>.
/// </para>
/// <para>
/// Determinism: the trainer draws every random number from <see cref="DeterministicRandom"/> streams of
/// <see cref="TrainerOptions.Seed"/>, sums in a fixed order and passes <see cref="TrainerOptions.Threads"/>
/// to the model only, so same seed and options give bit-identical parameters for any thread count — and a run
/// resumed from a checkpoint gives the same parameters as an uninterrupted one.
/// </para>
/// <para>
/// Cost per step: one <c>LossAndGradient</c> on the batch (SPSA: three batch <c>Predict</c> calls), plus one
/// validation <c>Predict</c> when validating; at the end one <c>Predict</c> on the training and the validation
/// set.
/// </para>
/// </remarks>
public static class Trainer
{
    private const ulong SpsaDomain = 0x7370_7361UL; // "spsa"

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="train"/>, validating on <paramref name="validation"/>
    /// if given. With <see cref="TrainerOptions.OutputDirectory"/> set it writes <c>checkpoint.json</c> there
    /// (atomically) and resumes from an existing one.
    /// </summary>
    /// <param name="model">The model; its <c>FeatureCount</c> must equal the data sets' dimension.</param>
    /// <param name="train">Training set with exactly two classes (the larger label becomes +1).</param>
    /// <param name="validation">Optional validation set with the same two classes.</param>
    /// <param name="options">Run settings.</param>
    /// <param name="progress">Receives a <see cref="TrainingProgress"/> after every step, synchronously on the training thread.</param>
    /// <param name="cancellationToken">
    /// Checked before every step. On cancellation the run writes its checkpoint (when it has an output
    /// directory) and returns with <see cref="StopReason.Cancelled"/> and without the final evaluation.
    /// </param>
    /// <returns>Final and best parameters, per-step history and final metrics.</returns>
    /// <exception cref="ArgumentException">
    /// Invalid options, a data set without exactly two classes, a dimension that does not match the model, or
    /// early stopping without a validation set.
    /// </exception>
    /// <exception cref="CheckpointException">The checkpoint in the output directory is corrupt or from another run.</exception>
    /// <exception cref="InvalidOperationException">The model returned malformed or non-finite values (training diverged).</exception>
    public static TrainingResult Train(
        IDifferentiableModel model,
        Dataset train,
        Dataset? validation,
        TrainerOptions options,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.EarlyStoppingPatience is not null && validation is null)
        {
            throw new ArgumentException("TrainerOptions.EarlyStoppingPatience needs a validation data set.", nameof(validation));
        }

        var (negative, positive) = RequireBinary(train, "training", nameof(train));
        var trainSet = train.ToSignedLabels(positive);
        Dataset? validationSet = null;
        if (validation is not null)
        {
            var classes = RequireBinary(validation, "validation", nameof(validation));
            if (classes != (negative, positive))
            {
                throw new ArgumentException(
                    $"The validation set '{validation.Name}' has classes {classes.Negative} and {classes.Positive}, " +
                    $"the training set '{train.Name}' {negative} and {positive}.",
                    nameof(validation));
            }

            validationSet = validation.ToSignedLabels(positive);
        }

        CheckDimension(model, train, nameof(train));
        if (validation is not null)
        {
            CheckDimension(model, validation, nameof(validation));
        }

        var run = new Run(model, trainSet, validationSet, options, progress);
        return run.Execute(train, validation, cancellationToken);
    }

    /// <summary>A seed derived from <paramref name="seed"/> for one use (<paramref name="domain"/>), so uses do not share streams.</summary>
    internal static ulong SubSeed(ulong seed, ulong domain) => DeterministicRandom.ForStream(seed, domain).NextUInt64();

    private static (int Negative, int Positive) RequireBinary(Dataset data, string role, string parameter)
    {
        try
        {
            return DataChecks.RequireBinary(data);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"Cannot train on the {role} set: {e.Message}", parameter, e);
        }
    }

    private static void CheckDimension(IDifferentiableModel model, Dataset data, string parameter)
    {
        if (data.Dimension != model.FeatureCount)
        {
            throw new ArgumentException(
                $"Data set '{data.Name}' has {data.Dimension} features but model '{model.Name}' reads {model.FeatureCount}.", parameter);
        }
    }

    /// <summary>Mean loss and accuracy of decision values against the ±1 labels of <paramref name="data"/> (summed in row order).</summary>
    private static (double Loss, double Accuracy) Score(double[] outputs, Dataset data, Loss loss)
    {
        var labels = data.Labels;
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            sum += loss.Value(outputs[i], labels[i]);
        }

        return (sum / outputs.Length, Loss.Accuracy(outputs, labels));
    }

    /// <summary>The state of one call to <see cref="Train"/>.</summary>
    private sealed class Run
    {
        private readonly IDifferentiableModel _model;
        private readonly Dataset _train;
        private readonly Dataset? _validation;
        private readonly TrainerOptions _options;
        private readonly IProgress<TrainingProgress>? _progress;
        private readonly BatchPlan _plan;
        private readonly IOptimizer? _gradientOptimizer;
        private readonly Spsa? _spsa;
        private readonly IStatefulOptimizer _stateful;
        private readonly ILearningRateSchedule _schedule;
        private readonly Stopwatch _clock = new();
        private Dictionary<string, string> _fingerprint = [];
        private double[] _parameters = [];
        private List<TrainingHistoryEntry> _history = [];
        private EarlyStoppingState? _best;
        private double _elapsedOffset;

        public Run(IDifferentiableModel model, Dataset train, Dataset? validation, TrainerOptions options, IProgress<TrainingProgress>? progress)
        {
            _model = model;
            _train = train;
            _validation = validation;
            _options = options;
            _progress = progress;
            _plan = new BatchPlan(train.Count, options);
            _schedule = options.CreateSchedule(_plan.TotalSteps);
            IStatefulOptimizer optimizer = options.Optimizer switch
            {
                "spsa" => new Spsa(options.LearningRate, options.SpsaPerturbation, SubSeed(options.Seed, SpsaDomain), options.SpsaStabilityConstant),
                "sgd" => new Sgd(_schedule),
                "nesterov" => new Sgd(_schedule, TrainerOptions.NesterovMomentum, nesterov: true),
                _ => new Adam(_schedule),
            };
            _stateful = optimizer;
            _spsa = optimizer as Spsa;
            _gradientOptimizer = optimizer as IOptimizer;
        }

        private double Elapsed => _elapsedOffset + _clock.Elapsed.TotalSeconds;

        public TrainingResult Execute(Dataset originalTrain, Dataset? originalValidation, CancellationToken cancellationToken)
        {
            _clock.Start();
            string? directory = _options.OutputDirectory;
            int total = _plan.TotalSteps;
            int? patience = _options.EarlyStoppingPatience;
            _fingerprint = TrainingCheckpoint.FingerprintOf(_model, originalTrain, originalValidation, _options);
            var checkpoint = directory is null ? null : TrainingCheckpoint.TryRead(directory, _fingerprint);
            int step = checkpoint is null ? Start() : Resume(checkpoint, directory!);
            int savedStep = checkpoint?.Step ?? -1;

            StopReason? reason = _best is not null && _best.ValidationsWithoutImprovement >= patience ? StopReason.EarlyStopping : null;
            while (reason is null && step < total)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    reason = StopReason.Cancelled;
                    break;
                }

                var (learningRate, batchLoss, batchAccuracy) = TakeStep(step);
                step++;
                double validationLoss = double.NaN, validationAccuracy = double.NaN;
                if (_validation is not null && (step % _options.ValidateEvery == 0 || step == total))
                {
                    (validationLoss, validationAccuracy) = Evaluate(_parameters, _validation);
                    if (_best is not null && UpdateBest(validationLoss, step) >= patience)
                    {
                        reason = StopReason.EarlyStopping;
                    }
                }

                double elapsed = Elapsed;
                _history.Add(new TrainingHistoryEntry(
                    step, _plan.Epoch(step - 1), learningRate, batchLoss, batchAccuracy, validationLoss, validationAccuracy, elapsed));
                _progress?.Report(new TrainingProgress(step, total, batchLoss, validationAccuracy, elapsed));
                if (directory is not null && _options.CheckpointEvery is int every && step % every == 0)
                {
                    Save(directory, step);
                    savedStep = step;
                }
            }

            reason ??= StopReason.Completed;
            if (directory is not null && savedStep != step)
            {
                Save(directory, step);
            }

            double[]? bestParameters = _best is { BestStep: > 0 } ? (double[])_best.BestParameters.Clone() : null;
            var result = new TrainingResult
            {
                ModelName = _model.Name,
                Parameters = (double[])_parameters.Clone(),
                BestParameters = bestParameters,
                BestStep = bestParameters is null ? null : _best!.BestStep,
                BestValidationLoss = bestParameters is null ? double.NaN : _best!.BestLoss,
                History = _history.ToArray(),
                TotalSteps = total,
                ResumedFromStep = checkpoint?.Step,
                StopReason = reason.Value,
                TotalSeconds = 0,
            };
            if (reason != StopReason.Cancelled)
            {
                var selected = result.SelectedParameters;
                var (trainLoss, trainAccuracy) = Evaluate(selected, _train);
                var (validationLoss, validationAccuracy) = _validation is null ? (double.NaN, double.NaN) : Evaluate(selected, _validation);
                result = result with
                {
                    FinalTrainLoss = trainLoss,
                    FinalTrainAccuracy = trainAccuracy,
                    FinalValidationLoss = validationLoss,
                    FinalValidationAccuracy = validationAccuracy,
                };
            }

            return result with { TotalSeconds = Elapsed };
        }

        /// <summary>A fresh run: initial parameters from the seed. Returns the first step (0).</summary>
        private int Start()
        {
            var initial = _model.InitialParameters(_options.Seed);
            if (initial is null || initial.Length != _model.ParameterCount)
            {
                throw new InvalidOperationException(
                    $"Model '{_model.Name}' returned {initial?.Length ?? 0} initial parameters but declares {_model.ParameterCount}.");
            }

            _parameters = (double[])initial.Clone();
            CheckFinite(_parameters, "initial parameters");
            _best = _options.EarlyStoppingPatience is null ? null : new EarlyStoppingState(double.PositiveInfinity, 0, (double[])_parameters.Clone(), 0);
            return 0;
        }

        /// <summary>Restores the state of <paramref name="checkpoint"/>. Returns its step.</summary>
        private int Resume(TrainingCheckpoint checkpoint, string directory)
        {
            checkpoint.CheckConsistent(directory, _model.ParameterCount, _plan.TotalSteps, _options.EarlyStoppingPatience is not null);
            try
            {
                _stateful.ImportState(checkpoint.Optimizer);
            }
            catch (ArgumentException e)
            {
                throw TrainingCheckpoint.Corrupt(Path.Combine(directory, TrainingCheckpoint.FileName), $"its optimizer state cannot be restored ({e.Message})", e);
            }

            _parameters = (double[])checkpoint.Parameters.Clone();
            _history = [.. checkpoint.History];
            _best = checkpoint.EarlyStopping is null ? null : checkpoint.EarlyStopping with { BestParameters = (double[])checkpoint.EarlyStopping.BestParameters.Clone() };
            _elapsedOffset = checkpoint.ElapsedSeconds;
            return checkpoint.Step;
        }

        /// <summary>One optimizer step from 0-based step <paramref name="step"/>; returns the rate and the batch metrics before the update.</summary>
        private (double LearningRate, double BatchLoss, double BatchAccuracy) TakeStep(int step)
        {
            var batch = _plan.WholeSet ? _train : _train.Subset(_plan.Indices(step));
            double learningRate, batchLoss, batchAccuracy;
            if (_spsa is not null)
            {
                learningRate = _spsa.StepGain(_spsa.Iteration);
                (batchLoss, batchAccuracy) = Evaluate(_parameters, batch);
                _spsa.Step(_parameters, p => Evaluate(p, batch).Loss);
            }
            else
            {
                learningRate = _schedule.LearningRate(_gradientOptimizer!.Iteration);
                var evaluation = _model.LossAndGradient(_parameters, batch, _options.Loss, _options.Threads)
                    ?? throw new InvalidOperationException($"Model '{_model.Name}' returned no evaluation at step {step + 1}.");
                if (evaluation.Gradient is null || evaluation.Gradient.Length != _parameters.Length
                    || evaluation.Outputs is null || evaluation.Outputs.Length != batch.Count)
                {
                    throw new InvalidOperationException(
                        $"Model '{_model.Name}' returned a gradient of {evaluation.Gradient?.Length ?? 0} entries for {_parameters.Length} parameters " +
                        $"and {evaluation.Outputs?.Length ?? 0} outputs for {batch.Count} rows at step {step + 1}.");
                }

                if (!double.IsFinite(evaluation.Loss))
                {
                    throw new InvalidOperationException($"Training diverged: the batch loss at step {step + 1} is {evaluation.Loss}. Lower the learning rate.");
                }

                CheckFinite(evaluation.Gradient, $"gradient at step {step + 1}");
                batchLoss = evaluation.Loss;
                batchAccuracy = Loss.Accuracy(evaluation.Outputs, batch.Labels);
                _gradientOptimizer.Step(_parameters, evaluation.Gradient);
            }

            CheckFinite(_parameters, $"parameters after step {step + 1}");
            return (learningRate, batchLoss, batchAccuracy);
        }

        /// <summary>Records a validation loss; returns the number of validations in a row without improvement.</summary>
        private int UpdateBest(double validationLoss, int step)
        {
            var best = _best!;
            _best = validationLoss < best.BestLoss - _options.MinDelta
                ? new EarlyStoppingState(validationLoss, step, (double[])_parameters.Clone(), 0)
                : best with { ValidationsWithoutImprovement = best.ValidationsWithoutImprovement + 1 };
            return _best.ValidationsWithoutImprovement;
        }

        private (double Loss, double Accuracy) Evaluate(double[] parameters, Dataset data)
        {
            var outputs = _model.Predict(parameters, data, _options.Threads);
            if (outputs is null || outputs.Length != data.Count)
            {
                throw new InvalidOperationException(
                    $"Model '{_model.Name}' returned {outputs?.Length ?? 0} decision values for the {data.Count} rows of '{data.Name}'.");
            }

            return Score(outputs, data, _options.Loss);
        }

        private void Save(string directory, int step) =>
            new TrainingCheckpoint(
                TrainingCheckpoint.CurrentFormat,
                _fingerprint,
                step,
                _plan.TotalSteps,
                _parameters,
                _stateful.ExportState(),
                _best,
                Elapsed,
                [.. _history]).Write(directory);

        private void CheckFinite(double[] values, string what)
        {
            foreach (double x in values)
            {
                if (!double.IsFinite(x))
                {
                    throw new InvalidOperationException(
                        $"Training diverged: the {what} of model '{_model.Name}' include {x}. Lower the learning rate.");
                }
            }
        }
    }
}
