using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace Dqml.Testing;

/// <summary>
/// Checks in headless Chromium that every element of a circuit SVG (as drawn by <c>SvgDiagram</c>) is visible:
/// the SVG is inlined in an HTML page whose script, once the SVG is laid out, measures every operation group
/// (<c>&lt;g class="op ..." data-index="i"&gt;</c>), every painted element inside it and every text, and
/// writes a JSON verdict into <c>&lt;pre id="result"&gt;</c>; Chromium's <c>--dump-dom</c> returns it.
/// </summary>
/// <remarks>
/// <para>An element is reported invisible (<see cref="SvgVisibilityResult.Invisible"/>, with the reason) when:</para>
/// <list type="bullet">
/// <item>its bounding box is empty (zero width or height; a line needs non-zero length);</item>
/// <item>its bounding box is not inside the SVG's viewport (0.5 px tolerance), or the SVG is not inside the window;</item>
/// <item>it or an ancestor has computed <c>display: none</c>, <c>visibility</c> other than visible, or <c>opacity: 0</c>;</item>
/// <item>it paints nothing (fill and stroke both none; a line without stroke);</item>
/// <item>a gate box, control or target is covered at its centre by an element of another operation (hit test);</item>
/// <item>a gate label does not fit inside its box, or two texts overlap.</item>
/// </list>
/// <para>The page has no external resources, so the check needs no timers: the script runs once, synchronously,
/// after the inline SVG (layout is forced by the measurements).</para>
/// </remarks>
public static class SvgVisibility
{
    /// <summary>Extra window size around the SVG, in CSS pixels.</summary>
    private const int WindowPadding = 16;

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// The script, run after the inline SVG inside <c>#subject</c>. Elements are described by their op index
    /// (-1 outside any op), their tag and class, and their text.
    /// </summary>
    private const string Script = """
        (function () {
          var out = document.getElementById('result');
          try {
            var tol = 0.5;
            var svg = document.querySelector('#subject > svg');
            var vr = svg.getBoundingClientRect();
            var res = { width: vr.width, height: vr.height, windowWidth: window.innerWidth, windowHeight: window.innerHeight,
                        ops: [], gates: 0, notes: [], invisible: [] };
            var shapes = 'rect,circle,ellipse,line,polyline,polygon,path,text';
            function opOf(el) { var g = el.closest('g.op'); return g ? parseInt(g.getAttribute('data-index'), 10) : -1; }
            function describe(el) {
              var s = el.tagName.toLowerCase();
              var c = el.getAttribute('class');
              if (c) { s += '.' + c.trim().split(/\s+/).join('.'); }
              if (el.tagName.toLowerCase() === 'text') { s += ' "' + el.textContent + '"'; }
              return s;
            }
            function report(el, reason) { res.invisible.push({ index: opOf(el), element: describe(el), reason: reason }); }
            function box(r) { return [r.left - vr.left, r.top - vr.top, r.right - vr.left, r.bottom - vr.top].map(function (v) { return Math.round(v * 10) / 10; }); }
            function hidden(el) {
              for (var e = el; e && e !== svg.parentElement; e = e.parentElement) {
                var s = getComputedStyle(e);
                if (s.display === 'none') { return 'display: none'; }
                if (s.visibility !== 'visible') { return 'visibility: ' + s.visibility; }
                if (parseFloat(s.opacity) === 0) { return 'opacity: 0'; }
              }
              return null;
            }
            function unpainted(el) {
              var s = getComputedStyle(el);
              var fill = s.fill !== 'none' && parseFloat(s.fillOpacity) !== 0;
              var stroke = s.stroke !== 'none' && parseFloat(s.strokeOpacity) !== 0 && parseFloat(s.strokeWidth) !== 0;
              var tag = el.tagName.toLowerCase();
              if (tag === 'line' || tag === 'polyline') { return stroke ? null : 'a line without stroke'; }
              return fill || stroke ? null : 'fill and stroke are none';
            }
            function inside(r, o) { return r.left >= o.left - tol && r.top >= o.top - tol && r.right <= o.right + tol && r.bottom <= o.bottom + tol; }
            function check(el) {
              var r = el.getBoundingClientRect();
              var tag = el.tagName.toLowerCase();
              var empty = tag === 'line' ? (r.width <= 0 && r.height <= 0) : (r.width <= 0 || r.height <= 0);
              var h = hidden(el);
              if (h) { report(el, h); return false; }
              if (empty) { report(el, 'empty bounding box ' + r.width + 'x' + r.height); return false; }
              if (!inside(r, vr)) { report(el, 'outside the SVG viewport: [' + box(r) + '] not in [0,0,' + vr.width + ',' + vr.height + ']'); return false; }
              if (tag !== 'g') { var u = unpainted(el); if (u) { report(el, u); return false; } }
              return true;
            }
            if (vr.left < 0 || vr.top < 0 || vr.right > window.innerWidth + tol || vr.bottom > window.innerHeight + tol) {
              res.invisible.push({ index: -1, element: 'svg', reason: 'the SVG [' + [vr.left, vr.top, vr.right, vr.bottom] + '] is not inside the window ' + window.innerWidth + 'x' + window.innerHeight });
            }
            var groups = svg.querySelectorAll('g.op');
            for (var i = 0; i < groups.length; i++) {
              var g = groups[i];
              var idx = parseInt(g.getAttribute('data-index'), 10);
              var op = { index: idx, kind: g.getAttribute('class'), box: box(g.getBoundingClientRect()), gates: [], links: [] };
              check(g);
              var els = g.querySelectorAll(shapes);
              for (var j = 0; j < els.length; j++) {
                var el = els[j];
                var ok = check(el);
                var tag = el.tagName.toLowerCase();
                var cls = ' ' + (el.getAttribute('class') || '') + ' ';
                if (tag === 'rect' && cls.indexOf(' gate ') >= 0) {
                  res.gates++;
                  op.gates.push(box(el.getBoundingClientRect()));
                  var label = el.nextElementSibling;
                  if (label && label.tagName.toLowerCase() === 'text' && !inside(label.getBoundingClientRect(), el.getBoundingClientRect())) {
                    report(label, 'label [' + box(label.getBoundingClientRect()) + '] outside its box [' + box(el.getBoundingClientRect()) + ']');
                  }
                }
                if (tag === 'line' && el.hasAttribute('stroke-dasharray')) { op.links.push(box(el.getBoundingClientRect())); }
                if (ok && ((tag === 'rect' && cls.indexOf(' gate ') >= 0) || tag === 'circle')) {
                  var r = el.getBoundingClientRect();
                  var hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
                  if (!hit || hit.closest('g.op') !== g) {
                    report(el, 'covered at its centre by ' + (hit ? describe(hit) + ' of op ' + opOf(hit) : 'nothing (outside the window)'));
                  }
                }
              }
              res.ops.push(op);
            }
            var texts = svg.querySelectorAll('text');
            var rects = [];
            for (var k = 0; k < texts.length; k++) {
              var t = texts[k];
              if (opOf(t) < 0) { check(t); }
              var cls2 = ' ' + (t.getAttribute('class') || '') + ' ';
              if (cls2.indexOf(' note ') >= 0) { res.notes.push(t.textContent); }
              var tr = t.getBoundingClientRect();
              for (var m = 0; m < rects.length; m++) {
                var o = rects[m].r;
                if (tr.left < o.right - tol && o.left < tr.right - tol && tr.top < o.bottom - tol && o.top < tr.bottom - tol) {
                  report(t, 'overlaps ' + describe(rects[m].t) + ' [' + box(tr) + '] vs [' + box(o) + ']');
                }
              }
              rects.push({ t: t, r: tr });
            }
            out.textContent = JSON.stringify(res);
          } catch (e) {
            out.textContent = JSON.stringify({ error: String(e && e.stack || e) });
          }
        })();
        """;

