using System.Globalization;
using Dqml.Cli.Output;
using Dqml.Learning.Training;
using Spectre.Console;

namespace Dqml.Cli.Training;

/// <summary>Calls an action for every report, synchronously on the reporting thread (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>
/// How <c>dqml train</c> shows progress: a Spectre.Console progress bar on an interactive terminal, otherwise one
/// plain line every <c>validate-every</c> steps and after the last step.
/// </summary>
public static class ProgressLines
{
    /// <summary>The plain progress line, e.g. <c>step 10/100 loss 0.9123 val-acc 0.6543 (3.2 s)</c>.</summary>
    public static string Format(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        string validation = double.IsNaN(p.ValidationAccuracy) ? string.Empty : $" val-acc {CliText.Fixed(p.ValidationAccuracy, 4)}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps} loss {CliText.Fixed(p.BatchLoss, 4)}{validation} ({p.ElapsedSeconds:F1} s)");
    }

    /// <summary>True when <paramref name="stdout"/> is the process's own, interactive terminal.</summary>
    public static bool IsInteractive(TextWriter stdout) => ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>
    /// Runs <paramref name="train"/>, showing its progress on <paramref name="stdout"/>: a progress bar when
    /// <see cref="IsInteractive"/>, else a plain line every <paramref name="every"/> steps and after the last.
    /// </summary>
    /// <param name="stdout">Where to write.</param>
    /// <param name="every">Steps between plain lines.</param>
    /// <param name="startStep">Steps already done (a resumed run), so the bar starts there.</param>
    /// <param name="totalSteps">Steps planned.</param>
    /// <param name="train">The training run; it receives the progress sink.</param>
    public static TrainingResult Run(TextWriter stdout, int every, int startStep, int totalSteps, Func<IProgress<TrainingProgress>, TrainingResult> train)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(train);
        if (!IsInteractive(stdout))
        {
            return train(new SynchronousProgress<TrainingProgress>(p =>
            {
                if (p.Step % every == 0 || p.Step == p.TotalSteps)
                {
                    stdout.WriteLine(Format(p));
                    stdout.Flush();
                }
            }));
        }

        TrainingResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: totalSteps);
                task.Value = startStep;
                result = train(new SynchronousProgress<TrainingProgress>(p =>
                {
                    task.Value = p.Step;
                    if (!double.IsNaN(p.ValidationAccuracy) || p.Step % every == 0)
                    {
                        task.Description = Markup.Escape(Format(p));
                    }
                }));
                task.StopTask();
            });
        return result!;
    }
}
