using System.Numerics;
using Dqml.Simulation;

namespace Dqml.Analysis.Entanglement;

/// <summary>
/// Measures of a single quantum state or of two states: purity, fidelity, von Neumann entropy. Inputs are
/// a <see cref="StateVector"/> (pure), a <see cref="DensityMatrix"/>, a simulator result
/// (<see cref="IExactResult"/>) or a dense 2^n x 2^n <see cref="Complex"/> matrix (qubit 0 least significant).
/// </summary>
/// <remarks>
/// Dense matrices are validated: square with a power-of-two size (at most 12 qubits), Hermitian within
/// 1e-8, trace 1 within 1e-6, no eigenvalue below -1e-8 where eigenvalues are computed; state vectors
/// must have norm 1 within 1e-6. Eigenvalues at or below <see cref="EigenvalueCutoff"/> count as zero.
/// Eigen- and singular-value decompositions use MathNet.Numerics.
/// </remarks>
public static class StateMeasures
{
    /// <summary>Eigenvalues (and singular values) at or below this count as exactly zero.</summary>
    public const double EigenvalueCutoff = DensityMath.ZeroCutoff;

    /// <summary>Purity of a density matrix.</summary>
    /// <remarks>Tr(rho^2) = sum_ij |rho_ij|^2; 1 for a pure state, 2^-n for I / 2^n.</remarks>
    public static double Purity(Complex[,] rho)
    {
        DensityMath.CheckDensity(rho, nameof(rho));
        return DensityMath.Purity(rho);
    }

    /// <summary>Purity of a density matrix.</summary>
    /// <remarks>Tr(rho^2) = sum_ij |rho_ij|^2.</remarks>
    public static double Purity(DensityMatrix rho)
    {
        DensityMath.CheckTrace(rho, nameof(rho));
        return rho.Purity();
    }

    /// <summary>Purity of the final state of a simulator result.</summary>
    /// <remarks>Tr(rho^2), as <see cref="IExactResult.Purity"/>.</remarks>
    public static double Purity(IExactResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Purity();
    }

    /// <summary>Fidelity of two pure states.</summary>
    /// <remarks>F = |&lt;a|b&gt;|^2.</remarks>
    /// <exception cref="ArgumentException">The states differ in size or are not normalised.</exception>
    public static double Fidelity(StateVector a, StateVector b)
    {
        DensityMath.CheckNormalised(a, nameof(a));
        DensityMath.CheckNormalised(b, nameof(b));
        DensityMath.CheckSameSize(a.NumQubits, b.NumQubits, nameof(b));
        double m = a.InnerProduct(b).Magnitude;
        return Math.Min(1, m * m);
    }

    /// <summary>Fidelity of a pure state and a mixed state.</summary>
    /// <remarks>F = &lt;psi|rho|psi&gt; = sum_rc conj(psi_r) rho_rc psi_c.</remarks>
    /// <exception cref="ArgumentException">Sizes differ, the state is not normalised, or rho is not a density matrix.</exception>
    public static double Fidelity(StateVector psi, Complex[,] rho)
    {
        DensityMath.CheckNormalised(psi, nameof(psi));
        int n = DensityMath.CheckDensity(rho, nameof(rho));
        DensityMath.CheckSameSize(psi.NumQubits, n, nameof(rho));
        return PureMixed(psi, (r, c) => rho[r, c]);
    }

    /// <summary>Fidelity of a mixed state and a pure state (symmetric).</summary>
    /// <remarks>F = &lt;psi|rho|psi&gt;.</remarks>
    public static double Fidelity(Complex[,] rho, StateVector psi) => Fidelity(psi, rho);

    /// <summary>Fidelity of a pure state and a mixed state.</summary>
    /// <remarks>F = &lt;psi|rho|psi&gt; (no dense copy; any size the simulator holds).</remarks>
    /// <exception cref="ArgumentException">Sizes differ, the state is not normalised, or Tr rho != 1.</exception>
    public static double Fidelity(StateVector psi, DensityMatrix rho)
    {
        DensityMath.CheckNormalised(psi, nameof(psi));
        DensityMath.CheckTrace(rho, nameof(rho));
        DensityMath.CheckSameSize(psi.NumQubits, rho.NumQubits, nameof(rho));
        return PureMixed(psi, (r, c) => rho[r, c]);
    }

