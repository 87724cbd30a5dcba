using System.Numerics;

namespace Dqml.Circuits.Gates;

/// <summary>Small dense complex-matrix helpers (row-major), used to build and check gate matrices.</summary>
public static class MatrixMath
{
    /// <summary>Product a * b of two d x d matrices.</summary>
    public static Complex[] Multiply(ReadOnlySpan<Complex> a, ReadOnlySpan<Complex> b, int d)
    {
        var r = new Complex[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int k = 0; k < d; k++)
            {
                Complex aik = a[(i * d) + k];
                if (aik == Complex.Zero)
                {
                    continue;
                }

                for (int j = 0; j < d; j++)
                {
                    r[(i * d) + j] += aik * b[(k * d) + j];
                }
            }
        }

        return r;
    }

    /// <summary>Conjugate transpose of a d x d matrix.</summary>
    public static Complex[] Adjoint(ReadOnlySpan<Complex> a, int d)
    {
        var r = new Complex[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                r[(j * d) + i] = Complex.Conjugate(a[(i * d) + j]);
            }
        }

        return r;
    }

    /// <summary>max |U U^dagger - I| over entries.</summary>
    public static double UnitarityDeviation(ReadOnlySpan<Complex> u, int d)
    {
        double worst = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                Complex s = Complex.Zero;
                for (int k = 0; k < d; k++)
                {
                    s += u[(i * d) + k] * Complex.Conjugate(u[(j * d) + k]);
                }

                double dev = (s - (i == j ? Complex.One : Complex.Zero)).Magnitude;
                if (double.IsNaN(dev))
                {
                    return double.NaN;
                }

                worst = Math.Max(worst, dev);
            }
        }

        return worst;
    }

    /// <summary>True when every off-diagonal entry is exactly zero.</summary>
    public static bool IsDiagonal(ReadOnlySpan<Complex> u, int d)
    {
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                if (i != j && u[(i * d) + j] != Complex.Zero)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Embeds a k-qubit matrix acting on local qubits <paramref name="qubits"/> (argument j on qubit
    /// qubits[j]) into an m-qubit identity, with the little-endian convention.
    /// </summary>
    public static Complex[] Embed(ReadOnlySpan<Complex> gate, ReadOnlySpan<int> qubits, int m)
    {
        int k = qubits.Length;
        int dk = 1 << k, d = 1 << m;
        int mask = 0;
        foreach (int q in qubits)
        {
            mask |= 1 << q;
        }

        var r = new Complex[d * d];
        for (int col = 0; col < d; col++)
        {
            int lc = 0;
            for (int j = 0; j < k; j++)
            {
                lc |= ((col >> qubits[j]) & 1) << j;
            }

            int rest = col & ~mask;
            for (int lr = 0; lr < dk; lr++)
            {
                Complex v = gate[(lr * dk) + lc];
                if (v == Complex.Zero)
                {
                    continue;
                }

                int row = rest;
                for (int j = 0; j < k; j++)
                {
                    row |= ((lr >> j) & 1) << qubits[j];
                }

                r[(row * d) + col] = v;
            }
        }

        return r;
    }

    /// <summary>
    /// The matrix of a sequence of gates on m local qubits, applied in order (first element first).
    /// </summary>
    public static Complex[] Compose(int m, IEnumerable<(Complex[] Matrix, int[] Qubits)> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        int d = 1 << m;
        var acc = new Complex[d * d];
        for (int i = 0; i < d; i++)
        {
            acc[(i * d) + i] = 1;
        }

        foreach (var (mat, qs) in sequence)
        {
            acc = Multiply(Embed(mat, qs, m), acc, d);
        }

        return acc;
    }

    /// <summary>Kronecker product a (x) b where b acts on the low bits (b is the first argument).</summary>
    public static Complex[] Kron(ReadOnlySpan<Complex> high, int dHigh, ReadOnlySpan<Complex> low, int dLow)
    {
        int d = dHigh * dLow;
        var r = new Complex[d * d];
        for (int hr = 0; hr < dHigh; hr++)
        {
            for (int hc = 0; hc < dHigh; hc++)
            {
                Complex h = high[(hr * dHigh) + hc];
                for (int lr = 0; lr < dLow; lr++)
                {
                    for (int lc = 0; lc < dLow; lc++)
                    {
                        r[(((hr * dLow) + lr) * d) + (hc * dLow) + lc] = h * low[(lr * dLow) + lc];
                    }
                }
            }
        }

        return r;
    }
}
