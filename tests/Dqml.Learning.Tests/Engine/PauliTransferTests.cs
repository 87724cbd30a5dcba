using System.Numerics;
using Dqml.Learning.Engine;
using Dqml.Testing;

namespace Dqml.Learning.Tests.Engine;

/// <summary>
/// The Pauli-basis kernels of the operator engine: the vector paths against their scalar references on random
/// input, and the basis conventions against dense matrices (Pauli coefficients of U A U^dagger = T applied to
/// those of A; Tr(A B) = 2^n sum a_s b_s).
/// </summary>
public class PauliTransferTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<int, int[]> Targets => new()
    {
        { 1, [0] },
        { 3, [2] },
        { 3, [0] },
        { 4, [1, 3] },
        { 4, [3, 0] },
        { 2, [1, 0] },
        { 5, [4, 1, 2] },
        { 5, [0, 2, 4] },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Apply_DenseMatrix_EqualsScalarReference(int n, int[] qubits)
    {
        var rng = new Random(11 + n);
        var t = RandomMatrix(qubits.Length, rng, zeroFraction: 0);
        var kernel = new PauliTransfer(t, qubits);
        var a = RandomVector(1 << (2 * n), rng);
        var expected = (double[])a.Clone();
        kernel.ApplyScalar(expected);
        kernel.Apply(a);
        AssertClose(expected, a);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Apply_SparseMatrixWithIdentityRows_EqualsScalarReference(int n, int[] qubits)
    {
        var rng = new Random(21 + n);
        var t = RandomMatrix(qubits.Length, rng, zeroFraction: 0.8);
        int m = 1 << (2 * qubits.Length);
        for (int s = 0; s < m; s += 3)
        {
            // Unit rows (kept as they are) and zero rows (cleared) mixed with the rest.
            for (int c = 0; c < m; c++)
            {
                t[(s * m) + c] = 0;
            }

            t[(s * m) + s] = s % 2 == 0 ? 1 : 0;
        }

        var kernel = new PauliTransfer(t, qubits);
        var a = RandomVector(1 << (2 * n), rng);
        var expected = (double[])a.Clone();
        kernel.ApplyScalar(expected);
        kernel.Apply(a);
        AssertClose(expected, a);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Bilinear_EqualsScalarReference(int n, int[] qubits)
    {
        var rng = new Random(31 + n);
        var t = RandomMatrix(qubits.Length, rng, zeroFraction: 0.5);
        var kernel = new PauliTransfer(t, qubits);
        var o = RandomVector(1 << (2 * n), rng);
        var r = RandomVector(1 << (2 * n), rng);
        double expected = kernel.BilinearScalar(o, r);
        Assert.True(Math.Abs(kernel.Bilinear(o, r) - expected) <= Tolerance * (1 + Math.Abs(expected)), $"{kernel.Bilinear(o, r):R} vs {expected:R}");

        // o . (T r) directly.
        var tr = (double[])r.Clone();
        kernel.ApplyScalar(tr);
        double direct = 0;
        for (int i = 0; i < o.Length; i++)
        {
            direct += o[i] * tr[i];
        }

        Assert.True(Math.Abs(direct - expected) <= Tolerance * (1 + Math.Abs(expected)));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void ApplyAndBilinear_InParts_EqualTheWhole(int n, int[] qubits)
    {
        var rng = new Random(91 + n);
        var t = RandomMatrix(qubits.Length, rng, zeroFraction: 0.5);
        var kernel = new PauliTransfer(t, qubits);
        var a = RandomVector(1 << (2 * n), rng);
        var o = RandomVector(1 << (2 * n), rng);
        var whole = (double[])a.Clone();
        kernel.Apply(whole);
        double bilinear = kernel.Bilinear(o, a);
        foreach (int parts in new[] { 2, 3, 4 })
        {
            var split = (double[])a.Clone();
            double sum = 0;
            for (int part = 0; part < parts; part++)
            {
                sum += kernel.Bilinear(o, a, part, parts);
            }

            for (int part = 0; part < parts; part++)
            {
                kernel.Apply(split, part, parts);
            }

            Assert.Equal(whole, split);
            Assert.True(Math.Abs(sum - bilinear) <= Tolerance * (1 + Math.Abs(bilinear)), $"{parts} parts: {sum:R} vs {bilinear:R}");
        }
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    public void SwapLowestDigit_InParts_EqualsTheWhole(int n, int slot)
    {
        var rng = new Random(101 + slot);
        var a = RandomVector(1 << (2 * n), rng);
        var whole = (double[])a.Clone();
        PauliBasis.SwapLowestDigit(whole, slot);
        foreach (int parts in new[] { 2, 3 })
        {
            var split = (double[])a.Clone();
            for (int part = 0; part < parts; part++)
            {
                PauliBasis.SwapLowestDigit(split, slot, part, parts);
            }

            Assert.Equal(whole, split);
        }
    }

    [Fact]
    public void Create_SamePattern_ReusesStructureAndMatchesFreshCompile()
    {
        var rng = new Random(5);
        int[] qubits = [2, 1];
        var t1 = RandomMatrix(2, rng, zeroFraction: 0.6);
        var t2 = t1.Select(v => v == 0 ? 0 : rng.NextDouble() - 0.5).ToArray();
        var first = new PauliTransfer(t1, qubits);
        var reused = PauliTransfer.Create(t2, qubits, 0, first);
        var fresh = new PauliTransfer(t2, qubits);
        var a = RandomVector(1 << 8, rng);
        var b = (double[])a.Clone();
        reused.Apply(a);
        fresh.Apply(b);
        Assert.Equal(b, a);

        // A different pattern compiles afresh.
        t2[3] = t2[3] == 0 ? 0.25 : 0;
        var other = PauliTransfer.Create(t2, qubits, 0, first);
        var c = RandomVector(1 << 8, rng);
        var d = (double[])c.Clone();
        other.Apply(c);
        new PauliTransfer(t2, qubits).ApplyScalar(d);
        AssertClose(d, c);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 1)]
    [InlineData(4, 3)]
    [InlineData(5, 2)]
    public void SwapLowestDigit_EqualsScalarReference_AndIsAnInvolution(int n, int slot)
    {
        var rng = new Random(41 + slot);
        var a = RandomVector(1 << (2 * n), rng);
        var original = (double[])a.Clone();
        var expected = (double[])a.Clone();
        PauliBasis.SwapLowestDigitScalar(expected, slot);
        PauliBasis.SwapLowestDigit(a, slot);
        Assert.Equal(expected, a);
        Assert.NotEqual(original, a);
        PauliBasis.SwapLowestDigit(a, slot);
        Assert.Equal(original, a);
    }

    [Fact]
    public void SwapLowestDigit_RelabelsQubits()
    {
        // The coefficient of X on qubit 0 and Z on qubit 2 moves to Z on qubit 0 and X on qubit 2.
        var a = new double[1 << 6];
        a[1 | (3 << 4)] = 1;
        PauliBasis.SwapLowestDigit(a, 2);
        Assert.Equal(1, a[3 | (1 << 4)]);
        Assert.Equal(1, a.Sum());
    }

    [Theory]
    [InlineData(1, new[] { 0 })]
    [InlineData(3, new[] { 1 })]
    [InlineData(3, new[] { 2, 0 })]
    [InlineData(4, new[] { 1, 3, 0 })]
    public void AddTransfer_UnitaryConjugation_MatchesDenseMatrices(int n, int[] qubits)
    {
        var rng = new Random(51 + n);
        int d = 1 << n;
        int k = qubits.Length;
        var u = DenseMatrix.ToRowMajor(RandomCircuits.HaarUnitary(1 << k, rng));
        var t = new double[1 << (4 * k)];
        PauliBasis.AddTransfer(u, u, k, 1, t);

        // Dense U on n qubits (local bit j = qubit qubits[j]) and a random Hermitian A.
        var full = Embed(u, qubits, n);
        var a = RandomCircuits.RandomHermitian(d, rng);
        var uau = DenseMatrix.Multiply(DenseMatrix.Multiply(full, a), Adjoint(full));

        var pa = Pauli(a);
        new PauliTransfer(t, qubits).Apply(pa);
        AssertClose(Pauli(uau), pa);
    }

    [Fact]
    public void AddTransfer_OfAChannel_IsTracePreservingAndUnital()
    {
        // Amplitude damping: T[I, I] = 1 and T[s, I] = 0 elsewhere except Z (not unital), T[I, s] = 0 for s != I (trace preserving).
        double g = 0.3;
        Complex[] k0 = [1, 0, 0, Math.Sqrt(1 - g)];
        Complex[] k1 = [0, Math.Sqrt(g), 0, 0];
        var t = new double[16];
        PauliBasis.AddTransfer(k0, k0, 1, 1, t);
        PauliBasis.AddTransfer(k1, k1, 1, 1, t);
        Assert.Equal(1, t[0], 12);
        Assert.Equal(0, t[1], 12);
        Assert.Equal(0, t[2], 12);
        Assert.Equal(0, t[3], 12);
        Assert.Equal(g, t[12], 12);
        Assert.Equal(1 - g, t[15], 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void FromMatrix_ToHermitianPairs_RoundTrip_AndTraceFormula(int n)
    {
        var rng = new Random(61 + n);
        int d = 1 << n;
        var a = RandomCircuits.RandomHermitian(d, rng);
        var b = RandomCircuits.RandomHermitian(d, rng);
        var pa = Pauli(a);
        var pb = Pauli(b);

        var pairs = new double[2 * d * d];
        PauliBasis.ToHermitianPairs(pa, pairs, new double[2 * d * d]);
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                Assert.Equal(a[r, c].Real, pairs[2 * ((r * d) + c)], 12);
                Assert.Equal(a[r, c].Imaginary, pairs[(2 * ((r * d) + c)) + 1], 12);
            }
        }

        Complex trace = 0;
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                trace += a[r, c] * b[c, r];
            }
        }

        double dot = 0;
        for (int s = 0; s < pa.Length; s++)
        {
            dot += pa[s] * pb[s];
        }

        Assert.Equal(trace.Real, d * dot, 10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Conversions_OnTwoThreads_EqualTheSequentialOnes(int n)
    {
        var rng = new Random(81 + n);
        int d = 1 << n;
        var a = RandomCircuits.RandomHermitian(d, rng);
        var vec = new Complex[d * d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                vec[r + (c * d)] = a[r, c];
            }
        }

        var p1 = new double[d * d];
        var p2 = new double[d * d];
        PauliBasis.FromMatrix(vec, p1, new double[d * d]);
        PauliBasis.FromMatrix(vec, p2, new double[2 * d * d], threads: 2);
        Assert.Equal(p1, p2);

        var pairs1 = new double[2 * d * d];
        var pairs2 = new double[2 * d * d];
        PauliBasis.ToHermitianPairs(p1, pairs1, new double[2 * d * d]);
        PauliBasis.ToHermitianPairs(p1, pairs2, new double[2 * d * d], threads: 2);
        Assert.Equal(pairs1, pairs2);
    }

    [Fact]
    public void FromDiagonal_Diagonal_RoundTrip()
    {
        var rng = new Random(71);
        var diagonal = RandomVector(16, rng);
        var pauli = new double[256];
        PauliBasis.FromDiagonal(diagonal, pauli);
        var back = new double[16];
        PauliBasis.Diagonal(pauli, back);
        AssertClose(diagonal, back);

        // Same as the general conversion of diag(diagonal).
        var m = new Complex[256];
        for (int z = 0; z < 16; z++)
        {
            m[z + (z * 16)] = diagonal[z];
        }

        var general = new double[256];
        PauliBasis.FromMatrix(m, general, new double[256]);
        AssertClose(general, pauli);
    }

    private static double[] Pauli(Complex[,] a)
    {
        int d = a.GetLength(0);
        var vec = new Complex[d * d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                vec[r + (c * d)] = a[r, c];
            }
        }

        var p = new double[d * d];
        var im = new double[d * d];
        PauliBasis.FromMatrix(vec, p, im);
        Assert.All(im, v => Assert.True(Math.Abs(v) < 1e-12));
        return p;
    }

    private static Complex[,] Embed(Complex[] u, int[] qubits, int n)
    {
        int d = 1 << n;
        int k = qubits.Length;
        int mask = qubits.Aggregate(0, (m, q) => m | (1 << q));
        var full = new Complex[d, d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                if ((r & ~mask) != (c & ~mask))
                {
                    continue;
                }

                int lr = 0, lc = 0;
                for (int j = 0; j < k; j++)
                {
                    lr |= ((r >> qubits[j]) & 1) << j;
                    lc |= ((c >> qubits[j]) & 1) << j;
                }

                full[r, c] = u[(lr << k) + lc];
            }
        }

        return full;
    }

    private static Complex[,] Adjoint(Complex[,] m)
    {
        int d = m.GetLength(0);
        var r = new Complex[d, d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                r[i, j] = Complex.Conjugate(m[j, i]);
            }
        }

        return r;
    }

    private static double[] RandomMatrix(int k, Random rng, double zeroFraction)
    {
        int m = 1 << (2 * k);
        var t = new double[m * m];
        for (int e = 0; e < t.Length; e++)
        {
            t[e] = rng.NextDouble() < zeroFraction ? 0 : (2 * rng.NextDouble()) - 1;
        }

        return t;
    }

    private static double[] RandomVector(int length, Random rng)
    {
        var v = new double[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = (2 * rng.NextDouble()) - 1;
        }

        return v;
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * (1 + Math.Abs(expected[i])), $"[{i}]: {actual[i]:R} vs {expected[i]:R}");
        }
    }
}
