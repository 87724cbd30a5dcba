using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dqml.Experiments.Store;

/// <summary>One finished run: a line of <c>results.jsonl</c>.</summary>
/// <param name="Id">The run id (<c>scheme=cc,depth=3,seed=1</c>).</param>
/// <param name="Index">The run's index in the grid.</param>
/// <param name="Axes">The axis values as written in the id, in axis order.</param>
/// <param name="Metrics">The measured numbers in a fixed order (NaN where undefined), e.g. <c>trainAccuracy</c>, <c>validationAccuracy</c>.</param>
/// <param name="Seconds">Wall-clock time of the run (the only field that depends on the machine).</param>
public sealed record RunRecord(string Id, int Index, IReadOnlyList<KeyValuePair<string, string>> Axes, IReadOnlyList<KeyValuePair<string, double>> Metrics, double Seconds)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The metric <paramref name="name"/>, or NaN.</summary>
    public double Metric(string name) => Metrics.FirstOrDefault(m => m.Key == name) is { Key: not null } m ? m.Value : double.NaN;

    /// <summary>One JSON object on one line, without the newline: <c>{"id":...,"index":...,"axes":{...},"metrics":{...},"seconds":...}</c>.</summary>
    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id", Id);
            w.WriteNumber("index", Index);
            w.WriteStartObject("axes");
            foreach (var (name, value) in Axes)
            {
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && value.Length > 0 && !value.Contains(';', StringComparison.Ordinal))
                {
                    w.WritePropertyName(name);
                    w.WriteRawValue(value);
                }
                else
                {
                    w.WriteString(name, value);
                }
            }

            w.WriteEndObject();
            w.WriteStartObject("metrics");
            foreach (var (name, value) in Metrics)
            {
                WriteNumber(w, name, value);
            }

            w.WriteEndObject();
            WriteNumber(w, "seconds", Seconds);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a line written by <see cref="ToJsonLine"/>; null when it is not a complete record.</summary>
    public static RunRecord? TryParse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("index", out var index) || !index.TryGetInt32(out int i)
                || !root.TryGetProperty("axes", out var axes) || axes.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var axisValues = axes.EnumerateObject()
                .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))
                .ToList();
            var metricValues = metrics.EnumerateObject()
                .Select(p => new KeyValuePair<string, double>(p.Name, p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : double.NaN))
                .ToList();
            double seconds = root.TryGetProperty("seconds", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : double.NaN;
            return new RunRecord(id.GetString()!, i, axisValues, metricValues, seconds);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
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
}
