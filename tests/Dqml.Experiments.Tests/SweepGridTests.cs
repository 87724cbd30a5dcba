using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;

namespace Dqml.Experiments.Tests;

public class SweepGridTests
{
    [Fact]
    public void Expand_TwoAxes_FirstAxisSlowestWithStableIds()
    {
        var spec = SpecParser.Parse("""{"name":"g","kind":"train","model":{"depth":5},"sweep":{"scheme":["nc","cc"],"depth":[1,3],"seed":[7]}}""");
        var runs = SweepGrid.Expand(spec);
        Assert.Equal(
            ["scheme=nc,depth=1,seed=7", "scheme=nc,depth=3,seed=7", "scheme=cc,depth=1,seed=7", "scheme=cc,depth=3,seed=7"],
            runs.Select(r => r.Id));
        Assert.Equal([0, 1, 2, 3], runs.Select(r => r.Index));
        Assert.Equal(3L, runs[1].Settings["model.depth"].Value);
        Assert.Equal("cc", runs[2].Settings["model.scheme"].Value);
        Assert.Equal(7L, runs[3].Settings["training.seed"].Value);
    }

    [Fact]
    public void Expand_NoAxes_OneRun()
    {
        var runs = SweepGrid.Expand(SpecParser.Parse("""{"name":"g","kind":"capacity"}"""));
        Assert.Equal("run", Assert.Single(runs).Id);
    }

    [Fact]
    public void Expand_DoubleAxis_RoundTripFormat()
    {
        var runs = SweepGrid.Expand(SpecParser.Parse("""{"name":"g","kind":"train","sweep":{"lr":[0.1,0.05]}}"""));
        Assert.Equal(["lr=0.1", "lr=0.05"], runs.Select(r => r.Id));
    }

    [Theory]
    [InlineData("1/3", 1, 3)]
    [InlineData("0/1", 0, 1)]
    public void Shard_Parse_Valid(string text, int i, int n) => Assert.Equal(new Shard(i, n), Shard.Parse(text));

    [Theory]
    [InlineData("3/3")]
    [InlineData("1")]
    [InlineData("-1/2")]
    [InlineData("a/b")]
    public void Shard_Parse_Invalid(string text) => Assert.Throws<ExperimentInputException>(() => Shard.Parse(text));
}
