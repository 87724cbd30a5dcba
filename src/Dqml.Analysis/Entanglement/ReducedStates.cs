using System.Numerics;

namespace Dqml.Analysis.Entanglement;

/// <summary>Partial trace and partial transpose of dense density matrices (qubit 0 the least significant bit).</summary>
public static class ReducedStates
{
    /// <summary>
    /// The reduced density matrix of <paramref name="keep"/>, all other qubits traced out; keep[0] is the
    /// least significant bit of the reduced index (as <c>ReducedDensityMatrix</c> of the simulators).
    /// </summary>
    /// <remarks>rho_K[r, c] = sum_e rho[(r, e), (c, e)] over the basis states e of the traced-out qubits.</remarks>
    /// <exception cref="ArgumentException">rho is not a 2^n x 2^n density matrix, or a qubit repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A qubit is not in [0, n).</exception>
    public static Complex[,] PartialTrace(Complex[,] rho, ReadOnlySpan<int> keep)
    {
        int n = DensityMath.CheckDensity(rho, nameof(rho));
        DensityMath.CheckQubits(keep, n, nameof(keep));
        return DensityMath.PartialTrace(rho, n, keep);
    }

    /// <summary>The partial transpose rho^{T_A} on the qubits of <paramref name="subsystemA"/> (order irrelevant).</summary>
    /// <remarks>
    /// (rho^{T_A})[(a, b), (a', b')] = rho[(a', b), (a, b')]: the bits of A are swapped between row and
    /// column index. The transpose on the complement is the full transpose of this, with the same spectrum.
    /// </remarks>
    /// <exception cref="ArgumentException">rho is not a 2^n x 2^n density matrix, or a qubit repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A qubit is not in [0, n).</exception>
    public static Complex[,] PartialTranspose(Complex[,] rho, ReadOnlySpan<int> subsystemA)
    {
        int n = DensityMath.CheckDensity(rho, nameof(rho));
        DensityMath.CheckQubits(subsystemA, n, nameof(subsystemA));
        return DensityMath.PartialTranspose(rho, DensityMath.Mask(subsystemA));
    }
}
