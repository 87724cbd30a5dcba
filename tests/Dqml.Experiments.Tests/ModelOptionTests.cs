using Dqml.Experiments.Specs;
using Dqml.Experiments.Training;
using Dqml.Learning.Models.Hwang;

namespace Dqml.Experiments.Tests;

/// <summary>The Hwang model options a spec or <c>dqml train</c> can choose where the paper is silent: singleEmbedding and qcBlock.</summary>
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
}
