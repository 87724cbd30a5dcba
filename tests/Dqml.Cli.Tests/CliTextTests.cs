using Dqml.Cli.Output;

namespace Dqml.Cli.Tests;

public class CliTextTests
{
    [Fact]
    public void OneLine_CollapsesLineBreaks()
    {
        Assert.Equal("a b c", CliText.OneLine("a\nb\r\n\tc\n"));
    }

    [Fact]
    public void Fixed_NeverPrintsNegativeZero()
    {
        Assert.Equal("0.000", CliText.Fixed(-1e-9, 3));
    }
}
