namespace Dqml.Cli.Tests;

/// <summary><c>dqml chsh</c>: the values, the JSON contract and its errors.</summary>
public class ChshCommandTests
{
    [Fact]
    public void Json_ReportsClassicalAndQuantumValues()
    {
        var o = CliRunner.Run("chsh", "--json");
        Assert.True(o.ExitCode == 0, o.Stderr);
        var json = o.Json();
        Assert.Equal(0.75, json.GetProperty("classical").GetDouble(), 6);
        Assert.Equal(0.853553, json.GetProperty("quantum").GetDouble(), 6);
        Assert.True(Math.Abs(json.GetProperty("quantum").GetDouble() - Math.Pow(Math.Cos(Math.PI / 8), 2)) < 1e-12);
        Assert.False(json.TryGetProperty("visibility", out _));
        Assert.False(json.TryGetProperty("noisy", out _));
    }

    [Theory]
    [InlineData("0.9")]
    [InlineData("0.5")]
    [InlineData("1")]
    [InlineData("0")]
    public void Json_Visibility_GivesWernerFormula(string v)
    {
        var o = CliRunner.Run("chsh", "--visibility", v, "--json");
        Assert.True(o.ExitCode == 0, o.Stderr);
        var json = o.Json();
        double vis = double.Parse(v, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(vis, json.GetProperty("visibility").GetDouble());
        Assert.True(Math.Abs(json.GetProperty("noisy").GetDouble() - (0.5 + (vis / (2 * Math.Sqrt(2))))) < 1e-12);
        Assert.Equal(vis > 1 / Math.Sqrt(2), json.GetProperty("noisyBeatsClassical").GetBoolean());
    }

    [Fact]
    public void Text_PrintsAllValues()
    {
        var o = CliRunner.Run("chsh", "--visibility", "0.8");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("classical  0.750000", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("quantum    0.853553", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("noisy      0.782843", o.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    public void Visibility_OutOfRange_IsOneLineError(string v)
    {
        var o = CliRunner.Run("chsh", "--visibility", v);
        CliRunner.AssertOneLineError(o);
        Assert.Contains("--visibility must be in [0, 1]", o.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, o.ExitCode);
    }

    [Fact]
    public void Visibility_NotANumber_IsUsageError()
    {
        var o = CliRunner.Run("chsh", "--visibility", "high");
        CliRunner.AssertOneLineError(o);
        Assert.Contains("--visibility expects a number, got 'high'", o.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, o.ExitCode);
    }
}
