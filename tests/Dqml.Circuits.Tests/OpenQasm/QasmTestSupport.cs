using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;

namespace Dqml.Circuits.Tests.OpenQasm;

/// <summary>Shared helpers for the OpenQASM tests: data paths, instruction comparison and a tiny exact simulator.</summary>
internal static class QasmTestSupport
{
    public const double ParamTolerance = 1e-12;

    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "data", "qasm");

    public static string DataPath(string name) => Path.Combine(DataDirectory, name);

    public static IEnumerable<string> DataFileNames()
        => Directory.EnumerateFiles(DataDirectory, "*.qasm").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>Asserts the two circuits have the same sizes and instructions (names, qubits, parameter values, conditions).</summary>
    public static void AssertSameInstructions(Circuit expected, Circuit actual)
    {
        Assert.Equal(expected.NumQubits, actual.NumQubits);
        Assert.Equal(expected.NumClbits, actual.NumClbits);
        Assert.Equal(expected.Instructions.Length, actual.Instructions.Length);
        for (int i = 0; i < expected.Instructions.Length; i++)
        {
            AssertSameInstruction(expected.Instructions[i], actual.Instructions[i], i);
        }
    }

    private static void AssertSameInstruction(Instruction e, Instruction a, int index)
    {
        string where = $"instruction {index}: expected {e}, got {a}";
        Assert.True(e.GetType() == a.GetType(), where);
        switch (e)
        {
            case GateOperation ge:
                var ga = (GateOperation)a;
                Assert.True(ge.Gate.Name == ga.Gate.Name, where);
                Assert.True(ge.Qubits.SequenceEqual(ga.Qubits), where);
                double[] pe = ge.Gate.BindParameters(null), pa = ga.Gate.BindParameters(null);
                Assert.True(pe.Length == pa.Length, where);
                for (int j = 0; j < pe.Length; j++)
                {
                    Assert.True(Math.Abs(pe[j] - pa[j]) <= ParamTolerance, $"{where}: parameter {j} {pe[j]} vs {pa[j]}");
                }

                break;
            case Measurement or Reset:
                Assert.True(e.Equals(a), where);
                break;
            case Barrier be:
                Assert.True(be.Qubits.SequenceEqual(((Barrier)a).Qubits), where);
                break;
            case Conditioned ce:
                var ca = (Conditioned)a;
                Assert.True(ce.Condition.Clbits.SequenceEqual(ca.Condition.Clbits), where);
                Assert.True(ce.Condition.Value == ca.Condition.Value, where);
                AssertSameInstruction(ce.Body, ca.Body, index);
                break;
            default:
                Assert.True(e.Equals(a), where);
                break;
        }
    }

    /// <summary>The instructions with trailing measurements and barriers removed.</summary>
    public static List<Instruction> WithoutFinalMeasurements(Circuit c)
    {
        var list = c.Instructions.ToList();
        while (list.Count > 0 && list[^1] is Measurement or Barrier)
        {
            list.RemoveAt(list.Count - 1);
        }

        return list;
    }

    /// <summary>True when, apart from trailing measurements, the circuit is unitary.</summary>
    public static bool IsUnitaryUpToFinalMeasurements(Circuit c)
        => WithoutFinalMeasurements(c).All(i => i is GateOperation or Barrier);

    /// <summary>The unitary of the circuit's gates (trailing measurements dropped), by MatrixMath.Compose.</summary>
    public static Complex[] Unitary(Circuit c)
        => MatrixMath.Compose(c.NumQubits, WithoutFinalMeasurements(c).OfType<GateOperation>().Select(g => (g.Gate.Matrix(), g.Qubits.ToArray())));

    public static void AssertMatricesEqual(Complex[] expected, Complex[] actual, double tol = 1e-10)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True((expected[i] - actual[i]).Magnitude <= tol, $"entry {i}: {expected[i]} vs {actual[i]}");
        }
    }

    /// <summary>Asserts a == e^{i phi} b for some phase.</summary>
    public static void AssertEqualUpToPhase(Complex[] expected, Complex[] actual, double tol = 1e-10)
    {
        Assert.Equal(expected.Length, actual.Length);
        int k = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i].Magnitude > expected[k].Magnitude)
            {
                k = i;
            }
        }

        Complex phase = actual[k] / expected[k];
        Assert.True(Math.Abs(phase.Magnitude - 1) < tol, $"not equal up to a phase: |ratio| = {phase.Magnitude}");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True((expected[i] * phase - actual[i]).Magnitude <= tol, $"entry {i}: {expected[i] * phase} vs {actual[i]}");
        }
    }

    /// <summary>The state after the unitary part of a circuit (trailing measurements dropped), from |0...0&gt;.</summary>
    public static Complex[] FinalState(Circuit c)
    {
        var state = new Complex[1 << c.NumQubits];
        state[0] = 1;
        foreach (var i in WithoutFinalMeasurements(c))
        {
            if (i is GateOperation g)
            {
                Apply(state, g);
            }
            else if (i is not Barrier)
            {
                throw new InvalidOperationException($"not unitary: {i}");
            }
        }

        return state;
    }

    /// <summary>
    /// Exact outcome distribution of the classical register (keys: clbit 0 rightmost), enumerating every
    /// measurement and reset branch. For small circuits only.
    /// </summary>
    public static Dictionary<string, double> Distribution(Circuit c)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var state = new Complex[1 << c.NumQubits];
        state[0] = 1;
        Run(c, 0, state, new bool[c.NumClbits], 1.0, result);
        return result;
    }

    private static void Run(Circuit c, int index, Complex[] state, bool[] bits, double prob, Dictionary<string, double> result)
    {
        for (int i = index; i < c.Instructions.Length; i++)
        {
            var instr = c.Instructions[i];
            if (instr is Conditioned cond)
            {
                if (!cond.Condition.IsSatisfied(bits))
                {
                    continue;
                }

                instr = cond.Body;
            }

            switch (instr)
            {
                case GateOperation g:
                    Apply(state, g);
                    break;
                case Barrier:
                    break;
                case Measurement or Reset:
                    int q = instr is Measurement m ? m.Qubit : ((Reset)instr).Qubit;
                    for (int outcome = 0; outcome <= 1; outcome++)
                    {
                        var branch = Project(state, q, outcome, out double p);
                        if (p < 1e-14)
                        {
                            continue;
                        }

                        var bitsCopy = (bool[])bits.Clone();
                        if (instr is Measurement mm)
                        {
                            bitsCopy[mm.Clbit] = outcome == 1;
                        }
                        else if (outcome == 1)
                        {
                            Apply(branch, new GateOperation(new Gate(StandardGates.X), [q]));
                        }

                        Run(c, i + 1, branch, bitsCopy, prob * p, result);
                    }

                    return;
                default:
                    throw new InvalidOperationException($"cannot simulate {instr}");
            }
        }

        var key = new string([.. Enumerable.Range(0, bits.Length).Reverse().Select(b => bits[b] ? '1' : '0')]);
        result[key] = result.GetValueOrDefault(key) + prob;
    }

    private static Complex[] Project(Complex[] state, int qubit, int outcome, out double p)
    {
        var r = new Complex[state.Length];
        p = 0;
        for (int i = 0; i < state.Length; i++)
        {
            if (((i >> qubit) & 1) == outcome)
            {
                r[i] = state[i];
                p += state[i].Magnitude * state[i].Magnitude;
            }
        }

        if (p > 0)
        {
            double norm = 1 / Math.Sqrt(p);
            for (int i = 0; i < r.Length; i++)
            {
                r[i] *= norm;
            }
        }

        return r;
    }

    /// <summary>Applies a gate to a state vector in place (little-endian: qubit 0 is bit 0).</summary>
    public static void Apply(Complex[] state, GateOperation g)
    {
        var m = g.Gate.Matrix();
        var qs = g.Qubits;
        int k = qs.Length, dk = 1 << k;
        int mask = 0;
        foreach (int q in qs)
        {
            mask |= 1 << q;
        }

        var idx = new int[dk];
        var v = new Complex[dk];
        for (int b = 0; b < state.Length; b++)
        {
            if ((b & mask) != 0)
            {
                continue;
            }

            for (int l = 0; l < dk; l++)
            {
                int x = b;
                for (int j = 0; j < k; j++)
                {
                    x |= ((l >> j) & 1) << qs[j];
                }

                idx[l] = x;
                v[l] = state[x];
            }

            for (int r = 0; r < dk; r++)
            {
                Complex s = 0;
                for (int col = 0; col < dk; col++)
                {
                    s += m[(r * dk) + col] * v[col];
                }

                state[idx[r]] = s;
            }
        }
    }
}
