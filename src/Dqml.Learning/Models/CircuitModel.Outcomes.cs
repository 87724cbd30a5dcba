using System.Numerics;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Learning.Engine;
using Dqml.Simulation;
using Dqml.Simulation.Kernels;

namespace Dqml.Learning.Models;

/// <summary>What the inputs of <see cref="CircuitModel.OutcomeJacobians"/> are.</summary>
public enum OutcomeInputKind
{
    /// <summary>Feature rows x (length <see cref="CircuitModel.FeatureCount"/>): the model's initial ensemble and embedding prepare the state.</summary>
    Features,

    /// <summary>
    /// Pure input states on all n qubits, each 2 * 2^n reals (re_0, im_0, re_1, im_1, ...), for instance
    /// Haar-random states: the state replaces the initial ensemble and the embedding, and the trainable
    /// part acts on it directly (the Hwang et al. capacity setup).
    /// </summary>
    States,
}

/// <summary>How <see cref="CircuitModel.OutcomeJacobians"/> computes.</summary>
public enum OutcomeJacobianMethod
{
    /// <summary>The pure-state adjoint method where the model allows it, else the density method.</summary>
    Auto,

    /// <summary>
    /// Adjoint differentiation on 2^n-amplitude state vectors: every mid-circuit measurement is deferred
    /// to the end (its qubit is afterwards only a control or under diagonal gates, so dephasing it changes
    /// no readout probability). Not available with resets, noise or measured qubits that go on evolving.
    /// </summary>
    PureState,

    /// <summary>
    /// Exact for any channel: each input's density matrix is swept forward beside the Heisenberg-picture
    /// outcome projectors (swept back once per parameter vector and shared by all inputs, re-evolved
    /// forward per input from checkpoints at the non-unitary steps), on the Pauli-basis engine.
    /// </summary>
    DensityMatrix,
}

/// <content>The joint outcome distribution of the readout qubits and its Jacobian, for capacity analyses.</content>
public sealed partial class CircuitModel
{
    /// <summary>
    /// Inputs swept together by the density method, sharing the re-evolved projectors. Measured on the CC
    /// QCNN at L = 9 (one thread, 24 inputs): 1 input 18 ms per input, 2: 15, 4: 13, 8: 11.6, 12: 11.
    /// </summary>
    private const int OutcomeBlock = 8;

    /// <summary>Number of joint outcomes of the readout qubits, 2^m (outcome index as in <see cref="Readout.Outcome"/>).</summary>
    public int OutcomeCount => 1 << Readout.Qubits.Count;

    /// <summary>Number of circuit parameters: the trainable symbols of the channel, without the readout's weights (which do not change the outcome distribution).</summary>
    public int CircuitParameterCount => _parameters.Length;

    /// <summary>
    /// Whether <see cref="OutcomeJacobianMethod.PureState"/> applies: every non-unitary step is a measurement
    /// whose qubit is afterwards only a control or under diagonal gates.
    /// </summary>
    public bool SupportsPureOutcomeJacobians => PurePlan() is not null;

    /// <summary>
    /// The probabilities p(k | input; theta) of the 2^m joint outcomes of the readout qubits and their
    /// derivatives with respect to the circuit parameters theta, for every input.
    /// </summary>
    /// <param name="circuitParameters">theta (length <see cref="CircuitParameterCount"/>); a full parameter vector (with readout weights) is accepted too and its tail ignored.</param>
    /// <param name="inputs">Feature rows or encoded states (see <paramref name="kind"/>).</param>
    /// <param name="kind">What the inputs are.</param>
    /// <param name="probabilities">Output, inputs x K: p[i * K + k].</param>
    /// <param name="jacobians">Output, inputs x K x P: d p[i * K + k] / d theta_j at [(i * K + k) * P + j].</param>
    /// <param name="threads">Workers over inputs; results are identical for any count.</param>
    /// <param name="method">Pure state, density matrix, or automatic.</param>
    /// <exception cref="ArgumentException">Sizes do not match, or an input state is not normalised.</exception>
    /// <exception cref="NotSupportedException">The pure-state method was asked for a model it cannot express.</exception>
    public void OutcomeJacobians(ReadOnlySpan<double> circuitParameters, IReadOnlyList<double[]> inputs, OutcomeInputKind kind, Span<double> probabilities, Span<double> jacobians, int threads = 1, OutcomeJacobianMethod method = OutcomeJacobianMethod.Auto)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int p = _parameters.Length;
        if (circuitParameters.Length != p && circuitParameters.Length != ParameterCount)
        {
            throw new ArgumentException($"model '{Name}' has {p} circuit parameters ({ParameterCount} with the readout weights), got {circuitParameters.Length}", nameof(circuitParameters));
        }

