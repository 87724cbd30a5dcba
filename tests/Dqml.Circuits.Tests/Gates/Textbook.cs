using System.Numerics;

namespace Dqml.Circuits.Tests.Gates;

/// <summary>
/// Textbook gate matrices written out by hand, independently of the library. Index convention: the first
/// gate argument is the least significant bit of the row/column index (controls first), as in Qiskit.
/// </summary>
internal static class Textbook
{
    private static readonly Complex I = Complex.ImaginaryOne;
    private static readonly double R = 1 / Math.Sqrt(2);

    /// <summary>Textbook matrix by gate name: (number of parameters, factory).</summary>
    public static IReadOnlyDictionary<string, (int NumParameters, Func<double[], Complex[,]> Matrix)> Gates { get; } =
        new Dictionary<string, (int, Func<double[], Complex[,]>)>(StringComparer.Ordinal)
        {
            ["id"] = (0, _ => M2(1, 0, 0, 1)),
            ["x"] = (0, _ => M2(0, 1, 1, 0)),
            ["y"] = (0, _ => M2(0, -I, I, 0)),
            ["z"] = (0, _ => M2(1, 0, 0, -1)),
            ["h"] = (0, _ => M2(R, R, R, -R)),
            ["s"] = (0, _ => M2(1, 0, 0, I)),
            ["sdg"] = (0, _ => M2(1, 0, 0, -I)),
            ["t"] = (0, _ => M2(1, 0, 0, (1 + I) * R)),
            ["tdg"] = (0, _ => M2(1, 0, 0, (1 - I) * R)),
            ["sx"] = (0, _ => M2((1 + I) / 2, (1 - I) / 2, (1 - I) / 2, (1 + I) / 2)),
            ["sxdg"] = (0, _ => M2((1 - I) / 2, (1 + I) / 2, (1 + I) / 2, (1 - I) / 2)),
            ["rx"] = (1, p => M2(C(p[0]), -I * S(p[0]), -I * S(p[0]), C(p[0]))),
            ["ry"] = (1, p => M2(C(p[0]), -S(p[0]), S(p[0]), C(p[0]))),
            ["rz"] = (1, p => M2(E(-p[0] / 2), 0, 0, E(p[0] / 2))),
            ["p"] = (1, p => M2(1, 0, 0, E(p[0]))),
            ["u1"] = (1, p => M2(1, 0, 0, E(p[0]))),
            ["u0"] = (1, _ => M2(1, 0, 0, 1)),
            ["u2"] = (2, p => M2(R, -R * E(p[1]), R * E(p[0]), R * E(p[0] + p[1]))),
            ["u3"] = (3, p => U3(p[0], p[1], p[2])),
            ["u"] = (3, p => U3(p[0], p[1], p[2])),

            // Two-qubit gates: index = b0 + 2 b1, b0 the first argument (the control for controlled gates).
            ["cx"] = (0, _ => M4(
                1, 0, 0, 0,
                0, 0, 0, 1,
                0, 0, 1, 0,
                0, 1, 0, 0)),
            ["cy"] = (0, _ => M4(
                1, 0, 0, 0,
                0, 0, 0, -I,
                0, 0, 1, 0,
                0, I, 0, 0)),
            ["cz"] = (0, _ => M4(
                1, 0, 0, 0,
                0, 1, 0, 0,
                0, 0, 1, 0,
                0, 0, 0, -1)),
            ["ch"] = (0, _ => M4(
                1, 0, 0, 0,
                0, R, 0, R,
                0, 0, 1, 0,
                0, R, 0, -R)),
            ["csx"] = (0, _ => M4(
                1, 0, 0, 0,
                0, (1 + I) / 2, 0, (1 - I) / 2,
                0, 0, 1, 0,
                0, (1 - I) / 2, 0, (1 + I) / 2)),
            ["cs"] = (0, _ => M4(
                1, 0, 0, 0,
                0, 1, 0, 0,
                0, 0, 1, 0,
                0, 0, 0, I)),
            ["csdg"] = (0, _ => M4(
                1, 0, 0, 0,
                0, 1, 0, 0,
                0, 0, 1, 0,
                0, 0, 0, -I)),
            ["crx"] = (1, p => M4(
                1, 0, 0, 0,
                0, C(p[0]), 0, -I * S(p[0]),
                0, 0, 1, 0,
                0, -I * S(p[0]), 0, C(p[0]))),
            ["cry"] = (1, p => M4(
                1, 0, 0, 0,
                0, C(p[0]), 0, -S(p[0]),
                0, 0, 1, 0,
                0, S(p[0]), 0, C(p[0]))),
            ["crz"] = (1, p => M4(
                1, 0, 0, 0,
                0, E(-p[0] / 2), 0, 0,
                0, 0, 1, 0,
                0, 0, 0, E(p[0] / 2))),
            ["cp"] = (1, p => M4(
                1, 0, 0, 0,
                0, 1, 0, 0,
                0, 0, 1, 0,
                0, 0, 0, E(p[0]))),
            ["cu1"] = (1, p => M4(
                1, 0, 0, 0,
                0, 1, 0, 0,
                0, 0, 1, 0,
                0, 0, 0, E(p[0]))),
            ["cu3"] = (3, p => M4(
                1, 0, 0, 0,
                0, C(p[0]), 0, -E(p[2]) * S(p[0]),
                0, 0, 1, 0,
                0, E(p[1]) * S(p[0]), 0, E(p[1] + p[2]) * C(p[0]))),
            ["cu"] = (4, p => M4(
                1, 0, 0, 0,
                0, E(p[3]) * C(p[0]), 0, -E(p[3] + p[2]) * S(p[0]),
                0, 0, 1, 0,
                0, E(p[3] + p[1]) * S(p[0]), 0, E(p[3] + p[1] + p[2]) * C(p[0]))),
            ["swap"] = (0, _ => M4(
                1, 0, 0, 0,
                0, 0, 1, 0,
                0, 1, 0, 0,
                0, 0, 0, 1)),
            ["iswap"] = (0, _ => M4(
                1, 0, 0, 0,
                0, 0, I, 0,
                0, I, 0, 0,
                0, 0, 0, 1)),
            ["dcx"] = (0, _ => M4(
                1, 0, 0, 0,
                0, 0, 0, 1,
                0, 1, 0, 0,
                0, 0, 1, 0)),
            ["ecr"] = (0, _ => M4(
                0, R, 0, I * R,
                R, 0, -I * R, 0,
                0, I * R, 0, R,
                -I * R, 0, R, 0)),
            ["rxx"] = (1, p => M4(
                C(p[0]), 0, 0, -I * S(p[0]),
                0, C(p[0]), -I * S(p[0]), 0,
                0, -I * S(p[0]), C(p[0]), 0,
                -I * S(p[0]), 0, 0, C(p[0]))),
            ["ryy"] = (1, p => M4(
                C(p[0]), 0, 0, I * S(p[0]),
                0, C(p[0]), -I * S(p[0]), 0,
                0, -I * S(p[0]), C(p[0]), 0,
                I * S(p[0]), 0, 0, C(p[0]))),
            ["rzz"] = (1, p => M4(
                E(-p[0] / 2), 0, 0, 0,
                0, E(p[0] / 2), 0, 0,
                0, 0, E(p[0] / 2), 0,
                0, 0, 0, E(-p[0] / 2))),
            ["rzx"] = (1, p => M4(
                C(p[0]), 0, -I * S(p[0]), 0,
                0, C(p[0]), 0, I * S(p[0]),
                -I * S(p[0]), 0, C(p[0]), 0,
                0, I * S(p[0]), 0, C(p[0]))),

            // Three and more qubits.
            ["ccx"] = (0, _ => Permutation(8, (3, 7))),
            ["ccz"] = (0, _ => Diagonal(8, (7, -1))),
            ["cswap"] = (0, _ => Permutation(8, (3, 5))), // control = bit 0; swaps |c=1,a=1,b=0> and |c=1,a=0,b=1>
            ["c3x"] = (0, _ => Permutation(16, (7, 15))),
            ["c4x"] = (0, _ => Permutation(32, (15, 31))),
            ["c3sqrtx"] = (0, _ => Block(16, 7, 15, (1 + I) / 2, (1 - I) / 2, (1 - I) / 2, (1 + I) / 2)),
            ["rccx"] = (0, _ => Sparse(8, (0, 0, 1), (1, 1, 1), (2, 2, 1), (3, 7, -I), (4, 4, 1), (5, 5, -1), (6, 6, 1), (7, 3, I))),
            ["rc3x"] = (0, _ => Sparse(16,
                (0, 0, 1), (1, 1, 1), (2, 2, 1), (3, 3, I), (4, 4, 1), (5, 5, 1), (6, 6, 1), (7, 15, 1),
                (8, 8, 1), (9, 9, 1), (10, 10, 1), (11, 11, -I), (12, 12, 1), (13, 13, 1), (14, 14, 1), (15, 7, -1))),
        };

