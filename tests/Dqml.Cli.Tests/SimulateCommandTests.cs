using System.Text.Json;

namespace Dqml.Cli.Tests;

public class SimulateCommandTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void Simulate_BellJson_ProbabilitiesAreHalfOnZeroZeroAndOneOne()
    {
        string path = CliRunner.WriteTemp(Qasm.Bell);
        var o = CliRunner.Run("simulate", path, "--json");

        Assert.Equal(0, o.ExitCode);
        Assert.Equal(string.Empty, o.Stderr);
        var json = o.Json();
        Assert.Equal(2, json.GetProperty("numQubits").GetInt32());
        Assert.Equal(2, json.GetProperty("numClbits").GetInt32());
        Assert.Equal("statevector", json.GetProperty("backend").GetString());
        double[] p = [.. json.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(4, p.Length);
        Assert.Equal(0.5, p[0], Tol);
        Assert.Equal(0.0, p[1], Tol);
        Assert.Equal(0.0, p[2], Tol);
        Assert.Equal(0.5, p[3], Tol);
        var dist = json.GetProperty("classicalDistribution");
        Assert.Equal(0.5, dist.GetProperty("00").GetDouble(), Tol);
        Assert.Equal(0.5, dist.GetProperty("11").GetDouble(), Tol);
        Assert.False(json.TryGetProperty("counts", out _));
    }

    [Fact]
    public void Simulate_BellWithShots_CountsOnlyCorrelatedAndSumToShots()
    {
        string path = CliRunner.WriteTemp(Qasm.Bell);
        var json = CliRunner.Run("simulate", path, "--json", "--shots", "1000", "--seed", "7").Json();

        Assert.Equal(1000, json.GetProperty("shots").GetInt32());
        Assert.Equal(7UL, json.GetProperty("seed").GetUInt64());
        var counts = json.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.All(counts.Keys, k => Assert.Contains(k, new[] { "00", "11" }));
        Assert.Equal(1000, counts.Values.Sum());
        Assert.InRange(counts.GetValueOrDefault("00"), 400, 600);
    }

    [Fact]
    public void Simulate_SameSeed_SameCounts()
    {
        string path = CliRunner.WriteTemp(Qasm.Bell);
        var a = CliRunner.Run("simulate", path, "--json", "--shots", "500", "--seed", "42");
        var b = CliRunner.Run("simulate", path, "--json", "--shots", "500", "--seed", "42");

        Assert.Equal(a.Json().GetProperty("counts").ToString(), b.Json().GetProperty("counts").ToString());
    }

    [Fact]
    public void Simulate_ShotsWithoutSeed_UsesSeedOne()
    {
        string path = CliRunner.WriteTemp(Qasm.Bell);
        var implicitSeed = CliRunner.Run("simulate", path, "--json", "--shots", "300").Json();
        var explicitSeed = CliRunner.Run("simulate", path, "--json", "--shots", "300", "--seed", "1").Json();

        Assert.Equal(1UL, implicitSeed.GetProperty("seed").GetUInt64());
        Assert.Equal(explicitSeed.GetProperty("counts").ToString(), implicitSeed.GetProperty("counts").ToString());
    }

    [Fact]
    public void Simulate_NoClassicalBitsWithShots_MeasuresEveryQubit()
    {
        string path = CliRunner.WriteTemp(Qasm.BellNoMeasure);
        var json = CliRunner.Run("simulate", path, "--json", "--shots", "200").Json();

        Assert.Equal(0, json.GetProperty("numClbits").GetInt32());
        Assert.False(json.TryGetProperty("classicalDistribution", out _));
        var counts = json.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.All(counts.Keys, k => Assert.Contains(k, new[] { "00", "11" }));
        Assert.Equal(200, counts.Values.Sum());
    }

    [Fact]
    public void Simulate_TeleportWithIf_ProbabilitiesAreExactAverageOverOutcomes()
    {
        string path = CliRunner.WriteTemp(Qasm.TeleportIf);
        var json = CliRunner.Run("simulate", path, "--json").Json();

        // q0, q1 end in each of their 4 measured basis states with probability 1/4; q2 holds the input.
        double p0 = Math.Pow(Math.Cos(0.55), 2), p1 = Math.Pow(Math.Sin(0.55), 2);
        double[] p = [.. json.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(8, p.Length);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(0.25 * ((i >> 2) == 0 ? p0 : p1), p[i], 1e-12);
        }

        var dist = json.GetProperty("classicalDistribution").EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetDouble());
        Assert.Equal(4, dist.Count);
        Assert.All(dist.Values, v => Assert.Equal(0.25, v, 1e-12));
    }

    [Fact]
    public void Simulate_Precision_RoundsJsonValues()
    {
        string path = CliRunner.WriteTemp(Qasm.TeleportIf);
        var json = CliRunner.Run("simulate", path, "--json", "--precision", "3").Json();

        foreach (var e in json.GetProperty("probabilities").EnumerateArray())
        {
            double v = e.GetDouble();
            Assert.Equal(Math.Round(v, 3), v);
        }
    }

    [Fact]
    public void Simulate_Table_ShowsNonNegligibleStatesWithAmplitudes()
    {
        string path = CliRunner.WriteTemp(Qasm.Bell, "bell.qasm");
        var o = CliRunner.Run("simulate", path, "--shots", "100");

        Assert.Equal(0, o.ExitCode);
        Assert.Contains("bell.qasm: 2 qubit(s)", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("0.500000", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("0.707107+0.000000i", o.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(" 01 ", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("100 shots, seed 1", o.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_TableOfMidCircuitMeasurement_HasNoAmplitudeColumn()
    {
        string path = CliRunner.WriteTemp(Qasm.TeleportIf);
        var o = CliRunner.Run("simulate", path);

        Assert.Equal(0, o.ExitCode);
        Assert.DoesNotContain("amplitude", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("Classical bits (exact)", o.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_MissingFile_OneLineErrorAndNonZeroExit()
    {
        string path = Path.Combine(Path.GetTempPath(), "dqml-cli-tests", "does-not-exist.qasm");
        var o = CliRunner.Run("simulate", path);

        CliRunner.AssertOneLineError(o);
        Assert.Equal(ExitCodes.Error, o.ExitCode);
        Assert.Contains("does-not-exist.qasm", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_ParseError_PrintsFileLineColumn()
    {
        string path = CliRunner.WriteTemp(Qasm.Broken, "broken.qasm");
        var o = CliRunner.Run("simulate", path, "--json");

        CliRunner.AssertOneLineError(o);
        Assert.Equal(ExitCodes.Error, o.ExitCode);
        Assert.Matches(@"^error: .*broken\.qasm:4:\d+: ", o.Stderr);
    }

    [Fact]
    public void Simulate_UnknownBackend_ErrorListsAcceptedValues()
    {
        string path = CliRunner.WriteTemp(Qasm.Bell);
        var o = CliRunner.Run("simulate", path, "--backend", "nonsense");

        CliRunner.AssertOneLineError(o);
        Assert.Contains("nonsense", o.Stderr, StringComparison.Ordinal);
        Assert.Contains("statevector", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_DensityMatrixBackend_MatchesStateVector()
    {
        string path = CliRunner.WriteTemp(Qasm.TeleportIf);
        var sv = CliRunner.Run("simulate", path, "--json").Json();
        var dm = CliRunner.Run("simulate", path, "--json", "--backend", "density-matrix").Json();

        Assert.Equal("density-matrix", dm.GetProperty("backend").GetString());
        double[] a = [.. sv.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble())];
        double[] b = [.. dm.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i], 1e-12);
        }
    }

    [Fact]
    public void Simulate_DepolarizingNoise_LeaksIntoOddParityStates()
    {
        string path = CliRunner.WriteTemp(Qasm.Bell);
        var json = CliRunner.Run("simulate", path, "--json", "--backend", "density-matrix", "--noise", "depolarizing:0.05").Json();

        Assert.Equal("depolarizing:0.05", json.GetProperty("noise").GetString());
        double[] p = [.. json.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(1.0, p.Sum(), 1e-12);
        Assert.InRange(p[1], 1e-3, 0.1);
        Assert.Equal(p[1], p[2], 1e-12);
    }

    [Theory]
    [InlineData("statevector", "depolarizing:0.05")]
    [InlineData("density-matrix", "bogus:1")]
    public void Simulate_BadNoise_OneLineError(string backend, string noise)
    {
        string path = CliRunner.WriteTemp(Qasm.Bell);
        var o = CliRunner.Run("simulate", path, "--backend", backend, "--noise", noise);

        CliRunner.AssertOneLineError(o);
        Assert.Contains("--noise", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_TooManyQubitsForDensityMatrix_OneLineErrorWithoutParameterName()
    {
        const string wide = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[15];\nh q[0];\n";
        var o = CliRunner.Run("simulate", CliRunner.WriteTemp(wide), "--backend", "density-matrix");

        CliRunner.AssertOneLineError(o);
        Assert.DoesNotContain("(Parameter", o.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shots", "0")]
    [InlineData("--shots", "-5")]
    [InlineData("--precision", "99")]
    [InlineData("--max-rows", "0")]
    public void Simulate_BadOptionValue_OneLineError(string option, string value)
    {
        string path = CliRunner.WriteTemp(Qasm.Bell);
        var o = CliRunner.Run("simulate", path, option, value);

        CliRunner.AssertOneLineError(o);
        Assert.Equal(ExitCodes.Error, o.ExitCode);
        Assert.Contains(option, o.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("simulate", "a.qasm", "--shots", "many")]
    [InlineData("simulate", "a.qasm", "--frobnicate")]
    [InlineData("frobnicate")]
    public void Run_MalformedCommandLine_UsageErrorOnOneLine(params string[] args)
    {
        var o = CliRunner.Run(args);

        CliRunner.AssertOneLineError(o);
        Assert.Equal(ExitCodes.Usage, o.ExitCode);
    }

    [Fact]
    public void Simulate_NonNumericShots_MessageNamesOption()
    {
        var o = CliRunner.Run("simulate", "a.qasm", "--shots", "many");

        CliRunner.AssertOneLineError(o);
        Assert.Contains("--shots expects an integer, got 'many'", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_Directory_OneLineError()
    {
        var o = CliRunner.Run("simulate", Path.GetTempPath());

        CliRunner.AssertOneLineError(o);
        Assert.Equal(ExitCodes.Error, o.ExitCode);
    }

    [Fact]
    public void Simulate_JsonIsOneObject()
    {
        string path = CliRunner.WriteTemp(Qasm.Bell);
        var o = CliRunner.Run("simulate", path, "--json", "--shots", "10");

        using var doc = JsonDocument.Parse(o.Stdout);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
    }
}
