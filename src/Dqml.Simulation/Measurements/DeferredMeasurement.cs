using Dqml.Circuits;
using Dqml.Circuits.Instructions;

namespace Dqml.Simulation.Measurements;

/// <summary>
/// Decides which measurements may be deferred: kept as a quantum wire instead of collapsing the state.
/// </summary>
/// <remarks>
/// A Z measurement of qubit q into bit c commutes with every later operation that is block-diagonal in q's
/// computational basis. It is deferred when every later instruction touching q is a gate that is diagonal
/// or uses q only as a control, or another measurement of q; when every later condition that reads c
/// (before c is overwritten) has a gate body that does not touch q; and when no conditioned measurement
/// or readout error writes c. Then the outcome stays encoded in q (the state is not collapsed), a condition on c becomes a
/// quantum control on q, and the measurement only marks q as dephased. Output probabilities, classical
/// distributions and expectation values are identical to collapsing (principle of deferred measurement),
/// with no extra qubit and a single branch.
/// </remarks>
public static class DeferredMeasurement
{
    /// <summary>For each instruction index, whether it is a measurement that may be deferred.</summary>
    public static bool[] Analyse(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var ins = circuit.Instructions;
        var result = new bool[ins.Length];
        for (int i = 0; i < ins.Length; i++)
        {
            if (ins[i] is Measurement m)
            {
                result[i] = IsDeferrable(ins, i, m.Qubit, m.Clbit);
            }
        }

        return result;
    }

    private static bool IsDeferrable(System.Collections.Immutable.ImmutableArray<Instruction> ins, int at, int q, int c)
    {
        bool bitLive = true;
        for (int j = at + 1; j < ins.Length; j++)
        {
            var instr = ins[j];
            if (instr is Conditioned cond)
            {
                bool readsBit = bitLive && cond.Condition.Clbits.Contains(c);
                if (readsBit && (cond.Body is not GateOperation || cond.Body.Qubits.Contains(q)))
                {
                    return false;
                }

                if (cond.Body is Measurement cm && cm.Clbit == c && bitLive)
                {
                    return false;
                }

                if (cond.Body is ReadoutError cre && cre.Clbit == c && bitLive)
                {
                    return false;
                }

                if (!readsBit && cond.Body.Qubits.Contains(q) && !UsesOnlyDiagonally(cond.Body, q))
                {
                    return false;
                }

                continue;
            }

            if (instr is ReadoutError re && re.Clbit == c && bitLive)
            {
                return false; // the recorded bit no longer equals the qubit
            }

            if (instr is Measurement other && other.Clbit == c)
            {
                bitLive = false;
            }

            if (!instr.Qubits.Contains(q))
            {
                continue;
            }

            if (!UsesOnlyDiagonally(instr, q))
            {
                return false;
            }
        }

        return true;
    }

    private static bool UsesOnlyDiagonally(Instruction instr, int q) => instr switch
    {
        Barrier => true,
        Measurement => true,
        GateOperation g => g.Gate.Definition.IsDiagonal || g.Qubits.IndexOf(q) < g.Gate.Definition.NumControls,
        _ => false,
    };
}
