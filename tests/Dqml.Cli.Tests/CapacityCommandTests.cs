using System.Text.Json;

namespace Dqml.Cli.Tests;

/// <summary><c>dqml fisher</c> and <c>dqml effdim</c>: the JSON contracts, their consistency and bad input.</summary>
public class CapacityCommandTests
{
    /// <summary>Small enough for a fraction of a second: the NC model (pure-state Jacobians) at depth 1.</summary>
    private static readonly string[] SmallFisher = ["fisher", "--scheme", "nc", "--depth", "1", "--inputs", "10", "--threads", "2"];

    private static readonly string[] SmallEffdim = ["effdim", "--depth", "1", "--inputs", "10", "--threads", "2"];

    private static CliRunner.Output Ok(params string[] args)
    {
        var o = CliRunner.Run(args);
        Assert.True(o.ExitCode == 0, $"exit {o.ExitCode}: {o.Stderr}");
        Assert.Equal(string.Empty, o.Stderr);
        return o;
    }

    [Fact]
    public void Fisher_Json_RankAtMostParametersAndEigenvaluesDescending()
    {
        var json = Ok([.. SmallFisher, "--json"]).Json();

        int p = json.GetProperty("parameterCount").GetInt32();
        int rank = json.GetProperty("rank").GetInt32();
        Assert.Equal("hwang-qcnn", json.GetProperty("model").GetString());
        Assert.Equal("nc", json.GetProperty("scheme").GetString());
        Assert.Equal(1, json.GetProperty("depth").GetInt32());
        Assert.Equal(32, p); // Hwang et al. 8L+28 = 36 with the interpret readout's 4 weights, which the outcome distribution does not see.
        Assert.InRange(rank, 1, p);
        Assert.Equal(p - rank, json.GetProperty("redundantParameters").GetInt32());
        Assert.True(json.GetProperty("trace").GetDouble() > 0);
        Assert.Equal("pure-state", json.GetProperty("method").GetString());
        Assert.Equal(10, json.GetProperty("inputs").GetInt32());
        Assert.Equal("haar", json.GetProperty("inputKind").GetString());
        Assert.True(json.GetProperty("seconds").GetDouble() >= 0);

        double[] eigenvalues = [.. json.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(p, eigenvalues.Length);
        for (int k = 1; k < eigenvalues.Length; k++)
        {
            Assert.True(eigenvalues[k] <= eigenvalues[k - 1], $"eigenvalue {k} = {eigenvalues[k]} > eigenvalue {k - 1} = {eigenvalues[k - 1]}");
        }

        Assert.Equal(eigenvalues[0], json.GetProperty("largestEigenvalue").GetDouble());
        Assert.Equal(eigenvalues[rank - 1], json.GetProperty("smallestNonzeroEigenvalue").GetDouble());
        Assert.Equal(json.GetProperty("trace").GetDouble(), eigenvalues.Sum(), 1e-12);
    }

    [Fact]
    public void Fisher_Text_PrintsRankTraceAndMethod()
    {
        string text = Ok(SmallFisher).Stdout;

        Assert.Contains("model: hwang-qcnn/nc/L1", text, StringComparison.Ordinal);
        Assert.Contains("parameters: 32", text, StringComparison.Ordinal);
        Assert.Matches(@"Fisher rank \(effective parameters\): \d+ of 32", text);
        Assert.Contains("trace: ", text, StringComparison.Ordinal);
        Assert.Contains("smallest non-zero eigenvalue: ", text, StringComparison.Ordinal);
        Assert.Contains("method: pure-state", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fisher_SameSeeds_IsTheFirstSampleOfEffdim()
    {
        var fisher = Ok([.. SmallFisher, "--seed", "5", "--json"]).Json();
        var row = Ok([.. SmallEffdim, "--scheme", "nc", "--samples", "1", "--seed", "5", "--json"]).Json()[0];

        Assert.Equal(fisher.GetProperty("rank").GetInt32(), row.GetProperty("maxFisherRank").GetInt32());
        Assert.Equal(fisher.GetProperty("trace").GetDouble(), row.GetProperty("meanFisherTrace").GetDouble(), 1e-12);
    }

    [Fact]
    public void Fisher_DataInputs_UsesDataRows()
    {
        var json = Ok([.. SmallFisher, "--input-kind", "data", "--json"]).Json();

        Assert.Equal("data", json.GetProperty("inputKind").GetString());
        Assert.InRange(json.GetProperty("rank").GetInt32(), 1, json.GetProperty("parameterCount").GetInt32());
    }

    [Fact]
    public void Effdim_Json_OneRowPerScheme_IncreasingInN_AtMostP()
    {
        var rows = Ok([.. SmallEffdim, "--scheme", "nc,qc", "--samples", "2", "--json"]).Json();

        Assert.Equal(JsonValueKind.Array, rows.ValueKind);
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(["nc", "qc"], rows.EnumerateArray().Select(r => r.GetProperty("scheme").GetString()));
        foreach (var row in rows.EnumerateArray())
        {
            int p = row.GetProperty("parameterCount").GetInt32();
            Assert.Equal(1, row.GetProperty("depth").GetInt32());
            Assert.Equal(2, row.GetProperty("samples").GetInt32());
            Assert.Equal(10, row.GetProperty("inputs").GetInt32());
            Assert.Equal(1.0, row.GetProperty("gamma").GetDouble());
            Assert.Equal("pure-state", row.GetProperty("method").GetString());
            Assert.InRange(row.GetProperty("maxFisherRank").GetInt32(), 1, p);
            Assert.InRange(row.GetProperty("meanFisherRank").GetDouble(), 1, row.GetProperty("maxFisherRank").GetInt32());

            var d = row.GetProperty("effectiveDimension").EnumerateArray().ToArray();
            Assert.Equal([1e3, 1e4, 1e5, 1e6], d.Select(x => x.GetProperty("n").GetDouble()));
            for (int k = 0; k < d.Length; k++)
            {
                double value = d[k].GetProperty("value").GetDouble();
                Assert.InRange(value, 0, p);
                Assert.Equal(value / p, d[k].GetProperty("normalised").GetDouble(), 1e-12);
                if (k > 0)
                {
                    Assert.True(value > d[k - 1].GetProperty("value").GetDouble(), $"d(n) not increasing at n = {d[k].GetProperty("n").GetDouble()}");
                }
            }
        }

        // QC has more parameters than NC at the same depth (12L+28 against 8L+28, readout weights aside).
        Assert.True(rows[1].GetProperty("parameterCount").GetInt32() > rows[0].GetProperty("parameterCount").GetInt32());
    }

    [Fact]
    public void Effdim_ClassicalCommunication_UsesTheDensityMatrixMethod_OnceTheMeasuredQubitEvolvesOn()
    {
        // L = 2: the measured boundary qubit 3 takes the next sub-layer's RX, so its dephasing cannot be deferred.
        var row = Ok("effdim", "--scheme", "cc", "--depth", "2", "--samples", "1", "--inputs", "5", "--n", "1000", "--threads", "2", "--json").Json()[0];

        Assert.Equal("density-matrix", row.GetProperty("method").GetString());
        Assert.InRange(row.GetProperty("effectiveDimension")[0].GetProperty("value").GetDouble(), 0, row.GetProperty("parameterCount").GetInt32());
    }

    [Fact]
    public void Effdim_ClassicalCommunicationAtOneSubLayer_DefersTheMeasurement()
    {
        // L = 1: after its measurement qubit 3 is only a control (pooling), so the pure-state adjoint method is exact.
        var row = Ok("effdim", "--scheme", "cc", "--depth", "1", "--samples", "1", "--inputs", "5", "--n", "1000", "--json").Json()[0];

        Assert.Equal("pure-state", row.GetProperty("method").GetString());
    }

    [Fact]
    public void Effdim_Text_PrintsTableWithRowsAndSizes()
    {
        string text = Ok([.. SmallEffdim, "--scheme", "nc,qc", "--samples", "2", "--n", "1000,1e5", "--range", "-pi,pi"]).Stdout;

        Assert.Contains("hwang-qcnn/nc/L1", text, StringComparison.Ordinal);
        Assert.Contains("hwang-qcnn/qc/L1", text, StringComparison.Ordinal);
        Assert.Contains("d (n=1000)", text, StringComparison.Ordinal);
        Assert.Contains("d (n=100000)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("d (n=10000)", text, StringComparison.Ordinal);
        Assert.Contains("pure-state", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Effdim_AbsorbedControl_InsideAbsorbedAcrossGrows()
    {
        var json = Ok("effdim", "--absorbed-control", "--inputs", "20", "--json").Json();

        Assert.Equal(json.GetProperty("insideWithout").GetInt32(), json.GetProperty("insideWith").GetInt32());
        Assert.True(json.GetProperty("acrossQuantum").GetInt32() > json.GetProperty("acrossWithout").GetInt32());
        Assert.True(json.GetProperty("acrossClassical").GetInt32() > json.GetProperty("acrossWithout").GetInt32());
        Assert.Equal(16, json.GetProperty("parameterCounts").GetProperty("insideWith").GetInt32());
        Assert.Equal(20, json.GetProperty("inputs").GetInt32());
    }

    [Fact]
    public void Effdim_AbsorbedControl_Text_ExplainsEachRank()
    {
        string[] lines = Ok("effdim", "--absorbed-control", "--inputs", "20").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(6, lines.Length);
        Assert.Contains("absorbs", lines[2], StringComparison.Ordinal);
        Assert.Contains("rank grows", lines[4], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--gamma", "0", "--gamma must be in (0, 1]")]
    [InlineData("--gamma", "1.5", "--gamma must be in (0, 1]")]
    [InlineData("--n", "1", "--n must be above 1")]
    [InlineData("--n", "1000,10", "--n 10 with --gamma 1 gives gamma n / (2 pi ln n)")]
    [InlineData("--range", "1,0", "--range [1, 0) is empty")]
    [InlineData("--scheme", "bogus", "unknown scheme 'bogus'")]
    [InlineData("--samples", "0", "--samples must be at least 1")]
    [InlineData("--inputs", "0", "--inputs must be at least 1")]
    [InlineData("--tolerance", "1", "--tolerance must be in [0, 1)")]
    [InlineData("--input-kind", "pixels", "unknown --input-kind 'pixels'")]
    public void Effdim_BadValue_IsOneLineErrorNamingTheOption(string option, string value, string message)
    {
        var args = new List<string> { "effdim", option, value, "--depth", "1" };
        foreach (string small in new[] { "--samples", "--inputs" }.Where(o => o != option))
        {
            args.AddRange([small, "1"]);
        }

        var o = CliRunner.Run([.. args]);

        CliRunner.AssertOneLineError(o);
        Assert.Equal(ExitCodes.Error, o.ExitCode);
        Assert.Contains(message, o.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scheme", "nc,,qc")]
    [InlineData("--depth", "1,x")]
    [InlineData("--n", "1e3;1e4")]
    [InlineData("--range", "-pi")]
    [InlineData("--range", "a,b")]
    public void Effdim_BadListSyntax_IsUsageErrorNamingTheOption(string option, string value)
    {
        var o = CliRunner.Run("effdim", option, value);

        CliRunner.AssertOneLineError(o);
        Assert.Equal(ExitCodes.Usage, o.ExitCode);
        Assert.Contains($"{option} expects", o.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scheme", "bogus", "unknown scheme 'bogus'")]
    [InlineData("--inputs", "0", "--inputs must be at least 1")]
    [InlineData("--range", "2,2", "--range [2, 2) is empty")]
    [InlineData("--threads", "0", "--threads must be at least 1")]
    public void Fisher_BadValue_IsOneLineErrorNamingTheOption(string option, string value, string message)
    {
        var o = CliRunner.Run("fisher", "--depth", "1", option, value);

        CliRunner.AssertOneLineError(o);
        Assert.Contains(message, o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HurQcnn_DataInputs_AreRefused()
    {
        var o = CliRunner.Run("fisher", "--model", "hur-qcnn", "--input-kind", "data");

        CliRunner.AssertOneLineError(o);
        Assert.Contains("--input-kind haar", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AbsorbedControl_WithModelOptions_IsRefused()
    {
        var o = CliRunner.Run("effdim", "--absorbed-control", "--scheme", "nc");

        CliRunner.AssertOneLineError(o);
        Assert.Contains("--scheme does not apply", o.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-pi,pi", -Math.PI, Math.PI)]
    [InlineData("0,2pi", 0, 2 * Math.PI)]
    [InlineData("-pi/2,0.5", -Math.PI / 2, 0.5)]
    [InlineData("0, 3*PI/4", 0, 3 * Math.PI / 4)]
    public void Range_AcceptsNumbersAndMultiplesOfPi(string range, double low, double high)
    {
        var json = Ok([.. SmallFisher, "--range", range, "--json"]).Json();

        Assert.Equal(low, json.GetProperty("parameterLow").GetDouble(), 1e-15);
        Assert.Equal(high, json.GetProperty("parameterHigh").GetDouble(), 1e-15);
    }

    [Fact]
    public void DocsExamples_PrintTheDocumentedNumbers()
    {
        // docs/cli.md: dqml fisher --scheme qc --depth 3 and dqml effdim --absorbed-control.
        var fisher = Ok("fisher", "--scheme", "qc", "--depth", "3", "--threads", "2", "--json").Json();
        Assert.Equal(60, fisher.GetProperty("parameterCount").GetInt32());
        Assert.Equal(49, fisher.GetProperty("rank").GetInt32());
        Assert.Equal(0.194954, fisher.GetProperty("trace").GetDouble(), 6);

        var absorbed = Ok("effdim", "--absorbed-control", "--json").Json();
        Assert.Equal(
            [12, 12, 4, 6, 6],
            new[] { "insideWithout", "insideWith", "acrossWithout", "acrossQuantum", "acrossClassical" }.Select(k => absorbed.GetProperty(k).GetInt32()));
    }
}
