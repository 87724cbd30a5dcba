using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading;
using Dqml.Cli.Output;
using Dqml.Cli.Training;
using Dqml.Experiments.Training;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;
using Dqml.Learning.Training;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml train</c>: trains a QCNN (Hwang et al. distributed, or Hur et al.) on a data set, prints train and
/// validation accuracy and writes the run folder (<c>config.json</c>, <c>parameters.json</c>,
/// <c>metrics.csv</c>, <c>checkpoint.json</c>). Re-running with the same <c>--out</c> resumes.
/// </summary>
public static class TrainCommand
{
    /// <summary>Steps between validations (and plain progress lines) when <c>--validate-every</c> is not given.</summary>
    public const int DefaultValidateEvery = 10;

    /// <summary>Folder under which the default run folders are made.</summary>
    public const string RunsFolder = "runs";

    /// <summary>Exit code of a run interrupted with Ctrl+C (its checkpoint is saved; re-run to resume).</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var model = new Option<string>("--model", "-m")
        {
            Description = $"Model: {string.Join(" or ", ModelFactory.Models)}.",
            DefaultValueFactory = _ => ModelFactory.HwangQcnnName,
        };
        var scheme = new Option<string?>("--scheme")
        {
            Description = $"hwang-qcnn communication scheme: single, nc, cc, qc, bell:K (K = 1..4 pre-shared pairs) or knit (default {ModelFactory.DefaultScheme}).",
        };
        var depth = new Option<int?>("--depth", "-L")
        {
            CustomParser = r => OptionParsers.Int(r, "--depth"),
            Description = $"hwang-qcnn convolution sub-layers L (default {ModelFactory.DefaultDepth}).",
        };
        var block = new Option<string?>("--block")
        {
            Description = "hur-qcnn convolution block: SU4 (default), SO4, TTN, U5, U6, U9, U13, U14, U15.",
        };
        var embedding = new Option<string?>("--embedding")
        {
            Description = "hur-qcnn embedding: angle (default, 8 features), dense (16), amplitude (256) or zz (8).",
        };
        var readout = new Option<string?>("--readout")
        {
            Description = "Readout: interpret (trainable weights over joint outcome probabilities; hwang-qcnn default) or parity (<Z...Z>; hur-qcnn default, <Z4>).",
        };
        var visibility = new Option<double?>("--visibility")
        {
            CustomParser = r => OptionParsers.Double(r, "--visibility"),
            Description = "hwang-qcnn bell:K: Werner visibility V of each shared pair (default 1).",
        };
        var pairAngle = new Option<double?>("--pair-angle")
        {
            CustomParser = r => OptionParsers.Double(r, "--pair-angle"),
            Description = "hwang-qcnn bell:K: pairs cos t|00> + sin t|11> with this t instead of Werner pairs.",
        };
        var capacity = new Option<int?>("--processor-capacity")
        {
            CustomParser = r => OptionParsers.Int(r, "--processor-capacity"),
            Description = "Qubits per processor: the model must fit (hwang-qcnn needs 4, or 4 for single; hur-qcnn runs on one processor of 8).",
        };
        var t1 = new Option<double?>("--t1")
        {
            CustomParser = r => OptionParsers.Time(r, "--t1"),
            Description = "hwang-qcnn: relaxation time T1 (100us, or seconds); turns on latency as idle T1/T2 noise inside the model.",
        };
        var t2 = new Option<double?>("--t2")
        {
            CustomParser = r => OptionParsers.Time(r, "--t2"),
            Description = "With --t1: coherence time T2 (at most 2 T1; default T1).",
        };
        var controller = new Option<string?>("--controller")
        {
            Description = "With --t1: controller latency of a conditional operation, CHANNELS-LAYOUT-OPERATION (default 1-distributed-conditional-pulse, 224 ns).",
        };
        var fibreKm = new Option<double?>("--fibre-km")
        {
            CustomParser = r => OptionParsers.Double(r, "--fibre-km"),
            Description = "With --t1: fibre between the processors in km, 5 us per km one way (default 0).",
        };
        var gateTimes = new Option<string?>("--gate-times")
        {
            Description = "With --t1: superconducting (default: 50 ns, 300 ns, 1 us measurement) or zero.",
        };
        var remoteGates = new Option<string?>("--remote-gates")
        {
            Description = "With --t1: how QC's cross gates are realised and timed: telegate (default), teledata or direct.",
        };
        var ccBlock = new Option<string?>("--cc-block")
        {
            Description = "hwang-qcnn scheme cc: the cross block, one-way (default: one bit per sub-layer, measure 3, RX then RY on 4), alternating or both-ways.",
        };
        var qcBlock = new Option<string?>("--qc-block")
        {
            Description = "hwang-qcnn schemes qc and knit: the cross block, controlled-rotations (default) or coherent-cc.",
        };
        var singleEmbedding = new Option<string?>("--single-embedding")
        {
            Description = "hwang-qcnn scheme single: how 8 features enter 4 qubits, zz-reupload (default) or dense-angle.",
        };
        var dataset = new Option<string>("--dataset", "-d")
        {
            Description = "hwang2025 (the generated Appendix-B set, 1536/512 split), a CSV file (label in the last column or a 'label' header column) or an IDX images file (with --labels).",
            DefaultValueFactory = _ => TrainingDataLoader.Hwang2025,
        };
        var labels = new Option<string?>("--labels") { Description = "IDX labels file for an IDX images --dataset." };
        var classes = new Option<int[]?>("--classes")
        {
            CustomParser = Classes,
            Description = "The two classes to train on, e.g. 0,1 (IDX default 0,1; CSV: needed when the file has more than two).",
        };
        var pca = new Option<int?>("--pca")
        {
            CustomParser = r => OptionParsers.Int(r, "--pca"),
            Description = "Reduce file data to this many principal components, fitted on the training part (IDX default: the model's feature count).",
        };
        var dataSeed = new Option<ulong>("--data-seed")
        {
            CustomParser = r => OptionParsers.UInt64(r, "--data-seed") ?? TrainingDefaults.Seed,
            Description = "Seed of the generated data set and of the validation split of files.",
            DefaultValueFactory = _ => TrainingDefaults.Seed,
        };
        var iterations = new Option<int?>("--iterations", "-n")
        {
            CustomParser = r => OptionParsers.Int(r, "--iterations"),
            Description = $"Optimizer steps, each on a mini-batch (default {TrainingDefaults.Iterations}; or give --epochs).",
        };
        var epochs = new Option<int?>("--epochs")
        {
            CustomParser = r => OptionParsers.Int(r, "--epochs"),
            Description = "Passes over the training set instead of --iterations.",
        };
        var batch = new Option<int>("--batch", "-b")
        {
            CustomParser = r => OptionParsers.Int(r, "--batch") ?? TrainingDefaults.Batch,
            Description = $"Rows per step (default {TrainingDefaults.Batch}; a batch larger than the training set is the whole set).",
            DefaultValueFactory = _ => TrainingDefaults.Batch,
        };
        var lr = new Option<double>("--lr")
        {
            CustomParser = r => OptionParsers.Double(r, "--lr") ?? TrainingDefaults.LearningRate,
            Description = $"Learning rate (default {TrainingDefaults.LearningRate.ToString(CultureInfo.InvariantCulture)}; for spsa the gain numerator).",
            DefaultValueFactory = _ => TrainingDefaults.LearningRate,
        };
        var optimizer = new Option<string>("--optimizer")
        {
            Description = $"Optimizer: {string.Join(", ", TrainerOptions.OptimizerNames)}.",
            DefaultValueFactory = _ => "adam",
        };
        var schedule = new Option<string>("--schedule")
        {
            Description = $"Learning-rate schedule: {string.Join(", ", TrainerOptions.ScheduleNames)} (spsa: constant only).",
            DefaultValueFactory = _ => "constant",
        };
        var loss = new Option<string>("--loss")
        {
            Description = "Loss: mse, cross-entropy or hinge.",
            DefaultValueFactory = _ => "mse",
        };
        var seed = new Option<ulong>("--seed")
        {
            CustomParser = r => OptionParsers.UInt64(r, "--seed") ?? TrainingDefaults.Seed,
            Description = "Seed of the initial parameters, the mini-batches and SPSA.",
            DefaultValueFactory = _ => TrainingDefaults.Seed,
        };
        var threads = new Option<int>("--threads")
        {
            CustomParser = r => OptionParsers.Int(r, "--threads") ?? Environment.ProcessorCount,
            Description = "Threads (default: the processor count). Results are identical for any value.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var validateEvery = new Option<int>("--validate-every")
        {
            CustomParser = r => OptionParsers.Int(r, "--validate-every") ?? DefaultValidateEvery,
            Description = $"Evaluate the validation set (and print a progress line) every this many steps, and after the last (default {DefaultValidateEvery}).",
            DefaultValueFactory = _ => DefaultValidateEvery,
        };
        var patience = new Option<int?>("--patience")
        {
            CustomParser = r => OptionParsers.Int(r, "--patience"),
            Description = "Early stopping: stop after this many validations without a lower validation loss, and keep the best parameters.",
        };
        var checkpointEvery = new Option<int?>("--checkpoint-every")
        {
            CustomParser = r => OptionParsers.Int(r, "--checkpoint-every"),
            Description = "Write the checkpoint every this many steps (default: --validate-every); it is also written at the end and on Ctrl+C.",
        };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Run folder (default runs/<model>-<scheme>-L<depth>-s<seed>); an existing checkpoint there is resumed.",
        };
        var json = new Option<bool>("--json") { Description = "End with one line holding a JSON object of the results." };

