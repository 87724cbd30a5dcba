using System.Globalization;

namespace Dqml.Learning.Data;

/// <summary>How <see cref="CsvLoader"/> reads a file.</summary>
public sealed record CsvOptions
{
    /// <summary>Whether the first non-empty line is a header of column names (default false).</summary>
    public bool HasHeader { get; init; }

    /// <summary>Label column by name (needs <see cref="HasHeader"/>); takes precedence over <see cref="LabelColumnIndex"/>.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>Label column by 0-based index; negative counts from the end (default −1, the last column).</summary>
    public int LabelColumnIndex { get; init; } = -1;

    /// <summary>Field separator (default ',').</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>Data set name; by default the file name without extension.</summary>
    public string? Name { get; init; }
}

/// <summary>
/// Reads numeric CSV into a <see cref="Dataset"/>: every cell a finite number (invariant culture), the label column
/// an integer (such as 0/1 or ±1; "1.0" is accepted). Blank lines are skipped, cells are trimmed, quoting is not
/// supported. Errors are <see cref="DataFormatException"/>s naming the file, the 1-based line and the 1-based column.
/// </summary>
public static class CsvLoader
{
    /// <summary>Loads <paramref name="path"/>.</summary>
    public static Dataset Load(string path, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return Parse(reader, path, options);
    }

    /// <summary>Parses CSV text from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static Dataset Parse(TextReader reader, string source, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(source);
        options ??= new CsvOptions();
        if (options.LabelColumnName is not null && !options.HasHeader)
        {
            throw new ArgumentException("A label column name needs HasHeader = true.", nameof(options));
        }

        int? width = null, labelColumn = null;
        var features = new List<double>();
        var labels = new List<int>();
        int lineNumber = 0;
        bool headerPending = options.HasHeader;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cells = line.Split(options.Delimiter);
            if (width is null)
            {
                width = cells.Length;
                if (width < 2)
                {
                    throw new DataFormatException(source, lineNumber, null, $"need at least two columns (features and a label), found {width}.");
                }

                labelColumn = ResolveLabelColumn(options, headerPending ? cells : null, width.Value, source, lineNumber);
            }
            else if (cells.Length != width)
            {
                throw new DataFormatException(
                    source, lineNumber, Math.Min(cells.Length, width.Value) + 1, $"ragged row: {cells.Length} columns, expected {width}.");
            }

            if (headerPending)
            {
                headerPending = false;
                continue;
            }

            for (int c = 0; c < cells.Length; c++)
            {
                string cell = cells[c].Trim();
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                {
                    throw new DataFormatException(source, lineNumber, c + 1, $"'{cell}' is not a finite number.");
                }

                if (c == labelColumn)
                {
                    if (value != Math.Round(value) || value < int.MinValue || value > int.MaxValue)
                    {
                        throw new DataFormatException(source, lineNumber, c + 1, $"label '{cell}' is not an integer.");
                    }

                    labels.Add((int)value);
                }
                else
                {
                    features.Add(value);
                }
            }
        }

        if (width is null || labels.Count == 0)
        {
            throw new DataFormatException(source, null, null, "no data rows.");
        }

        string name = options.Name ?? Path.GetFileNameWithoutExtension(source);
        return new Dataset(string.IsNullOrWhiteSpace(name) ? source : name, features.ToArray(), labels.Count, width.Value - 1, labels.ToArray());
    }

    private static int ResolveLabelColumn(CsvOptions options, string[]? header, int width, string source, int line)
    {
        if (options.LabelColumnName is { } name)
        {
            int found = Array.FindIndex(header!, h => string.Equals(h.Trim(), name, StringComparison.Ordinal));
            if (found < 0)
            {
                throw new DataFormatException(
                    source, line, null, $"no column named '{name}' in the header ({string.Join(", ", header!.Select(h => h.Trim()))}).");
            }

            return found;
        }

        int index = options.LabelColumnIndex < 0 ? width + options.LabelColumnIndex : options.LabelColumnIndex;
        if (index < 0 || index >= width)
        {
            throw new DataFormatException(source, line, null, $"label column {options.LabelColumnIndex} is outside the {width} columns.");
        }

        return index;
    }
}
