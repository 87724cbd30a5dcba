using System.Globalization;
using System.Text;

namespace Dqml.Experiments.Reports;

/// <summary>
/// Writes one self-contained <c>report.html</c>: every figure inlined as an SVG data URI, tables as HTML, the
/// spec and the commands as text; no script, style sheet, font or image is loaded from anywhere else.
/// </summary>
/// <remarks>
/// A small inline script marks the page when every figure has loaded: <c>&lt;body data-figures-loaded="k/n"&gt;</c>
/// (checked by the headless-browser test).
/// </remarks>
public static class HtmlReport
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.html";

    private const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        h1 { border-bottom: 2px solid #444; }
        h2 { border-bottom: 1px solid #aaa; margin-top: 2em; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
        th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: right; }
        th { background: #eee; }
        td:first-child, th:first-child { text-align: left; }
        figure { display: inline-block; margin: 0.5em; vertical-align: top; }
        figure img { max-width: 100%; border: 1px solid #ddd; }
        figcaption { font-size: 0.85em; color: #555; }
        pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
        code { background: #f0f0f0; padding: 0 0.2em; }
        .note { color: #8a5a00; }
        .meta { color: #555; font-size: 0.9em; }
        """;

    private const string Script = """
        window.addEventListener('load', function () {
          var images = document.querySelectorAll('figure img');
          var loaded = 0;
          images.forEach(function (img) { if (img.complete && img.naturalWidth > 0) { loaded++; } });
          document.body.setAttribute('data-figures-loaded', loaded + '/' + images.length);
        });
        """;

    /// <summary>The report page for <paramref name="sections"/>.</summary>
    /// <param name="title">The page title.</param>
    /// <param name="command">The command that produced the report.</param>
    /// <param name="sections">One section per preset.</param>
    /// <param name="generatedUtc">The time stamp shown on the page.</param>
    public static string Render(string title, string command, IReadOnlyList<ReportSection> sections, DateTimeOffset generatedUtc)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(sections);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        h.Append("<p class=\"meta\">Command: <code>").Append(Encode(command)).Append("</code><br>Generated ")
            .Append(Encode(generatedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" by Dqml ").Append(Encode(typeof(HtmlReport).Assembly.GetName().Version?.ToString() ?? "?")).Append(".</p>\n");
        h.Append("<ul>\n");
        foreach (var s in sections)
        {
            h.Append("<li><a href=\"#").Append(Anchor(s.Name)).Append("\">").Append(Encode(s.Title)).Append("</a>")
                .Append(Encode(string.Create(CultureInfo.InvariantCulture, $" ({s.Kind}{(s.Quick ? ", quick" : string.Empty)}: {s.StoredRuns}/{s.GridRuns} runs, {s.Figures.Count} figures)")))
                .Append("</li>\n");
        }

        h.Append("</ul>\n");
        foreach (var s in sections)
        {
            Section(h, s);
        }

        h.Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>Renders the report and writes it to <paramref name="path"/> atomically (temporary file, flush, rename).</summary>
    /// <returns>The full path written.</returns>
    public static string Write(string path, string title, string command, IReadOnlyList<ReportSection> sections, DateTimeOffset? generatedUtc = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        ReportFiles.WriteText(full, Render(title, command, sections, generatedUtc ?? DateTimeOffset.UtcNow));
        return full;
    }

    private static void Section(StringBuilder h, ReportSection s)
    {
        h.Append("<section id=\"").Append(Anchor(s.Name)).Append("\">\n<h2>").Append(Encode(s.Title)).Append("</h2>\n");
        if (s.Description is not null)
        {
            h.Append("<p>").Append(Encode(s.Description)).Append("</p>\n");
        }

        h.Append("<p class=\"meta\">Kind <code>").Append(Encode(s.Kind)).Append("</code>")
            .Append(s.Quick ? ", <strong>quick</strong> variant (reduced sizes)" : ", full variant")
            .Append(Encode(string.Create(CultureInfo.InvariantCulture, $"; {s.StoredRuns} of {s.GridRuns} runs; results in ")))
            .Append("<code>").Append(Encode(s.StoreDirectory)).Append("</code>.</p>\n");
        foreach (string note in s.Notes)
        {
            h.Append("<p class=\"note\">").Append(Encode(note)).Append("</p>\n");
        }

        foreach (var f in s.Figures)
        {
            h.Append("<figure><img alt=\"").Append(Encode(f.Figure.Title)).Append("\" src=\"data:image/svg+xml;base64,")
                .Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(f.Svg))).Append("\">")
                .Append("<figcaption>").Append(Encode(f.Figure.Title));
            if (f.PngPath is not null)
            {
                h.Append(" — files: <code>").Append(Encode(Path.GetFileName(f.PngPath))).Append("</code>, <code>")
                    .Append(Encode(Path.GetFileName(f.SvgPath ?? string.Empty))).Append("</code>");
            }

            h.Append("</figcaption></figure>\n");
        }

        foreach (var t in s.Tables)
        {
            Table(h, t);
        }

        h.Append("<p>Run this preset alone: <code>").Append(Encode(s.Command)).Append("</code></p>\n");
        h.Append("<details><summary>Spec</summary>\n<pre>").Append(Encode(s.SpecText)).Append("</pre>\n</details>\n</section>\n");
    }

    private static void Table(StringBuilder h, ReportTable t)
    {
        h.Append("<h3>").Append(Encode(t.Title)).Append("</h3>\n<table>\n<thead><tr>");
        foreach (string c in t.Header)
        {
            h.Append("<th>").Append(Encode(c)).Append("</th>");
        }

        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in t.Rows)
        {
            h.Append("<tr>");
            foreach (string c in row)
            {
                h.Append("<td>").Append(Encode(c)).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</tbody>\n</table>\n");
    }

    private static string Anchor(string name) => "preset-" + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    /// <summary>Escapes the five HTML-special characters; everything else stays as UTF-8 text (the page declares UTF-8).</summary>
    private static string Encode(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);
}
