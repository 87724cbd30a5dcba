using System.Numerics;
using Dqml.Learning.Engine;

namespace Dqml.Learning.Tests.Engine;

/// <summary>The fused derivative traces against a dense Tr(O D R) and against their scalar reference.</summary>
public class DerivativeTracesTests
{
    private static Complex[] RandomHermitian(int dim, Random rng)
    {
        var m = new Complex[dim * dim];
        for (int r = 0; r < dim; r++)
        {
            m[r + (r * dim)] = rng.NextDouble() - 0.5;
            for (int c = r + 1; c < dim; c++)
            {
                var v = new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
                m[r + (c * dim)] = v;
                m[c + (r * dim)] = Complex.Conjugate(v);
            }
        }

        return m;
    }

    /// <summary>Re Tr(O D R) with D built as a full matrix (vec layout, [r, c] at r + c dim).</summary>
    private static double DenseTrace(Complex[] o, Complex[] r, int dim, int qubit, int mask, int value, Complex[] d)
    {
        var full = new Complex[dim * dim];
        int bit = 1 << qubit;
        for (int row = 0; row < dim; row++)
        {
            if ((row & mask) != value)
            {
                continue;
            }

            int a = (row & bit) != 0 ? 1 : 0;
            full[row + ((row & ~bit) * dim)] = d[(a * 2) + 0];
            full[row + ((row | bit) * dim)] = d[(a * 2) + 1];
        }

        Complex t = 0;
        for (int i = 0; i < dim; i++)
        {
            for (int j = 0; j < dim; j++)
            {
                Complex dr = 0;
                for (int k = 0; k < dim; k++)
                {
                    dr += full[i + (k * dim)] * r[k + (j * dim)];
                }

                t += o[j + (i * dim)] * dr;
            }
        }

        return t.Real;
    }

    [Theory]
    [InlineData(3, 0, 0, 0)]
    [InlineData(3, 2, 0, 0)]
    [InlineData(4, 1, 0b1000, 0b1000)]
    [InlineData(4, 3, 0b0001, 0b0000)]
    [InlineData(5, 0, 0b10100, 0b00100)]
    public void RealTraces_EqualDenseTraces_AndTheScalarReference(int n, int qubit, int mask, int value)
    {
        var rng = new Random(n * 31 + qubit);
        int dim = 1 << n;
        var ops = new[] { RandomHermitian(dim, rng), RandomHermitian(dim, rng), RandomHermitian(dim, rng) };
        var r = RandomHermitian(dim, rng);
        Complex[][] ds =
        [
            [0, new Complex(0, -0.5), new Complex(0, -0.5), 0],
            [0, -0.5, 0.5, 0],
            [new Complex(0, -0.5), 0, 0, new Complex(0, 0.5)],
            [new Complex(0.3, -0.1), new Complex(-0.2, 0.7), new Complex(0.4, 0.2), new Complex(-0.6, 0.05)],
        ];
        foreach (var d in ds)
        {
            var fast = new double[3];
            var scalar = new double[3];
            DerivativeTraces.RealTraces(ops, r, qubit, mask, value, d, fast);
            DerivativeTraces.RealTracesScalar(ops, r, qubit, mask, value, d, scalar);
            for (int k = 0; k < 3; k++)
            {
                double dense = DenseTrace(ops[k], r, dim, qubit, mask, value, d);
                Assert.Equal(dense, fast[k], 1e-10);
                Assert.Equal(scalar[k], fast[k], 1e-12);
            }
        }
    }

    [Fact]
    public void RealTraces_RejectsAControlOnTheTarget()
    {
        var m = new Complex[16];
        Assert.Throws<ArgumentException>(() => DerivativeTraces.RealTraces(new[] { m }, m, 0, 1, 1, new Complex[4], new double[1]));
    }
}
