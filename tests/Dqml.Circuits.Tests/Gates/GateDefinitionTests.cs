using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Testing;

namespace Dqml.Circuits.Tests.Gates;

public class GateDefinitionTests
{
    [Fact]
    public void Unitary_NonUnitaryMatrix_ThrowsWithClearMessage()
    {
        var m = new Complex[,] { { 1, 1 }, { 0, 1 } };
        var ex = Assert.Throws<ArgumentException>(() => GateDefinition.Unitary(m, "shear"));
        Assert.Contains("not unitary", ex.Message, StringComparison.Ordinal);
        Assert.Contains("shear", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unitary_NonSquareMatrix_ThrowsWithClearMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => GateDefinition.Unitary(new Complex[2, 4], "wide"));
        Assert.Contains("not square", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2x4", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(9)]
    public void Unitary_RowMajorLengthNotPowerOfFourOrTooSmall_Throws(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => GateDefinition.Unitary(new Complex[length], "odd"));
        Assert.Contains("odd", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unitary_ThreeByThreeUnitary_RejectedAsNotPowerOfTwo()
    {
        var perm = new Complex[,] { { 0, 1, 0 }, { 0, 0, 1 }, { 1, 0, 0 } };
        var ex = Assert.Throws<ArgumentException>(() => GateDefinition.Unitary(perm));
        Assert.Contains("2^k", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unitary_NaNEntry_Throws()
    {
        var m = new Complex[,] { { double.NaN, 0 }, { 0, 1 } };
        Assert.Throws<ArgumentException>(() => GateDefinition.Unitary(m));
    }

    [Fact]
    public void Unitary_ToleranceParameter_IsRespected()
    {
        var m = new Complex[,] { { 1 + 1e-7, 0 }, { 0, 1 } };
        Assert.Throws<ArgumentException>(() => GateDefinition.Unitary(m));
        var g = GateDefinition.Unitary(m, "loose", tolerance: 1e-6);
        Assert.Equal(1, g.NumQubits);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    public void Unitary_HaarRandomMatrix_IsAcceptedAndKept(int numQubits, int seed)
    {
        var u = RandomCircuits.HaarUnitary(1 << numQubits, new Random(seed));
        var g = GateDefinition.Unitary(u, "haar");
        Assert.Equal(numQubits, g.NumQubits);
        Assert.Equal(0, g.NumParameters);
        Assert.Equal(0, g.NumControls);
        Assert.Null(g.Base);
        Assert.False(g.IsDiagonal);
        Assert.Equal("haar", g.Name);
        ComplexAssert.MatrixEqual(DenseMatrix.ToRowMajor(u), g.Matrix([]), 0);

        var flat = DenseMatrix.ToRowMajor(u);
        var g2 = GateDefinition.Unitary(flat);
        flat[0] = 7; // the definition keeps its own copy
        ComplexAssert.MatrixEqual(DenseMatrix.ToRowMajor(u), g2.Matrix([]), 0);
    }

    [Fact]
    public void Unitary_DiagonalMatrix_IsMarkedDiagonal()
    {
        var m = new Complex[,] { { Complex.FromPolarCoordinates(1, 0.3), 0 }, { 0, Complex.FromPolarCoordinates(1, -2) } };
        Assert.True(GateDefinition.Unitary(m).IsDiagonal);
    }

    [Fact]
    public void Controlled_OfControlledGate_MergesControls()
    {
        var g = GateDefinition.Controlled(StandardGates.CX, 1);
        Assert.Equal(2, g.NumControls);
        Assert.Same(StandardGates.X, g.Base);
        Assert.Equal(3, g.NumQubits);
        Assert.Equal("mc2_x", g.Name);
        ComplexAssert.MatrixEqual(DenseMatrix.ToRowMajor(Textbook.Gates["ccx"].Matrix([])), g.Matrix([]), 0);
    }

    [Fact]
    public void Controlled_SingleControl_NamedWithCPrefix()
    {
        var g = GateDefinition.Controlled(StandardGates.H);
        Assert.Equal("ch", g.Name);
        Assert.Equal(1, g.NumControls);
    }

    [Fact]
    public void Controlled_HaarUnitary_PlacesBlockOnAllOnesControls()
    {
        var rng = new Random(11);
        var u = RandomCircuits.HaarUnitary(4, rng);
        var g = GateDefinition.Controlled(GateDefinition.Unitary(u), 2);
        Assert.Equal(4, g.NumQubits);
        var m = DenseMatrix.FromRowMajor(g.Matrix([]));
        for (int r = 0; r < 16; r++)
        {
            for (int c = 0; c < 16; c++)
            {
                Complex expected = (r & 3) == 3 && (c & 3) == 3 ? u[r >> 2, c >> 2] : (r == c ? 1 : 0);
                ComplexAssert.Equal(expected, m[r, c], 0, $"({r},{c})");
            }
        }
    }

    [Fact]
    public void Controlled_RotationAndDiagonal_PropagateStructure()
    {
        var crx = GateDefinition.Controlled(StandardGates.RX, 2);
        Assert.Equal(1, crx.NumParameters);
        Assert.Equal(GateDefinition.FourTermRule, crx.ShiftRules[0]);
        Assert.NotNull(crx.GeneratorFactory);
        Assert.True(GateDefinition.Controlled(StandardGates.RZ, 3).IsDiagonal);
        Assert.False(crx.IsDiagonal);
    }

    [Fact]
    public void Controlled_TooManyQubits_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => GateDefinition.Controlled(StandardGates.X, GateDefinition.MaxDenseQubits));
        Assert.Contains(GateDefinition.MaxDenseQubits.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Controlled_ZeroControls_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => GateDefinition.Controlled(StandardGates.X, 0));

    [Fact]
    public void Create_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GateDefinition.Create("g", 0, 0, _ => [1]));
        Assert.Throws<ArgumentException>(() => GateDefinition.Create(" ", 1, 0, _ => [1, 0, 0, 1]));
        Assert.Throws<ArgumentException>(() => GateDefinition.Create("g", 1, 2, _ => [1, 0, 0, 1], shiftRules: [GateDefinition.TwoTermRule]));
    }

    [Fact]
    public void Create_CustomParametrizedGate_EvaluatesFactory()
    {
        var g = GateDefinition.Create("myphase", 1, 1, p => [1, 0, 0, Complex.FromPolarCoordinates(1, 2 * p[0])], isDiagonal: true);
        ComplexAssert.MatrixEqual(DenseMatrix.ToRowMajor(Textbook.Gates["p"].Matrix([0.8])), g.Matrix([0.4]), 1e-15);
        Assert.True(g.ShiftRules[0].IsEmpty);
        Assert.Null(g.Generator([0.4]));
        Assert.Equal("myphase", g.ToString());
    }

    [Fact]
    public void FourTermRule_CoefficientsMatchClosedForm()
    {
        double s2 = Math.Sqrt(2);
        var r = GateDefinition.FourTermRule;
        Assert.Equal(4, r.Length);
        Assert.Equal((s2 + 1) / (4 * s2), r[0].Coefficient, 15);
        Assert.Equal(Math.PI / 2, r[0].Shift, 15);
        Assert.Equal(-(s2 - 1) / (4 * s2), r[2].Coefficient, 15);
        Assert.Equal(3 * Math.PI / 2, r[2].Shift, 15);
    }
}
