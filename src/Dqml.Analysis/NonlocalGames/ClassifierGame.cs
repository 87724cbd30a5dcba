using System.Collections.Immutable;
using Dqml.Analysis.Entanglement;
using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Training;
using Dqml.Simulation;

namespace Dqml.Analysis.NonlocalGames;

/// <summary>Options of <see cref="ClassifierGame.Train"/>.</summary>
public sealed record ClassifierGameOptions
{
    /// <summary>The resource the two processors share (default: a perfect Bell pair).</summary>
    public PairResource Pair { get; init; } = PairResource.Bell;

    /// <summary>Optimizer steps (Adam, cosine schedule down to 1% of <see cref="LearningRate"/>).</summary>
    public int Iterations { get; init; } = 300;

    /// <summary>Initial Adam learning rate.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Seed of the initial parameters (and of the sampled data and batches when <see cref="SampleCount"/> is set).</summary>
    public ulong Seed { get; init; }

    /// <summary>Threads the model may use; results do not depend on it.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// 0 (default): train on the four questions (s, t) with equal weight — the game's own objective. Otherwise
    /// train on <c>SyntheticData.Chsh(SampleCount, Seed)</c> in mini-batches of <see cref="BatchSize"/>.
    /// </summary>
    public int SampleCount { get; init; }

    /// <summary>Rows per step when <see cref="SampleCount"/> is set.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// The loss (default hinge). With the parity readout |f| &lt;= 1, so the hinge loss max(0, 1 - y f) is exactly
    /// 1 - y f and its mean is 2 (1 - winning probability): minimising it maximises the winning probability.
    /// </summary>
    public Loss Loss { get; init; } = Loss.Hinge;
}

/// <summary>The outcome of <see cref="ClassifierGame.Train"/>.</summary>
/// <param name="Pair">The shared resource.</param>
/// <param name="WinProbability">Exact winning probability at the trained parameters (uniform questions).</param>
/// <param name="OptimalWinProbability">The model's best possible winning probability for this resource (<see cref="ClassifierGame.OptimalWinProbability"/>).</param>
/// <param name="AliceAngles">Alice's learned measurement angles (alpha_0, alpha_1) in the X-Z plane (0 = Z), as in <see cref="XorGame"/>.</param>
/// <param name="BobAngles">Bob's learned angles (beta_0, beta_1).</param>
/// <param name="Parameters">The trained model parameters.</param>
/// <param name="Training">The trainer's result (history, final loss).</param>
public sealed record ClassifierGameResult(
    PairResource Pair,
    double WinProbability,
    double OptimalWinProbability,
    ImmutableArray<double> AliceAngles,
    ImmutableArray<double> BobAngles,
    double[] Parameters,
    TrainingResult Training);

/// <summary>
/// The distributed classifier as a nonlocal game: a two-processor <see cref="CircuitModel"/> for the CHSH data
/// set (label (-1)^(s AND t)) in which processor A sees only s, processor B only t, and nothing is communicated.
/// </summary>
/// <remarks>
/// <para><b>Layout</b> (4 qubits, qubit 0 the least significant bit): processor A = qubits
/// <see cref="AlicePair"/> (0, its half of the shared pair) and <see cref="AliceInput"/> (1); processor B =
/// <see cref="BobPair"/> (2) and <see cref="BobInput"/> (3). Input features are the CHSH rows of
/// <c>SyntheticData.ChshAll()</c>: x0 = s pi, x1 = t pi.</para>
/// <list type="bullet">
/// <item>Initial ensemble: the <see cref="PairResource"/> on qubits (0, 2).</item>
/// <item>Embedding: RX(x0) on qubit 1 and RX(x1) on qubit 3, i.e. |s&gt; and |t&gt; up to a global phase.</item>
/// <item>Trainable part (4 parameters <c>a0, a1, b0, b1</c>): RY(a0) on qubit 0 then CRY(a1) controlled by
/// qubit 1; RY(b0) on qubit 2 then CRY(b1) controlled by qubit 3. A rotation whose angle depends on the local
/// input, RY(a0 + s a1), realised with local gates only.</item>
/// <item>Readout: parity of the Z outcomes of qubits 0 and 2, f = &lt;Z_0 Z_2&gt;: the prediction is a XOR b.</item>
/// </list>
/// <para>RY(theta) followed by a Z measurement measures the observable cos(alpha) Z + sin(alpha) X with
/// alpha = -theta, so Alice's angles are alpha_s = -(a0 + s a1) (<see cref="MeasurementAngles"/>,
/// <see cref="ParametersForAngles"/>).</para>
/// <para><b>Winning probability</b>: with uniform questions and y = (-1)^(s AND t), a XOR b = s AND t exactly
/// when the parity outcome equals y, so P(win) = (1/4) sum_{s,t} (1 + y f(s, t)) / 2 — exact, from the model's
/// decision values, not sampled.</para>
/// <para><b>Values</b>: no pair: at most 3/4 (the classical value); |Phi+&gt;: cos^2(pi/8) (Tsirelson); Werner
/// visibility V: 1/2 + V/(2 sqrt 2) — linear in V, and below 3/4 when V &lt; 1/sqrt 2, because both pair qubits are
/// maximally mixed, so this model cannot play a deterministic classical strategy; pure cos a|00&gt; + sin a|11&gt;:
/// 1/2 + sqrt(1 + sin^2 2a)/4 (the Horodecki bound, reached with X-Z-plane measurements).</para>
/// </remarks>
public static class ClassifierGame
{
    /// <summary>Alice's pair qubit (her output a is its Z outcome).</summary>
    public const int AlicePair = 0;

