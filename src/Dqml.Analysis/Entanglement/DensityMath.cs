using System.Globalization;
using System.Numerics;
using Dqml.Simulation;
using MathNet.Numerics.LinearAlgebra;

namespace Dqml.Analysis.Entanglement;

/// <summary>Validation and linear algebra shared by the measures (MathNet.Numerics underneath).</summary>
internal static class DensityMath
{
    /// <summary>Eigenvalues or singular values at or below this are treated as exactly zero.</summary>
    public const double ZeroCutoff = 1e-14;

    /// <summary>Largest deviation from Hermiticity accepted for a density matrix.</summary>
    public const double HermitianTolerance = 1e-8;

    /// <summary>Largest |Tr rho - 1| accepted for a density matrix.</summary>
    public const double TraceTolerance = 1e-6;

    /// <summary>Most negative eigenvalue accepted for a density matrix.</summary>
    public const double NegativeTolerance = 1e-8;

    /// <summary>Largest number of qubits of a dense Complex[,] density matrix handled here.</summary>
    public const int MaxDenseQubits = 12;

    /// <summary>Checks a 2^n x 2^n Hermitian, unit-trace matrix and returns n.</summary>
    public static int CheckDensity(Complex[,] rho, string paramName)
    {
        ArgumentNullException.ThrowIfNull(rho, paramName);
        int d = rho.GetLength(0);
        if (d != rho.GetLength(1) || d < 1 || (d & (d - 1)) != 0)
        {
            throw new ArgumentException($"a density matrix must be 2^n x 2^n, got {d}x{rho.GetLength(1)}", paramName);
        }

        int n = BitOperations.Log2((uint)d);
        if (n > MaxDenseQubits)
        {
            throw new ArgumentException($"a {n}-qubit density matrix is too large for dense analysis (at most {MaxDenseQubits} qubits)", paramName);
        }

        Complex trace = Complex.Zero;
        for (int r = 0; r < d; r++)
        {
            trace += rho[r, r];
            for (int c = 0; c <= r; c++)
            {
                Complex v = rho[r, c];
                if (double.IsNaN(v.Real) || double.IsNaN(v.Imaginary) || double.IsInfinity(v.Real) || double.IsInfinity(v.Imaginary))
                {
                    throw new ArgumentException($"density matrix entry ({r}, {c}) is not finite", paramName);
                }

                if ((v - Complex.Conjugate(rho[c, r])).Magnitude > HermitianTolerance)
                {
                    throw new ArgumentException($"density matrix is not Hermitian at ({r}, {c})", paramName);
                }
            }
        }

        if (Math.Abs(trace.Real - 1) > TraceTolerance || Math.Abs(trace.Imaginary) > TraceTolerance)
        {
            throw new ArgumentException($"density matrix trace is {trace.Real.ToString("R", CultureInfo.InvariantCulture)}, not 1", paramName);
        }

        return n;
    }

    /// <summary>The dense matrix of a density matrix, checked (at most <see cref="MaxDenseQubits"/> qubits).</summary>
    public static Complex[,] Dense(DensityMatrix rho, string paramName)
    {
        ArgumentNullException.ThrowIfNull(rho, paramName);
        if (rho.NumQubits > MaxDenseQubits)
        {
            throw new ArgumentException($"a {rho.NumQubits}-qubit density matrix is too large for dense analysis (at most {MaxDenseQubits} qubits)", paramName);
        }

        var m = rho.ToMatrix();
        CheckDensity(m, paramName);
        return m;
    }

    /// <summary>Checks that a state vector is normalised (|norm - 1| within <see cref="TraceTolerance"/>).</summary>
    public static void CheckNormalised(StateVector psi, string paramName)
    {
        ArgumentNullException.ThrowIfNull(psi, paramName);
        double norm = psi.Norm();
        if (!(Math.Abs(norm - 1) <= TraceTolerance))
        {
            throw new ArgumentException($"state is not normalised (norm {norm.ToString("R", CultureInfo.InvariantCulture)})", paramName);
        }
    }

