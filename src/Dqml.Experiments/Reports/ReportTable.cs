using System.Text;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Reports;

/// <summary>
/// A table of a report: display cells (<c>90.1 ± 1.2</c>) for Markdown and HTML, and machine-readable cells (separate
/// mean and sd columns, full precision) for CSV.
/// </summary>
/// <param name="Name">The file name stem (<c>accuracy</c> gives <c>accuracy.md</c> and <c>accuracy.csv</c>).</param>
/// <param name="Title">The caption.</param>
/// <param name="Header">Display column names.</param>
/// <param name="Rows">Display cells, one list per row.</param>
/// <param name="CsvHeader">CSV column names.</param>
/// <param name="CsvRows">CSV cells (invariant culture, empty where undefined).</param>
public sealed record ReportTable(
    string Name,
    string Title,
    IReadOnlyList<string> Header,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<string> CsvHeader,
    IReadOnlyList<IReadOnlyList<string>> CsvRows)
{
    /// <summary>The display table in Markdown, preceded by its title in bold.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("**").Append(Title).Append("**\n\n");
        md.Append("| ").AppendJoin(" | ", Header.Select(Escape)).Append(" |\n");
        md.Append('|').AppendJoin('|', Header.Select(_ => " --- ")).Append("|\n");
        foreach (var row in Rows)
        {
            md.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        }

        return md.ToString();
    }

    /// <summary>The CSV table (RFC 4180 quoting).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', CsvHeader.Select(Summary.Quote)).Append('\n');
        foreach (var row in CsvRows)
        {
            csv.AppendJoin(',', row.Select(Summary.Quote)).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Writes <c>NAME.md</c> and <c>NAME.csv</c> into <paramref name="directory"/> (each atomically).</summary>
    /// <returns>The two paths.</returns>
    public (string Markdown, string Csv) Save(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string md = Path.GetFullPath(Path.Combine(directory, Name + ".md"));
        string csv = Path.GetFullPath(Path.Combine(directory, Name + ".csv"));
        ReportFiles.WriteText(md, ToMarkdown());
        ReportFiles.WriteText(csv, ToCsv());
        return (md, csv);
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
