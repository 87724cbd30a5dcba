using Dqml.Cli.Commands;
using Spectre.Console;

namespace Dqml.Cli.Tests;

/// <summary>The progress of <c>dqml run</c> and <c>dqml reproduce</c>: a bar on an interactive terminal, plain lines otherwise.</summary>
public class SweepProgressTests
{
    private const string TinyCapacity = """
        {
          "name": "progress",
          "kind": "capacity",
          "model": { "depth": 1 },
          "capacity": { "samples": 1, "inputs": 2 },
          "sweep": { "scheme": ["nc", "cc"] }
        }
        """;

    [Theory]
    [InlineData(true, false, true, SweepProgressMode.Bar)]
    [InlineData(false, false, true, SweepProgressMode.Lines)]
    [InlineData(true, true, true, SweepProgressMode.Lines)]
    [InlineData(true, false, false, SweepProgressMode.Lines)]
    [InlineData(false, true, false, SweepProgressMode.Lines)]
    public void Choose_BarOnlyOnTheProcessConsole_NotRedirected_AndInteractive(bool writesToConsole, bool redirected, bool interactive, SweepProgressMode expected)
    {
        Assert.Equal(expected, SweepProgress.Choose(writesToConsole, redirected, interactive));
    }

    [Fact]
    public void Choose_AWriterOtherThanTheConsole_GetsLines()
    {
        using var writer = new StringWriter();
        Assert.Equal(SweepProgressMode.Lines, SweepProgress.Choose(writer));
    }

    [Fact]
    public void Run_OnAStringWriter_WritesPlainLines_AndNoBar()
    {
        using var writer = new StringWriter();

        int result = SweepProgress.Run(writer, progress =>
        {
            Assert.False(progress.ShowsBar);
            progress.WriteLine("preset a");
            progress.Start("a", 3);
            progress.RunFinished(1, 2, "[1/2] x");
            progress.RunFinished(2, 2, "[2/2] y");
            progress.RunFinished(3, 3);
            return 7;
        });

        Assert.Equal(7, result);
        Assert.Equal("preset a\n[1/2] x\n[2/2] y\n", writer.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void RunBar_OnAnInteractiveConsole_DrawsRunsDoneOfTotal_PerSweep_AndTextAbove()
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = 120;

        SweepProgress.RunBar(console, progress =>
        {
            Assert.True(progress.ShowsBar);
            progress.WriteLine("preset first -> somewhere");
            progress.Start("first", 5);

            // Two of the five were stored already: this sweep runs three.
            progress.RunFinished(1, 3, "not printed");
            progress.RunFinished(2, 3);
            progress.RunFinished(3, 3);
            progress.Start("second", 4);
            progress.WriteLine("report: here");
            return 0;
        });

        string text = writer.ToString();
        Assert.Contains("preset first -> somewhere", text, StringComparison.Ordinal);
        Assert.Contains("report: here", text, StringComparison.Ordinal);
        Assert.Contains("5/5 runs", text, StringComparison.Ordinal);

        // The second sweep (all stored, nothing run) is completed at the end.
        Assert.Contains("4/4 runs", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not printed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DqmlRun_RedirectedOutput_PrintsOneLinePerRun_AndWhereTheResultsAre()
    {
        string dir = Directory.CreateTempSubdirectory("dqml-progress-").FullName;
        try
        {
            string spec = Path.Combine(dir, "progress.json");
            File.WriteAllText(spec, TinyCapacity);
            string output = Path.Combine(dir, "out");

            var o = CliRunner.Run("run", spec, "--out", output, "--threads", "1");

            Assert.True(o.ExitCode == 0, $"exit {o.ExitCode}: {o.Stderr}");
            string folder = Path.Combine(output, "progress");
            Assert.Contains($"results: {folder}", o.Stdout, StringComparison.Ordinal);
            Assert.Contains("[1/2] scheme=nc: maxFisherRank ", o.Stdout, StringComparison.Ordinal);
            Assert.Contains("[2/2] scheme=cc: maxFisherRank ", o.Stdout, StringComparison.Ordinal);
            Assert.Contains($"2/2 runs in {Path.Combine(folder, "results.jsonl")}", o.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[", o.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void DqmlReproduce_RedirectedOutput_PrintsOneLinePerRun_AndWhereTheReportIs()
    {
        string dir = Directory.CreateTempSubdirectory("dqml-progress-").FullName;
        try
        {
            string experiments = Path.Combine(dir, "experiments");
            Directory.CreateDirectory(experiments);
            File.WriteAllText(Path.Combine(experiments, "progress.json"), TinyCapacity);
            string output = Path.Combine(dir, "out");

            var o = CliRunner.Run("reproduce", "progress", "--out", output, "--experiments", experiments, "--threads", "1");

            Assert.True(o.ExitCode == 0, $"exit {o.ExitCode}: {o.Stderr}");
            string report = Path.Combine(Path.GetFullPath(output), "report.html");
            Assert.Contains("preset progress (capacity): 2 runs -> ", o.Stdout, StringComparison.Ordinal);
            Assert.Contains("  [1/2] scheme=nc (", o.Stdout, StringComparison.Ordinal);
            Assert.Contains("  [2/2] scheme=cc (", o.Stdout, StringComparison.Ordinal);
            Assert.Contains($"report: {report}", o.Stdout, StringComparison.Ordinal);
            Assert.Contains($"open {report}", o.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[", o.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