    /// <summary>An HTML page with <paramref name="svg"/> inlined and the visibility script after it.</summary>
    public static string Page(string svg)
    {
        ArgumentNullException.ThrowIfNull(svg);
        string body = svg.StartsWith("<?xml", StringComparison.Ordinal) ? svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..] : svg;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>SVG visibility</title>\n");
        sb.Append("<style>html, body { margin: 0; padding: 0; background: white; } #subject > svg { display: block; } #result { display: none; }</style>\n");
        sb.Append("</head><body>\n<div id=\"subject\">\n").Append(body.Trim()).Append("\n</div>\n");
        sb.Append("<pre id=\"result\">not run</pre>\n<script>\n").Append(Script).Append("\n</script>\n</body></html>\n");
        return sb.ToString();
    }

    /// <summary>The verdict the page's script wrote into <c>&lt;pre id="result"&gt;</c> of a dumped DOM.</summary>
    public static SvgVisibilityResult Parse(string dom)
    {
        ArgumentNullException.ThrowIfNull(dom);
        const string open = "<pre id=\"result\">";
        int start = dom.IndexOf(open, StringComparison.Ordinal);
        Assert.True(start >= 0, "the dumped DOM has no <pre id=\"result\">: " + Shorten(dom));
        start += open.Length;
        int end = dom.IndexOf("</pre>", start, StringComparison.Ordinal);
        Assert.True(end >= 0, "unterminated <pre id=\"result\">");
        string json = WebUtility.HtmlDecode(dom[start..end]);
        Assert.True(json.StartsWith('{'), "the visibility script did not run: " + Shorten(json));
        var result = JsonSerializer.Deserialize<SvgVisibilityResult>(json, Json) ?? throw new InvalidOperationException("null verdict");
        Assert.True(result.Error is null, "the visibility script failed: " + result.Error);
        return result;
    }

    /// <summary>
    /// Renders <paramref name="svg"/> in headless Chromium (window a little larger than the SVG), returns the
    /// script's verdict and, when <paramref name="screenshot"/> is given, saves a PNG screenshot of the page there.
    /// </summary>
    public static SvgVisibilityResult Check(string svg, string? screenshot = null)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var root = XDocument.Parse(svg).Root!;
        int width = (int)Math.Ceiling(double.Parse((string?)root.Attribute("width") ?? "800", CultureInfo.InvariantCulture)) + WindowPadding;
        int height = (int)Math.Ceiling(double.Parse((string?)root.Attribute("height") ?? "600", CultureInfo.InvariantCulture)) + WindowPadding;
        string dir = Path.Combine(Path.GetTempPath(), "dqml-svgvis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string page = Path.Combine(dir, "page.html");
            File.WriteAllText(page, Page(svg));
            string uri = new Uri(page).AbsoluteUri;
            // Headless Chromium's page viewport under --dump-dom can be smaller than --window-size (room kept for
            // browser UI: 143 px of height in Chromium 156; a window too small gives 0x0): grow the window by what
            // is missing and check again, a few times at most.
            int windowWidth = width, windowHeight = height;
            var result = Parse(HeadlessChromium.Run(dir, Window(windowWidth, windowHeight), "--dump-dom", uri));
            for (int attempt = 0; attempt < 3 && (result.WindowWidth < width || result.WindowHeight < height); attempt++)
            {
                windowWidth += Math.Max(0, width - (int)result.WindowWidth);
                windowHeight += Math.Max(0, height - (int)result.WindowHeight);
                result = Parse(HeadlessChromium.Run(dir, Window(windowWidth, windowHeight), "--dump-dom", uri));
            }

            if (screenshot is not null)
            {
                string png = Path.Combine(dir, "page.png");
                HeadlessChromium.Run(dir, $"--screenshot={png}", Window(width, height), uri);
                Assert.True(File.Exists(png), "chromium wrote no screenshot");
                byte[] bytes = File.ReadAllBytes(png);
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
                File.Copy(png, screenshot, overwrite: true);
            }

            return result;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Window(int width, int height) => $"--window-size={width},{height}";

    private static string Shorten(string s) => s.Length <= 400 ? s : s[..400] + "...";
}

