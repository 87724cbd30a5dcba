using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Dqml.Circuits.Gates;

namespace Dqml.Circuits.Noise;

/// <summary>
/// A quantum channel on k qubits, given by Kraus operators K_i (row-major 2^k x 2^k, first qubit least
/// significant): rho -&gt; sum_i K_i rho K_i^dagger. Every channel validates its parameters on
/// construction and is CPTP (sum_i K_i^dagger K_i = I).
/// </summary>
public abstract record NoiseChannel
{
    /// <summary>Tolerance of the completeness check sum K^dagger K = I.</summary>
    public const double CptpTolerance = 1e-9;

    /// <summary>Short name, e.g. "depolarizing".</summary>
    public abstract string Name { get; }

    /// <summary>Number of qubits acted on.</summary>
    public abstract int NumQubits { get; }

    /// <summary>The Kraus operators.</summary>
    public abstract ImmutableArray<Complex[]> KrausOperators();

    /// <summary>
    /// When the channel is a mixture of Pauli strings, their probabilities indexed by the Pauli code
    /// (2 bits per qubit, qubit j at bits 2j: 0 = I, 1 = X, 2 = Y, 3 = Z); otherwise null. Trajectories
    /// sample such channels directly.
    /// </summary>
    public virtual double[]? PauliProbabilities() => null;

    /// <summary>The inline spec that parses back to this channel (as the noise-spec parser reads it).</summary>
    public abstract string ToSpec();

    /// <summary>Checks a probability-like parameter.</summary>
    protected static double CheckProbability(double p, string what, double max = 1)
    {
        if (double.IsNaN(p) || p < 0 || p > max)
        {
            throw new ArgumentOutOfRangeException(what, p, $"{what} = {p.ToString(CultureInfo.InvariantCulture)} is outside [0, {max.ToString(CultureInfo.InvariantCulture)}]");
        }

        return p;
    }

    /// <summary>Formats a number for specs.</summary>
    protected static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>max |sum K^dagger K - I|.</summary>
    public static double CompletenessDeviation(IReadOnlyList<Complex[]> kraus, int dimension)
    {
        ArgumentNullException.ThrowIfNull(kraus);
        int d = dimension;
        var sum = new Complex[d * d];
        foreach (var k in kraus)
        {
            var kk = MatrixMath.Multiply(MatrixMath.Adjoint(k, d), k, d);
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += kk[i];
            }
        }

        double worst = 0;
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                worst = Math.Max(worst, (sum[(r * d) + c] - (r == c ? Complex.One : Complex.Zero)).Magnitude);
            }
        }

        return worst;
    }

    internal static Complex[] PauliMatrix(int code) => code switch
    {
        0 => [1, 0, 0, 1],
        1 => [0, 1, 1, 0],
        2 => [0, -Complex.ImaginaryOne, Complex.ImaginaryOne, 0],
        _ => [1, 0, 0, -1],
    };

    /// <summary>The Pauli string with code <paramref name="code"/> (2 bits per qubit: 0 I, 1 X, 2 Y, 3 Z; qubit j at bits 2j) as a matrix.</summary>
    public static Complex[] PauliStringMatrix(int code, int numQubits)
    {
        Complex[] m = PauliMatrix(code & 3);
        int d = 2;
        for (int j = 1; j < numQubits; j++)
        {
            m = MatrixMath.Kron(PauliMatrix((code >> (2 * j)) & 3), 2, m, d);
            d *= 2;
        }

        return m;
    }

    internal static ImmutableArray<Complex[]> PauliKraus(double[] probabilities, int numQubits)
    {
        var list = ImmutableArray.CreateBuilder<Complex[]>();
        for (int code = 0; code < probabilities.Length; code++)
        {
            if (probabilities[code] > 0)
            {
                double s = Math.Sqrt(probabilities[code]);
                list.Add([.. PauliStringMatrix(code, numQubits).Select(v => v * s)]);
            }
        }

        return list.ToImmutable();
    }
}

/// <summary>
/// Depolarizing channel on k = 1 or 2 qubits with Pauli error probability p: each of the 4^k - 1
/// non-identity Pauli strings is applied with probability p / (4^k - 1).
/// </summary>
/// <remarks>
/// Equivalently rho -&gt; (1 - lambda) rho + lambda I / 2^k with lambda = p 4^k / (4^k - 1) (Qiskit's
/// depolarizing_error parameter is lambda; qulacs' DepolarizingNoise probability is p). p is at most
/// (4^k - 1) / 4^k, the fully depolarizing channel.
/// </remarks>
public sealed record Depolarizing : NoiseChannel
{
    /// <summary>Creates the channel.</summary>
    public Depolarizing(double probability, int numQubits = 1)
    {
        if (numQubits is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(numQubits), numQubits, "depolarizing acts on 1 or 2 qubits");
        }

