using System.Collections.Immutable;
using System.Text;
using Dqml.Circuits;

namespace Dqml.Simulation.Measurements;

/// <summary>
/// Formats classical-bit assignments as counts keys in Qiskit's order: each register written most
/// significant bit first, registers in reverse declaration order separated by one space.
/// </summary>
public static class ClassicalKeys
{
    /// <summary>The key of <paramref name="bits"/> (bit i = clbit i).</summary>
    public static string Format(ReadOnlySpan<bool> bits, ImmutableArray<Register> registers)
    {
        var sb = new StringBuilder(bits.Length + registers.Length);
        if (registers.IsDefaultOrEmpty)
        {
            for (int i = bits.Length - 1; i >= 0; i--)
            {
                sb.Append(bits[i] ? '1' : '0');
            }

            return sb.ToString();
        }

        for (int r = registers.Length - 1; r >= 0; r--)
        {
            var reg = registers[r];
            for (int i = reg.Size - 1; i >= 0; i--)
            {
                sb.Append(bits[reg.Offset + i] ? '1' : '0');
            }

            if (r > 0)
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }

    /// <summary>Bit string of a basis index over <paramref name="numQubits"/> qubits, qubit n-1 first.</summary>
    public static string BasisLabel(int index, int numQubits)
    {
        var chars = new char[numQubits];
        for (int q = 0; q < numQubits; q++)
        {
            chars[numQubits - 1 - q] = ((index >> q) & 1) == 1 ? '1' : '0';
        }

        return new string(chars);
    }
}
