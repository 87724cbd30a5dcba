using Dqml.Circuits.Gates;

namespace Dqml.Distributed;

/// <summary>
/// A wire cut: the identity channel on logical qubit <see cref="Qubit"/> just before instruction
/// <see cref="BeforeInstruction"/> (the instruction count for the end of the circuit) is replaced by its
/// quasi-probability decomposition (<see cref="Decomposition"/>): the qubit is measured in a Pauli basis
/// and a fresh qubit is prepared in an eigenstate, so the two halves of the wire may run on different
/// processors (or at different times) with no quantum channel between them.
/// </summary>
/// <remarks>
/// The assignment of a <see cref="DistributedCircuit"/> is static, so here a wire cut adds its overhead
/// and its measure-and-prepare terms on the same qubit index; it is the exact primitive, tested on its own
/// and inside circuits, that moving a qubit between processors without quantum communication would use.
/// </remarks>
public sealed record WireCut(int Qubit, int BeforeInstruction)
{
    /// <summary>Sampling overhead of the single wire cut of Peng et al. (no classical communication): 4.</summary>
    public const double Gamma = 4;

    private static readonly LocalGate H = new(StandardGates.H);
    private static readonly LocalGate S = new(StandardGates.S);
    private static readonly LocalGate Sdg = new(StandardGates.Sdg);
    private static readonly LocalGate X = new(StandardGates.X);
    private static readonly SignedMeasurement M = new();
    private static readonly LocalReset R = new();

    /// <summary>
    /// Peng, Harrow, Ozols and Wu, PRL 125, 150504 (2020): rho = 1/2 sum_{P in I,X,Y,Z} Tr(rho P) P with
    /// P = |P+&gt;&lt;P+| - |P-&gt;&lt;P-| (and I = |0&gt;&lt;0| + |1&gt;&lt;1|), eight measure-and-prepare terms:
    /// +1/2 [discard, prepare |0&gt;], +1/2 [discard, prepare |1&gt;], and for P = X, Y, Z
    /// +1/2 [signed P measurement, prepare |P+&gt;] and -1/2 [signed P measurement, prepare |P-&gt;]; gamma 4.
    /// A signed P measurement rotates P to Z (H for X, S^dagger then H for Y) and measures with a sign; the
    /// qubit is then reset and prepared.
    /// </summary>
    public static QuasiProbabilityDecomposition Decomposition { get; } = new("wire", 1,
    [
        Term(0.5, [R]),
        Term(0.5, [R, X]),
        Term(0.5, [H, M, R, H]),
        Term(-0.5, [H, M, R, X, H]),
        Term(0.5, [Sdg, H, M, R, H, S]),
        Term(-0.5, [Sdg, H, M, R, X, H, S]),
        Term(0.5, [M, R]),
        Term(-0.5, [M, R, X]),
    ]);

    /// <summary>
    /// Optimal sampling overhead of cutting <paramref name="wires"/> wires in parallel with classical
    /// communication, 2^(n+1) - 1 (Brenner, Piveteau and Sutter, arXiv:2302.03366): 3 for one wire, 7 for
    /// two. A formula only: the decomposition that reaches it (teleportation with a quasi-probabilistic
    /// resource state) is not built here; cutting the wires one by one with <see cref="Decomposition"/>
    /// costs 4^n.
    /// </summary>
    public static double ParallelGamma(int wires)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wires);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wires, 1000);
        return Math.Pow(2, wires + 1) - 1;
    }

    private static QpdTerm Term(double c, LocalOperation[] ops) => new(c, [[.. ops]]);
}
