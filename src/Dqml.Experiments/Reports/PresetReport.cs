using System.Globalization;
using System.Text.RegularExpressions;
using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Reports;

/// <summary>One preset's part of a report: its figures and tables, the spec and the command that made it.</summary>
/// <param name="Name">The preset (spec name).</param>
/// <param name="Title">The heading.</param>
/// <param name="Description">The spec's description, or null.</param>
/// <param name="Kind">The experiment kind as written in the spec (<c>train</c>, <c>capacity</c>, ...).</param>
/// <param name="Quick">True for the <c>--quick</c> variant.</param>
/// <param name="Figures">The figures, rendered (and saved when the section was built with a figure folder).</param>
/// <param name="Tables">The tables.</param>
/// <param name="Notes">Remarks shown under the heading (e.g. what is missing).</param>
/// <param name="SpecText">The spec file's text.</param>
/// <param name="Command">The command that runs the preset alone.</param>
/// <param name="StoreDirectory">The result store.</param>
/// <param name="StoredRuns">Runs in the store.</param>
/// <param name="GridRuns">Runs in the grid.</param>
public sealed record ReportSection(
    string Name,
    string Title,
    string? Description,
    string Kind,
    bool Quick,
    IReadOnlyList<RenderedFigure> Figures,
    IReadOnlyList<ReportTable> Tables,
    IReadOnlyList<string> Notes,
    string SpecText,
    string Command,
    string StoreDirectory,
    int StoredRuns,
    int GridRuns);

/// <summary>
/// Builds a preset's <see cref="ReportSection"/> from its result store: accuracy vs depth (with the paper's values),
/// training curves and an accuracy table for <c>train</c>; effective dimension vs n, Fisher rank vs depth, the Fisher
/// spectrum (from each run's <see cref="CapacitySpectrum.FileName"/>) and a capacity table for <c>capacity</c>; a summary table (every metric, mean ± sd per group) for any other kind.
/// </summary>
public static partial class PresetReport
{
    private const string Percent = "0.0";
    private const string Decimals = "0.###";
    private const string Normalised = "normalisedEffectiveDimension_n";
    private const int GenericFigureLimit = 6;

    /// <summary>Builds the section of <paramref name="spec"/> from <paramref name="records"/> (its store's runs).</summary>
    /// <param name="spec">The spec the store holds (quick or full).</param>
    /// <param name="records">The stored runs.</param>
    /// <param name="storeDirectory">The store folder (per-run <c>metrics.csv</c> files are read from it).</param>
    /// <param name="gridRuns">The number of runs in the grid.</param>
    /// <param name="command">The command that runs this preset.</param>
    /// <param name="outputDirectory">Where figures (<c>NAME/*.png|svg</c>) and tables (<c>NAME/*.md|csv</c>) are written; null: render in memory only.</param>
    public static ReportSection Build(ExperimentSpec spec, IReadOnlyList<RunRecord> records, string storeDirectory, int gridRuns, string command, string? outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(storeDirectory);
        ArgumentNullException.ThrowIfNull(command);
        var figures = new List<LineFigure>();
        var tables = new List<ReportTable>();
        var notes = new List<string>();
        string kind = spec.Kind.ToString().ToLowerInvariant();
        if (records.Count == 0)
        {
            notes.Add("No finished runs in the store.");
        }
        else
        {
            switch (spec.Kind)
            {
                case ExperimentKind.Train:
                    Train(spec, records, storeDirectory, figures, tables, notes);
                    break;
                case ExperimentKind.Capacity:
                    Capacity(records, storeDirectory, figures, tables, notes);
                    break;
                default:
                    Generic(records, figures, notes);
                    break;
            }

            tables.Add(SummaryTable(records));
        }

        if (records.Count < gridRuns)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Only {records.Count} of {gridRuns} runs are in the store."));
        }

        string? folder = outputDirectory is null ? null : Path.Combine(outputDirectory, spec.Name);
        var rendered = figures.Select(f => folder is null ? Plots.Render(f) : Plots.Save(f, folder)).ToList();
        if (folder is not null)
        {
            foreach (var t in tables)
            {
                t.Save(folder);
            }
        }

