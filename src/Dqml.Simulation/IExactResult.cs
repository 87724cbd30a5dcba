using System.Numerics;

namespace Dqml.Simulation;

/// <summary>
/// The exact output of a circuit run, whatever the backend: the final (possibly mixed) quantum state
/// averaged over all measurement outcomes, and the classical register distribution. The state-vector
/// backend (<see cref="ExactResult"/>) and the density-matrix backend (<see cref="DensityMatrixResult"/>)
/// both implement it, and one conformance suite checks them against each other.
/// </summary>
public interface IExactResult
{
    /// <summary>Number of qubits.</summary>
    int NumQubits { get; }

    /// <summary>Probabilities of the 2^n basis states (qubit 0 least significant).</summary>
    double[] Probabilities();

    /// <summary>Tr(rho P).</summary>
    double Expectation(PauliString p);

    /// <summary>Tr(rho H) for a weighted Pauli sum.</summary>
    double Expectation(PauliSum observable);

    /// <summary>Partial trace keeping <paramref name="qubits"/> (qubits[0] the least significant local bit).</summary>
    Complex[,] ReducedDensityMatrix(ReadOnlySpan<int> qubits);

    /// <summary>Distribution of the classical register, keyed as counts (Qiskit order).</summary>
    IReadOnlyDictionary<string, double> ClassicalDistribution();

    /// <summary>Purity Tr(rho^2) of the final quantum state.</summary>
    double Purity();
}

/// <summary>A simulation backend: exact runs and seeded sampling of the same circuits.</summary>
public interface ISimulatorBackend
{
    /// <summary>Backend name as the command line spells it ("statevector", "density-matrix").</summary>
    string Name { get; }

    /// <summary>The exact output.</summary>
    IExactResult Run(Dqml.Circuits.Circuit circuit, Dqml.Circuits.Parameters.IParameterSource? parameters = null);

    /// <summary>Seeded shots.</summary>
    SampleResult Sample(Dqml.Circuits.Circuit circuit, int shots, ulong seed, Dqml.Circuits.Parameters.IParameterSource? parameters = null);
}
