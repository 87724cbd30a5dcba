using System.Globalization;
using Dqml.Learning.Data;

namespace Dqml.Experiments.Training;

/// <summary>Where <c>dqml train</c> reads its data from, as given on the command line.</summary>
/// <param name="Dataset"><c>hwang2025</c>, a CSV file or an IDX images file.</param>
/// <param name="Labels">The IDX labels file (IDX only).</param>
/// <param name="Classes">The two classes to keep (IDX: default 0 and 1; CSV: all classes, which must be two).</param>
/// <param name="Pca">Number of principal components (IDX: default the model's feature count; CSV: none).</param>
/// <param name="DataSeed">Seed of the generated data set and of the validation split.</param>
public sealed record DataRequest(string Dataset, string? Labels, IReadOnlyList<int>? Classes, int? Pca, ulong DataSeed);

/// <summary>How the data set was made, written to the run folder's <c>config.json</c>.</summary>
/// <param name="Source">What was asked for: <c>hwang2025</c> or the file path.</param>
/// <param name="Kind"><c>hwang2025</c>, <c>csv</c> or <c>idx</c>.</param>
/// <param name="Name">The data set's name.</param>
/// <param name="Labels">The IDX labels file, if any.</param>
/// <param name="Rows">Rows read (after the class filter).</param>
/// <param name="RawFeatures">Features per row in the file, before PCA.</param>
/// <param name="Features">Features per row the model reads.</param>
/// <param name="Classes">The two class labels (the larger one is trained as +1).</param>
/// <param name="TrainCount">Rows in the training part.</param>
/// <param name="ValidationCount">Rows in the validation part.</param>
/// <param name="Split">How the parts were made.</param>
/// <param name="Pca">Principal components kept (fitted on the training part), or null.</param>
/// <param name="Scaling">How features were scaled (fitted on the training part).</param>
/// <param name="DataSeed">Seed of the generator and the split.</param>
public sealed record DataDescription(
    string Source,
    string Kind,
    string Name,
    string? Labels,
    int Rows,
    int RawFeatures,
    int Features,
    IReadOnlyList<int> Classes,
    int TrainCount,
    int ValidationCount,
    string Split,
    int? Pca,
    string Scaling,
    ulong DataSeed);

/// <summary>The training and validation parts, ready for the model, with their description.</summary>
public sealed record TrainingData(Dataset Train, Dataset Validation, DataDescription Description);

/// <summary>
/// Resolves <c>--dataset</c> for <c>dqml train</c>: the Hwang et al. Appendix-B set (its own 1536/512 split,
/// features used as generated), a CSV file or an IDX images + labels pair. Files get a stratified split
/// (<see cref="ValidationFraction"/> validation, seeded), optional PCA and min-max scaling to [0, pi], both
/// fitted on the training part only.
/// </summary>
public static class TrainingDataLoader
{
    /// <summary>The name of the generated data set of Hwang et al. (Appendix B).</summary>
    public const string Hwang2025 = "hwang2025";

    /// <summary>Fraction of a file's rows held out for validation.</summary>
    public const double ValidationFraction = 0.25;

    /// <summary>Classes kept from an IDX file when <c>--classes</c> is not given.</summary>
    public static IReadOnlyList<int> DefaultIdxClasses { get; } = [0, 1];

