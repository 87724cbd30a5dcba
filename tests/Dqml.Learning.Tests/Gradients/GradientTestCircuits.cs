using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;

namespace Dqml.Learning.Tests.Gradients;

/// <summary>A parametrized test circuit, the trainable symbols to differentiate and values for every symbol.</summary>
internal sealed record ParametrizedCase(Circuit Circuit, Symbol[] Trainables, Symbol[] Inputs, ParameterValues Values, PauliSum Observable);

/// <summary>Seeded random parametrized circuits for the gradient tests.</summary>
internal static class GradientTestCircuits
{
    private static readonly GateDefinition[] OneQubit = [StandardGates.RX, StandardGates.RY, StandardGates.RZ, StandardGates.U3];
    private static readonly GateDefinition[] TwoQubit = [StandardGates.CRX, StandardGates.CRY, StandardGates.CRZ, StandardGates.CP, StandardGates.RXX, StandardGates.RZZ];
    private static readonly GateDefinition[] Fixed = [StandardGates.H, StandardGates.S, StandardGates.T, StandardGates.SX, StandardGates.CX, StandardGates.CZ];

    /// <summary>
    /// Random circuit on <paramref name="numQubits"/> qubits: rx/ry/rz/u3/crx/cry/crz/cp/rxx/rzz with
    /// parameters that are symbols, affine forms <c>2*x0 + theta</c>, products <c>theta_a*theta_b</c> and
    /// <c>sin(x1)*theta</c>, plus fixed gates; theta0 is used at least twice.
    /// </summary>
    public static ParametrizedCase Random(int seed, int numQubits = 4, int gates = 30, int numTrainables = 6)
    {
        var rng = new DeterministicRandom((ulong)seed);
        var thetas = Enumerable.Range(0, numTrainables).Select(i => new Symbol($"theta{i}", SymbolKind.Trainable)).ToArray();
        var inputs = new[] { new Symbol("x0", SymbolKind.Input), new Symbol("x1", SymbolKind.Input) };
        ParamExpr T(int i) => new SymbolExpr(thetas[i]);
        ParamExpr X(int i) => new SymbolExpr(inputs[i]);

        ParamExpr RandomExpr()
        {
            int a = rng.NextInt(numTrainables), b = rng.NextInt(numTrainables);
            return rng.NextInt(5) switch
            {
                0 => (2.0 * X(0)) + T(a),
                1 => T(a) * T(b),
                2 => new FunctionExpr(MathFunction.Sin, X(1)) * T(a),
                3 => T(a) - 0.5,
                _ => T(a),
            };
        }

        var builder = new CircuitBuilder(numQubits);
        builder.RY(T(0), 0).RX((2.0 * X(0)) + T(1), 1 % numQubits).H(numQubits - 1);
        for (int i = 0; i < gates; i++)
        {
            int kind = rng.NextInt(10);
            int q0 = rng.NextInt(numQubits), q1 = (q0 + 1 + rng.NextInt(numQubits - 1)) % numQubits;
            if (kind < 4)
            {
                var g = OneQubit[rng.NextInt(OneQubit.Length)];
                var ps = Enumerable.Range(0, g.NumParameters).Select(_ => RandomExpr()).ToArray();
                builder.Gate(g, [q0], ps);
            }
            else if (kind < 8)
            {
                builder.Gate(TwoQubit[rng.NextInt(TwoQubit.Length)], [q0, q1], RandomExpr());
            }
            else
            {
                var g = Fixed[rng.NextInt(Fixed.Length)];
                if (g.NumQubits == 1)
                {
                    builder.Gate(g, [q0]);
                }
                else
                {
                    builder.Gate(g, [q0, q1]);
                }
            }
        }

        builder.RZ(T(0), 0).CRX(T(0) * T(numTrainables - 1), numQubits - 1, 0);

        var values = new ParameterValues();
        foreach (var s in thetas.Concat(inputs))
        {
            values[s.Name] = (rng.NextDouble() * 4) - 2;
        }

        return new ParametrizedCase(builder.Build(), thetas, inputs, values, RandomObservable(rng, numQubits));
    }

    /// <summary>A sum of three random non-identity Pauli strings with random coefficients, plus a constant.</summary>
    public static PauliSum RandomObservable(DeterministicRandom rng, int numQubits)
    {
        var terms = new List<(double, PauliString)> { (0.25, PauliString.Identity) };
        for (int t = 0; t < 3; t++)
        {
            ulong x = 0, z = 0;
            while (x == 0 && z == 0)
            {
                for (int q = 0; q < numQubits; q++)
                {
                    int p = rng.NextInt(4);
                    x |= (ulong)(p is 1 or 2 ? 1 : 0) << q;
                    z |= (ulong)(p is 2 or 3 ? 1 : 0) << q;
                }
            }

            terms.Add(((rng.NextDouble() * 2) - 1, new PauliString(x, z)));
        }

        return new PauliSum(terms);
    }
}
