using Dqml.Learning.Data;
using Dqml.Simulation;
using MathNet.Numerics.LinearAlgebra;

namespace Dqml.Learning.Baselines;

/// <summary>How <see cref="LogisticRegression"/> is fitted.</summary>
public enum LogisticSolver
{
    /// <summary>Newton's method (iteratively reweighted least squares) with a backtracking line search. Deterministic.</summary>
    Newton,

    /// <summary>Full-batch gradient descent from a small seeded random start.</summary>
    GradientDescent,
}

/// <summary>Options of <see cref="LogisticRegression.Fit"/>.</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>Solver (default Newton).</summary>
    public LogisticSolver Solver { get; init; } = LogisticSolver.Newton;

    /// <summary>
    /// L2 penalty λ: the objective is mean log-loss + (λ/2)·‖w‖² (the bias is not penalised). Default 1e-4, which keeps
    /// the weights finite on separable data.
    /// </summary>
    public double L2 { get; init; } = 1e-4;

    /// <summary>Iteration cap (default 100 Newton steps; use thousands for gradient descent).</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Gradient-descent step size (default 0.5).</summary>
    public double LearningRate { get; init; } = 0.5;

    /// <summary>Stop when the gradient's largest component falls below this (default 1e-9).</summary>
    public double Tolerance { get; init; } = 1e-9;
}

/// <summary>
/// Binary logistic regression p(positive | x) = σ(w·x + b). Labels may be any two integers; the larger is the
/// positive class. Parameter count d + 1.
/// </summary>
public sealed class LogisticRegression : IBinaryClassifier
{
    private readonly double[] _weights;

