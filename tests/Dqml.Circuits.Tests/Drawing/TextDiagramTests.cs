using Dqml.Circuits.Drawing;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.OpenQasm;
using Dqml.Circuits.Parameters;
using Dqml.Testing;

namespace Dqml.Circuits.Tests.Drawing;

public class TextDiagramTests
{
    private static readonly DiagramOptions Wide = new() { Width = 120 };

    internal static Circuit Bell() => new CircuitBuilder(2, 2).H(0).CX(0, 1).Measure(0, 0).Measure(1, 1).Build();

    internal static Circuit Teleport() => QasmParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "data", "qasm", "teleport.qasm"));

    [Fact]
    public void Draw_Bell_MatchesExpectedFile()
        => ExpectedFile.Match("bell.txt", TextDiagram.Draw(Bell(), Wide));

    [Fact]
    public void Draw_TeleportationWithIf_MatchesExpectedFile()
        => ExpectedFile.Match("teleport.txt", TextDiagram.Draw(Teleport(), Wide));

    [Fact]
    public void Draw_GateZoo_MatchesExpectedFile()
    {
        var c = new CircuitBuilder(4, 1)
            .RX(0.785398, 0).RY(ParamExpr.Trainable("t3"), 1).RZ(Math.PI / 2, 2)
            .CCX(0, 1, 3).Swap(0, 2).CZ(1, 3).CRX(ParamExpr.Trainable("k0"), 3, 0).RZZ(0.5, 1, 2)
            .Barrier(0, 1, 2, 3).Reset(2).Measure(3, 0)
            .If(0, false, b => b.X(1))
            .Build();
        ExpectedFile.Match("zoo.txt", TextDiagram.Draw(c, Wide));
    }

    [Fact]
    public void Draw_SmallWidth_WrapsIntoChunksWithinTheWidth()
    {
        var b = new CircuitBuilder(2);
        for (int i = 0; i < 12; i++)
        {
            b.RX(0.1 * i, 0).CX(0, 1);
        }

        string text = TextDiagram.Draw(b.Build(), new DiagramOptions { Width = 40 });
        string[] lines = text.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= 40, $"line longer than 40: '{l}'"));
        int chunks = lines.Count(l => l.StartsWith("q0: ", StringComparison.Ordinal));
        Assert.True(chunks >= 3, $"expected several chunks, got {chunks}:\n{text}");
        Assert.Equal(TextDiagram.Draw(b.Build(), new DiagramOptions { Width = 40 }), text);
        ExpectedFile.Match("wrapped.txt", text);
    }

    [Fact]
    public void Layout_GatesOnDisjointQubits_ShareAColumn()
    {
        var layout = DiagramLayout.Create(new CircuitBuilder(3).H(0).H(1).CX(0, 2).H(1).Build());
        Assert.Equal([0, 0, 1, 2], layout.Operations.Select(o => o.Column));
    }

    [Theory]
    [InlineData(0.785398, "0.79")]
    [InlineData(Math.PI / 2, "π/2")]
    [InlineData(-Math.PI, "-π")]
    [InlineData(1.0, "1")]
    [InlineData(-0.001, "0")]
    public void FormatParameter_Number_RoundsOrWritesPi(double value, string expected)
        => Assert.Equal(expected, DiagramLayout.FormatParameter(value));

    [Fact]
    public void FormatParameter_Symbol_WritesItsName()
        => Assert.Equal("RX(t3)", DiagramLayout.GateLabel(new Gate(Dqml.Circuits.Gates.StandardGates.RX, [ParamExpr.Trainable("t3")])));
}
