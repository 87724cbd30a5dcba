using System.Numerics;

namespace Dqml.Testing;

/// <summary>
/// Naive dense complex linear algebra on <c>Complex[,]</c>, written independently of the library's
/// <c>MatrixMath</c> so that tests compare two implementations.
/// </summary>
public static class DenseMatrix
{
    /// <summary>The d x d identity.</summary>
    public static Complex[,] Identity(int d)
    {
        var m = new Complex[d, d];
        for (int i = 0; i < d; i++)
        {
            m[i, i] = Complex.One;
        }

        return m;
    }

    /// <summary>Converts a row-major square matrix to a 2-D array.</summary>
    public static Complex[,] FromRowMajor(ReadOnlySpan<Complex> rowMajor)
    {
        int d = (int)Math.Round(Math.Sqrt(rowMajor.Length));
        if (d * d != rowMajor.Length)
        {
            throw new ArgumentException($"{rowMajor.Length} entries is not a square matrix", nameof(rowMajor));
        }

        var m = new Complex[d, d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                m[r, c] = rowMajor[(r * d) + c];
            }
        }

        return m;
    }

    /// <summary>Converts a square 2-D array to row-major order.</summary>
    public static Complex[] ToRowMajor(Complex[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var r = new Complex[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                r[(i * cols) + j] = m[i, j];
            }
        }

        return r;
    }

    /// <summary>The Kronecker product a (x) b (b on the low bits of the index).</summary>
    public static Complex[,] Kron(Complex[,] a, Complex[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int ar = a.GetLength(0), ac = a.GetLength(1), br = b.GetLength(0), bc = b.GetLength(1);
        var m = new Complex[ar * br, ac * bc];
        for (int i = 0; i < ar; i++)
        {
            for (int j = 0; j < ac; j++)
            {
                Complex aij = a[i, j];
                if (aij == Complex.Zero)
                {
                    continue;
                }

                for (int k = 0; k < br; k++)
                {
                    for (int l = 0; l < bc; l++)
                    {
                        m[(i * br) + k, (j * bc) + l] = aij * b[k, l];
                    }
                }
            }
        }

        return m;
    }

    /// <summary>Matrix product a * b.</summary>
    public static Complex[,] Multiply(Complex[,] a, Complex[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int n = a.GetLength(0), inner = a.GetLength(1), m = b.GetLength(1);
        if (b.GetLength(0) != inner)
        {
            throw new ArgumentException("inner dimensions differ", nameof(b));
        }

        var r = new Complex[n, m];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < inner; k++)
            {
                Complex aik = a[i, k];
                if (aik == Complex.Zero)
                {
                    continue;
                }

                for (int j = 0; j < m; j++)
                {
                    r[i, j] += aik * b[k, j];
                }
            }
        }

        return r;
    }

    /// <summary>Matrix times vector.</summary>
    public static Complex[] Multiply(Complex[,] a, ReadOnlySpan<Complex> v)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0), m = a.GetLength(1);
        if (v.Length != m)
        {
            throw new ArgumentException($"vector of length {v.Length} does not match a {n}x{m} matrix", nameof(v));
        }

        var r = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            Complex s = Complex.Zero;
            for (int j = 0; j < m; j++)
            {
                s += a[i, j] * v[j];
            }

            r[i] = s;
        }

        return r;
    }

    /// <summary>Conjugate transpose.</summary>
    public static Complex[,] Adjoint(Complex[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0), m = a.GetLength(1);
        var r = new Complex[m, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                r[j, i] = Complex.Conjugate(a[i, j]);
            }
        }

        return r;
    }

    /// <summary>a + b.</summary>
    public static Complex[,] Add(Complex[,] a, Complex[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var r = (Complex[,])a.Clone();
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                r[i, j] += b[i, j];
            }
        }

        return r;
    }

    /// <summary>s * a.</summary>
    public static Complex[,] Scale(Complex[,] a, Complex s)
    {
        ArgumentNullException.ThrowIfNull(a);
        var r = new Complex[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                r[i, j] = a[i, j] * s;
            }
        }

        return r;
    }

    /// <summary>Trace of a square matrix.</summary>
    public static Complex Trace(Complex[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        Complex s = Complex.Zero;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            s += a[i, i];
        }

        return s;
    }

    /// <summary>|psi&gt;&lt;psi|.</summary>
    public static Complex[,] Outer(ReadOnlySpan<Complex> psi)
    {
        var r = new Complex[psi.Length, psi.Length];
        for (int i = 0; i < psi.Length; i++)
        {
            for (int j = 0; j < psi.Length; j++)
            {
                r[i, j] = psi[i] * Complex.Conjugate(psi[j]);
            }
        }

        return r;
    }

    /// <summary>&lt;a|b&gt;.</summary>
    public static Complex Inner(ReadOnlySpan<Complex> a, ReadOnlySpan<Complex> b)
    {
        Complex s = Complex.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            s += Complex.Conjugate(a[i]) * b[i];
        }

        return s;
    }

    /// <summary>&lt;psi|A|psi&gt;.</summary>
    public static Complex ExpectationValue(Complex[,] a, ReadOnlySpan<Complex> psi)
        => Inner(psi, Multiply(a, psi));

    /// <summary>max |U U^dagger - I|.</summary>
    public static double UnitarityDeviation(Complex[,] u)
    {
        var p = Multiply(u, Adjoint(u));
        return MaxAbsDifference(p, Identity(u.GetLength(0)));
    }

    /// <summary>max |a_ij - b_ij|.</summary>
    public static double MaxAbsDifference(Complex[,] a, Complex[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
        {
            return double.PositiveInfinity;
        }

        double worst = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                worst = Math.Max(worst, (a[i, j] - b[i, j]).Magnitude);
            }
        }

        return worst;
    }

    /// <summary>The single-qubit Pauli matrix for 'I', 'X', 'Y' or 'Z'.</summary>
    public static Complex[,] Pauli(char p) => char.ToUpperInvariant(p) switch
    {
        'I' => new Complex[,] { { 1, 0 }, { 0, 1 } },
        'X' => new Complex[,] { { 0, 1 }, { 1, 0 } },
        'Y' => new Complex[,] { { 0, -Complex.ImaginaryOne }, { Complex.ImaginaryOne, 0 } },
        'Z' => new Complex[,] { { 1, 0 }, { 0, -1 } },
        _ => throw new ArgumentException($"'{p}' is not a Pauli letter", nameof(p)),
    };

    /// <summary>
    /// The dense matrix of a Pauli label in Qiskit order: the rightmost character acts on qubit 0, so
    /// "XIZ" = X (x) I (x) Z with Z on qubit 0.
    /// </summary>
    public static Complex[,] PauliString(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        var m = Pauli(label[0]);
        for (int i = 1; i < label.Length; i++)
        {
            m = Kron(m, Pauli(label[i]));
        }

        return m;
    }

    /// <summary>
    /// The full 2^n x 2^n matrix of a k-qubit gate (row-major, argument j = local bit j) applied to
    /// <paramref name="qubits"/> of an n-qubit register: I (x) G on the k lowest bits, conjugated by the
    /// permutation that moves local bit j to qubit qubits[j] (the other qubits keep their relative order).
    /// </summary>
    public static Complex[,] FullGateMatrix(ReadOnlySpan<Complex> gateRowMajor, ReadOnlySpan<int> qubits, int numQubits)
    {
        var g = FromRowMajor(gateRowMajor);
        int k = qubits.Length;
        if (g.GetLength(0) != 1 << k)
        {
            throw new ArgumentException($"a {g.GetLength(0)}x{g.GetLength(0)} matrix does not act on {k} qubit(s)", nameof(gateRowMajor));
        }

        var lifted = Kron(Identity(1 << (numQubits - k)), g);

        // arranged position of each qubit: qubits[j] -> j, the rest -> k, k+1, ... in ascending order.
        var position = new int[numQubits];
        var used = new bool[numQubits];
        for (int j = 0; j < k; j++)
        {
            if (qubits[j] < 0 || qubits[j] >= numQubits || used[qubits[j]])
            {
                throw new ArgumentException("qubits must be distinct and in range", nameof(qubits));
            }

            position[qubits[j]] = j;
            used[qubits[j]] = true;
        }

        int next = k;
        for (int q = 0; q < numQubits; q++)
        {
            if (!used[q])
            {
                position[q] = next++;
            }
        }

        int d = 1 << numQubits;
        var perm = new int[d];
        for (int idx = 0; idx < d; idx++)
        {
            int a = 0;
            for (int q = 0; q < numQubits; q++)
            {
                a |= ((idx >> q) & 1) << position[q];
            }

            perm[idx] = a;
        }

        // full = P^T lifted P with P|idx> = |perm(idx)>.
        var full = new Complex[d, d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                full[r, c] = lifted[perm[r], perm[c]];
            }
        }

        return full;
    }

    /// <summary>
    /// Partial trace of a 2^n x 2^n density matrix, keeping <paramref name="keep"/> (keep[0] is the least
    /// significant bit of the reduced index).
    /// </summary>
    public static Complex[,] PartialTrace(Complex[,] rho, ReadOnlySpan<int> keep, int numQubits)
    {
        ArgumentNullException.ThrowIfNull(rho);
        int k = keep.Length;
        var keepArr = keep.ToArray();
        var rest = Enumerable.Range(0, numQubits).Where(q => Array.IndexOf(keepArr, q) < 0).ToArray();
        int dk = 1 << k, dr = 1 << rest.Length;
        int Index(int local, int other)
        {
            int g = 0;
            for (int j = 0; j < k; j++)
            {
                g |= ((local >> j) & 1) << keepArr[j];
            }

            for (int j = 0; j < rest.Length; j++)
            {
                g |= ((other >> j) & 1) << rest[j];
            }

            return g;
        }

        var r = new Complex[dk, dk];
        for (int i = 0; i < dk; i++)
        {
            for (int j = 0; j < dk; j++)
            {
                Complex s = Complex.Zero;
                for (int o = 0; o < dr; o++)
                {
                    s += rho[Index(i, o), Index(j, o)];
                }

                r[i, j] = s;
            }
        }

        return r;
    }
}
