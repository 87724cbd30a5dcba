using System.Collections.Immutable;
using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;
using Dqml.Learning.Engine;
using Dqml.Testing;

namespace Dqml.Learning.Tests.Engine;

/// <summary>
/// The Pauli-basis form of a <see cref="ChannelProgram"/> (transfer matrices, the layout plan with its digit
/// swaps, checkpointed channels) against the computational-basis form on random circuits with mid-circuit
/// measurements, resets, conditions, noise and gates on every qubit; derivative maps against central differences.
/// </summary>
public class TransferProgramTests
{
    private static readonly Dictionary<Symbol, int> None = [];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Heisenberg_AndSchrodinger_EqualTheComputationalBasis(int n)
    {
        int checkedCircuits = 0;
        for (int seed = 0; seed < 40 && checkedCircuits < 6; seed++)
        {
            // Every other circuit with classical conditions (the engine rejects some: a condition on a bit whose qubit changed since).
            var options = RandomCircuitOptions.MidCircuit with { MaxGateQubits = n, Conditionals = seed % 2 == 1 };
            var circuit = WithNoise(RandomCircuits.GenerateParametrized(n, 24, 1000 + (31 * n) + seed, options), seed);
            ChannelProgram program;
            try
            {
                program = ChannelProgram.Compile(circuit.Circuit);
            }
            catch (NotSupportedException)
            {
                continue; // A condition the engine rejects: not what this test is about.
            }

            checkedCircuits++;
            var rng = new Random(seed);
            int d = 1 << n;
            var o = ToVec(RandomCircuits.RandomHermitian(d, rng));
            var rho = ToVec(RandomCircuits.RandomHermitian(d, rng));
            var transfer = program.BindTransfer(circuit.Values, None);
            var bound = program.Bind(circuit.Values, None);

            var po = Pauli(o);
            transfer.ApplyHeisenberg(po);
            bound.ApplyHeisenberg(o);
            AssertClose(Pauli(o), po, $"Heisenberg, n = {n}, seed {seed}");

            var pr = Pauli(rho);
            foreach (var op in transfer.Ops)
            {
                op.ApplyForward(pr);
            }

            bound.ApplySchrodinger(rho);
            AssertClose(Pauli(rho), pr, $"Schrodinger, n = {n}, seed {seed}");
        }

        Assert.True(checkedCircuits >= 3, $"only {checkedCircuits} random circuits compiled");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void DerivativeMaps_EqualCentralDifferencesOfTheTransferMatrices(int n)
    {
        var circuit = RandomCircuits.GenerateParametrized(n, 16, 77 + n, RandomCircuitOptions.Unitary with { MaxGateQubits = 2 });
        var program = ChannelProgram.Compile(circuit.Circuit);
        var symbols = program.Symbols(SymbolKind.Trainable).Concat(program.Symbols(SymbolKind.Input)).ToList();
        Assert.NotEmpty(symbols);
        var index = symbols.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var rng = new Random(n);
        int len = 1 << (2 * n);
        var o = Enumerable.Range(0, len).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var r = Enumerable.Range(0, len).Select(_ => rng.NextDouble() - 0.5).ToArray();

        // g_j = sum over the derivative maps of o_k . dT_k r_{k-1}, O and R swept as the engine does.
        var bound = program.BindTransfer(circuit.Values, index);
        var gradient = new double[symbols.Count];
        var ok = (double[])o.Clone();
        bound.ApplyHeisenberg(ok);
        var rk = (double[])r.Clone();
        foreach (var op in bound.Ops)
        {
            op.ApplyForward(ok);
            foreach (var der in op.Derivatives)
            {
                double g = der.Map.Bilinear(ok, rk);
                foreach (var (i, c) in der.Chain)
                {
                    gradient[i] += c * g;
                }
            }

            op.ApplyForward(rk);
        }

        const double h = 1e-5;
        for (int j = 0; j < symbols.Count; j++)
        {
            double F(double delta)
            {
                var values = new ParameterValues();
                foreach (var s in symbols)
                {
                    values[s.Name] = circuit.Values[s.Name] + (s == symbols[j] ? delta : 0);
                }

                var x = (double[])r.Clone();
                foreach (var op in program.BindTransfer(values, None).Ops)
                {
                    op.ApplyForward(x);
                }

                return o.Zip(x, (a, b) => a * b).Sum();
            }

            double fd = (F(h) - F(-h)) / (2 * h);
            Assert.True(Math.Abs(gradient[j] - fd) < 1e-7 * (1 + Math.Abs(fd)), $"d/d{symbols[j].Name}: {gradient[j]:R} vs {fd:R}");
        }
    }

    [Fact]
    public void LayoutPlan_KeepsOperationsOffTheLowestDigit_AndEndsWithTheIdentityLayout()
    {
        // Every qubit, qubit 0 included, gets gates; the plan moves qubit 0's digit away first.
        var b = new CircuitBuilder(4);
        for (int layer = 0; layer < 3; layer++)
        {
            for (int q = 0; q < 4; q++)
            {
                b.RX(0.1 * (q + 1), q);
            }

            b.CX(0, 1).CX(2, 3).CX(1, 2);
        }

        var program = ChannelProgram.Compile(b.Build());
        var bound = program.BindTransfer(new ParameterValues(), None);
        Assert.All(bound.Ops.Where(op => op.SwapSlot < 0), op => Assert.DoesNotContain(0, op.Forward!.Qubits));
        Assert.Contains(bound.Ops, op => op.SwapSlot > 0);

        // The identity layout at the end: the program maps a Pauli string on qubit 3 alone as the circuit does.
        var rho = new Complex[256];
        rho[0] = 1;
        var bp = program.Bind(new ParameterValues(), None);
        bp.ApplySchrodinger(rho);
        var p = Pauli(rho);
        var q0 = new double[256];
        q0[0] = 1.0 / 16;
        q0[3 << 0] = 1.0 / 16;
        q0[3 << 2] = 1.0 / 16;
        q0[3 << 4] = 1.0 / 16;
        q0[3 << 6] = 1.0 / 16;
        q0[(3 << 0) | (3 << 2)] = 1.0 / 16;
        var zero = new double[256];
        PauliBasis.FromDiagonal([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], zero);
        foreach (var op in bound.Ops)
        {
            op.ApplyForward(zero);
        }

        AssertClose(p, zero, "|0000> through the program");
    }

    private static RandomParametrizedCircuit WithNoise(RandomParametrizedCircuit c, int seed)
    {
        var rng = new Random(seed);
        int n = c.Circuit.NumQubits;
        var list = c.Circuit.Instructions.ToList();
        for (int i = 0; i < 3; i++)
        {
            int at = rng.Next(list.Count + 1);
            NoiseChannel channel = i switch
            {
                0 => new AmplitudeDamping(0.2),
                1 => new Depolarizing(0.1),
                _ => n >= 2 ? new Depolarizing(0.05, 2) : new PhaseDamping(0.3),
            };
            var qubits = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(channel.NumQubits).ToImmutableArray();
            list.Insert(at, new NoiseChannelOperation(channel, qubits));
        }

        return c with { Circuit = new Circuit(n, c.Circuit.NumClbits, list) };
    }

    private static Complex[] ToVec(Complex[,] a)
    {
        int d = a.GetLength(0);
        var vec = new Complex[d * d];
        for (int r = 0; r < d; r++)
        {
            for (int c = 0; c < d; c++)
            {
                vec[r + (c * d)] = a[r, c];
            }
        }

        return vec;
    }

    private static double[] Pauli(Complex[] vec)
    {
        var p = new double[vec.Length];
        PauliBasis.FromMatrix(vec, p, new double[vec.Length]);
        return p;
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        double scale = 1 + expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * scale, $"{what}: [{i}] {actual[i]:R} vs {expected[i]:R}");
        }
    }
}
