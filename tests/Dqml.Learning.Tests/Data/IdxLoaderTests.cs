using System.Buffers.Binary;
using System.IO.Compression;
using Dqml.Learning.Data;

namespace Dqml.Learning.Tests.Data;

public sealed class IdxLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dqml-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int k = 0; k < dims.Length; k++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * k)), dims[k]);
        }

        data.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Five 2×3 images; image i has every pixel = 10·i + position, label i mod 3.</summary>
    private (string Images, string Labels) WriteMnistLike(bool gzip = false)
    {
        var pixels = new byte[5 * 6];
        for (int i = 0; i < 5; i++)
        {
            for (int p = 0; p < 6; p++)
            {
                pixels[(i * 6) + p] = (byte)((10 * i) + p);
            }
        }

        var images = Idx(0x00000803, [5, 2, 3], pixels);
        var labels = Idx(0x00000801, [5], [0, 1, 2, 0, 1]);
        if (gzip)
        {
            images = Gzip(images);
            labels = Gzip(labels);
            return (Write("train-images-idx3-ubyte.gz", images), Write("train-labels-idx1-ubyte.gz", labels));
        }

        return (Write("train-images-idx3-ubyte", images), Write("train-labels-idx1-ubyte", labels));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest))
        {
            gz.Write(data);
        }

        return output.ToArray();
    }

    [Fact]
    public void ReadImages_SmallFile_ReadsDimsAndPixels()
    {
        var (imagesPath, labelsPath) = WriteMnistLike();
        var images = IdxLoader.ReadImages(imagesPath);
        Assert.Equal(5, images.Count);
        Assert.Equal(2, images.Rows);
        Assert.Equal(3, images.Columns);
        Assert.Equal([20, 21, 22, 23, 24, 25], images.Image(2).ToArray());
        Assert.Equal([0, 1, 2, 0, 1], IdxLoader.ReadLabels(labelsPath));
    }

    [Fact]
    public void Load_ClassFilter_KeepsDigitsZeroAndOneFlattened()
    {
        var (imagesPath, labelsPath) = WriteMnistLike();
        var d = IdxLoader.Load(imagesPath, labelsPath, new IdxLoadOptions { Classes = [0, 1], PixelScale = 1 });
        Assert.Equal(4, d.Count);
        Assert.Equal(6, d.Dimension);
        Assert.Equal([0, 1, 0, 1], d.Labels.ToArray());
        Assert.Equal([30.0, 31, 32, 33, 34, 35], d.Row(2).ToArray()); // image 3
        Assert.Equal("train-images-idx3-ubyte", d.Name);
    }

    [Fact]
    public void Load_DefaultScale_FeaturesInUnitInterval()
    {
        var (imagesPath, labelsPath) = WriteMnistLike();
        var d = IdxLoader.Load(imagesPath, labelsPath, new IdxLoadOptions { MaxCount = 2 });
        Assert.Equal(2, d.Count);
        Assert.Equal(15.0 / 255.0, d[1, 5], 15);
    }

    [Fact]
    public void Load_Gzipped_SameAsPlain()
    {
        var plain = WriteMnistLike();
        var plainData = IdxLoader.Load(plain.Images, plain.Labels);
        var gz = WriteMnistLike(gzip: true);
        var gzData = IdxLoader.Load(gz.Images, gz.Labels);
        Assert.Equal(plainData.Features.ToArray(), gzData.Features.ToArray());
        Assert.Equal("train-images-idx3-ubyte", gzData.Name);
    }

    [Fact]
    public void ReadLabels_WrongMagic_ThrowsNamingFile()
    {
        var (imagesPath, _) = WriteMnistLike();
        var ex = Assert.Throws<DataFormatException>(() => IdxLoader.ReadLabels(imagesPath));
        Assert.Equal(imagesPath, ex.File);
        Assert.Contains(imagesPath, ex.Message);
        Assert.Contains("0x00000803", ex.Message);
        Assert.Contains("expected 0x00000801", ex.Message);
    }

    [Fact]
    public void ReadImages_TruncatedData_ThrowsNamingFile()
    {
        var full = Idx(0x00000803, [2, 2, 2], new byte[8]);
        string path = Write("short-images", full[..^3]);
        var ex = Assert.Throws<DataFormatException>(() => IdxLoader.ReadImages(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("truncated data", ex.Message);
        Assert.Contains("need 8 bytes", ex.Message);
    }

    [Fact]
    public void ReadImages_TruncatedHeader_Throws()
    {
        var full = Idx(0x00000803, [2, 2, 2], new byte[8]);
        string path = Write("short-header", full[..10]);
        var ex = Assert.Throws<DataFormatException>(() => IdxLoader.ReadImages(path));
        Assert.Contains("truncated header", ex.Message);
    }

    [Fact]
    public void ReadLabels_TooShortForMagic_Throws()
    {
        string path = Write("tiny", [0, 0]);
        var ex = Assert.Throws<DataFormatException>(() => IdxLoader.ReadLabels(path));
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Load_CountMismatch_NamesBothFiles()
    {
        var (imagesPath, _) = WriteMnistLike();
        string labelsPath = Write("labels-4", Idx(0x00000801, [4], [0, 1, 0, 1]));
        var ex = Assert.Throws<DataFormatException>(() => IdxLoader.Load(imagesPath, labelsPath));
        Assert.Contains(labelsPath, ex.Message);
        Assert.Contains(imagesPath, ex.Message);
    }
}
