using Dqml.Learning.Data;

namespace Dqml.Learning.Tests.Data;

public class DataSplitsTests
{
    private static Dataset Imbalanced()
    {
        // 70 rows of class 0, 30 of class 1, 20 of class 2; each row's feature is its index.
        var labels = Enumerable.Repeat(0, 70).Concat(Enumerable.Repeat(1, 30)).Concat(Enumerable.Repeat(2, 20)).ToArray();
        var features = Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray();
        return new Dataset("imbalanced", features, labels.Length, 1, labels);
    }

    [Fact]
    public void Stratified_Imbalanced_PreservesProportions()
    {
        var split = DataSplits.Stratified(Imbalanced(), 30, seed: 3);
        Assert.Equal(30, split.Validation.Count);
        Assert.Equal(90, split.Train.Count);
        var v = split.Validation.ClassCounts();
        // Exact quotas 17.5, 7.5, 5.0 sum to 30; floors give 29 and the tie between the two remainders of 0.5 goes
        // to the smaller label.
        Assert.Equal(18, v[0]);
        Assert.Equal(7, v[1]);
        Assert.Equal(5, v[2]);
    }

    [Fact]
    public void Stratified_Fraction_EachClassWithinOneOfExact()
    {
        var data = Imbalanced();
        var split = DataSplits.Stratified(data, 0.25, seed: 11);
        Assert.Equal(30, split.Validation.Count);
        foreach (var (label, count) in data.ClassCounts())
        {
            double exact = 0.25 * count;
            Assert.InRange(split.Validation.ClassCounts()[label], Math.Floor(exact), Math.Ceiling(exact));
        }
    }

    [Fact]
    public void Stratified_IsPartition()
    {
        var split = DataSplits.Stratified(Imbalanced(), 30, seed: 5);
        var all = split.Train.Features.ToArray().Concat(split.Validation.Features.ToArray()).Order();
        Assert.Equal(Enumerable.Range(0, 120).Select(i => (double)i), all);
    }

    [Fact]
    public void Stratified_SameSeed_SameSplit()
    {
        var a = DataSplits.Stratified(Imbalanced(), 30, seed: 5);
        var b = DataSplits.Stratified(Imbalanced(), 30, seed: 5);
        var c = DataSplits.Stratified(Imbalanced(), 30, seed: 6);
        Assert.Equal(a.Validation.Features.ToArray(), b.Validation.Features.ToArray());
        Assert.NotEqual(a.Validation.Features.ToArray(), c.Validation.Features.ToArray());
    }

    [Fact]
    public void Stratified_LabelsFollowRows()
    {
        var split = DataSplits.Stratified(Imbalanced(), 30, seed: 8);
        foreach (var d in new[] { split.Train, split.Validation })
        {
            for (int i = 0; i < d.Count; i++)
            {
                int expected = d[i, 0] < 70 ? 0 : d[i, 0] < 100 ? 1 : 2;
                Assert.Equal(expected, d.Label(i));
            }
        }
    }

    [Fact]
    public void Random_Count_HasSizesAndNames()
    {
        var split = DataSplits.Random(Imbalanced(), 20, seed: 1);
        Assert.Equal(100, split.Train.Count);
        Assert.Equal(20, split.Validation.Count);
        Assert.Equal("imbalanced/train", split.Train.Name);
        Assert.Equal("imbalanced/validation", split.Validation.Name);
    }

    [Fact]
    public void Stratified_CountTooLarge_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplits.Stratified(Imbalanced(), 121, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DataSplits.Stratified(Imbalanced(), 1.5, seed: 1));
    }
}
