using Dqml.Learning.Optimizers;

namespace Dqml.Learning.Tests.Optimizers;

/// <summary>Adam, SGD (momentum, Nesterov) and SPSA on a convex quadratic and the Rosenbrock function; schedules.</summary>
public class OptimizerTests
{
    // f(x) = 1/2 x^T A x - b^T x, A = [[3, 1, 0], [1, 2, 0.5], [0, 0.5, 1]] (SPD); minimiser A^{-1} b.
    private static readonly double[,] QuadA = { { 3, 1, 0 }, { 1, 2, 0.5 }, { 0, 0.5, 1 } };
    private static readonly double[] QuadB = [1, -2, 0.5];
    private static readonly double[] QuadStart = [2, 2, -3];
    private static readonly double[] RosenbrockStart = [-1.2, 1];

    private static double[] QuadraticMinimiser()
    {
        // Solve A x = b by Cramer's rule (3x3).
        static double Det(double[,] m) =>
            (m[0, 0] * ((m[1, 1] * m[2, 2]) - (m[1, 2] * m[2, 1])))
            - (m[0, 1] * ((m[1, 0] * m[2, 2]) - (m[1, 2] * m[2, 0])))
            + (m[0, 2] * ((m[1, 0] * m[2, 1]) - (m[1, 1] * m[2, 0])));
        double d = Det(QuadA);
        var x = new double[3];
        for (int c = 0; c < 3; c++)
        {
            var m = (double[,])QuadA.Clone();
            for (int r = 0; r < 3; r++)
            {
                m[r, c] = QuadB[r];
            }

            x[c] = Det(m) / d;
        }

        return x;
    }

    private static (double Value, double[] Gradient) Quadratic(double[] x)
    {
        var g = new double[3];
        double f = 0;
        for (int i = 0; i < 3; i++)
        {
            double ax = 0;
            for (int j = 0; j < 3; j++)
            {
                ax += QuadA[i, j] * x[j];
            }

            g[i] = ax - QuadB[i];
            f += (0.5 * x[i] * ax) - (QuadB[i] * x[i]);
        }

        return (f, g);
    }

    private static double QuadraticValue(double[] x) => Quadratic(x).Value;

    private static (double Value, double[] Gradient) Rosenbrock(double[] p)
    {
        double x = p[0], y = p[1];
        double f = ((1 - x) * (1 - x)) + (100 * (y - (x * x)) * (y - (x * x)));
        return (f, [(-2 * (1 - x)) - (400 * x * (y - (x * x))), 200 * (y - (x * x))]);
    }

    private static double RosenbrockValue(double[] p) => Rosenbrock(p).Value;

