namespace Dqml.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public void Demo_Json_TeleportationFidelityIsOne()
    {
        var json = CliRunner.Run("demo", "--json", "--shots", "500").Json();
        var t = json.GetProperty("teleportation");

        Assert.Equal(1.0, t.GetProperty("fidelity").GetDouble(), 1e-9);
        Assert.InRange(t.GetProperty("branchCount").GetInt32(), 1, 4);
        Assert.Equal(1.0, t.GetProperty("sampledFidelity").GetDouble(), 1e-12);
    }

    [Fact]
    public void Demo_Json_ChshReachesTsirelsonBound()
    {
        var chsh = CliRunner.Run("demo", "--json").Json().GetProperty("chsh");

        Assert.Equal(2 * Math.Sqrt(2), chsh.GetProperty("S").GetDouble(), 1e-9);
        Assert.Equal(Math.Pow(Math.Cos(Math.PI / 8), 2), chsh.GetProperty("quantumWinProbability").GetDouble(), 1e-9);
        Assert.Equal(0.75, chsh.GetProperty("classicalWinProbability").GetDouble());

        // 4000 shots per setting: the standard error of S is about 0.02.
        Assert.InRange(chsh.GetProperty("sampledS").GetDouble(), 2 * Math.Sqrt(2) - 0.15, 2 * Math.Sqrt(2) + 0.15);
        Assert.InRange(chsh.GetProperty("sampledWinProbability").GetDouble(), 0.82, 0.89);
    }

    [Fact]
    public void Demo_SameSeed_SameSampledEstimates()
    {
        var a = CliRunner.Run("demo", "--json", "--seed", "3", "--shots", "300");
        var b = CliRunner.Run("demo", "--json", "--seed", "3", "--shots", "300");

        Assert.Equal(a.Stdout, b.Stdout);
    }

    [Fact]
    public void Demo_Report_IsReadable()
    {
        var o = CliRunner.Run("demo", "--shots", "200");

        Assert.Equal(0, o.ExitCode);
        Assert.Contains("Teleportation", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("CHSH", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("1.000000000", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("2.8284", o.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_ZeroShots_OneLineError()
    {
        CliRunner.AssertOneLineError(CliRunner.Run("demo", "--shots", "0"));
    }
}
