using System.Text;

namespace Dqml.Circuits.Drawing;

/// <summary>
/// Draws a circuit as box-drawing text for a terminal: one wire per qubit (qubit 0 on top unless bands
/// reorder them) and per classical bit, gates as boxes with rounded parameters, controls <c>●</c> joined by
/// <c>│</c> to the target, CNOT targets <c>⊕</c>, SWAP <c>×</c>, measurements <c>M</c> with a double line
/// down to the bit (<c>╩</c>), classical conditions as a double line from the bit (<c>●</c> for 1,
/// <c>○</c> for 0) to the gate, barriers <c>░</c> and resets <c>|0&gt;</c>.
/// </summary>
/// <remarks>
/// Each qubit or bit takes three lines (box top, wire, box bottom); each band header one line
/// (<c>── QPU A ──</c>); notes (<see cref="OperationMark.Note"/>) one line at the top. Columns come from
/// <see cref="DiagramLayout"/>; a column is as wide as its widest box or note. Circuits wider than
/// <see cref="DiagramOptions.Width"/> wrap into chunks of whole columns, stacked with a blank line between
/// them, each repeating the wire labels. The output is deterministic: same circuit and options, same text
/// (lines end with '\n' and carry no trailing spaces). Cost: O(rows x total width).
/// </remarks>
public static class TextDiagram
{
    /// <summary>Draws <paramref name="circuit"/>.</summary>
    public static string Draw(Circuit circuit, DiagramOptions? options = null) => Draw(DiagramLayout.Create(circuit, options));

    /// <summary>Draws a laid-out circuit.</summary>
    public static string Draw(DiagramLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        int width = layout.Options.Width ?? DiagramOptions.ConsoleWidth();
        var rows = layout.Rows;
        int cols = layout.ColumnCount;

        // Column widths (odd, so boxes and single glyphs share a centre).
        var colWidth = new int[cols];
        var notes = new string[cols];
        for (int c = 0; c < cols; c++)
        {
            colWidth[c] = 1;
            notes[c] = string.Empty;
        }

        foreach (var op in layout.Operations)
        {
            foreach (var e in op.Elements)
            {
                colWidth[op.Column] = Math.Max(colWidth[op.Column], ElementWidth(e));
            }

            if (!string.IsNullOrEmpty(op.Note))
            {
                notes[op.Column] = notes[op.Column].Length == 0 ? op.Note : notes[op.Column] + " " + op.Note;
            }
        }

        for (int c = 0; c < cols; c++)
        {
            colWidth[c] = Math.Max(colWidth[c], notes[c].Length);
            if (colWidth[c] % 2 == 0)
            {
                colWidth[c]++;
            }
        }

        // Cells: per row, 3 lines (1 for headers), per column a char array.
        var cells = new char[rows.Length][][][];
        for (int r = 0; r < rows.Length; r++)
        {
            int lines = rows[r].Kind == DiagramRowKind.Header ? 1 : 3;
            cells[r] = new char[lines][][];
            for (int l = 0; l < lines; l++)
            {
                cells[r][l] = new char[cols][];
                for (int c = 0; c < cols; c++)
                {
                    cells[r][l][c] = new char[colWidth[c]];
                    Array.Fill(cells[r][l][c], l == 1 ? WireChar(rows[r].Kind) : ' ');
                }
            }
        }

        foreach (var op in layout.Operations)
        {
            DrawOperation(op, rows, cells, colWidth[op.Column]);
        }

        int gutter = 0;
        foreach (var row in rows)
        {
            gutter = Math.Max(gutter, row.Kind == DiagramRowKind.Header ? HeaderText(row.Label).Length + 1 : row.Label.Length + 2);
        }

        // Chunks of whole columns that fit the width.
        var chunks = new List<(int Start, int End)>();
        int start = 0;
        while (start < cols || (cols == 0 && chunks.Count == 0))
        {
            int used = gutter + 1, end = start;
            while (end < cols && (end == start || used + colWidth[end] + 1 <= width))
            {
                used += colWidth[end] + 1;
                end++;
            }

            chunks.Add((start, end));
            start = end;
            if (cols == 0)
            {
                break;
            }
        }

        var sb = new StringBuilder();
        for (int k = 0; k < chunks.Count; k++)
        {
            var (s, e) = chunks[k];
            if (k > 0)
            {
                while (sb.Length >= 2 && sb[^1] == '\n' && sb[^2] == '\n')
                {
                    sb.Length--;
                }

                sb.Append('\n');
            }

            bool anyNote = false;
            for (int c = s; c < e; c++)
            {
                anyNote |= notes[c].Length > 0;
            }

            if (anyNote)
            {
                var line = new StringBuilder(new string(' ', gutter));
                for (int c = s; c < e; c++)
                {
                    line.Append(' ').Append(Center(notes[c], colWidth[c]));
                }

                AppendLine(sb, line);
            }

            for (int r = 0; r < rows.Length; r++)
            {
                for (int l = 0; l < cells[r].Length; l++)
                {
                    var line = new StringBuilder();
                    var row = rows[r];
                    string head = row.Kind == DiagramRowKind.Header ? HeaderText(row.Label) : (l == 1 ? row.Label + ": " : string.Empty);
                    line.Append(head.PadRight(gutter));
                    char sep = l == 1 ? WireChar(row.Kind) : ' ';
                    for (int c = s; c < e; c++)
                    {
                        line.Append(sep).Append(cells[r][l][c]);
                    }

                    line.Append(sep);
                    AppendLine(sb, line);
                }
            }
        }

        while (sb.Length >= 2 && sb[^1] == '\n' && sb[^2] == '\n')
        {
            sb.Length--;
        }

        return sb.ToString();
    }