    public static double C(double theta) => Math.Cos(theta / 2);

    public static double S(double theta) => Math.Sin(theta / 2);

    public static Complex E(double phase) => Complex.FromPolarCoordinates(1, phase);

    public static Complex[,] U3(double theta, double phi, double lambda)
        => M2(C(theta), -E(lambda) * S(theta), E(phi) * S(theta), E(phi + lambda) * C(theta));

    public static Complex[,] M2(Complex a, Complex b, Complex c, Complex d) => new Complex[,] { { a, b }, { c, d } };

    public static Complex[,] M4(params Complex[] e)
    {
        var m = new Complex[4, 4];
        for (int i = 0; i < 16; i++)
        {
            m[i / 4, i % 4] = e[i];
        }

        return m;
    }

    /// <summary>Identity with the listed pairs of basis states exchanged.</summary>
    public static Complex[,] Permutation(int d, params (int A, int B)[] swaps)
    {
        var perm = Enumerable.Range(0, d).ToArray();
        foreach (var (a, b) in swaps)
        {
            (perm[a], perm[b]) = (perm[b], perm[a]);
        }

        var m = new Complex[d, d];
        for (int c = 0; c < d; c++)
        {
            m[perm[c], c] = 1;
        }

        return m;
    }

    /// <summary>Identity with some diagonal entries replaced.</summary>
    public static Complex[,] Diagonal(int d, params (int Index, Complex Value)[] entries)
    {
        var m = new Complex[d, d];
        for (int i = 0; i < d; i++)
        {
            m[i, i] = 1;
        }

        foreach (var (i, v) in entries)
        {
            m[i, i] = v;
        }

        return m;
    }

    /// <summary>Identity except a 2x2 block on basis states a, b.</summary>
    public static Complex[,] Block(int d, int a, int b, Complex aa, Complex ab, Complex ba, Complex bb)
    {
        var m = Diagonal(d);
        m[a, a] = aa;
        m[a, b] = ab;
        m[b, a] = ba;
        m[b, b] = bb;
        return m;
    }

    /// <summary>A matrix from (row, column, value) entries.</summary>
    public static Complex[,] Sparse(int d, params (int Row, int Col, Complex Value)[] entries)
    {
        var m = new Complex[d, d];
        foreach (var (r, c, v) in entries)
        {
            m[r, c] = v;
        }

        return m;
    }
}