    /// <summary>Loads, filters, splits and transforms the data set described by <paramref name="request"/>.</summary>
    /// <param name="request">The data options.</param>
    /// <param name="modelFeatures">Features the model reads: the IDX default for PCA.</param>
    /// <exception cref="ExperimentInputException">A missing or malformed file, a bad option, or data that cannot be trained on.</exception>
    public static TrainingData Load(DataRequest request, int modelFeatures)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Classes is { } classes && (classes.Count != 2 || classes[0] == classes[1]))
        {
            throw new ExperimentInputException($"--classes: give two different class labels such as 0,1 (got {string.Join(",", classes)})");
        }

        if (request.Pca is < 1)
        {
            throw new ExperimentInputException($"--pca must be at least 1, got {request.Pca}");
        }

        if (string.Equals(request.Dataset, Hwang2025, StringComparison.OrdinalIgnoreCase))
        {
            return LoadHwang(request);
        }

        RequireFile(request.Dataset, "--dataset");
        if (request.Labels is not null)
        {
            RequireFile(request.Labels, "--labels");
            return LoadIdx(request, modelFeatures);
        }

        if (LooksLikeIdx(request.Dataset))
        {
            throw new ExperimentInputException($"--dataset {request.Dataset} looks like an IDX images file: give its labels file with --labels LABELS.idx");
        }

        return LoadCsv(request);
    }

    private static TrainingData LoadHwang(DataRequest request)
    {
        if (request.Labels is not null)
        {
            throw new ExperimentInputException("--labels applies to IDX image files only, not to hwang2025");
        }

        if (request.Classes is not null)
        {
            throw new ExperimentInputException("--classes does not apply to hwang2025 (it has two classes, -1 and +1)");
        }

        if (request.Pca is not null)
        {
            throw new ExperimentInputException("--pca does not apply to hwang2025 (its 8 features are the paper's rotation angles)");
        }

        var data = HwangDataset.Generate(request.DataSeed);
        var description = new DataDescription(
            Hwang2025,
            Hwang2025,
            HwangDataset.DatasetName,
            null,
            data.All.Count,
            data.All.Dimension,
            data.All.Dimension,
            data.All.Classes(),
            data.Train.Count,
            data.Validation.Count,
            $"stratified {data.Train.Count}/{data.Validation.Count}, made by the generator (data seed {request.DataSeed})",
            null,
            "none: features as generated, points within pi/4 of corners at plus or minus pi/4",
            request.DataSeed);
        return new TrainingData(data.Train, data.Validation, description);
    }

    private static TrainingData LoadCsv(DataRequest request)
    {
        Dataset data;
        try
        {
            data = CsvLoader.Load(request.Dataset, CsvOptionsFor(request.Dataset));
        }
        catch (DataFormatException e)
        {
            throw new ExperimentInputException(e.Message);
        }

        if (request.Classes is { } classes)
        {
            data = Filter(data, classes, request.Dataset);
        }

        return Prepare(data, request, "csv", request.Pca);
    }

    private static TrainingData LoadIdx(DataRequest request, int modelFeatures)
    {
        var classes = request.Classes ?? DefaultIdxClasses;
        Dataset data;
        try
        {
            data = IdxLoader.Load(request.Dataset, request.Labels!, new IdxLoadOptions { Classes = classes });
        }
        catch (DataFormatException e)
        {
            throw new ExperimentInputException(e.Message);
        }

        if (data.Count == 0)
        {
            throw new ExperimentInputException($"{request.Dataset}: no images with classes {string.Join(", ", classes)} (choose others with --classes)");
        }

        int? pca = request.Pca ?? (data.Dimension > modelFeatures ? modelFeatures : null);
        return Prepare(data, request, "idx", pca);
    }

    /// <summary>Checks the classes, splits, then applies PCA and [0, pi] scaling fitted on the training part.</summary>
    private static TrainingData Prepare(Dataset data, DataRequest request, string kind, int? pca)
    {
        RequireTwoClasses(data);
        var split = DataSplits.Stratified(data, ValidationFraction, request.DataSeed);
        foreach (var part in new[] { split.Train, split.Validation })
        {
            if (part.Classes().Length < 2)
            {
                throw new ExperimentInputException(
                    $"data set '{data.Name}' is too small: with {data.Count} rows its {(part == split.Train ? "training" : "validation")} part has one class only");
            }
        }

        int raw = data.Dimension;
        if (pca is int k)
        {
            if (k > raw)
            {
                throw new ExperimentInputException($"--pca {k}: data set '{data.Name}' has only {raw} features (PCA can reduce, not add, features)");
            }

            if (split.Train.Count < 2)
            {
                throw new ExperimentInputException($"--pca: data set '{data.Name}' needs at least two training rows to fit PCA");
            }

            split = Pca.FitTransform(split, k);
        }

        split = MinMaxScaler.FitTransform(split);
        var description = new DataDescription(
            request.Dataset,
            kind,
            data.Name,
            request.Labels,
            data.Count,
            raw,
            split.Train.Dimension,
            data.Classes(),
            split.Train.Count,
            split.Validation.Count,
            string.Create(CultureInfo.InvariantCulture, $"stratified, {ValidationFraction:P0} validation (data seed {request.DataSeed})"),
            pca,
            "min-max to [0, pi] per feature, fitted on the training part" + (pca is null ? string.Empty : ", after PCA"),
            request.DataSeed);
        return new TrainingData(split.Train, split.Validation, description);
    }

    private static Dataset Filter(Dataset data, IReadOnlyList<int> classes, string source)
    {
        var kept = data.WhereClass(classes);
        if (kept.Count == 0)
        {
            throw new ExperimentInputException(
                $"{source}: no rows with classes {string.Join(", ", classes)} (the file has classes {string.Join(", ", data.Classes())})");
        }

        return kept;
    }

    private static void RequireTwoClasses(Dataset data)
    {
        var classes = data.Classes();
        if (classes.Length == 1)
        {
            throw new ExperimentInputException(
                $"data set '{data.Name}' has one class only (label {classes[0]}, {data.Count} rows); training needs two classes");
        }

        if (classes.Length > 2)
        {
            throw new ExperimentInputException(
                $"data set '{data.Name}' has {classes.Length} classes ({string.Join(", ", classes)}); the classifier is binary: choose two with --classes A,B");
        }
    }

    /// <summary>
    /// CSV layout: the last column is the label, unless the first line is a header (it has a non-numeric cell)
    /// with a column named <c>label</c> (any case).
    /// </summary>
    private static CsvOptions CsvOptionsFor(string path)
    {
        string? first;
        using (var reader = new StreamReader(path))
        {
            do
            {
                first = reader.ReadLine();
            }
            while (first is not null && string.IsNullOrWhiteSpace(first));
        }

        if (first is null)
        {
            return new CsvOptions();
        }

        var cells = first.Split(',').Select(c => c.Trim()).ToArray();
        bool header = cells.Any(c => !double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (!header)
        {
            return new CsvOptions();
        }

        string? label = cells.FirstOrDefault(c => string.Equals(c, "label", StringComparison.OrdinalIgnoreCase));
        return new CsvOptions { HasHeader = true, LabelColumnName = label };
    }

    private static bool LooksLikeIdx(string path)
    {
        string name = Path.GetFileName(path).ToLowerInvariant();
        return name.EndsWith(".idx", StringComparison.Ordinal) || name.EndsWith(".idx.gz", StringComparison.Ordinal)
            || name.Contains("-ubyte", StringComparison.Ordinal) || name.Contains("idx3", StringComparison.Ordinal);
    }

    private static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new ExperimentInputException(Directory.Exists(path) ? $"{option}: not a file: {path}" : $"{option}: file not found: {path}");
        }
    }
}
