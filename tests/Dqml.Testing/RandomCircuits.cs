using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;

namespace Dqml.Testing;

/// <summary>What <see cref="RandomCircuits"/> may put in a circuit.</summary>
public sealed record RandomCircuitOptions
{
    /// <summary>Gates of <see cref="StandardGates.All"/>.</summary>
    public bool CatalogGates { get; init; } = true;

    /// <summary>Haar-random 1- and 2-qubit <see cref="GateDefinition.Unitary(Complex[,], string, double)"/> gates.</summary>
    public bool RandomUnitaries { get; init; } = true;

    /// <summary>Multi-controlled gates made with <see cref="GateDefinition.Controlled"/>.</summary>
    public bool MultiControlled { get; init; } = true;

    /// <summary>Restricts catalog (and multi-controlled base) gates to this pool; null means all of <see cref="StandardGates.All"/>.</summary>
    public IReadOnlyList<GateDefinition>? CatalogPool { get; init; }

    /// <summary>Largest arity of any generated gate (catalog gates above it are skipped).</summary>
    public int MaxGateQubits { get; init; } = 6;

    /// <summary>Occasional barriers.</summary>
    public bool Barriers { get; init; } = true;

    /// <summary>Mid-circuit measurements.</summary>
    public bool Measurements { get; init; }

    /// <summary>Mid-circuit resets.</summary>
    public bool Resets { get; init; }

    /// <summary>Classically conditioned gates (bit and register conditions).</summary>
    public bool Conditionals { get; init; }

    /// <summary>Conditioned measurements and resets as well as conditioned gates.</summary>
    public bool ConditionalNonUnitary { get; init; }

    /// <summary>Classical bits; negative means "as many as qubits when any non-unitary option is on, else 0".</summary>
    public int NumClbits { get; init; } = -1;

    /// <summary>Probability that a step is a non-unitary instruction (when enabled).</summary>
    public double NonUnitaryRate { get; init; } = 0.25;

    /// <summary>Only unitary gates (the default).</summary>
    public static RandomCircuitOptions Unitary { get; } = new();

    /// <summary>Gates plus measurements, resets and conditionals.</summary>
    public static RandomCircuitOptions MidCircuit { get; } = new() { Measurements = true, Resets = true, Conditionals = true };

    internal bool AnyNonUnitary => Measurements || Resets || Conditionals;
}

/// <summary>A random circuit with symbolic parameters and values for them.</summary>
public sealed record RandomParametrizedCircuit(Circuit Circuit, ParameterValues Values);

/// <summary>Seeded generators of random circuits, unitaries, states and observables.</summary>
public static class RandomCircuits
{
    /// <summary>A random circuit on <paramref name="numQubits"/> qubits with <paramref name="numGates"/> steps.</summary>
    public static Circuit Generate(int numQubits, int numGates, int seed, RandomCircuitOptions? options = null)
        => Generate(numQubits, numGates, new Random(seed), options);

    /// <summary>As <see cref="Generate(int, int, int, RandomCircuitOptions?)"/> from a generator.</summary>
    public static Circuit Generate(int numQubits, int numGates, Random rng, RandomCircuitOptions? options = null)
        => Build(numQubits, numGates, rng, options ?? RandomCircuitOptions.Unitary, null);

    /// <summary>A random circuit whose angles are expressions over symbols, and values for all symbols.</summary>
    public static RandomParametrizedCircuit GenerateParametrized(int numQubits, int numGates, int seed, RandomCircuitOptions? options = null)
    {
        var rng = new Random(seed);
        var values = new ParameterValues();
        var c = Build(numQubits, numGates, rng, options ?? RandomCircuitOptions.Unitary, values);
        return new RandomParametrizedCircuit(c, values);
    }

