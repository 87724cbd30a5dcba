using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dqml.Learning.Models;

namespace Dqml.Learning.Training;

/// <summary>
/// Writes the files of a finished (or stopped) training run to a folder: <c>config.json</c>,
/// <c>parameters.json</c> and <c>metrics.csv</c>, each atomically (temporary file, flush, rename).
/// </summary>
public static class RunFolder
{
    /// <summary>File name of the run configuration.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>File name of the trained parameters.</summary>
    public const string ParametersFile = "parameters.json";

    /// <summary>File name of the per-step metrics.</summary>
    public const string MetricsFile = "metrics.csv";

    /// <summary>Header line of <see cref="MetricsFile"/>.</summary>
    public const string MetricsHeader = "step,epoch,learning_rate,batch_loss,batch_accuracy,validation_loss,validation_accuracy,elapsed_seconds";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(), new LossJsonConverter() },
    };

    /// <summary>
    /// Writes <c>config.json</c> (<paramref name="config"/> serialised with System.Text.Json, camelCase,
    /// <see cref="Loss"/> as its name), <c>parameters.json</c> (the model name, which parameters — best or
    /// final — and one name/value pair per parameter of <see cref="TrainingResult.SelectedParameters"/>) and
    /// <c>metrics.csv</c> (<see cref="MetricsHeader"/>, then one row per step; NaN where not validated).
    /// Doubles are written in round-trip form. Creates <paramref name="directory"/> if needed.
    /// </summary>
    /// <param name="directory">The run folder.</param>
    /// <param name="config">Any serialisable object describing the run (for example the <see cref="TrainerOptions"/>).</param>
    /// <param name="result">The training result.</param>
    /// <param name="parameterNames">One name per parameter (the model's <c>ParameterNames</c>).</param>
    /// <exception cref="ArgumentException">The number of names differs from the number of parameters.</exception>
    public static void Write(string directory, object config, TrainingResult result, IReadOnlyList<string> parameterNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(parameterNames);
        var parameters = result.SelectedParameters;
        if (parameterNames.Count != parameters.Length)
        {
            throw new ArgumentException(
                $"{parameterNames.Count} parameter names for the {parameters.Length} parameters of model '{result.ModelName}'.", nameof(parameterNames));
        }

        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(config, config.GetType(), Json) + "\n");

        var parameterFile = new ParameterFile(
            result.ModelName,
            result.BestParameters is null ? "final" : "best",
            result.BestParameters is null ? result.Steps : result.BestStep ?? result.Steps,
            [.. parameterNames.Select((name, i) => new NamedValue(name, parameters[i]))]);
        AtomicFile.WriteAllText(Path.Combine(directory, ParametersFile), JsonSerializer.Serialize(parameterFile, Json) + "\n");

        AtomicFile.WriteAllText(Path.Combine(directory, MetricsFile), MetricsCsv(result.History));
    }

    /// <summary>The text of <see cref="MetricsFile"/> for <paramref name="history"/>.</summary>
    public static string MetricsCsv(IReadOnlyList<TrainingHistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var csv = new StringBuilder();
        csv.Append(MetricsHeader).Append('\n');
        foreach (var row in history)
        {
            csv.Append(row.Step.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(row.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(row.LearningRate)).Append(',')
                .Append(Number(row.BatchLoss)).Append(',')
                .Append(Number(row.BatchAccuracy)).Append(',')
                .Append(Number(row.ValidationLoss)).Append(',')
                .Append(Number(row.ValidationAccuracy)).Append(',')
                .Append(Number(row.ElapsedSeconds)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed record NamedValue(string Name, double Value);

    private sealed record ParameterFile(string Model, string Source, int Step, NamedValue[] Parameters);

    /// <summary>Writes a <see cref="Loss"/> as its command-line name and reads it back.</summary>
    private sealed class LossJsonConverter : JsonConverter<Loss>
    {
        public override Loss Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Loss.Parse(reader.GetString() ?? string.Empty);

        public override void Write(Utf8JsonWriter writer, Loss value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
    }
}