    /// <summary>Alice's input qubit (prepared in |s&gt;).</summary>
    public const int AliceInput = 1;

    /// <summary>Bob's pair qubit (his output b is its Z outcome).</summary>
    public const int BobPair = 2;

    /// <summary>Bob's input qubit (prepared in |t&gt;).</summary>
    public const int BobInput = 3;

    /// <summary>Number of qubits of the model.</summary>
    public const int QubitCount = 4;

    /// <summary>Processor of each qubit (0 = A, 1 = B).</summary>
    public static ImmutableArray<int> Assignment { get; } = [0, 0, 1, 1];

    /// <summary>The four questions (s, t) as data rows (row 2 s + t, features s pi and t pi) with labels (-1)^(s AND t).</summary>
    public static Dataset Questions { get; } = SyntheticData.ChshAll();

    /// <summary>Builds the classifier for a shared resource.</summary>
    public static CircuitModel Build(PairResource pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var embedding = new CircuitBuilder(QubitCount)
            .RX(ParamExpr.Input("x0"), AliceInput)
            .RX(ParamExpr.Input("x1"), BobInput)
            .Build();
        string[] names = ["a0", "a1", "b0", "b1"];
        var trainable = new CircuitBuilder(QubitCount)
            .RY(ParamExpr.Trainable(names[0]), AlicePair)
            .CRY(ParamExpr.Trainable(names[1]), AliceInput, AlicePair)
            .RY(ParamExpr.Trainable(names[2]), BobPair)
            .CRY(ParamExpr.Trainable(names[3]), BobInput, BobPair)
            .Build();
        var readout = new Readout(ReadoutKind.Parity, [AlicePair, BobPair]);
        return new CircuitModel(
            $"chsh-classifier/{pair.Label}",
            embedding,
            trainable,
            readout,
            featureCount: 2,
            initialStates: pair.Ensemble(QubitCount, AlicePair, BobPair),
            parameters: [.. names.Select(n => new Symbol(n, SymbolKind.Trainable))]);
    }

    /// <summary>
    /// The parameters (a0, a1, b0, b1) that make Alice measure at angle alpha_s and Bob at beta_t
    /// (observables cos(angle) Z + sin(angle) X, the convention of <see cref="XorGame"/>).
    /// </summary>
    public static double[] ParametersForAngles(double alice0, double alice1, double bob0, double bob1)
        => [-alice0, -(alice1 - alice0), -bob0, -(bob1 - bob0)];

    /// <summary>The parameters of the optimal CHSH angles of <see cref="ChshGame"/> (alpha = 0, pi/2; beta = pi/4, -pi/4).</summary>
    public static double[] OptimalChshParameters()
        => ParametersForAngles(ChshGame.OptimalAliceAngles[0], ChshGame.OptimalAliceAngles[1], ChshGame.OptimalBobAngles[0], ChshGame.OptimalBobAngles[1]);

    /// <summary>The measurement angles (alpha_0, alpha_1) and (beta_0, beta_1) that parameters (a0, a1, b0, b1) realise.</summary>
    /// <exception cref="ArgumentException">Not 4 parameters.</exception>
    public static (ImmutableArray<double> Alice, ImmutableArray<double> Bob) MeasurementAngles(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != 4)
        {
            throw new ArgumentException($"the CHSH classifier has 4 parameters (a0, a1, b0, b1), got {parameters.Length}", nameof(parameters));
        }

