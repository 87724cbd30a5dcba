using System.CommandLine;
using System.Globalization;
using Dqml.Circuits.OpenQasm;
using Dqml.Cli.Output;
using Dqml.Distributed;
using Dqml.Simulation.Measurements;
using Spectre.Console;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml distribute FILE.qasm --processors A:0-3,B:4-7 --scheme nc|cc|qc[:direct|teledata|telegate]|bell:K</c>:
/// lowers the circuit under the scheme, runs it exactly and prints the logical probabilities and the ledger.
/// </summary>
public static class DistributeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string>("file") { Description = "OpenQASM 2 file (the logical circuit)." };
        var processors = new Option<string?>("--processors", "-p")
        {
            Description = "Qubit assignment, e.g. A:0-3,B:4-7 (default: two processors A and B, chosen by a min-cut partitioner).",
        };
        var scheme = new Option<string>("--scheme")
        {
            Description = "Communication scheme: nc, cc, qc[:direct|teledata|telegate], bell:K or knit.",
            DefaultValueFactory = _ => "qc:direct",
        };
        var link = new Option<string?>("--link")
        {
            Description = "Link spec, e.g. latency=224ns, controller=20-aggregated-control-flow, km=248, visibility=0.86, pairs=4, theta=0.3.",
        };
        var processor = new Option<string?>("--processor")
        {
            Description = "Processor spec applied to every processor, e.g. t1=100us,t2=80us,gate=50ns,gate2=300ns,measure=1us,capacity=6.",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cmd = new Command("distribute", "Run a circuit split over processors under a communication scheme; print logical probabilities and the resource ledger.");
        cmd.Add(file);
        cmd.Add(processors);
        cmd.Add(scheme);
        cmd.Add(link);
        cmd.Add(processor);
        cmd.Add(json);
        cmd.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new CliException(Directory.Exists(path) ? $"not a file: {path}" : $"file not found: {path}");
            }

            try
            {
                var circuit = QasmParser.ParseFile(path);
                string? assignment = parse.GetValue(processors);
                var names = assignment is null ? ["A", "B"] : ArchitectureSpec.ProcessorNames(assignment);
                var arch = ArchitectureSpec.Build(names, parse.GetValue(link), parse.GetValue(processor));
                var dc = assignment is null ? Partitioner.MinimiseCut(circuit, arch) : DistributedCircuit.Parse(circuit, arch, assignment);
                var result = DistributedRunner.Run(dc, Scheme.Parse(parse.GetValue(scheme)!));
                if (parse.GetValue(json))
                {
                    WriteJson(stdout, dc, result);
                }
                else
                {
                    WriteTables(stdout, dc, result);
                }
            }
            catch (DistributionException e)
            {
                throw new CliException(e.Message);
            }

            return ExitCodes.Success;
        });
        return cmd;
    }

    private static string AssignmentText(DistributedCircuit dc)
        => string.Join(",", dc.Architecture.Processors.Select((p, i) =>
            $"{p.Name}:{string.Join(' ', Enumerable.Range(0, dc.Logical.NumQubits).Where(q => dc.Assignment[q] == i))}"));

    private static void WriteJson(TextWriter stdout, DistributedCircuit dc, DistributedResult r)
    {
        CliText.WriteJson(stdout, w =>
        {
            w.WriteNumber("numQubits", dc.Logical.NumQubits);
            w.WriteString("scheme", r.Scheme.Name);
            w.WriteString("backend", r.Backend);
            w.WriteStartObject("processors");
            for (int p = 0; p < dc.Architecture.Processors.Length; p++)
            {
                w.WriteStartArray(dc.Architecture.Processors[p].Name);
                for (int q = 0; q < dc.Logical.NumQubits; q++)
                {
                    if (dc.Assignment[q] == p)
                    {
                        w.WriteNumberValue(q);
                    }
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteStartArray("probabilities");
            foreach (double p in r.LogicalProbabilities)
            {
                w.WriteNumberValue(p);
            }

            w.WriteEndArray();
            var l = r.Ledger;
            w.WriteStartObject("ledger");
            w.WriteNumber("ebits", l.Ebits);
            w.WriteNumber("classicalBits", l.ClassicalBits);
            w.WriteNumber("qubitsTeleported", l.QubitsTeleported);
            w.WriteNumber("rounds", l.Rounds);
            w.WriteNumber("gamma", l.Gamma);
            w.WriteNumber("samplingOverhead", l.SamplingOverhead);
            w.WriteNumber("makespanSeconds", l.MakespanSeconds);
            w.WriteNumber("idleSeconds", l.IdleSeconds);
            w.WriteNumber("communicationQubits", l.CommunicationQubits);
            w.WriteStartArray("notes");
            foreach (var note in l.Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteTables(TextWriter stdout, DistributedCircuit dc, DistributedResult r)
    {
        var console = CliText.CreateConsole(stdout);
        console.WriteLine($"scheme {r.Scheme.Name}, processors {AssignmentText(dc)}, backend {r.Backend}");
        var probs = new Table().Title("Logical basis-state probabilities");
        probs.AddColumn("state");
        probs.AddColumn("probability");
        foreach (var (p, i) in r.LogicalProbabilities.Select((p, i) => (p, i)).Where(t => t.p > 5e-7).OrderByDescending(t => t.p).Take(32))
        {
            probs.AddRow(ClassicalKeys.BasisLabel(i, dc.Logical.NumQubits), CliText.Fixed(p, 6));
        }

        console.Write(probs);
        var l = r.Ledger;
        var ledger = new Table().Title("Ledger");
        ledger.AddColumn("resource");
        ledger.AddColumn("value");
        ledger.AddRow("ebits", l.Ebits.ToString(CultureInfo.InvariantCulture));
        ledger.AddRow("classical bits sent", l.ClassicalBits.ToString(CultureInfo.InvariantCulture));
        ledger.AddRow("qubits teleported", l.QubitsTeleported.ToString(CultureInfo.InvariantCulture));
        ledger.AddRow("communication rounds", l.Rounds.ToString(CultureInfo.InvariantCulture));
        ledger.AddRow("gamma (shots x gamma^2)", l.Gamma.ToString("G6", CultureInfo.InvariantCulture));
        ledger.AddRow("makespan", $"{l.MakespanSeconds * 1e6:F3} us");
        ledger.AddRow("qubit idle time", $"{l.IdleSeconds * 1e6:F3} us");
        ledger.AddRow("communication qubits", l.CommunicationQubits.ToString(CultureInfo.InvariantCulture));
        console.Write(ledger);
        foreach (var note in l.Notes)
        {
            console.WriteLine("note: " + note);
        }
    }
}
