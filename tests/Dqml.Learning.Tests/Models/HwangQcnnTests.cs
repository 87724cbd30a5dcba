using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Distributed;
using Dqml.Learning.Data;
using Dqml.Learning.Gradients;
using Dqml.Learning.Models;
using Dqml.Learning.Models.Hwang;
using Dqml.Simulation;

namespace Dqml.Learning.Tests.Models;

/// <summary>
/// The distributed QCNN of Hwang et al. on the operator engine: parameter counts against the paper's
/// formulas, decision values against the density-matrix simulator, gradients against parameter shift,
/// finite differences and (where the circuit is unitary after deferral) the adjoint method.
/// </summary>
public class HwangQcnnTests
{
    public static TheoryData<string> Schemes => ["single", "nc", "cc", "qc", "bell:1", "bell:2", "knit"];

    // Reference: state-vector branch enumeration (an independent method: pure branches, merged, instead of operators).
    private static readonly StateVectorSimulator Sv = new();

    private static HwangModel Build(string scheme, int depth, double visibility = 1, double? angle = null)
    {
        var (s, k) = HwangQcnn.ParseScheme(scheme);
        return HwangQcnn.Build(new HwangQcnnOptions { Scheme = s, Depth = depth, BellPairs = Math.Max(1, k), Visibility = visibility, PairAngle = angle });
    }

    internal static double[] RandomVector(int n, ulong seed, double scale)
    {
        var rng = new DeterministicRandom(seed);
        return [.. Enumerable.Range(0, n).Select(_ => scale * ((2 * rng.NextDouble()) - 1))];
    }

    /// <summary>O = sum_k w_k Pi_k as a sum of Z strings over the readout qubits.</summary>
    internal static PauliSum ReadoutObservable(CircuitModel model, ReadOnlySpan<double> parameters)
    {
        var qubits = model.Readout.Qubits;
        int m = qubits.Count;
        var w = model.Readout.Kind == ReadoutKind.Interpret ? parameters[model.CircuitParameters.Count..].ToArray() : null;
        var terms = new List<(double, PauliString)>();
        for (int subset = 0; subset < 1 << m; subset++)
        {
            ulong zmask = 0;
            for (int j = 0; j < m; j++)
            {
                if ((subset >> j & 1) == 1)
                {
                    zmask |= 1UL << qubits[j];
                }
            }

            double c = 0;
            if (w is null)
            {
                c = subset == (1 << m) - 1 ? 1 : 0;
            }
            else
            {
                for (int k = 0; k < 1 << m; k++)
                {
                    double sign = 1;
                    for (int j = 0; j < m; j++)
                    {
                        int bit = (k >> (m - 1 - j)) & 1;
                        if ((subset >> j & 1) == 1 && bit == 1)
                        {
                            sign = -sign;
                        }
                    }

                    c += w[k] * sign / (1 << m);
                }
            }

            if (c != 0)
            {
                terms.Add((c, new PauliString(0, zmask)));
            }
        }

        return new PauliSum(terms);
    }

    internal static Dataset OneSample(double[] x, int label) => new("one", [x], [label]);

