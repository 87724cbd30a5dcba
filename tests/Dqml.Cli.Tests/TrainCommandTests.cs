using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dqml.Cli.Tests;

/// <summary><c>dqml train</c>: the output contract, the run folder, resuming, determinism, data sources and bad input.</summary>
public sealed class TrainCommandTests : IDisposable
{
    /// <summary>A run small enough to take about a second: depth 1, three steps of 32 rows.</summary>
    private static readonly string[] Quick = ["--depth", "1", "--iterations", "3", "--batch", "32"];

    private readonly List<string> _folders = [];

    public void Dispose()
    {
        foreach (string dir in _folders)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder does not matter.
            }
        }
    }

    private string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dqml-cli-tests", "train-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        _folders.Add(dir);
        return dir;
    }

    private static CliRunner.Output Train(params string[] args) => CliRunner.Run(["train", .. args]);

    private static CliRunner.Output TrainOk(params string[] args)
    {
        var o = Train(args);
        Assert.True(o.ExitCode == 0, $"exit {o.ExitCode}: {o.Stderr}");
        Assert.Equal(string.Empty, o.Stderr);
        return o;
    }

    private static JsonElement LastLineJson(CliRunner.Output o)
    {
        string last = o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.Clone();
    }

    private static double[] Parameters(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "parameters.json")));
        return [.. doc.RootElement.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("value").GetDouble())];
    }

    /// <summary>A CSV of <paramref name="rows"/> rows, <paramref name="features"/> features and a 0/1 label, classes separable by the mean.</summary>
    private static string WriteCsv(string dir, int features, int rows = 48, bool header = false, string name = "data.csv")
    {
        var random = new Random(7);
        var text = new StringBuilder();
        if (header)
        {
            // The label first, named: the loader must find it by its header.
            text.Append("label,").AppendJoin(',', Enumerable.Range(0, features).Select(k => $"f{k}")).Append('\n');
        }

        for (int i = 0; i < rows; i++)
        {
            int y = i % 2;
            var cells = Enumerable.Range(0, features).Select(_ => (y + (0.6 * ((random.NextDouble() * 2) - 1))).ToString("F4", CultureInfo.InvariantCulture));
            if (header)
            {
                text.Append(y).Append(',').AppendJoin(',', cells).Append('\n');
            }
            else
            {
                text.AppendJoin(',', cells).Append(',').Append(y).Append('\n');
            }
        }

        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>IDX images (4x4, <paramref name="count"/> images, labels cycling 0, 1, 2) and labels; returns both paths.</summary>
    private static (string Images, string Labels) WriteIdx(string dir, int count = 36, int imagesMagic = 0x00000803, int? declaredCount = null)
    {
        const int side = 4;
        var random = new Random(3);
        var images = new List<byte>();
        images.AddRange(BigEndian(imagesMagic));
        images.AddRange(BigEndian(declaredCount ?? count));
        images.AddRange(BigEndian(side));
        images.AddRange(BigEndian(side));
        var labels = new List<byte>();
        labels.AddRange(BigEndian(0x00000801));
        labels.AddRange(BigEndian(count));
        for (int i = 0; i < count; i++)
        {
            int label = i % 3;
            labels.Add((byte)label);
            for (int p = 0; p < side * side; p++)
            {
                images.Add((byte)((label * 80) + random.Next(60)));
            }
        }

        string imagesPath = Path.Combine(dir, "images.idx");
        string labelsPath = Path.Combine(dir, "labels.idx");
        File.WriteAllBytes(imagesPath, [.. images]);
        File.WriteAllBytes(labelsPath, [.. labels]);
        return (imagesPath, labelsPath);
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    [Fact]
    public void Json_LastLineIsOneObjectWithTheResults()
    {
        string dir = TempDir();
        var o = TrainOk([.. Quick, "--out", Path.Combine(dir, "run"), "--json"]);

        var json = LastLineJson(o);
        Assert.InRange(json.GetProperty("trainAccuracy").GetDouble(), 0, 1);
        Assert.InRange(json.GetProperty("validationAccuracy").GetDouble(), 0, 1);
        Assert.Equal(38, json.GetProperty("parameterCount").GetInt32());
        Assert.Equal(38, json.GetProperty("expectedParameterCount").GetInt32());
        Assert.True(json.GetProperty("seconds").GetDouble() > 0);
        Assert.Equal("hwang-qcnn", json.GetProperty("model").GetString());
        Assert.Equal("cc", json.GetProperty("scheme").GetString());
        Assert.Equal(1, json.GetProperty("depth").GetInt32());
        Assert.Equal(1, json.GetProperty("seed").GetInt32());
        Assert.Equal(3, json.GetProperty("iterations").GetInt32());
        Assert.Equal(1536, json.GetProperty("trainCount").GetInt32());
        Assert.Equal(512, json.GetProperty("validationCount").GetInt32());
        Assert.Equal(Path.Combine(dir, "run"), json.GetProperty("runFolder").GetString());
        Assert.False(json.GetProperty("resumed").GetBoolean());

        // The readable report precedes it.
        Assert.Contains("model: hwang-qcnn/cc/L1", o.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^train accuracy: \d\.\d{4}\r?$", o.Stdout);
        Assert.Matches(@"(?m)^validation accuracy: \d\.\d{4}\r?$", o.Stdout);
        Assert.Contains($"run folder: {Path.Combine(dir, "run")}", o.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void IdleNoise_ReportsTheLatencyAndChangesTheModel()
    {
        string dir = TempDir();
        var clean = LastLineJson(TrainOk([.. Quick, "--scheme", "qc", "--out", Path.Combine(dir, "clean"), "--json"]));
        var o = TrainOk([.. Quick, "--scheme", "qc", "--t1", "100us", "--t2", "80us", "--fibre-km", "2", "--controller", "50-aggregated-control-flow", "--out", Path.Combine(dir, "timed"), "--json"]);
        Assert.Contains("idle noise: T1 100 us, T2 80 us, one-way latency 10.936 us", o.Stdout, StringComparison.Ordinal);
        var timed = LastLineJson(o);
        Assert.Equal(10.936, timed.GetProperty("linkLatencyMicroseconds").GetDouble(), 9);
        Assert.True(timed.GetProperty("makespanMicroseconds").GetDouble() > 8 * 10.936); // telegate: 2 messages x 4 remote gates
        Assert.False(clean.TryGetProperty("linkLatencyMicroseconds", out _));
        Assert.NotEqual(clean.GetProperty("trainLoss").GetDouble(), timed.GetProperty("trainLoss").GetDouble());
    }

    [Theory]
    [InlineData("--fibre-km 2", "--fibre-km needs --t1")]
    [InlineData("--t1 abc", "--t1 expects a time")]
    [InlineData("--t1 100us --t2 300us", "at most 2 t1")]
    [InlineData("--t1 100us --controller 12-distributed-conditional-pulse", "1, 20 and 50")]
    [InlineData("--t1 100us --gate-times fast", "--gate-times: unknown value 'fast'")]
    [InlineData("--t1 100us --remote-gates pigeon", "unknown remote-gate realisation 'pigeon'")]
    [InlineData("--model hur-qcnn --t1 100us", "does not apply to --model hur-qcnn")]
    public void BadIdleNoiseOptions_OneLineError(string options, string expected)
    {
        var o = Train([.. Quick.Where(a => a != "--depth" && a != "1"), .. options.Split(' '), "--out", Path.Combine(TempDir(), "run")]);
        CliRunner.AssertOneLineError(o);
        Assert.Contains(expected, o.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--scheme cc --cc-block both-ways", "ccBlock", "both-ways")]
    [InlineData("--scheme cc --cc-block alternating", "ccBlock", "alternating")]
    [InlineData("--scheme qc --qc-block coherent-cc", "qcBlock", "coherent-cc")]
    [InlineData("--scheme single --single-embedding dense-angle", "singleEmbedding", "dense-angle")]
    public void ModelOptions_ChangeTheModel_AndAreRecordedInTheConfig(string options, string field, string value)
    {
        // L = 2: at L = 1 the alternating block is the one-way block (its first sub-layer sends from A).
        string[] quick = ["--depth", "2", .. Quick.Skip(2)];
        string dir = TempDir();
        string scheme = options.Split(' ')[1];
        var plain = LastLineJson(TrainOk([.. quick, "--scheme", scheme, "--out", Path.Combine(dir, "plain"), "--json"]));
        string run = Path.Combine(dir, "run");
        var o = LastLineJson(TrainOk([.. quick, .. options.Split(' '), "--out", run, "--json"]));
        Assert.Equal(plain.GetProperty("parameterCount").GetInt32(), o.GetProperty("parameterCount").GetInt32());
        Assert.NotEqual(plain.GetProperty("trainLoss").GetDouble(), o.GetProperty("trainLoss").GetDouble());
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.Equal(value, config.RootElement.GetProperty(field).GetString());
    }

    [Theory]
    [InlineData("--scheme cc --cc-block sideways", "unknown cc block 'sideways': use one-way, alternating, both-ways")]
    [InlineData("--scheme nc --cc-block one-way", "cc block 'one-way' applies to scheme cc only")]
    [InlineData("--scheme cc --qc-block coherent-cc", "qc block 'coherent-cc' applies to schemes qc and knit only")]
    public void BadModelOptions_OneLineError(string options, string expected)
    {
        var o = Train([.. Quick, .. options.Split(' '), "--out", Path.Combine(TempDir(), "run")]);
        CliRunner.AssertOneLineError(o);
        Assert.Contains(expected, o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RunFolder_HoldsConfigParametersAndOneMetricsRowPerStep()
    {
        string run = Path.Combine(TempDir(), "run");
        TrainOk([.. Quick, "--out", run]);

        Assert.True(File.Exists(Path.Combine(run, "checkpoint.json")));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        var c = config.RootElement;
        Assert.Equal("hwang-qcnn/cc/L1", c.GetProperty("modelName").GetString());
        Assert.Equal(32, c.GetProperty("batchSize").GetInt32());
        Assert.Equal("adam", c.GetProperty("optimizer").GetString());
        Assert.Equal("mse", c.GetProperty("loss").GetString());
        Assert.Equal("hwang2025", c.GetProperty("data").GetProperty("kind").GetString());
        Assert.Equal(1, c.GetProperty("data").GetProperty("dataSeed").GetInt32());
        Assert.Equal("one-way", c.GetProperty("ccBlock").GetString());

        Assert.Equal(38, Parameters(run).Length);
        string[] metrics = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        Assert.Equal(1 + 3, metrics.Length);
        Assert.StartsWith("step,", metrics[0], StringComparison.Ordinal);
        Assert.StartsWith("3,", metrics[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Rerun_SameOut_ResumesAndGivesTheSameParameters()
    {
        string dir = TempDir();
        string run = Path.Combine(dir, "run");
        var first = LastLineJson(TrainOk([.. Quick, "--out", run, "--json"]));
        double[] before = Parameters(run);

        var again = TrainOk([.. Quick, "--out", run, "--json"]);
        var second = LastLineJson(again);
        Assert.True(second.GetProperty("resumed").GetBoolean());
        Assert.Equal(3, second.GetProperty("resumedFromStep").GetInt32());
        Assert.Contains("resuming from the checkpoint", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, Parameters(run));
        Assert.Equal(first.GetProperty("validationAccuracy").GetDouble(), second.GetProperty("validationAccuracy").GetDouble());

        // A fresh run elsewhere agrees too: resuming changes nothing.
        string other = Path.Combine(dir, "other");
        TrainOk([.. Quick, "--out", other]);
        Assert.Equal(before, Parameters(other));
    }

    [Fact]
    public void Rerun_SameOutOtherOptions_IsAClearError()
    {
        string run = Path.Combine(TempDir(), "run");
        TrainOk([.. Quick, "--out", run]);

        // The checkpoint is read when training starts, after the report's header.
        var o = Train([.. Quick, "--out", run, "--lr", "0.1"]);
        Assert.Equal(1, o.ExitCode);
        Assert.Single(o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", o.Stderr, StringComparison.Ordinal);
        Assert.Contains("different run", o.Stderr, StringComparison.Ordinal);
        Assert.Contains("LearningRate", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Threads_OneAndTwo_GiveIdenticalParameters()
    {
        string dir = TempDir();
        TrainOk([.. Quick, "--threads", "1", "--out", Path.Combine(dir, "t1")]);
        TrainOk([.. Quick, "--threads", "2", "--out", Path.Combine(dir, "t2")]);

        Assert.Equal(Parameters(Path.Combine(dir, "t1")), Parameters(Path.Combine(dir, "t2")));
    }

    [Theory]
    [InlineData("cc", 1, 38, "10L+28")]
    [InlineData("cc", 2, 48, "10L+28")]
    [InlineData("single", 2, 22, "4L+14")]
    [InlineData("nc", 1, 36, "8L+28")]
    [InlineData("qc", 1, 40, "12L+28")]
    [InlineData("bell:1", 1, 36, "8L+28")]
    public void ParameterCount_PrintedAndMatchesThePaperFormula(string scheme, int depth, int expected, string formula)
    {
        var o = TrainOk("--scheme", scheme, "--depth", depth.ToString(CultureInfo.InvariantCulture), "--iterations", "1", "--batch", "8",
            "--out", Path.Combine(TempDir(), "run"), "--json");

        Assert.Contains($"parameters: {expected} (Hwang et al. {formula} = {expected})", o.Stdout, StringComparison.Ordinal);
        Assert.Equal(expected, LastLineJson(o).GetProperty("parameterCount").GetInt32());
    }

    [Fact]
    public void Knit_PrintsTheShotOverhead()
    {
        var o = TrainOk("--scheme", "knit", "--depth", "1", "--iterations", "1", "--batch", "8", "--out", Path.Combine(TempDir(), "run"), "--json");

        Assert.Matches(@"(?m)^knitting shot overhead \(gamma\^2\): \S+", o.Stdout);
        Assert.True(LastLineJson(o).GetProperty("knittingShotOverhead").GetDouble() >= 1);
    }

    [Fact]
    public void Epochs_OnePassOfWholeSetBatches()
    {
        // 1536 training rows in batches of 512: three steps.
        var o = TrainOk("--depth", "1", "--epochs", "1", "--batch", "512", "--out", Path.Combine(TempDir(), "run"), "--json");

        var json = LastLineJson(o);
        Assert.Equal(1, json.GetProperty("epochs").GetInt32());
        Assert.Equal(3, json.GetProperty("iterations").GetInt32());
        Assert.Equal(3, json.GetProperty("steps").GetInt32());
    }

    [Fact]
    public void Progress_PlainLineEveryValidateEverySteps()
    {
        var o = TrainOk("--depth", "1", "--iterations", "4", "--batch", "16", "--validate-every", "2", "--out", Path.Combine(TempDir(), "run"));

        var lines = Regex.Matches(o.Stdout, @"(?m)^step (\d+)/4 loss \d+\.\d{4} val-acc \d\.\d{4} \(\d+\.\d s\)\r?$");
        Assert.Equal(["2", "4"], lines.Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void HurQcnn_OnSmallCsvWithLabelHeader_Trains()
    {
        string dir = TempDir();
        string csv = WriteCsv(dir, features: 8, header: true);
        var o = TrainOk("--model", "hur-qcnn", "--dataset", csv, "--iterations", "1", "--batch", "16", "--out", Path.Combine(dir, "run"), "--json");

        var json = LastLineJson(o);
        Assert.Equal("hur-qcnn", json.GetProperty("model").GetString());
        Assert.Equal(51, json.GetProperty("parameterCount").GetInt32()); // U_SU4: 3 x 15 + 6
        Assert.Equal(36, json.GetProperty("trainCount").GetInt32());
        Assert.Equal(12, json.GetProperty("validationCount").GetInt32());
        Assert.Contains("block U_SU4", o.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_MoreFeaturesThanTheModel_NeedsPca()
    {
        string dir = TempDir();
        string csv = WriteCsv(dir, features: 12);

        var o = Train("--dataset", csv, "--iterations", "1", "--out", Path.Combine(dir, "run"));
        CliRunner.AssertOneLineError(o);
        Assert.Contains("reads 8 features; data set 'data' has 12: use --pca 8", o.Stderr, StringComparison.Ordinal);

        var ok = TrainOk("--dataset", csv, "--pca", "8", "--depth", "1", "--iterations", "1", "--batch", "8", "--out", Path.Combine(dir, "run"));
        Assert.Contains("PCA 12 -> 8", ok.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Idx_DefaultClassesAndPca_Trains()
    {
        string dir = TempDir();
        var (images, labels) = WriteIdx(dir);
        var o = TrainOk("--dataset", images, "--labels", labels, "--depth", "1", "--iterations", "1", "--batch", "8",
            "--out", Path.Combine(dir, "run"), "--json");

        // Classes 0 and 1 of 36 images cycling 0, 1, 2: 24 rows, 18 train and 6 validation; 16 pixels -> PCA 8.
        var json = LastLineJson(o);
        Assert.Equal(18, json.GetProperty("trainCount").GetInt32());
        Assert.Equal(6, json.GetProperty("validationCount").GetInt32());
        Assert.Contains("PCA 16 -> 8", o.Stdout, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> CsvErrors => new()
    {
        { "1,2,3,4,5,6,7,8,0\n1,2,3,4,5,6,7,8,1\n1,2,x,4,5,6,7,8,1\n", ":3:3: 'x' is not a finite number" },
        { "1,2,3,4,5,6,7,8,1\n2,2,3,4,5,6,7,8,1\n3,2,3,4,5,6,7,8,1\n", "has one class only" },
    };

    [Theory]
    [MemberData(nameof(CsvErrors))]
    public void BadCsv_OneLineErrorNamingTheProblem(string content, string expected)
    {
        string dir = TempDir();
        string csv = Path.Combine(dir, "bad.csv");
        File.WriteAllText(csv, content);

        var o = Train("--dataset", csv, "--iterations", "1", "--out", Path.Combine(dir, "run"));
        CliRunner.AssertOneLineError(o);
        Assert.Contains(expected, o.Stderr, StringComparison.Ordinal);
        if (expected.StartsWith(':'))
        {
            Assert.Contains("bad.csv:3:", o.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BadCsv_RaggedRow_NamesTheLine()
    {
        string dir = TempDir();
        string csv = Path.Combine(dir, "ragged.csv");
        File.WriteAllText(csv, "1,2,3,4,5,6,7,8,0\n\n1,2,3,4,5,6,7,8,1\n1,2,3,1\n");

        var o = Train("--dataset", csv, "--out", Path.Combine(dir, "run"));
        CliRunner.AssertOneLineError(o);
        Assert.Contains("ragged.csv:4:", o.Stderr, StringComparison.Ordinal);
        Assert.Contains("ragged row", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadIdx_WrongMagic_NamesTheFile()
    {
        string dir = TempDir();
        var (images, labels) = WriteIdx(dir, imagesMagic: 0x00000801);

        var o = Train("--dataset", images, "--labels", labels, "--out", Path.Combine(dir, "run"));
        CliRunner.AssertOneLineError(o);
        Assert.Contains("images.idx", o.Stderr, StringComparison.Ordinal);
        Assert.Contains("magic", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BadIdx_Truncated_NamesTheFile()
    {
        string dir = TempDir();
        var (images, labels) = WriteIdx(dir, declaredCount: 100);

        var o = Train("--dataset", images, "--labels", labels, "--out", Path.Combine(dir, "run"));
        CliRunner.AssertOneLineError(o);
        Assert.Contains("images.idx", o.Stderr, StringComparison.Ordinal);
        Assert.Contains("truncated", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Idx_WithoutLabels_SaysToGiveThem()
    {
        string dir = TempDir();
        var (images, _) = WriteIdx(dir);

        var o = Train("--dataset", images, "--out", Path.Combine(dir, "run"));
        CliRunner.AssertOneLineError(o);
        Assert.Contains("--labels", o.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--model", "lenet" }, "unknown model 'lenet'")]
    [InlineData(new[] { "--scheme", "carrier-pigeon" }, "unknown scheme 'carrier-pigeon'")]
    [InlineData(new[] { "--scheme", "bell:9" }, "bell:K with K from 1 to 4")]
    [InlineData(new[] { "--model", "hur-qcnn", "--block", "SU5" }, "unknown block 'SU5'")]
    [InlineData(new[] { "--model", "hur-qcnn", "--embedding", "fourier" }, "unknown embedding 'fourier'")]
    [InlineData(new[] { "--model", "hur-qcnn", "--scheme", "cc" }, "--scheme does not apply to --model hur-qcnn")]
    [InlineData(new[] { "--depth", "0" }, "--depth must be at least 1, got 0")]
    [InlineData(new[] { "--processor-capacity", "3" }, "does not fit --processor-capacity 3: processor 'A' holds 3 qubit(s) but 4 are assigned to it")]
    [InlineData(new[] { "--model", "hur-qcnn", "--processor-capacity", "3" }, "does not fit --processor-capacity 3: processor 'P' holds 3 qubit(s) but 8")]
    [InlineData(new[] { "--iterations", "5", "--epochs", "1" }, "--iterations and --epochs are alternatives")]
    [InlineData(new[] { "--optimizer", "lbfgs" }, "unknown optimizer 'lbfgs'")]
    [InlineData(new[] { "--loss", "l1" }, "unknown loss 'l1'")]
    [InlineData(new[] { "--visibility", "0.9" }, "--visibility applies to --scheme bell:K only")]
    [InlineData(new[] { "--classes", "1" }, "--classes: give two different class labels")]
    [InlineData(new[] { "--dataset", "no-such-file.csv" }, "file not found: no-such-file.csv")]
    public void BadOption_OneLineErrorNamingIt(string[] args, string expected)
    {
        var o = Train([.. args, "--out", Path.Combine(TempDir(), "run")]);

        CliRunner.AssertOneLineError(o);
        Assert.Equal(1, o.ExitCode);
        Assert.Contains(expected, o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_IsAFile_IsAClearError()
    {
        string file = Path.Combine(TempDir(), "not-a-folder");
        File.WriteAllText(file, "x");

        var o = Train([.. Quick, "--out", file]);
        CliRunner.AssertOneLineError(o);
        Assert.Contains($"--out {file} is a file", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedNumber_IsAUsageError()
    {
        var o = Train("--lr", "fast");

        CliRunner.AssertOneLineError(o);
        Assert.Equal(2, o.ExitCode);
        Assert.Contains("--lr expects a number, got 'fast'", o.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsTheOptions()
    {
        var o = CliRunner.Run("train", "--help");

        Assert.Equal(0, o.ExitCode);
        foreach (string option in new[] { "--model", "--scheme", "--depth", "--dataset", "--iterations", "--batch", "--lr", "--seed", "--out", "--json" })
        {
            Assert.Contains(option, o.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReadmeExample_RunsAsDocumented()
    {
        // The command in README.md's "Train a model", run as written but into a temporary folder.
        const string Example = "dqml train --scheme cc --depth 1 --iterations 10 --batch 64 --out runs/cc-L1 --json";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        Assert.Contains(Example, File.ReadAllText(Path.Combine(dir.FullName, "README.md")), StringComparison.Ordinal);

        string run = Path.Combine(TempDir(), "cc-L1");
        string[] args = [.. Example.Split(' ').Skip(1).Select(a => a == "runs/cc-L1" ? run : a)];
        var o = CliRunner.Run(args);
        Assert.True(o.ExitCode == 0, o.Stderr);
        var json = LastLineJson(o);
        Assert.Equal(38, json.GetProperty("parameterCount").GetInt32());
        Assert.Equal(10, json.GetProperty("iterations").GetInt32());
        Assert.True(File.Exists(Path.Combine(run, "metrics.csv")));
    }
}
