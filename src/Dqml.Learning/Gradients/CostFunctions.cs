using Dqml.Circuits;
using Dqml.Distributed;
using Dqml.Simulation;

namespace Dqml.Learning.Gradients;

/// <summary>
/// Executors for <see cref="ParameterShift"/> and <see cref="FiniteDifference"/>: each maps a fully bound
/// circuit (no free symbols) and an observable to the exact expectation, so any execution path plugs in.
/// </summary>
public static class CostFunctions
{
    /// <summary>Tr(rho O) from <paramref name="backend"/>'s exact run (state vector, density matrix with noise, ...).</summary>
    public static Func<Circuit, PauliSum, double> Exact(ISimulatorBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return (circuit, observable) => backend.Run(circuit).Expectation(observable);
    }

    /// <summary>
    /// The expectation from a distributed run: the circuit is placed by <paramref name="assignment"/>
    /// (processor index per logical qubit) on <paramref name="architecture"/> and run under
    /// <paramref name="scheme"/> (e.g. <see cref="Knitting"/>) by <see cref="DistributedRunner"/>. Distributed
    /// runs return logical probabilities, so the observable must be diagonal (I and Z only).
    /// </summary>
    public static Func<Circuit, PauliSum, double> Distributed(Architecture architecture, IReadOnlyList<int> assignment, Scheme scheme, SimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(scheme);
        return (circuit, observable) =>
        {
            CheckDiagonal(observable);
            var result = DistributedRunner.Run(new DistributedCircuit(circuit, architecture, assignment), scheme, options);
            return DiagonalExpectation(result.LogicalProbabilities, observable);
        };
    }

    /// <summary>sum_x p(x) &lt;x|O|x&gt; for an observable of I and Z terms (qubit q is bit q of x).</summary>
    /// <exception cref="ArgumentException">A term has X or Y.</exception>
    public static double DiagonalExpectation(ReadOnlySpan<double> probabilities, PauliSum observable)
    {
        CheckDiagonal(observable);
        double s = 0;
        foreach (var (c, t) in observable.Terms)
        {
            int z = (int)t.ZMask;
            if (t.MaxQubit >= 0 && 1L << (t.MaxQubit + 1) > probabilities.Length)
            {
                throw new ArgumentException($"observable term {t} acts on qubit {t.MaxQubit} beyond the {probabilities.Length} probabilities", nameof(observable));
            }

            double e = 0;
            for (int x = 0; x < probabilities.Length; x++)
            {
                e += (System.Numerics.BitOperations.PopCount((uint)(x & z)) & 1) == 0 ? probabilities[x] : -probabilities[x];
            }

            s += c * e;
        }

        return s;
    }

    private static void CheckDiagonal(PauliSum observable)
    {
        ArgumentNullException.ThrowIfNull(observable);
        foreach (var (_, t) in observable.Terms)
        {
            if (t.XMask != 0)
            {
                throw new ArgumentException($"observable term {t} is not diagonal: a run that returns probabilities only supports I and Z terms", nameof(observable));
            }
        }
    }
}
