using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Distributed;
using Dqml.Learning.Models.Embeddings;

namespace Dqml.Learning.Models.Hwang;

/// <summary>How the two processors of the distributed QCNN may communicate.</summary>
public enum HwangScheme
{
    /// <summary>One 4-qubit processor; the 8 features are uploaded onto it in two rounds.</summary>
    Single,

    /// <summary>Two 4-qubit processors, no operation spans them.</summary>
    NoCommunication,

    /// <summary>Classical communication: measured boundary qubits, outcome-conditioned rotations on the other processor (LOCC).</summary>
    Classical,

    /// <summary>Quantum communication: coherent two-qubit gates between the boundary qubits.</summary>
    Quantum,

    /// <summary>k pre-shared Bell pairs at t = 0 and no communication afterwards.</summary>
    BellSources,

    /// <summary>The quantum-communication model with its cross-processor gates knitted (quasi-probability sums of local operations).</summary>
    Knitting,
}

/// <summary>How the single-processor model (<see cref="HwangScheme.Single"/>) reads 8 features on 4 qubits (the paper does not say).</summary>
public enum SingleProcessorEmbedding
{
    /// <summary>The processors' ZZ map twice on the same qubits: x0–x3, then x4–x7 (re-uploading; the default).</summary>
    ZZReUpload,

    /// <summary>Dense angle: qubit k reads x_k (RY) and x_{k+4} (RZ), no entangler (<see cref="DenseAngleEmbedding"/>, split pairing).</summary>
    DenseAngle,
}

/// <summary>The QC (and knitting) cross-processor block between the boundary qubits 3 (A) and 4 (B), 4 parameters per sub-layer (the paper does not give its gates).</summary>
public enum QcCrossBlock
{
    /// <summary>CRX(phi1) 3→4, CRX(phi2) 4→3, CRZ(phi3) 3→4, CRZ(phi4) 4→3 (the default).</summary>
    ControlledRotations,

    /// <summary>
    /// The CC block made coherent: CRX(phi1) 3→4 and CRX(phi2) 4→3 (what CC does with a measured control, here with
    /// a live one), then RZ(phi3) on 3 and RZ(phi4) on 4 to keep the paper's 4 parameters per sub-layer.
    /// </summary>
    CoherentClassicalBlock,
}

/// <summary>
/// The CC cross-processor block between the boundary qubits 3 (A) and 4 (B), 2 parameters per sub-layer. The paper
/// describes it only as "a measured-bit-controlled one-qubit rotation". Every variant is true LOCC: the sender is
/// measured and goes on in its post-measurement state, and the receiver's rotations are conditioned on the bit.
/// </summary>
public enum CcCrossBlock
{
    /// <summary>
    /// One bit per sub-layer, always from A to B: measure qubit 3 and, if the bit is 1, apply RX(k_l_0) then RY(k_l_1)
    /// on qubit 4 (the default: the paper's one measured-bit-controlled rotation of two parameters per sub-layer; B
    /// never sends, so only qubit 3 is dephased).
    /// </summary>
    OneWay,

    /// <summary>
    /// One bit per sub-layer, the direction alternating: in even sub-layers l measure qubit 3 and, if the bit is 1,
    /// apply RX(k_l_0) then RY(k_l_1) on qubit 4; in odd sub-layers measure qubit 4 and condition the same two
    /// rotations on qubit 3.
    /// </summary>
    Alternating,

    /// <summary>Two bits per sub-layer: measure qubit 3, RX(k_l_0) on qubit 4 if the bit is 1; measure qubit 4, RX(k_l_1) on qubit 3 if that bit is 1 (both boundary qubits dephased in every sub-layer).</summary>
    BothWays,
}

/// <summary>Options of <see cref="HwangQcnn.Build"/>.</summary>
public sealed record HwangQcnnOptions
{
    /// <summary>The communication scheme.</summary>
    public HwangScheme Scheme { get; init; } = HwangScheme.Classical;

    /// <summary>Number of convolution sub-layers L (at least 1).</summary>
    public int Depth { get; init; } = 3;

