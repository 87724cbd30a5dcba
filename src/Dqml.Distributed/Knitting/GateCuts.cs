using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Dqml.Circuits.Gates;

namespace Dqml.Distributed;

/// <summary>
/// Gate cuts: quasi-probability decompositions of two-qubit gate channels into products of local
/// operations (Mitarai and Fujii, New J. Phys. 23, 023021, 2021). In the terms below A (x) B means A on
/// the gate's first argument and B on its second; S, S^dagger and Z are the unitary channels, M is the
/// signed Z measurement rho -&gt; P0 rho P0 - P1 rho P1 (<see cref="SignedMeasurement"/>).
/// </summary>
/// <remarks>
/// <para><b>Rotation.</b> For RZZ(t) = exp(-i t/2 Z(x)Z), c = cos(t/2), s = sin(t/2):
/// U rho U^dagger = c^2 rho + s^2 (Z(x)Z) rho (Z(x)Z) + c s i[rho, Z(x)Z], and
/// i[rho, Z(x)Z] = M (x) (S - S^dagger) + (S - S^dagger) (x) M (check it block by block in the Z basis of
/// each qubit: off-diagonal blocks in both qubits cancel), with i[sigma, Z] = S sigma S^dagger - S^dagger sigma S. So
/// RZZ(t) = c^2 I(x)I + s^2 Z(x)Z + c s [M(x)S - M(x)S^dagger + S(x)M - S^dagger(x)M]: six terms,
/// gamma = c^2 + s^2 + 4|c s| = 1 + 2|sin t|.</para>
/// <para><b>CZ.</b> CZ = (S (x) S) RZZ(-pi/2) up to a global phase; composing and simplifying (S M = M, S S = Z,
/// S S^dagger = I, S Z = S^dagger) gives CZ = 1/2 S(x)S + 1/2 S^dagger(x)S^dagger + 1/2 M(x)I - 1/2 M(x)Z
/// + 1/2 I(x)M - 1/2 Z(x)M, gamma 3.</para>
/// <para><b>Other gates.</b> Any two-qubit diagonal gate is e^{i a} exp(i b Z(x)I) exp(i g I(x)Z) exp(i d Z(x)Z):
/// local Z rotations after RZZ(-2d), so CP(l) and CRZ(l) cost 1 + 2|sin(l/2)|. Gates diagonal after a
/// local Pauli basis change (H for X, H S^dagger for Y on either qubit: CX, CY, CRX, CRY, RXX, RYY, RZX)
/// are cut as that diagonal gate conjugated by the basis change; any other controlled one-qubit gate
/// C-U = (I (x) W) C-diag(l1, l2) (I (x) W^dagger) with U = W diag(l1, l2) W^dagger its eigendecomposition.</para>
/// <para><b>Any two-qubit gate (KAK).</b> Every other gate (SWAP, iSWAP, generic two-qubit unitaries) goes through its
/// KAK decomposition U = e^{i phi} (A1 (x) A0) exp(i (a XX + b YY + c ZZ)) (B1 (x) B0) (<see cref="Kak"/>). Since
/// exp(i a XX) = RXX(-2a) and XX, YY, ZZ commute, the channel is (A) o RXX(-2a) o RYY(-2b) o RZZ(-2c) o (B); each
/// rotation with a non-zero angle is cut as above and the cuts are multiplied (every combination of terms), the
/// local unitaries running as <see cref="LocalGate"/> steps before and after on each side. So
/// gamma = prod over (a, b, c) of (1 + 2|sin 2x|): 3 for CNOT (one non-zero coefficient, as the closed form), 9 for
/// iSWAP, 27 for SWAP. The product is an upper bound: the optimal gamma known for a local-operation cut of a
/// two-qubit unitary is 2 (sum_k |u_k|)^2 - 1 with exp(i (a XX + b YY + c ZZ)) = sum_k u_k sigma_k (x) sigma_k
/// (Schmitt, Piveteau and Sutter, 2023), 7 for SWAP (<see cref="KakDecomposition.OptimalGamma"/>).</para>
/// </remarks>
public static class GateCuts
{
    private const double Tolerance = 1e-10;
    private const double Negligible = 1e-14;

    private static readonly SignedMeasurement M = new();
    private static readonly LocalGate S = new(StandardGates.S);
    private static readonly LocalGate Sdg = new(StandardGates.Sdg);
    private static readonly LocalGate Z = new(StandardGates.Z);
    private static readonly LocalGate H = new(StandardGates.H);