    /// <summary>Checks that a density matrix has unit trace (within <see cref="TraceTolerance"/>).</summary>
    public static void CheckTrace(DensityMatrix rho, string paramName)
    {
        ArgumentNullException.ThrowIfNull(rho, paramName);
        double trace = rho.Trace();
        if (!(Math.Abs(trace - 1) <= TraceTolerance))
        {
            throw new ArgumentException($"density matrix trace is {trace.ToString("R", CultureInfo.InvariantCulture)}, not 1", paramName);
        }
    }

    /// <summary>Checks that two objects describe the same number of qubits.</summary>
    public static void CheckSameSize(int na, int nb, string paramName)
    {
        if (na != nb)
        {
            throw new ArgumentException($"states have different sizes: {na} and {nb} qubits", paramName);
        }
    }

    /// <summary>Checks qubit indices: in [0, n), no repeats; optionally a non-empty list.</summary>
    public static void CheckQubits(ReadOnlySpan<int> qubits, int numQubits, string paramName)
    {
        for (int j = 0; j < qubits.Length; j++)
        {
            if ((uint)qubits[j] >= (uint)numQubits)
            {
                throw new ArgumentOutOfRangeException(paramName, $"qubit {qubits[j]} is out of range for {numQubits} qubits");
            }

            for (int i = 0; i < j; i++)
            {
                if (qubits[i] == qubits[j])
                {
                    throw new ArgumentException($"qubit {qubits[j]} appears twice", paramName);
                }
            }
        }
    }

    /// <summary>Bit mask of the qubits.</summary>
    public static int Mask(ReadOnlySpan<int> qubits)
    {
        int m = 0;
        foreach (int q in qubits)
        {
            m |= 1 << q;
        }

        return m;
    }

    /// <summary>The Hermitian part (M + M^dagger) / 2 as a MathNet matrix.</summary>
    public static Matrix<Complex> Hermitian(Complex[,] m)
    {
        var a = Matrix<Complex>.Build.DenseOfArray(m);
        return (a + a.ConjugateTranspose()) * 0.5;
    }

    /// <summary>Eigenvalues of the Hermitian part of <paramref name="m"/>, ascending.</summary>
    public static double[] HermitianEigenvalues(Complex[,] m)
    {
        var evd = Hermitian(m).Evd(Symmetricity.Hermitian);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        Array.Sort(values);
        return values;
    }

    /// <summary>Eigenvalues of a density matrix, checked positive semidefinite within tolerance.</summary>
    public static double[] DensityEigenvalues(Complex[,] rho, string paramName)
    {
        var values = HermitianEigenvalues(rho);
        CheckPositive(values[0], paramName);
        return values;
    }

    /// <summary>
    /// sqrt(rho) = V diag(sqrt(lambda)) V^dagger, with eigenvalues at or below <see cref="ZeroCutoff"/>
    /// set to zero (so rounding noise does not become sqrt(1e-16) = 1e-8).
    /// </summary>
    public static Matrix<Complex> Sqrt(Complex[,] rho, string paramName)
    {
        var evd = Hermitian(rho).Evd(Symmetricity.Hermitian);
        var v = evd.EigenVectors;
        int d = v.RowCount;
        var scaled = v.Clone();
        double min = double.PositiveInfinity;
        for (int k = 0; k < d; k++)
        {
            double lambda = evd.EigenValues[k].Real;
            min = Math.Min(min, lambda);
            double s = lambda > ZeroCutoff ? Math.Sqrt(lambda) : 0;
            for (int r = 0; r < d; r++)
            {
                scaled[r, k] *= s;
            }
        }

        CheckPositive(min, paramName);
        return scaled * v.ConjugateTranspose();
    }

    /// <summary>Singular values of <paramref name="m"/>, descending.</summary>
    public static double[] SingularValues(Matrix<Complex> m)
    {
        var values = m.Svd(computeVectors: false).S.Select(s => s.Magnitude).ToArray();
        Array.Sort(values);
        Array.Reverse(values);
        return values;
    }

