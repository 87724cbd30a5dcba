namespace Dqml.Cli.Tests;

/// <summary>The README's main command, <c>dqml reproduce --quick</c>, end to end.</summary>
public class ReproduceCommandTests
{
    private const string MainCommand = "dotnet run --project src/Dqml.Cli -- reproduce --quick";

    [Fact]
    public void ReproduceQuick_WritesAReportWithEveryPresetAndFigure_AndIsTheReadmesMainCommand()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "README.md")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        Assert.Contains(MainCommand, File.ReadAllText(Path.Combine(root.FullName, "README.md")), StringComparison.Ordinal);

        string experiments = Path.Combine(root.FullName, "experiments");
        string output = Path.Combine(Path.GetTempPath(), "dqml-reproduce-" + Guid.NewGuid().ToString("N"));
        try
        {
            var o = CliRunner.Run("reproduce", "--quick", "--out", output, "--experiments", experiments, "--threads", "2");
            Assert.True(o.ExitCode == 0, $"exit {o.ExitCode}: {o.Stderr}");
            string report = Path.Combine(output, "report.html");
            Assert.True(File.Exists(report), $"no report at {report}; stdout: {o.Stdout}");
            Assert.Contains(report, o.Stdout, StringComparison.Ordinal);
            string html = File.ReadAllText(report);
            var presets = Directory.GetFiles(experiments, "*.json").Select(Path.GetFileNameWithoutExtension).ToList();
            Assert.NotEmpty(presets);
            foreach (var preset in presets)
            {
                Assert.Contains(preset!, html, StringComparison.Ordinal);
            }

            // Figures are inline (no file references) and there is at least one per preset.
            Assert.DoesNotContain("src=\"file:", html, StringComparison.Ordinal);
            int figures = html.Split("<img", StringSplitOptions.None).Length - 1 + (html.Split("<svg", StringSplitOptions.None).Length - 1);
            Assert.True(figures >= presets.Count, $"{figures} figures for {presets.Count} presets");

            // Measured beside the paper: Table I's L = 3 values appear in the quick run's section.
            Assert.Contains("84.6", html, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
