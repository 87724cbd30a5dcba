namespace Dqml.Cli.Tests;

/// <summary>
/// Runs every program in <c>samples/</c> (built beside the tests: this project references them) with small
/// settings and checks that it succeeds and prints what it promises.
/// </summary>
[Trait("Category", "Samples")]
public class SamplesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Lowering_PrintsALedgerLineForEveryScheme()
    {
        var r = RunSample("Dqml.Samples.Lowering");

        foreach (string scheme in new[] { "nc", "cc", "qc:direct", "qc:teledata", "qc:telegate", "bell:1", "knit" })
        {
            Assert.Contains($"\n{scheme} ", r.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("refused: scheme nc forbids", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("0.8536", r.Stdout, StringComparison.Ordinal); // cos^2(pi/8): the CHSH round
    }

    [Fact]
    public void TrainQcnn_TrainsAFewSteps()
    {
        var r = RunSample("Dqml.Samples.TrainQcnn", "5");

        Assert.Contains("hwang-qcnn/cc/L2", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("steps 5,", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("validation loss", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveDimension_PrintsBothSchemes()
    {
        var r = RunSample("Dqml.Samples.EffectiveDimension", "3");

        Assert.Contains("NoCommunication: P = ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Classical: P = ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("n =     1E+06", r.Stdout, StringComparison.Ordinal);
    }

    private static ExternalProcess.Result RunSample(string name, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        Assert.True(File.Exists(dll), $"{name}.dll not found next to the tests: {dll}");
        var r = ExternalProcess.Run(ExternalProcess.DotnetHost(), AppContext.BaseDirectory, null, Timeout, [dll, .. args]);
        Assert.True(r.ExitCode == 0, r.Describe(name));
        Assert.Equal(string.Empty, r.Stderr);
        return r;
    }
}
