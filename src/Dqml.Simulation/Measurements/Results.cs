using System.Collections.Immutable;
using System.Numerics;
using Dqml.Circuits;
using Dqml.Simulation.Measurements;

namespace Dqml.Simulation;

/// <summary>
/// One pure-state branch of an exact run: with probability <see cref="Weight"/> the classical bits are
/// <see cref="Bits"/> and the state is <see cref="State"/>, where qubits in <see cref="DephasedMask"/> were
/// measured but kept (deferred): their coherences are absent from the mixed state.
/// </summary>
public sealed class Branch(double weight, StateVector state, bool[] bits, ulong dephasedMask)
{
    /// <summary>Probability of this branch.</summary>
    public double Weight { get; internal set; } = weight;

    /// <summary>The normalised branch state.</summary>
    public StateVector State { get; } = state;

    /// <summary>Known classical bits (bits tied to a deferred measurement are read from the state instead).</summary>
    public bool[] Bits { get; } = bits;

    /// <summary>Qubits measured but not collapsed (bit q set for qubit q).</summary>
    public ulong DephasedMask { get; internal set; } = dephasedMask;
}

/// <summary>
/// The exact output of a circuit with mid-circuit measurements: an ensemble of pure branches that
/// together represent the final mixed state and the classical register distribution.
/// </summary>
public sealed class ExactResult : IExactResult
{
    private readonly int[] _tie;
    private readonly ImmutableArray<Register> _cregs;

