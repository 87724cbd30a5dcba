using System.Diagnostics;
using Dqml.Testing;

namespace Dqml.Cli.Tests;

/// <summary>Runs an external program (the dotnet host, an installed tool, a sample) and captures what it prints.</summary>
internal static class ExternalProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, double Seconds)
    {
        public string Describe(string what) => $"{what} exited {ExitCode} after {Seconds:F1} s\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>The dotnet host running the tests (its path when the test host is dotnet itself), else <c>dotnet</c> from PATH.</summary>
    public static string DotnetHost()
    {
        string? path = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (path is not null && File.Exists(path))
        {
            return path;
        }

        path = Environment.ProcessPath;
        return path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> in <paramref name="workingDirectory"/>. MSBuild variables inherited from
    /// <c>dotnet test</c> are removed, so a nested <c>dotnet pack</c> resolves its own SDK; DOTNET_ROOT points at the
    /// running host so an installed tool's launcher finds the runtime.
    /// </summary>
    public static Result Run(string fileName, string workingDirectory, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH").ToList())
        {
            info.Environment.Remove(key);
        }

        string host = DotnetHost();
        if (Path.IsPathRooted(host))
        {
            info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(host);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{fileName} {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s\nstdout:\n{stdout.Result}\nstderr:\n{stderr.Result}");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The repository root: the nearest folder above the test binaries that holds Dqml.slnx.</summary>
    public static string RepoRoot() => Repository.Root();

    /// <summary>The build configuration of the running tests (Debug or Release), from their output path bin/CONFIG/TFM/.</summary>
    public static string Configuration()
        => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name
            ?? throw new InvalidOperationException($"unexpected test output path {AppContext.BaseDirectory}");

    /// <summary>A fresh folder under the system temp folder.</summary>
    public static string TempFolder(string prefix)
    {
        string dir = Path.Combine(Path.GetTempPath(), "dqml-cli-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
