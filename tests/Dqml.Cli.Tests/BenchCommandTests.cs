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
            Assert.Equal("double", c.GetProperty("precision").GetString());
            Assert.True(c.GetProperty("medianSeconds").GetDouble() > 0);
        }

        var density = CliRunner.Run("bench", "--suite", "density", "--qubits", "2..3", "--json").Json().EnumerateArray().ToList();
        Assert.Equal([2, 3], density.Select(c => c.GetProperty("qubits").GetInt32()));
        Assert.All(density, c => Assert.Equal("depolarizing-layers", c.GetProperty("case").GetString()));
    }

    [Fact]
    public void Bench_SinglePrecision_GatesAndFusedQcbm_ReportSingle()
    {
        var gates = CliRunner.Run("bench", "--suite", "gates", "--qubits", "6", "--precision", "single", "--json").Json().EnumerateArray().ToList();
        Assert.Equal(3 * 6, gates.Count);
        Assert.All(gates, c => Assert.Equal("single", c.GetProperty("precision").GetString()));

        var qcbm = CliRunner.Run("bench", "--suite", "qcbm", "--qubits", "5", "--precision", "single", "--fusion", "3", "--json").Json().EnumerateArray().ToList();
        Assert.Equal(["qcbm-unfused", "qcbm-fused"], qcbm.Select(c => c.GetProperty("case").GetString()));
        Assert.All(qcbm, c => Assert.Equal("single", c.GetProperty("precision").GetString()));
        Assert.Equal(3, qcbm[1].GetProperty("fusion").GetInt32());
        Assert.True(qcbm[1].GetProperty("medianSeconds").GetDouble() > 0);
    }

    [Fact]
    public void Bench_BatchSuite_OneCasePerSizeInBothPrecisions()
    {
        foreach (var p in new[] { "double", "single" })
        {
            var cases = CliRunner.Run("bench", "--suite", "batch", "--qubits", "3", "--threads", "2", "--precision", p, "--json").Json().EnumerateArray().ToList();
            var c = Assert.Single(cases);
            Assert.Equal("batch", c.GetProperty("suite").GetString());
            Assert.Equal("batch-expectations-1000", c.GetProperty("case").GetString());
            Assert.Equal(2, c.GetProperty("threads").GetInt32());
            Assert.Equal(p, c.GetProperty("precision").GetString());
        }
    }

    [Fact]
    public void Bench_TrainSuite_OneIterationPerScheme()
    {
        var cases = CliRunner.Run("bench", "--suite", "train", "--threads", "2", "--json").Json().EnumerateArray().ToList();
        Assert.Equal(["cc-L9-iteration", "qc-L9-iteration", "nc-L9-iteration"], cases.Select(c => c.GetProperty("case").GetString()));
        foreach (var c in cases)
        {
            Assert.Equal("train", c.GetProperty("suite").GetString());
            Assert.Equal(8, c.GetProperty("qubits").GetInt32());
            Assert.Equal(2, c.GetProperty("threads").GetInt32());
            Assert.Equal("double", c.GetProperty("precision").GetString());
            Assert.True(c.GetProperty("medianSeconds").GetDouble() > 0);
        }

        var wrong = CliRunner.Run("bench", "--suite", "train", "--qubits", "6", "--json");
        CliRunner.AssertOneLineError(wrong);
        Assert.Contains("8-qubit", wrong.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--precision", "half", "half")]
    [InlineData("--precision", "single", "density")]
    [InlineData("--fusion", "9", "9")]
    public void Bench_BadPrecisionOrFusion_IsOneLineError(string option, string value, string mentioned)
    {
        string suite = mentioned == "density" ? "density" : "qcbm";
        var o = CliRunner.Run("bench", "--suite", suite, "--qubits", "4", option, value, "--json");
        CliRunner.AssertOneLineError(o);
        Assert.Contains(mentioned, o.Stderr, StringComparison.Ordinal);
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
