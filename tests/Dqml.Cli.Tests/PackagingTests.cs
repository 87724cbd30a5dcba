namespace Dqml.Cli.Tests;

/// <summary>
/// The packaging acceptance test: <c>dotnet pack</c> the dqml tool, install it into a temporary tool path from
/// the local folder, and run the installed command. SLOW (about half a minute; it starts several dotnet
/// processes); filter it out with <c>--filter Category!=Packaging</c>.
/// </summary>
/// <remarks>
/// The pack uses <c>--no-build</c>: it packages the Dqml.Cli build the tests were built with (same
/// configuration), so it never rebuilds the tree under a running test run. The install restores into a
/// private package folder, so a stale Dqml.Tool of the same version in the user's NuGet cache cannot be
/// picked up, and ignores unreachable feeds (nuget.org offline): the tool package bundles its dependencies,
/// so the local folder is enough.
/// </remarks>
[Trait("Category", "Packaging")]
public class PackagingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void PackedTool_InstallsIntoToolPath_RunsVersionAndSimulate()
    {
        string root = ExternalProcess.RepoRoot();
        string temp = ExternalProcess.TempFolder("packaging");
        string feed = Path.Combine(temp, "feed"), tools = Path.Combine(temp, "tools");
        string version = DqmlApp.Version;
        string dotnet = ExternalProcess.DotnetHost();
        try
        {
            var pack = ExternalProcess.Run(dotnet, root, null, Timeout,
                "pack", Path.Combine("src", "Dqml.Cli", "Dqml.Cli.csproj"), "-c", ExternalProcess.Configuration(), "--no-build", "-o", feed);
            Assert.True(pack.ExitCode == 0, pack.Describe("dotnet pack"));
            Assert.True(File.Exists(Path.Combine(feed, $"Dqml.Tool.{version}.nupkg")), $"Dqml.Tool.{version}.nupkg not in {feed}:\n{pack.Stdout}");

            var install = ExternalProcess.Run(dotnet, temp, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(temp, "packages") }, Timeout,
                "tool", "install", "Dqml.Tool", "--tool-path", tools, "--add-source", feed, "--version", version, "--ignore-failed-sources");
            Assert.True(install.ExitCode == 0, install.Describe("dotnet tool install"));

            string dqml = Path.Combine(tools, OperatingSystem.IsWindows() ? "dqml.exe" : "dqml");
            var printed = ExternalProcess.Run(dqml, temp, null, Timeout, "--version");
            Assert.True(printed.ExitCode == 0, printed.Describe("dqml --version"));
            Assert.Equal(version, printed.Stdout.Trim());

            string qasm = Path.Combine(temp, "bell.qasm");
            File.WriteAllText(qasm, Qasm.Bell);
            var simulated = ExternalProcess.Run(dqml, temp, null, Timeout, "simulate", qasm, "--json");
            Assert.True(simulated.ExitCode == 0, simulated.Describe("dqml simulate"));
            var json = new CliRunner.Output(0, simulated.Stdout, simulated.Stderr).Json();
            var distribution = json.GetProperty("classicalDistribution");
            Assert.Equal(0.5, distribution.GetProperty("00").GetDouble(), 1e-12);
            Assert.Equal(0.5, distribution.GetProperty("11").GetDouble(), 1e-12);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
