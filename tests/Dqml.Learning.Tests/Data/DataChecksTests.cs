using Dqml.Learning.Data;

namespace Dqml.Learning.Tests.Data;

public class DataChecksTests
{
    [Fact]
    public void RequireTwoClasses_OneClass_ThrowsNamingDataset()
    {
        var d = new Dataset("mnist-0-only", [[0.0], [1.0]], [0, 0]);
        var ex = Assert.Throws<InvalidOperationException>(() => DataChecks.RequireTwoClasses(d));
        Assert.Contains("'mnist-0-only'", ex.Message);
        Assert.Contains("one class only", ex.Message);
        Assert.Contains("two classes", ex.Message);
    }

    [Fact]
    public void RequireTwoClasses_Empty_Throws()
    {
        var d = new Dataset("empty", [], 0, 3, []);
        var ex = Assert.Throws<InvalidOperationException>(() => DataChecks.RequireTwoClasses(d));
        Assert.Contains("'empty'", ex.Message);
    }

    [Fact]
    public void RequireBinary_TwoClasses_ReturnsThemOrdered()
    {
        var d = new Dataset("pm", [[0.0], [1.0]], [1, -1]);
        Assert.Equal((-1, 1), DataChecks.RequireBinary(d));
    }

    [Fact]
    public void RequireBinary_ThreeClasses_Throws()
    {
        var d = new Dataset("digits", [[0.0], [1.0], [2.0]], [0, 1, 2]);
        var ex = Assert.Throws<InvalidOperationException>(() => DataChecks.RequireBinary(d));
        Assert.Contains("'digits'", ex.Message);
        Assert.Contains("3 classes", ex.Message);
    }

    [Fact]
    public void FeatureLabelCorrelations_LinearFeature_IsOne()
    {
        var d = new Dataset("lin", [[-1.0, 5.0], [1.0, 5.0], [-1.0, 5.0], [1.0, 5.0]], [-1, 1, -1, 1]);
        var r = DataStatistics.FeatureLabelCorrelations(d);
        Assert.Equal(1.0, r[0], 12);
        Assert.Equal(0.0, r[1]); // constant feature
        Assert.Equal(1.0, DataStatistics.MaxAbsFeatureLabelCorrelation(d), 12);
    }
}
