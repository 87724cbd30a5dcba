using Dqml.Experiments.Specs;
using Dqml.Testing;

namespace Dqml.Experiments.Tests;

public class SpecParserTests
{
    private const string Valid = """
        {
          "name": "tiny",
          "kind": "train",
          "model": { "model": "hwang-qcnn", "depth": 1 },
          "data": { "dataset": "hwang2025", "dataSeed": 1 },
          "training": { "iterations": 3, "batch": 16, "lr": 0.05, "optimizer": "adam", "loss": "mse" },
          "sweep": { "scheme": ["nc", "cc"], "seed": [1, 2] },
          "quick": { "training": { "iterations": 2 }, "sweep": { "seed": [1] } }
        }
        """;

    private static SpecException Fails(string text) => Assert.Throws<SpecException>(() => SpecParser.Parse(text, "bad.json"));

    [Fact]
    public void Parse_ValidSpec_ReadsSettingsAxesAndQuick()
    {
        var spec = SpecParser.Parse(Valid, "tiny.json");
        Assert.Equal("tiny", spec.Name);
        Assert.Equal(ExperimentKind.Train, spec.Kind);
        Assert.Equal("tiny", spec.Output);
        Assert.Equal(1L, spec.Settings["model.depth"].Value);
        Assert.Equal(0.05, spec.Settings["training.lr"].Value);
        Assert.Equal(["scheme", "seed"], spec.Axes.Select(a => a.Name));
        Assert.Equal("training.seed", spec.Axes[1].Field.Key);

        var quick = spec.WithQuick();
        Assert.True(quick.IsQuick);
        Assert.Equal(2L, quick.Settings["training.iterations"].Value);
        Assert.Equal(["1"], quick.Axes[1].Values.Select(v => v.Format()));
        Assert.Equal(2, quick.Axes[0].Values.Count);
    }

    [Fact]
    public void Parse_UnknownField_NamesFieldAndLine()
    {
        var e = Fails("{\n  \"name\": \"x\",\n  \"kind\": \"train\",\n  \"training\": {\n    \"iteratons\": 3\n  }\n}");
        Assert.Equal(5, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Equal("$.training.iteratons", e.JsonPath);
        Assert.Contains("unknown field 'iteratons'", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.json:5:5: $.training.iteratons:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTopLevelField_NamesIt()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\",\n\"sweeps\": {}}");
        Assert.Equal(2, e.Line);
        Assert.Equal("$.sweeps", e.JsonPath);
    }

    [Fact]
    public void Parse_WrongType_NamesFieldAndLine()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\",\n\"model\": {\"depth\": \"three\"}}");
        Assert.Equal(2, e.Line);
        Assert.Equal("$.model.depth", e.JsonPath);
        Assert.Contains("expected an integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FractionalInteger_IsWrongType()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\", \"training\": {\"iterations\": 2.5}}");
        Assert.Equal("$.training.iterations", e.JsonPath);
    }

    [Fact]
    public void Parse_UnknownScheme_NamesFieldAndLine()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\",\n\"model\": {\n\"scheme\": \"zz\"}}");
        Assert.Equal(3, e.Line);
        Assert.Equal("$.model.scheme", e.JsonPath);
        Assert.Contains("unknown scheme 'zz'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownSchemeInSweep_NamesTheElement()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\",\n\"sweep\": {\"scheme\": [\"cc\",\n \"xx\"]}}");
        Assert.Equal(3, e.Line);
        Assert.Equal("$.sweep.scheme[1]", e.JsonPath);
    }

    [Fact]
    public void Parse_EmptySweepAxis_NamesAxisAndLine()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\",\n\"sweep\": {\n  \"depth\": []}}");
        Assert.Equal(3, e.Line);
        Assert.Equal("$.sweep.depth", e.JsonPath);
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownSweepAxis_NamesAxis()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\",\n\"sweep\": {\"colour\": [1]}}");
        Assert.Equal(2, e.Line);
        Assert.Equal("$.sweep.colour", e.JsonPath);
        Assert.Contains("unknown sweep axis", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AxisOfOtherKind_IsUnknown()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"capacity\", \"sweep\": {\"lr\": [0.1]}}");
        Assert.Equal("$.sweep.lr", e.JsonPath);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/tmp/abs")]
    [InlineData(".")]
    public void Parse_OutputOutsideOutputDirectory_NamesField(string output)
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\",\n\"output\": \"" + output + "\"}");
        Assert.Equal(2, e.Line);
        Assert.Equal("$.output", e.JsonPath);
    }

    [Fact]
    public void ResolveOutput_InsideRoot_IsUnderRoot()
    {
        var spec = SpecParser.Parse("{\"name\": \"x\", \"kind\": \"train\", \"output\": \"a/b\"}");
        string root = Path.Combine(Path.GetTempPath(), "dqml-root");
        Assert.Equal(Path.Combine(root, "a", "b"), SpecParser.ResolveOutput(spec, root));
    }

    [Fact]
    public void Parse_InvalidJson_HasLine()
    {
        var e = Fails("{\"name\": \"x\",\n\"kind\": }");
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Parse_SectionOfOtherKind_IsRejected()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"capacity\", \"training\": {\"iterations\": 1}}");
        Assert.Equal("$.training", e.JsonPath);
    }

    [Fact]
    public void Parse_UnknownQuickField_NamesPath()
    {
        var e = Fails("{\"name\": \"x\", \"kind\": \"train\", \"quick\": {\"training\": {\"iters\": 1}}}");
        Assert.Equal("$.quick.training.iters", e.JsonPath);
    }

    [Theory]
    [InlineData("hwang2025-table1.json", 160 + 20, 4 + 2)] // + logistic and mlp baselines per seed
    [InlineData("capacity.json", 12, 6)]
    [InlineData("bell-pairs.json", 25, 3)]
    [InlineData("bell-pairs-capacity.json", 5, 3)]
    [InlineData("concurrence.json", 30, 2)]
    [InlineData("chsh.json", 39, 4)]
    [InlineData("knitting.json", 12, 1)]
    [InlineData("hur2022.json", 45, 9)]
    [InlineData("latency.json", 2 * 2 * 5 * 3, 2 * 2)]
    public void Presets_Parse(string file, int runs, int quickRuns)
    {
        string path = Path.Combine(RepoRoot(), "experiments", file);
        var spec = SpecParser.ParseFile(path);
        Assert.Equal(runs, Runs.SweepGrid.Expand(spec).Count);
        Assert.Equal(quickRuns, Runs.SweepGrid.Expand(spec.WithQuick()).Count);
    }

    internal static string RepoRoot() => Repository.Root();
}