    internal ExactResult(int numQubits, int numClbits, IReadOnlyList<Branch> branches, int[] tie, ImmutableArray<Register> cregs)
    {
        NumQubits = numQubits;
        NumClbits = numClbits;
        Branches = branches;
        _tie = tie;
        _cregs = cregs;
    }

    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; }

    /// <summary>Number of classical bits.</summary>
    public int NumClbits { get; }

    /// <summary>The branches (weights sum to 1).</summary>
    public IReadOnlyList<Branch> Branches { get; }

    /// <summary>Number of branches kept.</summary>
    public int BranchCount => Branches.Count;

    /// <summary>True when the result is one pure state (one branch, nothing dephased).</summary>
    public bool IsPure => Branches.Count == 1 && Branches[0].DephasedMask == 0;

    /// <summary>The final state when <see cref="IsPure"/>; otherwise throws.</summary>
    public StateVector PureState => IsPure
        ? Branches[0].State
        : throw new InvalidOperationException("the result is a mixed state (the circuit measured or reset qubits); use Probabilities, Expectation or ReducedDensityMatrix");

    /// <summary>Exact probabilities of the 2^n basis states, averaged over all measurement outcomes.</summary>
    public double[] Probabilities()
    {
        var p = new double[1 << NumQubits];
        foreach (var b in Branches)
        {
            b.State.AddProbabilities(p, b.Weight);
        }

        return p;
    }

    /// <summary>Exact expectation of a Pauli string in the final mixed state.</summary>
    public double Expectation(PauliString p)
    {
        double s = 0;
        foreach (var b in Branches)
        {
            // X or Y on a dephased qubit: the operator is off-diagonal there, the state block-diagonal: zero.
            if ((p.XMask & b.DephasedMask) == 0)
            {
                s += b.Weight * b.State.Expectation(p);
            }
        }

        return s;
    }

    /// <summary>Exact expectation of a weighted Pauli sum.</summary>
    public double Expectation(PauliSum observable)
    {
        ArgumentNullException.ThrowIfNull(observable);
        return observable.Evaluate(Expectation);
    }

    /// <summary>Reduced density matrix of <paramref name="qubits"/> (qubits[0] the least significant local bit).</summary>
    public Complex[,] ReducedDensityMatrix(ReadOnlySpan<int> qubits)
    {
        int d = 1 << qubits.Length;
        var rho = new Complex[d, d];
        if (Branches.Count > 0)
        {
            _ = Branches[0].State.ReducedDensityMatrix(qubits); // validates the subset
        }

        foreach (var b in Branches)
        {
            b.State.AddReducedDensityMatrix(rho, qubits, b.Weight, b.DephasedMask);
        }

        return rho;
    }

    /// <summary>Purity Tr(rho^2) of the mixture sum_b w_b rho_b (rho_b = |psi_b&gt;&lt;psi_b| dephased on the measured-but-kept qubits).</summary>
    /// <remarks>Tr(rho^2) = sum_{a,b} w_a w_b Tr(rho_a rho_b); with dephasing the overlap is summed per dephased-qubit block. Cost O(B^2 2^n).</remarks>
    public double Purity()
    {
        double s = 0;
        for (int a = 0; a < Branches.Count; a++)
        {
            for (int b = 0; b < Branches.Count; b++)
            {
                s += Branches[a].Weight * Branches[b].Weight * Overlap(Branches[a], Branches[b]);
            }
        }

        return s;
    }

    /// <summary>
    /// Tr(rho_a rho_b) for two dephased branches: with P_k the projectors onto values of the dephased qubits
    /// (diagonal, so they commute), Tr = sum_{k,l} |&lt;a|P_k P_l|b&gt;|^2 = sum_m |&lt;a|P_m|b&gt;|^2, m over values
    /// of the union of both masks. One pass over the amplitudes.
    /// </summary>
    private static double Overlap(Branch x, Branch y)
    {
        ulong mask = x.DephasedMask | y.DephasedMask;
        if (mask == 0)
        {
            Complex ip = x.State.InnerProduct(y.State);
            return (ip.Real * ip.Real) + (ip.Imaginary * ip.Imaginary);
        }

        var a = x.State.Amplitudes;
        var b = y.State.Amplitudes;
        var blocks = new Dictionary<ulong, Complex>();
        for (int i = 0; i < a.Length; i++)
        {
            ulong key = (ulong)i & mask;
            blocks[key] = blocks.GetValueOrDefault(key) + (Complex.Conjugate(a[i]) * b[i]);
        }

        double s = 0;
        foreach (var v in blocks.Values)
        {
            s += (v.Real * v.Real) + (v.Imaginary * v.Imaginary);
        }

        return s;
    }

    /// <summary>
    /// Exact distribution of the classical register, keyed as counts are (see <see cref="ClassicalKeys"/>).
    /// Bits never written read 0.
    /// </summary>
    public IReadOnlyDictionary<string, double> ClassicalDistribution()
    {
        var dist = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var tiedBits = Enumerable.Range(0, NumClbits).Where(c => _tie[c] >= 0).ToArray();
        var tiedQubits = tiedBits.Select(c => _tie[c]).Distinct().ToArray();
        if (tiedQubits.Length > 24)
        {
            throw new InvalidOperationException($"{tiedQubits.Length} deferred measurement qubits: the classical distribution is too large to enumerate");
        }

        var bits = new bool[NumClbits];
        foreach (var br in Branches)
        {
            var marginal = new double[1 << tiedQubits.Length];
            var amps = br.State.Amplitudes;
            for (int i = 0; i < amps.Length; i++)
            {
                double w = (amps[i].Real * amps[i].Real) + (amps[i].Imaginary * amps[i].Imaginary);
                if (w != 0)
                {
                    marginal[Kernels.BitIndex.Gather(i, tiedQubits)] += w;
                }
            }

            for (int m = 0; m < marginal.Length; m++)
            {
                if (marginal[m] == 0)
                {
                    continue;
                }

                br.Bits.CopyTo(bits, 0);
                foreach (int c in tiedBits)
                {
                    int j = Array.IndexOf(tiedQubits, _tie[c]);
                    bits[c] = ((m >> j) & 1) == 1;
                }

                string key = ClassicalKeys.Format(bits, _cregs);
                dist[key] = dist.GetValueOrDefault(key) + (br.Weight * marginal[m]);
            }
        }

        return dist;
    }
}

/// <summary>Counts from sampled shots.</summary>
public sealed class SampleResult(IReadOnlyDictionary<string, int> counts, int shots, ulong seed)
{
    /// <summary>Counts keyed by classical bit strings (see <see cref="ClassicalKeys"/>).</summary>
    public IReadOnlyDictionary<string, int> Counts { get; } = counts;

    /// <summary>Number of shots.</summary>
    public int Shots { get; } = shots;

    /// <summary>The seed used.</summary>
    public ulong Seed { get; } = seed;
}