    private static void AssertNear(double[] expected, double[] actual, double tolerance, string context)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{context}: x[{i}] = {actual[i]:R}, expected {expected[i]:R} (tolerance {tolerance})");
        }
    }

    public static TheoryData<string> GradientOptimizers => ["adam", "sgd", "momentum", "nesterov", "sgd-cosine", "adam-step"];

    private static IOptimizer Create(string name, bool rosenbrock) => name switch
    {
        "adam" => new Adam(rosenbrock ? 0.02 : 0.05),
        "adam-step" => new Adam(new StepDecayLearningRate(rosenbrock ? 0.05 : 0.1, 0.5, rosenbrock ? 1500 : 200)),
        "sgd" => new Sgd(rosenbrock ? 1.5e-3 : 0.25),
        "momentum" => new Sgd(rosenbrock ? 2e-4 : 0.1, momentum: 0.9),
        "nesterov" => new Sgd(rosenbrock ? 2e-4 : 0.1, momentum: 0.9, nesterov: true),
        "sgd-cosine" => new Sgd(new CosineLearningRate(rosenbrock ? 1.5e-3 : 0.3, rosenbrock ? 40_000 : 300, rosenbrock ? 1e-4 : 0.01)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(GradientOptimizers))]
    public void Minimize_ConvexQuadratic_ReachesMinimiser(string name)
    {
        var result = Minimizer.Minimize(Create(name, rosenbrock: false), Quadratic, QuadStart, maxIterations: 5000, gradientTolerance: 1e-8);
        Assert.True(result.Converged, $"{name}: not converged after {result.Iterations} steps, x = [{string.Join(", ", result.Parameters)}]");
        AssertNear(QuadraticMinimiser(), result.Parameters, 1e-6, name);
    }

    [Theory]
    [MemberData(nameof(GradientOptimizers))]
    public void Minimize_Rosenbrock_ReachesOneOne(string name)
    {
        var result = Minimizer.Minimize(Create(name, rosenbrock: true), Rosenbrock, RosenbrockStart, maxIterations: 100_000, gradientTolerance: 1e-6);
        AssertNear([1, 1], result.Parameters, 1e-4, $"{name} after {result.Iterations} steps");
    }

    [Fact]
    public void Step_AdamFirstStep_IsLearningRateTimesSignOfGradient()
    {
        var adam = new Adam(learningRate: 0.1);
        double[] x = [1, 1, 1, 1];
        double[] g = [3e-3, -250, 1, -1e-2];
        adam.Step(x, g);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(1 - (0.1 * Math.Sign(g[i])), x[i], 6);
        }

        Assert.Equal(1, adam.Iteration);
        adam.Reset();
        Assert.Equal(0, adam.Iteration);
    }

    [Fact]
    public void Step_NesterovDiffersFromClassicalMomentum_AfterFirstStep()
    {
        var classical = new Sgd(0.1, 0.9);
        var nesterov = new Sgd(0.1, 0.9, nesterov: true);
        double[] a = [1.0], b = [1.0];
        classical.Step(a, [1.0]);
        nesterov.Step(b, [1.0]);
        Assert.Equal(1 - 0.1, a[0], 15);         // b = g: update g
        Assert.Equal(1 - (0.1 * 1.9), b[0], 15); // update g + mu b
        classical.Step(a, [1.0]);
        Assert.Equal(0.9 - (0.1 * 1.9), a[0], 15);
    }

    [Fact]
    public void Minimize_SpsaOnConvexQuadratic_ReachesMinimiser()
    {
        var spsa = new Spsa(a: 0.5, c: 0.1, seed: 7, stabilityConstant: 50);
        var result = Minimizer.Minimize(spsa, QuadraticValue, QuadStart, iterations: 4000);
        AssertNear(QuadraticMinimiser(), result.Parameters, 1e-3, "spsa");
    }

    [Fact]
    public void Minimize_SpsaOnRosenbrock_ReachesOneOne()
    {
        // a_0 = 0.3 / 10001^0.602 ~ 1.1e-3 keeps the first steps stable in the steep valley walls.
        var spsa = new Spsa(a: 0.3, c: 1e-3, seed: 11, stabilityConstant: 1e4);
        var result = Minimizer.Minimize(spsa, RosenbrockValue, RosenbrockStart, iterations: 60_000);
        AssertNear([1, 1], result.Parameters, 1e-4, "spsa");
        Assert.True(result.Value < 1e-8, $"f = {result.Value:R}");
    }

    [Fact]
    public void Step_SpsaSameSeed_SameTrajectory()
    {
        static List<double[]> Trajectory(ulong seed)
        {
            var spsa = new Spsa(0.1, 0.05, seed, stabilityConstant: 5);
            var x = (double[])QuadStart.Clone();
            var path = new List<double[]>();
            for (int k = 0; k < 50; k++)
            {
                spsa.Step(x, QuadraticValue);
                path.Add((double[])x.Clone());
            }

            return path;
        }

        var first = Trajectory(42);
        var second = Trajectory(42);
        Assert.Equal(first.Count, second.Count);
        for (int k = 0; k < first.Count; k++)
        {
            Assert.Equal(first[k], second[k]);
        }

        Assert.NotEqual(first[^1], Trajectory(43)[^1]);

        // Reset restarts the stream and the gains.
        var spsa = new Spsa(0.1, 0.05, 42, stabilityConstant: 5);
        var x = (double[])QuadStart.Clone();
        spsa.Step(x, QuadraticValue);
        spsa.Reset();
        x = (double[])QuadStart.Clone();
        spsa.Step(x, QuadraticValue);
        Assert.Equal(first[0], x);
    }

    [Fact]
    public void Gains_Spsa_FollowStandardSequences()
    {
        var spsa = new Spsa(a: 0.2, c: 0.3, seed: 1, stabilityConstant: 10);
        Assert.Equal(0.2 / Math.Pow(11, 0.602), spsa.StepGain(0), 15);
        Assert.Equal(0.2 / Math.Pow(15, 0.602), spsa.StepGain(4), 15);
        Assert.Equal(0.3, spsa.PerturbationGain(0), 15);
        Assert.Equal(0.3 / Math.Pow(5, 0.101), spsa.PerturbationGain(4), 15);
    }

    [Fact]
    public void LearningRate_Schedules_FollowTheirFormulas()
    {
        var constant = new ConstantLearningRate(0.05);
        Assert.Equal(0.05, constant.LearningRate(0));
        Assert.Equal(0.05, constant.LearningRate(1000));

        var step = new StepDecayLearningRate(0.1, 0.5, 10);
        Assert.Equal(0.1, step.LearningRate(0), 15);
        Assert.Equal(0.1, step.LearningRate(9), 15);
        Assert.Equal(0.05, step.LearningRate(10), 15);
        Assert.Equal(0.025, step.LearningRate(25), 15);

        var cosine = new CosineLearningRate(1.0, 100, 0.1);
        Assert.Equal(1.0, cosine.LearningRate(0), 15);
        Assert.Equal(0.55, cosine.LearningRate(50), 12);
        Assert.Equal(0.1, cosine.LearningRate(100), 15);
        Assert.Equal(0.1, cosine.LearningRate(500), 15);

        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecayLearningRate(0.1, 1.5, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantLearningRate(0));
        Assert.Throws<ArgumentException>(() => new Sgd(0.1, 0, nesterov: true));
    }

    [Fact]
    public void Step_GradientLengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Adam().Step([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => new Sgd(0.1).Step([1, 2], [1]));
    }
}