    /// <summary>Local bases a Pauli rotation may be diagonalised in: B with B P B^dagger = Z, run as "pre" B and "post" B^dagger.</summary>
    private static readonly (Complex[] B, LocalOperation[] Pre, LocalOperation[] Post)[] Bases =
    [
        ([1, 0, 0, 1], [], []),
        (StandardGates.H.Matrix([]), [H], [H]),
        (MatrixMath.Multiply(StandardGates.H.Matrix([]), StandardGates.Sdg.Matrix([]), 2), [Sdg, H], [H, S]),
    ];

    /// <summary>
    /// The CZ cut: 1/2 S(x)S + 1/2 S^dagger(x)S^dagger + 1/2 M(x)I - 1/2 M(x)Z + 1/2 I(x)M - 1/2 Z(x)M (gamma 3).
    /// </summary>
    public static QuasiProbabilityDecomposition Cz() => new("cz", 2,
    [
        Term(0.5, [S], [S]),
        Term(0.5, [Sdg], [Sdg]),
        Term(0.5, [M], []),
        Term(-0.5, [M], [Z]),
        Term(0.5, [], [M]),
        Term(-0.5, [Z], [M]),
    ]);

    /// <summary>The CNOT cut (control first): CX = (I (x) H) CZ (I (x) H), gamma 3.</summary>
    public static QuasiProbabilityDecomposition Cnot() => Cz().Conjugated("cx", [[], [H]], [[], [H]]);

    /// <summary>
    /// The RZZ(theta) = exp(-i theta/2 Z(x)Z) cut: c^2 I(x)I + s^2 Z(x)Z + c s [M(x)S - M(x)S^dagger + S(x)M - S^dagger(x)M],
    /// c = cos(theta/2), s = sin(theta/2); gamma = 1 + 2|sin theta|. Terms with a negligible coefficient are dropped.
    /// </summary>
    public static QuasiProbabilityDecomposition Rzz(double theta) => RzzNamed($"rzz({Format(theta)})", theta);

    /// <summary>Gamma of the RZZ(theta) cut, 1 + 2|sin theta|.</summary>
    public static double RzzGamma(double theta) => 1 + (2 * Math.Abs(Math.Sin(theta)));

    /// <summary>
    /// The cut of a two-qubit gate given by its matrix (row-major, first argument the least significant
    /// bit), or null when the matrix is not a 4x4 unitary. The names "cz" and "cx" select the textbook
    /// decompositions; gates diagonal up to local Pauli basis changes and controlled one-qubit gates get their
    /// closed-form cuts, any other gate the KAK product cut (<see cref="FromKak"/>).
    /// </summary>
    public static QuasiProbabilityDecomposition? TryDecompose(string name, ReadOnlySpan<Complex> matrix)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (matrix.Length != 16)
        {
            return null;
        }

        if ((name is "cz" or "cx") && Close(matrix, name == "cz" ? StandardGates.CZ.Matrix([]) : StandardGates.CX.Matrix([])))
        {
            return name == "cz" ? Cz() : Cnot();
        }

        // A diagonal gate after a local Pauli basis change on either qubit.
        foreach (var b0 in Bases)
        {
            foreach (var b1 in Bases)
            {
                var b = MatrixMath.Kron(b1.B, 2, b0.B, 2);
                var d = MatrixMath.Multiply(MatrixMath.Multiply(b, matrix, 4), MatrixMath.Adjoint(b, 4), 4);
                if (OffDiagonal(d) <= Tolerance)
                {
                    return Diagonal(name, [d[0], d[5], d[10], d[15]]).Conjugated(name, [b0.Pre, b1.Pre], [b0.Post, b1.Post]);
                }
            }
        }

        // A controlled one-qubit gate (control on either argument), diagonalised on the target.
        for (int control = 0; control < 2; control++)
        {
            if (ControlledBlock(matrix, control) is { } u && Eigen(u) is var (w, l0, l1))
            {
                var diag = new Complex[4];
                for (int cv = 0; cv < 2; cv++)
                {
                    for (int tv = 0; tv < 2; tv++)
                    {
                        diag[Index(control, cv, tv)] = cv == 0 ? Complex.One : (tv == 0 ? l0 : l1);
                    }
                }

                var wGate = new LocalGate(GateDefinition.Unitary(w, "knit_basis"));
                var wDagger = new LocalGate(GateDefinition.Unitary(MatrixMath.Adjoint(w, 2), "knit_basis_dg"));
                var before = new LocalOperation[2][];
                var after = new LocalOperation[2][];
                before[control] = after[control] = [];
                before[1 - control] = [wDagger];
                after[1 - control] = [wGate];
                return Diagonal(name, diag).Conjugated(name, before, after);
            }
        }

