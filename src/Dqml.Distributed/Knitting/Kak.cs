using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Dqml.Circuits.Gates;

namespace Dqml.Distributed;

/// <summary>
/// A KAK (Cartan) decomposition of a two-qubit unitary:
/// U = e^{i phi} (A1 (x) A0) exp(i (a XX + b YY + c ZZ)) (B1 (x) B0), with A0 and B0 on the gate's first
/// argument (the low bit of the row-major 4x4 matrix) and A1 and B1 on its second. The coefficients are
/// reduced to [-pi/4, pi/4] (any multiple of pi/2 is a local Pauli product, folded into A0 and A1).
/// </summary>
public sealed class KakDecomposition
{
    internal KakDecomposition(double globalPhase, double a, double b, double c, Complex[] before0, Complex[] before1, Complex[] after0, Complex[] after1)
    {
        GlobalPhase = globalPhase;
        A = a;
        B = b;
        C = c;
        Before0 = [.. before0];
        Before1 = [.. before1];
        After0 = [.. after0];
        After1 = [.. after1];
    }

    /// <summary>The global phase phi.</summary>
    public double GlobalPhase { get; }

    /// <summary>The XX coefficient a.</summary>
    public double A { get; }

    /// <summary>The YY coefficient b.</summary>
    public double B { get; }

    /// <summary>The ZZ coefficient c.</summary>
    public double C { get; }

    /// <summary>B0: the 2x2 one-qubit unitary run first on the first argument (row-major).</summary>
    public ImmutableArray<Complex> Before0 { get; }

    /// <summary>B1: the one-qubit unitary run first on the second argument.</summary>
    public ImmutableArray<Complex> Before1 { get; }

    /// <summary>A0: the one-qubit unitary run last on the first argument.</summary>
    public ImmutableArray<Complex> After0 { get; }

    /// <summary>A1: the one-qubit unitary run last on the second argument.</summary>
    public ImmutableArray<Complex> After1 { get; }

    /// <summary>
    /// Gamma of the product cut built by <see cref="GateCuts.FromKak"/>: prod over (a, b, c) of 1 + 2|sin 2x|, the
    /// product of the RXX(-2a), RYY(-2b), RZZ(-2c) rotation cuts. An upper bound on the optimal gamma.
    /// </summary>
    public double CutGamma => ProductGamma(A, B, C);

    /// <summary>
    /// The optimal gamma known for a cut of this gate with local operations (Schmitt, Piveteau and Sutter,
    /// "Cutting circuits with multiple two-qubit unitaries", 2023): writing the interaction as
    /// sum_k u_k (sigma_k (x) sigma_k) over k = I, X, Y, Z, it is 2 (sum_k |u_k|)^2 - 1 = 1 + 2 sum_{k != l} |u_k u_l|.
    /// Equal to <see cref="CutGamma"/> when at most one coefficient is non-zero (3 for CNOT); 7 for SWAP, where the product gives 27.
    /// </summary>
    public double OptimalGamma
    {
        get
        {
            double sum = PauliCoefficients().Sum(Complex.Abs);
            return (2 * sum * sum) - 1;
        }
    }

    /// <summary>The product-cut gamma prod over (a, b, c) of 1 + 2|sin 2x|.</summary>
    public static double ProductGamma(double a, double b, double c)
        => (1 + (2 * Math.Abs(Math.Sin(2 * a)))) * (1 + (2 * Math.Abs(Math.Sin(2 * b)))) * (1 + (2 * Math.Abs(Math.Sin(2 * c))));

    /// <summary>
    /// The coefficients u_I, u_X, u_Y, u_Z of exp(i (a XX + b YY + c ZZ)) = sum_k u_k (sigma_k (x) sigma_k).
    /// </summary>
    public Complex[] PauliCoefficients()
    {
        double ca = Math.Cos(A), sa = Math.Sin(A), cb = Math.Cos(B), sb = Math.Sin(B), cc = Math.Cos(C), sc = Math.Sin(C);
        return
        [
            new Complex(ca * cb * cc, sa * sb * sc),
            new Complex(ca * sb * sc, sa * cb * cc),
            new Complex(sa * cb * sc, ca * sb * cc),
            new Complex(sa * sb * cc, ca * cb * sc),
        ];
    }