    private LogisticRegression(double[] weights, double bias, int negative, int positive, int iterations, bool converged)
    {
        _weights = weights;
        Bias = bias;
        NegativeClass = negative;
        PositiveClass = positive;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Feature weights w.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Bias b.</summary>
    public double Bias { get; }

    /// <inheritdoc/>
    public int NegativeClass { get; }

    /// <inheritdoc/>
    public int PositiveClass { get; }

    /// <summary>Iterations run.</summary>
    public int Iterations { get; }

    /// <summary>Whether the gradient tolerance was reached before the iteration cap.</summary>
    public bool Converged { get; }

    /// <inheritdoc/>
    public int InputDimension => _weights.Length;

    /// <inheritdoc/>
    public int ParameterCount => _weights.Length + 1;

    /// <summary>
    /// Fits on <paramref name="train"/>, which must have exactly two classes. The seed sets the gradient-descent start;
    /// Newton starts from zero and does not use it.
    /// </summary>
    public static LogisticRegression Fit(Dataset train, ulong seed, LogisticRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new LogisticRegressionOptions();
        if (!(options.L2 >= 0) || options.MaxIterations < 0 || !(options.LearningRate > 0) || !(options.Tolerance >= 0))
        {
            throw new ArgumentException("Need L2 ≥ 0, MaxIterations ≥ 0, LearningRate > 0 and Tolerance ≥ 0.", nameof(options));
        }

        var (negative, positive) = DataChecks.RequireBinary(train);
        var y01 = Classifiers.SignedTargets(train, positive).Select(t => t > 0 ? 1.0 : 0.0).ToArray();
        var problem = new Problem(train, y01, options.L2);
        int d = train.Dimension;
        var theta = new double[d + 1]; // weights then bias
        if (options.Solver == LogisticSolver.GradientDescent)
        {
            var random = new DeterministicRandom(seed);
            for (int k = 0; k < d; k++)
            {
                theta[k] = 0.01 * RandomSampling.NextGaussian(random);
            }
        }

        int iterations = 0;
        bool converged = false;
        var gradient = new double[d + 1];
        while (true)
        {
            problem.Gradient(theta, gradient);
            if (gradient.Max(Math.Abs) <= options.Tolerance)
            {
                converged = true;
                break;
            }

            if (iterations == options.MaxIterations)
            {
                break;
            }

            iterations++;
            if (options.Solver == LogisticSolver.GradientDescent)
            {
                for (int k = 0; k <= d; k++)
                {
                    theta[k] -= options.LearningRate * gradient[k];
                }
            }
            else
            {
                NewtonStep(problem, theta, gradient);
            }
        }

        return new LogisticRegression(theta[..d], theta[d], negative, positive, iterations, converged);
    }

    /// <inheritdoc/>
    public double DecisionFunction(ReadOnlySpan<double> features)
    {
        Classifiers.CheckInput(InputDimension, features);
        double z = Bias;
        for (int k = 0; k < features.Length; k++)
        {
            z += _weights[k] * features[k];
        }

        return z;
    }

    /// <summary>Probability of <see cref="PositiveClass"/>.</summary>
    public double Probability(ReadOnlySpan<double> features) => Sigmoid(DecisionFunction(features));

    /// <inheritdoc/>
    public int Predict(ReadOnlySpan<double> features) => DecisionFunction(features) > 0 ? PositiveClass : NegativeClass;

    /// <inheritdoc/>
    public double Accuracy(Dataset dataset) => Classifiers.Accuracy(this, dataset);

    internal static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static void NewtonStep(Problem problem, double[] theta, double[] gradient)
    {
        int p = theta.Length;
        var hessian = problem.Hessian(theta);
        var g = Vector<double>.Build.DenseOfArray(gradient);
        Vector<double>? step = null;
        double jitter = 1e-10 * Math.Max(1, hessian.Diagonal().AbsoluteMaximum());
        for (int attempt = 0; attempt < 12 && step is null; attempt++, jitter *= 100)
        {
            var h = hessian + (Matrix<double>.Build.DenseIdentity(p) * jitter);
            try
            {
                step = h.Cholesky().Solve(g);
            }
            catch (ArgumentException)
            {
                // Not positive definite at this jitter: try a larger one.
            }
        }

        step ??= g; // fall back to a gradient step

        // Backtracking (Armijo) line search on the objective.
        double f0 = problem.Objective(theta);
        double slope = -g.DotProduct(step);
        var trial = new double[p];
        for (double t = 1; t > 1e-12; t *= 0.5)
        {
            for (int k = 0; k < p; k++)
            {
                trial[k] = theta[k] - (t * step[k]);
            }

            if (problem.Objective(trial) <= f0 + (1e-4 * t * slope))
            {
                break;
            }
        }

        trial.CopyTo(theta, 0);
    }

    private sealed class Problem(Dataset data, double[] y, double l2)
    {
        private readonly int _d = data.Dimension;

        public double Objective(double[] theta)
        {
            double loss = 0;
            for (int i = 0; i < data.Count; i++)
            {
                double z = Score(theta, i);

                // −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(z) − y z, computed stably.
                loss += Softplus(z) - (y[i] * z);
            }

            double penalty = 0;
            for (int k = 0; k < _d; k++)
            {
                penalty += theta[k] * theta[k];
            }

            return (loss / data.Count) + (0.5 * l2 * penalty);
        }

        public void Gradient(double[] theta, double[] gradient)
        {
            Array.Clear(gradient);
            for (int i = 0; i < data.Count; i++)
            {
                double r = Sigmoid(Score(theta, i)) - y[i];
                var x = data.Row(i);
                for (int k = 0; k < _d; k++)
                {
                    gradient[k] += r * x[k];
                }

                gradient[_d] += r;
            }

            for (int k = 0; k <= _d; k++)
            {
                gradient[k] /= data.Count;
            }

            for (int k = 0; k < _d; k++)
            {
                gradient[k] += l2 * theta[k];
            }
        }

        public Matrix<double> Hessian(double[] theta)
        {
            int p = _d + 1;
            var h = new double[p, p];
            var row = new double[p];
            for (int i = 0; i < data.Count; i++)
            {
                double s = Sigmoid(Score(theta, i));
                double w = s * (1 - s);
                data.Row(i).CopyTo(row);
                row[_d] = 1;
                for (int a = 0; a < p; a++)
                {
                    double wa = w * row[a];
                    for (int b = a; b < p; b++)
                    {
                        h[a, b] += wa * row[b];
                    }
                }
            }

            for (int a = 0; a < p; a++)
            {
                for (int b = a; b < p; b++)
                {
                    h[a, b] /= data.Count;
                    h[b, a] = h[a, b];
                }
            }

            for (int k = 0; k < _d; k++)
            {
                h[k, k] += l2;
            }

            return Matrix<double>.Build.DenseOfArray(h);
        }

        private double Score(double[] theta, int i)
        {
            var x = data.Row(i);
            double z = theta[_d];
            for (int k = 0; k < _d; k++)
            {
                z += theta[k] * x[k];
            }

            return z;
        }

        private static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));
    }
}
