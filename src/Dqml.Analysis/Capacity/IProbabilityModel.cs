namespace Dqml.Analysis.Capacity;

/// <summary>
/// A parametrised model's output distribution p(k | x; theta) over <see cref="OutcomeCount"/> outcomes,
/// with its Jacobian with respect to theta: what Fisher information and effective dimension are computed from.
/// </summary>
/// <remarks>
/// <para>Required: <see cref="Evaluate"/> fills the probabilities and the Jacobian together (gradient
/// methods such as parameter shift or adjoint differentiation produce both in one pass).</para>
/// <para>Contract: <see cref="Evaluate"/> is a pure function of its arguments, keeps no state between
/// calls and is safe to call from several threads at once (the analyses call it in parallel over inputs
/// and parameter samples). Probabilities should sum to 1; they are not renormalised.</para>
/// </remarks>
public interface IProbabilityModel
{
    /// <summary>Number of trainable parameters (the length of theta, and the Fisher matrix's size).</summary>
    int ParameterCount { get; }

    /// <summary>Number of outcomes k (the length of the probability vector).</summary>
    int OutcomeCount { get; }

    /// <summary>Length of one input x (0 for a model without input).</summary>
    int InputDimension { get; }

    /// <summary>
    /// Computes p_k = p(k | x; theta) into <paramref name="probabilities"/> (length <see cref="OutcomeCount"/>)
    /// and dp_k / dtheta_j into <paramref name="jacobian"/>[k * <see cref="ParameterCount"/> + j]
    /// (<see cref="OutcomeCount"/> x <see cref="ParameterCount"/>, row-major).
    /// </summary>
    /// <param name="parameters">theta, length <see cref="ParameterCount"/>.</param>
    /// <param name="input">x, length <see cref="InputDimension"/>.</param>
    /// <param name="probabilities">Output: p_k for every outcome.</param>
    /// <param name="jacobian">Output: the Jacobian, row k = grad_theta p_k.</param>
    void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> probabilities, Span<double> jacobian);
}

/// <summary>
/// A <see cref="IProbabilityModel"/> that evaluates many inputs at one theta faster together than one by
/// one (work shared across inputs, such as Heisenberg-picture operators). The Fisher analyses use it when
/// a model implements it.
/// </summary>
/// <remarks>Contract: the same numbers as calling <see cref="IProbabilityModel.Evaluate"/> per input, for any thread count.</remarks>
public interface IBatchProbabilityModel : IProbabilityModel
{
    /// <summary>
    /// Fills p_k(x_i) into <paramref name="probabilities"/>[i * K + k] and dp_k(x_i)/dtheta_j into
    /// <paramref name="jacobians"/>[(i * K + k) * P + j] for every input.
    /// </summary>
    /// <param name="parameters">theta.</param>
    /// <param name="inputs">The inputs x_i.</param>
    /// <param name="probabilities">Output, inputs x K.</param>
    /// <param name="jacobians">Output, inputs x K x P.</param>
    /// <param name="threads">Worker threads.</param>
    void EvaluateBatch(ReadOnlySpan<double> parameters, IReadOnlyList<double[]> inputs, Span<double> probabilities, Span<double> jacobians, int threads);
}