    /// <summary>-sum lambda log2 lambda over eigenvalues above <see cref="ZeroCutoff"/>.</summary>
    public static double Entropy(IEnumerable<double> probabilities)
    {
        double s = 0;
        foreach (double p in probabilities)
        {
            if (p > ZeroCutoff)
            {
                s -= p * Math.Log2(p);
            }
        }

        return Math.Max(0, s);
    }

    /// <summary>Tr rho^2 = sum |rho_ij|^2 for Hermitian rho.</summary>
    public static double Purity(Complex[,] rho)
    {
        double s = 0;
        foreach (Complex v in rho)
        {
            s += (v.Real * v.Real) + (v.Imaginary * v.Imaginary);
        }

        return s;
    }

    /// <summary>Partial trace keeping <paramref name="keep"/> (keep[0] the least significant local bit); no validation.</summary>
    public static Complex[,] PartialTrace(Complex[,] rho, int numQubits, ReadOnlySpan<int> keep)
    {
        int k = keep.Length;
        int dk = 1 << k;
        int d = 1 << numQubits;
        int keepMask = Mask(keep);
        var offsets = new int[dk];
        for (int r = 0; r < dk; r++)
        {
            int o = 0;
            for (int j = 0; j < k; j++)
            {
                o |= ((r >> j) & 1) << keep[j];
            }

            offsets[r] = o;
        }

        var result = new Complex[dk, dk];
        for (int b = 0; b < d; b++)
        {
            if ((b & keepMask) != 0)
            {
                continue;
            }

            for (int r = 0; r < dk; r++)
            {
                for (int c = 0; c < dk; c++)
                {
                    result[r, c] += rho[b + offsets[r], b + offsets[c]];
                }
            }
        }

        return result;
    }

    /// <summary>Partial transpose on the qubits of <paramref name="mask"/>: swaps those bits between row and column.</summary>
    public static Complex[,] PartialTranspose(Complex[,] rho, int mask)
    {
        int d = rho.GetLength(0);
        var result = new Complex[d, d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                int r2 = (r & ~mask) | (c & mask);
                int c2 = (c & ~mask) | (r & mask);
                result[r, c] = rho[r2, c2];
            }
        }

        return result;
    }

    /// <summary>
    /// The amplitudes of a pure state as a matrix Psi[i_A, i_B] over the bipartition A | rest (rest in
    /// ascending qubit order), transposed so the smaller side indexes the rows. Its singular values are the
    /// Schmidt coefficients.
    /// </summary>
    public static Matrix<Complex> AmplitudeMatrix(StateVector psi, ReadOnlySpan<int> subsystemA)
    {
        int n = psi.NumQubits;
        int k = subsystemA.Length;
        int maskA = Mask(subsystemA);
        var rest = new int[n - k];
        int m = 0;
        for (int q = 0; q < n; q++)
        {
            if (((maskA >> q) & 1) == 0)
            {
                rest[m++] = q;
            }
        }

        bool aRows = k <= n - k;
        int rows = 1 << (aRows ? k : n - k);
        int cols = 1 << (aRows ? n - k : k);
        var data = new Complex[rows, cols];
        var amps = psi.Amplitudes;
        for (int i = 0; i < amps.Length; i++)
        {
            int ia = 0, ib = 0;
            for (int j = 0; j < k; j++)
            {
                ia |= ((i >> subsystemA[j]) & 1) << j;
            }

            for (int j = 0; j < rest.Length; j++)
            {
                ib |= ((i >> rest[j]) & 1) << j;
            }

            if (aRows)
            {
                data[ia, ib] = amps[i];
            }
            else
            {
                data[ib, ia] = amps[i];
            }
        }

        return Matrix<Complex>.Build.DenseOfArray(data);
    }

    /// <summary>Throws when the smallest eigenvalue is below -<see cref="NegativeTolerance"/>.</summary>
    private static void CheckPositive(double minEigenvalue, string paramName)
    {
        if (minEigenvalue < -NegativeTolerance)
        {
            throw new ArgumentException($"density matrix is not positive semidefinite (eigenvalue {minEigenvalue.ToString("G3", CultureInfo.InvariantCulture)})", paramName);
        }
    }
}
