using Dqml.Circuits;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;

namespace Dqml.Simulation.Benchmarks;

/// <summary>
/// The benchmark circuits, defined once for <c>dqml bench</c> and the BenchmarkDotNet suite
/// (bench/Dqml.Benchmarks), so both measure the same work. Angles are fixed numbers, not random.
/// </summary>
public static class Workloads
{
    /// <summary>
    /// The QCBM circuit (G2): RX, RZ on every qubit, a CNOT ring, then 9 x (RZ, RX, RZ on every qubit and a
    /// CNOT ring), then RZ, RX on every qubit: 41 n gates.
    /// </summary>
    public static Circuit Qcbm(int n)
    {
        var b = new CircuitBuilder(n);
        int k = 0;
        double Angle() => 0.1 + (0.37 * k++ % 3.0);
        for (int q = 0; q < n; q++)
        {
            b.RX(Angle(), q).RZ(Angle(), q);
        }

        Ring(b, n);
        for (int layer = 0; layer < 9; layer++)
        {
            for (int q = 0; q < n; q++)
            {
                b.RZ(Angle(), q).RX(Angle(), q).RZ(Angle(), q);
            }

            Ring(b, n);
        }

        for (int q = 0; q < n; q++)
        {
            b.RZ(Angle(), q).RX(Angle(), q);
        }

        return b.Build();
    }

    /// <summary>
    /// The density-matrix benchmark: <paramref name="layers"/> x (RX and RZ on every qubit, a CNOT ring,
    /// depolarizing with Pauli error probability <paramref name="p"/> on every qubit).
    /// </summary>
    public static Circuit NoisyLayers(int n, int layers = 10, double p = 0.01)
    {
        var b = new CircuitBuilder(n);
        var channel = new Depolarizing(p);
        for (int l = 0; l < layers; l++)
        {
            for (int q = 0; q < n; q++)
            {
                b.RX(0.1 * (q + 1), q).RZ(0.2 * (l + 1), q);
            }

            Ring(b, n);
            for (int q = 0; q < n; q++)
            {
                b.Noise(channel, q);
            }
        }

        return b.Build();
    }

    /// <summary>
    /// The mid-circuit measurement benchmark (M1): H and RY on every qubit, then measure and reset every
    /// qubit, with a CNOT ring in between so the state stays entangled.
    /// </summary>
    public static Circuit MeasureReset(int n)
    {
        var b = new CircuitBuilder(n, n);
        for (int q = 0; q < n; q++)
        {
            b.H(q).RY(0.3 + (0.1 * q), q);
        }

        Ring(b, n);
        for (int q = 0; q < n; q++)
        {
            b.Measure(q, q).Reset(q);
        }

        return b.Build();
    }

    /// <summary>
    /// The batch benchmark's circuit: <paramref name="layers"/> x (RX(t), RZ(t) on every qubit with their own trainable
    /// symbols t0, t1, ..., then a CNOT ring); 2 n layers parameters.
    /// </summary>
    public static Circuit TrainableLayers(int n, int layers = 10)
    {
        var b = new CircuitBuilder(n);
        int k = 0;
        for (int l = 0; l < layers; l++)
        {
            for (int q = 0; q < n; q++)
            {
                b.RX(ParamExpr.Trainable($"t{k++}"), q).RZ(ParamExpr.Trainable($"t{k++}"), q);
            }

            Ring(b, n);
        }

        return b.Build();
    }

    /// <summary><paramref name="count"/> bindings of every symbol of <paramref name="circuit"/> to fixed pseudo-random angles in [0, 2 pi).</summary>
    public static IReadOnlyList<IParameterSource?> Bindings(Circuit circuit, int count, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var rng = new DeterministicRandom((ulong)seed);
        var list = new List<IParameterSource?>(count);
        for (int s = 0; s < count; s++)
        {
            list.Add(new ParameterValues(circuit.Symbols.Select(x => new KeyValuePair<string, double>(x.Name, 2 * Math.PI * rng.NextDouble()))));
        }

        return list;
    }

    private static void Ring(CircuitBuilder b, int n)
    {
        if (n < 2)
        {
            return;
        }

        for (int q = 0; q < n; q++)
        {
            b.CX(q, (q + 1) % n);
        }
    }
}