    /// <summary>Bell pairs shared at t = 0 for <see cref="HwangScheme.BellSources"/> (1 to 4): pair i joins qubit i of each processor.</summary>
    public int BellPairs { get; init; } = 1;

    /// <summary>Werner visibility V of each shared pair (1 = perfect Bell pair); the pair is V |Phi+&gt;&lt;Phi+| + (1 − V) I/4.</summary>
    public double Visibility { get; init; } = 1;

    /// <summary>When set, each pair is the partially entangled pure state cos t |00&gt; + sin t |11&gt; (concurrence sin 2t) instead of a Werner pair.</summary>
    public double? PairAngle { get; init; }

    /// <summary>Readout (default: the trainable interpret function over the surviving qubit of each processor).</summary>
    public ReadoutKind Readout { get; init; } = ReadoutKind.Interpret;

    /// <summary>The ZZ feature map of each processor (default: H, RZ(x_i), RZZ(x_i x_j) on the linear chain, one repetition).</summary>
    public ZZFeatureMapOptions Embedding { get; init; } = ZZFeatureMapOptions.Default;

    /// <summary>The QC and knitting schemes' cross-processor block (ignored by the other schemes).</summary>
    public QcCrossBlock QcBlock { get; init; } = QcCrossBlock.ControlledRotations;

    /// <summary>The CC scheme's cross-processor block (ignored by the other schemes).</summary>
    public CcCrossBlock CcBlock { get; init; } = CcCrossBlock.OneWay;

    /// <summary>The single-processor model's embedding of the 8 features (ignored by the other schemes).</summary>
    public SingleProcessorEmbedding SingleEmbedding { get; init; } = SingleProcessorEmbedding.ZZReUpload;

    /// <summary>The architecture the model must fit (default: two processors). Its processors' capacities are checked.</summary>
    public Architecture? Architecture { get; init; }

    /// <summary>
    /// When set, the trainable circuit is timed on <see cref="Architecture"/> (its processors' gate times, T1 and T2,
    /// and its link's classical latency) and every qubit relaxes while it is busy or waiting
    /// (<see cref="Distributed.IdleNoise"/>): latency becomes noise inside the trained model. The embedding is taken as
    /// done at t = 0 (it is the same for every scheme).
    /// </summary>
    public bool IdleNoise { get; init; }

    /// <summary>With <see cref="IdleNoise"/>: how the QC scheme's cross-processor gates are realised, and so how long they take (default: an ideal coupler).</summary>
    public QcRealisation RemoteGates { get; init; } = QcRealisation.Direct;
}

/// <summary>A built distributed QCNN with its bookkeeping.</summary>
/// <param name="Model">The trainable model.</param>
/// <param name="Options">The options it was built from.</param>
/// <param name="ExpectedParameterCount">The parameter count from the formula of Hwang et al. for this scheme and depth.</param>
/// <param name="Formula">That formula, e.g. <c>10L+28</c>.</param>
/// <param name="Assignment">Processor index of each qubit (0 = A, 1 = B).</param>
/// <param name="CrossGateNames">Names of the trainable parameters of cross-processor operations.</param>
public sealed record HwangModel(CircuitModel Model, HwangQcnnOptions Options, int ExpectedParameterCount, string Formula, IReadOnlyList<int> Assignment, IReadOnlyList<string> CrossGateNames)
{
    /// <summary>With <see cref="HwangQcnnOptions.IdleNoise"/>: the timing of the trainable circuit (makespan, idle time, relaxation per qubit); otherwise null.</summary>
    public TimedCircuit? Timing { get; init; }

    /// <summary>The full logical circuit (embedding symbolic) as a distributed circuit on the architecture: for drawing, lowering and validation.</summary>
    public DistributedCircuit Distributed(Architecture? architecture = null)
    {
        var logical = new Circuit(Model.NumQubits, Model.Trainable.NumClbits, Model.InitialStates[0].Preparation.Instructions.Concat(Model.Embedding.Instructions).Concat(Model.Trainable.Instructions));
        return new DistributedCircuit(logical, architecture ?? Options.Architecture ?? Architecture.TwoProcessors(), Assignment);
    }