    /// <summary>exp(i (a XX + b YY + c ZZ)) as a row-major 4x4 matrix (symmetric in the two qubits).</summary>
    public static Complex[] InteractionMatrix(double a, double b, double c)
    {
        // On span{|00>, |11>}: ZZ = 1, XX = sigma_x, YY = -sigma_x; on span{|01>, |10>}: ZZ = -1, XX = YY = sigma_x.
        Complex p = Complex.FromPolarCoordinates(1, c), m = Complex.FromPolarCoordinates(1, -c);
        Complex d0 = p * Math.Cos(a - b), o0 = p * Complex.ImaginaryOne * Math.Sin(a - b);
        Complex d1 = m * Math.Cos(a + b), o1 = m * Complex.ImaginaryOne * Math.Sin(a + b);
        return
        [
            d0, 0, 0, o0,
            0, d1, o1, 0,
            0, o1, d1, 0,
            o0, 0, 0, d0,
        ];
    }

    /// <summary>The interaction exp(i (a XX + b YY + c ZZ)).</summary>
    public Complex[] Interaction() => InteractionMatrix(A, B, C);

    /// <summary>The unitary rebuilt from the factors: e^{i phi} (A1 (x) A0) exp(i (a XX + b YY + c ZZ)) (B1 (x) B0).</summary>
    public Complex[] Reconstruct()
    {
        var after = MatrixMath.Kron(After1.AsSpan(), 2, After0.AsSpan(), 2);
        var before = MatrixMath.Kron(Before1.AsSpan(), 2, Before0.AsSpan(), 2);
        var u = MatrixMath.Multiply(MatrixMath.Multiply(after, Interaction(), 4), before, 4);
        var phase = Complex.FromPolarCoordinates(1, GlobalPhase);
        for (int i = 0; i < u.Length; i++)
        {
            u[i] *= phase;
        }

        return u;
    }

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"kak(a {A:G6}, b {B:G6}, c {C:G6}, phase {GlobalPhase:G6})");
}

/// <summary>
/// KAK (Cartan) decomposition of two-qubit unitaries through the magic basis: with M the magic basis and
/// U' = M^dagger U M / det(U)^{1/4}, local unitaries SU(2) (x) SU(2) become real orthogonal SO(4) matrices
/// and exp(i (a XX + b YY + c ZZ)) becomes diagonal. The symmetric unitary U'^T U' = O2^T D^2 O2 is
/// diagonalised by a real orthogonal O2 (the real and imaginary parts commute and are diagonalised together,
/// as eigenvectors of Re + r Im, with Jacobi rotations, which keep degenerate eigenspaces orthonormal);
/// then O1 = U' O2^T D^{-1} is real orthogonal, (a, b, c) and the phase come from the phases of D, and the
/// local factors from M O M^dagger = A (x) B.
/// </summary>
public static class Kak
{
    private const double ReconstructionTolerance = 1e-9;
    private const double SnapToZero = 1e-12;

    /// <summary>Mixing ratios r tried for Re + r Im; the one that diagonalises U'^T U' best wins.</summary>
    private static readonly double[] Mixes = [0.5772156649, 1.6180339887, -0.7071067812, 2.7182818285, -1.4142135624, 0.3183098862];

    /// <summary>Magic basis (columns), index = first bit + 2 second bit.</summary>
    private static readonly Complex[] Magic = BuildMagic();
    private static readonly Complex[] MagicDagger = MatrixMath.Adjoint(Magic, 4);

    /// <summary>Diagonals of M^dagger (XX, YY, ZZ) M: orthogonal +-1 vectors (with the all-ones vector).</summary>
    private static readonly double[][] PauliDiagonals = [MagicDiagonal('X'), MagicDiagonal('Y'), MagicDiagonal('Z')];

    private static readonly Complex[][] Paulis = [[0, 1, 1, 0], [0, -Complex.ImaginaryOne, Complex.ImaginaryOne, 0], [1, 0, 0, -1]];

