using System.Globalization;
using System.Text;

namespace Dqml.Circuits.Drawing;

/// <summary>
/// Draws a circuit as a self-contained SVG document with the same layout (rows and column assignment) as
/// <see cref="TextDiagram"/>: qubit wires as lines, classical bits as double lines, every gate a
/// <c>rect</c> with its label in a <c>text</c>, controls as filled circles joined by lines, CNOT targets
/// ⊕, SWAP ×, measurements as a box with a meter (arc and needle) and a double line down to the bit,
/// conditions as a double line from the bit (filled circle for 1, open for 0), barriers as shaded
/// dashed strips, bands as shaded rectangles with their label.
/// </summary>
/// <remarks>
/// Each instruction is one <c>&lt;g class="op ..." data-index="i"&gt;</c> element, so tools and tests can
/// find it. The SVG does not wrap (it is as wide as the circuit). Linked connectors (shared pairs, cut
/// gates) are dashed. No external fonts, styles or scripts are referenced. Cost: O(instructions + rows).
/// </remarks>
public static class SvgDiagram
{
    private const double CharWidth = 7.2;
    private const double QubitHeight = 44;
    private const double ClbitHeight = 32;
    private const double HeaderHeight = 26;
    private const double NoteHeight = 20;
    private const double BoxHeight = 28;
    private const double ColumnGap = 14;
    private const double Margin = 10;

    private static readonly string[] BandFills = ["#e8f0fe", "#fdf0e0", "#e6f4ea", "#f3e8fd"];

    /// <summary>Draws <paramref name="circuit"/>.</summary>
    public static string Draw(Circuit circuit, DiagramOptions? options = null) => Draw(DiagramLayout.Create(circuit, options));

    /// <summary>Draws a laid-out circuit.</summary>
    public static string Draw(DiagramLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var rows = layout.Rows;
        int cols = layout.ColumnCount;
        var colWidth = new double[cols];
        var notes = new string[cols];
        Array.Fill(notes, string.Empty);
        foreach (var op in layout.Operations)
        {
            foreach (var e in op.Elements)
            {
                double ew = e.Kind is ElementKind.Box or ElementKind.Measure ? BoxWidth(e.Label) : 24;
                colWidth[op.Column] = Math.Max(colWidth[op.Column], ew);
            }

            if (!string.IsNullOrEmpty(op.Note))
            {
                notes[op.Column] = notes[op.Column].Length == 0 ? op.Note : notes[op.Column] + " " + op.Note;
            }
        }

        bool anyNote = notes.Any(n => n.Length > 0);
        var colX = new double[cols];
        double gutter = Margin + (rows.IsEmpty ? 0 : rows.Max(r => r.Label.Length) * CharWidth) + 16;
        double x = gutter + ColumnGap;
        for (int c = 0; c < cols; c++)
        {
            colWidth[c] = Math.Max(colWidth[c], notes[c].Length * 6.2);
            colX[c] = x + (colWidth[c] / 2);
            x += colWidth[c] + ColumnGap;
        }

        double totalWidth = x + Margin;
        var rowY = new double[rows.Length];
        var rowTop = new double[rows.Length];
        var rowBottom = new double[rows.Length];
        double y = Margin + (anyNote ? NoteHeight : 0);
        for (int r = 0; r < rows.Length; r++)
        {
            double h = rows[r].Kind switch { DiagramRowKind.Header => HeaderHeight, DiagramRowKind.Qubit => QubitHeight, _ => ClbitHeight };
            rowTop[r] = y;
            rowY[r] = y + (h / 2);
            y += h;
            rowBottom[r] = y;
        }

        double totalHeight = y + Margin;
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{totalWidth:0.#}\" height=\"{totalHeight:0.#}\" viewBox=\"0 0 {totalWidth:0.#} {totalHeight:0.#}\" font-family=\"DejaVu Sans Mono, Consolas, monospace\" font-size=\"12\">\n"));
        sb.Append(Inv($"<rect class=\"background\" x=\"0\" y=\"0\" width=\"{totalWidth:0.#}\" height=\"{totalHeight:0.#}\" fill=\"white\"/>\n"));

        // Bands: from each header to the last qubit row before the next header or the classical bits.
        int band = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].Kind != DiagramRowKind.Header)
            {
                continue;
            }

