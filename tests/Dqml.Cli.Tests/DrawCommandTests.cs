using System.Xml.Linq;

namespace Dqml.Cli.Tests;

public class DrawCommandTests
{
    private const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n";

    [Fact]
    public void Draw_File_PrintsTheDiagram()
    {
        var o = CliRunner.Run("draw", CliRunner.WriteTemp(Bell), "--width", "80");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("┤ H ├", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("⊕", o.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("     ┌───┐", o.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Draw_ProcessorsAndScheme_DrawsBandsAndWritesSvg()
    {
        string path = CliRunner.WriteTemp(Bell);
        string svg = Path.Combine(Path.GetDirectoryName(path)!, "out.svg");
        var o = CliRunner.Run("draw", path, "--processors", "A:0,B:1", "--scheme", "qc:telegate", "--svg", svg, "--width", "200");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("── QPU A ──", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("ebit A~B", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("telegate", o.Stdout, StringComparison.Ordinal);
        Assert.Equal("svg", XDocument.Load(svg).Root!.Name.LocalName);
    }

    [Fact]
    public void Draw_HwangModelCc_MarksClassicalSendsWithLatency()
    {
        var o = CliRunner.Run("draw", "--model", "hwang-qcnn", "--scheme", "cc", "--depth", "1", "--width", "300");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("── QPU A ──", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("── QPU B ──", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("A→B", o.Stdout, StringComparison.Ordinal);
        Assert.Contains("RX(c0_0)", o.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Draw_NoInput_IsOneLineError()
        => CliRunner.AssertOneLineError(CliRunner.Run("draw"));
}