    /// <summary>
    /// Sampling overhead gamma^2 of knitting every cross-processor gate at <paramref name="parameters"/>: a
    /// controlled rotation CR(t) is a two-qubit rotation exp(i t/4 Z (x) P) up to local gates, whose optimal
    /// quasi-probability decomposition costs gamma = 1 + 2 |sin(t/2)|; gammas multiply.
    /// </summary>
    public double KnittingShotOverhead(ReadOnlySpan<double> parameters)
    {
        double gamma = 1;
        var names = Model.ParameterNames;
        for (int j = 0; j < names.Count; j++)
        {
            if (CrossGateNames.Contains(names[j]))
            {
                gamma *= 1 + (2 * Math.Abs(Math.Sin(parameters[j] / 2)));
            }
        }

        return gamma * gamma;
    }
}

/// <summary>
/// The distributed QCNN of Hwang et al. (Quantum Sci. Technol. 10, 015059, 2025) on two 4-qubit
/// processors A (qubits 0–3, features x0–x3) and B (qubits 4–7, features x4–x7), built for any
/// communication scheme from one switch.
/// </summary>
/// <remarks>
/// <para><b>Layout</b> (the paper leaves gate-level details open; these are the defaults, see docs/models.md):</para>
/// <list type="bullet">
/// <item>Embedding per processor: <see cref="ZZFeatureMap"/> — by default H on each qubit, RZ(x_i), then
/// RZZ(x_i x_j) on the linear chain (0,1), (1,2), (2,3) (<see cref="HwangQcnnOptions.Embedding"/>).</item>
/// <item>Convolution sub-layer l = 0 .. L−1: RX(theta) on each qubit, then CNOTs on (0,1), (2,3) for even l and
/// (1,2) for odd l inside each processor (brick wall), then the cross-processor block between the
/// boundary qubits 3 (A) and 4 (B).</item>
/// <item>Cross block: NC nothing; CC measure qubit 3, then RX(phi1) RY(phi2) on qubit 4 if the bit is 1 (the measured
/// qubit goes on in its post-measurement state: a true LOCC round, one bit and 2 parameters;
/// <see cref="HwangQcnnOptions.CcBlock"/> offers the direction alternating, or two bits both ways with one RX each);
/// QC CRX(phi1) 3→4, CRX(phi2) 4→3, CRZ(phi3) 3→4, CRZ(phi4) 4→3 (4 parameters).</item>
/// <item>Pooling 4 → 2 → 1 in each processor: measure qubit 1 and condition qubit 0, measure qubit 3 and
/// condition qubit 2, then measure qubit 2 and condition qubit 0. Each block has 4 parameters: RY(a) RX(b)
/// on the kept qubit when the outcome is 1, RY(c) RX(d) when it is 0.</item>
/// <item>Readout: qubit 0 (A) and qubit 4 (B); f = w0 P[00] + w1 P[01] + w2 P[10] + w3 P[11].</item>
/// </list>
/// <para>Parameter counts: single 4L+14, NC and Bell sources 8L+28, CC 10L+28, QC and knitting 12L+28.</para>
/// <para>The single-processor model uploads x0–x3 and then x4–x7 onto the same four qubits with the ZZ map
/// before the trainable layers (re-uploading without trainable gates in between, so the batched engine
/// applies), then runs the 4-qubit convolution and pooling with readout on qubit 0 (2 weights).</para>
/// </remarks>
public static class HwangQcnn
{
    /// <summary>The parameter-count formula of Hwang et al. for <paramref name="scheme"/> at depth <paramref name="depth"/>.</summary>
    public static (int Count, string Formula) ParameterCount(HwangScheme scheme, int depth) => scheme switch
    {
        HwangScheme.Single => ((4 * depth) + 14, "4L+14"),
        HwangScheme.NoCommunication or HwangScheme.BellSources => ((8 * depth) + 28, "8L+28"),
        HwangScheme.Classical => ((10 * depth) + 28, "10L+28"),
        _ => ((12 * depth) + 28, "12L+28"),
    };