    /// <summary>The KAK decomposition of a 4x4 unitary (row-major, first argument the low bit).</summary>
    /// <exception cref="ArgumentException">The matrix is not 4x4 or not unitary (to 1e-9).</exception>
    public static KakDecomposition Decompose(ReadOnlySpan<Complex> unitary)
    {
        if (unitary.Length != 16)
        {
            throw new ArgumentException($"KAK decomposes 4x4 (two-qubit) unitaries: got {unitary.Length} entries", nameof(unitary));
        }

        double dev = MatrixMath.UnitarityDeviation(unitary, 4);
        if (double.IsNaN(dev) || dev > ReconstructionTolerance)
        {
            throw new ArgumentException($"KAK decomposes unitaries: max |U U^dagger - I| = {dev.ToString("G3", CultureInfo.InvariantCulture)}", nameof(unitary));
        }

        return TryDecompose(unitary) ?? throw new InvalidOperationException("KAK decomposition failed to reconstruct the unitary to 1e-9");
    }

    /// <summary>The KAK decomposition, or null when the matrix is not a 4x4 unitary or the factors do not rebuild it to 1e-9.</summary>
    public static KakDecomposition? TryDecompose(ReadOnlySpan<Complex> unitary)
    {
        if (unitary.Length != 16)
        {
            return null;
        }

        double dev = MatrixMath.UnitarityDeviation(unitary, 4);
        if (double.IsNaN(dev) || dev > ReconstructionTolerance)
        {
            return null;
        }

        var u = unitary.ToArray();

        // Special unitary V = U / det^{1/4}, in the magic basis.
        Complex det = Determinant(u);
        Complex root = Complex.FromPolarCoordinates(1, det.Phase / 4);
        var v = new Complex[16];
        for (int i = 0; i < 16; i++)
        {
            v[i] = u[i] / root;
        }

        var up = MatrixMath.Multiply(MatrixMath.Multiply(MagicDagger, v, 4), Magic, 4);

        // P = U'^T U' = O2^T D^2 O2, symmetric and unitary.
        var p = MatrixMath.Multiply(Transpose(up), up, 4);
        double[,]? q = null;
        double best = double.PositiveInfinity;
        foreach (double r in Mixes)
        {
            var s = new double[4, 4];
            for (int i = 0; i < 4; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    // Symmetrise against rounding.
                    Complex x = (p[(i * 4) + j] + p[(j * 4) + i]) / 2;
                    s[i, j] = x.Real + (r * x.Imaginary);
                }
            }

            var candidate = Jacobi(s);
            double residual = OffDiagonal(Conjugate(p, candidate));
            if (residual < best)
            {
                best = residual;
                q = candidate;
            }

            if (best <= 1e-13)
            {
                break;
            }
        }

        if (q is null)
        {
            return null;
        }

        if (Determinant(ToComplex(q)).Real < 0)
        {
            for (int i = 0; i < 4; i++)
            {
                q[i, 0] = -q[i, 0];
            }
        }

        // D = sqrt(Q^T P Q), with det D = 1 so that O1 = U' Q D^{-1} is in SO(4).
        var d2 = Conjugate(p, q);
        var dd = new Complex[4];
        Complex product = Complex.One;
        for (int k = 0; k < 4; k++)
        {
            dd[k] = Complex.FromPolarCoordinates(1, d2[(k * 4) + k].Phase / 2);
            product *= dd[k];
        }

        if (product.Real < 0)
        {
            dd[0] = -dd[0];
        }

        var qc = ToComplex(q);
        var o1 = MatrixMath.Multiply(up, qc, 4);
        for (int i = 0; i < 4; i++)
        {
            for (int k = 0; k < 4; k++)
            {
                o1[(i * 4) + k] /= dd[k];
            }
        }

        var o2 = Transpose(qc);
        var (a1, a0) = SplitKron(MatrixMath.Multiply(MatrixMath.Multiply(Magic, o1, 4), MagicDagger, 4));
        var (b1, b0) = SplitKron(MatrixMath.Multiply(MatrixMath.Multiply(Magic, o2, 4), MagicDagger, 4));

