using Dqml.Analysis.Capacity;
using Dqml.Circuits;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;

namespace Dqml.Analysis.Tests.Capacity;

/// <summary>
/// r independent qubits, qubit j rotated by RY(phi_j) from |0&gt; with phi_j = sum_i A[j, i] theta_i + x_j and
/// measured in Z: p(k) = prod_j (bit j of k = 0 ? cos^2(phi_j / 2) : sin^2(phi_j / 2)). Each qubit's Fisher
/// information in phi_j is 1 wherever both outcomes are possible, so F(theta) = A^T A exactly, for any theta and x.
/// </summary>
internal sealed class RotationProductModel(double[,] a) : IProbabilityModel
{
    private readonly double[,] _a = (double[,])a.Clone();

    public int Qubits => _a.GetLength(0);

    public int ParameterCount => _a.GetLength(1);

    public int OutcomeCount => 1 << Qubits;

    public int InputDimension => Qubits;

    /// <summary>A^T A.</summary>
    public double[,] ExpectedFisher()
    {
        int p = ParameterCount;
        var f = new double[p, p];
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c < p; c++)
            {
                for (int j = 0; j < Qubits; j++)
                {
                    f[r, c] += _a[j, r] * _a[j, c];
                }
            }
        }

        return f;
    }

    public void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> probabilities, Span<double> jacobian)
    {
        int r = Qubits, np = ParameterCount;
        var q0 = new double[r];
        var dq0 = new double[r];
        for (int j = 0; j < r; j++)
        {
            double phi = input[j];
            for (int i = 0; i < np; i++)
            {
                phi += _a[j, i] * parameters[i];
            }

            q0[j] = Math.Cos(phi / 2) * Math.Cos(phi / 2);
            dq0[j] = -0.5 * Math.Sin(phi);
        }

        jacobian.Clear();
        for (int k = 0; k < OutcomeCount; k++)
        {
            double p = 1;
            for (int j = 0; j < r; j++)
            {
                p *= ((k >> j) & 1) == 0 ? q0[j] : 1 - q0[j];
            }

            probabilities[k] = p;
            for (int j = 0; j < r; j++)
            {
                // d p_k / d phi_j: the product with factor j replaced by its derivative.
                double d = ((k >> j) & 1) == 0 ? dq0[j] : -dq0[j];
                for (int l = 0; l < r; l++)
                {
                    if (l != j)
                    {
                        d *= ((k >> l) & 1) == 0 ? q0[l] : 1 - q0[l];
                    }
                }

                for (int i = 0; i < np; i++)
                {
                    jacobian[(k * np) + i] += _a[j, i] * d;
                }
            }
        }
    }
}

/// <summary>
/// A two-qubit circuit run on <see cref="StateVectorSimulator"/>, Jacobian by the parameter-shift rule:
/// RY(x0) q0, RY(x1) q1, RY(t0) q0, RY(t1) q1, CX(0, 1), RY(t2) q0, RZ(t3) q1, measure both. The final RZ
/// commutes with the measurement, so t3 never changes the output: the Fisher rank is at most 3 of 4.
/// </summary>
internal sealed class TwoQubitCircuitModel : IProbabilityModel
{
    private static readonly Circuit Circuit = new CircuitBuilder(2)
        .RY(ParamExpr.Input("x0"), 0)
        .RY(ParamExpr.Input("x1"), 1)
        .RY(ParamExpr.Trainable("t0"), 0)
        .RY(ParamExpr.Trainable("t1"), 1)
        .CX(0, 1)
        .RY(ParamExpr.Trainable("t2"), 0)
        .RZ(ParamExpr.Trainable("t3"), 1)
        .Build();

    public int ParameterCount => 4;

    public int OutcomeCount => 4;

    public int InputDimension => 2;

    public static double[] Probabilities(ReadOnlySpan<double> theta, ReadOnlySpan<double> x)
    {
        var values = new ParameterValues
        {
            ["x0"] = x[0],
            ["x1"] = x[1],
            ["t0"] = theta[0],
            ["t1"] = theta[1],
            ["t2"] = theta[2],
            ["t3"] = theta[3],
        };
        return new StateVectorSimulator().RunUnitary(Circuit, values).Probabilities();
    }

    public void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> probabilities, Span<double> jacobian)
    {
        Probabilities(parameters, input).CopyTo(probabilities);
        var shifted = parameters.ToArray();
        for (int i = 0; i < ParameterCount; i++)
        {
            // Each parameter appears once in a rotation exp(-i theta G / 2): d/dtheta = (f(+pi/2) - f(-pi/2)) / 2.
            shifted[i] = parameters[i] + (Math.PI / 2);
            var plus = Probabilities(shifted, input);
            shifted[i] = parameters[i] - (Math.PI / 2);
            var minus = Probabilities(shifted, input);
            shifted[i] = parameters[i];
            for (int k = 0; k < OutcomeCount; k++)
            {
                jacobian[(k * ParameterCount) + i] = (plus[k] - minus[k]) / 2;
            }
        }
    }
}

/// <summary>One qubit: RY(theta + x) |0&gt; measured in Z, simulated. F(theta) = 1 for every theta and x.</summary>
internal sealed class SingleRotationModel : IProbabilityModel
{
    public int ParameterCount => 1;

    public int OutcomeCount => 2;

    public int InputDimension => 1;

    private static double[] Run(double angle)
        => new StateVectorSimulator().RunUnitary(new CircuitBuilder(1).RY(angle, 0).Build()).Probabilities();

    public void Evaluate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> probabilities, Span<double> jacobian)
    {
        double angle = parameters[0] + input[0];
        Run(angle).CopyTo(probabilities);
        var plus = Run(angle + (Math.PI / 2));
        var minus = Run(angle - (Math.PI / 2));
        jacobian[0] = (plus[0] - minus[0]) / 2;
        jacobian[1] = (plus[1] - minus[1]) / 2;
    }
}

/// <summary>Reference Fisher from a central-difference Jacobian of the probabilities.</summary>
internal static class ReferenceFisher
{
    public static double[,] FiniteDifference(Func<double[], double[], double[]> probabilities, double[] theta, IReadOnlyList<double[]> inputs, double h = 1e-5)
    {
        int np = theta.Length;
        var f = new double[np, np];
        foreach (var x in inputs)
        {
            var p = probabilities(theta, x);
            var jac = new double[p.Length, np];
            for (int i = 0; i < np; i++)
            {
                var tp = (double[])theta.Clone();
                var tm = (double[])theta.Clone();
                tp[i] += h;
                tm[i] -= h;
                var pp = probabilities(tp, x);
                var pm = probabilities(tm, x);
                for (int k = 0; k < p.Length; k++)
                {
                    jac[k, i] = (pp[k] - pm[k]) / (2 * h);
                }
            }

            for (int k = 0; k < p.Length; k++)
            {
                if (p[k] <= 1e-12)
                {
                    continue;
                }

                for (int r = 0; r < np; r++)
                {
                    for (int c = 0; c < np; c++)
                    {
                        f[r, c] += jac[k, r] * jac[k, c] / p[k] / inputs.Count;
                    }
                }
            }
        }

        return f;
    }
}
