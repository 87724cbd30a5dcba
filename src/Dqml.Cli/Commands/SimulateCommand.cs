using System.Collections.Immutable;
using System.CommandLine;
using System.Numerics;
using System.Text.Json;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.OpenQasm;
using Dqml.Cli.Output;
using Dqml.Simulation;
using Dqml.Simulation.Measurements;
using Dqml.Simulation.Noise;
using Spectre.Console;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml simulate FILE.qasm</c>: exact probabilities of an OpenQASM 2 circuit (averaged over
/// mid-circuit measurement outcomes), optionally sampled counts.
/// </summary>
public static class SimulateCommand
{
    /// <summary>The backend used when <c>--backend</c> is not given.</summary>
    public const string DefaultBackend = "statevector";

    /// <summary>Seed used when <c>--shots</c> is given without <c>--seed</c>: runs are reproducible by default.</summary>
    public const ulong DefaultSeed = 1;

    /// <summary>Decimals printed in tables when <c>--precision</c> is not given.</summary>
    public const int DefaultPrecision = 6;

    /// <summary>Largest accepted <c>--precision</c>.</summary>
    public const int MaxPrecision = 15;

    /// <summary>Rows per table when <c>--max-rows</c> is not given.</summary>
    public const int DefaultMaxRows = 32;

    /// <summary>Backends accepted by <c>--backend</c>, spelled as their <see cref="ISimulatorBackend.Name"/>.</summary>
    public static ImmutableArray<string> Backends { get; } = [.. CreateBackends().Select(b => b.Name)];

    /// <summary>Builds the <c>simulate</c> command; results are written to <paramref name="stdout"/>.</summary>
    public static Command Create(TextWriter stdout)
    {
        var file = new Argument<string>("file") { Description = "OpenQASM 2 file to simulate." };
        var backend = new Option<string>("--backend", "-b")
        {
            Description = $"Simulation backend: {string.Join(" or ", Backends)}.",
            DefaultValueFactory = _ => DefaultBackend,
        };
        var shots = new Option<int?>("--shots", "-s")
        {
            CustomParser = r => OptionParsers.Int(r, "--shots"),
            Description = "Also sample this many shots and print the counts of the classical bits (all qubits are measured when the circuit has no classical bits).",
        };
        var seed = new Option<ulong>("--seed")
        {
            CustomParser = r => OptionParsers.UInt64(r, "--seed") ?? DefaultSeed,
            Description = "Seed for sampling; the same seed gives the same counts.",
            DefaultValueFactory = _ => DefaultSeed,
        };
        var noise = new Option<string?>("--noise")
        {
            Description = "Noise model applied to the circuit, e.g. depolarizing:0.01 or t1=50us,t2=70us,gate=50ns or readout=0.02 (exact noisy results need --backend density-matrix).",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var precision = new Option<int?>("--precision", "-p")
        {
            CustomParser = r => OptionParsers.Int(r, "--precision"),
            Description = $"Decimals printed (tables: default {DefaultPrecision}; JSON: full precision unless given). States whose probability rounds to zero are not listed in tables.",
        };
        var maxRows = new Option<int>("--max-rows")
        {
            CustomParser = r => OptionParsers.Int(r, "--max-rows") ?? DefaultMaxRows,
            Description = "Largest number of rows per table, most probable first (JSON is never truncated).",
            DefaultValueFactory = _ => DefaultMaxRows,
        };

        var cmd = new Command("simulate", "Simulate an OpenQASM 2 circuit: exact basis-state probabilities (averaged over mid-circuit measurement outcomes) and, with --shots, sampled counts.");
        cmd.Add(file);
        cmd.Add(backend);
        cmd.Add(shots);
        cmd.Add(seed);
        cmd.Add(noise);
        cmd.Add(json);
        cmd.Add(precision);
        cmd.Add(maxRows);
        cmd.SetAction(parse => Execute(
            new Settings(
                parse.GetValue(file)!,
                parse.GetValue(backend) ?? DefaultBackend,
                parse.GetValue(shots),
                parse.GetValue(seed),
                parse.GetValue(noise),
                parse.GetValue(json),
                parse.GetValue(precision),
                parse.GetValue(maxRows)),
            stdout));
        return cmd;
    }

    private const int MaxBranchesForPurity = 64;

    private sealed record Settings(string File, string Backend, int? Shots, ulong Seed, string? Noise, bool Json, int? Precision, int MaxRows);

    private static int Execute(Settings s, TextWriter stdout)
    {
        Validate(s);
        var backend = CreateBackends().First(b => string.Equals(b.Name, s.Backend, StringComparison.OrdinalIgnoreCase));
        var noise = ParseNoise(s.Noise);
        if (noise is not null && backend is StateVectorSimulator)
        {
            throw new CliException("--noise needs --backend density-matrix: the state-vector backend computes exact results of noiseless circuits only");
        }
        if (!File.Exists(s.File))
        {
            throw new CliException(Directory.Exists(s.File) ? $"not a file: {s.File}" : $"file not found: {s.File}");
        }

        // The path as given, so parse errors read "path:line:col" the way the user wrote the path.
        var circuit = QasmParser.ParseFile(s.File);
        var exact = backend.Run(noise?.Apply(circuit) ?? circuit);
        double[] probabilities = exact.Probabilities();
        var classical = circuit.NumClbits > 0 ? exact.ClassicalDistribution() : null;
        Complex[]? amplitudes = !s.Json && noise is null && backend is StateVectorSimulator sv && exact is ExactResult svExact
            ? Amplitudes(sv, circuit, svExact)
            : null;
        SampleResult? sample = null;
        var sampledRegisters = circuit.ClassicalRegisters;
        if (s.Shots is int n)
        {
            var sampled = circuit.NumClbits > 0 ? circuit : MeasureAll(circuit);
            sampledRegisters = sampled.ClassicalRegisters;
            sample = backend.Sample(noise?.Apply(sampled) ?? sampled, n, s.Seed);
        }

        // Purity Tr(rho^2) of the final state: always on the density-matrix backend; on the state vector
        // when few branches remain (its cost grows with the square of the branch count).
        double? purity = exact is ExactResult { BranchCount: > MaxBranchesForPurity } ? null : exact.Purity();
        var result = new Result(Path.GetFileName(s.File), backend.Name, circuit, probabilities, amplitudes, classical, sample, ClbitHeader(sampledRegisters), purity);
        if (s.Json)
        {
            WriteJson(stdout, s, result);
        }
        else
        {
            WriteTables(stdout, s, result);
        }

        return ExitCodes.Success;
    }

    private static void Validate(Settings s)
    {
        if (!Backends.Contains(s.Backend, StringComparer.OrdinalIgnoreCase))
        {
            throw new CliException($"unknown backend '{s.Backend}'; accepted values: {string.Join(", ", Backends)}");
        }

        if (s.Shots is int n && n < 1)
        {
            throw new CliException($"--shots must be a positive integer, got {n}");
        }

        if (s.Precision is int p && (p < 0 || p > MaxPrecision))
        {
            throw new CliException($"--precision must be between 0 and {MaxPrecision}, got {p}");
        }

        if (s.MaxRows < 1)
        {
            throw new CliException($"--max-rows must be a positive integer, got {s.MaxRows}");
        }
    }

    private sealed record Result(
        string FileName,
        string Backend,
        Circuit Circuit,
        double[] Probabilities,
        Complex[]? Amplitudes,
        IReadOnlyDictionary<string, double>? Classical,
        SampleResult? Sample,
        string CountHeader,
        double? Purity);

    private static void WriteJson(TextWriter stdout, Settings s, Result r) => CliText.WriteJson(stdout, w =>
    {
        w.WriteString("file", r.FileName);
        w.WriteNumber("numQubits", r.Circuit.NumQubits);
        w.WriteNumber("numClbits", r.Circuit.NumClbits);
        w.WriteString("backend", r.Backend);
        if (s.Noise is not null)
        {
            w.WriteString("noise", s.Noise);
        }

        if (r.Purity is double purity)
        {
            w.WriteNumber("purity", CliText.Round(purity, s.Precision));
        }

        w.WriteStartArray("probabilities");
        foreach (double p in r.Probabilities)
        {
            w.WriteNumberValue(CliText.Round(p, s.Precision));
        }

        w.WriteEndArray();
        if (r.Classical is not null)
        {
            w.WriteStartObject("classicalDistribution");
            foreach (var (key, p) in r.Classical.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(key, CliText.Round(p, s.Precision));
            }

            w.WriteEndObject();
        }

        if (r.Sample is not null)
        {
            w.WriteNumber("shots", r.Sample.Shots);
            w.WriteNumber("seed", s.Seed);
            w.WriteStartObject("counts");
            foreach (var (key, c) in r.Sample.Counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(key, c);
            }

            w.WriteEndObject();
        }
    });

    private static void WriteTables(TextWriter stdout, Settings s, Result r)
    {
        int digits = s.Precision ?? DefaultPrecision;
        double negligible = 0.5 * Math.Pow(10, -digits);
        var console = CliText.CreateConsole(stdout);
        int n = r.Circuit.NumQubits;
        string noisy = s.Noise is null ? string.Empty : $", noise {s.Noise}";
        stdout.WriteLine($"{r.FileName}: {n} qubit(s), {r.Circuit.NumClbits} classical bit(s), backend {r.Backend}{noisy}, exact");

        var states = Enumerable.Range(0, r.Probabilities.Length)
            .Where(i => r.Probabilities[i] >= negligible)
            .OrderByDescending(i => Math.Round(r.Probabilities[i], digits)).ThenBy(i => i)
            .ToList();
        var table = new Table().Title("Basis-state probabilities");
        table.AddColumn(new TableColumn(Markup.Escape(n > 1 ? $"state q{n - 1}..q0" : "state q0")));
        table.AddColumn(new TableColumn("probability").RightAligned());
        if (r.Amplitudes is not null)
        {
            table.AddColumn(new TableColumn("amplitude").RightAligned());
        }

        foreach (int i in states.Take(s.MaxRows))
        {
            var cells = new List<string> { ClassicalKeys.BasisLabel(i, n), CliText.Fixed(r.Probabilities[i], digits) };
            if (r.Amplitudes is not null)
            {
                cells.Add(CliText.Complex(r.Amplitudes[i], digits));
            }

            table.AddRow([.. cells.Select(Markup.Escape)]);
        }

        console.Write(table);
        Truncated(console, states.Count, s.MaxRows, "basis states");

        if (r.Classical is not null)
        {
            var rows = r.Classical.Where(kv => kv.Value >= negligible)
                .OrderByDescending(kv => Math.Round(kv.Value, digits)).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            var ct = new Table().Title("Classical bits (exact)");
            ct.AddColumn(Markup.Escape(ClbitHeader(r.Circuit.ClassicalRegisters)));
            ct.AddColumn(new TableColumn("probability").RightAligned());
            foreach (var (key, p) in rows.Take(s.MaxRows))
            {
                ct.AddRow(Markup.Escape(key), CliText.Fixed(p, digits));
            }

            console.Write(ct);
            Truncated(console, rows.Count, s.MaxRows, "outcomes");
        }

        if (r.Sample is not null)
        {
            var rows = r.Sample.Counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            var st = new Table().Title($"Counts: {r.Sample.Shots} shots, seed {s.Seed}");
            st.AddColumn(Markup.Escape(r.CountHeader));
            st.AddColumn(new TableColumn("count").RightAligned());
            st.AddColumn(new TableColumn("frequency").RightAligned());
            foreach (var (key, c) in rows.Take(s.MaxRows))
            {
                st.AddRow(Markup.Escape(key), c.ToString(System.Globalization.CultureInfo.InvariantCulture), CliText.Fixed((double)c / r.Sample.Shots, digits));
            }

            console.Write(st);
            Truncated(console, rows.Count, s.MaxRows, "outcomes");
        }

        stdout.Flush();
    }

    /// <summary>Column header naming the bits of a counts key: registers in reverse declaration order, each MSB first.</summary>
    /// <summary>One instance of every backend; the first is the default.</summary>
    private static ISimulatorBackend[] CreateBackends() => [new StateVectorSimulator(), new DensityMatrixSimulator()];

    private static NoiseModel? ParseNoise(string? spec)
    {
        if (spec is null)
        {
            return null;
        }

        try
        {
            return NoiseModel.Parse(spec);
        }
        catch (FormatException e)
        {
            throw new CliException($"--noise: {e.Message}");
        }
    }

    private static string ClbitHeader(ImmutableArray<Register> registers)
        => "bits " + string.Join(" ", registers.Reverse().Select(r => r.Size > 1 ? $"{r.Name}[{r.Size - 1}..0]" : $"{r.Name}[0]"));

    private static void Truncated(IAnsiConsole console, int total, int shown, string what)
    {
        if (total > shown)
        {
            console.WriteLine($"({total - shown} more {what} not shown; use --max-rows or --json)");
        }
    }

    /// <summary>The final amplitudes when the circuit is unitary up to terminal measurements, else null (table mode only).</summary>
    private static Complex[]? Amplitudes(StateVectorSimulator simulator, Circuit circuit, ExactResult exact)
    {
        if (!circuit.HasNonUnitary && exact.IsPure)
        {
            return exact.PureState.Amplitudes.ToArray();
        }

        return TryUnitaryPrefix(circuit, out var unitary) ? simulator.RunUnitary(unitary).Amplitudes.ToArray() : null;
    }

    /// <summary>
    /// True when the circuit is unitary up to terminal measurements (measurements after which the
    /// qubit is not touched again, and no condition anywhere); <paramref name="unitary"/> is then the
    /// circuit without them, whose amplitudes the table can show.
    /// </summary>
    internal static bool TryUnitaryPrefix(Circuit circuit, out Circuit unitary)
    {
        unitary = circuit;
        var kept = new List<Instruction>(circuit.Instructions.Length);
        var measured = new HashSet<int>();
        foreach (var instr in circuit.Instructions)
        {
            switch (instr)
            {
                case GateOperation g:
                    if (g.Qubits.Any(measured.Contains))
                    {
                        return false;
                    }

                    kept.Add(g);
                    break;
                case Barrier:
                    break;
                case Measurement m:
                    if (!measured.Add(m.Qubit))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        unitary = new Circuit(circuit.NumQubits, 0, kept);
        return true;
    }

    private static Circuit MeasureAll(Circuit circuit)
    {
        var instructions = circuit.Instructions.ToList();
        for (int q = 0; q < circuit.NumQubits; q++)
        {
            instructions.Add(new Measurement(q, q));
        }

        return new Circuit(circuit.NumQubits, circuit.NumQubits, instructions, circuit.QuantumRegisters);
    }
}
