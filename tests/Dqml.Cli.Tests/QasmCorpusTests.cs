namespace Dqml.Cli.Tests;

/// <summary>Every circuit in tests/data/qasm goes through <c>dqml simulate --json</c>.</summary>
public class QasmCorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "data", "qasm");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(Folder))
        {
            foreach (string f in Directory.EnumerateFiles(Folder, "*.qasm").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(f));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Simulate_CorpusFile_ProbabilitiesAreNormalised(string file)
    {
        var o = CliRunner.Run("simulate", Path.Combine(Folder, file), "--json");

        Assert.True(o.ExitCode == 0, o.Stderr);
        var json = o.Json();
        int n = json.GetProperty("numQubits").GetInt32();
        var p = json.GetProperty("probabilities");
        Assert.Equal(1 << n, p.GetArrayLength());
        double sum = 0;
        foreach (var e in p.EnumerateArray())
        {
            double v = e.GetDouble();
            Assert.True(v >= -1e-12, $"negative probability {v}");
            sum += v;
        }

        Assert.Equal(1.0, sum, 1e-9);
        if (json.TryGetProperty("classicalDistribution", out var dist))
        {
            Assert.Equal(1.0, dist.EnumerateObject().Sum(d => d.Value.GetDouble()), 1e-9);
        }
    }

    [Fact]
    public void Corpus_IsPresent()
    {
        Assert.True(Directory.Exists(Folder), $"missing {Folder}");
        Assert.NotEmpty(Directory.EnumerateFiles(Folder, "*.qasm"));
    }
}
