using System.Numerics;
using Dqml.Simulation;
using MathNet.Numerics.LinearAlgebra;

namespace Dqml.Analysis.Entanglement;

/// <summary>
/// Entanglement measures: entanglement entropy of a bipartition, Wootters concurrence, negativity and
/// logarithmic negativity, Meyer–Wallach global entanglement. A bipartition is given by the qubits of
/// subsystem A (e.g. processor A = qubits 0..3); B is every other qubit. Inputs and validation as in
/// <see cref="StateMeasures"/>.
/// </summary>
/// <remarks>
/// Pure states (a <see cref="StateVector"/>, or a pure <see cref="ExactResult"/>) go through the Schmidt
/// decomposition: the singular values s_i of the amplitudes reshaped to a 2^|A| x 2^|B| matrix. Mixed
/// states are handled as dense matrices of at most 12 qubits (reduced states of at most 12 qubits).
/// </remarks>
public static class EntanglementMeasures
{
    private static readonly Matrix<Complex> YY = Matrix<Complex>.Build.DenseOfArray(new Complex[,]
    {
        { 0, 0, 0, -1 },
        { 0, 0, 1, 0 },
        { 0, 1, 0, 0 },
        { -1, 0, 0, 0 },
    });

    /// <summary>Entanglement entropy of the bipartition A | rest of a pure state, in bits.</summary>
    /// <remarks>
    /// S_A = S(rho_A) = -sum_i s_i^2 log2 s_i^2 over the Schmidt coefficients s_i (= S(rho_B)); 1 for a
    /// Bell pair split in two, 0 for a product state. An empty or full A gives 0.
    /// </remarks>
    /// <exception cref="ArgumentException">The state is not normalised, or a qubit repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A qubit is out of range.</exception>
    public static double EntanglementEntropy(StateVector psi, ReadOnlySpan<int> subsystemA)
    {
        var s = Schmidt(psi, subsystemA, nameof(psi), nameof(subsystemA));
        return DensityMath.Entropy(s.Select(x => x * x));
    }

    /// <summary>Von Neumann entropy of the reduced state of subsystem A, in bits.</summary>
    /// <remarks>
    /// S(rho_A) = -sum_i lambda_i log2 lambda_i with rho_A = Tr_B rho. For a pure rho this is the
    /// entanglement entropy; for a mixed rho it is only the entropy of the reduced state, NOT an
    /// entanglement measure (I / 2^n has S(rho_A) = |A| and no entanglement).
    /// </remarks>
    /// <exception cref="ArgumentException">rho is not a density matrix, or a qubit repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A qubit is out of range.</exception>
    public static double EntanglementEntropy(Complex[,] rho, ReadOnlySpan<int> subsystemA)
    {
        int n = DensityMath.CheckDensity(rho, nameof(rho));
        DensityMath.CheckQubits(subsystemA, n, nameof(subsystemA));
        return StateMeasures.VonNeumannEntropy(DensityMath.PartialTrace(rho, n, subsystemA));
    }

    /// <summary>Von Neumann entropy of the reduced state of subsystem A (at most 12 qubits in A), in bits.</summary>
    /// <remarks>S(rho_A), rho_A = Tr_B rho; for a mixed rho not an entanglement measure (see the Complex[,] overload).</remarks>
    public static double EntanglementEntropy(DensityMatrix rho, ReadOnlySpan<int> subsystemA)
    {
        DensityMath.CheckTrace(rho, nameof(rho));
        DensityMath.CheckQubits(subsystemA, rho.NumQubits, nameof(subsystemA));
        return StateMeasures.VonNeumannEntropy(rho.ReducedDensityMatrix(subsystemA));
    }