        int k = OutcomeCount;
        if (probabilities.Length != inputs.Count * k || jacobians.Length != inputs.Count * k * p)
        {
            throw new ArgumentException($"model '{Name}': {inputs.Count} inputs need {inputs.Count * k} probabilities and {inputs.Count * k * p} Jacobian entries, got {probabilities.Length} and {jacobians.Length}");
        }

        var members = new SampleStates[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            members[i] = InputStates(inputs[i], kind, i);
        }

        var values = Values(circuitParameters[..p]);
        var plan = method == OutcomeJacobianMethod.DensityMatrix ? null : PurePlan();
        if (method == OutcomeJacobianMethod.PureState && plan is null)
        {
            throw new NotSupportedException($"model '{Name}': the pure-state outcome Jacobian needs every mid-circuit measurement deferrable (no reset or noise, measured qubits afterwards only controls or under diagonal gates); use the density method");
        }

        var probs = new double[inputs.Count * k];
        var jac = new double[inputs.Count * k * p];
        if (plan is not null)
        {
            PureOutcomeJacobians(plan, _program.Bind(values, _parameterIndex), values, members, probs, jac, threads);
        }
        else
        {
            DensityOutcomeJacobians(values, members, probs, jac, threads);
        }

        probs.CopyTo(probabilities);
        jac.CopyTo(jacobians);
    }

    /// <summary>Indices of the ops the pure-state method applies (the deferred dephasings left out), or null.</summary>
    private int[]? PurePlan()
    {
        var ops = _program.Ops;
        var dephased = new bool[NumQubits];
        var kept = new List<int>();
        for (int t = 0; t < ops.Count; t++)
        {
            var op = ops[t];
            switch (op.Kind)
            {
                case ChannelProgram.OpKind.Dephase:
                    dephased[op.Qubits[0]] = true;
                    continue;
                case ChannelProgram.OpKind.Channel:
                    return null;
            }

            var g = op.Gate!;
            var def = g.Gate.Definition;
            bool diagonal = (def.Base ?? def).IsDiagonal;
            for (int j = def.NumControls; j < g.Qubits.Length; j++)
            {
                if (dephased[g.Qubits[j]] && !diagonal)
                {
                    return null;
                }
            }

            kept.Add(t);
        }

        return [.. kept];
    }

    private SampleStates InputStates(double[] input, OutcomeInputKind kind, int index)
    {
        ArgumentNullException.ThrowIfNull(input, $"inputs[{index}]");
        if (kind == OutcomeInputKind.Features)
        {
            if (input.Length != FeatureCount)
            {
                throw new ArgumentException($"model '{Name}' reads {FeatureCount} features; input {index} has {input.Length}");
            }

            return Embed(input);
        }

        int d = 1 << NumQubits;
        if (input.Length != 2 * d)
        {
            throw new ArgumentException($"model '{Name}': an input state on {NumQubits} qubits has {2 * d} reals (re, im interleaved); input {index} has {input.Length}");
        }

        var re = new double[d];
        var im = new double[d];
        double norm = 0;
        for (int z = 0; z < d; z++)
        {
            re[z] = input[2 * z];
            im[z] = input[(2 * z) + 1];
            norm += (re[z] * re[z]) + (im[z] * im[z]);
        }

        if (!(Math.Abs(norm - 1) <= 1e-9))
        {
            throw new ArgumentException($"model '{Name}': input state {index} has norm^2 {norm}, not 1");
        }

        return new SampleStates([re], [im], [1.0]);
    }

    private void PureOutcomeJacobians(int[] plan, BoundProgram bound, Dqml.Circuits.Parameters.ParameterValues values, SampleStates[] members, double[] probs, double[] jac, int threads)
    {
        var ops = _program.Ops;
        int kCount = OutcomeCount;
        int p = _parameters.Length;
        int d = 1 << NumQubits;
        var forward = new CompiledGate[plan.Length];
        var adjoint = new CompiledGate[plan.Length];
        for (int s = 0; s < plan.Length; s++)
        {
            var op = ops[plan[s]];
            var g = op.Gate!;
            var def = g.Gate.Definition;
            var gp = new double[g.Gate.Parameters.Length];
            for (int j = 0; j < gp.Length; j++)
            {
                gp[j] = g.Gate.Parameters[j].Evaluate(values);
            }

            forward[s] = CompiledGate.Compile(def, gp, g.Qubits.AsSpan(), op.ControlQubits, op.ControlValues);
            var full = op.FullMatrix(def, gp);
            adjoint[s] = CompiledGate.FromMatrix(MatrixMath.Adjoint(full, 1 << op.Qubits.Length), op.Qubits);
        }

        var outcome = OutcomeOfBasis();
        Parallel.For(0, members.Length, Options(threads), () => (Psi: new Complex[d], Lambda: new Complex[Math.Max(1, kCount - 1)][], Scratch: new Complex[d]), (x, _, buf) =>
        {
            for (int k = 0; k < kCount - 1; k++)
            {
                buf.Lambda[k] ??= new Complex[d];
            }

            var m = members[x];
            for (int i = 0; i < m.Weights.Length; i++)
            {
                double w = m.Weights[i];
                for (int z = 0; z < d; z++)
                {
                    buf.Psi[z] = new Complex(m.Re[i][z], m.Im[i][z]);
                }

                foreach (var u in forward)
                {
                    u.Apply(buf.Psi);
                }

                for (int z = 0; z < d; z++)
                {
                    int k = outcome[z];
                    probs[(x * kCount) + k] += w * buf.Psi[z].Real * buf.Psi[z].Real + (w * buf.Psi[z].Imaginary * buf.Psi[z].Imaginary);
                    for (int kk = 0; kk < kCount - 1; kk++)
                    {
                        buf.Lambda[kk][z] = kk == k ? buf.Psi[z] : Complex.Zero;
                    }
                }

                for (int s = plan.Length - 1; s >= 0; s--)
                {
                    foreach (var der in bound.Ops[plan[s]].Derivatives)
                    {
                        Array.Copy(buf.Psi, buf.Scratch, d);
                        der.D.Apply(buf.Scratch);
                        for (int kk = 0; kk < kCount - 1; kk++)
                        {
                            double g = 2 * w * BatchKernels.ConjugateDot(buf.Lambda[kk], buf.Scratch).Real;
                            foreach (var (index, c) in der.Chain)
                            {
                                jac[(((x * kCount) + kk) * p) + index] += c * g;
                            }
                        }
                    }

                    adjoint[s].Apply(buf.Psi);
                    for (int kk = 0; kk < kCount - 1; kk++)
                    {
                        adjoint[s].Apply(buf.Lambda[kk]);
                    }
                }
            }

            CompleteLastOutcome(jac, x, kCount, p);
            return buf;
        }, _ => { });
    }

    private void DensityOutcomeJacobians(Dqml.Circuits.Parameters.ParameterValues values, SampleStates[] members, double[] probs, double[] jac, int threads)
    {
        // The Pauli-basis engine (real 4^n coefficients, see PauliBasis): Tr(A B) = 2^n a . b.
        var program = _program.BindTransfer(values, _parameterIndex);
        var ops = program.Ops;
        int kCount = OutcomeCount;
        int p = _parameters.Length;
        int d = 1 << NumQubits;
        double scale = d;
        var outcome = OutcomeOfBasis();

        // Heisenberg sweep of each outcome projector P_k (k < K - 1), shared by all inputs: the swept operator
        // Phi^dagger(P_k), and checkpoints where the sweep cannot be undone (dephasing, reset, noise).
        int kFree = kCount - 1;
        var start = new double[kFree][];
        var checkpoints = new double[kFree][][];
        var indicator = new double[d];
        for (int k = 0; k < kFree; k++)
        {
            for (int z = 0; z < d; z++)
            {
                indicator[z] = outcome[z] == k ? 1 : 0;
            }

            var o = new double[d * d];
            PauliBasis.FromDiagonal(indicator, o);
            checkpoints[k] = new double[ops.Length][];
            for (int t = ops.Length - 1; t >= 0; t--)
            {
                if (ops[t].Kind != ChannelProgram.OpKind.Unitary)
                {
                    checkpoints[k][t] = (double[])o.Clone();
                }

                ops[t].ApplyAdjoint(o);
            }

            start[k] = o;
        }

        // Per block of inputs: each rho forward beside the projectors re-evolved forward once for the block
        // (restored at the checkpoints); the derivative of step t is 2^n o_t . dT_t r_{t-1} (O after the step,
        // rho before it). Blocks are fixed by the input count, so results do not depend on the thread count.
        int block = OutcomeBlock;
        int blocks = (members.Length + block - 1) / block;
        Parallel.For(0, blocks, Options(threads), () => new DensityBuffers(kFree, block, d), (bIndex, _, buf) =>
        {
            int first = bIndex * block;
            int count = Math.Min(block, members.Length - first);
            for (int j = 0; j < count; j++)
            {
                Array.Clear(buf.Rho);
                var m = members[first + j];
                for (int i = 0; i < m.Weights.Length; i++)
                {
                    AddProjector(buf.Rho, m.Re[i], m.Im[i], m.Weights[i], d);
                }

                PauliBasis.FromMatrix(buf.Rho, buf.R[j], buf.Scratch);
            }

            for (int k = 0; k < kFree; k++)
            {
                Array.Copy(start[k], buf.O[k], d * d);
            }

            for (int t = 0; t < ops.Length; t++)
            {
                var op = ops[t];
                bool unitary = op.Kind == ChannelProgram.OpKind.Unitary;
                for (int k = 0; k < kFree; k++)
                {
                    if (unitary)
                    {
                        op.ApplyForward(buf.O[k]);
                    }
                    else
                    {
                        Array.Copy(checkpoints[k][t], buf.O[k], d * d);
                    }
                }

                for (int j = 0; j < count; j++)
                {
                    var r = buf.R[j];
                    int x = first + j;
                    foreach (var der in op.Derivatives)
                    {
                        for (int k = 0; k < kFree; k++)
                        {
                            double g = scale * der.Map.Bilinear(buf.O[k], r);
                            foreach (var (index, c) in der.Chain)
                            {
                                jac[(((x * kCount) + k) * p) + index] += c * g;
                            }
                        }
                    }

                    op.ApplyForward(r);
                }
            }

            for (int j = 0; j < count; j++)
            {
                int x = first + j;
                PauliBasis.Diagonal(buf.R[j], buf.Diagonal);
                for (int z = 0; z < d; z++)
                {
                    probs[(x * kCount) + outcome[z]] += buf.Diagonal[z];
                }

                CompleteLastOutcome(jac, x, kCount, p);
            }

            return buf;
        }, _ => { });
    }

    private sealed class DensityBuffers(int operators, int block, int d)
    {
        public Complex[] Rho { get; } = new Complex[d * d];

        public double[][] R { get; } = [.. Enumerable.Range(0, block).Select(_ => new double[d * d])];

        public double[][] O { get; } = [.. Enumerable.Range(0, operators).Select(_ => new double[d * d])];

        public double[] Scratch { get; } = new double[d * d];

        public double[] Diagonal { get; } = new double[d];
    }

    /// <summary>rho += w psi psi^dagger (vec layout: [r, c] at r + c d).</summary>
    private static void AddProjector(Complex[] rho, double[] re, double[] im, double w, int d)
    {
        for (int c = 0; c < d; c++)
        {
            var conj = new Complex(w * re[c], -w * im[c]);
            int col = c * d;
            for (int r = 0; r < d; r++)
            {
                rho[r + col] += new Complex(re[r], im[r]) * conj;
            }
        }
    }

    /// <summary>The last outcome's gradient is minus the sum of the others (the channel preserves the trace).</summary>
    private static void CompleteLastOutcome(double[] jac, int x, int kCount, int p)
    {
        int lastRow = ((x * kCount) + kCount - 1) * p;
        for (int k = 0; k < kCount - 1; k++)
        {
            int row = ((x * kCount) + k) * p;
            for (int j = 0; j < p; j++)
            {
                jac[lastRow + j] -= jac[row + j];
            }
        }
    }

    private int[] OutcomeOfBasis()
    {
        var outcome = new int[1 << NumQubits];
        for (int z = 0; z < outcome.Length; z++)
        {
            outcome[z] = Readout.Outcome(z);
        }

        return outcome;
    }
}
