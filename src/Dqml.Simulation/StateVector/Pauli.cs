using System.Globalization;
using System.Numerics;
using System.Text;

namespace Dqml.Simulation;

/// <summary>
/// A Pauli string as bit masks: qubit q carries X if bit q of <see cref="XMask"/> is set, Z if bit q of
/// <see cref="ZMask"/> is set, Y if both. P|i&gt; = i^{#Y} (-1)^{popcount(i &amp; Z)} |i xor X&gt;.
/// </summary>
public readonly record struct PauliString(ulong XMask, ulong ZMask)
{
    /// <summary>The identity.</summary>
    public static PauliString Identity => default;

    /// <summary>Number of Y factors.</summary>
    public int YCount => BitOperations.PopCount(XMask & ZMask);

    /// <summary>i^{#Y}: the phase in P|i&gt; = i^{#Y} (-1)^{popcount(i &amp; Z)} |i xor X&gt;.</summary>
    public System.Numerics.Complex Phase => (YCount & 3) switch
    {
        0 => System.Numerics.Complex.One,
        1 => System.Numerics.Complex.ImaginaryOne,
        2 => -System.Numerics.Complex.One,
        _ => -System.Numerics.Complex.ImaginaryOne,
    };

    /// <summary>Highest qubit acted on, or -1 for the identity.</summary>
    public int MaxQubit => 63 - BitOperations.LeadingZeroCount(XMask | ZMask);

    /// <summary>
    /// Parses a label in Qiskit order (<c>"XIZ"</c>: the rightmost character is qubit 0) or a sparse form
    /// (<c>"X0 Z2"</c>, <c>"Y3"</c>). Characters I, X, Y, Z (case-insensitive).
    /// </summary>
    /// <exception cref="FormatException">An unknown character or a qubit index beyond 63.</exception>
    public static PauliString Parse(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        string t = label.Trim();
        if (t.Length == 0)
        {
            throw new FormatException("empty Pauli string");
        }

        bool sparse = t.Any(char.IsDigit);
        ulong x = 0, z = 0;
        if (!sparse)
        {
            if (t.Length > 64)
            {
                throw new FormatException($"Pauli string '{label}' is longer than 64 qubits");
            }

            for (int k = 0; k < t.Length; k++)
            {
                Set(char.ToUpperInvariant(t[t.Length - 1 - k]), k, ref x, ref z, label);
            }

            return new PauliString(x, z);
        }

        foreach (var tok in t.Split([' ', '*', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (tok.Length < 2 || !int.TryParse(tok.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int q) || q > 63)
            {
                throw new FormatException($"bad Pauli factor '{tok}' in '{label}' (expected e.g. X0, Z12)");
            }

            Set(char.ToUpperInvariant(tok[0]), q, ref x, ref z, label);
        }

        return new PauliString(x, z);
    }

    /// <summary>The Pauli on qubit q: 'I', 'X', 'Y' or 'Z'.</summary>
    public char this[int q] => (((XMask >> q) & 1) | (((ZMask >> q) & 1) << 1)) switch
    {
        0 => 'I',
        1 => 'X',
        2 => 'Z',
        _ => 'Y',
    };

    /// <summary>Label in Qiskit order over <paramref name="numQubits"/> qubits.</summary>
    public string ToLabel(int numQubits)
    {
        var sb = new StringBuilder(numQubits);
        for (int q = numQubits - 1; q >= 0; q--)
        {
            sb.Append(this[q]);
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToLabel(Math.Max(1, MaxQubit + 1));

    private static void Set(char c, int q, ref ulong x, ref ulong z, string label)
    {
        ulong bit = 1UL << q;
        if (((x | z) & bit) != 0)
        {
            throw new FormatException($"qubit {q} appears twice in Pauli string '{label}'");
        }

        switch (c)
        {
            case 'I':
                break;
            case 'X':
                x |= bit;
                break;
            case 'Y':
                x |= bit;
                z |= bit;
                break;
            case 'Z':
                z |= bit;
                break;
            default:
                throw new FormatException($"'{c}' is not a Pauli (I, X, Y, Z) in '{label}'");
        }
    }
}

/// <summary>A real-weighted sum of Pauli strings (a Hermitian observable).</summary>
public sealed class PauliSum
{
    /// <summary>Creates a sum from (coefficient, term) pairs.</summary>
    public PauliSum(IEnumerable<(double Coefficient, PauliString Term)> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Terms = [.. terms];
    }

    /// <summary>The terms.</summary>
    public IReadOnlyList<(double Coefficient, PauliString Term)> Terms { get; }

    /// <summary>sum_k c_k &lt;P_k&gt;, given the expectation of each Pauli string.</summary>
    public double Evaluate(Func<PauliString, double> expectation)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        double s = 0;
        foreach (var (c, t) in Terms)
        {
            s += c * expectation(t);
        }

        return s;
    }

    /// <summary>A single term with coefficient 1.</summary>
    public static implicit operator PauliSum(PauliString p) => new([(1.0, p)]);

    /// <summary>Wraps a single Pauli string (CA2225 alternative to the implicit conversion).</summary>
    public static PauliSum FromPauliString(PauliString p) => p;

    /// <summary>
    /// Parses e.g. <c>"0.5*ZZI - 1.2*XIX + IIZ"</c> or <c>"2 Z0 Z1 + 0.5 X3"</c>: terms separated by + or -,
    /// each an optional coefficient followed by a Pauli string.
    /// </summary>
    /// <exception cref="FormatException">A term cannot be read.</exception>
    public static PauliSum Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<(double, PauliString)>();
        int i = 0;
        double sign = 1;
        var current = new StringBuilder();
        void Flush()
        {
            string t = current.ToString().Trim();
            current.Clear();
            if (t.Length == 0)
            {
                throw new FormatException($"empty term in Pauli sum '{text}'");
            }

            int split = 0;
            while (split < t.Length && (char.IsDigit(t[split]) || t[split] is '.' or 'e' or 'E' || (split > 0 && t[split] is '+' or '-' && t[split - 1] is 'e' or 'E')))
            {
                split++;
            }

            double coef = 1;
            if (split > 0)
            {
                if (!double.TryParse(t.AsSpan(0, split), NumberStyles.Float, CultureInfo.InvariantCulture, out coef))
                {
                    throw new FormatException($"bad coefficient '{t[..split]}' in Pauli sum '{text}'");
                }
            }

            string rest = t[split..].TrimStart('*', ' ');
            terms.Add((sign * coef, rest.Length == 0 ? PauliString.Identity : PauliString.Parse(rest)));
        }

        for (; i < text.Length; i++)
        {
            char c = text[i];
            string soFar = current.ToString().TrimStart();
            bool exponentSign = i > 0 && (text[i - 1] is 'e' or 'E') && soFar.Length > 0 && (char.IsDigit(soFar[0]) || soFar[0] == '.');
            if ((c == '+' || c == '-') && !exponentSign)
            {
                if (current.ToString().Trim().Length > 0)
                {
                    Flush();
                    sign = c == '-' ? -1 : 1;
                }
                else
                {
                    sign *= c == '-' ? -1 : 1;
                }

                continue;
            }

            current.Append(c);
        }

        Flush();
        return new PauliSum(terms);
    }
}