    /// <summary>Entropy of subsystem A of a simulator result, in bits.</summary>
    /// <remarks>
    /// A pure <see cref="ExactResult"/> uses the Schmidt decomposition (entanglement entropy); any other
    /// result gives S(rho_A) of its reduced state, which for a mixed state is NOT an entanglement measure.
    /// </remarks>
    public static double EntanglementEntropy(IExactResult result, ReadOnlySpan<int> subsystemA)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result is ExactResult { IsPure: true } exact)
        {
            return EntanglementEntropy(exact.PureState, subsystemA);
        }

        DensityMath.CheckQubits(subsystemA, result.NumQubits, nameof(subsystemA));
        CheckDenseSize(subsystemA.Length, nameof(subsystemA));
        return StateMeasures.VonNeumannEntropy(result.ReducedDensityMatrix(subsystemA));
    }

    /// <summary>Wootters concurrence of a two-qubit density matrix (4 x 4).</summary>
    /// <remarks>
    /// C = max(0, l1 - l2 - l3 - l4) with l1 &gt;= ... &gt;= l4 the eigenvalues of
    /// R = sqrt(sqrt(rho) rho~ sqrt(rho)), rho~ = (Y (x) Y) conj(rho) (Y (x) Y). They are computed as the
    /// singular values of sqrt(rho) sqrt(rho~), with sqrt(rho~) = (Y (x) Y) conj(sqrt(rho)) (Y (x) Y):
    /// the same numbers as the square roots of the eigenvalues of rho rho~, without the loss of
    /// precision (sqrt of rounding noise) of a general eigensolver. 1 for a Bell state, 0 for a product
    /// state, max(0, (3V - 1)/2) for a Werner state of visibility V.
    /// </remarks>
    /// <exception cref="ArgumentException">rho is not a two-qubit density matrix.</exception>
    public static double Concurrence(Complex[,] rho)
    {
        int n = DensityMath.CheckDensity(rho, nameof(rho));
        if (n != 2)
        {
            throw new ArgumentException($"concurrence needs a two-qubit state (4x4 density matrix), got {n} qubit(s); pass two qubits to reduce a larger state", nameof(rho));
        }

        var sqrt = DensityMath.Sqrt(rho, nameof(rho));
        var sqrtTilde = YY * sqrt.Conjugate() * YY;
        var l = DensityMath.SingularValues(sqrt * sqrtTilde);
        return Math.Clamp(l[0] - l[1] - l[2] - l[3], 0, 1);
    }

    /// <summary>Concurrence of a pure two-qubit state.</summary>
    /// <remarks>C = 2 |psi_00 psi_11 - psi_01 psi_10|; |sin 2t| for cos t|00&gt; + sin t|11&gt;.</remarks>
    /// <exception cref="ArgumentException">The state is not a normalised two-qubit state.</exception>
    public static double Concurrence(StateVector psi)
    {
        DensityMath.CheckNormalised(psi, nameof(psi));
        if (psi.NumQubits != 2)
        {
            throw new ArgumentException($"concurrence needs a two-qubit state, got {psi.NumQubits} qubit(s); pass two qubits to reduce a larger state", nameof(psi));
        }

        return Math.Min(1, 2 * ((psi[0] * psi[3]) - (psi[1] * psi[2])).Magnitude);
    }

    /// <summary>Concurrence of a two-qubit density matrix.</summary>
    /// <remarks>Wootters' formula, as the Complex[,] overload.</remarks>
    public static double Concurrence(DensityMatrix rho)
    {
        ArgumentNullException.ThrowIfNull(rho);
        if (rho.NumQubits != 2)
        {
            throw new ArgumentException($"concurrence needs a two-qubit state, got {rho.NumQubits} qubit(s); pass two qubits to reduce a larger state", nameof(rho));
        }

        return Concurrence(DensityMath.Dense(rho, nameof(rho)));
    }

    /// <summary>Concurrence between two qubits of a larger pure state (the others traced out).</summary>
    /// <remarks>C(rho_ab) with rho_ab = Tr_rest |psi&gt;&lt;psi| (Wootters); for W_3 every pair has C = 2/3.</remarks>
    /// <exception cref="ArgumentException">The state is not normalised, or the qubits are equal.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A qubit is out of range.</exception>
    public static double Concurrence(StateVector psi, int qubitA, int qubitB)
    {
        DensityMath.CheckNormalised(psi, nameof(psi));
        DensityMath.CheckQubits([qubitA, qubitB], psi.NumQubits, nameof(qubitB));
        return psi.NumQubits == 2 ? Concurrence(psi) : Concurrence(psi.ReducedDensityMatrix([qubitA, qubitB]));
    }

    /// <summary>Concurrence between two qubits of a larger density matrix (the others traced out).</summary>
    /// <remarks>C(rho_ab) with rho_ab = Tr_rest rho (Wootters).</remarks>
    public static double Concurrence(Complex[,] rho, int qubitA, int qubitB)
    {
        int n = DensityMath.CheckDensity(rho, nameof(rho));
        DensityMath.CheckQubits([qubitA, qubitB], n, nameof(qubitB));
        return Concurrence(DensityMath.PartialTrace(rho, n, [qubitA, qubitB]));
    }

    /// <summary>Concurrence between two qubits of a density matrix (the others traced out).</summary>
    /// <remarks>C(rho_ab) with rho_ab = Tr_rest rho (Wootters).</remarks>
    public static double Concurrence(DensityMatrix rho, int qubitA, int qubitB)
    {
        DensityMath.CheckTrace(rho, nameof(rho));
        DensityMath.CheckQubits([qubitA, qubitB], rho.NumQubits, nameof(qubitB));
        return Concurrence(rho.ReducedDensityMatrix([qubitA, qubitB]));
    }

    /// <summary>Concurrence between two qubits of a simulator result (the others traced out).</summary>
    /// <remarks>C(rho_ab) with rho_ab the result's reduced density matrix of (a, b) (Wootters).</remarks>
    public static double Concurrence(IExactResult result, int qubitA, int qubitB)
    {
        ArgumentNullException.ThrowIfNull(result);
        DensityMath.CheckQubits([qubitA, qubitB], result.NumQubits, nameof(qubitB));
        return Concurrence(result.ReducedDensityMatrix([qubitA, qubitB]));
    }

    /// <summary>Negativity of the bipartition A | rest of a pure state.</summary>
    /// <remarks>
    /// N = (||rho^{T_A}||_1 - 1) / 2; for a pure state ||rho^{T_A}||_1 = (sum_i s_i)^2 over the Schmidt
    /// coefficients, so N = ((sum_i s_i)^2 - sum_i s_i^2) / 2 = sum_{i&lt;j} s_i s_j. 1/2 for a Bell pair.
    /// </remarks>
    public static double Negativity(StateVector psi, ReadOnlySpan<int> subsystemA)
        => PureNegativity(Schmidt(psi, subsystemA, nameof(psi), nameof(subsystemA)));

    /// <summary>Negativity of the bipartition A | rest of a density matrix.</summary>
    /// <remarks>
    /// N = (||rho^{T_A}||_1 - 1) / 2 = sum of |lambda| over the negative eigenvalues of the partial
    /// transpose rho^{T_A} (transpose on the qubits of A). 0 for separable states (the converse holds for
    /// 2 x 2 and 2 x 3); max(0, (3V - 1)/4) for a Werner pair of visibility V.
    /// </remarks>
    /// <exception cref="ArgumentException">rho is not a density matrix, or a qubit repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A qubit is out of range.</exception>
    public static double Negativity(Complex[,] rho, ReadOnlySpan<int> subsystemA)
    {
        int n = DensityMath.CheckDensity(rho, nameof(rho));
        DensityMath.CheckQubits(subsystemA, n, nameof(subsystemA));
        var values = DensityMath.HermitianEigenvalues(DensityMath.PartialTranspose(rho, DensityMath.Mask(subsystemA)));
        double negative = 0;
        foreach (double v in values)
        {
            if (v < 0)
            {
                negative -= v;
            }
        }

        return negative;
    }

    /// <summary>Negativity of the bipartition A | rest of a density matrix (at most 12 qubits).</summary>
    /// <remarks>N = (||rho^{T_A}||_1 - 1) / 2.</remarks>
    public static double Negativity(DensityMatrix rho, ReadOnlySpan<int> subsystemA)
        => Negativity(DensityMath.Dense(rho, nameof(rho)), subsystemA);

    /// <summary>Negativity of the bipartition A | rest of a simulator result.</summary>
    /// <remarks>N = (||rho^{T_A}||_1 - 1) / 2; Schmidt form for a pure state-vector result, else dense (at most 12 qubits).</remarks>
    public static double Negativity(IExactResult result, ReadOnlySpan<int> subsystemA)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result is ExactResult { IsPure: true } exact
            ? Negativity(exact.PureState, subsystemA)
            : Negativity(FullDense(result), subsystemA);
    }

    /// <summary>Logarithmic negativity of the bipartition A | rest of a pure state.</summary>
    /// <remarks>E_N = log2 ||rho^{T_A}||_1 = log2 (2N + 1) = 2 log2 sum_i s_i; 1 for a Bell pair.</remarks>
    public static double LogarithmicNegativity(StateVector psi, ReadOnlySpan<int> subsystemA)
        => Math.Log2((2 * Negativity(psi, subsystemA)) + 1);

    /// <summary>Logarithmic negativity of the bipartition A | rest of a density matrix.</summary>
    /// <remarks>E_N = log2 ||rho^{T_A}||_1 = log2 (2N + 1).</remarks>
    public static double LogarithmicNegativity(Complex[,] rho, ReadOnlySpan<int> subsystemA)
        => Math.Log2((2 * Negativity(rho, subsystemA)) + 1);

    /// <summary>Logarithmic negativity of the bipartition A | rest of a density matrix.</summary>
    /// <remarks>E_N = log2 ||rho^{T_A}||_1 = log2 (2N + 1).</remarks>
    public static double LogarithmicNegativity(DensityMatrix rho, ReadOnlySpan<int> subsystemA)
        => Math.Log2((2 * Negativity(rho, subsystemA)) + 1);

    /// <summary>Logarithmic negativity of the bipartition A | rest of a simulator result.</summary>
    /// <remarks>E_N = log2 ||rho^{T_A}||_1 = log2 (2N + 1).</remarks>
    public static double LogarithmicNegativity(IExactResult result, ReadOnlySpan<int> subsystemA)
        => Math.Log2((2 * Negativity(result, subsystemA)) + 1);

    /// <summary>Meyer–Wallach global entanglement of a pure state.</summary>
    /// <remarks>
    /// Q = 2 (1 - (1/n) sum_k Tr(rho_k^2)) over the one-qubit reduced states rho_k; 0 for product states,
    /// 1 for GHZ_n, 8/9 for W_3.
    /// </remarks>
    /// <exception cref="ArgumentException">The state is not normalised or has no qubits.</exception>
    public static double MeyerWallach(StateVector psi)
    {
        DensityMath.CheckNormalised(psi, nameof(psi));
        CheckHasQubits(psi.NumQubits, nameof(psi));
        return MeyerWallach(psi.NumQubits, k => psi.ReducedDensityMatrix([k]));
    }

    /// <summary>The Meyer–Wallach formula applied to a density matrix.</summary>
    /// <remarks>
    /// Q = 2 (1 - (1/n) sum_k Tr(rho_k^2)). For a mixed state this is not an entanglement measure: mixing
    /// alone raises it (I / 2^n gives 1).
    /// </remarks>
    public static double MeyerWallach(Complex[,] rho)
    {
        int n = DensityMath.CheckDensity(rho, nameof(rho));
        CheckHasQubits(n, nameof(rho));
        return MeyerWallach(n, k => DensityMath.PartialTrace(rho, n, [k]));
    }

    /// <summary>The Meyer–Wallach formula applied to a density matrix.</summary>
    /// <remarks>Q = 2 (1 - (1/n) sum_k Tr(rho_k^2)); not an entanglement measure for mixed states.</remarks>
    public static double MeyerWallach(DensityMatrix rho)
    {
        DensityMath.CheckTrace(rho, nameof(rho));
        CheckHasQubits(rho.NumQubits, nameof(rho));
        return MeyerWallach(rho.NumQubits, k => rho.ReducedDensityMatrix([k]));
    }

    /// <summary>The Meyer–Wallach formula applied to the final state of a simulator result.</summary>
    /// <remarks>Q = 2 (1 - (1/n) sum_k Tr(rho_k^2)); an entanglement measure only when the result is pure.</remarks>
    public static double MeyerWallach(IExactResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        CheckHasQubits(result.NumQubits, nameof(result));
        return MeyerWallach(result.NumQubits, k => result.ReducedDensityMatrix([k]));
    }

    private static double MeyerWallach(int n, Func<int, Complex[,]> reduced)
    {
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += DensityMath.Purity(reduced(k));
        }

        return Math.Clamp(2 * (1 - (sum / n)), 0, 1);
    }

    private static double[] Schmidt(StateVector psi, ReadOnlySpan<int> subsystemA, string psiName, string subsystemName)
    {
        DensityMath.CheckNormalised(psi, psiName);
        DensityMath.CheckQubits(subsystemA, psi.NumQubits, subsystemName);
        return DensityMath.SingularValues(DensityMath.AmplitudeMatrix(psi, subsystemA));
    }

    private static double PureNegativity(double[] schmidt)
    {
        double sum = 0, squares = 0;
        foreach (double s in schmidt)
        {
            sum += s;
            squares += s * s;
        }

        return Math.Max(0, ((sum * sum) - squares) / 2);
    }

    private static Complex[,] FullDense(IExactResult result)
    {
        CheckDenseSize(result.NumQubits, nameof(result));
        return result.ReducedDensityMatrix([.. Enumerable.Range(0, result.NumQubits)]);
    }

    private static void CheckDenseSize(int numQubits, string paramName)
    {
        if (numQubits > DensityMath.MaxDenseQubits)
        {
            throw new ArgumentException($"a {numQubits}-qubit mixed state is too large for dense analysis (at most {DensityMath.MaxDenseQubits} qubits)", paramName);
        }
    }

    private static void CheckHasQubits(int numQubits, string paramName)
    {
        if (numQubits < 1)
        {
            throw new ArgumentException("the Meyer–Wallach measure needs at least one qubit", paramName);
        }
    }
}