    [Theory]
    [InlineData("single", 1)]
    [InlineData("single", 9)]
    [InlineData("nc", 3)]
    [InlineData("nc", 9)]
    [InlineData("cc", 3)]
    [InlineData("cc", 9)]
    [InlineData("qc", 5)]
    [InlineData("qc", 9)]
    [InlineData("bell:2", 7)]
    [InlineData("knit", 3)]
    public void ParameterCount_MatchesThePaperFormula(string scheme, int depth)
    {
        var m = Build(scheme, depth);
        Assert.Equal(m.ExpectedParameterCount, m.Model.ParameterCount);
        int expected = m.Formula switch
        {
            "4L+14" => (4 * depth) + 14,
            "8L+28" => (8 * depth) + 28,
            "10L+28" => (10 * depth) + 28,
            _ => (12 * depth) + 28,
        };
        Assert.Equal(expected, m.Model.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Decision_EqualsStateVectorBranchEnumeration(string scheme)
    {
        var hm = Build(scheme, 2, visibility: scheme.StartsWith("bell", StringComparison.Ordinal) ? 0.8 : 1);
        var model = hm.Model;
        var p = RandomVector(model.ParameterCount, 11, Math.PI);
        var x = RandomVector(8, 12, Math.PI / 2);
        double f = model.Predict(p, OneSample(x, 1))[0];
        var o = ReadoutObservable(model, p);
        double expected = 0;
        for (int i = 0; i < model.InitialStates.Count; i++)
        {
            expected += model.InitialStates[i].Weight * Sv.RunExact(model.BoundCircuit(p, x, i)).Expectation(o);
        }

        Assert.True(Math.Abs(f - expected) < 1e-10, $"{scheme}: engine {f:R} vs branch enumeration {expected:R}");
    }

    [Fact]
    public void QcCoherentClassicalBlock_KeepsTheParameterCount_DecisionEqualsBranchEnumeration_OnlyCrxAreKnitted()
    {
        var hm = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Quantum, Depth = 2, QcBlock = QcCrossBlock.CoherentClassicalBlock });
        var model = hm.Model;
        Assert.Equal(hm.ExpectedParameterCount, model.ParameterCount); // 12L+28
        Assert.Equal(["k0_0", "k0_1", "k1_0", "k1_1"], hm.CrossGateNames);
        var p = RandomVector(model.ParameterCount, 81, Math.PI);
        var x = RandomVector(8, 82, Math.PI / 2);
        double f = model.Predict(p, OneSample(x, 1))[0];
        double expected = Sv.RunExact(model.BoundCircuit(p, x)).Expectation(ReadoutObservable(model, p));
        Assert.True(Math.Abs(f - expected) < 1e-10, $"engine {f:R} vs branch enumeration {expected:R}");
        var standard = Build("qc", 2).Model;
        Assert.True(Math.Abs(f - standard.Predict(p, OneSample(x, 1))[0]) > 1e-6);

        // Knitting overhead: only the two controlled rotations per sub-layer cost gamma = 1 + 2|sin(phi/2)|.
        var knit = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Knitting, Depth = 2, QcBlock = QcCrossBlock.CoherentClassicalBlock });
        double gamma = 1;
        foreach (string name in knit.CrossGateNames)
        {
            gamma *= 1 + (2 * Math.Abs(Math.Sin(p[knit.Model.ParameterNames.ToList().IndexOf(name)] / 2)));
        }

        Assert.Equal(gamma * gamma, knit.KnittingShotOverhead(p), 9);
    }

    [Fact]
    public void SingleDenseAngle_ReadsAllEightFeaturesOnce_SameParameters_DecisionEqualsBranchEnumeration()
    {
        var zz = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Single, Depth = 2 }).Model;
        var dense = HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Single, Depth = 2, SingleEmbedding = SingleProcessorEmbedding.DenseAngle }).Model;
        Assert.Equal(zz.ParameterCount, dense.ParameterCount);
        Assert.Equal(8, dense.Embedding.Instructions.Length); // RY(x_k) then RZ(x_{k+4}) on each of 4 qubits
        var p = RandomVector(dense.ParameterCount, 71, Math.PI);
        var x = RandomVector(8, 72, Math.PI / 2);
        double f = dense.Predict(p, OneSample(x, 1))[0];
        double expected = Sv.RunExact(dense.BoundCircuit(p, x)).Expectation(ReadoutObservable(dense, p));
        Assert.True(Math.Abs(f - expected) < 1e-10, $"engine {f:R} vs branch enumeration {expected:R}");
        Assert.True(Math.Abs(f - zz.Predict(p, OneSample(x, 1))[0]) > 1e-6);

        // Every feature matters: changing x7 changes the output.
        var y = (double[])x.Clone();
        y[7] += 0.5;
        Assert.True(Math.Abs(f - dense.Predict(p, OneSample(y, 1))[0]) > 1e-6);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Gradient_EqualsParameterShiftAndFiniteDifferences(string scheme)
    {
        var model = Build(scheme, 2).Model;
        var p = RandomVector(model.ParameterCount, 21, Math.PI);
        var x = RandomVector(8, 22, Math.PI / 2);
        AssertGradientEqualsShiftAndFiniteDifferences(model, p, x, scheme);
    }

    /// <summary>
    /// The engine's MSE gradient at one sample (x, −1) against parameter shift on the state-vector backend (branch
    /// enumeration; circuit parameters, to 1e-8) and central finite differences (every parameter, readout weights
    /// included, to 1e-6).
    /// </summary>
    internal static void AssertGradientEqualsShiftAndFiniteDifferences(CircuitModel model, double[] p, double[] x, string label)
    {
        var data = OneSample(x, -1);
        var eval = model.LossAndGradient(p, data, Loss.Mse);
        double f = eval.Outputs[0];

        // Circuit parameters: dL/dt = 2 (f - y) d<O>/dt, with d<O>/dt by parameter shift on the state-vector backend (branch enumeration).
        var full = model.BoundCircuitSymbolic(x);
        var values = new ParameterValues(model.CircuitParameters.Select((s, j) => new KeyValuePair<string, double>(s.Name, p[j])));
        var o = ReadoutObservable(model, p);
        var shift = new ParameterShift(Sv).ValueAndGradient(full, model.CircuitParameters, values, o);
        Assert.True(Math.Abs(shift.Value - f) < 1e-10, $"{label}: value {f:R} vs {shift.Value:R}");
        for (int j = 0; j < model.CircuitParameters.Count; j++)
        {
            double expected = 2 * (f + 1) * shift.Gradient[j];
            Assert.True(Math.Abs(eval.Gradient[j] - expected) < 1e-8, $"{label}: d/d{model.ParameterNames[j]} engine {eval.Gradient[j]:R} vs shift {expected:R}");
        }

        // Every parameter (readout weights included): central differences of the engine's own loss.
        AssertGradientEqualsFiniteDifferences(model, p, data, eval.Gradient, label);
    }

    /// <summary>Asserts <paramref name="gradient"/> equals central differences (h = 1e-5) of the model's MSE loss, to 1e-6, for every parameter.</summary>
    internal static void AssertGradientEqualsFiniteDifferences(CircuitModel model, double[] p, Dataset data, IReadOnlyList<double> gradient, string label)
    {
        const double h = 1e-5;
        for (int j = 0; j < model.ParameterCount; j++)
        {
            var plus = (double[])p.Clone();
            var minus = (double[])p.Clone();
            plus[j] += h;
            minus[j] -= h;
            double fd = (model.LossAndGradient(plus, data, Loss.Mse).Loss - model.LossAndGradient(minus, data, Loss.Mse).Loss) / (2 * h);
            Assert.True(Math.Abs(gradient[j] - fd) < 1e-6, $"{label}: d/d{model.ParameterNames[j]} engine {gradient[j]:R} vs finite difference {fd:R}");
        }
    }

    [Theory]
    [InlineData("nc", 3)]
    [InlineData("qc", 3)]
    [InlineData("single", 3)]
    [InlineData("cc", 1)]
    public void Gradient_EqualsAdjointOnDeferredCircuit(string scheme, int depth)
    {
        // Without classical communication every measured qubit is only a control afterwards: the adjoint
        // method runs on the deferred (unitary) circuit. So it does for the one-way CC block at L = 1, whose
        // measured qubit 3 is afterwards only measured again and used as a control (pooling).
        var model = Build(scheme, depth).Model;
        var p = RandomVector(model.ParameterCount, 31, Math.PI);
        var x = RandomVector(8, 32, Math.PI / 2);
        var eval = model.LossAndGradient(p, OneSample(x, 1), Loss.Mse);
        var values = new ParameterValues(model.CircuitParameters.Select((s, j) => new KeyValuePair<string, double>(s.Name, p[j])));
        var adjoint = new AdjointDifferentiation().ValueAndGradient(model.BoundCircuitSymbolic(x), model.CircuitParameters, values, ReadoutObservable(model, p));
        for (int j = 0; j < model.CircuitParameters.Count; j++)
        {
            double expected = 2 * (eval.Outputs[0] - 1) * adjoint.Gradient[j];
            Assert.True(Math.Abs(eval.Gradient[j] - expected) < 1e-8, $"{scheme}: d/d{model.ParameterNames[j]} {eval.Gradient[j]:R} vs adjoint {expected:R}");
        }
    }

    [Fact]
    public void ClassicalScheme_IsNotACoherentControl()
    {
        // The CC block dephases its senders: replacing measure+condition by a live controlled rotation
        // (quantum communication) changes the outputs.
        var cc = Build("cc", 2).Model;
        var p = RandomVector(cc.ParameterCount, 41, Math.PI);
        var x = RandomVector(8, 42, Math.PI / 2);
        double f = cc.Predict(p, OneSample(x, 1))[0];
        var coherent = StateVectorCoherentVersion(cc, p, x);
        Assert.True(Math.Abs(f - coherent) > 1e-6, $"CC output {f} equals the coherent-control output {coherent}");
    }

    internal static double StateVectorCoherentVersion(CircuitModel cc, double[] p, double[] x)
    {
        // Drop the measurements of the cross blocks: conditioned gates then read stale bits, so instead
        // rebuild with deferral semantics via AdjointDifferentiation's planner is not public; use the
        // state-vector simulator on the circuit with measurements removed and conditions turned into controls.
        var bound = cc.BoundCircuit(p, x);
        var b = new CircuitBuilder(bound.NumQubits, bound.NumClbits);
        var source = new int[bound.NumClbits];
        foreach (var ins in bound.Instructions)
        {
            switch (ins)
            {
                case Circuits.Instructions.Measurement m:
                    source[m.Clbit] = m.Qubit;
                    break;
                case Circuits.Instructions.Conditioned { Condition: Circuits.Instructions.BitCondition bc, Body: Circuits.Instructions.GateOperation g }:
                    if (!bc.BitValue)
                    {
                        b.X(source[bc.Clbit]);
                    }

                    b.Controlled(g.Gate.Definition, [source[bc.Clbit]], [.. g.Qubits], [.. g.Gate.Parameters]);
                    if (!bc.BitValue)
                    {
                        b.X(source[bc.Clbit]);
                    }

                    break;
                default:
                    b.Append(ins);
                    break;
            }
        }

        return new StateVectorSimulator().RunExact(b.Build()).Expectation(ReadoutObservable(cc, p));
    }

    [Fact]
    public void Results_AreIdenticalForAnyThreadCount()
    {
        var model = Build("cc", 3).Model;
        var p = model.InitialParameters(5);
        var data = HwangDataset.Generate(3).Train.Subset([.. Enumerable.Range(0, 40)]);
        var one = model.LossAndGradient(p, data, Loss.Mse, threads: 1);
        var two = model.LossAndGradient(p, data, Loss.Mse, threads: 2);
        var three = model.LossAndGradient(p, data, Loss.CrossEntropy, threads: 3);
        Assert.Equal(one.Loss, two.Loss);
        Assert.Equal(one.Gradient, two.Gradient);
        Assert.Equal(one.Outputs, two.Outputs);
        Assert.Equal(model.LossAndGradient(p, data, Loss.CrossEntropy, threads: 1).Gradient, three.Gradient);
        Assert.Equal(one.Outputs, model.Predict(p, data, threads: 2));
    }

    [Fact]
    public void BellPair_PerfectVisibilityEqualsPureBellState_AndNoiseChangesOutputs()
    {
        var pure = Build("bell:1", 2, visibility: 1).Model;
        var angle = Build("bell:1", 2, angle: Math.PI / 4).Model;
        var noisy = Build("bell:1", 2, visibility: 0.5).Model;
        var p = RandomVector(pure.ParameterCount, 51, Math.PI);
        var data = OneSample(RandomVector(8, 52, 1), 1);
        Assert.Single(pure.InitialStates);
        Assert.Equal(4, noisy.InitialStates.Count);
        double a = pure.Predict(p, data)[0];
        Assert.True(Math.Abs(a - angle.Predict(p, data)[0]) < 1e-12, "cos(pi/4)|00> + sin(pi/4)|11> is the Bell pair");
        Assert.True(Math.Abs(a - noisy.Predict(p, data)[0]) > 1e-6);
    }

    [Fact]
    public void NoCommunication_ProcessorsStayUnentangled_FactorisedReadout()
    {
        // Without communication P[ab] factorises: f with weights (1, 0, 0, 0) equals P_A[0] P_B[0].
        var model = Build("nc", 3).Model;
        var p = RandomVector(model.ParameterCount, 61, Math.PI);
        var x = RandomVector(8, 62, 1);
        var rho = Sv.RunExact(model.BoundCircuit(p, x));
        var probs = rho.Probabilities();
        double p00 = 0, pa0 = 0, pb0 = 0;
        for (int z = 0; z < probs.Length; z++)
        {
            bool a0 = (z & 1) == 0;
            bool b0 = (z >> 4 & 1) == 0;
            p00 += a0 && b0 ? probs[z] : 0;
            pa0 += a0 ? probs[z] : 0;
            pb0 += b0 ? probs[z] : 0;
        }

        Assert.Equal(pa0 * pb0, p00, 10);
        p[model.CircuitParameters.Count] = 1;
        p[model.CircuitParameters.Count + 1] = 0;
        p[model.CircuitParameters.Count + 2] = 0;
        p[model.CircuitParameters.Count + 3] = 0;
        Assert.Equal(p00, model.Predict(p, OneSample(x, 1))[0], 10);
    }

    [Fact]
    public void ProcessorTooSmall_IsAClearError()
    {
        var small = Architecture.TwoProcessors(template: new Processor("P", 3));
        var e = Assert.Throws<DistributionException>(() => HwangQcnn.Build(new HwangQcnnOptions { Scheme = HwangScheme.Classical, Depth = 2, Architecture = small }));
        Assert.Contains("holds 3 qubit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bell:5")]
    [InlineData("bell:x")]
    [InlineData("teleport")]
    public void BadScheme_IsAClearError(string scheme)
    {
        var e = Assert.Throws<ArgumentException>(() => HwangQcnn.ParseScheme(scheme));
        Assert.Contains(scheme, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KnittingOverhead_IsProductOfGammaSquared()
    {
        var hm = Build("knit", 1);
        var p = new double[hm.Model.ParameterCount];
        Assert.Equal(1, hm.KnittingShotOverhead(p));
        int j = hm.Model.ParameterNames.ToList().IndexOf("k0_0");
        p[j] = Math.PI;
        Assert.Equal(9, hm.KnittingShotOverhead(p), 12);
    }
}