        int n4 = 1 << (2 * numQubits);
        Probability = CheckProbability(probability, "depolarizing probability", (n4 - 1) / (double)n4);
        Qubits = numQubits;
    }

    /// <summary>Total Pauli error probability p.</summary>
    public double Probability { get; }

    private int Qubits { get; }

    /// <inheritdoc />
    public override string Name => Qubits == 1 ? "depolarizing" : "depolarizing2";

    /// <inheritdoc />
    public override int NumQubits => Qubits;

    /// <inheritdoc />
    public override double[] PauliProbabilities()
    {
        int n4 = 1 << (2 * Qubits);
        var p = new double[n4];
        p[0] = 1 - Probability;
        for (int i = 1; i < n4; i++)
        {
            p[i] = Probability / (n4 - 1);
        }

        return p;
    }

    /// <inheritdoc />
    public override ImmutableArray<Complex[]> KrausOperators() => PauliKraus(PauliProbabilities(), Qubits);

    /// <inheritdoc />
    public override string ToSpec() => $"{Name}:{F(Probability)}";
}

/// <summary>One-qubit Pauli channel: X, Y, Z with probabilities px, py, pz.</summary>
public sealed record PauliChannel : NoiseChannel
{
    /// <summary>Creates the channel; px + py + pz must be at most 1.</summary>
    public PauliChannel(double px, double py, double pz)
    {
        PX = CheckProbability(px, "px");
        PY = CheckProbability(py, "py");
        PZ = CheckProbability(pz, "pz");
        CheckProbability(px + py + pz, "px + py + pz");
    }

    /// <summary>Probability of X.</summary>
    public double PX { get; }

    /// <summary>Probability of Y.</summary>
    public double PY { get; }

    /// <summary>Probability of Z.</summary>
    public double PZ { get; }

    /// <inheritdoc />
    public override string Name => "pauli";

    /// <inheritdoc />
    public override int NumQubits => 1;

    /// <inheritdoc />
    public override double[] PauliProbabilities() => [1 - PX - PY - PZ, PX, PY, PZ];

    /// <inheritdoc />
    public override ImmutableArray<Complex[]> KrausOperators() => PauliKraus(PauliProbabilities(), 1);

    /// <inheritdoc />
    public override string ToSpec() => $"pauli:{F(PX)},{F(PY)},{F(PZ)}";
}

/// <summary>Amplitude damping with decay probability gamma: K0 = [[1,0],[0,sqrt(1-g)]], K1 = [[0,sqrt g],[0,0]].</summary>
public sealed record AmplitudeDamping : NoiseChannel
{
    /// <summary>Creates the channel.</summary>
    public AmplitudeDamping(double gamma) => Gamma = CheckProbability(gamma, "amplitude damping gamma");

    /// <summary>Decay probability.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override string Name => "amplitude_damping";

    /// <inheritdoc />
    public override int NumQubits => 1;

    /// <inheritdoc />
    public override ImmutableArray<Complex[]> KrausOperators()
        => [[1, 0, 0, Math.Sqrt(1 - Gamma)], [0, Math.Sqrt(Gamma), 0, 0]];

    /// <inheritdoc />
    public override string ToSpec() => $"amplitude_damping:{F(Gamma)}";
}

/// <summary>Phase damping: K0 = [[1,0],[0,sqrt(1-l)]], K1 = [[0,0],[0,sqrt l]]; coherences scale by sqrt(1-l).</summary>
public sealed record PhaseDamping : NoiseChannel
{
    /// <summary>Creates the channel.</summary>
    public PhaseDamping(double lambda) => Lambda = CheckProbability(lambda, "phase damping lambda");

    /// <summary>Damping parameter.</summary>
    public double Lambda { get; }

    /// <inheritdoc />
    public override string Name => "phase_damping";

    /// <inheritdoc />
    public override int NumQubits => 1;

    /// <inheritdoc />
    public override ImmutableArray<Complex[]> KrausOperators()
        => [[1, 0, 0, Math.Sqrt(1 - Lambda)], [0, 0, 0, Math.Sqrt(Lambda)]];

    /// <inheritdoc />
    public override string ToSpec() => $"phase_damping:{F(Lambda)}";
}

