using System.Globalization;
using ScottPlot;

namespace Dqml.Experiments.Reports;

/// <summary>How a series is drawn.</summary>
public enum SeriesStyle
{
    /// <summary>Markers joined by a line (measured values).</summary>
    Line,

    /// <summary>Markers only, hollow-looking and larger (reference values, e.g. a paper's).</summary>
    Markers,
}

/// <summary>One series of a figure: points (X[i], Y[i]) with an optional symmetric error bar Error[i].</summary>
/// <param name="Label">The legend text.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values (NaN points are left out).</param>
/// <param name="Error">Half-heights of the error bars (e.g. a standard deviation), or null for none.</param>
/// <param name="Style">Line or markers only.</param>
public sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? Error = null, SeriesStyle Style = SeriesStyle.Line);

/// <summary>
/// A figure as plain data: what <see cref="Plots"/> draws. Presets build these from their records; any code can
/// build one from its own numbers.
/// </summary>
/// <param name="Name">The file name stem (<c>accuracy-vs-depth</c>): letters, digits, '-', '_' and '.'.</param>
/// <param name="Title">The title above the plot.</param>
/// <param name="XLabel">The x-axis label.</param>
/// <param name="YLabel">The y-axis label.</param>
/// <param name="Series">The series, drawn in order with the palette's colours.</param>
public sealed record LineFigure(string Name, string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series)
{
    /// <summary>A base-10 logarithmic x axis (the x values must be positive).</summary>
    public bool LogX { get; init; }

    /// <summary>Fixed lower y limit, or null to fit the data.</summary>
    public double? YMin { get; init; }

    /// <summary>Fixed upper y limit, or null to fit the data.</summary>
    public double? YMax { get; init; }

    /// <summary>Only integer ticks on the x axis (depths, counts).</summary>
    public bool IntegerX { get; init; }
}

/// <summary>A rendered figure: its SVG text and PNG bytes, and where they were saved (null when not saved).</summary>
/// <param name="Figure">What was drawn.</param>
/// <param name="Svg">The SVG document.</param>
/// <param name="Png">The PNG image.</param>
/// <param name="SvgPath">The saved SVG file, or null.</param>
/// <param name="PngPath">The saved PNG file, or null.</param>
public sealed record RenderedFigure(LineFigure Figure, string Svg, byte[] Png, string? SvgPath = null, string? PngPath = null);

/// <summary>Draws <see cref="LineFigure"/>s with ScottPlot, as SVG and PNG.</summary>
/// <remarks>Rendering is deterministic for the same figure and size; one figure takes a few tens of milliseconds.</remarks>
public static class Plots
{
    /// <summary>The default image width in pixels.</summary>
    public const int DefaultWidth = 720;

    /// <summary>The default image height in pixels.</summary>
    public const int DefaultHeight = 450;

    private const float LineWidth = 2;
    private const float MarkerSize = 7;
    private const float ReferenceMarkerSize = 11;

    /// <summary>Renders <paramref name="figure"/> to SVG and PNG in memory.</summary>
    /// <exception cref="ArgumentException">A series whose X, Y (and Error) lengths differ, a bad name, or a non-positive x on a log axis.</exception>
    public static RenderedFigure Render(LineFigure figure, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(figure);
        Validate(figure);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        var plot = Build(figure);
        string svg = plot.GetSvgXml(width, height);
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        return new RenderedFigure(figure, svg, png);
    }

    /// <summary>Renders <paramref name="figure"/> and writes <c>NAME.svg</c> and <c>NAME.png</c> into <paramref name="directory"/> (each atomically).</summary>
    public static RenderedFigure Save(LineFigure figure, string directory, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var rendered = Render(figure, width, height);
        string svgPath = Path.GetFullPath(Path.Combine(directory, figure.Name + ".svg"));
        string pngPath = Path.GetFullPath(Path.Combine(directory, figure.Name + ".png"));
        ReportFiles.WriteText(svgPath, rendered.Svg);
        ReportFiles.WriteBytes(pngPath, rendered.Png);
        return rendered with { SvgPath = svgPath, PngPath = pngPath };
    }

    private static void Validate(LineFigure figure)
    {
        if (figure.Name.Length == 0 || figure.Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"figure name '{figure.Name}' must be non-empty letters, digits, '-', '_' or '.'", nameof(figure));
        }

        foreach (var s in figure.Series)
        {
            if (s.X.Count != s.Y.Count || (s.Error is not null && s.Error.Count != s.Y.Count))
            {
                throw new ArgumentException($"figure {figure.Name}: series '{s.Label}' has {s.X.Count} x, {s.Y.Count} y and {s.Error?.Count} error values", nameof(figure));
            }

            if (figure.LogX && s.X.Any(x => !(x > 0)))
            {
                throw new ArgumentException($"figure {figure.Name}: series '{s.Label}' has an x value <= 0 on a logarithmic axis", nameof(figure));
            }
        }
    }

    private static Plot Build(LineFigure figure)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        bool anyLabel = false;
        foreach (var s in figure.Series)
        {
            var keep = Enumerable.Range(0, s.X.Count).Where(i => double.IsFinite(s.X[i]) && double.IsFinite(s.Y[i])).ToList();
            double[] xs = keep.Select(i => figure.LogX ? Math.Log10(s.X[i]) : s.X[i]).ToArray();
            double[] ys = keep.Select(i => s.Y[i]).ToArray();
            var color = palette.GetColor(colour++);
            if (xs.Length == 0)
            {
                continue;
            }

            if (s.Error is not null)
            {
                double[] errors = keep.Select(i => double.IsFinite(s.Error[i]) ? s.Error[i] : 0).ToArray();
                var bars = plot.Add.ErrorBar(xs, ys, errors);
                bars.Color = color;
                bars.LineWidth = 1.5f;
            }

            var scatter = plot.Add.Scatter(xs, ys, color);
            scatter.LegendText = s.Label;
            anyLabel |= s.Label.Length > 0;
            if (s.Style == SeriesStyle.Markers)
            {
                scatter.LineWidth = 0;
                scatter.MarkerSize = ReferenceMarkerSize;
                scatter.MarkerShape = MarkerShape.OpenDiamond;
            }
            else
            {
                scatter.LineWidth = LineWidth;
                scatter.MarkerSize = MarkerSize;
            }
        }

        plot.Title(figure.Title);
        plot.XLabel(figure.XLabel);
        plot.YLabel(figure.YLabel);
        if (figure.LogX)
        {
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic
            {
                IntegerTicksOnly = true,
                LabelFormatter = x => Math.Pow(10, x).ToString("G6", CultureInfo.InvariantCulture),
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            };
            plot.Axes.Bottom.TickGenerator = ticks;
        }
        else if (figure.IntegerX)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        plot.Axes.AutoScale();
        plot.Axes.Margins(0.08, 0.12);
        if (figure.YMin is not null || figure.YMax is not null)
        {
            var limits = plot.Axes.GetLimits();
            plot.Axes.SetLimitsY(figure.YMin ?? limits.Bottom, figure.YMax ?? limits.Top);
        }

        if (anyLabel)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }

        return plot;
    }
}