    /// <summary>Fidelity of a mixed state and a pure state (symmetric).</summary>
    /// <remarks>F = &lt;psi|rho|psi&gt;.</remarks>
    public static double Fidelity(DensityMatrix rho, StateVector psi) => Fidelity(psi, rho);

    /// <summary>Uhlmann fidelity of two mixed states.</summary>
    /// <remarks>
    /// F = (Tr sqrt(sqrt(rho) sigma sqrt(rho)))^2 = ||sqrt(rho) sqrt(sigma)||_1^2, computed as the squared
    /// sum of the singular values of sqrt(rho) sqrt(sigma) (no square root of a nearly singular matrix,
    /// so rank-deficient inputs keep full precision). Symmetric; equals &lt;psi|sigma|psi&gt; when
    /// rho = |psi&gt;&lt;psi|. Clamped to [0, 1].
    /// </remarks>
    /// <exception cref="ArgumentException">Sizes differ or an input is not a density matrix.</exception>
    public static double Fidelity(Complex[,] rho, Complex[,] sigma)
    {
        int n = DensityMath.CheckDensity(rho, nameof(rho));
        int m = DensityMath.CheckDensity(sigma, nameof(sigma));
        DensityMath.CheckSameSize(n, m, nameof(sigma));
        var product = DensityMath.Sqrt(rho, nameof(rho)) * DensityMath.Sqrt(sigma, nameof(sigma));
        double s = DensityMath.SingularValues(product).Sum();
        return Math.Clamp(s * s, 0, 1);
    }

    /// <summary>Uhlmann fidelity of two mixed states (at most 12 qubits).</summary>
    /// <remarks>F = (Tr sqrt(sqrt(rho) sigma sqrt(rho)))^2.</remarks>
    public static double Fidelity(DensityMatrix rho, DensityMatrix sigma)
        => Fidelity(DensityMath.Dense(rho, nameof(rho)), DensityMath.Dense(sigma, nameof(sigma)));

    /// <summary>Von Neumann entropy in bits.</summary>
    /// <remarks>S(rho) = -sum_i lambda_i log2 lambda_i over the eigenvalues lambda_i &gt; 1e-14; 0 for a pure state, n for I / 2^n.</remarks>
    /// <exception cref="ArgumentException">rho is not a density matrix.</exception>
    public static double VonNeumannEntropy(Complex[,] rho)
    {
        DensityMath.CheckDensity(rho, nameof(rho));
        return DensityMath.Entropy(DensityMath.DensityEigenvalues(rho, nameof(rho)));
    }

    /// <summary>Von Neumann entropy in bits (at most 12 qubits).</summary>
    /// <remarks>S(rho) = -sum_i lambda_i log2 lambda_i.</remarks>
    public static double VonNeumannEntropy(DensityMatrix rho) => VonNeumannEntropy(DensityMath.Dense(rho, nameof(rho)));

    /// <summary>Von Neumann entropy in bits of the final state of a simulator result (at most 12 qubits).</summary>
    /// <remarks>S(rho) = -sum_i lambda_i log2 lambda_i; 0 for a pure state-vector result.</remarks>
    public static double VonNeumannEntropy(IExactResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result is ExactResult { IsPure: true })
        {
            return 0;
        }

        if (result.NumQubits > DensityMath.MaxDenseQubits)
        {
            throw new ArgumentException($"a {result.NumQubits}-qubit mixed state is too large for dense analysis (at most {DensityMath.MaxDenseQubits} qubits)", nameof(result));
        }

        return VonNeumannEntropy(result.ReducedDensityMatrix([.. Enumerable.Range(0, result.NumQubits)]));
    }

    private static double PureMixed(StateVector psi, Func<int, int, Complex> rho)
    {
        var a = psi.Amplitudes;
        Complex s = Complex.Zero;
        for (int r = 0; r < a.Length; r++)
        {
            if (a[r] == Complex.Zero)
            {
                continue;
            }

            Complex row = Complex.Zero;
            for (int c = 0; c < a.Length; c++)
            {
                row += rho(r, c) * a[c];
            }

            s += Complex.Conjugate(a[r]) * row;
        }

        return Math.Clamp(s.Real, 0, 1);
    }
}
