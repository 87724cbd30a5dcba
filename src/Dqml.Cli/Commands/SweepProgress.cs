using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Dqml.Cli.Commands;

/// <summary>How <see cref="SweepProgress"/> shows a sweep's progress.</summary>
public enum SweepProgressMode
{
    /// <summary>One plain line per finished run (redirected or non-interactive output, and tests).</summary>
    Lines,

    /// <summary>A Spectre.Console progress bar per sweep: runs done / total and the elapsed time.</summary>
    Bar,
}

/// <summary>
/// The progress of <c>dqml run</c> and <c>dqml reproduce</c>: a progress bar per sweep (per preset) on an interactive
/// terminal, otherwise the plain per-run lines. Text lines (<see cref="WriteLine"/>) go above the bar.
/// </summary>
public sealed class SweepProgress
{
    private readonly TextWriter? _stdout;
    private readonly ProgressContext? _context;
    private readonly IAnsiConsole? _console;
    private ProgressTask? _task;

    private SweepProgress(TextWriter stdout)
    {
        _stdout = stdout;
        Mode = SweepProgressMode.Lines;
    }

    private SweepProgress(IAnsiConsole console, ProgressContext context)
    {
        _console = console;
        _context = context;
        Mode = SweepProgressMode.Bar;
    }

    /// <summary>Bar or lines.</summary>
    public SweepProgressMode Mode { get; }

    /// <summary>True in <see cref="SweepProgressMode.Bar"/> mode.</summary>
    public bool ShowsBar => Mode == SweepProgressMode.Bar;

    /// <summary>
    /// The choice: a bar only when the command writes to the process's console, that output is not redirected, and the
    /// terminal is interactive; plain lines otherwise.
    /// </summary>
    /// <param name="writesToConsole">The command's writer is <see cref="Console.Out"/> (not, e.g., a test's StringWriter).</param>
    /// <param name="outputRedirected"><see cref="Console.IsOutputRedirected"/>.</param>
    /// <param name="interactive">Spectre's detected capability (<c>AnsiConsole.Profile.Capabilities.Interactive</c>).</param>
    public static SweepProgressMode Choose(bool writesToConsole, bool outputRedirected, bool interactive) =>
        writesToConsole && !outputRedirected && interactive ? SweepProgressMode.Bar : SweepProgressMode.Lines;

    /// <summary>The choice for <paramref name="stdout"/> in this process (see <see cref="Choose(bool, bool, bool)"/>).</summary>
    public static SweepProgressMode Choose(TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        bool console = ReferenceEquals(stdout, Console.Out);

        // Only ask Spectre (which inspects the terminal) when the other conditions hold.
        return console && !Console.IsOutputRedirected
            ? Choose(console, outputRedirected: false, AnsiConsole.Profile.Capabilities.Interactive)
            : SweepProgressMode.Lines;
    }

    /// <summary>Runs <paramref name="body"/> with progress on <paramref name="stdout"/>: a bar on the terminal or plain lines, as <see cref="Choose(TextWriter)"/> decides.</summary>
    public static T Run<T>(TextWriter stdout, Func<SweepProgress, T> body)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(body);
        return Choose(stdout) == SweepProgressMode.Bar ? RunBar(AnsiConsole.Console, body) : body(new SweepProgress(stdout));
    }

    /// <summary>Runs <paramref name="body"/> with progress bars on <paramref name="console"/> (used by <see cref="Run"/> on a terminal; tests pass a console of their own).</summary>
    public static T RunBar<T>(IAnsiConsole console, Func<SweepProgress, T> body)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(body);
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new RunCountColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var progress = new SweepProgress(console, context);
                var result = body(progress);
                progress.CompleteTask();
                return result;
            });
    }

    /// <summary>A line of text: written and flushed (lines), or printed above the bars.</summary>
    public void WriteLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (_console is not null)
        {
            _console.WriteLine(line);
        }
        else
        {
            _stdout!.WriteLine(line);
            _stdout.Flush();
        }
    }

    /// <summary>
    /// Starts a sweep of <paramref name="total"/> runs (stored or to run) labelled <paramref name="label"/>: a new bar
    /// (the previous one is completed). Nothing in lines mode.
    /// </summary>
    public void Start(string label, int total)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (_context is null)
        {
            return;
        }

        CompleteTask();
        _task = _context.AddTask(Markup.Escape(label), autoStart: true, maxValue: Math.Max(total, 0));
    }

    /// <summary>
    /// A run finished: <paramref name="done"/> of the <paramref name="count"/> runs this sweep runs (the rest of
    /// <see cref="Start"/>'s total were already stored). Lines mode writes <paramref name="line"/> (when given); bar
    /// mode moves the bar to (total - count) + done.
    /// </summary>
    public void RunFinished(int done, int count, string? line = null)
    {
        if (_task is not null)
        {
            double total = Math.Max(_task.MaxValue, count);
            _task.MaxValue = total;
            _task.Value = total - count + done;
        }
        else if (_stdout is not null && line is not null)
        {
            _stdout.WriteLine(line);
            _stdout.Flush();
        }
    }

    private void CompleteTask()
    {
        if (_task is { } task)
        {
            task.Value = task.MaxValue;
            task.StopTask();
            _task = null;
        }
    }

    /// <summary>Runs done / total, e.g. <c>3/12 runs</c>.</summary>
    private sealed class RunCountColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:0}/{task.MaxValue:0} runs"));
    }
}
