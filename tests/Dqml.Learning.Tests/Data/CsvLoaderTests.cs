using Dqml.Learning.Data;

namespace Dqml.Learning.Tests.Data;

public sealed class CsvLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dqml-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_NoHeader_LastColumnIsLabel()
    {
        var d = CsvLoader.Load(Write("plain.csv", "0.5,1.5,1\n-2,3e-1,-1\n\n4, 5 ,1\n"));
        Assert.Equal("plain", d.Name);
        Assert.Equal(3, d.Count);
        Assert.Equal(2, d.Dimension);
        Assert.Equal([0.5, 1.5, -2, 0.3, 4, 5], d.Features.ToArray());
        Assert.Equal([1, -1, 1], d.Labels.ToArray());
    }

    [Fact]
    public void Load_HeaderWithLabelName_SelectsColumn()
    {
        var d = CsvLoader.Load(
            Write("named.csv", "x1,label,x2\n1,0,2\n3,1,4\n"),
            new CsvOptions { HasHeader = true, LabelColumnName = "label" });
        Assert.Equal([1.0, 2, 3, 4], d.Features.ToArray());
        Assert.Equal([0, 1], d.Labels.ToArray());
    }

    [Fact]
    public void Load_LabelIndexZero_FirstColumnIsLabel()
    {
        var d = CsvLoader.Load(Write("first.csv", "1,0.1,0.2\n0,0.3,0.4\n"), new CsvOptions { LabelColumnIndex = 0, Name = "custom" });
        Assert.Equal("custom", d.Name);
        Assert.Equal([1, 0], d.Labels.ToArray());
        Assert.Equal([0.1, 0.2, 0.3, 0.4], d.Features.ToArray());
    }

    [Fact]
    public void Load_RaggedRow_NamesFileLineAndColumn()
    {
        string path = Write("ragged.csv", "a,b,y\n1,2,0\n3,1\n");
        var ex = Assert.Throws<DataFormatException>(() => CsvLoader.Load(path, new CsvOptions { HasHeader = true }));
        Assert.Equal(path, ex.File);
        Assert.Equal(3, ex.Line);
        Assert.Equal(3, ex.Column);
        Assert.StartsWith($"{path}:3:3:", ex.Message);
        Assert.Contains("ragged", ex.Message);
    }

    [Fact]
    public void Load_NonNumericCell_NamesFileLineAndColumn()
    {
        string path = Write("text.csv", "1,2,0\n3,abc,1\n");
        var ex = Assert.Throws<DataFormatException>(() => CsvLoader.Load(path));
        Assert.Equal(2, ex.Line);
        Assert.Equal(2, ex.Column);
        Assert.Contains("text.csv", ex.Message);
        Assert.Contains("'abc'", ex.Message);
    }

    [Fact]
    public void Load_NonIntegerLabel_Throws()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvLoader.Load(Write("frac.csv", "1,2,0.5\n")));
        Assert.Equal(1, ex.Line);
        Assert.Equal(3, ex.Column);
        Assert.Contains("not an integer", ex.Message);
    }

    [Fact]
    public void Load_HeaderWithoutNumericCheck_UnknownLabelName_Throws()
    {
        var ex = Assert.Throws<DataFormatException>(() =>
            CsvLoader.Load(Write("h.csv", "a,b\n1,0\n"), new CsvOptions { HasHeader = true, LabelColumnName = "y" }));
        Assert.Contains("no column named 'y'", ex.Message);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Load_HeaderOnly_ThrowsNoDataRows()
    {
        var ex = Assert.Throws<DataFormatException>(() => CsvLoader.Load(Write("empty.csv", "a,b\n"), new CsvOptions { HasHeader = true }));
        Assert.Contains("no data rows", ex.Message);
    }

    [Fact]
    public void Parse_SemicolonDelimiter_Works()
    {
        using var reader = new StringReader("1;2;1\n3;4;0\n");
        var d = CsvLoader.Parse(reader, "inline", new CsvOptions { Delimiter = ';' });
        Assert.Equal("inline", d.Name);
        Assert.Equal([1.0, 2, 3, 4], d.Features.ToArray());
    }
}
