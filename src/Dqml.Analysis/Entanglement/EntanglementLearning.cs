using System.Collections.Immutable;
using Dqml.Analysis.NonlocalGames;
using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;
using Dqml.Learning.Training;
using Dqml.Simulation;

namespace Dqml.Analysis.Entanglement;

/// <summary>Entanglement across a cut (processor A | the rest) of one state, in nats.</summary>
/// <param name="Purity">Tr rho^2 of the global state (1 for a pure state).</param>
/// <param name="EntropyA">
/// S(rho_A) = -Tr rho_A ln rho_A in nats. For a pure global state this is the entanglement entropy (ln 2 per
/// Bell pair across the cut); for a mixed state it is only the entropy of A's reduced state, not an
/// entanglement measure (a Werner pair of any V gives ln 2).
/// </param>
/// <param name="LogNegativity">
/// E_N = ln ||rho^{T_A}||_1 in nats (ln 2 per Bell pair, ln((1 + 3V)/2) per Werner pair with V &gt;= 1/3, 0 for
/// separable states): an entanglement monotone for mixed states too.
/// </param>
public sealed record CutEntanglement(double Purity, double EntropyA, double LogNegativity)
{
    /// <summary>Purity above 1 - 1e-9.</summary>
    public bool IsPure => Purity > 1 - 1e-9;
}

/// <summary>Options of <see cref="EntanglementLearning.Sweep"/>.</summary>
public sealed record EntanglementSweepOptions
{
    /// <summary>
    /// The shared pairs to try (default: product, pure pairs with concurrence 0.5 and 1, Werner pairs with V = 0.86
    /// and 0.5).
    /// </summary>
    public IReadOnlyList<PairResource> Pairs { get; init; } =
        [PairResource.Product, PairResource.PureWithConcurrence(0.5), PairResource.Bell, PairResource.Werner(0.86), PairResource.Werner(0.5)];

    /// <summary>Numbers of pairs K (1 to 4; Hwang scheme bell:K, pair i on qubit i of each processor).</summary>
    public IReadOnlyList<int> PairCounts { get; init; } = [1];

    /// <summary>Convolution depth L of the Hwang QCNN.</summary>
    public int Depth { get; init; } = 1;

    /// <summary>Optimizer steps (Adam, constant rate).</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>Rows per step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>The loss (default MSE, as Hwang et al.).</summary>
    public Loss Loss { get; init; } = Loss.Mse;

    /// <summary>The readout (default: the interpret function of Hwang et al.).</summary>
    public ReadoutKind Readout { get; init; } = ReadoutKind.Interpret;

    /// <summary>Seed of the data (when <see cref="Data"/> is null), the initial parameters and the batches; every point uses the same seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>Threads the model may use; results do not depend on it.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Train/validation data with 8 features; null: <c>HwangDataset.Generate(Seed)</c>.</summary>
    public LabeledSplit? Data { get; init; }

    /// <summary>Use only the first this many training rows (null: all).</summary>
    public int? TrainRows { get; init; }

    /// <summary>Use only the first this many validation rows (null: all).</summary>
    public int? ValidationRows { get; init; }

    /// <summary>The validation row whose states the entanglement diagnostics probe.</summary>
    public int ProbeRow { get; init; }
}

/// <summary>One point of <see cref="EntanglementLearning.Sweep"/>.</summary>
/// <param name="Pair">The shared pair.</param>
/// <param name="PairCount">K, the number of pairs.</param>
/// <param name="ModelName">The model's name.</param>
/// <param name="ParameterCount">Trainable parameters (circuit and readout).</param>
/// <param name="Concurrence">Wootters' concurrence of pair 0 (qubits 0 and 4) computed from the model's initial ensemble.</param>
/// <param name="ConcurrenceFormula">The closed form <see cref="PairResource.ConcurrenceFormula"/>.</param>
/// <param name="AfterEmbedding">Entanglement across the processor cut after the pairs and the embedding of the probe row.</param>
/// <param name="BeforeReadout">Entanglement across the cut after the trainable part (measured qubits dephased), at the trained parameters, for the probe row.</param>
/// <param name="TrainAccuracy">Training accuracy after training.</param>
/// <param name="ValidationAccuracy">Validation accuracy after training.</param>
/// <param name="ValidationLoss">Validation loss after training.</param>
public sealed record EntanglementSweepPoint(
    PairResource Pair,
    int PairCount,
    string ModelName,
    int ParameterCount,
    double Concurrence,
    double ConcurrenceFormula,
    CutEntanglement AfterEmbedding,
    CutEntanglement BeforeReadout,
    double TrainAccuracy,
    double ValidationAccuracy,
    double ValidationLoss);