            int last = r;
            while (last + 1 < rows.Length && rows[last + 1].Kind == DiagramRowKind.Qubit)
            {
                last++;
            }

            string fill = BandFills[band++ % BandFills.Length];
            sb.Append(Inv($"<g class=\"band\"><rect x=\"{Margin / 2:0.#}\" y=\"{rowTop[r]:0.#}\" width=\"{totalWidth - Margin:0.#}\" height=\"{rowBottom[last] - rowTop[r]:0.#}\" fill=\"{fill}\" stroke=\"#9aa0a6\" rx=\"6\"/>"));
            sb.Append(Inv($"<text x=\"{Margin:0.#}\" y=\"{rowY[r] + 4:0.#}\" font-weight=\"bold\">{Escape(rows[r].Label)}</text></g>\n"));
        }

        // Wires and labels.
        for (int r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            if (row.Kind == DiagramRowKind.Header)
            {
                continue;
            }

            sb.Append(Inv($"<text class=\"wire-label\" x=\"{Margin:0.#}\" y=\"{rowY[r] + 4:0.#}\">{Escape(row.Label)}</text>"));
            if (row.Kind == DiagramRowKind.Qubit)
            {
                sb.Append(Inv($"<line class=\"wire\" x1=\"{gutter:0.#}\" y1=\"{rowY[r]:0.#}\" x2=\"{totalWidth - Margin:0.#}\" y2=\"{rowY[r]:0.#}\" stroke=\"black\"/>\n"));
            }
            else
            {
                sb.Append(Inv($"<line class=\"wire classical\" x1=\"{gutter:0.#}\" y1=\"{rowY[r] - 1.5:0.#}\" x2=\"{totalWidth - Margin:0.#}\" y2=\"{rowY[r] - 1.5:0.#}\" stroke=\"black\"/>"));
                sb.Append(Inv($"<line class=\"wire classical\" x1=\"{gutter:0.#}\" y1=\"{rowY[r] + 1.5:0.#}\" x2=\"{totalWidth - Margin:0.#}\" y2=\"{rowY[r] + 1.5:0.#}\" stroke=\"black\"/>\n"));
            }
        }

        for (int c = 0; c < cols; c++)
        {
            if (notes[c].Length > 0)
            {
                sb.Append(Inv($"<text class=\"note\" x=\"{colX[c]:0.#}\" y=\"{Margin + 12:0.#}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#b3261e\">{Escape(notes[c])}</text>\n"));
            }
        }

        foreach (var op in layout.Operations)
        {
            DrawOperation(sb, op, colX[op.Column], rowY);
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static double BoxWidth(string label) => Math.Max(28, (label.Length * CharWidth) + 14);

    private static string Kind(DiagramOperation op) => op.Instruction switch
    {
        Instructions.Conditioned => "conditioned",
        Instructions.GateOperation => "gate",
        Instructions.Measurement => "measure",
        Instructions.Reset => "reset",
        Instructions.Barrier => "barrier",
        Instructions.NoiseChannelOperation => "noise",
        _ => "readout-error",
    };

    private static void DrawOperation(StringBuilder sb, DiagramOperation op, double cx, double[] rowY)
    {
        sb.Append(Inv($"<g class=\"op {Kind(op)}\" data-index=\"{op.Index}\">"));
        foreach (var s in op.Segments)
        {
            double y1 = rowY[s.FromRow], y2 = rowY[s.ToRow];
            if (s.Classical)
            {
                sb.Append(Inv($"<line x1=\"{cx - 1.5:0.#}\" y1=\"{y1:0.#}\" x2=\"{cx - 1.5:0.#}\" y2=\"{y2:0.#}\" stroke=\"black\"/>"));
                sb.Append(Inv($"<line x1=\"{cx + 1.5:0.#}\" y1=\"{y1:0.#}\" x2=\"{cx + 1.5:0.#}\" y2=\"{y2:0.#}\" stroke=\"black\"/>"));
            }
            else
            {
                string dash = s.Style == ConnectorStyle.Linked ? " stroke-dasharray=\"4,3\" stroke-width=\"2\"" : string.Empty;
                sb.Append(Inv($"<line x1=\"{cx:0.#}\" y1=\"{y1:0.#}\" x2=\"{cx:0.#}\" y2=\"{y2:0.#}\" stroke=\"black\"{dash}/>"));
            }
        }

        foreach (var e in op.Elements)
        {
            double y = rowY[e.Row];
            switch (e.Kind)
            {
                case ElementKind.Box:
                {
                    double w = BoxWidth(e.Label);
                    sb.Append(Inv($"<rect class=\"gate\" x=\"{cx - (w / 2):0.#}\" y=\"{y - (BoxHeight / 2):0.#}\" width=\"{w:0.#}\" height=\"{BoxHeight:0.#}\" fill=\"white\" stroke=\"black\"/>"));
                    sb.Append(Inv($"<text x=\"{cx:0.#}\" y=\"{y + 4:0.#}\" text-anchor=\"middle\">{Escape(e.Label)}</text>"));
                    break;
                }

                case ElementKind.Measure:
                {
                    double w = BoxWidth(e.Label);
                    sb.Append(Inv($"<rect class=\"gate measure\" x=\"{cx - (w / 2):0.#}\" y=\"{y - (BoxHeight / 2):0.#}\" width=\"{w:0.#}\" height=\"{BoxHeight:0.#}\" fill=\"white\" stroke=\"black\"/>"));
                    sb.Append(Inv($"<path d=\"M {cx - 9:0.#} {y + 6:0.#} A 9 9 0 0 1 {cx + 9:0.#} {y + 6:0.#}\" fill=\"none\" stroke=\"black\"/>"));
                    sb.Append(Inv($"<line x1=\"{cx:0.#}\" y1=\"{y + 6:0.#}\" x2=\"{cx + 7:0.#}\" y2=\"{y - 8:0.#}\" stroke=\"black\"/>"));
                    sb.Append(Inv($"<text x=\"{cx:0.#}\" y=\"{y + 12:0.#}\" text-anchor=\"middle\" font-size=\"7\">{Escape(e.Label)}</text>"));
                    break;
                }

                case ElementKind.Control or ElementKind.OpenControl:
                    sb.Append(Inv($"<circle cx=\"{cx:0.#}\" cy=\"{y:0.#}\" r=\"5\" fill=\"{(e.Kind == ElementKind.Control ? "black" : "white")}\" stroke=\"black\"/>"));
                    break;
                case ElementKind.Target:
                    sb.Append(Inv($"<circle cx=\"{cx:0.#}\" cy=\"{y:0.#}\" r=\"10\" fill=\"white\" stroke=\"black\"/>"));
                    sb.Append(Inv($"<line x1=\"{cx - 10:0.#}\" y1=\"{y:0.#}\" x2=\"{cx + 10:0.#}\" y2=\"{y:0.#}\" stroke=\"black\"/>"));
                    sb.Append(Inv($"<line x1=\"{cx:0.#}\" y1=\"{y - 10:0.#}\" x2=\"{cx:0.#}\" y2=\"{y + 10:0.#}\" stroke=\"black\"/>"));
                    break;
                case ElementKind.Swap:
                    sb.Append(Inv($"<line x1=\"{cx - 6:0.#}\" y1=\"{y - 6:0.#}\" x2=\"{cx + 6:0.#}\" y2=\"{y + 6:0.#}\" stroke=\"black\" stroke-width=\"2\"/>"));
                    sb.Append(Inv($"<line x1=\"{cx - 6:0.#}\" y1=\"{y + 6:0.#}\" x2=\"{cx + 6:0.#}\" y2=\"{y - 6:0.#}\" stroke=\"black\" stroke-width=\"2\"/>"));
                    break;
                case ElementKind.MeasureBit:
                    sb.Append(Inv($"<polygon points=\"{cx - 5:0.#},{y - 7:0.#} {cx + 5:0.#},{y - 7:0.#} {cx:0.#},{y:0.#}\" fill=\"black\"/>"));
                    break;
                default:
                    sb.Append(Inv($"<rect x=\"{cx - 6:0.#}\" y=\"{y - (QubitHeight / 2):0.#}\" width=\"12\" height=\"{QubitHeight:0.#}\" fill=\"#dadce0\" opacity=\"0.7\"/>"));
                    sb.Append(Inv($"<line x1=\"{cx:0.#}\" y1=\"{y - (QubitHeight / 2):0.#}\" x2=\"{cx:0.#}\" y2=\"{y + (QubitHeight / 2):0.#}\" stroke=\"black\" stroke-dasharray=\"3,3\"/>"));
                    break;
            }
        }

        sb.Append("</g>\n");
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