        var cmd = new Command("train", "Train a QCNN (hwang-qcnn under a communication scheme, or hur-qcnn) on a data set; print train and validation accuracy and write the run folder.");
        Option[] all =
        [
            model, scheme, depth, block, embedding, readout, visibility, pairAngle, capacity, t1, t2, controller, fibreKm, gateTimes, remoteGates, ccBlock, qcBlock, singleEmbedding,
            dataset, labels, classes, pca, dataSeed,
            iterations, epochs, batch, lr, optimizer, schedule, loss, seed, threads, validateEvery, patience, checkpointEvery, output, json,
        ];
        foreach (var option in all)
        {
            cmd.Add(option);
        }

        cmd.SetAction(parse => Execute(
            new Settings(
                new ModelRequest(
                    parse.GetValue(model) ?? ModelFactory.HwangQcnnName,
                    parse.GetValue(scheme),
                    parse.GetValue(depth),
                    parse.GetValue(block),
                    parse.GetValue(embedding),
                    parse.GetValue(readout),
                    parse.GetValue(visibility),
                    parse.GetValue(pairAngle),
                    parse.GetValue(capacity),
                    Timing(parse.GetValue(t1), parse.GetValue(t2), parse.GetValue(controller), parse.GetValue(fibreKm), parse.GetValue(gateTimes), parse.GetValue(remoteGates)),
                    SingleEmbedding: parse.GetValue(singleEmbedding),
                    QcBlock: parse.GetValue(qcBlock),
                    CcBlock: parse.GetValue(ccBlock)),
                new DataRequest(
                    parse.GetValue(dataset) ?? TrainingDataLoader.Hwang2025,
                    parse.GetValue(labels),
                    parse.GetValue(classes) is { Length: > 0 } chosen ? chosen : null,
                    parse.GetValue(pca),
                    parse.GetValue(dataSeed)),
                parse.GetValue(iterations),
                parse.GetValue(epochs),
                parse.GetValue(batch),
                parse.GetValue(lr),
                parse.GetValue(optimizer) ?? "adam",
                parse.GetValue(schedule) ?? "constant",
                parse.GetValue(loss) ?? "mse",
                parse.GetValue(seed),
                parse.GetValue(threads),
                parse.GetValue(validateEvery),
                parse.GetValue(patience),
                parse.GetValue(checkpointEvery),
                parse.GetValue(output),
                parse.GetValue(json)),
            stdout));
        return cmd;
    }

    /// <summary>The idle-noise settings: null without --t1 (the other timing options then are an error).</summary>
    private static HwangTiming? Timing(double? t1, double? t2, string? controller, double? fibreKm, string? gateTimes, string? remoteGates)
    {
        if (t1 is null)
        {
            string? given = t2 is not null ? "--t2" : controller is not null ? "--controller" : fibreKm is not null ? "--fibre-km"
                : gateTimes is not null ? "--gate-times" : remoteGates is not null ? "--remote-gates" : null;
            return given is null ? null : throw new CliException($"{given} needs --t1: timing only matters when qubits decohere");
        }

        string? badGates = gateTimes is not null && !HwangTiming.GateTimeNames.Contains(gateTimes.Trim().ToLowerInvariant()) ? gateTimes : null;
        return badGates is not null
            ? throw new CliException($"--gate-times: unknown value '{badGates}': use {string.Join(" or ", HwangTiming.GateTimeNames)}")
            : new HwangTiming(t1.Value, t2, controller, fibreKm ?? 0, gateTimes ?? "superconducting", remoteGates ?? "telegate");
    }

    private sealed record Settings(
        ModelRequest Model,
        DataRequest Data,
        int? Iterations,
        int? Epochs,
        int Batch,
        double LearningRate,
        string Optimizer,
        string Schedule,
        string Loss,
        ulong Seed,
        int Threads,
        int ValidateEvery,
        int? Patience,
        int? CheckpointEvery,
        string? Out,
        bool Json);

    private static int Execute(Settings s, TextWriter stdout)
    {
        var lossFunction = Validate(s);
        var built = ModelFactory.Build(s.Model);
        string folder = s.Out ?? DefaultFolder(built, s.Seed);
        if (File.Exists(folder))
        {
            throw new CliException($"--out {folder} is a file; give a folder for the run (it is created if needed)");
        }

        var data = TrainingDataLoader.Load(s.Data, built.Model.FeatureCount);
        CheckDimension(built, data);
        var trainer = new TrainerOptions
        {
            Iterations = s.Epochs is null ? s.Iterations ?? TrainingDefaults.Iterations : null,
            Epochs = s.Epochs,
            BatchSize = s.Batch,
            LearningRate = s.LearningRate,
            Optimizer = s.Optimizer,
            Schedule = s.Schedule,
            Loss = lossFunction,
            Seed = s.Seed,
            Threads = s.Threads,
            ValidateEvery = s.ValidateEvery,
            EarlyStoppingPatience = s.Patience,
            CheckpointEvery = s.CheckpointEvery ?? s.ValidateEvery,
            OutputDirectory = folder,
        };
        int totalSteps = TotalSteps(trainer, data.Train.Count);
        var config = Config(s, built, data, trainer, totalSteps, folder);

        WriteHeader(stdout, built, data, trainer, totalSteps);
        int resumeStep = PeekCheckpointStep(folder);
        if (resumeStep >= 0)
        {
            stdout.WriteLine($"resuming from the checkpoint in {folder} (step {resumeStep}/{totalSteps})");
        }

        stdout.Flush();
        TrainingResult result;
        using (var cancel = new CancellationTokenSource())
        {
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                result = ProgressLines.Run(
                    stdout,
                    s.ValidateEvery,
                    Math.Max(0, resumeStep),
                    totalSteps,
                    progress => Train(built.Model, data, trainer, progress, cancel.Token));
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        try
        {
            RunFolder.Write(folder, config, result, built.Model.ParameterNames);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--out {folder}: cannot write the run folder: {e.Message}");
        }

        if (result.StopReason == StopReason.Cancelled)
        {
            stdout.Flush();
            throw new CliException(
                $"interrupted at step {result.Steps}/{result.TotalSteps}; the checkpoint is in {folder}: run the same command again to resume",
                InterruptedExitCode);
        }

        double? overhead = built.Hwang is { Options.Scheme: Learning.Models.Hwang.HwangScheme.Knitting } hwang
            ? hwang.KnittingShotOverhead(result.SelectedParameters)
            : null;
        WriteSummary(stdout, result, overhead, folder);
        if (s.Json)
        {
            WriteJson(stdout, built, data, trainer, result, overhead, folder);
        }

        stdout.Flush();
        return ExitCodes.Success;
    }

    private static TrainingResult Train(IDifferentiableModel model, TrainingData data, TrainerOptions options, IProgress<TrainingProgress> progress, CancellationToken token)
    {
        try
        {
            return Trainer.Train(model, data.Train, data.Validation, options, progress, token);
        }
        catch (CheckpointException e)
        {
            throw new CliException(e.Message);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new CliException(message);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>Checks the trainer options with the option names the user typed; returns the loss.</summary>
    private static Loss Validate(Settings s)
    {
        if (s.Iterations is not null && s.Epochs is not null)
        {
            throw new CliException("--iterations and --epochs are alternatives: give one");
        }

        Positive(s.Iterations, "--iterations");
        Positive(s.Epochs, "--epochs");
        Positive(s.Batch, "--batch");
        Positive(s.Threads, "--threads");
        Positive(s.ValidateEvery, "--validate-every");
        Positive(s.Patience, "--patience");
        Positive(s.CheckpointEvery, "--checkpoint-every");
        if (!(s.LearningRate > 0) || double.IsInfinity(s.LearningRate))
        {
            throw new CliException($"--lr must be positive and finite, got {s.LearningRate.ToString(CultureInfo.InvariantCulture)}");
        }

        if (!TrainerOptions.OptimizerNames.Contains(s.Optimizer))
        {
            throw new CliException($"unknown optimizer '{s.Optimizer}': use {string.Join(", ", TrainerOptions.OptimizerNames)}");
        }

        if (!TrainerOptions.ScheduleNames.Contains(s.Schedule))
        {
            throw new CliException($"unknown schedule '{s.Schedule}': use {string.Join(", ", TrainerOptions.ScheduleNames)}");
        }

        if (s.Optimizer == "spsa" && s.Schedule != "constant")
        {
            throw new CliException($"--schedule {s.Schedule} does not apply to spsa, which has its own gain sequence");
        }

        try
        {
            return Loss.Parse(s.Loss);
        }
        catch (ArgumentException)
        {
            throw new CliException($"unknown loss '{s.Loss}': use mse, cross-entropy or hinge");
        }
    }

    private static void Positive(int? value, string option)
    {
        if (value is < 1)
        {
            throw new CliException($"{option} must be at least 1, got {value}");
        }
    }

    private static void CheckDimension(BuiltModel built, TrainingData data)
    {
        int need = built.Model.FeatureCount, have = data.Train.Dimension;
        if (need == have)
        {
            return;
        }

        string name = data.Description.Name;
        string hint = have > need
            ? $": use --pca {need}"
            : " (too few: PCA can only reduce the number of features)";
        throw new CliException($"{built.Model.Name} reads {need} features; data set '{name}' has {have}{hint}");
    }

    private static int TotalSteps(TrainerOptions options, int trainRows)
    {
        if (options.Iterations is int n)
        {
            return n;
        }

        int batch = Math.Min(options.BatchSize, trainRows);
        long total = (long)options.Epochs!.Value * ((trainRows + batch - 1) / batch);
        if (total > int.MaxValue)
        {
            throw new CliException($"--epochs {options.Epochs}: {total} steps are too many");
        }

        return (int)total;
    }

    private static string DefaultFolder(BuiltModel built, ulong seed)
    {
        string name = built.Kind == ModelFactory.HwangQcnnName
            ? $"{built.Kind}-{built.Scheme!.Replace(":", string.Empty, StringComparison.Ordinal)}-L{built.Depth}-s{seed}"
            : $"{built.Kind}-{built.Model.Name.Split('/')[1]}-{built.Embedding}-s{seed}";
        return Path.Combine(RunsFolder, name);
    }

    /// <summary>The step of the checkpoint in <paramref name="folder"/> (for display only; the trainer validates it), or −1.</summary>
    private static int PeekCheckpointStep(string folder)
    {
        string path = Path.Combine(folder, "checkpoint.json");
        if (!File.Exists(path))
        {
            return -1;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.TryGetProperty("step", out var step) && step.TryGetInt32(out int value) ? value : -1;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static TrainRunConfig Config(Settings s, BuiltModel built, TrainingData data, TrainerOptions options, int totalSteps, string folder) => new()
    {
        DqmlVersion = DqmlApp.Version,
        Model = built.Kind,
        ModelName = built.Model.Name,
        Scheme = built.Scheme,
        Depth = built.Depth,
        Block = built.Block,
        CcBlock = built.Hwang?.Options is { Scheme: HwangScheme.Classical } cc ? ModelFactory.Name(cc.CcBlock) : null,
        QcBlock = built.Hwang?.Options is { Scheme: HwangScheme.Quantum or HwangScheme.Knitting } qc ? ModelFactory.Name(qc.QcBlock) : null,
        SingleEmbedding = built.Hwang?.Options is { Scheme: HwangScheme.Single } single ? ModelFactory.Name(single.SingleEmbedding) : null,
        Embedding = built.Embedding,
        Readout = built.Readout,
        Visibility = s.Model.Visibility,
        PairAngle = s.Model.PairAngle,
        ProcessorCapacity = s.Model.ProcessorCapacity,
        NumQubits = built.NumQubits,
        ParameterCount = built.Model.ParameterCount,
        ExpectedParameterCount = built.ExpectedParameterCount,
        ParameterFormula = built.Formula,
        Data = data.Description,
        Iterations = options.Iterations,
        Epochs = options.Epochs,
        TotalSteps = totalSteps,
        BatchSize = options.BatchSize,
        LearningRate = options.LearningRate,
        Optimizer = options.Optimizer,
        Schedule = options.Schedule,
        Loss = options.Loss.Name,
        Seed = options.Seed,
        Threads = options.Threads,
        ValidateEvery = options.ValidateEvery,
        Patience = options.EarlyStoppingPatience,
        CheckpointEvery = options.CheckpointEvery ?? options.ValidateEvery,
        RunFolder = folder,
    };

    private static void WriteHeader(TextWriter stdout, BuiltModel built, TrainingData data, TrainerOptions o, int totalSteps)
    {
        var details = new List<string> { $"{built.NumQubits} qubits" };
        if (built.Scheme is not null)
        {
            details.Add($"scheme {built.Scheme}, depth {built.Depth}");
        }

        if (built.Block is not null)
        {
            details.Add($"block {built.Block}");
        }

        details.Add($"{built.Embedding} embedding, {built.Readout} readout");
        stdout.WriteLine($"model: {built.Model.Name} ({string.Join(", ", details)})");
        if (built.Hwang?.Timing is { } timing)
        {
            var p = built.Hwang.Options.Architecture!.Processors[0];
            stdout.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"idle noise: T1 {p.T1 * 1e6:0.###} us, T2 {p.T2 * 1e6:0.###} us, one-way latency {built.Hwang.Options.Architecture.Links[0].Classical!.LatencySeconds * 1e6:0.###} us, makespan {timing.MakespanSeconds * 1e6:0.###} us"));
        }

        string paper = built.Kind == ModelFactory.HwangQcnnName ? "Hwang et al." : "Hur et al.";
        stdout.WriteLine($"parameters: {built.Model.ParameterCount} ({paper} {built.Formula} = {built.ExpectedParameterCount})");
        var d = data.Description;
        string pca = d.Pca is int k ? $", PCA {d.RawFeatures} -> {k}" : string.Empty;
        stdout.WriteLine($"data: {d.Name} ({d.Kind}, data seed {d.DataSeed}): {d.TrainCount} train, {d.ValidationCount} validation, {d.Features} features{pca}, classes {string.Join(" and ", d.Classes)}");
        string length = o.Epochs is int epochs ? $"{epochs} epochs ({totalSteps} steps)" : $"{totalSteps} iterations";
        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"training: {length}, batch {o.BatchSize}, {o.Optimizer} lr {o.LearningRate}, {o.Loss.Name} loss, seed {o.Seed}, {o.Threads} thread(s)"));
    }

    private static void WriteSummary(TextWriter stdout, TrainingResult r, double? overhead, string folder)
    {
        if (r.StopReason == StopReason.EarlyStopping)
        {
            stdout.WriteLine($"early stopping at step {r.Steps}/{r.TotalSteps}; kept the parameters of step {r.BestStep}");
        }

        stdout.WriteLine($"train accuracy: {CliText.Fixed(r.FinalTrainAccuracy, 4)}");
        stdout.WriteLine($"validation accuracy: {CliText.Fixed(r.FinalValidationAccuracy, 4)}");
        if (overhead is double g2)
        {
            stdout.WriteLine($"knitting shot overhead (gamma^2): {g2.ToString("G6", CultureInfo.InvariantCulture)}");
        }

        stdout.WriteLine($"run folder: {folder}");
    }

    private static void WriteJson(TextWriter stdout, BuiltModel built, TrainingData data, TrainerOptions o, TrainingResult r, double? overhead, string folder)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("model", built.Kind);
            w.WriteString("modelName", built.Model.Name);
            Nullable(w, "scheme", built.Scheme);
            Nullable(w, "depth", built.Depth);
            if (built.Block is not null)
            {
                w.WriteString("block", built.Block);
            }

            w.WriteString("embedding", built.Embedding);
            w.WriteString("readout", built.Readout);
            w.WriteNumber("seed", o.Seed);
            w.WriteNumber("iterations", r.TotalSteps);
            if (o.Epochs is int epochs)
            {
                w.WriteNumber("epochs", epochs);
            }

            w.WriteNumber("steps", r.Steps);
            w.WriteNumber("batch", o.BatchSize);
            w.WriteNumber("learningRate", o.LearningRate);
            w.WriteString("optimizer", o.Optimizer);
            w.WriteString("loss", o.Loss.Name);
            w.WriteNumber("threads", o.Threads);
            w.WriteString("dataset", data.Description.Name);
            w.WriteNumber("trainCount", data.Train.Count);
            w.WriteNumber("validationCount", data.Validation.Count);
            w.WriteNumber("parameterCount", built.Model.ParameterCount);
            w.WriteNumber("expectedParameterCount", built.ExpectedParameterCount);
            w.WriteString("parameterFormula", built.Formula);
            Number(w, "trainAccuracy", r.FinalTrainAccuracy);
            Number(w, "validationAccuracy", r.FinalValidationAccuracy);
            Number(w, "trainLoss", r.FinalTrainLoss);
            Number(w, "validationLoss", r.FinalValidationLoss);
            w.WriteString("stopReason", r.StopReason switch
            {
                StopReason.EarlyStopping => "early-stopping",
                StopReason.Cancelled => "cancelled",
                _ => "completed",
            });
            Nullable(w, "bestStep", r.BestStep);
            if (overhead is double g2)
            {
                Number(w, "knittingShotOverhead", g2);
            }

            if (built.Hwang?.Timing is { } timing)
            {
                Number(w, "linkLatencyMicroseconds", 1e6 * built.Hwang.Options.Architecture!.Links[0].Classical!.LatencySeconds);
                Number(w, "makespanMicroseconds", 1e6 * timing.MakespanSeconds);
                Number(w, "idleMicroseconds", 1e6 * timing.IdleSeconds);
            }

            w.WriteNumber("seconds", r.TotalSeconds);
            w.WriteString("runFolder", folder);
            w.WriteBoolean("resumed", r.Resumed);
            Nullable(w, "resumedFromStep", r.ResumedFromStep);
            w.WriteEndObject();
        }

        // One line: scripts read the last line of the output.
        stdout.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Nullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Nullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }


    private static int[]? Classes(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        var values = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            {
                result.AddError($"--classes expects two integer labels such as 0,1, got '{text}'");
                return null;
            }

            values.Add(value);
        }

        return [.. values];
    }
}
