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
        ["batch"] = [8],
        ["train"] = [TrainQubits],
    };

    /// <summary>The suites that run in single precision (the others are complex128 only).</summary>
    public static IReadOnlyList<string> SinglePrecisionSuites { get; } = ["gates", "qcbm", "batch"];

    /// <summary>One measured case (<paramref name="Precision"/> is "double" or "single"; <paramref name="Fusion"/> the block width of a fused case).</summary>
    public sealed record Case(string Suite, string Name, int Qubits, int? Target, int Threads, string Precision, double MedianSeconds, int Repetitions, int? Fusion = null);

    /// <summary>Builds the <c>bench</c> command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var suite = new Option<string>("--suite")
        {
            Description = "Suite: gates (G1), qcbm (G2), measure (M1), density, batch (1000 bindings of a small circuit, threads across samples), train (one training iteration of the Hwang QCNN, schemes cc, qc, nc at L = 9, batch 512), or all.",
            DefaultValueFactory = _ => "all",
        };
        var qubits = new Option<string?>("--qubits", "-n") { Description = "Comma-separated qubit counts (default: per suite)." };
        var threads = new Option<int>("--threads")
        {
            CustomParser = r => OptionParsers.Int(r, "--threads") ?? 1,
            Description = "Worker threads: sampled trajectories, chunks of the state for the gates and qcbm suites (n >= 16), samples for the batch suite.",
            DefaultValueFactory = _ => 1,
        };
        var precision = new Option<string>("--precision")
        {
            Description = "Amplitude precision: double (complex128, default) or single (complex64; suites gates, qcbm and batch).",
            DefaultValueFactory = _ => "double",
        };
        var fusion = new Option<int?>("--fusion")
        {
            CustomParser = r => OptionParsers.Int(r, "--fusion"),
            Description = $"Block width (1..{Simulation.Fusion.FusionPlan.MaxBlockQubits}) of the qcbm-fused case (default {Simulation.Fusion.FusionPlan.DefaultMaxQubits}).",
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array, one object per case." };
        var cmd = new Command("bench", "Median run times of the simulator's benchmark suites (gates, qcbm, measure, density, batch) and of a training iteration (train).");
        cmd.Add(suite);
        cmd.Add(qubits);
        cmd.Add(threads);
        cmd.Add(precision);
        cmd.Add(fusion);
        cmd.Add(json);
        cmd.SetAction(parse =>
        {
            string s = parse.GetValue(suite) ?? "all";
            if (s != "all" && !Suites.ContainsKey(s))
            {
                throw new CliException($"--suite: '{s}' is not a suite (use gates, qcbm, measure, density, batch, train or all)");
            }

            int t = parse.GetValue(threads);
            if (t < 1)
            {
                throw new CliException($"--threads: {t} must be at least 1");
            }

            string p = parse.GetValue(precision) ?? "double";
            if (p is not ("double" or "single"))
            {
                throw new CliException($"--precision: '{p}' is not a precision (use double or single)");
            }

            bool single = p == "single";
            if (single && s != "all" && !SinglePrecisionSuites.Contains(s))
            {
                throw new CliException($"--precision single: suite '{s}' runs in double precision only (single-precision suites: {string.Join(", ", SinglePrecisionSuites)})");
            }

            int? k = parse.GetValue(fusion);
            if (k is int kk && (kk < 1 || kk > Simulation.Fusion.FusionPlan.MaxBlockQubits))
            {
                throw new CliException($"--fusion: {kk} is outside 1..{Simulation.Fusion.FusionPlan.MaxBlockQubits}");
            }

            int[]? ns = ParseQubits(parse.GetValue(qubits));
            var cases = new List<Case>();
            foreach (var name in s == "all" ? Suites.Keys.Where(x => !single || SinglePrecisionSuites.Contains(x)) : [s])
            {
                cases.AddRange(Run(name, ns ?? Suites[name], t, single ? Precision.Single : Precision.Double, k));
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

    /// <summary>Runs one suite in double precision.</summary>
    public static IEnumerable<Case> Run(string suite, IReadOnlyList<int> qubits, int threads)
        => Run(suite, qubits, threads, Precision.Double, null);

    /// <summary>
    /// Runs one suite; <paramref name="precision"/> applies to the gates and qcbm suites, <paramref name="fusion"/> (null:
    /// <see cref="Simulation.Fusion.FusionPlan.DefaultMaxQubits"/>) to the qcbm-fused case.
    /// </summary>
    public static IEnumerable<Case> Run(string suite, IReadOnlyList<int> qubits, int threads, Precision precision, int? fusion)
    {
        ArgumentNullException.ThrowIfNull(qubits);
        bool single = precision == Precision.Single;
        foreach (int n in qubits)
        {
            foreach (var c in suite switch
            {
                "gates" => single ? GatesSingle(n, threads) : Gates(n, threads),
                "qcbm" => Qcbm(n, threads, single, fusion ?? Simulation.Fusion.FusionPlan.DefaultMaxQubits),
                "measure" => Measure(n, threads),
                "density" => Density(n, threads),
                "batch" => Batch(n, threads, precision),
                "train" => Train(n, threads),
                _ => throw new CliException($"--suite: '{suite}' is not a suite"),
            })
            {
                yield return c;
            }
        }
    }

    /// <summary>The G1 gates on target qubit <paramref name="target"/> (two-qubit gates on (1, 0) for target 0, else on (0, target)).</summary>
    private static (string Name, CompiledGate Gate)[] GatesOn(int target)
    {
        int partner = target == 0 ? 1 : 0;
        return
        [
            ("H", CompiledGate.Compile(StandardGates.H, [], [target])),
            ("RX", CompiledGate.Compile(StandardGates.RX, [0.37], [target])),
            ("RZ", CompiledGate.Compile(StandardGates.RZ, [0.37], [target])),
            ("CNOT", CompiledGate.Compile(StandardGates.CX, [], [partner, target])),
            ("CZ", CompiledGate.Compile(StandardGates.CZ, [], [partner, target])),
            ("dense2q", CompiledGate.Compile(StandardGates.RXX, [0.37], [partner, target])),
        ];
    }

    private static IEnumerable<int> Targets(int n) => new[] { 0, 3, n - 1 }.Distinct().Where(t => t < n);

    private static IEnumerable<Case> Gates(int n, int threads)
    {
        Check(n, 2, StateVector.MaxQubits, "gates");
        var state = new StateVector(n);
        StateVectorKernels.Apply1(state.Amplitudes, 0, 1, 0, 0, 1); // touch the memory once
        foreach (int target in Targets(n))
        {
            foreach (var (name, gate) in GatesOn(target))
            {
                var (median, reps) = Time(() => gate.Apply(state, threads), threads: threads);
                yield return new Case("gates", name, n, target, threads, "double", median, reps);
            }
        }
    }

    private static IEnumerable<Case> GatesSingle(int n, int threads)
    {
        Check(n, 2, StateVectorSingle.MaxQubits, "gates");
        using var state = new StateVectorSingle(n); // native memory, zeroed (touched) on allocation
        foreach (int target in Targets(n))
        {
            foreach (var (name, gate) in GatesOn(target))
            {
                var (median, reps) = Time(() => gate.Apply(state, threads), threads: threads);
                yield return new Case("gates", name, n, target, threads, "single", median, reps);
            }
        }
    }

    private static IEnumerable<Case> Qcbm(int n, int threads, bool single, int fusion)
    {
        Check(n, 2, StateVector.MaxQubits, "qcbm");
        var circuit = Workloads.Qcbm(n);
        string precision = single ? "single" : "double";
        var sim = new StateVectorSimulator(new SimulatorOptions { Threads = threads, Precision = single ? Precision.Single : Precision.Double });

        // The state allocation and binding are timed with the run (as a training step re-binds every time); the
        // plan is built once.
        var (median, reps) = single
            ? Time(() => sim.RunUnitarySingle(circuit).Dispose(), threads: threads)
            : Time(() => sim.RunUnitary(circuit), threads: threads);
        yield return new Case("qcbm", "qcbm-unfused", n, null, threads, precision, median, reps);

        var plan = Simulation.Fusion.FusionPlan.Create(circuit, fusion);
        var (fusedMedian, fusedReps) = single
            ? Time(() => plan.RunSingle(threads: threads).Dispose(), threads: threads)
            : Time(() => plan.Run(threads: threads), threads: threads);
        yield return new Case("qcbm", "qcbm-fused", n, null, threads, precision, fusedMedian, fusedReps, fusion);
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
        yield return new Case("measure", "measure-reset", n, null, threads, "double", median / Shots, reps);
    }

    /// <summary>Samples per batch-suite case.</summary>
    public const int BatchSamples = 1000;

    private static IEnumerable<Case> Batch(int n, int threads, Precision precision)
    {
        Check(n, 1, 20, "batch");
        var circuit = Workloads.TrainableLayers(n);
        var bindings = Workloads.Bindings(circuit, BatchSamples);
        var observable = PauliSum.Parse("Z0");
        var sim = new BatchSimulator(new SimulatorOptions { Threads = threads, Precision = precision });

        // Threads across samples (one state per worker): the whole batch of <BatchSamples> expectation values.
        var (median, reps) = Time(() => sim.Expectations(circuit, bindings, observable), threads: threads);
        yield return new Case("batch", $"batch-expectations-{BatchSamples}", n, null, threads, precision == Precision.Single ? "single" : "double", median, reps);
    }

    /// <summary>Qubits of the Hwang et al. QCNN (two processors of four).</summary>
    public const int TrainQubits = 8;

    /// <summary>Depth of the train-suite models (the issue's target: CC, L = 9, 1000 iterations x 512 in 30 s on two cores).</summary>
    public const int TrainDepth = 9;

    /// <summary>Batch size of the train suite.</summary>
    public const int TrainBatch = 512;

    /// <summary>Warm-up iterations of a train-suite case before timing.</summary>
    private const int TrainWarmCalls = 40;

    /// <summary>
    /// One training iteration (decision values of <see cref="TrainBatch"/> Appendix-B rows and the gradient of the MSE
    /// batch loss, <see cref="Learning.Models.CircuitModel.LossAndGradient"/>) of the Hwang QCNN at depth <see cref="TrainDepth"/>,
    /// for schemes CC, QC and NC; as bench/Dqml.Benchmarks/TrainingBenchmarks.cs.
    /// </summary>
    private static IEnumerable<Case> Train(int n, int threads)
    {
        if (n != TrainQubits)
        {
            throw new CliException($"--qubits: the train suite times the {TrainQubits}-qubit Hwang QCNN; got {n}");
        }

        var batch = Learning.Data.HwangDataset.Generate(1).Train.ToSignedLabels().Subset([.. Enumerable.Range(0, TrainBatch)]);
        foreach (var name in new[] { "cc", "qc", "nc" })
        {
            var (scheme, pairs) = Learning.Models.Hwang.HwangQcnn.ParseScheme(name);
            var model = Learning.Models.Hwang.HwangQcnn.Build(new Learning.Models.Hwang.HwangQcnnOptions { Scheme = scheme, Depth = TrainDepth, BellPairs = Math.Max(1, pairs) }).Model;
            var parameters = model.InitialParameters(1);
            var (median, reps) = Time(() => model.LossAndGradient(parameters, batch, Learning.Models.Loss.Mse, threads), TrainWarmCalls, threads);
            yield return new Case("train", $"{name}-L{TrainDepth}-iteration", n, null, threads, "double", median, reps);
        }
    }

    private static IEnumerable<Case> Density(int n, int threads)
    {
        Check(n, 1, DensityMatrix.MaxQubits, "density");
        var circuit = Workloads.NoisyLayers(n);
        var sim = new DensityMatrixSimulator(new SimulatorOptions { Threads = threads });
        var (median, reps) = Time(() => sim.Run(circuit));
        yield return new Case("density", "depolarizing-layers", n, null, threads, "double", median, reps);
    }

    /// <summary>
    /// Median wall time of one call of <paramref name="work"/>: warm-up calls for about 0.5 s (at least two, just one if
    /// a call takes a second or more: the tiered JIT promotes the call path to optimised code in the background, which
    /// a fixed number of calls does not wait for: capped at 5000 calls, the sub-microsecond gates were timed at tier 0,
    /// up to 2.3x slow), then repetitions until about half a second has passed (at least 3, at most 15). Each repetition
    /// times a batch of calls long enough (about 1 ms, sized from the last warm call) for the timer's resolution not
    /// to matter, and divides.
    /// </summary>
    /// <param name="work">The timed call.</param>
    /// <param name="minimumWarmCalls">Warm-up calls made whatever the time (a call path with many kernels needs a few dozen to be fully optimised).</param>
    /// <param name="threads">Threads the work keeps busy: with more than one, a pause and a second warm-up follow.</param>
    private static (double Median, int Repetitions) Time(Action work, int minimumWarmCalls = 2, int threads = 1)
    {
        long warmStart = Stopwatch.GetTimestamp();
        double last = double.MaxValue;
        for (int w = 0; w < 50_000_000 && (w < minimumWarmCalls || Stopwatch.GetElapsedTime(warmStart).TotalSeconds < 0.5) && !(w >= minimumWarmCalls - 1 && last >= 1.0); w++)
        {
            long t0 = Stopwatch.GetTimestamp();
            work();
            last = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }

        // The tiered JIT compiles the hot methods' optimised code on a background thread; when many-method work keeps
        // every core busy (threads across samples, a training step) that thread barely runs during the warm-up: at n = 8
        // the batch suite timed 2 threads slower than 1. A pause lets it finish, and a second warm-up runs the new code.
        if (threads > 1 && last < 1.0)
        {
            System.Threading.Thread.Sleep(250);
            long rewarm = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(rewarm).TotalSeconds < 0.1)
            {
                long t0 = Stopwatch.GetTimestamp();
                work();
                last = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            }
        }

        int batch = (int)Math.Clamp(Math.Ceiling(1e-3 / Math.Max(last, 1e-9)), 1, 100_000);
        int reps = (int)Math.Clamp(Math.Ceiling(0.5 / Math.Max(last * batch, 1e-6)), 3, 15);
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
                if (c.Fusion is int f)
                {
                    w.WriteNumber("fusion", f);
                }

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
        var table = new Table().Title("Median run times");
        foreach (var h in new[] { "suite", "case", "qubits", "target", "threads", "precision", "median" })
        {
            table.AddColumn(h);
        }

        foreach (var c in cases)
        {
            table.AddRow(c.Suite, c.Name, c.Qubits.ToString(CultureInfo.InvariantCulture), c.Target?.ToString(CultureInfo.InvariantCulture) ?? "",
                c.Threads.ToString(CultureInfo.InvariantCulture), c.Precision, FormatSeconds(c.MedianSeconds));
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
