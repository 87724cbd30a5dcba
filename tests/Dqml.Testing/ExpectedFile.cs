using System.Runtime.CompilerServices;
using Xunit;

namespace Dqml.Testing;

/// <summary>
/// Compares text with a committed expected file next to the test source (Expected/NAME). Set
/// DQML_UPDATE_EXPECTED=1 to write the files from the current output (then check them by eye and commit).
/// </summary>
public static class ExpectedFile
{
    /// <summary>Environment variable that rewrites expected files instead of comparing.</summary>
    public const string UpdateVariable = "DQML_UPDATE_EXPECTED";

    /// <summary>Asserts <paramref name="actual"/> equals the file Expected/<paramref name="name"/> beside the calling test file.</summary>
    public static void Match(string name, string actual, [CallerFilePath] string testFile = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        string path = Path.Combine(Path.GetDirectoryName(Repository.SourcePath(testFile))!, "Expected", name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"expected file {path} is missing (run the test with {UpdateVariable}=1 to write it)");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == actual)
        {
            return;
        }

        string[] e = expected.Split('\n'), a = actual.Split('\n');
        int line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line])
        {
            line++;
        }

        Assert.Fail($"output differs from {path} at line {line + 1}:\n"
            + $"- expected: {(line < e.Length ? e[line] : "<end of file>")}\n"
            + $"+ actual:   {(line < a.Length ? a[line] : "<end of output>")}\n"
            + $"--- expected ---\n{expected}\n--- actual ---\n{actual}\n"
            + $"(if the change is intended, rerun with {UpdateVariable}=1 and review the diff)");
    }
}
