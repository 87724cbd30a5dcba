using BenchmarkDotNet.Attributes;
using Dqml.Circuits;
using Dqml.Simulation;

namespace Dqml.Benchmarks;

/// <summary>
/// The QCBM (quantum circuit Born machine) benchmark circuit used by Yao.jl and qulacs: RX, RZ on every
/// qubit and a CNOT ring, then 9 x (RZ, RX, RZ on every qubit and a CNOT ring), then RZ, RX on every
/// qubit; run with <see cref="StateVectorSimulator.RunUnitary"/>.
/// </summary>
[MemoryDiagnoser]
public class QcbmBenchmarks
{
    /// <summary>Number of middle layers.</summary>
    public const int MiddleLayers = 9;

    private const double GoldenRatioConjugate = 0.6180339887498949;

    private readonly StateVectorSimulator _simulator = new();
    private Circuit _circuit = null!;

    [Params(12, 16, 20)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _circuit = Build(N);

    [Benchmark]
    public StateVector RunUnitary() => _simulator.RunUnitary(_circuit);

    /// <summary>The QCBM circuit on <paramref name="n"/> qubits with fixed, well-spread angles.</summary>
    public static Circuit Build(int n)
    {
        // Fixed, well-spread angles (golden-ratio sequence): the same circuit on every run.
        int k = 0;
        double Angle() => 2 * Math.PI * ((++k * GoldenRatioConjugate) % 1.0);
        var b = new CircuitBuilder(n);
        for (int q = 0; q < n; q++)
        {
            b.RX(Angle(), q).RZ(Angle(), q);
        }

        Ring(b, n);
        for (int layer = 0; layer < MiddleLayers; layer++)
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

    private static void Ring(CircuitBuilder b, int n)
    {
        for (int q = 0; q < n; q++)
        {
            b.CX(q, (q + 1) % n);
        }
    }
}