/// <summary>The verdict of <see cref="SvgVisibility"/>'s script.</summary>
public sealed class SvgVisibilityResult
{
    /// <summary>Set when the script threw (then nothing else is).</summary>
    public string? Error { get; init; }

    /// <summary>Rendered SVG width in CSS pixels.</summary>
    public double Width { get; init; }

    /// <summary>Rendered SVG height in CSS pixels.</summary>
    public double Height { get; init; }

    /// <summary>Window (viewport) width the page was rendered in.</summary>
    public double WindowWidth { get; init; }

    /// <summary>Window (viewport) height the page was rendered in.</summary>
    public double WindowHeight { get; init; }

    /// <summary>Every <c>g.op</c> in document order.</summary>
    public IReadOnlyList<SvgOp> Ops { get; init; } = [];

    /// <summary>Number of <c>rect.gate</c> elements inside ops.</summary>
    public int Gates { get; init; }

    /// <summary>Text of every <c>text.note</c> (communication notes and the like).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Every element found not visible, with the reason.</summary>
    public IReadOnlyList<SvgProblem> Invisible { get; init; } = [];

    /// <summary>Op indices with at least one invisible element, ascending.</summary>
    public IReadOnlyList<int> InvisibleOps => Invisible.Where(p => p.Index >= 0).Select(p => p.Index).Distinct().Order().ToList();

    /// <summary>All problems, one per line, for assertion messages.</summary>
    public string Describe() => string.Join("\n", Invisible.Select(p => $"op {p.Index}: {p.Element}: {p.Reason}"));
}

/// <summary>One <c>g.op</c>: its index, class, bounding box and those of its gate boxes and dashed (linked) connectors ([left, top, right, bottom] relative to the SVG, CSS pixels).</summary>
public sealed class SvgOp
{
    /// <summary>The instruction index (<c>data-index</c>).</summary>
    public int Index { get; init; }

    /// <summary>The class attribute (<c>op gate</c>, <c>op measure</c>, ...).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>Bounding box of the group.</summary>
    public IReadOnlyList<double> Box { get; init; } = [];

    /// <summary>Bounding boxes of the group's <c>rect.gate</c> elements.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Gates { get; init; } = [];

    /// <summary>Bounding boxes of the group's dashed lines (linked connectors, barrier strips).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Links { get; init; } = [];
}

/// <summary>An element found not visible: its op index (-1 outside ops), a description (tag.class "text") and why.</summary>
public sealed record SvgProblem(int Index, string Element, string Reason);
