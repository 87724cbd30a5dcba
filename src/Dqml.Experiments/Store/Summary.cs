using System.Globalization;
using System.Text;

namespace Dqml.Experiments.Store;

/// <summary>
/// Tables of a store's records, one row per run: <c>id</c>, the axes, the metrics (union over the runs, in
/// first-seen order) and <c>seconds</c>. Written as <c>summary.csv</c> (RFC 4180 quoting) and <c>summary.md</c>.
/// </summary>
public static class Summary
{
    /// <summary>The CSV table.</summary>
    public const string CsvFile = "summary.csv";

    /// <summary>The Markdown table.</summary>
    public const string MarkdownFile = "summary.md";

    /// <summary>The header and cells of the table (numbers in round-trip form, empty where undefined).</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Table(IReadOnlyList<RunRecord> records, string numberFormat = "R")
    {
        ArgumentNullException.ThrowIfNull(records);
        var axes = records.SelectMany(r => r.Axes.Select(a => a.Key)).Distinct(StringComparer.Ordinal).ToList();
        var metrics = records.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct(StringComparer.Ordinal).ToList();
        var header = new List<string> { "id" };
        header.AddRange(axes);
        header.AddRange(metrics);
        header.Add("seconds");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var r in records.OrderBy(r => r.Index))
        {
            var row = new List<string> { r.Id };
            row.AddRange(axes.Select(a => r.Axes.FirstOrDefault(x => x.Key == a).Value ?? string.Empty));
            row.AddRange(metrics.Select(m => Number(r.Metric(m), numberFormat)));
            row.Add(Number(r.Seconds, "F2"));
            rows.Add(row);
        }

        return (header, rows);
    }

    /// <summary>The records as CSV.</summary>
    public static string ToCsv(IReadOnlyList<RunRecord> records)
    {
        var (header, rows) = Table(records);
        var csv = new StringBuilder();
        csv.AppendJoin(',', header.Select(Quote)).Append('\n');
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Quote)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>The records as a Markdown table (numbers with four decimals).</summary>
    public static string ToMarkdown(IReadOnlyList<RunRecord> records)
    {
        var (header, rows) = Table(records, "0.####");
        var md = new StringBuilder();
        md.Append("| ").AppendJoin(" | ", header.Select(Escape)).Append(" |\n");
        md.Append('|').AppendJoin('|', header.Select(_ => " --- ")).Append("|\n");
        foreach (var row in rows)
        {
            md.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        }

        return md.ToString();
    }

    /// <summary>Writes <see cref="CsvFile"/> and <see cref="MarkdownFile"/> into <paramref name="directory"/>.</summary>
    public static void Write(string directory, IReadOnlyList<RunRecord> records)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ResultStore.WriteAtomically(Path.Combine(directory, CsvFile), ToCsv(records));
        ResultStore.WriteAtomically(Path.Combine(directory, MarkdownFile), ToMarkdown(records));
    }

    /// <summary>A CSV cell, quoted when it holds a comma, quote or line break.</summary>
    public static string Quote(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : string.Empty;
}
