namespace Dqml.Learning.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum and Nesterov momentum (PyTorch's formulation):
/// b = mu b + g; update = g + mu b (Nesterov) or b (classical); x -= lr_t update. With mu = 0 it is
/// plain gradient descent.
/// </summary>
public sealed class Sgd : IOptimizer, IStatefulOptimizer
{
    private readonly ILearningRateSchedule _schedule;
    private double[]? _velocity;

    /// <summary>SGD with a constant learning rate.</summary>
    public Sgd(double learningRate, double momentum = 0, bool nesterov = false)
        : this(new ConstantLearningRate(learningRate), momentum, nesterov)
    {
    }

    /// <summary>SGD with a learning-rate schedule.</summary>
    /// <exception cref="ArgumentException">Nesterov without momentum.</exception>
    public Sgd(ILearningRateSchedule schedule, double momentum = 0, bool nesterov = false)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!(momentum >= 0 && momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must lie in [0, 1)");
        }

        if (nesterov && momentum == 0)
        {
            throw new ArgumentException("Nesterov momentum needs a momentum > 0", nameof(nesterov));
        }

        _schedule = schedule;
        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>Momentum coefficient mu.</summary>
    public double Momentum { get; }

    /// <summary>Whether the Nesterov look-ahead is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public string Name => "sgd";

    /// <inheritdoc />
    public int Iteration { get; private set; }

    /// <inheritdoc />
    public void Step(double[] parameters, double[] gradient)
    {
        OptimizerChecks.SameLength(parameters, gradient);
        double lr = _schedule.LearningRate(Iteration);
        Iteration++;
        if (Momentum == 0)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= lr * gradient[i];
            }

            return;
        }

        if (_velocity is null)
        {
            _velocity = (double[])gradient.Clone();
        }
        else if (_velocity.Length != parameters.Length)
        {
            throw new ArgumentException($"the optimizer was used with {_velocity.Length} parameters, now {parameters.Length}; call Reset first", nameof(parameters));
        }
        else
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                _velocity[i] = (Momentum * _velocity[i]) + gradient[i];
            }
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            double update = Nesterov ? gradient[i] + (Momentum * _velocity[i]) : _velocity[i];
            parameters[i] -= lr * update;
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        _velocity = null;
        Iteration = 0;
    }

    /// <summary>The state: the iteration count and the momentum buffer <c>velocity</c> (absent without momentum or before the first step).</summary>
    public OptimizerState ExportState() =>
        new(Name, Iteration, OptimizerStateChecks.Vectors(("velocity", _velocity)), new Dictionary<string, long>());

    /// <inheritdoc />
    public void ImportState(OptimizerState state)
    {
        OptimizerStateChecks.Check(state, Name);
        var velocity = OptimizerStateChecks.FiniteCopy(state, "velocity");
        if (velocity is not null && Momentum == 0)
        {
            throw new ArgumentException("the state has a velocity but this SGD has no momentum", nameof(state));
        }

        _velocity = velocity;
        Iteration = state.Iteration;
    }
}