/// <summary>One point of <see cref="EntanglementLearning.ChshSweep"/>.</summary>
/// <param name="Pair">The shared pair.</param>
/// <param name="Concurrence">Wootters' concurrence of the simulated pair.</param>
/// <param name="ConcurrenceFormula">The closed form.</param>
/// <param name="WinProbability">Exact winning probability of the trained classifier.</param>
/// <param name="FixedAngleWinProbability">Exact winning probability at the fixed optimal CHSH angles of <see cref="ChshGame"/>.</param>
/// <param name="OptimalWinProbability">The closed-form optimum for this pair (<see cref="ClassifierGame.OptimalWinProbability"/>).</param>
public sealed record ChshSweepPoint(
    PairResource Pair,
    double Concurrence,
    double ConcurrenceFormula,
    double WinProbability,
    double FixedAngleWinProbability,
    double OptimalWinProbability);

/// <summary>
/// Entanglement vs learning: how the concurrence and number of shared pairs of the Bell-source QCNN (Kim, Hwang,
/// Kwon, Kim, arXiv:2605.03864) relate to the entanglement across the processor cut and to the accuracy reached.
/// </summary>
/// <remarks>
/// <para><b>Cut.</b> Processor A = qubits 0-3, B = qubits 4-7 (<see cref="ProcessorA"/>).</para>
/// <para><b>Units.</b> Entropies and logarithmic negativities are in nats (natural logarithm): a Bell pair
/// across the cut contributes ln 2 to both. (<see cref="EntanglementMeasures"/> reports bits; the values here
/// are those times ln 2.)</para>
/// <para><b>Which quantity.</b> Pure global states (product or pure pairs, before any measurement): S(rho_A) is
/// the entanglement entropy. Mixed global states (Werner pairs; after mid-circuit measurements, which are
/// dephased, i.e. averaged over outcomes): S(rho_A) is only the entropy of processor A's reduced state, and the
/// logarithmic negativity is the entanglement measure. Both are always reported, with the purity.</para>
/// <para><b>Determinism.</b> Every point uses the same seed (common random numbers: same data, initial
/// parameters and batches), points run in order, and the trainer is thread-count invariant, so a sweep gives
/// identical numbers for any <see cref="EntanglementSweepOptions.Threads"/>.</para>
/// <para><b>Cost.</b> A Werner pair is a 4-member ensemble, so K Werner pairs are 4^K pure members: training
/// cost and the before-readout diagnostic (one density-matrix run per member) grow as 4^K.</para>
/// </remarks>
public static class EntanglementLearning
{
    /// <summary>Processor A of the two-processor models: qubits 0-3.</summary>
    public static ImmutableArray<int> ProcessorA { get; } = [0, 1, 2, 3];