    private static Circuit Build(int n, int numGates, Random rng, RandomCircuitOptions o, ParameterValues? symbolic)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(numGates);
        int nc = o.NumClbits >= 0 ? o.NumClbits : (o.AnyNonUnitary ? n : 0);
        bool nonUnitary = o.AnyNonUnitary && (nc > 0 || o.Resets);
        var list = new List<Instruction>(numGates);
        int symbolCounter = 0;
        for (int step = 0; step < numGates; step++)
        {
            if (nonUnitary && rng.NextDouble() < o.NonUnitaryRate)
            {
                var ni = NonUnitary(n, nc, rng, o, symbolic, ref symbolCounter);
                if (ni is not null)
                {
                    list.Add(ni);
                    continue;
                }
            }

            if (o.Barriers && rng.NextDouble() < 0.03)
            {
                list.Add(new Barrier([.. Distinct(n, 1 + rng.Next(n), rng)]));
                continue;
            }

            list.Add(RandomGate(n, rng, o, symbolic, ref symbolCounter));
        }

        return new Circuit(n, nc, list);
    }

    private static Instruction? NonUnitary(int n, int nc, Random rng, RandomCircuitOptions o, ParameterValues? symbolic, ref int counter)
    {
        var kinds = new List<int>();
        if (o.Measurements && nc > 0)
        {
            kinds.Add(0);
        }

        if (o.Resets)
        {
            kinds.Add(1);
        }

        if (o.Conditionals && nc > 0)
        {
            kinds.Add(2);
            kinds.Add(2);
        }

        if (kinds.Count == 0)
        {
            return null;
        }

        switch (kinds[rng.Next(kinds.Count)])
        {
            case 0:
                return new Measurement(rng.Next(n), rng.Next(nc));
            case 1:
                return new Reset(rng.Next(n));
            default:
                Condition cond;
                if (rng.Next(2) == 0 || nc > 16)
                {
                    cond = new BitCondition(rng.Next(nc), rng.Next(2) == 1);
                }
                else
                {
                    cond = new RegisterCondition([.. Enumerable.Range(0, nc)], (ulong)rng.NextInt64(1L << nc), "c");
                }

                Instruction body;
                int pick = o.ConditionalNonUnitary ? rng.Next(4) : 0;
                body = pick switch
                {
                    1 => new Measurement(rng.Next(n), rng.Next(nc)),
                    2 => new Reset(rng.Next(n)),
                    _ => RandomGate(n, rng, o, symbolic, ref counter),
                };
                return new Conditioned(cond, body);
        }
    }

    /// <summary>A random gate operation (catalog, Haar-random or multi-controlled).</summary>
    public static GateOperation RandomGate(int n, Random rng, RandomCircuitOptions? options = null)
    {
        int counter = 0;
        return RandomGate(n, rng, options ?? RandomCircuitOptions.Unitary, null, ref counter);
    }

    private static GateOperation RandomGate(int n, Random rng, RandomCircuitOptions o, ParameterValues? symbolic, ref int counter)
    {
        int maxArity = Math.Min(n, o.MaxGateQubits);
        var categories = new List<int>();
        if (o.CatalogGates)
        {
            categories.AddRange([0, 0, 0, 0, 0, 0]);
        }

        if (o.RandomUnitaries)
        {
            categories.Add(1);
        }

        if (o.MultiControlled && maxArity >= 2)
        {
            categories.Add(2);
        }

        if (categories.Count == 0)
        {
            throw new ArgumentException("no gate kind enabled", nameof(o));
        }

        GateDefinition def;
        switch (categories[rng.Next(categories.Count)])
        {
            case 0:
            {
                var pool = (o.CatalogPool ?? StandardGates.All).Where(g => g.NumQubits <= maxArity).ToArray();
                if (pool.Length == 0)
                {
                    pool = [.. StandardGates.All.Where(g => g.NumQubits <= maxArity)];
                }

                def = pool[rng.Next(pool.Length)];
                break;
            }

            case 1:
            {
                int k = maxArity >= 2 && rng.Next(2) == 0 ? 2 : 1;
                def = GateDefinition.Unitary(HaarUnitary(1 << k, rng), $"haar{k}");
                break;
            }

            default:
            {
                var bases = (o.CatalogPool ?? StandardGates.All).Where(g => g.NumQubits < maxArity && g.NumQubits <= 2).ToList();
                bases.Add(GateDefinition.Unitary(HaarUnitary(2, rng), "haar1"));
                var b = bases[rng.Next(bases.Count)];
                int extra = 1 + rng.Next(maxArity - b.NumQubits);
                def = GateDefinition.Controlled(b, extra);
                break;
            }
        }

        var qubits = Distinct(n, def.NumQubits, rng);
        var ps = new ParamExpr[def.NumParameters];
        for (int i = 0; i < ps.Length; i++)
        {
            double v = (rng.NextDouble() * 4 * Math.PI) - (2 * Math.PI);
            ps[i] = symbolic is null ? v : SymbolicAngle(v, rng, symbolic, ref counter);
        }

        return new GateOperation(new Gate(def, [.. ps]), [.. qubits]);
    }

    private static ParamExpr SymbolicAngle(double target, Random rng, ParameterValues values, ref int counter)
    {
        int id = counter++;
        string t = $"theta{id}", x = $"x{id}";
        switch (rng.Next(5))
        {
            case 0:
                values[t] = target;
                return ParamExpr.Trainable(t);
            case 1:
                values[x] = target / 2;
                return 2 * ParamExpr.Input(x);
            case 2:
                values[t] = target - (Math.PI / 2);
                return ParamExpr.Trainable(t) + (ParamExpr.Pi / 2);
            case 3:
                values[x] = (rng.NextDouble() * 2) - 1;
                values[t] = (rng.NextDouble() * 4) - 2;
                return ParamExpr.Input(x) * ParamExpr.Trainable(t);
            default:
                values[t] = (rng.NextDouble() * 4) - 2;
                return ParamExpr.Parse($"3*sin({t}) - {t}^2 / 2");
        }
    }

    /// <summary><paramref name="count"/> distinct random qubits of <paramref name="n"/>, in random order.</summary>
    public static int[] Distinct(int n, int count, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var all = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(all);
        return all[..count];
    }

    /// <summary>A standard complex Gaussian sample (E|z|^2 = 1).</summary>
    public static Complex Gaussian(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        double r = Math.Sqrt(-Math.Log(u1));
        return Complex.FromPolarCoordinates(r, 2 * Math.PI * u2);
    }

    /// <summary>A Haar-random d x d unitary: QR (Gram-Schmidt, positive diagonal R) of a complex Gaussian matrix.</summary>
    public static Complex[,] HaarUnitary(int d, Random rng)
    {
        var m = new Complex[d, d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                m[i, j] = Gaussian(rng);
            }
        }

        // Modified Gram-Schmidt over columns, twice for numerical orthogonality.
        for (int c = 0; c < d; c++)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                for (int p = 0; p < c; p++)
                {
                    Complex dot = Complex.Zero;
                    for (int r = 0; r < d; r++)
                    {
                        dot += Complex.Conjugate(m[r, p]) * m[r, c];
                    }

                    for (int r = 0; r < d; r++)
                    {
                        m[r, c] -= dot * m[r, p];
                    }
                }
            }

            double norm = 0;
            for (int r = 0; r < d; r++)
            {
                norm += m[r, c].Magnitude * m[r, c].Magnitude;
            }

            norm = Math.Sqrt(norm);
            for (int r = 0; r < d; r++)
            {
                m[r, c] /= norm;
            }
        }

        return m;
    }

    /// <summary>A Haar-random normalised state on <paramref name="numQubits"/> qubits.</summary>
    public static Complex[] RandomState(int numQubits, Random rng)
    {
        var v = new Complex[1 << numQubits];
        double norm = 0;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = Gaussian(rng);
            norm += v[i].Magnitude * v[i].Magnitude;
        }

        norm = Math.Sqrt(norm);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] /= norm;
        }

        return v;
    }

    /// <summary>A random Hermitian d x d matrix (A + A^dagger) / 2 with Gaussian A.</summary>
    public static Complex[,] RandomHermitian(int d, Random rng)
    {
        var a = new Complex[d, d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                a[i, j] = Gaussian(rng);
            }
        }

        return DenseMatrix.Scale(DenseMatrix.Add(a, DenseMatrix.Adjoint(a)), 0.5);
    }

    /// <summary>A random Pauli label of length <paramref name="numQubits"/> (Qiskit order).</summary>
    public static string RandomPauliLabel(int numQubits, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        const string letters = "IXYZ";
        var c = new char[numQubits];
        for (int i = 0; i < numQubits; i++)
        {
            c[i] = letters[rng.Next(4)];
        }

        return new string(c);
    }
}
