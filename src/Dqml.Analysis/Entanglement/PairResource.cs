using System.Globalization;
using System.Numerics;
using Dqml.Circuits;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;
using Dqml.Simulation;

namespace Dqml.Analysis.Entanglement;

/// <summary>Which family a <see cref="PairResource"/> belongs to.</summary>
public enum PairKind
{
    /// <summary>The product state |00&gt; (no shared resource).</summary>
    Product,

    /// <summary>A Werner pair V |Phi+&gt;&lt;Phi+| + (1 - V) I / 4 (V = 1: a perfect Bell pair).</summary>
    Werner,

    /// <summary>A partially entangled pure pair cos a |00&gt; + sin a |11&gt;.</summary>
    PureEntangled,
}

/// <summary>
/// A two-qubit resource shared between two processors at t = 0: none (|00&gt;), a Werner pair of visibility V,
/// or a partially entangled pure pair cos a |00&gt; + sin a |11&gt;. It is realised as an initial ensemble of
/// pure preparations (gates only), the form <see cref="CircuitModel"/> takes, so the exact engine sees the
/// mixed state.
/// </summary>
/// <remarks>
/// <para>Werner pairs are the mixture (1 + 3V)/4 |Phi+&gt; + (1 - V)/4 (|Phi-&gt; + |Psi+&gt; + |Psi-&gt;), the same
/// ensemble <see cref="HwangQcnn"/> uses; pure pairs are RY(2a) on the first qubit then CX (as
/// <see cref="HwangQcnnOptions.PairAngle"/>).</para>
/// <para>Closed forms (<see cref="ConcurrenceFormula"/>): product 0; Werner max(0, (3V - 1)/2); pure |sin 2a|.
/// <see cref="Concurrence"/> instead computes Wootters' concurrence of the simulated density matrix.</para>
/// </remarks>
public sealed record PairResource
{
    private PairResource(PairKind kind, double? visibility, double? angle)
    {
        Kind = kind;
        Visibility = visibility;
        Angle = angle;
    }

    /// <summary>No shared resource: the product state |00&gt;.</summary>
    public static PairResource Product { get; } = new(PairKind.Product, null, null);

    /// <summary>A perfect Bell pair |Phi+&gt; = (|00&gt; + |11&gt;)/sqrt 2 (a Werner pair with V = 1).</summary>
    public static PairResource Bell { get; } = new(PairKind.Werner, 1, null);

    /// <summary>Which family.</summary>
    public PairKind Kind { get; }

    /// <summary>The Werner visibility V in [0, 1]; null for the other kinds.</summary>
    public double? Visibility { get; }

    /// <summary>The angle a of cos a |00&gt; + sin a |11&gt; (radians); null for the other kinds.</summary>
    public double? Angle { get; }

    /// <summary>The closed-form concurrence: 0, max(0, (3V - 1)/2) or |sin 2a|.</summary>
    public double ConcurrenceFormula => Kind switch
    {
        PairKind.Product => 0,
        PairKind.Werner => Math.Max(0, ((3 * Visibility!.Value) - 1) / 2),
        _ => Math.Abs(Math.Sin(2 * Angle!.Value)),
    };

