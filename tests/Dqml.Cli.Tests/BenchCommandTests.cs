namespace Dqml.Cli.Tests;

/// <summary><c>dqml bench</c>: the JSON contract and its errors (figures themselves are not asserted).</summary>
public class BenchCommandTests
{
    [Fact]
    public void Bench_SmallSuites_PrintOneObjectPerCaseWithTheContractFields()
    {
        var o = CliRunner.Run("bench", "--suite", "gates", "--qubits", "5", "--json");
        Assert.Equal(0, o.ExitCode);
        var cases = o.Json().EnumerateArray().ToList();
        Assert.Equal(3 * 6, cases.Count); // six gates on targets 0, 3 and n - 1 = 4
        Assert.Equal([0, 3, 4], cases.Select(c => c.GetProperty("target").GetInt32()).Distinct());
        foreach (var c in cases)
        {
            Assert.Equal("gates", c.GetProperty("suite").GetString());
            Assert.Contains(c.GetProperty("case").GetString(), new[] { "H", "RX", "RZ", "CNOT", "CZ", "dense2q" });
            Assert.Equal(5, c.GetProperty("qubits").GetInt32());
            Assert.Equal(1, c.GetProperty("threads").GetInt32());
            Assert.Equal("complex128", c.GetProperty("precision").GetString());
            Assert.True(c.GetProperty("medianSeconds").GetDouble() > 0);
        }

        var density = CliRunner.Run("bench", "--suite", "density", "--qubits", "2..3", "--json").Json().EnumerateArray().ToList();
        Assert.Equal([2, 3], density.Select(c => c.GetProperty("qubits").GetInt32()));
        Assert.All(density, c => Assert.Equal("depolarizing-layers", c.GetProperty("case").GetString()));
    }

    [Theory]
    [InlineData("nonsense", "4", "nonsense")]
    [InlineData("gates", "four", "four")]
    [InlineData("gates", "99", "99")]
    [InlineData("density", "15", "15")]
    public void Bench_BadOption_IsOneLineError(string suite, string qubits, string mentioned)
    {
        var o = CliRunner.Run("bench", "--suite", suite, "--qubits", qubits, "--json");
        CliRunner.AssertOneLineError(o);
        Assert.Contains(mentioned, o.Stderr, StringComparison.Ordinal);
    }
}