        return new ReportSection(
            spec.Name, spec.Name, spec.Description, kind, spec.IsQuick, rendered, tables, notes, spec.SourceText, command, storeDirectory, records.Count, gridRuns);
    }

    /// <summary>
    /// The table of every metric, mean ± sd over the runs of each group (every axis but <c>seed</c>) — the fallback
    /// for kinds without special tables, and an appendix to the others.
    /// </summary>
    public static ReportTable SummaryTable(IReadOnlyList<RunRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var axes = Aggregation.GroupAxes(records);
        var metrics = Aggregation.Metrics(records);
        var groups = Aggregation.Group(records, axes);
        var header = axes.Append("runs").Concat(metrics).ToList();
        var csvHeader = axes.Append("runs").Concat(metrics.SelectMany(m => new[] { m + "_mean", m + "_sd" })).ToList();
        var rows = new List<IReadOnlyList<string>>();
        var csvRows = new List<IReadOnlyList<string>>();
        foreach (var (key, runs) in groups)
        {
            var stats = metrics.Select(m => Aggregation.Summarise(runs, m, axes)[0]).ToList();
            var cells = key.Select(k => k.Value).Append(Int(runs.Count)).ToList();
            rows.Add(cells.Concat(stats.Select(s => s.Format(Decimals))).ToList());
            csvRows.Add(cells.Concat(stats.SelectMany(s => new[] { Number(s.Mean), Number(s.StandardDeviation) })).ToList());
        }

        return new ReportTable("summary", "All metrics, mean ± sd over seeds", header, rows, csvHeader, csvRows);
    }

    /// <summary>
    /// The accuracy table of a train experiment, with the paper's values beside the measured validation accuracy where
    /// <paramref name="paper"/> has them. Classical baseline runs (axis <see cref="SweepGrid.BaselineAxis"/>) follow as
    /// one row per baseline, <c>NAME (baseline)</c> in the first axis column, with empty paper cells; the CSV gets a
    /// <c>baseline</c> column.
    /// </summary>
    public static ReportTable AccuracyTable(IReadOnlyList<RunRecord> records, PaperTable? paper)
    {
        ArgumentNullException.ThrowIfNull(records);
        var baselines = records.Where(IsBaseline).ToList();
        records = records.Where(r => !IsBaseline(r)).ToList();
        var axes = Aggregation.GroupAxes(records);
        var train = Aggregation.Summarise(records, "trainAccuracy", axes);
        var validation = Aggregation.Summarise(records, "validationAccuracy", axes);
        var header = axes.Append("runs").Append("train accuracy (%)").Append("validation accuracy (%)").ToList();
        var csvHeader = axes.Append("runs").Concat(["trainAccuracy_mean", "trainAccuracy_sd", "validationAccuracy_mean", "validationAccuracy_sd"]).ToList();
        if (paper is not null)
        {
            header.AddRange(["paper validation (%)", "measured - paper (pp)"]);
            csvHeader.AddRange(["paper_validationAccuracy", "difference"]);
        }

        var rows = new List<IReadOnlyList<string>>();
        var csvRows = new List<IReadOnlyList<string>>();
        for (int i = 0; i < validation.Count; i++)
        {
            var v = validation[i];
            var t = train[i];
            var cells = v.Key.Select(k => k.Value).Append(Int(v.Count)).ToList();
            var row = cells.Concat([t.Format(Percent, 100), v.Format(Percent, 100)]).ToList();
            var csv = cells.Concat([Number(t.Mean), Number(t.StandardDeviation), Number(v.Mean), Number(v.StandardDeviation)]).ToList();
            if (paper is not null)
            {
                double? published = paper.Lookup(v.Axis(paper.SeriesAxis), v.AxisNumber(paper.XAxis));
                double difference = published is { } p && v.Count > 0 ? (v.Mean * paper.Scale) - p : double.NaN;
                row.Add(published is { } pv ? PaperValues.Format(pv) : "—");
                row.Add(double.IsFinite(difference) ? difference.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "—");
                csv.Add(published is { } pc ? Number(pc / paper.Scale) : string.Empty);
                csv.Add(Number(difference / paper.Scale));
            }

            rows.Add(row);
            csvRows.Add(csv);
        }

        if (baselines.Count > 0)
        {
            AddBaselineRows(baselines, axes, paper is not null, header, rows, csvHeader, csvRows);
        }

        string title = paper is null ? "Accuracy, mean ± sd over seeds" : $"Accuracy, mean ± sd over seeds, beside {paper.Citation}";
        return new ReportTable("accuracy", title, header, rows, csvHeader, csvRows);
    }

    /// <summary>True for a classical baseline run (it has the axis <see cref="SweepGrid.BaselineAxis"/>).</summary>
    public static bool IsBaseline(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Axes.Any(a => a.Key == SweepGrid.BaselineAxis);
    }

    /// <summary>
    /// Appends one row per baseline group to the accuracy table: the name in the first model axis column (or in a new
    /// <c>baseline</c> column when there is none the baselines lack), the other axis cells from the baseline's own axes
    /// (data axes) or empty, and empty paper cells. The CSV gets a <c>baseline</c> column after the axes.
    /// </summary>
    private static void AddBaselineRows(
        List<RunRecord> baselines,
        IReadOnlyList<string> axes,
        bool paper,
        List<string> header,
        List<IReadOnlyList<string>> rows,
        List<string> csvHeader,
        List<IReadOnlyList<string>> csvRows)
    {
        var baselineAxes = Aggregation.GroupAxes(baselines);
        bool nameInFirst = axes.Count > 0 && !baselineAxes.Contains(axes[0]);
        if (!nameInFirst)
        {
            header.Insert(axes.Count, SweepGrid.BaselineAxis);
            foreach (var row in rows)
            {
                ((List<string>)row).Insert(axes.Count, string.Empty);
            }
        }

        csvHeader.Insert(axes.Count, SweepGrid.BaselineAxis);
        foreach (var csv in csvRows)
        {
            ((List<string>)csv).Insert(axes.Count, string.Empty);
        }

        var train = Aggregation.Summarise(baselines, "trainAccuracy", baselineAxes);
        var validation = Aggregation.Summarise(baselines, "validationAccuracy", baselineAxes);
        for (int i = 0; i < validation.Count; i++)
        {
            var v = validation[i];
            var t = train[i];
            string name = v.Axis(SweepGrid.BaselineAxis) ?? string.Empty;
            var cells = axes.Select(a => v.Axis(a) ?? string.Empty).ToList();
            var csv = cells.Append(name).Append(Int(v.Count)).Concat([Number(t.Mean), Number(t.StandardDeviation), Number(v.Mean), Number(v.StandardDeviation)]).ToList();
            if (nameInFirst)
            {
                cells[0] = name + " (baseline)";
            }
            else
            {
                cells.Add(name);
            }

            var row = cells.Append(Int(v.Count)).Concat([t.Format(Percent, 100), v.Format(Percent, 100)]).ToList();
            if (paper)
            {
                // The paper has no baseline values.
                row.AddRange([string.Empty, string.Empty]);
                csv.AddRange([string.Empty, string.Empty]);
            }

            rows.Add(row);
            csvRows.Add(csv);
        }
    }

    /// <summary>The capacity table: parameters, Fisher ranks and normalised effective dimension per n, per group.</summary>
    public static ReportTable CapacityTable(IReadOnlyList<RunRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var axes = Aggregation.GroupAxes(records);
        var sizes = EffectiveDimensionSizes(records, Normalised);
        var metrics = new List<string> { "parameterCount", "maxFisherRank", "meanFisherRank" };
        metrics.AddRange(sizes.Select(s => s.Metric));
        var display = new List<string> { "parameters", "max Fisher rank", "mean Fisher rank" };
        display.AddRange(sizes.Select(s => "d_eff/d, n=" + s.N.ToString("G6", CultureInfo.InvariantCulture)));
        var header = axes.Append("runs").Concat(display).ToList();
        var csvHeader = axes.Append("runs").Concat(metrics.SelectMany(m => new[] { m + "_mean", m + "_sd" })).ToList();
        var rows = new List<IReadOnlyList<string>>();
        var csvRows = new List<IReadOnlyList<string>>();
        foreach (var (key, runs) in Aggregation.Group(records, axes))
        {
            var stats = metrics.Select(m => Aggregation.Summarise(runs, m, axes)[0]).ToList();
            var cells = key.Select(k => k.Value).Append(Int(runs.Count)).ToList();
            rows.Add(cells.Concat(stats.Select(s => s.Format(Decimals))).ToList());
            csvRows.Add(cells.Concat(stats.SelectMany(s => new[] { Number(s.Mean), Number(s.StandardDeviation) })).ToList());
        }

        return new ReportTable("capacity", "Fisher rank and normalised effective dimension d_eff/d", header, rows, csvHeader, csvRows);
    }

    private static void Train(ExperimentSpec spec, IReadOnlyList<RunRecord> records, string storeDirectory, List<LineFigure> figures, List<ReportTable> tables, List<string> notes)
    {
        var paper = PaperValues.ForPreset(spec.Name);
        var all = records;
        var baselines = records.Where(IsBaseline).ToList();
        records = records.Where(r => !IsBaseline(r)).ToList();
        string? xAxis = ReportFigures.NumericXAxis(records);
        if (xAxis is not null)
        {
            var series = ReportFigures.SeriesOver(records, "validationAccuracy", xAxis, scale: 100);
            IReadOnlyList<(string, IReadOnlyList<(double, double)>)>? reference = null;
            if (paper is not null && paper.XAxis == xAxis)
            {
                reference = paper.SeriesNames
                    .Where(s => series.Any(m => string.Equals(m.Label, s, StringComparison.OrdinalIgnoreCase)))
                    .Select(s => ("paper " + s, (IReadOnlyList<(double, double)>)paper.Points.Where(p => p.Series == s).Select(p => (p.X, p.Value)).ToList()))
                    .ToList();
            }

            series = WithBaselineLines(series, reference?.SelectMany(r => r.Item2.Select(p => p.Item1)) ?? [], baselines);
            figures.Add(ReportFigures.MetricVsX(
                "accuracy-vs-" + FileStem(xAxis),
                $"Validation accuracy vs {xAxis} (mean ± sd over seeds){(reference is { Count: > 0 } ? "; diamonds: paper" : string.Empty)}",
                xAxis,
                "validation accuracy (%)",
                series,
                reference));
        }
        else
        {
            notes.Add("No numeric sweep axis: no accuracy plot.");
        }

        if (LatencyFigure(records) is { } latency)
        {
            figures.Add(latency);
        }

        if (ShotBudgetFigure(records) is { } shots)
        {
            figures.Add(shots);
        }

        if (Curves(records, storeDirectory, xAxis) is { } curves)
        {
            figures.Add(curves);
        }
        else
        {
            notes.Add("No per-run metrics.csv: no training curves.");
        }

        tables.Add(AccuracyTable(all, paper));
    }

    /// <summary>
    /// Knit runs with shot budgets: validation accuracy (on the evaluated rows) against shots per input (log scale), one
    /// line per group, and the same rows' exact accuracy (an infinite budget) as a flat line. Null without such runs.
    /// </summary>
    internal static LineFigure? ShotBudgetFigure(IReadOnlyList<RunRecord> records)
    {
        const string prefix = "shotAccuracy_s";
        var budgets = Aggregation.Metrics(records)
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal))
            .Select(m => (Metric: m, Shots: double.Parse(m[prefix.Length..], CultureInfo.InvariantCulture)))
            .OrderBy(b => b.Shots)
            .ToList();
        var sampled = records.Where(r => budgets.Any(b => double.IsFinite(r.Metric(b.Metric)))).ToList();
        if (budgets.Count == 0 || sampled.Count == 0)
        {
            return null;
        }

        var series = new List<(string Label, IReadOnlyList<(double X, double Mean, double Sd)> Points)>();
        foreach (var (key, runs) in Aggregation.Group(sampled, Aggregation.GroupAxes(sampled)))
        {
            var rest = key.Where(k => k.Key is not ("scheme" or "model.scheme")).ToList();
            string label = rest.Count == 0 ? string.Empty : ReportFigures.SeriesLabel(rest);
            (double, double, double) Point(double x, string metric) => PercentPoint(x, runs, metric);

            series.Add((label.Length == 0 ? "sampled" : label + ", sampled", budgets.Select(b => Point(b.Shots, b.Metric)).ToList()));
            series.Add((label.Length == 0 ? "exact" : label + ", exact", budgets.Select(b => Point(b.Shots, "shotRowsExactAccuracy")).ToList()));
        }

        return ReportFigures.MetricVsX(
            "accuracy-vs-shots",
            "Knitted: validation accuracy vs shots per input (mean ± sd)",
            "shots per input",
            "validation accuracy (%)",
            series) with { LogX = true, IntegerX = false };
    }

    /// <summary>A plot point at <paramref name="x"/>: mean and sd (0 for one run) of 100 x <paramref name="metric"/> over <paramref name="runs"/> (non-finite values skipped).</summary>
    private static (double X, double Mean, double Sd) PercentPoint(double x, IReadOnlyList<RunRecord> runs, string metric)
    {
        var values = runs.Select(r => 100 * r.Metric(metric)).Where(double.IsFinite).ToList();
        return (x, Aggregation.Mean(values), values.Count > 1 ? Aggregation.StandardDeviation(values) : 0);
    }

    /// <summary>
    /// Validation accuracy against the one-way link latency (controller plus fibre, log scale) for runs with idle noise,
    /// one line per group of the other axes (the scheme): the latency axes (<c>controller</c>, <c>fibreKm</c>) become one
    /// physical x. Null when the runs record no latency or it does not vary.
    /// </summary>
    internal static LineFigure? LatencyFigure(IReadOnlyList<RunRecord> records)
    {
        var timed = records.Where(r => double.IsFinite(r.Metric(RunExecutor.LinkLatencyMetric))).ToList();
        if (timed.Select(r => r.Metric(RunExecutor.LinkLatencyMetric)).Distinct().Count() < 2)
        {
            return null;
        }

        string[] latencyAxes = ["controller", "model.controller", "fibreKm", "model.fibreKm"];
        var seriesAxes = Aggregation.GroupAxes(timed).Where(a => !latencyAxes.Contains(a)).ToList();
        var series = Aggregation.Group(timed, seriesAxes)
            .Select(g => (ReportFigures.SeriesLabel(g.Key), (IReadOnlyList<(double, double, double)>)g.Runs
                .GroupBy(r => r.Metric(RunExecutor.LinkLatencyMetric))
                .Select(at => PercentPoint(at.Key, [.. at], "validationAccuracy"))
                .OrderBy(pt => pt.X)
                .ToList()))
            .ToList();
        return ReportFigures.MetricVsX(
            "accuracy-vs-latency",
            "Validation accuracy vs one-way latency (mean ± sd)",
            "one-way latency (us)",
            "validation accuracy (%)",
            series) with { LogX = true, IntegerX = false };
    }

    /// <summary>
    /// <paramref name="series"/> with each baseline's mean validation accuracy (x 100) as a flat line across the x range
    /// of the measured series and the paper's points (<paramref name="referenceX"/>), labelled <c>NAME (baseline)</c>:
    /// baselines do not depend on the depth, so they are reference levels, not curves.
    /// </summary>
    private static IReadOnlyList<(string Label, IReadOnlyList<(double X, double Mean, double Sd)> Points)> WithBaselineLines(
        IReadOnlyList<(string Label, IReadOnlyList<(double X, double Mean, double Sd)> Points)> series, IEnumerable<double> referenceX, List<RunRecord> baselines)
    {
        var xs = series.SelectMany(s => s.Points.Select(p => p.X)).Concat(referenceX).Where(double.IsFinite).ToList();
        if (baselines.Count == 0 || xs.Count == 0)
        {
            return series;
        }

        double from = xs.Min(), to = xs.Max();
        if (from == to)
        {
            // One x value (e.g. a quick run at one depth): a short segment around it rather than a point.
            (from, to) = (from - 0.5, to + 0.5);
        }

        var lines = Aggregation.Summarise(baselines, "validationAccuracy", Aggregation.GroupAxes(baselines))
            .Where(v => v.Count > 0)
            .Select(v => (ReportFigures.SeriesLabel(v.Key) + " (baseline)", (IReadOnlyList<(double, double, double)>)[(from, v.Mean * 100, double.NaN), (to, v.Mean * 100, double.NaN)]));
        return [.. series, .. lines];
    }

    private static LineFigure? Curves(IReadOnlyList<RunRecord> records, string storeDirectory, string? xAxis)
    {
        var axes = Aggregation.GroupAxes(records);
        var groups = Aggregation.Group(records, axes).ToList();
        string title = "Training curves (mean over seeds)";
        if (groups.Count > ReportFigures.MaxCurves && xAxis is not null)
        {
            string last = groups.Select(g => g.Key.First(k => k.Key == xAxis).Value)
                .OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).Last();
            groups = groups.Where(g => g.Key.Any(k => k.Key == xAxis && k.Value == last)).ToList();
            title += $" at {xAxis} = {last}";
        }

        // Leave the x axis out of the labels when all curves share its value.
        bool sameX = xAxis is not null && groups.Select(g => g.Key.First(k => k.Key == xAxis).Value).Distinct(StringComparer.Ordinal).Count() == 1;
        var perGroup = groups
            .Select(g => (Label: ReportFigures.SeriesLabel(g.Key.Where(k => !(sameX && k.Key == xAxis)).ToList()),
                Curves: g.Runs.Select(r => TrainingCurve.TryRead(Path.Combine(storeDirectory, ResultStore.RunsFolder, RunFolderName(r.Id), "metrics.csv"))).OfType<TrainingCurve>().ToList()))
            .Where(g => g.Curves.Count > 0)
            .ToList();
        if (perGroup.Count == 0)
        {
            return null;
        }

        // Validation accuracy when every run measured it at two or more steps; otherwise the batch accuracy, smoothed.
        bool validation = perGroup.All(g => g.Curves.All(c => c.ValidationAccuracy.Count(double.IsFinite) >= 2));
        int longest = perGroup.Max(g => g.Curves.Max(c => c.Steps.Count));
        int window = validation ? 1 : Math.Max(1, longest / 20);
        var lines = new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)>();
        foreach (var (label, curves) in perGroup)
        {
            int length = curves.Min(c => c.Steps.Count);
            var steps = curves[0].Steps.Take(length).ToList();
            var mean = Enumerable.Range(0, length)
                .Select(i => Aggregation.Mean(curves.Select(c => (validation ? c.ValidationAccuracy[i] : c.BatchAccuracy[i]) * 100)))
                .ToList();
            if (validation)
            {
                var keep = Enumerable.Range(0, length).Where(i => double.IsFinite(mean[i])).ToList();
                lines.Add((label, keep.Select(i => steps[i]).ToList(), keep.Select(i => mean[i]).ToList()));
            }
            else
            {
                lines.Add((label, steps, MovingAverage(mean, window)));
            }
        }

        string yLabel = validation ? "validation accuracy (%)" : window > 1 ? $"batch accuracy (%), moving average of {window} steps" : "batch accuracy (%)";
        return ReportFigures.TrainingCurves("training-curves", title, yLabel, lines);
    }

    /// <summary>Kinds without special figures: each metric that varies, against the first numeric axis.</summary>
    private static void Generic(IReadOnlyList<RunRecord> records, List<LineFigure> figures, List<string> notes)
    {
        string? xAxis = ReportFigures.NumericXAxis(records);
        if (xAxis is null)
        {
            notes.Add("No numeric sweep axis: the tables summarise every metric.");
            return;
        }

        var varying = Aggregation.Metrics(records)
            .Where(m => records.Select(r => r.Metric(m)).Where(double.IsFinite).Distinct().Count() > 1)
            .ToList();
        foreach (string metric in varying.Take(GenericFigureLimit))
        {
            figures.Add(ReportFigures.MetricVsX(
                FileStem(metric) + "-vs-" + FileStem(xAxis), $"{metric} vs {xAxis} (mean ± sd over seeds)", xAxis, metric, ReportFigures.SeriesOver(records, metric, xAxis)) with { IntegerX = false });
        }

        if (varying.Count > GenericFigureLimit)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Figures for the first {GenericFigureLimit} of {varying.Count} varying metrics; the tables have them all."));
        }
    }

    private static void Capacity(IReadOnlyList<RunRecord> records, string storeDirectory, List<LineFigure> figures, List<ReportTable> tables, List<string> notes)
    {
        var axes = Aggregation.GroupAxes(records);
        var sizes = EffectiveDimensionSizes(records, Normalised);
        if (sizes.Count > 0)
        {
            var lines = Aggregation.Group(records, axes)
                .Select(g => (ReportFigures.SeriesLabel(g.Key), (IReadOnlyList<double>)sizes.Select(s => s.N).ToList(),
                    (IReadOnlyList<double>)sizes.Select(s => Aggregation.Mean(g.Runs.Select(r => r.Metric(s.Metric)))).ToList()))
                .ToList();
            figures.Add(ReportFigures.EffectiveDimensionVsN("effective-dimension-vs-n", "Normalised effective dimension vs data-set size", "d_eff / d", lines) with { YMin = 0 });
        }
        else
        {
            notes.Add("No effective-dimension metrics: no effective-dimension plot.");
        }

        if (ReportFigures.NumericXAxis(records) is { } xAxis)
        {
            var series = ReportFigures.SeriesOver(records, "maxFisherRank", xAxis);
            figures.Add(ReportFigures.MetricVsX("fisher-rank-vs-" + FileStem(xAxis), $"Maximum Fisher rank vs {xAxis}", xAxis, "max Fisher rank", series) with { YMin = 0 });
        }

        if (Spectra(records, storeDirectory) is { } spectrum)
        {
            figures.Add(spectrum);
        }
        else
        {
            notes.Add($"No per-run {CapacitySpectrum.FileName}: no Fisher spectrum plot.");
        }

        tables.Add(CapacityTable(records));
    }

    /// <summary>
    /// The Fisher spectrum figure: per group (scheme, depth, ...; runs of several seeds averaged index by index) the
    /// mean normalised eigenvalues of its runs' <see cref="CapacitySpectrum.FileName"/>; null when no run has one.
    /// </summary>
    private static LineFigure? Spectra(IReadOnlyList<RunRecord> records, string storeDirectory)
    {
        var axes = Aggregation.GroupAxes(records);
        var lines = new List<(string, IReadOnlyList<double>)>();
        foreach (var (key, runs) in Aggregation.Group(records, axes))
        {
            var spectra = runs
                .Select(r => CapacitySpectrum.TryRead(Path.Combine(storeDirectory, ResultStore.RunsFolder, RunFolderName(r.Id), CapacitySpectrum.FileName)))
                .OfType<CapacitySpectrum>()
                .ToList();
            if (spectra.Count > 0)
            {
                int length = spectra.Min(s => s.ParameterCount);
                lines.Add((ReportFigures.SeriesLabel(key), Enumerable.Range(0, length).Select(j => Aggregation.Mean(spectra.Select(s => s.Normalised[j]))).ToList()));
            }
        }

        string floor = ReportFigures.SpectrumFloor.ToString("0e0", CultureInfo.InvariantCulture);
        return lines.Count == 0
            ? null
            : ReportFigures.FisherSpectrum(
                "fisher-spectrum",
                $"Normalised Fisher spectrum, mean over samples (floor {floor})",
                "log10 eigenvalue of P F / E[tr F]",
                lines);
    }

    /// <summary>The data-set sizes n of the metrics <c>PREFIXn</c>, ascending.</summary>
    private static List<(double N, string Metric)> EffectiveDimensionSizes(IReadOnlyList<RunRecord> records, string prefix) =>
        Aggregation.Metrics(records)
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal))
            .Select(m => (N: double.TryParse(m[prefix.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double n) ? n : double.NaN, Metric: m))
            .Where(x => x.N > 0)
            .OrderBy(x => x.N)
            .ToList();

    private static List<double> MovingAverage(List<double> values, int window)
    {
        if (window <= 1)
        {
            return values;
        }

        var result = new List<double>(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            int from = Math.Max(0, i - window + 1);
            result.Add(Aggregation.Mean(values.Skip(from).Take(i - from + 1)));
        }

        return result;
    }

    /// <summary>The folder name <see cref="ResultStore.RunDirectory"/> uses for run <paramref name="id"/> (without creating it).</summary>
    private static string RunFolderName(string id) => UnsafeRunChars().Replace(id, "_");

    private static string FileStem(string axis) => UnsafeRunChars().Replace(axis, "-");

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    [GeneratedRegex("[^A-Za-z0-9=,._-]")]
    private static partial Regex UnsafeRunChars();
}
