namespace Dqml.Learning.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, arXiv:1412.6980): m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
/// x -= lr_t m_hat / (sqrt(v_hat) + eps) with the bias corrections m_hat = m / (1 - b1^t),
/// v_hat = v / (1 - b2^t). The first step is therefore lr g / (|g| + eps), about lr sign(g).
/// </summary>
public sealed class Adam : IOptimizer, IStatefulOptimizer
{
    private readonly ILearningRateSchedule _schedule;
    private double[]? _m;
    private double[]? _v;

    /// <summary>Adam with a constant learning rate.</summary>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : this(new ConstantLearningRate(learningRate), beta1, beta2, epsilon)
    {
    }

    /// <summary>Adam with a learning-rate schedule.</summary>
    public Adam(ILearningRateSchedule schedule, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!(beta1 >= 0 && beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must lie in [0, 1)");
        }

        if (!(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must lie in [0, 1)");
        }

        OptimizerChecks.Positive(epsilon, nameof(epsilon));
        _schedule = schedule;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>Denominator offset.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public string Name => "adam";

    /// <inheritdoc />
    public int Iteration { get; private set; }

    /// <inheritdoc />
    public void Step(double[] parameters, double[] gradient)
    {
        OptimizerChecks.SameLength(parameters, gradient);
        if (_m is null || _m.Length != parameters.Length)
        {
            if (_m is not null)
            {
                throw new ArgumentException($"the optimizer was used with {_m.Length} parameters, now {parameters.Length}; call Reset first", nameof(parameters));
            }

            _m = new double[parameters.Length];
            _v = new double[parameters.Length];
        }

        double lr = _schedule.LearningRate(Iteration);
        Iteration++;
        double c1 = 1 - Math.Pow(Beta1, Iteration), c2 = 1 - Math.Pow(Beta2, Iteration);
        var m = _m;
        var v = _v!;
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            m[i] = (Beta1 * m[i]) + ((1 - Beta1) * g);
            v[i] = (Beta2 * v[i]) + ((1 - Beta2) * g * g);
            parameters[i] -= lr * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + Epsilon);
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        _m = null;
        _v = null;
        Iteration = 0;
    }

    /// <summary>The state: the iteration count t and the moment vectors <c>m</c> and <c>v</c> (absent before the first step).</summary>
    public OptimizerState ExportState() =>
        new(Name, Iteration, OptimizerStateChecks.Vectors(("m", _m), ("v", _v)), new Dictionary<string, long>());

    /// <inheritdoc />
    public void ImportState(OptimizerState state)
    {
        OptimizerStateChecks.Check(state, Name);
        var m = OptimizerStateChecks.FiniteCopy(state, "m");
        var v = OptimizerStateChecks.FiniteCopy(state, "v");
        if ((m is null) != (v is null) || (m is not null && m.Length != v!.Length))
        {
            throw new ArgumentException("the Adam state needs both moment vectors m and v, of the same length, or neither", nameof(state));
        }

        if (v is not null && v.Any(x => x < 0))
        {
            throw new ArgumentException("the Adam second moment v must be non-negative", nameof(state));
        }

        _m = m;
        _v = v;
        Iteration = state.Iteration;
    }
}
