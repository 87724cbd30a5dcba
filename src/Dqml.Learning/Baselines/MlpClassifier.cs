using Dqml.Learning.Data;
using Dqml.Simulation;

namespace Dqml.Learning.Baselines;

/// <summary>Training loss of <see cref="MlpClassifier"/>.</summary>
public enum MlpLoss
{
    /// <summary>Mean squared error between a tanh output and ±1 targets (the loss Hwang et al. train with).</summary>
    MeanSquaredError,

    /// <summary>Binary cross-entropy of a sigmoid output.</summary>
    CrossEntropy,
}

/// <summary>Options of <see cref="MlpClassifier.Fit"/>.</summary>
public sealed record MlpOptions
{
    /// <summary>Hidden units (default 16: an 8-16-1 network has 161 parameters).</summary>
    public int HiddenUnits { get; init; } = 16;

    /// <summary>Loss (default mean squared error against ±1).</summary>
    public MlpLoss Loss { get; init; } = MlpLoss.MeanSquaredError;

    /// <summary>Adam step size (default 0.01).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Passes over the training set (default 300).</summary>
    public int Epochs { get; init; } = 300;

    /// <summary>Mini-batch size (default 32; the last batch of an epoch may be smaller). Rows are reshuffled every epoch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam β₁ (default 0.9).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam β₂ (default 0.999).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam ε (default 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>L2 weight decay added to the loss as (λ/2)·‖W‖² over the weight matrices (default 0).</summary>
    public double L2 { get; init; }
}

/// <summary>
/// A one-hidden-layer perceptron d → h (tanh) → 1 for two classes, trained with Adam on mini-batches. Weights start
/// Glorot-uniform from the seed, biases at zero; the same seed gives the same network. With MSE the output is
/// tanh(z) against ±1 targets, with cross-entropy σ(z); either way z &gt; 0 predicts the positive (larger) label.
/// Parameter count <c>d·h + h + h + 1</c>.
/// </summary>
public sealed class MlpClassifier : IBinaryClassifier
{
    private readonly double[] _w1; // h × d, row-major
    private readonly double[] _b1;
    private readonly double[] _w2;
    private readonly double[] _lossHistory;

    private MlpClassifier(int d, int h, double[] w1, double[] b1, double[] w2, double b2, MlpLoss loss, int negative, int positive, double[] history)
    {
        InputDimension = d;
        HiddenUnits = h;
        _w1 = w1;
        _b1 = b1;
        _w2 = w2;
        OutputBias = b2;
        Loss = loss;
        NegativeClass = negative;
        PositiveClass = positive;
        _lossHistory = history;
    }

    /// <inheritdoc/>
    public int InputDimension { get; }

    /// <summary>Hidden units.</summary>
    public int HiddenUnits { get; }

    /// <summary>Output bias.</summary>
    public double OutputBias { get; }

    /// <summary>The loss trained on.</summary>
    public MlpLoss Loss { get; }

    /// <inheritdoc/>
    public int NegativeClass { get; }

    /// <inheritdoc/>
    public int PositiveClass { get; }

    /// <inheritdoc/>
    public int ParameterCount => ParameterCountFor(InputDimension, HiddenUnits);

    /// <summary>Mean training loss of each epoch (measured on the mini-batches as they were trained).</summary>
    public IReadOnlyList<double> LossHistory => _lossHistory;

    /// <summary>Parameters of a d-h-1 network: <c>d·h + h + h + 1</c>.</summary>
    public static int ParameterCountFor(int inputDimension, int hiddenUnits) => (inputDimension * hiddenUnits) + (2 * hiddenUnits) + 1;

    /// <summary>Trains on <paramref name="train"/>, which must have exactly two classes.</summary>
    public static MlpClassifier Fit(Dataset train, ulong seed, MlpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new MlpOptions();
        Validate(options);
        var (negative, positive) = DataChecks.RequireBinary(train);
        var targets = Classifiers.SignedTargets(train, positive);
        int n = train.Count, d = train.Dimension, h = options.HiddenUnits;

        // Parameters packed as [W1 (h·d), b1 (h), w2 (h), b2 (1)].
        int p = ParameterCountFor(d, h);
        var theta = new double[p];
        var init = DeterministicRandom.ForStream(seed, 0);
        double a1 = Math.Sqrt(6.0 / (d + h)), a2 = Math.Sqrt(6.0 / (h + 1));
        for (int k = 0; k < h * d; k++)
        {
            theta[k] = a1 * ((2 * init.NextDouble()) - 1);
        }

        for (int k = 0; k < h; k++)
        {
            theta[(h * d) + h + k] = a2 * ((2 * init.NextDouble()) - 1);
        }

        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var shuffle = DeterministicRandom.ForStream(seed, 1);
        var grad = new double[p];
        var m = new double[p];
        var v = new double[p];
        var hidden = new double[h];
        var history = new double[options.Epochs];
        long step = 0;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            Permutation.Shuffle(order.AsSpan(), shuffle);
            double epochLoss = 0;
            for (int start = 0; start < n; start += options.BatchSize)
            {
                int end = Math.Min(n, start + options.BatchSize), batch = end - start;
                Array.Clear(grad);
                for (int b = start; b < end; b++)
                {
                    int i = order[b];
                    var x = train.Row(i);
                    double z = Forward(theta, d, h, x, hidden);
                    double dz = OutputGradient(options.Loss, z, targets[i], out double loss) / batch;
                    epochLoss += loss;
                    Backward(theta, d, h, x, hidden, dz, grad);
                }

                if (options.L2 > 0)
                {
                    for (int k = 0; k < h * d; k++)
                    {
                        grad[k] += options.L2 * theta[k];
                    }

                    for (int k = 0; k < h; k++)
                    {
                        grad[(h * d) + h + k] += options.L2 * theta[(h * d) + h + k];
                    }
                }

                step++;
                AdamUpdate(theta, grad, m, v, step, options);
            }

            history[epoch] = epochLoss / n;
        }

