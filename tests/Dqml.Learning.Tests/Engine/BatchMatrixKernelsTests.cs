using System.Numerics;
using Dqml.Learning.Engine;
using Dqml.Testing;

namespace Dqml.Learning.Tests.Engine;

/// <summary>The batch products of the operator engine against scalar and dense references on random input.</summary>
public class BatchMatrixKernelsTests
{
    [Theory]
    [InlineData(2, 5)]
    [InlineData(3, 13)]
    [InlineData(4, 32)]
    [InlineData(5, 41)]
    public void HermitianQuadraticForms_EqualScalarReference_AndTheGeneralKernel(int n, int columns)
    {
        var rng = new Random((10 * n) + columns);
        int d = 1 << n;
        var m = RandomCircuits.RandomHermitian(d, rng);
        var batch = RandomBatch(d, columns, rng);

        var pairs = new double[2 * d * d];
        var vec = new Complex[d * d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                pairs[2 * ((r * d) + c)] = m[r, c].Real;
                pairs[(2 * ((r * d) + c)) + 1] = m[r, c].Imaginary;
                vec[r + (c * d)] = m[r, c];
            }
        }

        var scalar = BatchMatrixKernels.HermitianQuadraticFormsScalar(pairs, batch);
        var one = BatchMatrixKernels.HermitianQuadraticForms(pairs, batch, 1);
        var two = BatchMatrixKernels.HermitianQuadraticForms(pairs, batch, 2);
        var general = BatchMatrixKernels.QuadraticForms(vec, batch, 1);
        Assert.Equal(one, two);
        for (int x = 0; x < columns; x++)
        {
            Assert.True(Math.Abs(one[x] - scalar[x]) <= 1e-12 * (1 + Math.Abs(scalar[x])), $"[{x}] {one[x]:R} vs scalar {scalar[x]:R}");
            Assert.True(Math.Abs(one[x] - general[x]) <= 1e-11 * (1 + Math.Abs(general[x])), $"[{x}] {one[x]:R} vs general {general[x]:R}");
        }
    }

    [Theory]
    [InlineData(2, 7)]
    [InlineData(4, 20)]
    public void WeightedGram_EqualsTheDenseSum_IntoCallerBuffers(int n, int columns)
    {
        var rng = new Random(n + columns);
        int d = 1 << n;
        var batch = RandomBatch(d, columns, rng);
        var weights = Enumerable.Range(0, columns).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var expected = new Complex[d * d];
        for (int x = 0; x < columns; x++)
        {
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c < d; c++)
                {
                    var pr = new Complex(batch.Re[(r * batch.Stride) + x], batch.Im[(r * batch.Stride) + x]);
                    var pc = new Complex(batch.Re[(c * batch.Stride) + x], batch.Im[(c * batch.Stride) + x]);
                    expected[r + (c * d)] += weights[x] * pr * Complex.Conjugate(pc);
                }
            }
        }

        var result = new Complex[d * d];
        BatchMatrixKernels.WeightedGram(batch, weights, 2, result, new double[d * batch.Stride], new double[d * batch.Stride]);
        Assert.Equal(BatchMatrixKernels.WeightedGram(batch, weights, 1), result);
        for (int i = 0; i < result.Length; i++)
        {
            Assert.True(Complex.Abs(result[i] - expected[i]) <= 1e-12, $"[{i}] {result[i]} vs {expected[i]}");
        }
    }

    private static StateBatch RandomBatch(int d, int columns, Random rng)
    {
        var batch = new StateBatch(d, columns);
        for (int x = 0; x < columns; x++)
        {
            var re = new double[d];
            var im = new double[d];
            for (int r = 0; r < d; r++)
            {
                re[r] = rng.NextDouble() - 0.5;
                im[r] = rng.NextDouble() - 0.5;
            }

            batch.Set(x, re, im);
        }

        return batch;
    }
}