        // theta_k = phi' + a x_k + b y_k + c z_k, the vectors (1, x, y, z) orthogonal with squared norm 4.
        var theta = dd.Select(z => z.Phase).ToArray();
        double phase = root.Phase + (theta.Sum() / 4);
        var coefficients = new double[3];
        for (int k = 0; k < 3; k++)
        {
            double sum = 0;
            for (int j = 0; j < 4; j++)
            {
                sum += theta[j] * PauliDiagonals[k][j];
            }

            // Reduce to [-pi/4, pi/4]: exp(i x PP) = exp(i x' PP) (i PP)^n, PP commuting with the interaction.
            double x = sum / 4;
            int n = (int)Math.Round(x / (Math.PI / 2));
            x -= n * Math.PI / 2;
            if ((n & 1) != 0)
            {
                a0 = MatrixMath.Multiply(a0, Paulis[k], 2);
                a1 = MatrixMath.Multiply(a1, Paulis[k], 2);
            }

            phase += n * Math.PI / 2;
            coefficients[k] = Math.Abs(x) <= SnapToZero ? 0 : x;
        }

        phase = Math.IEEERemainder(phase, 2 * Math.PI);
        var kak = new KakDecomposition(phase, coefficients[0], coefficients[1], coefficients[2], b0, b1, a0, a1);
        var rebuilt = kak.Reconstruct();
        for (int i = 0; i < 16; i++)
        {
            if (!(Complex.Abs(rebuilt[i] - u[i]) <= ReconstructionTolerance))
            {
                return null;
            }
        }

