using System.Numerics;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.OpenQasm;
using static Dqml.Circuits.Tests.OpenQasm.QasmTestSupport;

namespace Dqml.Circuits.Tests.OpenQasm;

/// <summary>The test programs in tests/data/qasm parse and do what their header comments say.</summary>
public sealed class QasmDataFileTests
{
    private const double Tol = 1e-10;

    private static void AssertDistribution(Dictionary<string, double> expected, Dictionary<string, double> actual)
    {
        var keys = actual.Where(kv => kv.Value > Tol).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal).ToArray(), keys);
        foreach (var (k, p) in expected)
        {
            Assert.True(Math.Abs(p - actual[k]) < 1e-9, $"P({k}) = {actual[k]}, expected {p}");
        }
    }

    private static Circuit Load(string name) => QasmParser.ParseFile(DataPath(name));

    [Fact]
    public void Adder_MeasuresTheSum()
    {
        var c = Load("adder.qasm");
        Assert.Equal(10, c.NumQubits);
        Assert.Equal(5, c.NumClbits);
        AssertDistribution(new() { ["11000"] = 1 }, Distribution(c)); // 11 + 13 = 24
    }

    [Fact]
    public void Qft4_ProducesTheFourierTransformOfFive()
    {
        var c = Load("qft4.qasm");
        var state = FinalState(c);
        for (int k = 0; k < 16; k++)
        {
            var expected = Complex.FromPolarCoordinates(0.25, 2 * Math.PI * 5 * k / 16);
            Assert.True((state[k] - expected).Magnitude < Tol, $"amplitude {k}: {state[k]} vs {expected}");
        }

        Assert.Equal(8, c.Instructions.Count(i => i is GateOperation { Gate.Name: "cu1" or "swap" }));
    }

    [Fact]
    public void Grover3_FindsTheMarkedItem()
    {
        var d = Distribution(Load("grover3.qasm"));
        Assert.Equal(0.9453125, d["101"], 9);
        Assert.Equal(8, d.Count);
    }

    [Fact]
    public void Teleport_ReceiverAlwaysReadsZeroAfterUndoingThePreparation()
    {
        var c = Load("teleport.qasm");
        Assert.Equal(2, c.Instructions.Count(i => i is Conditioned));
        var d = Distribution(c);
        Assert.Equal(4, d.Count);
        foreach (var (key, p) in d)
        {
            Assert.Equal('0', key[0]); // c2 is bit 2, the leftmost character
            Assert.Equal(0.25, p, 9);
        }
    }

    [Fact]
    public void QaoaMaxcut_UserGateLayerEqualsRzzLayer()
    {
        var c = Load("qaoa_maxcut.qasm");
        Assert.Equal(5, c.NumQubits);
        var counts = c.Instructions.OfType<GateOperation>().GroupBy(g => g.Gate.Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["h"] = 5, ["cx"] = 10, ["rz"] = 5, ["rx"] = 10, ["rzz"] = 5 }, counts);

        var builder = new CircuitBuilder(5);
        for (int q = 0; q < 5; q++)
        {
            builder.H(q);
        }

        foreach (var (gamma, beta) in new[] { (0.52, 0.38), (0.91, 0.21) })
        {
            for (int e = 0; e < 5; e++)
            {
                builder.RZZ(2 * gamma, e, (e + 1) % 5);
            }

            for (int q = 0; q < 5; q++)
            {
                builder.RX(2 * beta, q);
            }
        }

        AssertMatricesEqual(Unitary(builder.Build()), Unitary(c));
    }

    [Fact]
    public void VqeAnsatz_HasTheLayeredStructure()
    {
        var c = Load("vqe_ansatz.qasm");
        Assert.Equal(6, c.NumQubits);
        var counts = c.Instructions.OfType<GateOperation>().GroupBy(g => g.Gate.Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["ry"] = 24, ["rz"] = 18, ["cz"] = 15 }, counts);
        Assert.Equal(1.0, Distribution(c).Values.Sum(), 9);
    }

    [Fact]
    public void BellIfReset_OutcomesAreCorrelatedAndFixIsZero()
    {
        var d = Distribution(Load("bell_if_reset.qasm"));
        // keys: fix(bit 3) out[1] out[0] c[0]
        double p00 = d.Where(kv => kv.Key[..3] == "000").Sum(kv => kv.Value);
        double p11 = d.Where(kv => kv.Key[..3] == "011").Sum(kv => kv.Value);
        Assert.Equal(0.5, p00, 9);
        Assert.Equal(0.5, p11, 9);
    }

    [Fact]
    public void Ghz8_GivesAllZerosOrAllOnes()
        => AssertDistribution(new() { ["00000000"] = 0.5, ["11111111"] = 0.5 }, Distribution(Load("ghz8.qasm")));

    [Fact]
    public void BernsteinVazirani_ReturnsTheSecret()
        => AssertDistribution(new() { ["1011"] = 1 }, Distribution(Load("bv.qasm")));

    [Fact]
    public void WState3_GivesTheThreeOneHotOutcomes()
        => AssertDistribution(new() { ["001"] = 1.0 / 3, ["010"] = 1.0 / 3, ["100"] = 1.0 / 3 }, Distribution(Load("wstate3.qasm")));

    [Fact]
    public void Random20_HasTwoThousandGatesOnTwentyQubits()
    {
        var c = Load("random20.qasm");
        Assert.Equal(20, c.NumQubits);
        Assert.Equal(2000, c.GateCount);
        Assert.Equal(["q", "r"], c.QuantumRegisters.Select(r => r.Name));
        Assert.Equal(20, c.Instructions.Count(i => i is Measurement));
    }
}
