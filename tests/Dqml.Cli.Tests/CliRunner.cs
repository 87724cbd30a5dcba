using System.Text.Json;

namespace Dqml.Cli.Tests;

/// <summary>Runs <c>dqml</c> in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Output(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json()
        {
            using var doc = JsonDocument.Parse(Stdout);
            return doc.RootElement.Clone();
        }
    }

    public static Output Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = DqmlApp.Run(args, stdout, stderr);
        return new Output(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes <paramref name="source"/> to a fresh temporary .qasm file and returns its path.</summary>
    public static string WriteTemp(string source, string name = "circuit.qasm")
    {
        string dir = Path.Combine(Path.GetTempPath(), "dqml-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, source);
        return path;
    }

    /// <summary>Asserts a failure printed exactly one line, "error: ...", and no stack trace.</summary>
    public static void AssertOneLineError(Output o)
    {
        Assert.NotEqual(0, o.ExitCode);
        Assert.Equal(string.Empty, o.Stdout);
        string[] lines = o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", o.Stderr, StringComparison.Ordinal);
    }
}
