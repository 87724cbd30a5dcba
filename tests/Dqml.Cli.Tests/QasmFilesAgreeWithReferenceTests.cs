using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.OpenQasm;
using Dqml.Testing;

namespace Dqml.Cli.Tests;

/// <summary>
/// <c>dqml simulate --json</c> on the unmodified benchmark-style OpenQASM files agrees with the
/// independent dense reference simulator (full 2^n x 2^n gate matrices, written apart from the kernels).
/// </summary>
public class QasmFilesAgreeWithReferenceTests
{
    public static TheoryData<string> Files => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "qasm"), "*.qasm")
            .Select(Path.GetFileName)
            .Where(f => f != "random20.qasm") // 20 qubits: beyond the dense reference; covered by norm and round-trip tests
            .OrderBy(f => f, StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Simulate_BenchmarkFile_MatchesDenseReference(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", "qasm", file);
        var circuit = QasmParser.ParseFile(path);
        var output = CliRunner.Run("simulate", path, "--json");
        Assert.Equal(0, output.ExitCode);
        var json = output.Json();
        var probabilities = json.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();

        double[] expected;
        IReadOnlyDictionary<string, double>? expectedDistribution = null;
        if (OnlyTerminalMeasurements(circuit, out var unitaryPart))
        {
            // Terminal measurements do not change the probabilities: compare with the unitary part.
            expected = DenseReferenceSimulator.Probabilities(DenseReferenceSimulator.RunUnitary(unitaryPart));
        }
        else
        {
            Assert.True(circuit.NumQubits <= DenseReferenceSimulator.MaxDensityQubits, $"{file}: too wide for the dense density-matrix reference");
            var mixed = DenseReferenceSimulator.RunDensity(circuit);
            expected = mixed.Probabilities();
            expectedDistribution = mixed.ClassicalDistribution();
        }

        StateAssert.ProbabilitiesEqual(expected, probabilities, 1e-10, file);
        if (expectedDistribution is not null)
        {
            var actual = json.GetProperty("classicalDistribution").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            StateAssert.DistributionsEqual(expectedDistribution, actual, 1e-10, file);
        }
    }

    private static bool OnlyTerminalMeasurements(Circuit circuit, out Circuit unitaryPart)
    {
        var measured = new HashSet<int>();
        var kept = new List<Instruction>();
        foreach (var ins in circuit.Instructions)
        {
            switch (ins)
            {
                case Measurement m:
                    measured.Add(m.Qubit);
                    break;
                case Barrier:
                    break;
                case GateOperation g when !g.Qubits.Any(measured.Contains):
                    kept.Add(g);
                    break;
                default:
                    unitaryPart = circuit;
                    return false;
            }
        }

        unitaryPart = circuit.WithInstructions(kept);
        return true;
    }
}

/// <summary>The density-matrix backend and noise options of <c>dqml simulate</c>.</summary>
public class SimulateDensityMatrixTests
{
    private const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n";

    [Fact]
    public void Simulate_DensityMatrixWithDepolarizing_ReportsPurity()
    {
        string path = CliRunner.WriteTemp(Bell);
        var clean = CliRunner.Run("simulate", path, "--backend", "density-matrix", "--json").Json();
        Assert.Equal(1.0, clean.GetProperty("purity").GetDouble(), 12);
        var noisy = CliRunner.Run("simulate", path, "--backend", "density-matrix", "--noise", "depolarizing:0.1", "--json").Json();
        double purity = noisy.GetProperty("purity").GetDouble();
        Assert.InRange(purity, 0.25, 0.999);
        var p = noisy.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.True(p[1] > 0, "depolarizing populates |01>");
    }

    [Fact]
    public void Simulate_ThermalRelaxationSpec_MatchesDensityMatrixLibraryRun()
    {
        string path = CliRunner.WriteTemp(Bell);
        var json = CliRunner.Run("simulate", path, "--backend", "density-matrix", "--noise", "t1=50us,t2=70us,gate=5us", "--json").Json();
        var model = Dqml.Simulation.Noise.NoiseModel.Parse("t1=50us,t2=70us,gate=5us");
        var expected = new Dqml.Simulation.DensityMatrixSimulator().Run(model.Apply(QasmParser.Parse(Bell))).Probabilities();
        var actual = json.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        StateAssert.ProbabilitiesEqual(expected, actual, 1e-12);
        Assert.True(actual[0] > 0.5, "T1 decay moves population towards |00>");
    }

    [Theory]
    [InlineData("depolarizing:2", "2")]
    [InlineData("t1=50us,t2=200us,gate=50ns", "exceeds 2 T1")]
    [InlineData("nonsense", "nonsense")]
    public void Simulate_BadNoiseSpec_IsOneLineErrorNamingTheValue(string spec, string mentioned)
    {
        string path = CliRunner.WriteTemp(Bell);
        var o = CliRunner.Run("simulate", path, "--backend", "density-matrix", "--noise", spec);
        CliRunner.AssertOneLineError(o);
        Assert.Contains(mentioned, o.Stderr, StringComparison.Ordinal);
    }
}
