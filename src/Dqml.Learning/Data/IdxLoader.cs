using System.Buffers.Binary;
using System.IO.Compression;

namespace Dqml.Learning.Data;

/// <summary>Images read from an IDX file: <see cref="Count"/> images of <see cref="Rows"/> × <see cref="Columns"/> bytes.</summary>
public sealed class IdxImages
{
    private readonly byte[] _pixels;

    internal IdxImages(int count, int rows, int columns, byte[] pixels)
    {
        Count = count;
        Rows = rows;
        Columns = columns;
        _pixels = pixels;
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Image height.</summary>
    public int Rows { get; }

    /// <summary>Image width.</summary>
    public int Columns { get; }

    /// <summary>Pixels of all images, image-major then row-major.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The pixels of image <paramref name="index"/>, row-major.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.AsSpan(index * Rows * Columns, Rows * Columns);
    }
}

/// <summary>How <see cref="IdxLoader.Load"/> builds a data set.</summary>
public sealed record IdxLoadOptions
{
    /// <summary>Keep only these labels (for example digits 0 and 1); null keeps all.</summary>
    public IReadOnlyList<int>? Classes { get; init; }

    /// <summary>Feature = pixel × scale (default 1/255, so features lie in [0, 1]).</summary>
    public double PixelScale { get; init; } = 1.0 / 255.0;

    /// <summary>Keep at most this many rows (the first ones, after class filtering); null keeps all.</summary>
    public int? MaxCount { get; init; }

    /// <summary>Data set name; by default the images file name.</summary>
    public string? Name { get; init; }
}

/// <summary>
/// Reads the IDX binary format of MNIST and Fashion-MNIST: a magic number (0x00000801 for unsigned-byte labels,
/// 0x00000803 for unsigned-byte images), big-endian 32-bit dimensions, then the bytes. Gzip-compressed files
/// (<c>*.gz</c>, detected by their header) are read transparently. Errors are <see cref="DataFormatException"/>s
/// naming the file.
/// </summary>
public static class IdxLoader
{
    /// <summary>Magic number of a one-dimensional unsigned-byte file (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Magic number of a three-dimensional unsigned-byte file (images).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Reads a labels file.</summary>
    public static byte[] ReadLabels(string path)
    {
        var data = ReadAllBytes(path);
        var dims = ReadHeader(data, path, LabelsMagic, "labels");
        return data.AsSpan(8, dims[0]).ToArray();
    }

    /// <summary>Reads an images file.</summary>
    public static IdxImages ReadImages(string path)
    {
        var data = ReadAllBytes(path);
        var dims = ReadHeader(data, path, ImagesMagic, "images");
        int header = 4 + (4 * 3);
        return new IdxImages(dims[0], dims[1], dims[2], data.AsSpan(header, dims[0] * dims[1] * dims[2]).ToArray());
    }

    /// <summary>
    /// Loads images and labels into a data set with each image flattened row-major to a vector of
    /// <c>Rows·Columns</c> features, filtered to <see cref="IdxLoadOptions.Classes"/>.
    /// </summary>
    /// <exception cref="DataFormatException">A file is malformed, or the two files hold different counts.</exception>
    public static Dataset Load(string imagesPath, string labelsPath, IdxLoadOptions? options = null)
    {
        options ??= new IdxLoadOptions();
        if (options.MaxCount is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxCount, "MaxCount must be non-negative.");
        }

        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw new DataFormatException(
                labelsPath, null, null, $"{labels.Length} labels, but images file '{imagesPath}' holds {images.Count} images.");
        }

        var keep = options.Classes is null ? null : new HashSet<int>(options.Classes);
        int size = images.Rows * images.Columns, limit = options.MaxCount ?? int.MaxValue;
        var features = new List<double>();
        var kept = new List<int>();
        for (int i = 0; i < images.Count && kept.Count < limit; i++)
        {
            if (keep is not null && !keep.Contains(labels[i]))
            {
                continue;
            }

            foreach (byte pixel in images.Image(i))
            {
                features.Add(pixel * options.PixelScale);
            }

            kept.Add(labels[i]);
        }

        string name = options.Name ?? StripExtensions(imagesPath);
        return new Dataset(name, features.ToArray(), kept.Count, size, kept.ToArray());
    }

    private static int[] ReadHeader(byte[] data, string path, int expectedMagic, string kind)
    {
        if (data.Length < 4)
        {
            throw new DataFormatException(path, null, null, $"truncated: {data.Length} bytes, too short for an IDX magic number.");
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(data);
        if (magic != expectedMagic)
        {
            throw new DataFormatException(
                path, null, null, $"wrong magic number 0x{magic:X8} for an IDX {kind} file (expected 0x{expectedMagic:X8}).");
        }

        int rank = expectedMagic & 0xFF;
        int header = 4 + (4 * rank);
        if (data.Length < header)
        {
            throw new DataFormatException(path, null, null, $"truncated header: {data.Length} bytes, expected {header}.");
        }

        var dims = new int[rank];
        long total = 1;
        for (int k = 0; k < rank; k++)
        {
            dims[k] = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4 + (4 * k)));
            if (dims[k] < 0)
            {
                throw new DataFormatException(path, null, null, $"dimension {k} is negative ({dims[k]}).");
            }

            total *= dims[k];
        }

        long available = data.Length - header;
        if (available < total)
        {
            throw new DataFormatException(
                path, null, null, $"truncated data: dimensions [{string.Join(", ", dims)}] need {total} bytes after the header, found {available}.");
        }

        if (available > total)
        {
            throw new DataFormatException(
                path, null, null, $"{available - total} unexpected bytes after the data for dimensions [{string.Join(", ", dims)}].");
        }

        return dims;
    }

    private static byte[] ReadAllBytes(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            return raw;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new DataFormatException($"{path}: corrupt gzip data: {ex.Message}", ex);
        }
    }

    private static string StripExtensions(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        return Path.GetFileNameWithoutExtension(name) is { Length: > 0 } stem ? stem : name;
    }
}