    /// <summary>Parses a scheme name: <c>single</c>, <c>nc</c>, <c>cc</c>, <c>qc</c>, <c>bell:K</c> (or <c>bell</c>), <c>knit</c>.</summary>
    /// <exception cref="ArgumentException">Unknown name or a bad pair count.</exception>
    public static (HwangScheme Scheme, int BellPairs) ParseScheme(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t.StartsWith("bell", StringComparison.Ordinal))
        {
            int k = 1;
            if (t.Length > 4)
            {
                if (t[4] != ':' || !int.TryParse(t.AsSpan(5), out k) || k < 1 || k > 4)
                {
                    throw new ArgumentException($"scheme '{text}': write bell:K with K from 1 to 4 Bell pairs");
                }
            }

            return (HwangScheme.BellSources, k);
        }

        return t switch
        {
            "single" or "non-distributed" => (HwangScheme.Single, 0),
            "nc" or "none" => (HwangScheme.NoCommunication, 0),
            "cc" or "classical" => (HwangScheme.Classical, 0),
            "qc" or "quantum" => (HwangScheme.Quantum, 0),
            "knit" or "knitting" => (HwangScheme.Knitting, 0),
            _ => throw new ArgumentException($"unknown scheme '{text}': use single, nc, cc, qc, bell:K or knit"),
        };
    }

    /// <summary>Builds the model.</summary>
    /// <exception cref="ArgumentException">Bad options (depth below 1, visibility outside [0, 1], pair count outside 1–4).</exception>
    /// <exception cref="DistributionException">The architecture's processors cannot hold the model's qubits.</exception>
    public static HwangModel Build(HwangQcnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Depth < 1)
        {
            throw new ArgumentException($"depth must be at least 1, got {options.Depth}", nameof(options));
        }

        if (options.Visibility is < 0 or > 1 || double.IsNaN(options.Visibility))
        {
            throw new ArgumentException($"visibility must be in [0, 1], got {options.Visibility}", nameof(options));
        }

        if (options.Scheme == HwangScheme.BellSources && options.BellPairs is < 1 or > 4)
        {
            throw new ArgumentException($"Bell pairs must be 1 to 4 (one per qubit of a 4-qubit processor), got {options.BellPairs}", nameof(options));
        }

        bool single = options.Scheme == HwangScheme.Single;
        int n = single ? 4 : 8;
        int[] processorStarts = single ? [0] : [0, 4];
        var embedding = new CircuitBuilder(n);
        var map = new ZZFeatureMap(options.Embedding);
        if (single && options.SingleEmbedding == SingleProcessorEmbedding.DenseAngle)
        {
            var dense = new DenseAngleEmbedding(new DenseAngleEmbeddingOptions { First = RotationAxis.Y, Second = RotationAxis.Z, Pairing = DenseAnglePairing.Split });
            dense.AppendInputs(embedding, [0, 1, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7]);
        }
        else
        {
            foreach (int start in processorStarts)
            {
                map.AppendInputs(embedding, [start, start + 1, start + 2, start + 3], [start, start + 1, start + 2, start + 3]);
            }

            if (single)
            {
                map.AppendInputs(embedding, [0, 1, 2, 3], [4, 5, 6, 7]);
            }
        }

        int clbits = 0;
        int ccBitsPerLayer = options.CcBlock == CcCrossBlock.BothWays ? 2 : 1;
        int clbitsNeeded = (options.Scheme == HwangScheme.Classical ? ccBitsPerLayer * options.Depth : 0) + (3 * processorStarts.Length);
        var trainable = new CircuitBuilder(n, clbitsNeeded);
        var crossNames = new List<string>();
        for (int l = 0; l < options.Depth; l++)
        {
            for (int q = 0; q < n; q++)
            {
                trainable.RX(ParamExpr.Trainable($"c{l}_{q}"), q);
            }

            foreach (int s in processorStarts)
            {
                if (l % 2 == 0)
                {
                    trainable.CX(s, s + 1).CX(s + 2, s + 3);
                }
                else
                {
                    trainable.CX(s + 1, s + 2);
                }
            }

            switch (options.Scheme)
            {
                case HwangScheme.Classical when options.CcBlock != CcCrossBlock.BothWays:
                {
                    // One bit per sub-layer: the sender is measured (and goes on dephased), the receiver rotates if it is 1.
                    bool fromA = options.CcBlock == CcCrossBlock.OneWay || l % 2 == 0;
                    int sender = fromA ? 3 : 4;
                    int receiver = fromA ? 4 : 3;
                    int bit = clbits++;
                    trainable.Measure(sender, bit);
                    trainable.Append(Conditioned(bit, true, Circuits.Gates.StandardGates.RX, receiver, ParamExpr.Trainable($"k{l}_0")));
                    trainable.Append(Conditioned(bit, true, Circuits.Gates.StandardGates.RY, receiver, ParamExpr.Trainable($"k{l}_1")));
                    crossNames.AddRange([$"k{l}_0", $"k{l}_1"]);
                    break;
                }

                case HwangScheme.Classical:
                {
                    var p1 = ParamExpr.Trainable($"k{l}_0");
                    var p2 = ParamExpr.Trainable($"k{l}_1");
                    trainable.Measure(3, clbits);
                    trainable.Append(Conditioned(clbits++, true, Circuits.Gates.StandardGates.RX, 4, p1));
                    trainable.Measure(4, clbits);
                    trainable.Append(Conditioned(clbits++, true, Circuits.Gates.StandardGates.RX, 3, p2));
                    crossNames.AddRange([$"k{l}_0", $"k{l}_1"]);
                    break;
                }

                case HwangScheme.Quantum or HwangScheme.Knitting when options.QcBlock == QcCrossBlock.CoherentClassicalBlock:
                    trainable.CRX(ParamExpr.Trainable($"k{l}_0"), 3, 4)
                        .CRX(ParamExpr.Trainable($"k{l}_1"), 4, 3)
                        .RZ(ParamExpr.Trainable($"k{l}_2"), 3)
                        .RZ(ParamExpr.Trainable($"k{l}_3"), 4);
                    crossNames.AddRange([$"k{l}_0", $"k{l}_1"]);
                    break;
                case HwangScheme.Quantum or HwangScheme.Knitting:
                    trainable.CRX(ParamExpr.Trainable($"k{l}_0"), 3, 4)
                        .CRX(ParamExpr.Trainable($"k{l}_1"), 4, 3)
                        .CRZ(ParamExpr.Trainable($"k{l}_2"), 3, 4)
                        .CRZ(ParamExpr.Trainable($"k{l}_3"), 4, 3);
                    crossNames.AddRange(Enumerable.Range(0, 4).Select(j => $"k{l}_{j}"));
                    break;
                default:
                    break;
            }
        }

        int block = 0;
        foreach (int s in processorStarts)
        {
            Pool(trainable, s + 1, s, ref clbits, ref block);
            Pool(trainable, s + 3, s + 2, ref clbits, ref block);
            Pool(trainable, s + 2, s, ref clbits, ref block);
        }

        var trainableCircuit = trainable.Build();
        var assignment = Enumerable.Range(0, n).Select(q => q / 4).ToArray();
        TimedCircuit? timing = null;
        if (options.IdleNoise)
        {
            var arch = options.Architecture ?? throw new ArgumentException("idle noise needs an architecture with coherence times (Architecture is not set)", nameof(options));
            if (!arch.Processors.Any(p => p.HasCoherenceTimes))
            {
                throw new ArgumentException("idle noise needs processors with T1 (and T2): none of the architecture's processors has coherence times", nameof(options));
            }

            var remote = options.Scheme == HwangScheme.Quantum ? options.RemoteGates : QcRealisation.Direct;
            timing = IdleNoise.Insert(new DistributedCircuit(trainableCircuit, arch, assignment), remote);
            trainableCircuit = timing.Circuit;
        }

        var readout = new Readout(options.Readout, single ? [0] : [0, 4]);
        var (expected, formula) = ParameterCount(options.Scheme, options.Depth);
        string schemeName = options.Scheme switch
        {
            HwangScheme.Single => "single",
            HwangScheme.NoCommunication => "nc",
            HwangScheme.Classical => "cc",
            HwangScheme.Quantum => "qc",
            HwangScheme.BellSources => $"bell{options.BellPairs}",
            _ => "knit",
        };
        var model = new CircuitModel($"hwang-qcnn/{schemeName}/L{options.Depth}", embedding.Build(), trainableCircuit, readout, 8, InitialStates(options, n));
        var built = new HwangModel(model, options, expected, formula, assignment, crossNames) { Timing = timing };

        // Validate against the architecture: capacities, and no cross-processor gate without communication.
        var distributed = built.Distributed();
        if (options.Scheme is HwangScheme.NoCommunication or HwangScheme.BellSources)
        {
            int prepLength = model.InitialStates[0].Preparation.Instructions.Length;
            var cross = distributed.CrossOperations().Where(c => c.Index >= prepLength).ToList();
            if (cross.Count > 0)
            {
                throw new DistributionException($"scheme {schemeName}: {distributed.Describe(cross[0])} spans two processors without communication");
            }
        }

        return built;
    }

    private static void Pool(CircuitBuilder b, int measured, int kept, ref int clbits, ref int block)
    {
        int bit = clbits++;
        b.Measure(measured, bit);
        string p = $"p{block++}_";
        b.Append(Conditioned(bit, true, Circuits.Gates.StandardGates.RY, kept, ParamExpr.Trainable(p + "0")));
        b.Append(Conditioned(bit, true, Circuits.Gates.StandardGates.RX, kept, ParamExpr.Trainable(p + "1")));
        b.Append(Conditioned(bit, false, Circuits.Gates.StandardGates.RY, kept, ParamExpr.Trainable(p + "2")));
        b.Append(Conditioned(bit, false, Circuits.Gates.StandardGates.RX, kept, ParamExpr.Trainable(p + "3")));
    }

    private static Circuits.Instructions.Conditioned Conditioned(int bit, bool value, Circuits.Gates.GateDefinition gate, int qubit, ParamExpr angle) =>
        new(new Circuits.Instructions.BitCondition(bit, value), new Circuits.Instructions.GateOperation(new Circuits.Instructions.Gate(gate, [angle]), [qubit]));

    private static List<WeightedPreparation> InitialStates(HwangQcnnOptions o, int n)
    {
        if (o.Scheme != HwangScheme.BellSources)
        {
            return [new WeightedPreparation(1, new Circuit(n, 0, []))];
        }

        // Each pair: a mixture of the four Bell states (Werner) or one partially entangled pure state.
        var components = new List<(double W, List<Circuits.Instructions.Instruction> Ins)> { (1, []) };
        for (int pair = 0; pair < o.BellPairs; pair++)
        {
            int a = pair;
            int b = 4 + pair;
            var next = new List<(double, List<Circuits.Instructions.Instruction>)>();
            foreach (var (w, ins) in components)
            {
                if (o.PairAngle is double t)
                {
                    var c = new CircuitBuilder(n).RY(2 * t, a).CX(a, b).Build();
                    next.Add((w, [.. ins, .. c.Instructions]));
                    continue;
                }

                double v = o.Visibility;
                double[] weights = [(1 + (3 * v)) / 4, (1 - v) / 4, (1 - v) / 4, (1 - v) / 4];
                for (int bell = 0; bell < 4; bell++)
                {
                    if (weights[bell] == 0)
                    {
                        continue;
                    }

                    // |Phi+>, |Phi->, |Psi+>, |Psi->: X on b flips Phi to Psi, Z on a gives the minus sign.
                    var c = new CircuitBuilder(n).H(a).CX(a, b);
                    if (bell is 2 or 3)
                    {
                        c.X(b);
                    }

                    if (bell is 1 or 3)
                    {
                        c.Z(a);
                    }

                    next.Add((w * weights[bell], [.. ins, .. c.Build().Instructions]));
                }
            }

            components = next;
        }

        return [.. components.Select(c => new WeightedPreparation(c.W, new Circuit(n, 0, c.Ins)))];
    }
}
