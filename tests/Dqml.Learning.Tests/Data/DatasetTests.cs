using Dqml.Learning.Data;

namespace Dqml.Learning.Tests.Data;

public class DatasetTests
{
    private static Dataset Small() =>
        new("small", [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0, 1, 1]);

    [Fact]
    public void Constructor_Rows_StoresRowMajor()
    {
        var d = Small();
        Assert.Equal(3, d.Count);
        Assert.Equal(2, d.Dimension);
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], d.Features.ToArray());
        Assert.Equal(4.0, d[1, 1]);
        Assert.Equal([5.0, 6.0], d.Row(2).ToArray());
        Assert.Equal(1, d.Label(2));
    }

    [Fact]
    public void Constructor_InputArrayModifiedAfterwards_DatasetUnchanged()
    {
        double[] flat = [1, 2, 3, 4];
        int[] labels = [1, -1];
        var d = new Dataset("copy", flat, 2, 2, labels);
        flat[0] = 99;
        labels[0] = 7;
        Assert.Equal(1.0, d[0, 0]);
        Assert.Equal(1, d.Label(0));
    }

    [Fact]
    public void Constructor_RaggedRows_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Dataset("bad", [[1.0, 2.0], [3.0]], [0, 1]));
        Assert.Contains("'bad'", ex.Message);
        Assert.Contains("row 1", ex.Message);
    }

    [Fact]
    public void Constructor_LabelCountMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Dataset("bad", [1.0, 2.0], 2, 1, [0]));
    }

    [Fact]
    public void Constructor_NaNFeature_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Dataset("nan", [1.0, double.NaN], 1, 2, [0]));
        Assert.Contains("feature 1 of row 0", ex.Message);
    }

    [Fact]
    public void ClassCounts_MixedLabels_CountsPerLabel()
    {
        var counts = Small().ClassCounts();
        Assert.Equal(1, counts[0]);
        Assert.Equal(2, counts[1]);
        Assert.Equal([0, 1], Small().Classes());
    }

    [Fact]
    public void Subset_Indices_KeepsOrderAndLabels()
    {
        var s = Small().Subset([2, 0], "sub");
        Assert.Equal("sub", s.Name);
        Assert.Equal([5.0, 6.0, 1.0, 2.0], s.Features.ToArray());
        Assert.Equal([1, 0], s.Labels.ToArray());
    }

    [Fact]
    public void Subset_OutOfRange_ThrowsNamingDataset()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Small().Subset([3]));
        Assert.Contains("'small'", ex.Message);
    }

    [Fact]
    public void WhereClass_OneClass_FiltersRows()
    {
        var s = Small().WhereClass([1]);
        Assert.Equal(2, s.Count);
        Assert.All(s.Labels.ToArray(), l => Assert.Equal(1, l));
    }

    [Fact]
    public void Shuffle_SameSeed_SamePermutation()
    {
        var d = SyntheticData.ParityAll(5);
        Assert.Equal(d.Shuffle(9).Features.ToArray(), d.Shuffle(9).Features.ToArray());
        Assert.NotEqual(d.Shuffle(9).Features.ToArray(), d.Shuffle(10).Features.ToArray());
        Assert.Equal(d.ClassCounts(), d.Shuffle(9).ClassCounts());
    }

    [Fact]
    public void ToSignedLabels_ZeroOne_MapsToMinusOnePlusOne()
    {
        Assert.Equal([-1, 1, 1], Small().ToSignedLabels().Labels.ToArray());
        Assert.Equal([1, -1, -1], Small().ToSignedLabels(positiveClass: 0).Labels.ToArray());
    }

    [Fact]
    public void ToSignedLabels_PositiveClassNotPresent_Throws()
    {
        Assert.Throws<ArgumentException>(() => Small().ToSignedLabels(positiveClass: 5));
    }

    [Fact]
    public void Concat_TwoSets_AppendsRows()
    {
        var c = Dataset.Concat(Small(), Small(), "both");
        Assert.Equal(6, c.Count);
        Assert.Equal(Small().Features.ToArray(), c.Features[6..].ToArray());
    }

    [Fact]
    public void ToRows_RoundTrips()
    {
        var rows = Small().ToRows();
        var again = new Dataset("again", rows, Small().Labels.ToArray());
        Assert.Equal(Small().Features.ToArray(), again.Features.ToArray());
    }
}
