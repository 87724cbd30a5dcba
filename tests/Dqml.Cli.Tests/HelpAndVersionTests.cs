namespace Dqml.Cli.Tests;

public class HelpAndVersionTests
{
    [Fact]
    public void Help_ListsCommands()
    {
        var o = CliRunner.Run("--help");

        Assert.Equal(0, o.ExitCode);
        Assert.Contains("simulate", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("demo", o.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SimulateHelp_ListsOptions()
    {
        var o = CliRunner.Run("simulate", "--help");

        Assert.Equal(0, o.ExitCode);
        foreach (string option in new[] { "--backend", "--shots", "--seed", "--json", "--precision" })
        {
            Assert.Contains(option, o.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Version_PrintsProjectVersion()
    {
        var o = CliRunner.Run("--version");

        Assert.Equal(0, o.ExitCode);
        Assert.Equal(DqmlApp.Version, o.Stdout.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", o.Stdout);
    }
}
