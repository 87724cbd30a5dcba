using System.Diagnostics;
using System.Text;
using System.Threading;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Tests;

/// <summary>The acceptance test: kill a real <c>dqml run</c> process midway, run it again, and check the result table.</summary>
public sealed class ProcessKillTests : IDisposable
{
    private const int Runs = 6;

    private static readonly TimeSpan FirstResultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Six train runs of about a second each (depth 1, 3 steps, but a full-set evaluation per run).</summary>
    private const string Spec = """
        {
          "name": "kill",
          "kind": "train",
          "model": { "model": "hwang-qcnn", "scheme": "nc", "depth": 1 },
          "data": { "dataset": "hwang2025", "dataSeed": 1 },
          "training": { "iterations": 3, "batch": 16 },
          "sweep": { "seed": [1, 2, 3, 4, 5, 6] }
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("dqml-kill-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void Run_KilledAfterFirstResult_ResumesWithoutRedoingOrDuplicatingRuns()
    {
        string spec = Path.Combine(_root, "kill.json");
        File.WriteAllText(spec, Spec);
        string output = Path.Combine(_root, "out");
        string results = Path.Combine(output, "kill", ResultStore.ResultsFile);

        // First attempt: killed (with its whole process tree) as soon as one complete result line is on disk.
        string[] before;
        using (var first = Start(spec, output))
        {
            var clock = Stopwatch.StartNew();
            while (CompleteLines(results).Length == 0)
            {
                Assert.False(first.HasExited, $"dqml run exited early with code {(first.HasExited ? first.ExitCode : 0)}");
                Assert.True(clock.Elapsed < FirstResultTimeout, "no result line appeared in time");
                Thread.Sleep(20);
            }

            first.Kill(entireProcessTree: true);
            first.WaitForExit();
            before = CompleteLines(results);
        }

        Assert.InRange(before.Length, 1, Runs - 1); // killed midway: some runs were left to do

        // Second attempt: runs to completion.
        using (var second = Start(spec, output))
        {
            Assert.True(second.WaitForExit(ResumeTimeout), "the resumed sweep did not finish in time");
            Assert.Equal(0, second.ExitCode);
        }

        string text = File.ReadAllText(results, Encoding.UTF8);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        string[] after = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var records = after.Select(line => RunRecord.TryParse(line) ?? throw new Xunit.Sdk.XunitException($"partial or invalid row: {line}")).ToList();

        // Every run id exactly once, and no partial row.
        Assert.Equal(Runs, records.Count);
        Assert.Equal(Enumerable.Range(1, Runs).Select(s => $"seed={s}").Order(StringComparer.Ordinal), records.Select(r => r.Id).Order(StringComparer.Ordinal));

        // Finished runs were not redone: their rows (seconds included) are byte for byte the rows written before the kill.
        Assert.Equal(before, after.Take(before.Length));
    }

    private static Process Start(string spec, string output)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "dqml.dll");
        Assert.True(File.Exists(dll), $"dqml.dll not found next to the tests: {dll}");
        var info = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { dll, "run", spec, "--out", output, "--threads", "1" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The dotnet host running the tests (its path when the test host is dotnet itself), else <c>dotnet</c> from PATH.</summary>
    private static string DotnetHost()
    {
        string? path = Environment.ProcessPath;
        return path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }

    /// <summary>The lines of <paramref name="path"/> that end with a newline (a partial last line is left out).</summary>
    private static string[] CompleteLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = reader.ReadToEnd();
        }
        catch (IOException)
        {
            return [];
        }

        int end = text.LastIndexOf('\n');
        return end < 0 ? [] : text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
