using System.Collections.Immutable;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;

namespace Dqml.Analysis.NonlocalGames;

/// <summary>The best deterministic classical strategy of an <see cref="XorGame"/>.</summary>
/// <param name="WinProbability">The classical value: the largest winning probability of any classical strategy.</param>
/// <param name="Alice">An optimal strategy of Alice: her answer a(s) to each question s.</param>
/// <param name="Bob">An optimal strategy of Bob: his answer b(t) to each question t (paired with <paramref name="Alice"/>).</param>
/// <param name="OptimalCount">How many of the deterministic strategy pairs reach <paramref name="WinProbability"/> (within 1e-12).</param>
/// <param name="Enumerated">How many deterministic strategy pairs were tried (2^S x 2^T).</param>
public sealed record ClassicalStrategy(double WinProbability, ImmutableArray<int> Alice, ImmutableArray<int> Bob, long OptimalCount, long Enumerated);

/// <summary>
/// A two-player XOR game: a referee draws questions (s, t) with probability pi(s, t), Alice answers a bit a
/// knowing only s, Bob a bit b knowing only t, and they win when a XOR b = f(s, t).
/// </summary>
/// <remarks>
/// <para>A behaviour p(a, b | s, t) is passed as a function of (s, t) returning 4 probabilities indexed by
/// a + 2 b (Alice's bit is the least significant, like qubit 0 of a basis index). Its winning probability is
/// sum_{s,t} pi(s, t) sum_{a XOR b = f(s,t)} p(a, b | s, t).</para>
/// <para>Classical value: shared randomness is a mixture of deterministic strategies, so the classical value
/// is the maximum over the 2^S x 2^T deterministic strategies (a(s), b(t)), found by exhaustive enumeration.
/// Quantum value for given measurements: Alice holds qubit 0 and Bob qubit 1 of a shared two-qubit state;
/// on question s Alice measures the observable cos(alpha_s) Z + sin(alpha_s) X (an RY(-alpha_s) rotation,
/// then a Z measurement, outcome 0 = eigenvalue +1), Bob likewise with beta_t. On |Phi+&gt; the correlator is
/// E = cos(alpha - beta).</para>
/// </remarks>
public sealed class XorGame
{
    /// <summary>Largest number of questions per player for <see cref="ClassicalValue"/> (2^S x 2^T strategies).</summary>
    public const int MaxEnumeratedQuestions = 24;

    /// <summary>Tolerance of the checks on behaviours: probabilities above -this, summing to 1 within this.</summary>
    public const double BehaviourTolerance = 1e-9;

    private readonly double[,] _pi;
    private readonly int[,] _targets;

    /// <summary>A game from its question distribution and target parities.</summary>
    /// <param name="questionProbabilities">pi(s, t), S x T, non-negative, summing to 1 within 1e-9.</param>
    /// <param name="targets">f(s, t) in {0, 1}, S x T.</param>
    /// <exception cref="ArgumentException">Shapes differ, a probability is negative or they do not sum to 1, or a target is not 0 or 1.</exception>
    public XorGame(double[,] questionProbabilities, int[,] targets)
    {
        ArgumentNullException.ThrowIfNull(questionProbabilities);
        ArgumentNullException.ThrowIfNull(targets);
        int s = questionProbabilities.GetLength(0), t = questionProbabilities.GetLength(1);
        if (s < 1 || t < 1 || targets.GetLength(0) != s || targets.GetLength(1) != t)
        {
            throw new ArgumentException($"question probabilities ({s}x{t}) and targets ({targets.GetLength(0)}x{targets.GetLength(1)}) must have the same non-empty shape", nameof(targets));
        }

        double sum = 0;
        for (int i = 0; i < s; i++)
        {
            for (int j = 0; j < t; j++)
            {
                double p = questionProbabilities[i, j];
                if (!(p >= 0) || double.IsInfinity(p))
                {
                    throw new ArgumentException($"question probability pi({i}, {j}) = {p} is not a finite non-negative number", nameof(questionProbabilities));
                }

                if (targets[i, j] is not (0 or 1))
                {
                    throw new ArgumentException($"target f({i}, {j}) = {targets[i, j]} must be 0 or 1", nameof(targets));
                }

                sum += p;
            }
        }

        if (Math.Abs(sum - 1) > BehaviourTolerance)
        {
            throw new ArgumentException($"question probabilities sum to {sum}, not 1", nameof(questionProbabilities));
        }

        _pi = (double[,])questionProbabilities.Clone();
        _targets = (int[,])targets.Clone();
    }

    /// <summary>CHSH: questions uniform over {0, 1}^2, win when a XOR b = s AND t.</summary>
    public static XorGame Chsh { get; } = new(
        new double[,] { { 0.25, 0.25 }, { 0.25, 0.25 } },
        new int[,] { { 0, 0 }, { 0, 1 } });

    /// <summary>Number of Alice's questions S.</summary>
    public int AliceQuestions => _pi.GetLength(0);

