using Dqml.Circuits;
using Dqml.Simulation;

namespace Dqml.Cli.Tests;

/// <summary>The examples in README.md and docs/, run as written, so the docs stay true.</summary>
public class ReadmeExamplesTests
{
    [Fact]
    public void LibraryExample_BellCircuit_RunsAsDocumented()
    {
        var bell = new CircuitBuilder(2, 2).H(0).CX(0, 1).Measure(0, 0).Measure(1, 1).Build();
        var sim = new StateVectorSimulator();
        double[] p = sim.RunExact(bell).Probabilities();
        var counts = sim.Sample(bell, shots: 1000, seed: 1).Counts;
        double zz = sim.RunUnitary(new CircuitBuilder(2).H(0).CX(0, 1).Build())
                       .Expectation(PauliString.Parse("ZZ"));

        Assert.Equal([0.5, 0, 0, 0.5], p.Select(v => Math.Round(v, 12)));
        Assert.Equal(1000, counts["00"] + counts["11"]);
        Assert.Equal(1.0, zz, 1e-12);
    }

    [Fact]
    public void BitOrderExample_XOnQubitZero_IsIndexOneAndKey001()
    {
        string path = CliRunner.WriteTemp("""
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[3];
            creg c[3];
            x q[0];
            measure q -> c;
            """);
        var json = CliRunner.Run("simulate", path, "--json", "--shots", "10").Json();

        double[] p = [.. json.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal([0, 1, 0, 0, 0, 0, 0, 0], p);
        Assert.Equal(10, json.GetProperty("counts").GetProperty("001").GetInt32());
    }

    [Fact]
    public void CountsKeyExample_TwoRegisters_ReverseDeclarationOrderSpaceSeparated()
    {
        // creg a[1]; creg b[2]; with a[0] = 1, b[1] = 1, b[0] = 0 gives "10 1".
        string path = CliRunner.WriteTemp("""
            OPENQASM 2.0;
            include "qelib1.inc";
            qreg q[3];
            creg a[1];
            creg b[2];
            x q[0];
            x q[2];
            measure q[0] -> a[0];
            measure q[1] -> b[0];
            measure q[2] -> b[1];
            """);
        var json = CliRunner.Run("simulate", path, "--json", "--shots", "5").Json();

        Assert.Equal(5, json.GetProperty("counts").GetProperty("10 1").GetInt32());
        Assert.Equal(1.0, json.GetProperty("classicalDistribution").GetProperty("10 1").GetDouble(), 1e-12);
    }

    [Fact]
    public void CapacityExamples_RunAsWrittenInTheReadme()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        string readme = File.ReadAllText(Path.Combine(dir.FullName, "README.md"));
        int section = readme.IndexOf("### Capacity and nonlocal games", StringComparison.Ordinal);
        Assert.True(section >= 0, "README lost its capacity section");
        int start = readme.IndexOf("```sh", section, StringComparison.Ordinal);
        int end = readme.IndexOf("```", start + 5, StringComparison.Ordinal);
        var commands = readme[(start + 5)..end].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.StartsWith("dqml ", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(4, commands.Count);
        foreach (var command in commands)
        {
            var o = CliRunner.Run(command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]);
            Assert.True(o.ExitCode == 0, $"'{command}' exited {o.ExitCode}: {o.Stderr}");
            Assert.NotEmpty(o.Stdout);
        }
    }
}
