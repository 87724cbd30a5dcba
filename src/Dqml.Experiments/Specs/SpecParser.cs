using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dqml.Experiments.Specs;

/// <summary>
/// Reads experiment spec files. Every problem is a <see cref="SpecException"/> naming the file, line, column and
/// JSON path: invalid JSON, an unknown field, a wrong type, an unknown scheme (or optimizer, loss, ...), a value
/// out of range, an empty or unknown sweep axis, and an output folder outside the output directory.
/// </summary>
public static class SpecParser
{
    private static readonly string[] TopLevel = ["$schema", "name", "description", "kind", "output", "model", "data", "training", "capacity", "chsh", "entanglement", "sweep", "quick"];

    /// <summary>Reads and validates the spec file at <paramref name="path"/>.</summary>
    /// <exception cref="SpecException">The spec is invalid.</exception>
    /// <exception cref="ExperimentInputException">The file does not exist.</exception>
    public static ExperimentSpec ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ExperimentInputException($"spec file not found: {path}");
        }

        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Reads and validates spec text.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="file">The file name used in messages.</param>
    /// <exception cref="SpecException">The spec is invalid.</exception>
    public static ExperimentSpec Parse(string text, string file = "<spec>")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var root = JsonTree.Parse(Encoding.UTF8.GetBytes(text), file);
        var ctx = new Context(file);
        ctx.Expect(root, JsonValueKind.Object, "the spec must be a JSON object");
        foreach (var p in root.Properties.Where(p => !TopLevel.Contains(p.Name)))
        {
            throw ctx.Error(p, $"unknown field '{p.Name}': a spec has {string.Join(", ", TopLevel.Skip(1))}");
        }

        var kindNode = ctx.Required(root, "kind");
        string kindText = ctx.String(kindNode);
        var kind = ExperimentKinds.Parse(kindText)
            ?? throw ctx.Error(kindNode, $"unknown kind '{kindText}': use {string.Join(", ", ExperimentKinds.Names)}");

        var nameNode = ctx.Required(root, "name");
        string name = ctx.String(nameNode);
        if (name.Length == 0)
        {
            throw ctx.Error(nameNode, "the name must not be empty");
        }

        string? description = Get(root, "description") is { } d ? ctx.String(d) : null;
        var outputNode = Get(root, "output");
        string output = outputNode is null ? name : ctx.String(outputNode);
        CheckOutput(output, outputNode ?? nameNode, ctx);

        var settings = ReadSections(root, kind, ctx, allowSweep: false).Settings;
        var axes = Get(root, "sweep") is { } sweep ? ReadSweep(sweep, kind, ctx) : [];
        SpecOverrides? quick = null;
        if (Get(root, "quick") is { } quickNode)
        {
            ctx.Expect(quickNode, JsonValueKind.Object, "quick must be an object of overrides");
            var (quickSettings, quickAxes) = ReadSections(quickNode, kind, ctx, allowSweep: true);
            quick = new SpecOverrides(quickSettings, quickAxes);
        }

        return new ExperimentSpec
        {
            Name = name,
            Kind = kind,
            Description = description,
            Output = output,
            Settings = settings,
            Axes = axes,
            Quick = quick,
            SourceText = text,
            SourceFile = file,
        };
    }

    /// <summary>
    /// The result folder of <paramref name="spec"/> under <paramref name="outputRoot"/>, checked to lie inside it.
    /// </summary>
    /// <exception cref="ExperimentInputException">The folder would lie outside the output directory.</exception>
    public static string ResolveOutput(ExperimentSpec spec, string outputRoot)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(outputRoot);
        string root = Path.GetFullPath(outputRoot);
        string folder = Path.GetFullPath(Path.Combine(root, spec.Output));
        string prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!folder.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ExperimentInputException($"{spec.SourceFile}: output '{spec.Output}' lies outside the output directory {root}");
        }

        return folder;
    }

    private static void CheckOutput(string output, JsonNodeAt node, Context ctx)
    {
        if (output.Length == 0 || Path.IsPathRooted(output) || output.StartsWith('~'))
        {
            throw ctx.Error(node, $"output '{output}' must be a relative folder inside the output directory");
        }

        int depth = 0;
        foreach (string part in output.Split('/', '\\'))
        {
            depth += part switch
            {
                ".." => -1,
                "." or "" => 0,
                _ => 1,
            };
            if (depth < 0)
            {
                throw ctx.Error(node, $"output '{output}' lies outside the output directory");
            }
        }

        if (depth == 0)
        {
            throw ctx.Error(node, $"output '{output}' is the output directory itself: name a folder inside it");
        }
    }

    private static (Dictionary<string, SpecValue> Settings, List<SweepAxis> Axes) ReadSections(JsonNodeAt parent, ExperimentKind kind, Context ctx, bool allowSweep)
    {
        var settings = new Dictionary<string, SpecValue>(StringComparer.Ordinal);
        var axes = new List<SweepAxis>();
        var sections = SpecFields.SectionsFor(kind);
        foreach (var p in parent.Properties)
        {
            if (allowSweep && p.Name == "sweep")
            {
                axes = ReadSweep(p.Value, kind, ctx);
                continue;
            }

            bool isSection = SpecFields.All.Any(f => f.Section == p.Name);
            if (!isSection)
            {
                if (allowSweep)
                {
                    throw ctx.Error(p, $"unknown field '{p.Name}': quick overrides {string.Join(", ", sections)} and sweep");
                }

                continue; // top-level names were checked by the caller
            }

            if (!sections.Contains(p.Name))
            {
                throw ctx.Error(p, $"unknown field '{p.Name}': a {KindName(kind)} experiment reads {string.Join(", ", sections)}");
            }

            ctx.Expect(p.Value, JsonValueKind.Object, $"{p.Name} must be an object");
            foreach (var f in p.Value.Properties)
            {
                var field = SpecFields.Find(p.Name, f.Name)
                    ?? throw ctx.Error(f, $"unknown field '{f.Name}' in {p.Name}: use {string.Join(", ", SpecFields.All.Where(x => x.Section == p.Name).Select(x => x.Name))}");
                settings[field.Key] = ReadValue(f.Value, field, ctx);
            }
        }

        return (settings, axes);
    }

    private static List<SweepAxis> ReadSweep(JsonNodeAt sweep, ExperimentKind kind, Context ctx)
    {
        ctx.Expect(sweep, JsonValueKind.Object, "sweep must be an object of axes, e.g. {\"scheme\": [\"cc\", \"qc\"]}");
        var axes = new List<SweepAxis>();
        foreach (var p in sweep.Properties)
        {
            var field = SpecFields.ForAxis(p.Name, kind)
                ?? throw ctx.Error(p, $"unknown sweep axis '{p.Name}': a {KindName(kind)} experiment sweeps {string.Join(", ", AxisNames(kind))}");
            if (!field.Sweepable)
            {
                throw ctx.Error(p, $"{field.Key} cannot be a sweep axis: set it in {field.Section} (baseline runs are added per seed, not per grid point)");
            }

            ctx.Expect(p.Value, JsonValueKind.Array, $"sweep axis '{p.Name}' must be an array of values");
            if (p.Value.Items.Count == 0)
            {
                throw ctx.Error(p.Value, $"sweep axis '{p.Name}' is empty: give at least one value");
            }

            var values = p.Value.Items.Select(item => ReadValue(item, field, ctx)).ToList();
            var duplicate = values.GroupBy(v => v.Format(), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw ctx.Error(p.Value, $"sweep axis '{p.Name}' repeats the value {duplicate.Key}");
            }

            axes.Add(new SweepAxis(p.Name, field, values));
        }

        return axes;
    }

    private static IEnumerable<string> AxisNames(ExperimentKind kind)
    {
        var sections = SpecFields.SectionsFor(kind);
        return SpecFields.All.Where(f => f.Sweepable && sections.Contains(f.Section)).Select(f => f.Name).Distinct();
    }

    private static SpecValue ReadValue(JsonNodeAt node, SpecField field, Context ctx)
    {
        object value = field.Type switch
        {
            SpecFieldType.String => ctx.String(node),
            SpecFieldType.Integer => Integer(node, ctx),
            SpecFieldType.Number => Number(node, ctx),
            SpecFieldType.IntegerList => IntegerList(node, ctx),
            SpecFieldType.StringList => StringList(node, field, ctx),
            _ => throw new InvalidOperationException(),
        };
        if (field.Type != SpecFieldType.StringList && field.Check?.Invoke(value) is { } problem)
        {
            throw ctx.Error(node, $"{field.Name}: {problem}");
        }

        return new SpecValue(value, node.Path, node.Line, node.Column);
    }

    private static long Integer(JsonNodeAt node, Context ctx)
    {
        if (node.Kind != JsonValueKind.Number || !long.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw ctx.Error(node, $"expected an integer, got {Describe(node)}");
        }

        return value;
    }

    private static double Number(JsonNodeAt node, Context ctx)
    {
        if (node.Kind != JsonValueKind.Number || !double.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw ctx.Error(node, $"expected a number, got {Describe(node)}");
        }

        return value;
    }

    private static long[] IntegerList(JsonNodeAt node, Context ctx)
    {
        ctx.Expect(node, JsonValueKind.Array, $"expected an array of integers, got {Describe(node)}");
        return [.. node.Items.Select(i => Integer(i, ctx))];
    }

    /// <summary>An array of strings, each checked (and reported at its own line and column), lower-cased and distinct.</summary>
    private static string[] StringList(JsonNodeAt node, SpecField field, Context ctx)
    {
        ctx.Expect(node, JsonValueKind.Array, $"expected an array of strings, got {Describe(node)}");
        var items = new List<string>();
        foreach (var item in node.Items)
        {
            string text = ctx.String(item);
            if (field.Check?.Invoke(text) is { } problem)
            {
                throw ctx.Error(item, $"{field.Name}: {problem}");
            }

            string name = text.Trim().ToLowerInvariant();
            if (items.Contains(name))
            {
                throw ctx.Error(item, $"{field.Name}: '{text}' is listed twice");
            }

            items.Add(name);
        }

        return [.. items];
    }

    private static string Describe(JsonNodeAt node) => node.Kind switch
    {
        JsonValueKind.String => $"the string \"{node.Text}\"",
        JsonValueKind.Number => $"the number {node.Text}",
        _ => node.KindName,
    };

    private static JsonNodeAt? Get(JsonNodeAt obj, string name) => obj.Properties.FirstOrDefault(p => p.Name == name)?.Value;

    private static string KindName(ExperimentKind kind) => ExperimentKinds.Name(kind);

    private sealed class Context(string file)
    {
        public SpecException Error(JsonNodeAt node, string problem) => new(file, node.Line, node.Column, node.Path, problem);

        public SpecException Error(JsonPropertyAt property, string problem) => new(file, property.Line, property.Column, property.Path, problem);

        public void Expect(JsonNodeAt node, JsonValueKind kind, string problem)
        {
            if (node.Kind != kind)
            {
                throw Error(node, $"{problem} (got {node.KindName})");
            }
        }

        public string String(JsonNodeAt node)
        {
            if (node.Kind != JsonValueKind.String)
            {
                throw Error(node, $"expected a string, got {Describe(node)}");
            }

            return node.Text!;
        }

        public JsonNodeAt Required(JsonNodeAt obj, string name) =>
            Get(obj, name) ?? throw Error(obj, $"missing field '{name}'");
    }
}
