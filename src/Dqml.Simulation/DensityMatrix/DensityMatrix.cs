using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;
using Dqml.Simulation.Kernels;

namespace Dqml.Simulation;

/// <summary>
/// A mixed state of n qubits stored as vec(rho): a 2n-qubit vector with element rho[r, c] at index
/// r + c 2^n. Bits 0..n-1 index the ket (row), bits n..2n-1 the bra (column), so U rho U^dagger is U on
/// qubit q and conj(U) on qubit q + n: the state-vector kernels do all the work.
/// </summary>
/// <remarks>
/// A channel with Kraus operators K_i on qubits Q is applied as the superoperator sum_i K_i (x) conj(K_i)
/// on (Q, Q + n) in one pass. Memory: 16 * 4^n bytes (n = 12: 256 MiB).
/// </remarks>
public sealed class DensityMatrix
{
    /// <summary>Largest qubit count (vec(rho) has 4^n entries).</summary>
    public const int MaxQubits = 14;

    private readonly StateVector _vec;

    /// <summary>|0...0&gt;&lt;0...0| on <paramref name="numQubits"/> qubits.</summary>
    public DensityMatrix(int numQubits)
    {
        if (numQubits > MaxQubits)
        {
            throw new ArgumentOutOfRangeException(nameof(numQubits), $"{numQubits} qubits exceeds the density-matrix limit of {MaxQubits}");
        }

        NumQubits = numQubits;
        _vec = new StateVector(2 * numQubits);
    }