    /// <summary>
    /// The Bell-source QCNN of Hwang et al. sharing <paramref name="pairs"/> copies of <paramref name="pair"/>
    /// (pair i on qubits i and 4 + i).
    /// </summary>
    public static HwangModel BuildModel(PairResource pair, int pairs, int depth, ReadoutKind readout = ReadoutKind.Interpret)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return HwangQcnn.Build(pair.ApplyTo(new HwangQcnnOptions { Depth = depth, Readout = readout }, pairs));
    }

    /// <summary>
    /// Wootters' concurrence between qubits <paramref name="a"/> and <paramref name="b"/> of the model's initial
    /// ensemble sum_i p_i |psi_i&gt;&lt;psi_i| (the shared pair before any data or trainable gate).
    /// </summary>
    public static double PairConcurrence(CircuitModel model, int a, int b)
    {
        ArgumentNullException.ThrowIfNull(model);
        return EntanglementMeasures.Concurrence(PairResource.EnsembleDensity(model.InitialStates, [a, b]));
    }

    /// <summary>
    /// Entanglement across the cut <paramref name="subsystemA"/> | rest of rho(x) = sum_i p_i |psi_i(x)&gt;&lt;psi_i(x)|,
    /// the initial ensemble after the embedding of <paramref name="input"/>.
    /// </summary>
    /// <remarks>One member: Schmidt decomposition of the pure state. Several: a dense 2^n x 2^n density matrix.</remarks>
    /// <exception cref="ArgumentException">A qubit of <paramref name="subsystemA"/> repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A qubit of <paramref name="subsystemA"/> is out of range.</exception>
    public static CutEntanglement AfterEmbedding(CircuitModel model, ReadOnlySpan<double> input, IReadOnlyList<int> subsystemA)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(subsystemA);
        var members = EmbeddedMembers(model, input);
        int[] a = [.. subsystemA];
        if (members.Count == 1)
        {
            var psi = members[0].State;
            return new CutEntanglement(1, Math.Log(2) * EntanglementMeasures.EntanglementEntropy(psi, a), Math.Log(2) * EntanglementMeasures.LogarithmicNegativity(psi, a));
        }

        return Measure(Mix(members, model.NumQubits), a);
    }

    /// <summary>
    /// Entanglement across the cut of the state at the end of the trainable part, before the readout: the embedded
    /// ensemble rho(x) of <paramref name="input"/> is run through the trainable part at <paramref name="parameters"/>
    /// with mid-circuit measurements averaged over their outcomes (the state of an observer without the classical
    /// record; outcome-conditioned gates act on their branch only).
    /// </summary>
    /// <remarks>
    /// Exact density-matrix evolution of the mixed state once (not member by member), branches of a classical bit
    /// merged as soon as it is no longer read; then a dense partial-transpose eigensolve for the negativity.
    /// </remarks>
    /// <exception cref="ArgumentException">Wrong parameter count, or a bad <paramref name="subsystemA"/>.</exception>
    public static CutEntanglement BeforeReadout(CircuitModel model, ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, IReadOnlyList<int> subsystemA)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(subsystemA);
        if (parameters.Length != model.ParameterCount)
        {
            throw new ArgumentException($"model '{model.Name}' has {model.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        }

        var values = new ParameterValues();
        for (int j = 0; j < model.CircuitParameters.Count; j++)
        {
            values[model.CircuitParameters[j].Name] = parameters[j];
        }

        var rho = Mix(EmbeddedMembers(model, input), model.NumQubits);
        return Measure(OutcomeAveragedChannel.Run(model.Trainable, rho, values), [.. subsystemA]);
    }

    /// <summary>
    /// Trains the Bell-source QCNN for every (pair, K) of <paramref name="options"/> (pairs outer, K inner) and
    /// reports concurrence, entanglement across the processor cut and accuracy.
    /// </summary>
    /// <exception cref="ArgumentException">Bad options (no pairs or counts, a count outside 1-4, data without 8 features, a probe row out of range).</exception>
    public static IReadOnlyList<EntanglementSweepPoint> Sweep(EntanglementSweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Pairs is null || options.Pairs.Count == 0 || options.PairCounts is null || options.PairCounts.Count == 0)
        {
            throw new ArgumentException("the sweep needs at least one pair and one pair count", nameof(options));
        }

        if (options.PairCounts.Any(k => k is < 1 or > 4))
        {
            throw new ArgumentException($"pair counts must be 1 to 4, got [{string.Join(", ", options.PairCounts)}]", nameof(options));
        }

        var split = options.Data ?? HwangDataset.Generate(options.Seed).Split;
        var train = Take(split.Train, options.TrainRows);
        var validation = Take(split.Validation, options.ValidationRows);
        if (options.ProbeRow < 0 || options.ProbeRow >= validation.Count)
        {
            throw new ArgumentException($"probe row {options.ProbeRow} is outside the {validation.Count} validation rows", nameof(options));
        }

        var probe = validation.Row(options.ProbeRow).ToArray();
        var trainer = new TrainerOptions
        {
            Iterations = options.Iterations,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            Loss = options.Loss,
            Seed = options.Seed,
            Threads = options.Threads,
            ValidateEvery = Math.Max(1, options.Iterations),
        };
        var points = new List<EntanglementSweepPoint>();
        foreach (var pair in options.Pairs)
        {
            ArgumentNullException.ThrowIfNull(pair);
            foreach (int k in options.PairCounts)
            {
                var model = BuildModel(pair, k, options.Depth, options.Readout).Model;
                var result = Trainer.Train(model, train, validation, trainer);
                var parameters = result.SelectedParameters;
                points.Add(new EntanglementSweepPoint(
                    pair,
                    k,
                    model.Name,
                    model.ParameterCount,
                    PairConcurrence(model, 0, 4),
                    pair.ConcurrenceFormula,
                    AfterEmbedding(model, probe, ProcessorA),
                    BeforeReadout(model, parameters, probe, ProcessorA),
                    result.FinalTrainAccuracy,
                    result.FinalValidationAccuracy,
                    result.FinalValidationLoss));
            }
        }

        return points;
    }

    /// <summary>
    /// The CHSH classifier of <see cref="ClassifierGame"/> for every pair: concurrence of the simulated pair,
    /// winning probability after training (with <paramref name="options"/>, its pair replaced) and at the fixed
    /// optimal CHSH angles, and the closed-form optimum. For Werner pairs the winning probability is
    /// 1/2 + V/(2 sqrt 2): linear in V, i.e. in the concurrence (3V - 1)/2 above V = 1/3.
    /// </summary>
    public static IReadOnlyList<ChshSweepPoint> ChshSweep(IEnumerable<PairResource> pairs, ClassifierGameOptions options)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        var fixedAngles = ClassifierGame.OptimalChshParameters();
        var points = new List<ChshSweepPoint>();
        foreach (var pair in pairs)
        {
            ArgumentNullException.ThrowIfNull(pair);
            var trained = ClassifierGame.Train(options with { Pair = pair });
            var model = ClassifierGame.Build(pair);
            points.Add(new ChshSweepPoint(
                pair,
                pair.Concurrence(),
                pair.ConcurrenceFormula,
                trained.WinProbability,
                ClassifierGame.WinProbability(model, fixedAngles, options.Threads),
                trained.OptimalWinProbability));
        }

        return points;
    }

    private static CutEntanglement Measure(DensityMatrix rho, int[] subsystemA)
        => new(
            rho.Purity(),
            Math.Log(2) * EntanglementMeasures.EntanglementEntropy(rho, subsystemA),
            Math.Log(2) * EntanglementMeasures.LogarithmicNegativity(rho, subsystemA));

    private static List<(double Weight, StateVector State)> EmbeddedMembers(CircuitModel model, ReadOnlySpan<double> input)
    {
        var values = new ParameterValues();
        for (int i = 0; i < input.Length; i++)
        {
            values[$"x{i}"] = input[i];
        }

        var simulator = new StateVectorSimulator();
        var members = new List<(double, StateVector)>();
        foreach (var member in model.InitialStates)
        {
            var circuit = new Circuit(model.NumQubits, 0, member.Preparation.Instructions.Concat(model.Embedding.Instructions));
            members.Add((member.Weight, simulator.RunUnitary(circuit, values)));
        }

        return members;
    }

    private static DensityMatrix Mix(List<(double Weight, StateVector State)> members, int numQubits)
    {
        var rho = new DensityMatrix(numQubits);
        rho.Elements.Clear();
        foreach (var (w, psi) in members)
        {
            rho.AddScaled(DensityMatrix.FromPureState(psi), w);
        }

        return rho;
    }

    private static Dataset Take(Dataset data, int? rows)
    {
        if (rows is not int n || n >= data.Count)
        {
            return data;
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n, nameof(rows));
        return data.Subset([.. Enumerable.Range(0, n)]);
    }
}