    /// <summary>Number of Bob's questions T.</summary>
    public int BobQuestions => _pi.GetLength(1);

    /// <summary>pi(s, t).</summary>
    public double QuestionProbability(int s, int t) => _pi[s, t];

    /// <summary>f(s, t): the parity a XOR b that wins on questions (s, t).</summary>
    public int Target(int s, int t) => _targets[s, t];

    /// <summary>Whether answers (a, b) win on questions (s, t).</summary>
    public bool Wins(int s, int t, int a, int b) => ((a ^ b) & 1) == _targets[s, t];

    /// <summary>The classical value, by exhaustive enumeration of the deterministic strategies.</summary>
    /// <remarks>Cost: 2^S x 2^T x S x T; S + T is at most <see cref="MaxEnumeratedQuestions"/>.</remarks>
    /// <exception cref="InvalidOperationException">The game has too many questions to enumerate.</exception>
    public ClassicalStrategy ClassicalValue()
    {
        int ns = AliceQuestions, nt = BobQuestions;
        if (ns + nt > MaxEnumeratedQuestions)
        {
            throw new InvalidOperationException($"{ns} + {nt} questions are too many to enumerate 2^{ns + nt} deterministic strategies (at most {MaxEnumeratedQuestions})");
        }

        double best = -1;
        int bestA = 0, bestB = 0;
        long optimal = 0;
        for (int a = 0; a < 1 << ns; a++)
        {
            for (int b = 0; b < 1 << nt; b++)
            {
                double win = 0;
                for (int s = 0; s < ns; s++)
                {
                    for (int t = 0; t < nt; t++)
                    {
                        if (Wins(s, t, (a >> s) & 1, (b >> t) & 1))
                        {
                            win += _pi[s, t];
                        }
                    }
                }

                if (win > best + 1e-12)
                {
                    best = win;
                    bestA = a;
                    bestB = b;
                    optimal = 1;
                }
                else if (Math.Abs(win - best) <= 1e-12)
                {
                    optimal++;
                }
            }
        }

        return new ClassicalStrategy(
            best,
            [.. Enumerable.Range(0, ns).Select(s => (bestA >> s) & 1)],
            [.. Enumerable.Range(0, nt).Select(t => (bestB >> t) & 1)],
            optimal,
            (1L << ns) * (1L << nt));
    }

    /// <summary>
    /// The winning probability of a behaviour p(a, b | s, t), for example a distributed classifier whose two
    /// processors see s and t and output a and b.
    /// </summary>
    /// <param name="behaviour">(s, t) -&gt; 4 probabilities indexed by a + 2 b (checked: non-negative, summing to 1 within <see cref="BehaviourTolerance"/>).</param>
    /// <exception cref="ArgumentException">A returned distribution is malformed.</exception>
    public double WinProbability(Func<int, int, double[]> behaviour)
    {
        var table = Tabulate(behaviour);
        double win = 0;
        for (int s = 0; s < AliceQuestions; s++)
        {
            for (int t = 0; t < BobQuestions; t++)
            {
                var p = table[s, t];
                win += _pi[s, t] * (_targets[s, t] == 0 ? p[0] + p[3] : p[1] + p[2]);
            }
        }

        return win;
    }

    /// <summary>
    /// How far a behaviour is from no-signalling: the largest change of one player's marginal p(a | s) or
    /// p(b | t) when only the other player's question changes. 0 for any behaviour the players can produce
    /// without communicating (shared randomness or entanglement); a positive value means the answers carry
    /// information about the other side's question (classical or quantum communication was used).
    /// </summary>
    public double SignallingDeviation(Func<int, int, double[]> behaviour)
    {
        var table = Tabulate(behaviour);
        double worst = 0;
        for (int s = 0; s < AliceQuestions; s++)
        {
            for (int t = 0; t < BobQuestions; t++)
            {
                for (int t2 = t + 1; t2 < BobQuestions; t2++)
                {
                    // Alice's marginal p(a = 0 | s) must not depend on t.
                    double d = (table[s, t][0] + table[s, t][2]) - (table[s, t2][0] + table[s, t2][2]);
                    worst = Math.Max(worst, Math.Abs(d));
                }

                for (int s2 = s + 1; s2 < AliceQuestions; s2++)
                {
                    // Bob's marginal p(b = 0 | t) must not depend on s.
                    double d = (table[s, t][0] + table[s, t][1]) - (table[s2, t][0] + table[s2, t][1]);
                    worst = Math.Max(worst, Math.Abs(d));
                }
            }
        }

        return worst;
    }

    /// <summary>The winning probability with measurements at the given angles on |Phi+&gt; = (|00&gt; + |11&gt;) / sqrt 2.</summary>
    /// <param name="aliceAngles">alpha_s for each of Alice's questions (radians, X-Z plane, 0 = Z).</param>
    /// <param name="bobAngles">beta_t for each of Bob's questions.</param>
    public double QuantumWinProbability(ReadOnlySpan<double> aliceAngles, ReadOnlySpan<double> bobAngles)
        => QuantumWinProbability(DensityMatrix.FromPureState(SharedPairs.PhiPlus()), aliceAngles, bobAngles);