    private DensityMatrix(int numQubits, StateVector vec)
    {
        NumQubits = numQubits;
        _vec = vec;
    }

    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; }

    /// <summary>Dimension 2^n.</summary>
    public int Dimension => 1 << NumQubits;

    /// <summary>vec(rho), writable: element (r, c) at r + c 2^n.</summary>
    public Span<Complex> Elements => _vec.Amplitudes;

    /// <summary>rho[r, c].</summary>
    public Complex this[int row, int column] => _vec[row + (column << NumQubits)];

    /// <summary>|psi&gt;&lt;psi|.</summary>
    public static DensityMatrix FromPureState(StateVector psi)
    {
        ArgumentNullException.ThrowIfNull(psi);
        var rho = new DensityMatrix(psi.NumQubits);
        var a = psi.Amplitudes;
        var v = rho.Elements;
        int d = a.Length;
        for (int c = 0; c < d; c++)
        {
            Complex cc = Complex.Conjugate(a[c]);
            for (int r = 0; r < d; r++)
            {
                v[r + (c * d)] = a[r] * cc;
            }
        }

        return rho;
    }

    /// <summary>A density matrix from a d x d matrix (validated: Hermitian, trace 1, positive semidefinite within 1e-9).</summary>
    public static DensityMatrix FromMatrix(Complex[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int d = matrix.GetLength(0);
        if (d != matrix.GetLength(1) || d < 1 || (d & (d - 1)) != 0)
        {
            throw new ArgumentException($"a density matrix must be 2^n x 2^n, got {d}x{matrix.GetLength(1)}", nameof(matrix));
        }

        var rho = new DensityMatrix(BitOperations.Log2((uint)d));
        var v = rho.Elements;
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                v[r + (c * d)] = matrix[r, c];
            }
        }

        string? problem = rho.CheckPhysical(1e-9);
        return problem is null ? rho : throw new ArgumentException($"not a density matrix: {problem}", nameof(matrix));
    }

    /// <summary>A deep copy.</summary>
    public DensityMatrix Clone() => new(NumQubits, _vec.Clone());

    /// <summary>Adds <paramref name="weight"/> times another density matrix of the same size.</summary>
    public void AddScaled(DensityMatrix other, double weight)
    {
        ArgumentNullException.ThrowIfNull(other);
        var a = Elements;
        var b = other.Elements;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] += weight * b[i];
        }
    }

    /// <summary>Multiplies every element by <paramref name="factor"/>.</summary>
    public void Scale(double factor)
    {
        var a = Elements;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] *= factor;
        }
    }

    /// <summary>rho -&gt; U rho U^dagger for a gate on <paramref name="qubits"/>.</summary>
    public void Apply(Gate gate, ReadOnlySpan<int> qubits, IParameterSource? values = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var (ket, bra) = CompileChecked(gate.Definition, gate.BindParameters(values), qubits);
        Apply(ket, bra);
    }

    /// <summary>Applies a pair compiled by <see cref="Compile"/>.</summary>
    public void Apply(CompiledGate ket, CompiledGate bra)
    {
        ArgumentNullException.ThrowIfNull(ket);
        ArgumentNullException.ThrowIfNull(bra);
        ket.Apply(Elements);
        bra.Apply(Elements);
    }

    /// <summary>Compiles a gate for a density matrix of <paramref name="numQubits"/>: U on the ket half, conj(U) on the bra half.</summary>
    public static (CompiledGate Ket, CompiledGate Bra) Compile(GateDefinition definition, ReadOnlySpan<double> parameters, ReadOnlySpan<int> qubits, int numQubits, ReadOnlySpan<int> extraControls = default, ReadOnlySpan<bool> extraValues = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var ket = CompiledGate.Compile(definition, parameters, qubits, extraControls, extraValues);
        Span<int> shifted = stackalloc int[qubits.Length];
        for (int j = 0; j < qubits.Length; j++)
        {
            shifted[j] = qubits[j] + numQubits;
        }

        Span<int> shiftedControls = stackalloc int[extraControls.Length];
        for (int j = 0; j < extraControls.Length; j++)
        {
            shiftedControls[j] = extraControls[j] + numQubits;
        }

        var conj = ConjugateDefinition(definition, parameters);
        var bra = CompiledGate.Compile(conj, [], shifted, shiftedControls, extraValues);
        return (ket, bra);
    }

    private (CompiledGate Ket, CompiledGate Bra) CompileChecked(GateDefinition definition, ReadOnlySpan<double> parameters, ReadOnlySpan<int> qubits)
    {
        foreach (int q in qubits)
        {
            if ((uint)q >= (uint)NumQubits)
            {
                throw new ArgumentOutOfRangeException(nameof(qubits), $"gate '{definition.Name}': qubit {q} is out of range for {NumQubits} qubits");
            }
        }

        return Compile(definition, parameters, qubits, NumQubits);
    }

    /// <summary>The complex conjugate of a gate, keeping its control structure (so kernels stay specialised).</summary>
    private static GateDefinition ConjugateDefinition(GateDefinition definition, ReadOnlySpan<double> parameters)
    {
        var target = definition.Base ?? definition;
        var m = (definition.NumControls > 0 ? target : definition).Matrix(parameters);
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = Complex.Conjugate(m[i]);
        }

        var conj = GateDefinition.Unitary(m, target.Name + "*", 1e-6);
        return definition.NumControls > 0 ? GateDefinition.Controlled(conj, definition.NumControls) : conj;
    }

    /// <summary>rho -&gt; sum_i K_i rho K_i^dagger for a channel on <paramref name="qubits"/>.</summary>
    public void ApplyChannel(NoiseChannel channel, ReadOnlySpan<int> qubits)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (qubits.Length != channel.NumQubits)
        {
            throw new ArgumentException($"channel '{channel.Name}' acts on {channel.NumQubits} qubit(s), got {qubits.Length}", nameof(qubits));
        }

        CompileChannel(channel, qubits, NumQubits).Apply(Elements);
    }

    /// <summary>The superoperator sum_i K_i (x) conj(K_i) on (qubits, qubits + n), compiled once.</summary>
    public static CompiledGate CompileChannel(NoiseChannel channel, ReadOnlySpan<int> qubits, int numQubits)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return CompiledGate.FromMatrix(Superoperator(channel.KrausOperators(), channel.NumQubits), SuperQubits(qubits, numQubits));
    }

    /// <summary>S = sum_i K_i (x) conj(K_i), indexed (ket + bra 2^k) as vec(rho).</summary>
    public static Complex[] Superoperator(IReadOnlyList<Complex[]> kraus, int k)
    {
        ArgumentNullException.ThrowIfNull(kraus);
        int d = 1 << k;
        var s = new Complex[d * d * d * d];
        foreach (var K in kraus)
        {
            var conj = K.Select(Complex.Conjugate).ToArray();
            var term = MatrixMath.Kron(conj, d, K, d);
            for (int i = 0; i < s.Length; i++)
            {
                s[i] += term[i];
            }
        }

        return s;
    }

    /// <summary>(qubits..., qubits + n ...).</summary>
    public static int[] SuperQubits(ReadOnlySpan<int> qubits, int numQubits)
    {
        var r = new int[2 * qubits.Length];
        for (int j = 0; j < qubits.Length; j++)
        {
            r[j] = qubits[j];
            r[qubits.Length + j] = qubits[j] + numQubits;
        }

        return r;
    }

    /// <summary>
    /// Applies a permutation of the basis to ket and bra at once (X, CNOT and SWAP are real), out of place
    /// into <paramref name="scratch"/>; returns the old buffer to reuse as the next scratch.
    /// </summary>
    internal Memory<Complex> ApplyPermutation(AffinePermutation permutation, Memory<Complex> scratch)
    {
        permutation.Apply(Elements, scratch.Span, copies: 2);
        return _vec.ExchangeBuffer(scratch);
    }

    /// <summary>Applies a one-qubit superoperator (4 x 4, index ket + 2 bra) to qubit <paramref name="q"/> in one pass.</summary>
    internal void ApplySuperoperator1(int q, ReadOnlySpan<Complex> superoperator)
        => StateVectorKernels.Dense2(Elements, q, q + NumQubits, superoperator);

    /// <summary>Tr rho (real part).</summary>
    public double Trace()
    {
        double t = 0;
        int d = Dimension;
        for (int i = 0; i < d; i++)
        {
            t += this[i, i].Real;
        }

        return t;
    }

    /// <summary>Tr rho^2 = sum |rho_ij|^2 (Hermitian rho).</summary>
    public double Purity() => StateVectorKernels.NormSquared(Elements);

    /// <summary>The diagonal: probabilities of the basis states.</summary>
    public double[] Probabilities()
    {
        var p = new double[Dimension];
        AddProbabilities(p, 1);
        return p;
    }

    /// <summary>Adds <paramref name="weight"/> rho_ii to <paramref name="into"/>[i].</summary>
    public void AddProbabilities(Span<double> into, double weight)
    {
        int d = Dimension;
        for (int i = 0; i < d; i++)
        {
            into[i] += weight * this[i, i].Real;
        }
    }

    /// <summary>Probability that measuring <paramref name="qubit"/> gives 1 (relative to the trace).</summary>
    public double ProbabilityOfOne(int qubit)
    {
        double p = 0;
        int d = Dimension;
        for (int i = 1 << qubit; i < d; i = (i + 1) | (1 << qubit))
        {
            p += this[i, i].Real;
        }

        return p;
    }

    /// <summary>Projects onto <paramref name="outcome"/> of <paramref name="qubit"/> without renormalising (P rho P).</summary>
    public void Project(int qubit, int outcome)
    {
        var v = Elements;
        int n = NumQubits;
        for (int i = 0; i < v.Length; i++)
        {
            int r = (i >> qubit) & 1, c = (i >> (qubit + n)) & 1;
            if (r != outcome || c != outcome)
            {
                v[i] = Complex.Zero;
            }
        }
    }

    /// <summary>Tr(rho P) for a Pauli string: sum_i rho[i, i xor X] i^{#Y} (-1)^{|i &amp; Z|}.</summary>
    public double Expectation(PauliString p)
    {
        if (p.MaxQubit >= NumQubits)
        {
            throw new ArgumentException($"Pauli string acts on qubit {p.MaxQubit} but the state has {NumQubits} qubits", nameof(p));
        }

        int x = (int)p.XMask, z = (int)p.ZMask, d = Dimension;
        Complex acc = Complex.Zero;
        for (int i = 0; i < d; i++)
        {
            Complex t = this[i, i ^ x];
            acc += (BitOperations.PopCount((uint)(i & z)) & 1) == 0 ? t : -t;
        }

        return (p.Phase * acc).Real;
    }

    /// <summary>Tr(rho H) for a weighted Pauli sum.</summary>
    public double Expectation(PauliSum observable)
    {
        ArgumentNullException.ThrowIfNull(observable);
        return observable.Evaluate(Expectation);
    }

    /// <summary>Partial trace keeping <paramref name="qubits"/> (qubits[0] the least significant local bit).</summary>
    public Complex[,] ReducedDensityMatrix(ReadOnlySpan<int> qubits)
    {
        int k = qubits.Length;
        int d = 1 << k;
        var rho = new Complex[d, d];
        AddReducedDensityMatrix(rho, qubits, 1);
        return rho;
    }

    /// <summary>Adds <paramref name="weight"/> times the partial trace keeping <paramref name="qubits"/>.</summary>
    public void AddReducedDensityMatrix(Complex[,] into, ReadOnlySpan<int> qubits, double weight)
    {
        ArgumentNullException.ThrowIfNull(into);
        int k = qubits.Length;
        int d = 1 << k;
        for (int j = 0; j < k; j++)
        {
            if ((uint)qubits[j] >= (uint)NumQubits)
            {
                throw new ArgumentOutOfRangeException(nameof(qubits), $"qubit {qubits[j]} is out of range for {NumQubits} qubits");
            }
        }

        Span<int> offsets = stackalloc int[d];
        BitIndex.Offsets(qubits, offsets);
        var sorted = qubits.ToArray();
        Array.Sort(sorted);
        int count = Dimension >> k;
        for (int rest = 0; rest < count; rest++)
        {
            int b = BitIndex.InsertZeros(rest, sorted);
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c < d; c++)
                {
                    into[r, c] += weight * this[b + offsets[r], b + offsets[c]];
                }
            }
        }
    }

    /// <summary>The full matrix (for small n).</summary>
    public Complex[,] ToMatrix()
    {
        int d = Dimension;
        var m = new Complex[d, d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                m[r, c] = this[r, c];
            }
        }

        return m;
    }

    /// <summary>
    /// Null when rho is Hermitian with trace 1 and no eigenvalue below -<paramref name="tolerance"/>;
    /// otherwise what is wrong. The eigenvalue check uses a Cholesky factorisation of rho + tol I.
    /// </summary>
    public string? CheckPhysical(double tolerance = 1e-9)
    {
        int d = Dimension;
        double tr = Trace();
        if (Math.Abs(tr - 1) > tolerance * d)
        {
            return $"trace is {tr:R}, not 1";
        }

        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c <= r; c++)
            {
                if ((this[r, c] - Complex.Conjugate(this[c, r])).Magnitude > tolerance)
                {
                    return $"not Hermitian at ({r}, {c})";
                }
            }
        }

        // Cholesky of rho + tol*I: fails iff some eigenvalue < -tol (up to rounding).
        var l = new Complex[d, d];
        for (int j = 0; j < d; j++)
        {
            Complex s = this[j, j] + tolerance;
            for (int k = 0; k < j; k++)
            {
                s -= l[j, k] * Complex.Conjugate(l[j, k]);
            }

            if (s.Real <= 0)
            {
                return $"not positive semidefinite (pivot {j} is {s.Real:G3})";
            }

            double ljj = Math.Sqrt(s.Real);
            l[j, j] = ljj;
            for (int i = j + 1; i < d; i++)
            {
                Complex t = this[i, j];
                for (int k = 0; k < j; k++)
                {
                    t -= l[i, k] * Complex.Conjugate(l[j, k]);
                }

                l[i, j] = t / ljj;
            }
        }

        return null;
    }
}