/// <summary>
/// Thermal relaxation towards |0&gt; for a duration t with relaxation time T1 and coherence time T2
/// (T2 &lt;= 2 T1): populations decay as exp(-t/T1), coherences as exp(-t/T2). Amplitude damping with
/// gamma = 1 - exp(-t/T1) followed by phase damping with lambda = 1 - exp(-t (2/T2 - 1/T1)).
/// </summary>
public sealed record ThermalRelaxation : NoiseChannel
{
    /// <summary>Creates the channel; times in seconds.</summary>
    public ThermalRelaxation(double t1, double t2, double duration)
    {
        if (!(t1 > 0) || double.IsInfinity(t1))
        {
            throw new ArgumentOutOfRangeException(nameof(t1), t1, $"T1 = {F(t1)} s must be positive and finite");
        }

        if (!(t2 > 0) || double.IsInfinity(t2))
        {
            throw new ArgumentOutOfRangeException(nameof(t2), t2, $"T2 = {F(t2)} s must be positive and finite");
        }

        if (t2 > 2 * t1 * (1 + 1e-12))
        {
            throw new ArgumentOutOfRangeException(nameof(t2), t2, $"T2 = {F(t2)} s exceeds 2 T1 = {F(2 * t1)} s, which no physical qubit allows");
        }

        if (!(duration >= 0) || double.IsInfinity(duration))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, $"duration = {F(duration)} s must be non-negative and finite");
        }

        T1 = t1;
        T2 = t2;
        Duration = duration;
    }

    /// <summary>Relaxation time T1 (s).</summary>
    public double T1 { get; }

    /// <summary>Coherence time T2 (s).</summary>
    public double T2 { get; }

    /// <summary>Idle or gate duration (s).</summary>
    public double Duration { get; }

    /// <summary>Amplitude-damping parameter 1 - exp(-t/T1).</summary>
    public double Gamma => -double.ExpM1(-Duration / T1);

    /// <summary>Extra phase-damping parameter 1 - exp(-t (2/T2 - 1/T1)).</summary>
    public double Lambda => Math.Max(0, -double.ExpM1(-Duration * ((2 / T2) - (1 / T1))));

    /// <inheritdoc />
    public override string Name => "thermal_relaxation";

    /// <inheritdoc />
    public override int NumQubits => 1;

    /// <inheritdoc />
    public override ImmutableArray<Complex[]> KrausOperators()
    {
        double g = Gamma, l = Lambda;
        double a = Math.Sqrt(1 - g), b = Math.Sqrt(1 - l);
        // Phase damping after amplitude damping: products P_j A_i, zero products dropped.
        return
        [
            [1, 0, 0, a * b],
            [0, Math.Sqrt(g), 0, 0],
            [0, 0, 0, a * Math.Sqrt(l)],
        ];
    }

    /// <inheritdoc />
    public override string ToSpec() => $"thermal_relaxation:t1={F(T1)},t2={F(T2)},time={F(Duration)}";
}

/// <summary>A general channel from user Kraus operators, validated CPTP.</summary>
public sealed record KrausChannel : NoiseChannel
{
    private readonly ImmutableArray<Complex[]> _kraus;

    /// <summary>Creates the channel.</summary>
    /// <exception cref="ArgumentException">Shapes differ, are not 2^k x 2^k, or sum K^dagger K != I.</exception>
    public KrausChannel(IEnumerable<Complex[]> kraus, string name = "kraus")
    {
        ArgumentNullException.ThrowIfNull(kraus);
        var list = kraus.Select(k => (Complex[])k.Clone()).ToImmutableArray();
        if (list.IsEmpty)
        {
            throw new ArgumentException($"channel '{name}': at least one Kraus operator is required", nameof(kraus));
        }

        int len = list[0].Length;
        int d = (int)Math.Round(Math.Sqrt(len));
        if (d * d != len || d < 2 || (d & (d - 1)) != 0 || d > 16)
        {
            throw new ArgumentException($"channel '{name}': Kraus operator 0 has {len} entries, not a 2^k x 2^k matrix with k <= 4", nameof(kraus));
        }

        for (int i = 1; i < list.Length; i++)
        {
            if (list[i].Length != len)
            {
                throw new ArgumentException($"channel '{name}': Kraus operator {i} has {list[i].Length} entries, operator 0 has {len}", nameof(kraus));
            }
        }

        double dev = CompletenessDeviation(list, d);
        if (double.IsNaN(dev) || dev > CptpTolerance)
        {
            throw new ArgumentException($"channel '{name}' is not trace preserving: max |sum K^dagger K - I| = {dev:G3} (tolerance {CptpTolerance:G1})", nameof(kraus));
        }

        _kraus = list;
        ChannelName = name;
        Qubits = System.Numerics.BitOperations.Log2((uint)d);
    }

    private string ChannelName { get; }

    private int Qubits { get; }

    /// <inheritdoc />
    public override string Name => ChannelName;

    /// <inheritdoc />
    public override int NumQubits => Qubits;

    /// <inheritdoc />
    public override ImmutableArray<Complex[]> KrausOperators() => [.. _kraus.Select(k => (Complex[])k.Clone())];

    /// <inheritdoc />
    public override string ToSpec() => throw new InvalidOperationException($"channel '{Name}' is given by Kraus matrices and has no inline spec");
}