        return kak;
    }

    /// <summary>(High, Low) with K = High (x) Low (Low on the first argument), both unitary.</summary>
    private static (Complex[] High, Complex[] Low) SplitKron(Complex[] k)
    {
        // The 2x2 block (hr, hc) is High[hr, hc] Low; take the largest block for Low, normalised to det 1.
        int bestBlock = 0;
        double bestNorm = -1;
        for (int blk = 0; blk < 4; blk++)
        {
            double norm = 0;
            for (int l = 0; l < 4; l++)
            {
                norm += Complex.Abs(Block(k, blk >> 1, blk & 1, l >> 1, l & 1));
            }

            if (norm > bestNorm)
            {
                bestNorm = norm;
                bestBlock = blk;
            }
        }

        var low = new Complex[4];
        for (int l = 0; l < 4; l++)
        {
            low[l] = Block(k, bestBlock >> 1, bestBlock & 1, l >> 1, l & 1);
        }

        Complex scale = Complex.Sqrt((low[0] * low[3]) - (low[1] * low[2]));
        for (int l = 0; l < 4; l++)
        {
            low[l] /= scale;
        }

        // High[h, h'] = tr(Low^dagger block(h, h')) / 2.
        var high = new Complex[4];
        for (int blk = 0; blk < 4; blk++)
        {
            Complex tr = Complex.Zero;
            for (int l = 0; l < 4; l++)
            {
                tr += Complex.Conjugate(low[l]) * Block(k, blk >> 1, blk & 1, l >> 1, l & 1);
            }

            high[blk] = tr / 2;
        }

        return (high, low);
    }

    private static Complex Block(Complex[] k, int hr, int hc, int lr, int lc) => k[(((hr * 2) + lr) * 4) + (hc * 2) + lc];

    /// <summary>Eigenvectors (columns) of a real symmetric matrix by cyclic Jacobi rotations; an orthogonal matrix.</summary>
    private static double[,] Jacobi(double[,] a)
    {
        int n = a.GetLength(0);
        var v = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    total += a[i, j] * a[i, j];
                    if (i != j)
                    {
                        off += a[i, j] * a[i, j];
                    }
                }
            }

            if (off <= 1e-32 * total || off == 0)
            {
                break;
            }

            for (int p = 0; p < n - 1; p++)
            {
                for (int r = p + 1; r < n; r++)
                {
                    double apr = a[p, r];
                    if (apr == 0)
                    {
                        continue;
                    }

                    // Rotation J = [[c, s], [-s, c]] on (p, r) with (J^T A J)[p, r] = 0.
                    double theta = (a[r, r] - a[p, p]) / (2 * apr);
                    double t = Math.Sign(theta) == 0 ? 1 : Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    double c = 1 / Math.Sqrt((t * t) + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akr = a[k, r];
                        a[k, p] = (c * akp) - (s * akr);
                        a[k, r] = (s * akp) + (c * akr);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], ark = a[r, k];
                        a[p, k] = (c * apk) - (s * ark);
                        a[r, k] = (s * apk) + (c * ark);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkr = v[k, r];
                        v[k, p] = (c * vkp) - (s * vkr);
                        v[k, r] = (s * vkp) + (c * vkr);
                    }
                }
            }
        }

        return v;
    }

    /// <summary>Q^T P Q for a real orthogonal Q.</summary>
    private static Complex[] Conjugate(Complex[] p, double[,] q)
    {
        var qc = ToComplex(q);
        return MatrixMath.Multiply(MatrixMath.Multiply(Transpose(qc), p, 4), qc, 4);
    }

    private static double OffDiagonal(Complex[] m)
    {
        double worst = 0;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                if (i != j)
                {
                    worst = Math.Max(worst, Complex.Abs(m[(i * 4) + j]));
                }
            }
        }

        return double.IsNaN(worst) ? double.PositiveInfinity : worst;
    }

    private static Complex[] ToComplex(double[,] q)
    {
        var r = new Complex[16];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                r[(i * 4) + j] = q[i, j];
            }
        }

        return r;
    }

    private static Complex[] Transpose(Complex[] m)
    {
        var r = new Complex[16];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                r[(j * 4) + i] = m[(i * 4) + j];
            }
        }

        return r;
    }

    /// <summary>Determinant of a 4x4 matrix by Gaussian elimination with partial pivoting.</summary>
    private static Complex Determinant(Complex[] m)
    {
        var a = (Complex[])m.Clone();
        Complex det = Complex.One;
        for (int col = 0; col < 4; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < 4; r++)
            {
                if (Complex.Abs(a[(r * 4) + col]) > Complex.Abs(a[(pivot * 4) + col]))
                {
                    pivot = r;
                }
            }

            if (a[(pivot * 4) + col] == Complex.Zero)
            {
                return Complex.Zero;
            }

            if (pivot != col)
            {
                for (int j = 0; j < 4; j++)
                {
                    (a[(col * 4) + j], a[(pivot * 4) + j]) = (a[(pivot * 4) + j], a[(col * 4) + j]);
                }

                det = -det;
            }

            Complex d = a[(col * 4) + col];
            det *= d;
            for (int r = col + 1; r < 4; r++)
            {
                Complex f = a[(r * 4) + col] / d;
                for (int j = col; j < 4; j++)
                {
                    a[(r * 4) + j] -= f * a[(col * 4) + j];
                }
            }
        }

        return det;
    }

    private static Complex[] BuildMagic()
    {
        // Columns: (|00> + |11>)/sqrt2, i(|00> - |11>)/sqrt2, i(|01> + |10>)/sqrt2, (|01> - |10>)/sqrt2.
        double h = 1 / Math.Sqrt(2);
        Complex i = Complex.ImaginaryOne;
        return
        [
            h, h * i, 0, 0,
            0, 0, h * i, h,
            0, 0, h * i, -h,
            h, -h * i, 0, 0,
        ];
    }

    private static double[] MagicDiagonal(char pauli)
    {
        Complex[] p = pauli switch
        {
            'X' => [0, 1, 1, 0],
            'Y' => [0, -Complex.ImaginaryOne, Complex.ImaginaryOne, 0],
            _ => [1, 0, 0, -1],
        };
        var pp = MatrixMath.Kron(p, 2, p, 2);
        var d = MatrixMath.Multiply(MatrixMath.Multiply(MatrixMath.Adjoint(BuildMagic(), 4), pp, 4), BuildMagic(), 4);
        return [d[0].Real, d[5].Real, d[10].Real, d[15].Real];
    }
}