        return Kak.TryDecompose(matrix) is { } kak ? FromKak(name, kak) : null;
    }

    /// <summary>
    /// The cut of a two-qubit gate through its KAK decomposition, whatever the gate (see the remarks of
    /// <see cref="GateCuts"/>): gamma = prod over (a, b, c) of (1 + 2|sin 2x|).
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not a 4x4 unitary.</exception>
    public static QuasiProbabilityDecomposition ViaKak(string name, ReadOnlySpan<Complex> matrix)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FromKak(name, Kak.Decompose(matrix));
    }

    /// <summary>
    /// The product cut of a KAK decomposition: B0 (x) B1, then the RZZ(-2c), RYY(-2b) and RXX(-2a) cuts (each
    /// skipped when its angle is zero), then A0 (x) A1. Gamma <see cref="KakDecomposition.CutGamma"/>.
    /// </summary>
    public static QuasiProbabilityDecomposition FromKak(string name, KakDecomposition kak)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(kak);
        var qpd = new QuasiProbabilityDecomposition(name, 2, [Term(1, [], [])]);
        foreach (var (coefficient, basis) in new[] { (kak.C, Bases[0]), (kak.B, Bases[2]), (kak.A, Bases[1]) })
        {
            if (coefficient != 0)
            {
                var rotation = RzzNamed(name, -2 * coefficient).Conjugated(name, [basis.Pre, basis.Pre], [basis.Post, basis.Post]);
                qpd = Then(name, qpd, rotation);
            }
        }

        return qpd.Conjugated(
            name,
            [LocalUnitary(kak.Before0, "kak_b0"), LocalUnitary(kak.Before1, "kak_b1")],
            [LocalUnitary(kak.After0, "kak_a0"), LocalUnitary(kak.After1, "kak_a1")]);
    }

    /// <summary>The decomposition of second o first: every pair of terms, coefficients multiplied, operations concatenated.</summary>
    private static QuasiProbabilityDecomposition Then(string name, QuasiProbabilityDecomposition first, QuasiProbabilityDecomposition second)
        => new(name, first.Arity, first.Terms.SelectMany(t1 => second.Terms.Select(t2 => new QpdTerm(
            t1.Coefficient * t2.Coefficient,
            [.. t1.Operations.Zip(t2.Operations, (o1, o2) => o1.AddRange(o2))]))));

    /// <summary>A one-qubit unitary as a local step, none when it is the identity up to a phase.</summary>
    private static LocalOperation[] LocalUnitary(ImmutableArray<Complex> u, string name)
    {
        if (Complex.Abs(u[1]) <= Negligible && Complex.Abs(u[2]) <= Negligible && Complex.Abs(u[0] - u[3]) <= Negligible)
        {
            return [];
        }

        return [new LocalGate(GateDefinition.Unitary([.. u], name))];
    }

    /// <summary>
    /// A diagonal two-qubit gate diag(d_00, d_10, d_01, d_11) (index = first bit + 2 second bit): writing its phases
    /// phi = a + b z1 + g z2 + d z1 z2 (z = +-1), it is RZZ(-2d) followed by RZ(-2b) (x) RZ(-2g), up to a global phase.
    /// </summary>
    private static QuasiProbabilityDecomposition Diagonal(string name, Complex[] d)
    {
        double p00 = d[0].Phase, p10 = d[1].Phase, p01 = d[2].Phase, p11 = d[3].Phase;
        double beta = (p00 + p01 - p10 - p11) / 4;  // z1 = +1 when the first bit is 0
        double gamma = (p00 + p10 - p01 - p11) / 4;
        double delta = (p00 - p10 - p01 + p11) / 4;
        var after0 = Math.Abs(beta) > Negligible ? new LocalOperation[] { new LocalGate(StandardGates.RZ, -2 * beta) } : [];
        var after1 = Math.Abs(gamma) > Negligible ? new LocalOperation[] { new LocalGate(StandardGates.RZ, -2 * gamma) } : [];
        return RzzNamed(name, -2 * delta).Conjugated(name, [[], []], [after0, after1]);
    }

    private static QuasiProbabilityDecomposition RzzNamed(string name, double theta)
    {
        double c = Math.Cos(theta / 2), s = Math.Sin(theta / 2);
        var terms = new List<QpdTerm>
        {
            Term(c * c, [], []),
            Term(s * s, [Z], [Z]),
            Term(c * s, [M], [S]),
            Term(-c * s, [M], [Sdg]),
            Term(c * s, [S], [M]),
            Term(-c * s, [Sdg], [M]),
        };
        terms.RemoveAll(t => Math.Abs(t.Coefficient) <= Negligible);
        return new QuasiProbabilityDecomposition(name, 2, terms);
    }

    private static QpdTerm Term(double c, LocalOperation[] first, LocalOperation[] second) => new(c, [[.. first], [.. second]]);

    private static int Index(int control, int cv, int tv) => control == 0 ? cv + (2 * tv) : tv + (2 * cv);

    /// <summary>The target block U when the matrix is |0&gt;&lt;0| (x) I + |1&gt;&lt;1| (x) U with the control on argument <paramref name="control"/>; otherwise null.</summary>
    private static Complex[]? ControlledBlock(ReadOnlySpan<Complex> m, int control)
    {
        for (int cr = 0; cr < 2; cr++)
        {
            for (int tr = 0; tr < 2; tr++)
            {
                for (int cc = 0; cc < 2; cc++)
                {
                    for (int tc = 0; tc < 2; tc++)
                    {
                        var v = m[(Index(control, cr, tr) * 4) + Index(control, cc, tc)];
                        bool ok = cr != cc ? Complex.Abs(v) <= Tolerance : cr == 1 || Complex.Abs(v - (tr == tc ? 1 : 0)) <= Tolerance;
                        if (!ok)
                        {
                            return null;
                        }
                    }
                }
            }
        }

        return
        [
            m[(Index(control, 1, 0) * 4) + Index(control, 1, 0)], m[(Index(control, 1, 0) * 4) + Index(control, 1, 1)],
            m[(Index(control, 1, 1) * 4) + Index(control, 1, 0)], m[(Index(control, 1, 1) * 4) + Index(control, 1, 1)],
        ];
    }

    /// <summary>U = W diag(l0, l1) W^dagger for a 2x2 unitary U, W unitary; null if the reconstruction fails.</summary>
    private static (Complex[] W, Complex L0, Complex L1)? Eigen(Complex[] u)
    {
        Complex[] w;
        if (Complex.Abs(u[1]) <= Tolerance && Complex.Abs(u[2]) <= Tolerance)
        {
            w = [1, 0, 0, 1];
        }
        else
        {
            Complex tr = u[0] + u[3], det = (u[0] * u[3]) - (u[1] * u[2]);
            Complex l = (tr + Complex.Sqrt((tr * tr) - (4 * det))) / 2;
            (Complex a, Complex b) = Complex.Abs(u[1]) >= Complex.Abs(u[2]) ? (u[1], l - u[0]) : (l - u[3], u[2]);
            double norm = Math.Sqrt((a.Magnitude * a.Magnitude) + (b.Magnitude * b.Magnitude));
            a /= norm;
            b /= norm;
            w = [a, -Complex.Conjugate(b), b, Complex.Conjugate(a)];
        }

        // l_k = v_k^dagger U v_k, v_k the columns of W.
        Complex Diag(int k) => (Complex.Conjugate(w[k]) * ((u[0] * w[k]) + (u[1] * w[2 + k])))
            + (Complex.Conjugate(w[2 + k]) * ((u[2] * w[k]) + (u[3] * w[2 + k])));
        Complex l0 = Diag(0), l1 = Diag(1);
        var rebuilt = MatrixMath.Multiply(MatrixMath.Multiply(w, [l0, 0, 0, l1], 2), MatrixMath.Adjoint(w, 2), 2);
        return Close(rebuilt, u) && MatrixMath.UnitarityDeviation(w, 2) <= 1e-9 ? (w, l0, l1) : null;
    }

    private static double OffDiagonal(ReadOnlySpan<Complex> d)
    {
        double m = 0;
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                if (r != c)
                {
                    m = Math.Max(m, Complex.Abs(d[(r * 4) + c]));
                }
            }
        }

        return m;
    }

    private static bool Close(ReadOnlySpan<Complex> a, ReadOnlySpan<Complex> b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (Complex.Abs(a[i] - b[i]) > Tolerance)
            {
                return false;
            }
        }

        return true;
    }

    private static string Format(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