        return new MlpClassifier(
            d,
            h,
            theta[..(h * d)],
            theta[(h * d)..((h * d) + h)],
            theta[((h * d) + h)..((h * d) + (2 * h))],
            theta[p - 1],
            options.Loss,
            negative,
            positive,
            history);
    }

    /// <inheritdoc/>
    public double DecisionFunction(ReadOnlySpan<double> features)
    {
        Classifiers.CheckInput(InputDimension, features);
        double z = OutputBias;
        for (int j = 0; j < HiddenUnits; j++)
        {
            double s = _b1[j];
            var row = _w1.AsSpan(j * InputDimension, InputDimension);
            for (int k = 0; k < row.Length; k++)
            {
                s += row[k] * features[k];
            }

            z += _w2[j] * Math.Tanh(s);
        }

        return z;
    }

    /// <summary>The network output: tanh(z) ∈ (−1, 1) for MSE, σ(z) = p(positive) for cross-entropy.</summary>
    public double Output(ReadOnlySpan<double> features)
    {
        double z = DecisionFunction(features);
        return Loss == MlpLoss.MeanSquaredError ? Math.Tanh(z) : LogisticRegression.Sigmoid(z);
    }

    /// <inheritdoc/>
    public int Predict(ReadOnlySpan<double> features) => DecisionFunction(features) > 0 ? PositiveClass : NegativeClass;

    /// <inheritdoc/>
    public double Accuracy(Dataset dataset) => Classifiers.Accuracy(this, dataset);

    private static double Forward(double[] theta, int d, int h, ReadOnlySpan<double> x, double[] hidden)
    {
        int b1 = h * d, w2 = b1 + h;
        double z = theta[^1];
        for (int j = 0; j < h; j++)
        {
            double s = theta[b1 + j];
            for (int k = 0; k < d; k++)
            {
                s += theta[(j * d) + k] * x[k];
            }

            hidden[j] = Math.Tanh(s);
            z += theta[w2 + j] * hidden[j];
        }

        return z;
    }

    private static void Backward(double[] theta, int d, int h, ReadOnlySpan<double> x, double[] hidden, double dz, double[] grad)
    {
        int b1 = h * d, w2 = b1 + h;
        grad[^1] += dz;
        for (int j = 0; j < h; j++)
        {
            grad[w2 + j] += dz * hidden[j];
            double ds = dz * theta[w2 + j] * (1 - (hidden[j] * hidden[j]));
            grad[b1 + j] += ds;
            for (int k = 0; k < d; k++)
            {
                grad[(j * d) + k] += ds * x[k];
            }
        }
    }

    /// <summary>d(loss)/dz for one row, and the row's loss.</summary>
    private static double OutputGradient(MlpLoss lossKind, double z, double target, out double loss)
    {
        if (lossKind == MlpLoss.MeanSquaredError)
        {
            double o = Math.Tanh(z), r = o - target;
            loss = r * r;
            return 2 * r * (1 - (o * o));
        }

        double y = target > 0 ? 1 : 0;
        loss = (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (y * z);
        return LogisticRegression.Sigmoid(z) - y;
    }

    private static void AdamUpdate(double[] theta, double[] grad, double[] m, double[] v, long step, MlpOptions o)
    {
        double c1 = 1 - Math.Pow(o.Beta1, step), c2 = 1 - Math.Pow(o.Beta2, step);
        for (int k = 0; k < theta.Length; k++)
        {
            m[k] = (o.Beta1 * m[k]) + ((1 - o.Beta1) * grad[k]);
            v[k] = (o.Beta2 * v[k]) + ((1 - o.Beta2) * grad[k] * grad[k]);
            theta[k] -= o.LearningRate * (m[k] / c1) / (Math.Sqrt(v[k] / c2) + o.Epsilon);
        }
    }

    private static void Validate(MlpOptions o)
    {
        if (o.HiddenUnits < 1 || o.Epochs < 0 || o.BatchSize < 1 || !(o.LearningRate > 0) || !(o.L2 >= 0)
            || !(o.Beta1 >= 0 && o.Beta1 < 1) || !(o.Beta2 >= 0 && o.Beta2 < 1) || !(o.Epsilon > 0))
        {
            throw new ArgumentException(
                "Need HiddenUnits ≥ 1, Epochs ≥ 0, BatchSize ≥ 1, LearningRate > 0, L2 ≥ 0, β₁, β₂ in [0, 1) and ε > 0.", nameof(o));
        }
    }
}
