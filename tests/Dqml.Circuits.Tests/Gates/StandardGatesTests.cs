using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Testing;

namespace Dqml.Circuits.Tests.Gates;

public class StandardGatesTests
{
    public static TheoryData<string> CatalogNames()
    {
        var data = new TheoryData<string>();
        foreach (var g in StandardGates.All)
        {
            data.Add(g.Name);
        }

        return data;
    }

    public static TheoryData<string> TextbookNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Textbook.Gates.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    private static IEnumerable<double[]> ParameterSets(int count, int seed)
    {
        if (count == 0)
        {
            yield return [];
            yield break;
        }

        var rng = new Random(seed);
        yield return new double[count];
        yield return [.. Enumerable.Repeat(Math.PI / 2, count)];
        yield return [.. Enumerable.Repeat(-Math.PI, count)];
        for (int k = 0; k < 5; k++)
        {
            yield return [.. Enumerable.Range(0, count).Select(_ => (rng.NextDouble() * 4 * Math.PI) - (2 * Math.PI))];
        }
    }

    [Theory]
    [MemberData(nameof(TextbookNames))]
    public void Matrix_CatalogGate_MatchesTextbook(string name)
    {
        Assert.True(StandardGates.TryGet(name, out var gate), $"textbook gate '{name}' is not in the catalog");
        var (numParameters, textbook) = Textbook.Gates[name];
        Assert.Equal(numParameters, gate.NumParameters);
        int nq = System.Numerics.BitOperations.Log2((uint)textbook(new double[numParameters]).GetLength(0));
        Assert.Equal(nq, gate.NumQubits);
        foreach (var p in ParameterSets(numParameters, name.Sum(ch => ch)))
        {
            var expected = DenseMatrix.ToRowMajor(textbook(p));
            ComplexAssert.MatrixEqual(expected, gate.Matrix(p), 1e-12, $"{name}({string.Join(", ", p)})");
        }
    }

    [Fact]
    public void Catalog_EveryGate_HasTextbookCase()
    {
        var missing = StandardGates.All.Select(g => g.Name).Where(n => !Textbook.Gates.ContainsKey(n)).ToList();
        Assert.True(missing.Count == 0, $"catalog gates without a textbook test case: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Catalog_Aliases_PointToSameDefinitions()
    {
        Assert.Same(StandardGates.U, StandardGates.ByName["U"]);
        Assert.Same(StandardGates.CX, StandardGates.ByName["CX"]);
        Assert.Same(StandardGates.CX, StandardGates.ByName["cx"]);
        Assert.False(StandardGates.TryGet("nonexistent", out _));
        Assert.Equal(StandardGates.All.Length, StandardGates.All.Select(g => g.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void Matrix_CatalogGate_IsUnitary(string name)
    {
        var gate = StandardGates.ByName[name];
        foreach (var p in ParameterSets(gate.NumParameters, 17))
        {
            var m = gate.Matrix(p);
            Assert.Equal(gate.Dimension * gate.Dimension, m.Length);
            ComplexAssert.Unitary(m, 1e-12, $"{name}({string.Join(", ", p)})");
        }
    }

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void IsDiagonal_CatalogGate_AgreesWithMatrix(string name)
    {
        var gate = StandardGates.ByName[name];
        foreach (var p in ParameterSets(gate.NumParameters, 3))
        {
            var m = DenseMatrix.FromRowMajor(gate.Matrix(p));
            bool offDiagonalZero = true;
            for (int r = 0; r < gate.Dimension; r++)
            {
                for (int c = 0; c < gate.Dimension; c++)
                {
                    offDiagonalZero &= r == c || m[r, c] == Complex.Zero;
                }
            }

            if (gate.IsDiagonal)
            {
                Assert.True(offDiagonalZero, $"{name} claims to be diagonal");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void Controls_CatalogControlledGate_BaseOnAllOnesBlock(string name)
    {
        var gate = StandardGates.ByName[name];
        if (gate.NumControls == 0)
        {
            Assert.Null(gate.Base);
            return;
        }

        var b = Assert.IsType<GateDefinition>(gate.Base);
        Assert.Equal(gate.NumQubits, gate.NumControls + b.NumQubits);
        var p = ParameterSets(gate.NumParameters, 5).Last();
        var full = DenseMatrix.FromRowMajor(gate.Matrix(p));
        var bm = DenseMatrix.FromRowMajor(b.Matrix(p));
        int cmask = (1 << gate.NumControls) - 1;
        for (int r = 0; r < gate.Dimension; r++)
        {
            for (int c = 0; c < gate.Dimension; c++)
            {
                Complex expected = (r & cmask) == cmask && (c & cmask) == cmask
                    ? bm[r >> gate.NumControls, c >> gate.NumControls]
                    : (r == c ? Complex.One : Complex.Zero);
                ComplexAssert.Equal(expected, full[r, c], 1e-12, $"{name} entry ({r}, {c})");
            }
        }
    }

    [Fact]
    public void Matrix_WrongParameterCount_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => StandardGates.RX.Matrix([1.0, 2.0]));
        Assert.Contains("rx", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StandardGates.H.Matrix([1.0]));
    }

    [Fact]
    public void Matrix_ReturnsCopy_MutationDoesNotLeak()
    {
        var m = StandardGates.X.Matrix([]);
        m[0] = 42;
        Assert.Equal(Complex.Zero, StandardGates.X.Matrix([])[0]);
    }
}