    /// <summary>The winning probability with measurements at the given angles on a shared two-qubit state (Alice qubit 0, Bob qubit 1).</summary>
    public double QuantumWinProbability(StateVector pair, ReadOnlySpan<double> aliceAngles, ReadOnlySpan<double> bobAngles)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return QuantumWinProbability(DensityMatrix.FromPureState(pair), aliceAngles, bobAngles);
    }

    /// <summary>
    /// The winning probability with measurements at the given angles on a shared two-qubit mixed state
    /// (Alice qubit 0, Bob qubit 1), simulated: for each question pair the state is rotated by RY(-alpha_s)
    /// on qubit 0 and RY(-beta_t) on qubit 1 and the computational-basis probabilities are read off.
    /// </summary>
    /// <exception cref="ArgumentException">The state is not two qubits, or an angle list does not match the question count.</exception>
    public double QuantumWinProbability(DensityMatrix pair, ReadOnlySpan<double> aliceAngles, ReadOnlySpan<double> bobAngles)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var behaviour = QuantumBehaviour(pair, aliceAngles, bobAngles);
        return WinProbability((s, t) => behaviour[s, t]);
    }

    /// <summary>
    /// The behaviour p(a, b | s, t) (indexed [s, t][a + 2 b]) of measuring a shared two-qubit state at the
    /// given angles; see <see cref="QuantumWinProbability(DensityMatrix, ReadOnlySpan{double}, ReadOnlySpan{double})"/>.
    /// </summary>
    public double[,][] QuantumBehaviour(DensityMatrix pair, ReadOnlySpan<double> aliceAngles, ReadOnlySpan<double> bobAngles)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (aliceAngles.Length != AliceQuestions || bobAngles.Length != BobQuestions)
        {
            throw new ArgumentException($"the game has {AliceQuestions} x {BobQuestions} questions, got {aliceAngles.Length} x {bobAngles.Length} measurement angles", nameof(bobAngles));
        }

        var table = new double[AliceQuestions, BobQuestions][];
        for (int s = 0; s < AliceQuestions; s++)
        {
            for (int t = 0; t < BobQuestions; t++)
            {
                table[s, t] = MeasurementDistribution(pair, aliceAngles[s], bobAngles[t]);
            }
        }

        return table;
    }

    /// <summary>
    /// p(a, b) (indexed a + 2 b) of measuring qubit 0 along cos(alpha) Z + sin(alpha) X and qubit 1 along
    /// cos(beta) Z + sin(beta) X, outcome 0 for eigenvalue +1, on a two-qubit density matrix (simulated).
    /// </summary>
    public static double[] MeasurementDistribution(DensityMatrix pair, double aliceAngle, double bobAngle)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (pair.NumQubits != 2)
        {
            throw new ArgumentException($"the shared state must have 2 qubits (Alice 0, Bob 1), got {pair.NumQubits}", nameof(pair));
        }

        if (!double.IsFinite(aliceAngle) || !double.IsFinite(bobAngle))
        {
            throw new ArgumentException($"measurement angles must be finite, got {aliceAngle} and {bobAngle}", nameof(aliceAngle));
        }

        var rho = pair.Clone();
        // RY(-phi) maps the +1 eigenvector of cos(phi) Z + sin(phi) X to |0>.
        rho.Apply(Rotation(-aliceAngle), [0]);
        rho.Apply(Rotation(-bobAngle), [1]);
        var p = rho.Probabilities();
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = Math.Max(p[i], 0);
        }

        return p;
    }

    private static Gate Rotation(double angle) => new(StandardGates.RY, [ParamExpr.Constant(angle)]);

    private double[,][] Tabulate(Func<int, int, double[]> behaviour)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        var table = new double[AliceQuestions, BobQuestions][];
        for (int s = 0; s < AliceQuestions; s++)
        {
            for (int t = 0; t < BobQuestions; t++)
            {
                var p = behaviour(s, t);
                if (p is null || p.Length != 4)
                {
                    throw new ArgumentException($"the behaviour for questions ({s}, {t}) must be 4 probabilities p(a, b) indexed a + 2b, got {p?.Length ?? 0}", nameof(behaviour));
                }

                double sum = 0;
                foreach (double v in p)
                {
                    if (!(v >= -BehaviourTolerance) || double.IsInfinity(v))
                    {
                        throw new ArgumentException($"the behaviour for questions ({s}, {t}) has probability {v}", nameof(behaviour));
                    }

                    sum += v;
                }

                if (Math.Abs(sum - 1) > BehaviourTolerance)
                {
                    throw new ArgumentException($"the behaviour for questions ({s}, {t}) sums to {sum}, not 1", nameof(behaviour));
                }

                table[s, t] = (double[])p.Clone();
            }
        }

        return table;
    }
}