    /// <summary>The header line text of a band: <c>── QPU A ──</c>.</summary>
    public static string HeaderText(string label) => $"── {label} ──";

    private static void AppendLine(StringBuilder sb, StringBuilder line)
    {
        int n = line.Length;
        while (n > 0 && line[n - 1] == ' ')
        {
            n--;
        }

        sb.Append(line.ToString(0, n)).Append('\n');
    }

    private static string Center(string text, int width)
    {
        int left = (width - text.Length) / 2;
        return new string(' ', left) + text + new string(' ', width - left - text.Length);
    }

    private static char WireChar(DiagramRowKind kind) => kind switch
    {
        DiagramRowKind.Qubit => '─',
        DiagramRowKind.Clbit => '═',
        _ => ' ',
    };

    private static int BoxWidth(string label) => label.Length + 4 + ((label.Length + 4) % 2 == 0 ? 1 : 0);

    private static int ElementWidth(DiagramElement e) => e.Kind is ElementKind.Box or ElementKind.Measure ? BoxWidth(e.Label) : 1;

    private static char Vertical(DiagramSegment s) => s.Classical ? '║' : s.Style == ConnectorStyle.Linked ? '┆' : '│';

    private static char Crossing(DiagramSegment s, DiagramRowKind kind) => (s.Classical, s.Style, kind) switch
    {
        (_, ConnectorStyle.Linked, _) when !s.Classical => '┆',
        (true, _, DiagramRowKind.Qubit) => '╫',
        (true, _, DiagramRowKind.Clbit) => '╬',
        (false, _, DiagramRowKind.Clbit) => '╪',
        (true, _, _) => '║',
        (false, _, DiagramRowKind.Qubit) => '┼',
        _ => '│',
    };

    private static void DrawOperation(DiagramOperation op, System.Collections.Immutable.ImmutableArray<DiagramRow> rows, char[][][][] cells, int w)
    {
        int c = op.Column, mid = (w - 1) / 2;
        var up = new Dictionary<int, DiagramSegment>();
        var down = new Dictionary<int, DiagramSegment>();
        foreach (var s in op.Segments)
        {
            for (int r = s.FromRow; r <= s.ToRow; r++)
            {
                if (r > s.FromRow)
                {
                    up[r] = s;
                }

                if (r < s.ToRow)
                {
                    down[r] = s;
                }
            }
        }

        var elements = op.Elements.GroupBy(e => e.Row).ToDictionary(g => g.Key, g => g.First());
        for (int r = op.TopRow; r <= op.BottomRow; r++)
        {
            var kind = rows[r].Kind;
            var lines = cells[r];
            up.TryGetValue(r, out var u);
            down.TryGetValue(r, out var d);
            if (!elements.TryGetValue(r, out var e))
            {
                if (u is null)
                {
                    continue;
                }

                if (kind == DiagramRowKind.Header)
                {
                    lines[0][c][mid] = Vertical(u);
                    continue;
                }

                lines[0][c][mid] = Vertical(u);
                lines[1][c][mid] = Crossing(u, kind);
                lines[2][c][mid] = Vertical(u);
                continue;
            }

            if (e.Kind is ElementKind.Box or ElementKind.Measure)
            {
                int bw = BoxWidth(e.Label), left = (w - bw) / 2, center = left + ((bw - 1) / 2);
                bool classicalWire = kind == DiagramRowKind.Clbit;
                for (int x = 0; x < bw; x++)
                {
                    bool edge = x == 0 || x == bw - 1;
                    lines[0][c][left + x] = x == 0 ? '┌' : x == bw - 1 ? '┐' : '─';
                    lines[2][c][left + x] = x == 0 ? '└' : x == bw - 1 ? '┘' : '─';
                    lines[1][c][left + x] = edge ? (x == 0 ? (classicalWire ? '╡' : '┤') : (classicalWire ? '╞' : '├')) : ' ';
                }

                for (int x = 0; x < e.Label.Length; x++)
                {
                    lines[1][c][left + 2 + x] = e.Label[x];
                }

                if (u is not null)
                {
                    lines[0][c][center] = u.Classical ? '╨' : u.Style == ConnectorStyle.Linked ? '┆' : '┴';
                }

                if (d is not null)
                {
                    lines[2][c][center] = d.Classical ? '╥' : d.Style == ConnectorStyle.Linked ? '┆' : '┬';
                }

                continue;
            }

            char glyph = e.Kind switch
            {
                ElementKind.Control => '●',
                ElementKind.OpenControl => '○',
                ElementKind.Target => '⊕',
                ElementKind.Swap => '×',
                ElementKind.MeasureBit => '╩',
                _ => '░',
            };
            lines[1][c][mid] = glyph;
            if (e.Kind == ElementKind.Barrier)
            {
                lines[0][c][mid] = '░';
                lines[2][c][mid] = '░';
                continue;
            }

            if (u is not null)
            {
                lines[0][c][mid] = Vertical(u);
            }

            if (d is not null)
            {
                lines[2][c][mid] = Vertical(d);
            }
        }
    }
}