    /// <summary>A short label: <c>product</c>, <c>werner(V=0.86)</c>, <c>pure(a=0.3927)</c>.</summary>
    public string Label => Kind switch
    {
        PairKind.Product => "product",
        PairKind.Werner => string.Create(CultureInfo.InvariantCulture, $"werner(V={Visibility!.Value:0.####})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"pure(a={Angle!.Value:0.####})"),
    };

    /// <summary>A Werner pair of visibility <paramref name="visibility"/> (fidelity (1 + 3V)/4 with |Phi+&gt;).</summary>
    /// <exception cref="ArgumentOutOfRangeException">V is outside [0, 1].</exception>
    public static PairResource Werner(double visibility)
    {
        if (!(visibility >= 0 && visibility <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "A Werner visibility must lie in [0, 1].");
        }

        return new(PairKind.Werner, visibility, null);
    }

    /// <summary>The pure pair cos a |00&gt; + sin a |11&gt; (concurrence |sin 2a|).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The angle is not finite.</exception>
    public static PairResource PureEntangled(double angle)
    {
        if (!double.IsFinite(angle))
        {
            throw new ArgumentOutOfRangeException(nameof(angle), angle, "The pair angle must be finite.");
        }

        return new(PairKind.PureEntangled, null, angle);
    }

    /// <summary>The pure pair with concurrence <paramref name="concurrence"/>: a = asin(C)/2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">C is outside [0, 1].</exception>
    public static PairResource PureWithConcurrence(double concurrence)
    {
        if (!(concurrence >= 0 && concurrence <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(concurrence), concurrence, "A concurrence must lie in [0, 1].");
        }

        return PureEntangled(Math.Asin(concurrence) / 2);
    }

    /// <summary>The Werner pair with concurrence <paramref name="concurrence"/> &gt; 0: V = (2C + 1)/3.</summary>
    /// <exception cref="ArgumentOutOfRangeException">C is outside [0, 1].</exception>
    public static PairResource WernerWithConcurrence(double concurrence)
    {
        if (!(concurrence >= 0 && concurrence <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(concurrence), concurrence, "A concurrence must lie in [0, 1].");
        }

        return Werner(((2 * concurrence) + 1) / 3);
    }

    /// <summary>
    /// The pair on qubits <paramref name="a"/> and <paramref name="b"/> of an <paramref name="numQubits"/>-qubit
    /// register, as weighted pure preparations from |0...0&gt; (one for product and pure pairs, up to four for
    /// Werner pairs; zero-weight members are left out).
    /// </summary>
    /// <exception cref="ArgumentException">The qubits are equal or out of range.</exception>
    public IReadOnlyList<WeightedPreparation> Ensemble(int numQubits, int a, int b)
    {
        if (a == b || a < 0 || b < 0 || a >= numQubits || b >= numQubits)
        {
            throw new ArgumentException($"pair qubits ({a}, {b}) must be two different qubits of a {numQubits}-qubit register");
        }

        switch (Kind)
        {
            case PairKind.Product:
                return [new WeightedPreparation(1, new Circuit(numQubits, 0, []))];
            case PairKind.PureEntangled:
                return [new WeightedPreparation(1, new CircuitBuilder(numQubits).RY(2 * Angle!.Value, a).CX(a, b).Build())];
            default:
            {
                double v = Visibility!.Value;
                double[] weights = [(1 + (3 * v)) / 4, (1 - v) / 4, (1 - v) / 4, (1 - v) / 4];
                var result = new List<WeightedPreparation>();
                for (int bell = 0; bell < 4; bell++)
                {
                    if (weights[bell] == 0)
                    {
                        continue;
                    }

                    // |Phi+>, |Phi->, |Psi+>, |Psi->: X on b turns Phi into Psi, Z on a gives the minus sign.
                    var c = new CircuitBuilder(numQubits).H(a).CX(a, b);
                    if (bell is 2 or 3)
                    {
                        c.X(b);
                    }

                    if (bell is 1 or 3)
                    {
                        c.Z(a);
                    }

                    result.Add(new WeightedPreparation(weights[bell], c.Build()));
                }

                return result;
            }
        }
    }

    /// <summary>The pair's 4 x 4 density matrix (qubit 0 the first party), simulated from <see cref="Ensemble"/>.</summary>
    public Complex[,] DensityMatrix() => EnsembleDensity(Ensemble(2, 0, 1), [0, 1]);

    /// <summary>Wootters' concurrence of the simulated <see cref="DensityMatrix"/> (compare <see cref="ConcurrenceFormula"/>).</summary>
    public double Concurrence() => EntanglementMeasures.Concurrence(DensityMatrix());

    /// <summary>
    /// <paramref name="options"/> set to share <paramref name="pairs"/> copies of this pair (Hwang scheme bell:K):
    /// Werner pairs set <see cref="HwangQcnnOptions.Visibility"/>, pure pairs <see cref="HwangQcnnOptions.PairAngle"/>,
    /// and product pairs the angle 0 (|00&gt; on each pair: the no-communication model).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pairs"/> is outside 1 to 4.</exception>
    public HwangQcnnOptions ApplyTo(HwangQcnnOptions options, int pairs)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (pairs is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(pairs), pairs, "Between 1 and 4 pairs (one per qubit of a 4-qubit processor).");
        }

        var o = options with { Scheme = HwangScheme.BellSources, BellPairs = pairs };
        return Kind switch
        {
            PairKind.Product => o with { PairAngle = 0, Visibility = 1 },
            PairKind.Werner => o with { PairAngle = null, Visibility = Visibility!.Value },
            _ => o with { PairAngle = Angle!.Value, Visibility = 1 },
        };
    }

    /// <inheritdoc/>
    public override string ToString() => Label;

    /// <summary>sum_i w_i Tr_rest |psi_i&gt;&lt;psi_i| over the ensemble, reduced to <paramref name="keep"/>.</summary>
    internal static Complex[,] EnsembleDensity(IReadOnlyList<WeightedPreparation> ensemble, ReadOnlySpan<int> keep)
    {
        int d = 1 << keep.Length;
        var rho = new Complex[d, d];
        var simulator = new StateVectorSimulator();
        foreach (var member in ensemble)
        {
            var psi = simulator.RunUnitary(member.Preparation);
            var part = psi.ReducedDensityMatrix(keep);
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c < d; c++)
                {
                    rho[r, c] += member.Weight * part[r, c];
                }
            }
        }

        return rho;
    }
}