        return ([-parameters[0], -(parameters[0] + parameters[1])], [-parameters[2], -(parameters[2] + parameters[3])]);
    }

    /// <summary>
    /// The exact winning probability of a parity-readout classifier on the CHSH game with uniform questions:
    /// (1/4) sum_{s,t} (1 + y f(s, t)) / 2 over the rows of <see cref="Questions"/>.
    /// </summary>
    /// <remarks>Cost: one <c>Predict</c> on 4 rows.</remarks>
    /// <exception cref="ArgumentException">The model does not read 2 features or has no parity readout.</exception>
    public static double WinProbability(CircuitModel model, ReadOnlySpan<double> parameters, int threads = 1)
    {
        CheckModel(model);
        var f = model.Predict(parameters, Questions, threads);
        double win = 0;
        for (int i = 0; i < f.Length; i++)
        {
            win += (1 + (Questions.Label(i) * f[i])) / 2;
        }

        return win / f.Length;
    }

    /// <summary>
    /// The behaviour p(a, b | s, t) of the classifier: the joint distribution of the Z outcomes of the two
    /// readout qubits, indexed a + 2 b, simulated exactly on the density-matrix backend over the initial
    /// ensemble. Feed it to <see cref="XorGame.WinProbability"/> or <see cref="XorGame.SignallingDeviation"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The model does not read 2 features or has no two-qubit parity readout.</exception>
    public static Func<int, int, double[]> Behaviour(CircuitModel model, double[] parameters)
    {
        CheckModel(model);
        ArgumentNullException.ThrowIfNull(parameters);
        int qa = model.Readout.Qubits[0], qb = model.Readout.Qubits[1];
        var simulator = new DensityMatrixSimulator();
        var copy = (double[])parameters.Clone();
        return (s, t) =>
        {
            double[] input = [s * Math.PI, t * Math.PI];
            var p = new double[4];
            for (int i = 0; i < model.InitialStates.Count; i++)
            {
                var probabilities = simulator.Run(model.BoundCircuit(copy, input, i)).Probabilities();
                double w = model.InitialStates[i].Weight;
                for (int z = 0; z < probabilities.Length; z++)
                {
                    p[((z >> qa) & 1) + (2 * ((z >> qb) & 1))] += w * probabilities[z];
                }
            }

            return p;
        };
    }

    /// <summary>
    /// The largest winning probability this classifier can reach with <paramref name="pair"/>: 3/4 without a pair;
    /// 1/2 + V/(2 sqrt 2) for a Werner pair; 1/2 + sqrt(1 + sin^2 2a)/4 for cos a|00&gt; + sin a|11&gt;.
    /// </summary>
    /// <remarks>
    /// Werner: the correlator of X-Z measurements is V cos(alpha - beta), whose CHSH sum is at most 2 sqrt 2 V.
    /// Pure pair: the correlation matrix is diag(sin 2a, -sin 2a, 1), and the largest CHSH value is
    /// 2 sqrt(1 + sin^2 2a) (Horodecki criterion), reached in the X-Z plane.
    /// </remarks>
    public static double OptimalWinProbability(PairResource pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return pair.Kind switch
        {
            PairKind.Product => 0.75,
            PairKind.Werner => ChshGame.WernerValueFormula(pair.Visibility!.Value),
            _ => 0.5 + (Math.Sqrt(1 + Math.Pow(Math.Sin(2 * pair.Angle!.Value), 2)) / 4),
        };
    }

    /// <summary>Trains the classifier for <see cref="ClassifierGameOptions.Pair"/> and scores it on the game.</summary>
    /// <exception cref="ArgumentException">Bad options (passed on from the trainer), or sampled data with only one class.</exception>
    public static ClassifierGameResult Train(ClassifierGameOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Pair);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SampleCount);
        var model = Build(options.Pair);
        var data = options.SampleCount == 0 ? Questions : SyntheticData.Chsh(options.SampleCount, options.Seed);
        var trainer = new TrainerOptions
        {
            Iterations = options.Iterations,
            BatchSize = options.SampleCount == 0 ? Questions.Count : options.BatchSize,
            LearningRate = options.LearningRate,
            Schedule = "cosine",
            MinimumLearningRate = options.LearningRate / 100,
            Loss = options.Loss,
            Seed = options.Seed,
            Threads = options.Threads,
        };
        var training = Trainer.Train(model, data, null, trainer);
        var parameters = training.SelectedParameters;
        var (alice, bob) = MeasurementAngles(parameters);
        return new ClassifierGameResult(
            options.Pair,
            WinProbability(model, parameters, options.Threads),
            OptimalWinProbability(options.Pair),
            alice,
            bob,
            parameters,
            training);
    }

    private static void CheckModel(CircuitModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.FeatureCount != 2 || model.Readout.Kind != ReadoutKind.Parity || model.Readout.Qubits.Count != 2)
        {
            throw new ArgumentException($"model '{model.Name}' must read 2 features (s pi, t pi) and have a parity readout over two qubits to play the CHSH game", nameof(model));
        }
    }
}
