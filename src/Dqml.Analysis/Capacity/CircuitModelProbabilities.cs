using Dqml.Learning.Models;

namespace Dqml.Analysis.Capacity;

/// <summary>
/// A <see cref="CircuitModel"/> (a QCNN, any distribution scheme) as a probability model for Fisher
/// information and effective dimension: the outputs are the 2^m joint outcomes of its readout qubits,
/// the parameters its circuit parameters (the readout's interpret weights do not change the outcome
/// distribution and are left out).
/// </summary>
/// <remarks>
/// Jacobians come from <see cref="CircuitModel.OutcomeJacobians"/>: pure-state adjoint differentiation
/// where every mid-circuit measurement can be deferred (single processor, NC, QC, knitting, pure Bell
/// pairs), the exact density-matrix method otherwise (the true-LOCC classical-communication scheme,
/// Werner pairs, noise). Inputs are feature rows, or encoded pure states (<see cref="FisherInputs.HaarStates"/>)
/// that replace the model's initial ensemble and embedding.
/// </remarks>
/// <param name="model">The circuit model.</param>
/// <param name="inputKind">Feature rows or encoded states.</param>
/// <param name="method">Jacobian method (automatic by default).</param>
public sealed class CircuitModelProbabilities(CircuitModel model, OutcomeInputKind inputKind = OutcomeInputKind.Features, OutcomeJacobianMethod method = OutcomeJacobianMethod.Auto) : IBatchProbabilityModel
{
    private readonly CircuitModel _model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>The wrapped model.</summary>
    public CircuitModel Model => _model;

    /// <summary>What the inputs are.</summary>
    public OutcomeInputKind InputKind { get; } = inputKind;

    /// <summary>The Jacobian method.</summary>
    public OutcomeJacobianMethod Method { get; } = method;

    /// <inheritdoc/>
    public int ParameterCount => _model.CircuitParameterCount;

    /// <inheritdoc/>
    public int OutcomeCount => _model.OutcomeCount;

    /// <inheritdoc/>
    public int InputDimension => InputKind == OutcomeInputKind.Features ? _model.FeatureCount : 2 << _model.NumQubits;

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> probabilities, Span<double> jacobian)
        => _model.OutcomeJacobians(parameters, [input.ToArray()], InputKind, probabilities, jacobian, 1, Method);

    /// <inheritdoc/>
    public void EvaluateBatch(ReadOnlySpan<double> parameters, IReadOnlyList<double[]> inputs, Span<double> probabilities, Span<double> jacobians, int threads)
        => _model.OutcomeJacobians(parameters, inputs, InputKind, probabilities, jacobians, threads, Method);
}
