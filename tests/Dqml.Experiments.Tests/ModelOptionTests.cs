using Dqml.Experiments.Specs;
using Dqml.Experiments.Training;
using Dqml.Learning.Models.Hwang;

namespace Dqml.Experiments.Tests;

/// <summary>The Hwang model options a spec or <c>dqml train</c> can choose where the paper is silent: singleEmbedding, qcBlock and ccBlock.</summary>
public class ModelOptionTests
{
    private static SpecException Fails(string text) => Assert.Throws<SpecException>(() => SpecParser.Parse(text, "bad.json"));

    [Fact]
    public void SingleEmbedding_OnlyForSchemeSingle_AndNamedValuesOnly()
    {
        var ok = ModelFactory.Build(new ModelRequest("hwang-qcnn", "single", 1, null, null, null, null, null, null, null, "dense-angle"));
        Assert.Equal(SingleProcessorEmbedding.DenseAngle, ok.Hwang!.Options.SingleEmbedding);
        var e = Assert.Throws<ExperimentInputException>(() => ModelFactory.Build(new ModelRequest("hwang-qcnn", "cc", 1, null, null, null, null, null, null, null, "dense-angle")));
        Assert.Contains("applies to scheme single only", e.Message, StringComparison.Ordinal);
        var bad = Fails("{\"name\":\"x\",\"kind\":\"train\",\"model\":{\"scheme\":\"single\",\"singleEmbedding\":\"amplitude\"}}");
        Assert.Equal("$.model.singleEmbedding", bad.JsonPath);
    }

    [Fact]
    public void QcBlock_OnlyForSchemesQcAndKnit()
    {
        var ok = ModelFactory.Build(new ModelRequest("hwang-qcnn", "knit", 1, null, null, null, null, null, null, null, null, "coherent-cc"));
        Assert.Equal(QcCrossBlock.CoherentClassicalBlock, ok.Hwang!.Options.QcBlock);
        var e = Assert.Throws<ExperimentInputException>(() => ModelFactory.Build(new ModelRequest("hwang-qcnn", "cc", 1, null, null, null, null, null, null, null, null, "coherent-cc")));
        Assert.Contains("applies to schemes qc and knit only", e.Message, StringComparison.Ordinal);
        var bad = Fails("{\"name\":\"x\",\"kind\":\"train\",\"model\":{\"scheme\":\"qc\",\"qcBlock\":\"swap\"}}");
        Assert.Equal("$.model.qcBlock", bad.JsonPath);
    }

    [Theory]
    [InlineData("both-ways", CcCrossBlock.BothWays, 12)]
    [InlineData("alternating", CcCrossBlock.Alternating, 9)]
    [InlineData("One-Way", CcCrossBlock.OneWay, 9)]
    public void CcBlock_NamedValues_BuildTheVariant(string text, CcCrossBlock block, int clbits)
    {
        var built = ModelFactory.Build(new ModelRequest("hwang-qcnn", "cc", 3, null, null, null, null, null, null, null, null, null, text));
        Assert.Equal(block, built.Hwang!.Options.CcBlock);
        Assert.Equal(58, built.Model.ParameterCount); // 10L+28 for every block
        Assert.Equal(clbits, built.Hwang.Model.Trainable.NumClbits); // 2 or 1 bits per sub-layer + 6 pooling bits
    }

    [Fact]
    public void CcBlock_OnlyForSchemeCc_AndNamedValuesOnly()
    {
        var e = Assert.Throws<ExperimentInputException>(() => ModelFactory.Build(new ModelRequest("hwang-qcnn", "qc", 1, null, null, null, null, null, null, null, null, null, "one-way")));
        Assert.Contains("applies to scheme cc only", e.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ExperimentInputException>(() => ModelFactory.Build(new ModelRequest("hwang-qcnn", "cc", 1, null, null, null, null, null, null, null, null, null, "sideways")));
        Assert.Contains("unknown cc block 'sideways'", unknown.Message, StringComparison.Ordinal);

        // In a spec: a valid value parses (also as a sweep axis), an unknown one names the field.
        var spec = SpecParser.Parse("{\"name\":\"x\",\"kind\":\"train\",\"model\":{\"scheme\":\"cc\",\"ccBlock\":\"alternating\"},\"sweep\":{\"ccBlock\":[\"one-way\",\"both-ways\"]}}", "ok.json");
        Assert.NotNull(spec);
        var bad = Fails("{\"name\":\"x\",\"kind\":\"train\",\"model\":{\"scheme\":\"cc\",\"ccBlock\":\"sideways\"}}");
        Assert.Equal("$.model.ccBlock", bad.JsonPath);
        Assert.Contains("both-ways", bad.Message, StringComparison.Ordinal);
        var badAxis = Fails("{\"name\":\"x\",\"kind\":\"train\",\"model\":{\"scheme\":\"cc\"},\"sweep\":{\"ccBlock\":[\"one-way\",\"two-way\"]}}");
        Assert.Contains("ccBlock", badAxis.JsonPath, StringComparison.Ordinal);
    }
}
