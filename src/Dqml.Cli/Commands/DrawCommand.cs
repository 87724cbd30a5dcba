using System.CommandLine;
using Dqml.Circuits;
using Dqml.Circuits.Drawing;
using Dqml.Circuits.OpenQasm;
using Dqml.Distributed;
using Dqml.Distributed.Drawing;
using Dqml.Experiments.Training;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml draw FILE.qasm [--processors A:0-3,B:4-7] [--scheme S] [--svg OUT.svg] [--width N]</c> and
/// <c>dqml draw --model hwang-qcnn --scheme cc --depth 3 [--svg OUT.svg]</c>: prints a text diagram of the
/// circuit (wrapped to the width) and optionally writes an SVG of the same layout.
/// </summary>
/// <remarks>
/// With <c>--processors</c> (the assignment syntax of <c>dqml distribute</c>) each processor is a band.
/// With <c>--scheme</c> too, the circuit is lowered under the scheme and the lowered circuit is drawn
/// (communication qubits, ebits, teleports, classical sends); <c>--scheme knit</c> draws the logical circuit
/// with its cut gates and their gamma. <c>--scheme</c> without <c>--processors</c> uses the min-cut
/// partition onto A and B, as <c>dqml distribute</c> does. A model (<c>--model</c>) is drawn as its full
/// logical circuit (initial state, embedding, trainable layers) with the model's own processor assignment.
/// </remarks>
public static class DrawCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string?>("file") { Description = "OpenQASM 2 file (omit with --model).", Arity = ArgumentArity.ZeroOrOne };
        var processors = new Option<string?>("--processors", "-p") { Description = "Qubit assignment, e.g. A:0-3,B:4-7: draw each processor as a band." };
        var scheme = new Option<string?>("--scheme") { Description = "Lower under a scheme before drawing: nc, cc, qc[:direct|teledata|telegate], bell:K or knit (with --model: the model's scheme)." };
        var link = new Option<string?>("--link") { Description = "Link spec as in 'dqml distribute', e.g. latency=224ns (the latency shown on classical sends)." };
        var svg = new Option<string?>("--svg") { Description = "Also write an SVG diagram to this file." };
        var width = new Option<int?>("--width", "-w")
        {
            Description = "Wrap the text diagram at this many columns (default: the console width, 80 when not a terminal).",
            CustomParser = r => OptionParsers.Int(r, "--width"),
        };
        var model = new Option<string?>("--model", "-m") { Description = $"Draw a model instead of a file: {string.Join(" or ", ModelFactory.Models)}." };
        var depth = new Option<int?>("--depth", "-L")
        {
            Description = "Model depth (hwang-qcnn convolution sub-layers L).",
            CustomParser = r => OptionParsers.Int(r, "--depth"),
        };
        var cmd = new Command("draw", "Draw a circuit (or a model's circuit) as text, and optionally as SVG, with processors as bands and communication marked.");
        cmd.Add(file);
        cmd.Add(processors);
        cmd.Add(scheme);
        cmd.Add(link);
        cmd.Add(svg);
        cmd.Add(width);
        cmd.Add(model);
        cmd.Add(depth);
        cmd.SetAction(parse =>
        {
            int? w = parse.GetValue(width);
            if (w is < 20)
            {
                throw new CliException($"--width must be at least 20, got {w}");
            }

            var options = new DiagramOptions { Width = w };
            string? modelName = parse.GetValue(model);
            string? path = parse.GetValue(file);
            (Circuit circuit, DiagramOptions drawing) = (modelName, path) switch
            {
                (not null, not null) => throw new CliException("give either FILE or --model, not both"),
                (null, null) => throw new CliException("give an OpenQASM file or --model NAME (see 'dqml draw --help')"),
                (not null, null) => FromModel(modelName, parse.GetValue(scheme), parse.GetValue(depth), parse.GetValue(processors), options),
                _ => FromFile(path!, parse.GetValue(processors), parse.GetValue(scheme), parse.GetValue(link), parse.GetValue(depth), options),
            };
            stdout.Write(TextDiagram.Draw(circuit, drawing));
            if (parse.GetValue(svg) is string svgPath)
            {
                File.WriteAllText(svgPath, SvgDiagram.Draw(circuit, drawing));
                stdout.WriteLine($"wrote {svgPath}");
            }

            return ExitCodes.Success;
        });
        return cmd;
    }

    private static (Circuit, DiagramOptions) FromModel(string name, string? scheme, int? depth, string? processors, DiagramOptions options)
    {
        if (processors is not null)
        {
            throw new CliException("--processors does not apply to --model: the model has its own assignment (hwang-qcnn: qubits 0-3 on A, 4-7 on B)");
        }

        var built = ModelFactory.Build(new ModelRequest(name, scheme, depth, null, null, null, null, null, null));
        if (built.Hwang is null)
        {
            if (built.Model is not Dqml.Learning.Models.CircuitModel cm)
            {
                throw new CliException($"model {built.Kind} has no circuit to draw");
            }

            var logical = new Circuit(cm.NumQubits, cm.Trainable.NumClbits, cm.Embedding.Instructions.Concat(cm.Trainable.Instructions));
            return (logical, options);
        }

        var dc = built.Hwang.Distributed();
        return built.Scheme == "knit"
            ? (dc.Logical, DistributedDiagram.ForKnitted(dc, options))
            : (dc.Logical, DistributedDiagram.ForLogical(dc, options));
    }

    private static (Circuit, DiagramOptions) FromFile(string path, string? assignment, string? schemeText, string? link, int? depth, DiagramOptions options)
    {
        if (depth is not null)
        {
            throw new CliException("--depth applies to --model only");
        }

        if (!File.Exists(path))
        {
            throw new CliException(Directory.Exists(path) ? $"not a file: {path}" : $"file not found: {path}");
        }

        var circuit = QasmParser.ParseFile(path);
        if (assignment is null && schemeText is null)
        {
            return (circuit, options);
        }

        try
        {
            var names = assignment is null ? ["A", "B"] : ArchitectureSpec.ProcessorNames(assignment);
            var arch = ArchitectureSpec.Build(names, link);
            var dc = assignment is null ? Partitioner.MinimiseCut(circuit, arch) : DistributedCircuit.Parse(circuit, arch, assignment);
            if (schemeText is null)
            {
                return (circuit, DistributedDiagram.ForLogical(dc, options));
            }

            var scheme = Scheme.Parse(schemeText);
            if (scheme is Knitting)
            {
                return (circuit, DistributedDiagram.ForKnitted(dc, options));
            }

            var lowered = Lowering.Lower(dc, scheme);
            return (lowered.Circuit, DistributedDiagram.ForLowered(lowered, options));
        }
        catch (DistributionException e)
        {
            throw new CliException(e.Message);
        }
    }
}
