using System.Diagnostics;
using Xunit;

namespace Dqml.Testing;

/// <summary>Headless Chromium for page and SVG rendering tests (Debian's <c>chromium</c>; <c>.ci/run</c> installs it when it can).</summary>
public static class HeadlessChromium
{
    /// <summary>Why a Chromium test is skipped where no binary is found.</summary>
    public const string SkipReason = "chromium not found on PATH (apt-get install chromium): the headless rendering test is skipped";

    /// <summary>The first of chromium, chromium-browser, google-chrome on PATH, or null.</summary>
    public static string? Binary { get; } = Find();

    /// <summary>
    /// Runs Chromium headless (no sandbox: root in a container has none; the profile in <paramref name="workDir"/>)
    /// with <paramref name="arguments"/>, asserts exit code 0 within 90 s, and returns its standard output.
    /// </summary>
    public static string Run(string workDir, params string[] arguments)
    {
        var start = new ProcessStartInfo(Binary ?? throw new InvalidOperationException(SkipReason))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir,
        };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={Path.Combine(workDir, "profile")}" }.Concat(arguments))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 90 s");
        }

        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
        return stdout;
    }

    private static string? Find()
    {
        string[] names = ["chromium", "chromium-browser", "google-chrome"];
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in names)
            {
                string path = Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }
}
