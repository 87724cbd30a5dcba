using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Optimizers;

namespace Dqml.Learning.Training;

/// <summary>The early-stopping bookkeeping saved in a checkpoint.</summary>
/// <param name="BestLoss">Lowest validation loss so far (+∞ before the first validation).</param>
/// <param name="BestStep">Step of <paramref name="BestParameters"/> (0 before the first validation).</param>
/// <param name="BestParameters">Parameters with the lowest validation loss.</param>
/// <param name="ValidationsWithoutImprovement">Validations in a row without an improvement of more than MinDelta.</param>
internal sealed record EarlyStoppingState(double BestLoss, int BestStep, double[] BestParameters, int ValidationsWithoutImprovement);

/// <summary>
/// The content of <c>checkpoint.json</c>: everything needed to continue a run bit-identically. Doubles are
/// written in shortest round-trip form (System.Text.Json's default), NaN and ±∞ as named literals.
/// </summary>
internal sealed record TrainingCheckpoint(
    string Format,
    IReadOnlyDictionary<string, string> Fingerprint,
    int Step,
    int TotalSteps,
    double[] Parameters,
    OptimizerState Optimizer,
    EarlyStoppingState? EarlyStopping,
    double ElapsedSeconds,
    TrainingHistoryEntry[] History)
{
    /// <summary>The file name inside the output directory.</summary>
    public const string FileName = "checkpoint.json";

    /// <summary>Value of <see cref="Format"/>.</summary>
    public const string CurrentFormat = "dqml-training-checkpoint/1";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The fingerprint of a run: model name and size, a hash of the data, and the result-relevant options.</summary>
    public static Dictionary<string, string> FingerprintOf(IDifferentiableModel model, Dataset train, Dataset? validation, TrainerOptions options)
    {
        var fingerprint = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Model"] = model.Name,
            ["ParameterCount"] = model.ParameterCount.ToString(),
            ["TrainData"] = DataHash(train),
            ["ValidationData"] = validation is null ? "-" : DataHash(validation),
        };
        foreach (var (key, value) in options.Fingerprint())
        {
            fingerprint[key] = value;
        }

        return fingerprint;
    }

    /// <summary>Writes the checkpoint atomically to <paramref name="directory"/>.</summary>
    public void Write(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>
    /// Reads the checkpoint in <paramref name="directory"/>, or null if there is none.
    /// </summary>
    /// <exception cref="CheckpointException">The file is unreadable, corrupt, or from another run.</exception>
    public static TrainingCheckpoint? TryRead(string directory, IReadOnlyDictionary<string, string> expected)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        TrainingCheckpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize<TrainingCheckpoint>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw Corrupt(path, e.Message, e);
        }

        if (checkpoint is null || checkpoint.Format != CurrentFormat)
        {
            throw Corrupt(path, $"it is not a Dqml training checkpoint (format '{checkpoint?.Format}', expected '{CurrentFormat}')", null);
        }

        if (checkpoint.Fingerprint is null || checkpoint.Parameters is null || checkpoint.Optimizer is null || checkpoint.History is null)
        {
            throw Corrupt(path, "a required field is missing", null);
        }

        var differences = new List<string>();
        foreach (string key in expected.Keys.Union(checkpoint.Fingerprint.Keys))
        {
            string then = checkpoint.Fingerprint.GetValueOrDefault(key) ?? "(none)";
            string now = expected.GetValueOrDefault(key) ?? "(none)";
            if (then != now)
            {
                differences.Add($"{key} is '{then}' in the checkpoint but '{now}' now");
            }
        }

        if (differences.Count > 0)
        {
            throw new CheckpointException(
                $"The checkpoint '{path}' was written by a different run ({string.Join("; ", differences)}). " +
                "Pick another output directory, or delete the checkpoint to start afresh.");
        }

        return checkpoint;
    }

    /// <summary>Checks the checkpoint against the run it is resumed into.</summary>
    /// <exception cref="CheckpointException">Inconsistent content.</exception>
    public void CheckConsistent(string directory, int parameterCount, int totalSteps, bool earlyStopping)
    {
        string path = Path.Combine(directory, FileName);
        string? problem = null;
        if (TotalSteps != totalSteps)
        {
            problem = $"it plans {TotalSteps} steps, this run {totalSteps}";
        }
        else if (Step < 0 || Step > TotalSteps)
        {
            problem = $"its step {Step} is outside 0..{TotalSteps}";
        }
        else if (Parameters.Length != parameterCount || Parameters.Any(p => !double.IsFinite(p)))
        {
            problem = $"it holds {Parameters.Length} parameters (finite values expected), the model has {parameterCount}";
        }
        else if (History.Length != Step || History.Where((row, i) => row is null || row.Step != i + 1).Any())
        {
            problem = $"its history does not list steps 1..{Step}";
        }
        else if ((EarlyStopping is not null) != earlyStopping)
        {
            problem = "its early-stopping state does not match the options";
        }
        else if (EarlyStopping is not null && (EarlyStopping.BestParameters is null || EarlyStopping.BestParameters.Length != parameterCount))
        {
            problem = "its best parameters have the wrong length";
        }

        if (problem is not null)
        {
            throw Corrupt(path, problem, null);
        }
    }

    internal static CheckpointException Corrupt(string path, string reason, Exception? inner)
    {
        string message = $"The checkpoint '{path}' is corrupt or unreadable: {reason}. Delete it to start afresh, or pick another output directory.";
        return inner is null ? new CheckpointException(message) : new CheckpointException(message, inner);
    }

    private static string DataHash(Dataset data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(data.Count));
        hash.AppendData(BitConverter.GetBytes(data.Dimension));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Features));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.Labels));
        return $"{data.Count}x{data.Dimension}:{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
    }
}
