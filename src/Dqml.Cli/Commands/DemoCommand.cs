using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Cli.Output;
using Dqml.Simulation;
using Spectre.Console;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml demo</c>: two small checks that exercise the whole stack (builder, mid-circuit measurement,
/// feed-forward, exact and sampled simulation, Pauli expectations): quantum teleportation and the CHSH
/// Bell test.
/// </summary>
public static class DemoCommand
{
    /// <summary>Default seed of the sampled estimates.</summary>
    public const ulong DefaultSeed = 1;

    /// <summary>Default shots per sampled circuit.</summary>
    public const int DefaultShots = 4000;

    /// <summary>RY angle of the teleported state RZ(<see cref="InputRz"/>) RY(<see cref="InputRy"/>) |0&gt;.</summary>
    public const double InputRy = 1.1;

    /// <summary>RZ angle of the teleported state.</summary>
    public const double InputRz = 0.4;

    /// <summary>The best CHSH value of a local hidden-variable model, |S| &lt;= 2.</summary>
    public const double ClassicalBound = 2;

    /// <summary>The best classical winning probability of the CHSH game.</summary>
    public const double ClassicalWinProbability = 0.75;

    /// <summary>Tsirelson's bound 2 sqrt 2, reached by a Bell pair with the optimal observables.</summary>
    public static double TsirelsonBound { get; } = 2 * Math.Sqrt(2);

    /// <summary>Measurement angles a in the X-Z plane (observable cos a Z + sin a X) of Alice (qubit 0): Z, X.</summary>
    public static IReadOnlyList<double> AliceAngles { get; } = [0, Math.PI / 2];

    /// <summary>Measurement angles of Bob (qubit 1): (Z+X)/sqrt2, (Z-X)/sqrt2.</summary>
    public static IReadOnlyList<double> BobAngles { get; } = [Math.PI / 4, -Math.PI / 4];

    /// <summary>Builds the <c>demo</c> command; results are written to <paramref name="stdout"/>.</summary>
    public static Command Create(TextWriter stdout)
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the report." };
        var seed = new Option<ulong>("--seed")
        {
            CustomParser = r => OptionParsers.UInt64(r, "--seed") ?? DefaultSeed,
            Description = "Seed of the sampled estimates.",
            DefaultValueFactory = _ => DefaultSeed,
        };
        var shots = new Option<int>("--shots", "-s")
        {
            CustomParser = r => OptionParsers.Int(r, "--shots") ?? DefaultShots,
            Description = "Shots per sampled circuit.",
            DefaultValueFactory = _ => DefaultShots,
        };
        var cmd = new Command("demo", "Teleportation with mid-circuit measurement and feed-forward, and the CHSH Bell test: exact values and sampled estimates.");
        cmd.Add(json);
        cmd.Add(seed);
        cmd.Add(shots);
        cmd.SetAction(parse =>
        {
            int n = parse.GetValue(shots);
            if (n < 1)
            {
                throw new CliException($"--shots must be a positive integer, got {n}");
            }

            var report = Compute(n, parse.GetValue(seed));
            if (parse.GetValue(json))
            {
                WriteJson(stdout, report);
            }
            else
            {
                WriteReport(stdout, report);
            }

            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>Results of the demo.</summary>
    public sealed record Report(
        ulong Seed,
        int Shots,
        double TeleportationFidelity,
        int TeleportationBranches,
        int TeleportationReturnedToZero,
        double[,] Correlators,
        double S,
        double[,] SampledCorrelators,
        double SampledS,
        double SampledWinProbability)
    {
        /// <summary>Sampled teleportation fidelity: the fraction of shots in which undoing the preparation on qubit 2 gives |0&gt;.</summary>
        public double SampledTeleportationFidelity => (double)TeleportationReturnedToZero / Shots;

        /// <summary>CHSH-game winning probability (1 + S/4) / 2.</summary>
        public double QuantumWinProbability => (1 + (S / 4)) / 2;

        /// <summary>Binomial standard error of <see cref="SampledWinProbability"/> (4 settings x shots rounds).</summary>
        public double SampledWinStandardError => Math.Sqrt(SampledWinProbability * (1 - SampledWinProbability) / (4.0 * Shots));
    }

    /// <summary>Runs both checks.</summary>
    public static Report Compute(int shots, ulong seed)
    {
        var sim = new StateVectorSimulator();

        // 1. Teleportation of |psi> = RZ(0.4) RY(1.1) |0> from qubit 0 to qubit 2.
        var teleport = Teleportation(check: false);
        var exact = sim.RunExact(teleport);
        var rho = exact.ReducedDensityMatrix([2]);
        var psi = InputState();
        Complex f = Complex.Zero;
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                f += Complex.Conjugate(psi[i]) * rho[i, j] * psi[j];
            }
        }

        var sampled = sim.Sample(Teleportation(check: true), shots, seed);
        int zero = sampled.Counts.Where(kv => kv.Key[0] == '0').Sum(kv => kv.Value);

        // 2. CHSH on the Bell state (|00> + |11>)/sqrt2; Alice holds qubit 0, Bob qubit 1.
        var bell = sim.RunUnitary(new CircuitBuilder(2).H(0).CX(0, 1).Build());
        double zz = bell.Expectation(PauliString.Parse("ZZ"));
        double xz = bell.Expectation(PauliString.Parse("XZ")); // X on Bob (qubit 1), Z on Alice (qubit 0)
        double zx = bell.Expectation(PauliString.Parse("ZX"));
        double xx = bell.Expectation(PauliString.Parse("XX"));
        var e = new double[2, 2];
        var es = new double[2, 2];
        double wins = 0;
        for (int x = 0; x < 2; x++)
        {
            for (int y = 0; y < 2; y++)
            {
                double ca = Math.Cos(AliceAngles[x]), sa = Math.Sin(AliceAngles[x]);
                double cb = Math.Cos(BobAngles[y]), sb = Math.Sin(BobAngles[y]);
                e[x, y] = (ca * cb * zz) + (ca * sb * xz) + (sa * cb * zx) + (sa * sb * xx);

                var counts = sim.Sample(ChshRound(x, y), shots, seed + 1 + (ulong)((2 * x) + y)).Counts;
                double corr = 0;
                foreach (var (key, c) in counts)
                {
                    int a = key[1] - '0', b = key[0] - '0'; // key is "c1 c0" = "Bob Alice"
                    corr += (a == b ? 1 : -1) * c;
                    if ((a ^ b) == (x & y))
                    {
                        wins += c;
                    }
                }

                es[x, y] = corr / shots;
            }
        }

        return new Report(
            seed,
            shots,
            f.Real,
            exact.BranchCount,
            zero,
            e,
            Chsh(e),
            es,
            Chsh(es),
            wins / (4.0 * shots));
    }

    /// <summary>S = E(A0,B0) + E(A0,B1) + E(A1,B0) - E(A1,B1).</summary>
    public static double Chsh(double[,] e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e[0, 0] + e[0, 1] + e[1, 0] - e[1, 1];
    }

    /// <summary>
    /// Teleportation of RZ(0.4) RY(1.1)|0&gt; from qubit 0 to qubit 2: Bell pair on qubits 1, 2; Bell
    /// measurement of qubits 0, 1 into bits 0, 1; X on qubit 2 if bit 1, Z if bit 0. With
    /// <paramref name="check"/>, qubit 2 is rotated back and measured into bit 2 (0 when the state arrived).
    /// </summary>
    public static Circuit Teleportation(bool check)
    {
        var b = new CircuitBuilder(3, check ? 3 : 2);
        b.RY(InputRy, 0).RZ(InputRz, 0);
        b.H(1).CX(1, 2);
        b.CX(0, 1).H(0);
        b.Measure(0, 0).Measure(1, 1);
        b.If(1, true, c => c.X(2));
        b.If(0, true, c => c.Z(2));
        if (check)
        {
            b.RZ(-InputRz, 2).RY(-InputRy, 2).Measure(2, 2);
        }

        return b.Build();
    }

    /// <summary>
    /// One CHSH setting: Bell pair, then RY(-angle) on each side so that a Z measurement measures
    /// cos(angle) Z + sin(angle) X; Alice's outcome in bit 0, Bob's in bit 1.
    /// </summary>
    public static Circuit ChshRound(int x, int y) => new CircuitBuilder(2, 2)
        .H(0).CX(0, 1)
        .RY(-AliceAngles[x], 0).RY(-BobAngles[y], 1)
        .Measure(0, 0).Measure(1, 1)
        .Build();

    /// <summary>The teleported state's amplitudes, from the catalog's gate matrices.</summary>
    public static Complex[] InputState()
    {
        var ry = StandardGates.RY.Matrix([InputRy]);
        var rz = StandardGates.RZ.Matrix([InputRz]);
        Complex[] v = [ry[0], ry[2]]; // RY |0> = first column
        return [(rz[0] * v[0]) + (rz[1] * v[1]), (rz[2] * v[0]) + (rz[3] * v[1])];
    }

    private static void WriteJson(TextWriter stdout, Report r) => CliText.WriteJson(stdout, w =>
    {
        w.WriteNumber("seed", r.Seed);
        w.WriteNumber("shots", r.Shots);
        w.WriteStartObject("teleportation");
        w.WriteString("input", $"RZ({Num(InputRz)}) RY({Num(InputRy)}) |0>");
        w.WriteNumber("fidelity", r.TeleportationFidelity);
        w.WriteNumber("branchCount", r.TeleportationBranches);
        w.WriteNumber("sampledFidelity", r.SampledTeleportationFidelity);
        w.WriteNumber("sampledShots", r.Shots);
        w.WriteEndObject();
        w.WriteStartObject("chsh");
        w.WriteNumber("S", r.S);
        w.WriteNumber("classicalBound", ClassicalBound);
        w.WriteNumber("tsirelsonBound", TsirelsonBound);
        w.WriteNumber("quantumWinProbability", r.QuantumWinProbability);
        w.WriteNumber("classicalWinProbability", ClassicalWinProbability);
        WriteCorrelators(w, "correlators", r.Correlators);
        w.WriteNumber("sampledS", r.SampledS);
        w.WriteNumber("sampledWinProbability", r.SampledWinProbability);
        w.WriteNumber("sampledWinStandardError", r.SampledWinStandardError);
        w.WriteNumber("sampledShotsPerSetting", r.Shots);
        WriteCorrelators(w, "sampledCorrelators", r.SampledCorrelators);
        w.WriteEndObject();
    });

    private static void WriteCorrelators(System.Text.Json.Utf8JsonWriter w, string name, double[,] e)
    {
        w.WriteStartObject(name);
        for (int x = 0; x < 2; x++)
        {
            for (int y = 0; y < 2; y++)
            {
                w.WriteNumber($"A{x}B{y}", e[x, y]);
            }
        }

        w.WriteEndObject();
    }

    private static void WriteReport(TextWriter stdout, Report r)
    {
        var console = CliText.CreateConsole(stdout);
        console.WriteLine("Dqml demo: teleportation and the CHSH Bell test (state-vector simulator)");
        console.WriteLine();
        console.WriteLine($"1. Teleportation of RZ({Num(InputRz)}) RY({Num(InputRy)})|0> from qubit 0 to qubit 2 (mid-circuit Bell measurement, X/Z feed-forward)");
        console.WriteLine($"   fidelity of qubit 2 with the input, exact average over outcomes: {CliText.Fixed(r.TeleportationFidelity, 9)}");
        console.WriteLine($"   sampled: undoing the preparation on qubit 2 gave |0> in {r.TeleportationReturnedToZero}/{r.Shots} shots (seed {r.Seed})");
        console.WriteLine();
        console.WriteLine("2. CHSH on (|00>+|11>)/sqrt2: Alice (qubit 0) measures Z or X, Bob (qubit 1) (Z+X)/sqrt2 or (Z-X)/sqrt2");
        var table = new Table();
        table.AddColumn("quantity");
        table.AddColumn(new TableColumn("exact").RightAligned());
        table.AddColumn(new TableColumn($"sampled ({r.Shots} shots/setting)").RightAligned());
        table.AddColumn(new TableColumn("classical bound").RightAligned());
        for (int x = 0; x < 2; x++)
        {
            for (int y = 0; y < 2; y++)
            {
                table.AddRow(Markup.Escape($"<A{x} B{y}>"), CliText.Fixed(r.Correlators[x, y], 4), CliText.Fixed(r.SampledCorrelators[x, y], 4), string.Empty);
            }
        }

        table.AddRow("S", CliText.Fixed(r.S, 4), CliText.Fixed(r.SampledS, 4), Num(ClassicalBound));
        table.AddRow("CHSH game win probability", CliText.Fixed(r.QuantumWinProbability, 4), $"{CliText.Fixed(r.SampledWinProbability, 4)} ± {CliText.Fixed(r.SampledWinStandardError, 4)}", Num(ClassicalWinProbability));
        console.Write(table);
        console.WriteLine($"   S = 2 sqrt2 = {CliText.Fixed(TsirelsonBound, 4)} (Tsirelson's bound); win probability (1 + S/4)/2 = cos^2(pi/8) = {CliText.Fixed(r.QuantumWinProbability, 4)}");
        stdout.Flush();
    }

    private static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);
}
