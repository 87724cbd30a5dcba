using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Simulation;
using Dqml.Simulation.Benchmarks;
using Dqml.Simulation.Kernels;
using Spectre.Console;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml bench</c>: quick, machine-readable median timings of the simulator's suites. The figures for
/// the docs come from BenchmarkDotNet (bench/Dqml.Benchmarks); this command gives the same workloads in
/// seconds, for quick checks and CI-style comparisons.
/// </summary>
public static class BenchCommand
{
    /// <summary>The suites and their default qubit counts.</summary>
    public static IReadOnlyDictionary<string, int[]> Suites { get; } = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["gates"] = [10, 16, 20, 24],
        ["qcbm"] = [16, 20],
        ["measure"] = [8, 16, 20],
        ["density"] = [4, 6, 8, 10],
    };

    /// <summary>One measured case.</summary>
    public sealed record Case(string Suite, string Name, int Qubits, int? Target, int Threads, string Precision, double MedianSeconds, int Repetitions);

    /// <summary>Builds the <c>bench</c> command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var suite = new Option<string>("--suite")
        {
            Description = "Suite: gates (G1), qcbm (G2), measure (M1), density, or all.",
            DefaultValueFactory = _ => "all",
        };
        var qubits = new Option<string?>("--qubits", "-n") { Description = "Comma-separated qubit counts (default: per suite)." };
        var threads = new Option<int>("--threads")
        {
            CustomParser = r => OptionParsers.Int(r, "--threads") ?? 1,
            Description = "Worker threads: sampled trajectories, and chunks of the state for the gates and qcbm suites (n >= 16).",
            DefaultValueFactory = _ => 1,
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array, one object per case." };
        var cmd = new Command("bench", "Median run times of the simulator's benchmark suites (gates, qcbm, measure, density).");
        cmd.Add(suite);
        cmd.Add(qubits);
        cmd.Add(threads);
        cmd.Add(json);
        cmd.SetAction(parse =>
        {
            string s = parse.GetValue(suite) ?? "all";
            if (s != "all" && !Suites.ContainsKey(s))
            {
                throw new CliException($"--suite: '{s}' is not a suite (use gates, qcbm, measure, density or all)");
            }

            int t = parse.GetValue(threads);
            if (t < 1)
            {
                throw new CliException($"--threads: {t} must be at least 1");
            }

            int[]? ns = ParseQubits(parse.GetValue(qubits));
            var cases = new List<Case>();
            foreach (var name in s == "all" ? Suites.Keys : [s])
            {
                cases.AddRange(Run(name, ns ?? Suites[name], t));
            }

            if (parse.GetValue(json))
            {
                WriteJson(stdout, cases);
            }
            else
            {
                WriteTable(stdout, cases);
            }

            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>Runs one suite.</summary>
    public static IEnumerable<Case> Run(string suite, IReadOnlyList<int> qubits, int threads)
    {
        ArgumentNullException.ThrowIfNull(qubits);
        foreach (int n in qubits)
        {
            foreach (var c in suite switch
            {
                "gates" => Gates(n, threads),
                "qcbm" => Qcbm(n, threads),
                "measure" => Measure(n, threads),
                "density" => Density(n, threads),
                _ => throw new CliException($"--suite: '{suite}' is not a suite"),
            })
            {
                yield return c;
            }
        }
    }

    private static IEnumerable<Case> Gates(int n, int threads)
    {
        Check(n, 2, StateVector.MaxQubits, "gates");
        var state = new StateVector(n);
        StateVectorKernels.Apply1(state.Amplitudes, 0, 1, 0, 0, 1); // touch the memory once
        foreach (int target in new[] { 0, 3, n - 1 }.Distinct().Where(t => t < n))
        {
            int partner = target == 0 ? 1 : 0;
            (string Name, CompiledGate Gate)[] gates =
            [
                ("H", CompiledGate.Compile(StandardGates.H, [], [target])),
                ("RX", CompiledGate.Compile(StandardGates.RX, [0.37], [target])),
                ("RZ", CompiledGate.Compile(StandardGates.RZ, [0.37], [target])),
                ("CNOT", CompiledGate.Compile(StandardGates.CX, [], [partner, target])),
                ("CZ", CompiledGate.Compile(StandardGates.CZ, [], [partner, target])),
                ("dense2q", CompiledGate.Compile(StandardGates.RXX, [0.37], [partner, target])),
            ];
            foreach (var (name, gate) in gates)
            {
                var (median, reps) = Time(() => gate.Apply(state, threads));
                yield return new Case("gates", name, n, target, threads, "complex128", median, reps);
            }
        }
    }

    private static IEnumerable<Case> Qcbm(int n, int threads)
    {
        Check(n, 2, StateVector.MaxQubits, "qcbm");
        var circuit = Workloads.Qcbm(n);
        var sim = new StateVectorSimulator(new SimulatorOptions { Threads = threads });
        var (median, reps) = Time(() => sim.RunUnitary(circuit));
        yield return new Case("qcbm", "qcbm-unfused", n, null, threads, "complex128", median, reps);

        // Fused into blocks of at most 2 qubits (the plan is built once; binding and the state allocation are
        // timed with the run, as for the unfused case and as a training step re-binds every time).
        var plan = Simulation.Fusion.FusionPlan.Create(circuit);
        var (fusedMedian, fusedReps) = Time(() => plan.Run(threads: threads));
        yield return new Case("qcbm", "qcbm-fused", n, null, threads, "complex128", fusedMedian, fusedReps);
    }

    private static IEnumerable<Case> Measure(int n, int threads)
    {
        Check(n, 1, StateVector.MaxQubits, "measure");
        const int Shots = 64;
        var circuit = Workloads.MeasureReset(n);
        var sim = new StateVectorSimulator(new SimulatorOptions { Threads = threads });
        // Per shot: n mid-circuit measurements and n resets on an entangled state (the unitary prefix is
        // simulated once per call and amortised over the shots).
        var (median, reps) = Time(() => sim.Sample(circuit, Shots, 1));
        yield return new Case("measure", "measure-reset", n, null, threads, "complex128", median / Shots, reps);
    }

    private static IEnumerable<Case> Density(int n, int threads)
    {
        Check(n, 1, DensityMatrix.MaxQubits, "density");
        var circuit = Workloads.NoisyLayers(n);
        var sim = new DensityMatrixSimulator(new SimulatorOptions { Threads = threads });
        var (median, reps) = Time(() => sim.Run(circuit));
        yield return new Case("density", "depolarizing-layers", n, null, threads, "complex128", median, reps);
    }

    /// <summary>
    /// Median wall time of one call of <paramref name="work"/>: one warm-up call (tiered JIT), then
    /// repetitions until about half a second has passed (at least 3, at most 15). Each repetition times a
    /// batch of calls long enough (about 1 ms) for the timer's resolution not to matter, and divides.
    /// </summary>
    private static (double Median, int Repetitions) Time(Action work)
    {
        long t0 = Stopwatch.GetTimestamp();
        work();
        double first = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        int batch = (int)Math.Clamp(Math.Ceiling(1e-3 / Math.Max(first, 1e-9)), 1, 100_000);
        int reps = (int)Math.Clamp(Math.Ceiling(0.5 / Math.Max(first * batch, 1e-6)), 3, 15);
        var times = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int k = 0; k < batch; k++)
            {
                work();
            }

            times[r] = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency / batch;
        }

        Array.Sort(times);
        double median = reps % 2 == 1 ? times[reps / 2] : 0.5 * (times[(reps / 2) - 1] + times[reps / 2]);
        return (median, reps);
    }

    private static void Check(int n, int min, int max, string suite)
    {
        if (n < min || n > max)
        {
            throw new CliException($"--qubits: {n} is outside {min}..{max} for suite '{suite}'");
        }
    }

    private static int[]? ParseQubits(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split("..", 2);
            if (!int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out int lo)
                || (range.Length == 2 && !int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new CliException($"--qubits: '{part}' is not a qubit count or a range like 4..12");
            }

            int hi = range.Length == 2 ? int.Parse(range[1], CultureInfo.InvariantCulture) : lo;
            for (int n = lo; n <= hi; n++)
            {
                list.Add(n);
            }
        }

        return [.. list];
    }

    private static void WriteJson(TextWriter stdout, List<Case> cases)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var c in cases)
            {
                w.WriteStartObject();
                w.WriteString("suite", c.Suite);
                w.WriteString("case", c.Name);
                w.WriteNumber("qubits", c.Qubits);
                if (c.Target is int t)
                {
                    w.WriteNumber("target", t);
                }

                w.WriteNumber("threads", c.Threads);
                w.WriteString("precision", c.Precision);
                w.WriteNumber("medianSeconds", c.MedianSeconds);
                w.WriteNumber("repetitions", c.Repetitions);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        stdout.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteTable(TextWriter stdout, List<Case> cases)
    {
        var table = new Table().Title("Median run times (single-threaded kernels)");
        foreach (var h in new[] { "suite", "case", "qubits", "target", "threads", "median" })
        {
            table.AddColumn(h);
        }

        foreach (var c in cases)
        {
            table.AddRow(c.Suite, c.Name, c.Qubits.ToString(CultureInfo.InvariantCulture), c.Target?.ToString(CultureInfo.InvariantCulture) ?? "",
                c.Threads.ToString(CultureInfo.InvariantCulture), FormatSeconds(c.MedianSeconds));
        }

        Output.CliText.CreateConsole(stdout).Write(table);
    }

    private static string FormatSeconds(double s) => s switch
    {
        < 1e-3 => $"{s * 1e6:F1} us",
        < 1 => $"{s * 1e3:F2} ms",
        _ => $"{s:F2} s",
    };
}
