namespace Dqml.Cli.Tests;

/// <summary><c>dqml distribute</c>: the worked examples, the JSON contract and its errors.</summary>
public class DistributeCommandTests
{
    private static string Example(string name)
    {
        // The examples live at the repository root; walk up from the test output folder to find them.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "examples")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("examples/ not found above the test folder"), "examples", name);
    }

    private static (double[] P, System.Text.Json.JsonElement Ledger) Run(params string[] args)
    {
        var o = CliRunner.Run(["distribute", .. args, "--json"]);
        Assert.True(o.ExitCode == 0, o.Stderr);
        var json = o.Json();
        return (json.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray(), json.GetProperty("ledger"));
    }

    [Fact]
    public void Teleport_Example_MovesTheStateWithTwoClassicalBits()
    {
        var (p, ledger) = Run(Example("teleport.qasm"), "--processors", "A:0-1,B:2", "--scheme", "qc:direct");
        double q2 = p.Select((v, i) => (i & 4) != 0 ? v : 0).Sum();
        Assert.Equal(Math.Pow(Math.Sin(0.55), 2), q2, 12);
        Assert.Equal(2, ledger.GetProperty("classicalBits").GetInt32());
        Assert.Equal(1, ledger.GetProperty("rounds").GetInt32());
    }

    [Fact]
    public void RemoteCnot_Example_MatchesLocalWithOneEbit()
    {
        var (p, ledger) = Run(Example("remote_cnot.qasm"), "--processors", "A:0,B:1", "--scheme", "qc:telegate");
        Assert.Equal([0, 0.5, 0.5, 0], p.Select(v => Math.Round(v, 12)));
        Assert.Equal(1, ledger.GetProperty("ebits").GetInt32());
        Assert.Equal(2, ledger.GetProperty("classicalBits").GetInt32());
    }

    [Fact]
    public void Knitting_RemoteCnot_MatchesLocalWithGammaThree()
    {
        var (p, ledger) = Run(Example("remote_cnot.qasm"), "--processors", "A:0,B:1", "--scheme", "knit");
        Assert.Equal([0, 0.5, 0.5, 0], p.Select(v => Math.Round(v, 10)));
        Assert.Equal(3.0, ledger.GetProperty("gamma").GetDouble(), 12);
        Assert.Equal(9.0, ledger.GetProperty("samplingOverhead").GetDouble(), 12);
        Assert.Equal(0, ledger.GetProperty("ebits").GetInt32());
    }

    [Fact]
    public void Ghz_AcrossThreeProcessors()
    {
        var (p, ledger) = Run(Example("ghz_3proc.qasm"), "--processors", "A:0,B:1,C:2", "--scheme", "qc:telegate");
        Assert.Equal(0.5, p[0], 12);
        Assert.Equal(0.5, p[7], 12);
        Assert.Equal(2, ledger.GetProperty("ebits").GetInt32());
    }

    [Theory]
    [InlineData("qc:telegate")]
    [InlineData("qc:teledata")]
    [InlineData("qc:direct")]
    public void Qpe_AcrossTwoProcessors_ReadsThePhase(string scheme)
    {
        var (p, _) = Run(Example("qpe_2proc.qasm"), "--processors", "A:0-2,B:3", "--scheme", scheme);
        Assert.Equal(1.0, p[0b1101], 10);
    }

    [Fact]
    public void Chsh_OnBellSource_WinsCosSquaredPiOverEight()
    {
        var (p, ledger) = Run(Example("chsh_bell.qasm"), "--processors", "A:0,B:1", "--scheme", "bell:1");
        Assert.Equal(Math.Pow(Math.Cos(Math.PI / 8), 2), p[0] + p[3], 12);
        Assert.Equal(1, ledger.GetProperty("ebits").GetInt32());
        Assert.Equal(0, ledger.GetProperty("classicalBits").GetInt32());
    }

    [Fact]
    public void NoisyLinkAndProcessors_UseTheDensityMatrixAndReportTime()
    {
        var o = CliRunner.Run("distribute", Example("remote_cnot.qasm"), "--processors", "A:0,B:1", "--scheme", "qc:telegate",
            "--link", "visibility=0.9,km=10", "--processor", "t1=100us,t2=80us,gate=50ns,gate2=300ns,measure=1us", "--json");
        Assert.True(o.ExitCode == 0, o.Stderr);
        var json = o.Json();
        Assert.Equal("density-matrix", json.GetProperty("backend").GetString());
        var ledger = json.GetProperty("ledger");
        Assert.True(ledger.GetProperty("makespanSeconds").GetDouble() > 2 * 50e-6, "two 10 km messages of 50 us each");
        var p = json.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.True(p[0] > 1e-3, "noise populates |00>");
    }

    [Theory]
    [InlineData("nc", "forbids communication")]
    [InlineData("cc", "coherent operation across processors")]
    [InlineData("warp", "unknown scheme 'warp'")]
    public void RejectedScheme_IsOneLineError(string scheme, string mentioned)
    {
        var o = CliRunner.Run("distribute", Example("remote_cnot.qasm"), "--processors", "A:0,B:1", "--scheme", scheme);
        CliRunner.AssertOneLineError(o);
        Assert.Contains(mentioned, o.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--processors", "A:0,C", "C")]
    [InlineData("--link", "pairs=-2", "pairs")]
    [InlineData("--processor", "t1=10us,t2=50us", "T2")]
    [InlineData("--link", "colour=blue", "colour")]
    public void BadSpec_IsOneLineError(string option, string value, string mentioned)
    {
        var o = CliRunner.Run("distribute", Example("ghz_3proc.qasm"), option, value, "--scheme", "qc:telegate");
        CliRunner.AssertOneLineError(o);
        Assert.Contains(mentioned, o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultAssignment_UsesThePartitioner()
    {
        var o = CliRunner.Run("distribute", Example("ghz_3proc.qasm"), "--scheme", "qc:direct", "--json");
        Assert.True(o.ExitCode == 0, o.Stderr);
        var procs = o.Json().GetProperty("processors");
        Assert.Equal(3, procs.GetProperty("A").GetArrayLength() + procs.GetProperty("B").GetArrayLength());
    }
}
