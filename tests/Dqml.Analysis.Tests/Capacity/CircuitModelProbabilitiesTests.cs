using Dqml.Analysis.Capacity;
using Dqml.Learning.Data;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;

namespace Dqml.Analysis.Tests.Capacity;

/// <summary>Outcome probabilities and Jacobians of circuit models (the QCNN schemes) against independent methods.</summary>
public class CircuitModelProbabilitiesTests
{
    public static TheoryData<string, double> Schemes => new()
    {
        { "single", 1 },
        { "nc", 1 },
        { "cc", 1 },
        { "qc", 1 },
        { "bell:1", 1 },
        { "bell:2", 0.8 },
        { "knit", 1 },
    };

    private static HwangModel Build(string scheme, int depth, double visibility = 1)
    {
        var (s, k) = HwangQcnn.ParseScheme(scheme);
        return HwangQcnn.Build(new HwangQcnnOptions { Scheme = s, Depth = depth, BellPairs = Math.Max(1, k), Visibility = visibility });
    }

    private static IReadOnlyList<double[]> Rows(int count)
    {
        var data = HwangDataset.Generate(3).Validation;
        return [.. Enumerable.Range(0, count).Select(i => data.Row(i).ToArray())];
    }

    private static (double[] P, double[] J) Evaluate(CircuitModel model, double[] theta, IReadOnlyList<double[]> inputs, OutcomeInputKind kind, OutcomeJacobianMethod method, int threads = 1)
    {
        var p = new double[inputs.Count * model.OutcomeCount];
        var j = new double[p.Length * model.CircuitParameterCount];
        model.OutcomeJacobians(theta, inputs, kind, p, j, threads, method);
        return (p, j);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Probabilities_WeightedByInterpretFunction_EqualTheModelsDecisionValues(string scheme, double visibility)
    {
        var model = Build(scheme, 1, visibility).Model;
        var full = model.InitialParameters(5);
        var rng = new Random(9);
        for (int w = model.CircuitParameterCount; w < full.Length; w++)
        {
            full[w] = rng.NextDouble() - 0.5;
        }

        var inputs = Rows(4);
        var (p, _) = Evaluate(model, full, inputs, OutcomeInputKind.Features, OutcomeJacobianMethod.DensityMatrix);
        var data = new Dataset("rows", [.. inputs], [.. Enumerable.Repeat(1, inputs.Count)]);
        var f = model.Predict(full, data);
        int k = model.OutcomeCount;
        for (int i = 0; i < inputs.Count; i++)
        {
            double sum = 0, decision = 0;
            for (int o = 0; o < k; o++)
            {
                sum += p[(i * k) + o];
                decision += full[model.CircuitParameterCount + o] * p[(i * k) + o];
            }

            Assert.Equal(1, sum, 1e-12);
            Assert.Equal(f[i], decision, 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Jacobian_EqualsCentralFiniteDifferences(string scheme, double visibility)
    {
        var model = Build(scheme, 1, visibility).Model;
        var theta = model.InitialParameters(11)[..model.CircuitParameterCount];
        var inputs = Rows(2);
        var (_, jac) = Evaluate(model, theta, inputs, OutcomeInputKind.Features, OutcomeJacobianMethod.Auto);
        const double h = 1e-5;
        int np = theta.Length;
        int k = model.OutcomeCount;
        // Eight parameters spread over the circuit (embedding side, cross-processor blocks, pooling).
        foreach (int j in Enumerable.Range(0, 8).Select(i => i * (np - 1) / 7).Distinct())
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[j] += h;
            minus[j] -= h;
            var (pp, _) = Evaluate(model, plus, inputs, OutcomeInputKind.Features, OutcomeJacobianMethod.Auto);
            var (pm, _) = Evaluate(model, minus, inputs, OutcomeInputKind.Features, OutcomeJacobianMethod.Auto);
            for (int r = 0; r < inputs.Count * k; r++)
            {
                Assert.Equal((pp[r] - pm[r]) / (2 * h), jac[(r * np) + j], 1e-7);
            }
        }
    }

    [Theory]
    [InlineData("single")]
    [InlineData("nc")]
    [InlineData("qc")]
    [InlineData("bell:1")]
    [InlineData("knit")]
    public void PureStateAdjoint_EqualsDensityMethod_ForDeferrableSchemes(string scheme)
    {
        var model = Build(scheme, 2).Model;
        Assert.True(model.SupportsPureOutcomeJacobians);
        var theta = model.InitialParameters(2)[..model.CircuitParameterCount];
        var inputs = Rows(3);
        var (pd, jd) = Evaluate(model, theta, inputs, OutcomeInputKind.Features, OutcomeJacobianMethod.DensityMatrix);
        var (ps, js) = Evaluate(model, theta, inputs, OutcomeInputKind.Features, OutcomeJacobianMethod.PureState);
        AssertClose(pd, ps, 1e-12);
        AssertClose(jd, js, 1e-10);
    }

    [Fact]
    public void ClassicalCommunication_HasNoPureStatePath_AndSaysWhy()
    {
        // From L = 2 on the measured boundary qubit takes the next sub-layer's RX: its dephasing cannot be deferred.
        var model = Build("cc", 2).Model;
        Assert.False(model.SupportsPureOutcomeJacobians);
        var theta = new double[model.CircuitParameterCount];
        var ex = Assert.Throws<NotSupportedException>(() => Evaluate(model, theta, Rows(1), OutcomeInputKind.Features, OutcomeJacobianMethod.PureState));
        Assert.Contains("deferrable", ex.Message);
    }

    [Theory]
    [InlineData("nc")]
    [InlineData("cc")]
    public void StateInputs_ReplaceEmbedding_AndBothMethodsAgree(string scheme)
    {
        var model = Build(scheme, 1).Model;
        var theta = model.InitialParameters(4)[..model.CircuitParameterCount];
        var states = FisherInputs.HaarStates(3, model.NumQubits, 17);
        var (pd, jd) = Evaluate(model, theta, states, OutcomeInputKind.States, OutcomeJacobianMethod.DensityMatrix);
        var (pa, ja) = Evaluate(model, theta, states, OutcomeInputKind.States, OutcomeJacobianMethod.Auto);
        AssertClose(pd, pa, 1e-12);
        AssertClose(jd, ja, 1e-10);

        // Normalised, and the input state matters.
        int k = model.OutcomeCount;
        Assert.Equal(1, pd[..k].Sum(), 1e-12);
        Assert.NotEqual(pd[0], pd[k], 6);
    }

    [Fact]
    public void Results_AreIdenticalForAnyThreadCount()
    {
        foreach (var scheme in new[] { "nc", "cc" })
        {
            var model = Build(scheme, 1).Model;
            var theta = model.InitialParameters(8)[..model.CircuitParameterCount];
            var inputs = Rows(5);
            var (p1, j1) = Evaluate(model, theta, inputs, OutcomeInputKind.Features, OutcomeJacobianMethod.Auto, 1);
            var (p2, j2) = Evaluate(model, theta, inputs, OutcomeInputKind.Features, OutcomeJacobianMethod.Auto, 3);
            Assert.Equal(p1, p2);
            Assert.Equal(j1, j2);
        }
    }

    [Fact]
    public void Adapter_BatchAndSingleEvaluation_GiveTheSameFisher()
    {
        var model = Build("nc", 1).Model;
        var adapter = new CircuitModelProbabilities(model);
        Assert.Equal(model.CircuitParameterCount, adapter.ParameterCount);
        Assert.Equal(4, adapter.OutcomeCount);
        var theta = model.InitialParameters(3)[..model.CircuitParameterCount];
        var inputs = Rows(4);
        var batch = FisherInformation.Exact(adapter, theta, inputs, new FisherOptions { Threads = 2 });
        var single = FisherInformation.Exact(new OneByOne(adapter), theta, inputs, new FisherOptions { Threads = 1 });
        for (int r = 0; r < adapter.ParameterCount; r++)
        {
            for (int c = 0; c < adapter.ParameterCount; c++)
            {
                Assert.Equal(single[r, c], batch[r, c], 1e-12);
            }
        }
    }

    [Fact]
    public void BadInputs_GiveClearErrors()
    {
        var model = Build("nc", 1).Model;
        var theta = new double[model.CircuitParameterCount];
        var ex = Assert.Throws<ArgumentException>(() => Evaluate(model, theta, [new double[3]], OutcomeInputKind.Features, OutcomeJacobianMethod.Auto));
        Assert.Contains("input 0 has 3", ex.Message);
        var notNormalised = new double[2 << model.NumQubits];
        notNormalised[0] = 2;
        ex = Assert.Throws<ArgumentException>(() => Evaluate(model, theta, [notNormalised], OutcomeInputKind.States, OutcomeJacobianMethod.Auto));
        Assert.Contains("norm", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => model.OutcomeJacobians(new double[3], Rows(1), OutcomeInputKind.Features, new double[4], new double[12]));
        Assert.Contains("circuit parameters", ex.Message);
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"entry {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    /// <summary>Hides the batch interface so Fisher evaluates input by input.</summary>
    private sealed class OneByOne(IProbabilityModel inner) : IProbabilityModel
    {
        public int ParameterCount => inner.ParameterCount;

        public int OutcomeCount => inner.OutcomeCount;

        public int InputDimension => inner.InputDimension;

        public void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> probabilities, Span<double> jacobian)
            => inner.Evaluate(parameters, input, probabilities, jacobian);
    }
}
