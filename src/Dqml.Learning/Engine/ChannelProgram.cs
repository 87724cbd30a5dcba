using System.Numerics;
using Dqml.Circuits;
using Dqml.Circuits.Gates;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;
using Dqml.Circuits.Parameters;
using Dqml.Simulation;
using Dqml.Simulation.Kernels;

namespace Dqml.Learning.Engine;

/// <summary>
/// A parameterised circuit compiled to a sequence of linear maps on operators (n-qubit matrices stored
/// as vec: element [r, c] at r + c 2^n, as <see cref="DensityMatrix"/>): unitaries, dephasing (a
/// mid-circuit measurement whose bit is not kept), reset and noise channels. It runs in both pictures:
/// Schrödinger (rho -&gt; Phi(rho)) and Heisenberg (O -&gt; Phi^dagger(O)), which is what the batched
/// operator engine needs (see <see cref="Models.CircuitModel"/>).
/// </summary>
/// <remarks>
/// <para>Classical control: a gate conditioned on a bit that a measurement of qubit q wrote is the same
/// gate controlled by q (the measurement dephased q and its Z value still equals the bit) as long as q
/// has not been changed in between by a gate that is not diagonal. That is exact for any mixed state and
/// for qubits that go on evolving after their measurement (true LOCC: the dephasing is kept); a
/// condition on a bit whose qubit has changed since is rejected with a clear error.</para>
/// <para>Measurements whose bits feed nothing are plain dephasing; classical registers are otherwise
/// ignored (the readout is of qubits). A condition on a bit after a readout error on it is rejected.</para>
/// </remarks>
public sealed class ChannelProgram
{
    private const double MatrixStep = 1e-3;

    private readonly Op[] _ops;
    private readonly LayoutStep[] _plan;

    private ChannelProgram(int numQubits, Op[] ops)
    {
        NumQubits = numQubits;
        _ops = ops;
        _plan = PlanLayout(numQubits, ops);
    }

    /// <summary>Number of qubits n (operators are 2^n x 2^n).</summary>
    public int NumQubits { get; }

    /// <summary>Number of compiled operations.</summary>
    public int Count => _ops.Length;

    /// <summary>Number of non-unitary operations (dephasing, reset, noise): the engine's checkpoints.</summary>
    public int ChannelCount => _ops.Count(o => o.Kind != OpKind.Unitary);

    /// <summary>The compiled operations, in circuit order.</summary>
    internal IReadOnlyList<Op> Ops => _ops;

    /// <summary>Compiles <paramref name="circuit"/>; gate parameters stay symbolic until <see cref="Bind"/>.</summary>
    /// <exception cref="NotSupportedException">A condition reads a bit whose measured qubit changed since, or an instruction the engine cannot express.</exception>
    public static ChannelProgram Compile(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        int n = circuit.NumQubits;
        var ops = new List<Op>();
        var bitSource = new int[circuit.NumClbits];
        Array.Fill(bitSource, -1);
        var changedSinceMeasured = new bool[n];
        for (int i = 0; i < circuit.Instructions.Length; i++)
        {
            var ins = circuit.Instructions[i];
            switch (ins)
            {
                case Barrier:
                    break;
                case GateOperation g:
                    ops.Add(Op.ForGate(i, g, [], []));
                    MarkChanged(g, changedSinceMeasured);
                    break;
                case Conditioned { Body: GateOperation g, Condition: var cond }:
                {
                    var (bits, values) = cond switch
                    {
                        BitCondition b => (new[] { b.Clbit }, new[] { b.BitValue }),
                        RegisterCondition r => (r.RegisterBits.ToArray(), r.RegisterBits.Select((_, j) => ((r.RegisterValue >> j) & 1) == 1).ToArray()),
                        _ => throw new NotSupportedException($"instruction {i}: condition {cond} is not supported"),
                    };
                    var qubits = new int[bits.Length];
                    for (int j = 0; j < bits.Length; j++)
                    {
                        int q = bitSource[bits[j]];
                        if (q < 0)
                        {
                            throw new NotSupportedException($"instruction {i} ({g.Gate.Definition.Name}): it is conditioned on bit {bits[j]}, which no earlier measurement wrote or whose value a readout error changed");
                        }

                        if (changedSinceMeasured[q])
                        {
                            throw new NotSupportedException($"instruction {i} ({g.Gate.Definition.Name}): it is conditioned on bit {bits[j]} from qubit {q}, but qubit {q} was changed by a non-diagonal gate after its measurement; the operator engine cannot express this condition as a control");
                        }

                        if (g.Qubits.Contains(q))
                        {
                            throw new NotSupportedException($"instruction {i} ({g.Gate.Definition.Name}): it acts on qubit {q}, whose measured bit {bits[j]} conditions it");
                        }

                        qubits[j] = q;
                    }

                    ops.Add(Op.ForGate(i, g, qubits, values));
                    MarkChanged(g, changedSinceMeasured);
                    break;
                }

                case Measurement m:
                    ops.Add(Op.ForChannel(i, OpKind.Dephase, [m.Qubit], DephaseSuperop(), DephaseKraus()));
                    bitSource[m.Clbit] = m.Qubit;
                    changedSinceMeasured[m.Qubit] = false;
                    break;
                case Reset r:
                    ops.Add(Op.ForChannel(i, OpKind.Channel, [r.Qubit], DensityMatrix.Superoperator(ResetKraus(), 1), ResetKraus()));
                    changedSinceMeasured[r.Qubit] = true;
                    break;
                case NoiseChannelOperation nc:
                    var kraus = nc.Channel.KrausOperators();
                    ops.Add(Op.ForChannel(i, OpKind.Channel, [.. nc.Qubits], DensityMatrix.Superoperator(kraus, nc.Channel.NumQubits), [.. kraus]));
                    foreach (int q in nc.Qubits)
                    {
                        changedSinceMeasured[q] = true;
                    }

                    break;
                case ReadoutError re:
                    // The recorded bit no longer equals the qubit's value: a later condition on it cannot
                    // become a control (it is rejected above); the readout itself is of qubits.
                    bitSource[re.Clbit] = -1;
                    break;
                default:
                    throw new NotSupportedException($"instruction {i} ({ins.GetType().Name}) is not supported by the operator engine");
            }
        }

        return new ChannelProgram(n, [.. ops]);
    }

    /// <summary>The trainable symbols the program's gates read, in first-use order.</summary>
    public IReadOnlyList<Symbol> Symbols(SymbolKind kind) =>
        _ops.Where(o => o.Gate is not null)
            .SelectMany(o => o.Gate!.Gate.Parameters.SelectMany(ParamExprSymbols))
            .Where(s => s.Kind == kind).Distinct().ToList();

    /// <summary>Binds the parameters: matrices, kernels and derivative maps for <paramref name="values"/>.</summary>
    /// <param name="values">Values for every symbol.</param>
    /// <param name="differentiate">Index of each differentiated symbol in the gradient vector.</param>
    public BoundProgram Bind(IParameterSource values, IReadOnlyDictionary<Symbol, int> differentiate)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(differentiate);
        var bound = new BoundOp[_ops.Length];
        for (int k = 0; k < _ops.Length; k++)
        {
            bound[k] = _ops[k].Bind(NumQubits, values, differentiate);
        }

        return new BoundProgram(NumQubits, bound);
    }

    /// <summary>
    /// Binds the parameters in the Pauli basis: each operation becomes its Pauli transfer matrix (forward), its
    /// transpose (adjoint) and the transfer matrices of its derivative maps (see <see cref="PauliBasis"/>).
    /// Operations without symbols are compiled once and reused.
    /// </summary>
    /// <param name="values">Values for every symbol.</param>
    /// <param name="differentiate">Index of each differentiated symbol in the gradient vector.</param>
    internal TransferProgram BindTransfer(IParameterSource values, IReadOnlyDictionary<Symbol, int> differentiate)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(differentiate);
        var bound = new TransferOp[_plan.Length];
        for (int k = 0; k < _plan.Length; k++)
        {
            var step = _plan[k];
            bound[k] = step.Op >= 0 ? _ops[step.Op].BindTransfer(values, differentiate, step.Slots) : TransferOp.Swap(step.SwapSlot);
        }

        return new TransferProgram(NumQubits, bound);
    }

    /// <summary>
    /// Where each qubit's Pauli digit sits along the program. The lowest digit (index bits 0 and 1) is shared
    /// by the lanes of a vector, so an operation on the qubit there would need in-register shuffles; before such
    /// an operation the plan swaps that qubit's digit with the one of the qubit not in the operation whose next use
    /// is furthest away (a transpose pass, <see cref="PauliBasis.SwapLowestDigit(Span{double}, int)"/>), and at the end it restores
    /// the identity layout. Operations on every qubit keep the lane path.
    /// </summary>
    private static LayoutStep[] PlanLayout(int n, Op[] ops)
    {
        var slotOf = new int[n];
        var qubitAt = new int[n];
        for (int q = 0; q < n; q++)
        {
            slotOf[q] = qubitAt[q] = q;
        }

        var steps = new List<LayoutStep>();
        void Swap(int slot)
        {
            int a = qubitAt[0];
            int b = qubitAt[slot];
            (qubitAt[0], qubitAt[slot]) = (b, a);
            slotOf[a] = slot;
            slotOf[b] = 0;
            steps.Add(new LayoutStep(-1, slot, []));
        }

        for (int k = 0; k < ops.Length; k++)
        {
            var qubits = ops[k].Qubits;
            if (qubits.Contains(qubitAt[0]) && qubits.Length < n)
            {
                int best = -1;
                int bestUse = -1;
                for (int v = 0; v < n; v++)
                {
                    if (qubits.Contains(v))
                    {
                        continue;
                    }

                    int use = k + 1;
                    while (use < ops.Length && !ops[use].Qubits.Contains(v))
                    {
                        use++;
                    }

                    if (use > bestUse)
                    {
                        best = v;
                        bestUse = use;
                    }
                }

                Swap(slotOf[best]);
            }

            steps.Add(new LayoutStep(k, -1, [.. qubits.Select(q => slotOf[q])]));
        }

        while (true)
        {
            int home = qubitAt[0];
            if (home != 0)
            {
                Swap(home);
                continue;
            }

            int misplaced = Array.FindIndex(qubitAt, 1, s => qubitAt[s] != s);
            if (misplaced < 0)
            {
                break;
            }

            Swap(misplaced);
        }

        return [.. steps];
    }

    private static IEnumerable<Symbol> ParamExprSymbols(ParamExpr e) => e switch
    {
        SymbolExpr s => [s.Symbol],
        BinaryExpr b => ParamExprSymbols(b.Left).Concat(ParamExprSymbols(b.Right)),
        NegateExpr ng => ParamExprSymbols(ng.Operand),
        FunctionExpr f => ParamExprSymbols(f.Argument),
        _ => [],
    };

    private static void MarkChanged(GateOperation g, bool[] changed)
    {
        var def = g.Gate.Definition;
        var target = def.Base ?? def;
        if (target.IsDiagonal)
        {
            return;
        }

        for (int j = def.NumControls; j < g.Qubits.Length; j++)
        {
            changed[g.Qubits[j]] = true;
        }
    }

    private static Complex[] DephaseSuperop()
    {
        // vec index bits: 0 = ket, 1 = bra; keep |0><0| and |1><1|.
        var s = new Complex[16];
        s[0] = 1;
        s[15] = 1;
        return s;
    }

    private static Complex[][] DephaseKraus() =>
    [
        [1, 0, 0, 0],
        [0, 0, 0, 1],
    ];

    private static Complex[][] ResetKraus() =>
    [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
    ];

    internal enum OpKind
    {
        Unitary,
        Dephase,
        Channel,
    }

    /// <summary>One compiled operation: a (possibly conditioned) gate or a channel.</summary>
    internal sealed class Op
    {
        public OpKind Kind { get; private init; }

        public int Instruction { get; private init; }

        public GateOperation? Gate { get; private init; }

        public int[] ControlQubits { get; private init; } = [];

        public bool[] ControlValues { get; private init; } = [];

        public int[] Qubits { get; private init; } = [];

        public Complex[]? Superop { get; private init; }

        /// <summary>Kraus operators of a channel (row-major 2^k x 2^k, local bit j = <see cref="Qubits"/>[j]).</summary>
        public Complex[][] Kraus { get; private init; } = [];

        /// <summary>The transfer form of an operation without symbols, compiled on first use.</summary>
        private TransferOp? _constantTransfer;

        /// <summary>The latest transfer form of a parameterised gate: its index tables are reused when the pattern is unchanged.</summary>
        private TransferOp? _lastTransfer;

        private (Symbol Symbol, ParamExpr Derivative)[][]? _derivativeExpressions;

        public static Op ForGate(int instruction, GateOperation g, int[] controls, bool[] values) => new()
        {
            Kind = OpKind.Unitary,
            Instruction = instruction,
            Gate = g,
            ControlQubits = controls,
            ControlValues = values,
            Qubits = [.. controls, .. g.Qubits],
        };

        public static Op ForChannel(int instruction, OpKind kind, int[] qubits, Complex[] superop, Complex[][] kraus) => new()
        {
            Kind = kind,
            Instruction = instruction,
            Qubits = qubits,
            Superop = superop,
            Kraus = kraus,
        };

        /// <summary>The operation's Pauli transfer matrices for <paramref name="values"/> (see <see cref="ChannelProgram.BindTransfer"/>).</summary>
        /// <param name="values">Parameter values.</param>
        /// <param name="differentiate">Index of each differentiated symbol.</param>
        /// <param name="slots">Digit slot of each of <see cref="Qubits"/> (always the same for one op of one program).</param>
        public TransferOp BindTransfer(IParameterSource values, IReadOnlyDictionary<Symbol, int> differentiate, int[] slots)
        {
            if (System.Threading.Volatile.Read(ref _constantTransfer) is { } cached)
            {
                return cached;
            }

            int k = Qubits.Length;
            int m = 1 << (2 * k);
            var t = new double[m * m];
            if (Kind != OpKind.Unitary)
            {
                foreach (var kraus in Kraus)
                {
                    PauliBasis.AddTransfer(kraus, kraus, k, 1, t);
                }

                var channel = TransferOp.Create(Kind, t, slots, []);
                System.Threading.Volatile.Write(ref _constantTransfer, channel);
                return channel;
            }

            var g = Gate!;
            var def = g.Gate.Definition;
            int np = g.Gate.Parameters.Length;
            var p = new double[np];
            var derivativeExpressions = DerivativeExpressions();
            for (int j = 0; j < np; j++)
            {
                p[j] = g.Gate.Parameters[j].Evaluate(values);
            }

            var u = FullMatrix(def, p);
            PauliBasis.AddTransfer(u, u, k, 1, t);
            var last = System.Threading.Volatile.Read(ref _lastTransfer);
            var derivatives = new List<TransferDerivative>();
            for (int j = 0; j < np; j++)
            {
                var chain = new List<(int, double)>();
                foreach (var (symbol, expression) in derivativeExpressions[j])
                {
                    if (differentiate.TryGetValue(symbol, out int idx))
                    {
                        double c = expression.Evaluate(values);
                        if (c != 0)
                        {
                            chain.Add((idx, c));
                        }
                    }
                }

                if (chain.Count == 0)
                {
                    continue;
                }

                var dt = new double[m * m];
                PauliBasis.AddTransfer(MatrixDerivative(def, p, j), u, k, 2, dt);
                var like = last?.Derivatives.FirstOrDefault(x => x.Parameter == j)?.Map;
                derivatives.Add(new TransferDerivative(PauliTransfer.Create(dt, slots, TransferOp.DerivativeSnap, like), [.. chain], j));
            }

            var op = TransferOp.Create(OpKind.Unitary, t, slots, [.. derivatives], last);
            bool symbolic = derivativeExpressions.Any(e => e.Length > 0);
            System.Threading.Volatile.Write(ref symbolic ? ref _lastTransfer : ref _constantTransfer, op);
            return op;
        }

        public BoundOp Bind(int n, IParameterSource values, IReadOnlyDictionary<Symbol, int> differentiate)
        {
            var sq = DensityMatrix.SuperQubits(Qubits, n);
            if (Kind != OpKind.Unitary)
            {
                var adj = MatrixMath.Adjoint(Superop!, 1 << sq.Length);
                return new BoundOp(Kind, CompiledGate.FromMatrix(Superop!, sq), CompiledGate.FromMatrix(adj, sq), null, null, null, null, []);
            }

            var g = Gate!;
            var def = g.Gate.Definition;
            int np = g.Gate.Parameters.Length;
            var p = new double[np];
            for (int j = 0; j < np; j++)
            {
                p[j] = g.Gate.Parameters[j].Evaluate(values);
            }

            var u = FullMatrix(def, p);
            int k = Qubits.Length;
            int d = 1 << k;
            var ud = MatrixMath.Adjoint(u, d);
            var derivatives = new List<Derivative>();
            for (int j = 0; j < np; j++)
            {
                var chain = Chain(g.Gate.Parameters[j], values, differentiate);
                if (chain.Length == 0)
                {
                    continue;
                }

                var du = MatrixDerivative(def, p, j);
                var dMat = MatrixMath.Multiply(du, ud, d);
                derivatives.Add(new Derivative(CompiledGate.FromMatrix(dMat, Qubits), chain, OneQubitTarget(dMat, k)));
            }

            if (k == 1)
            {
                var fwd = Kron1(u);
                var adj = Kron1(ud);
                return new BoundOp(OpKind.Unitary, CompiledGate.FromMatrix(fwd, sq), CompiledGate.FromMatrix(adj, sq), null, null, null, null, [.. derivatives]);
            }

            // Keep the control structure (classical conditions become controls) so the kernels only touch
            // the control-satisfying part: U on the ket half, conj(U) on the bra half; U^dagger and U^T for
            // the Heisenberg picture.
            var gateQubits = g.Qubits.AsSpan();
            var (ketF, braF) = DensityMatrix.Compile(def, p, gateQubits, n, ControlQubits, ControlValues);
            var (ketA, braA) = DensityMatrix.Compile(AdjointDefinition(def, p), [], gateQubits, n, ControlQubits, ControlValues);
            return new BoundOp(OpKind.Unitary, null, null, ketF, braF, ketA, braA, [.. derivatives]);
        }

        /// <summary>For each gate parameter, the symbols it reads and its symbolic derivative in each (built once).</summary>
        private (Symbol Symbol, ParamExpr Derivative)[][] DerivativeExpressions()
        {
            if (System.Threading.Volatile.Read(ref _derivativeExpressions) is { } cached)
            {
                return cached;
            }

            var parameters = Gate!.Gate.Parameters;
            var result = new (Symbol, ParamExpr)[parameters.Length][];
            for (int j = 0; j < parameters.Length; j++)
            {
                result[j] = [.. ParamExprSymbols(parameters[j]).Distinct().Select(s => (s, parameters[j].Derivative(s)))];
            }

            System.Threading.Volatile.Write(ref _derivativeExpressions, result);
            return result;
        }

        /// <summary>A parameter-free gate U^dagger with the control structure of <paramref name="def"/>.</summary>
        private static GateDefinition AdjointDefinition(GateDefinition def, double[] p)
        {
            var target = def.Base ?? def;
            var m = (def.NumControls > 0 ? target : def).Matrix(p);
            int d = 1 << (def.NumControls > 0 ? target.NumQubits : def.NumQubits);
            var adj = GateDefinition.Unitary(MatrixMath.Adjoint(m, d), target.Name + "_dg", 1e-6);
            return def.NumControls > 0 ? GateDefinition.Controlled(adj, def.NumControls) : adj;
        }

        /// <summary>
        /// When <paramref name="dMat"/> (on controls..., one target) is zero except on the block where every
        /// control is satisfied, that block's 2x2 matrix with the control mask; else null.
        /// </summary>
        private OneQubitMatrix? OneQubitTarget(Complex[] dMat, int k)
        {
            int nonTarget = k - 1;
            int targetBit = k - 1;
            int d = 1 << k;
            int cmask = 0, cval = 0, localMask = 0, localVal = 0;
            for (int j = 0; j < nonTarget; j++)
            {
                cmask |= 1 << Qubits[j];
                localMask |= 1 << j;
                bool want = j < ControlQubits.Length ? ControlValues[j] : true;
                if (want)
                {
                    cval |= 1 << Qubits[j];
                    localVal |= 1 << j;
                }
            }

            // Only the block with the satisfied controls may be non-zero.
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c < d; c++)
                {
                    bool inBlock = (r & localMask) == localVal && (c & localMask) == localVal;
                    if (!inBlock && dMat[(r * d) + c] != Complex.Zero)
                    {
                        return null;
                    }
                }
            }

            int r0 = localVal;
            int r1 = localVal | (1 << targetBit);
            return new OneQubitMatrix(Qubits[k - 1], cmask, cval, dMat[(r0 * d) + r0], dMat[(r0 * d) + r1], dMat[(r1 * d) + r0], dMat[(r1 * d) + r1]);
        }

        internal Complex[] FullMatrix(GateDefinition def, double[] p)
        {
            var m = def.Matrix(p);
            int c = ControlQubits.Length;
            if (c == 0)
            {
                return m;
            }

            // Qubit order (controls..., gate qubits...): controls are the low index bits.
            int dg = 1 << (Qubits.Length - c);
            int d = 1 << Qubits.Length;
            int want = 0;
            for (int j = 0; j < c; j++)
            {
                want |= ControlValues[j] ? 1 << j : 0;
            }

            int cmask = (1 << c) - 1;
            var full = new Complex[d * d];
            for (int r = 0; r < d; r++)
            {
                for (int col = 0; col < d; col++)
                {
                    if ((r & cmask) != (col & cmask))
                    {
                        continue;
                    }

                    if ((r & cmask) == want)
                    {
                        full[(r * d) + col] = m[((r >> c) * dg) + (col >> c)];
                    }
                    else if (r == col)
                    {
                        full[(r * d) + col] = 1;
                    }
                }
            }

            return full;
        }

        private Complex[] MatrixDerivative(GateDefinition def, double[] p, int j)
        {
            var q = (double[])p.Clone();
            double h = MatrixStep;
            Complex[] At(double delta)
            {
                q[j] = p[j] + delta;
                return FullMatrix(def, q);
            }

            var p1 = At(h);
            var m1 = At(-h);
            var p2 = At(2 * h);
            var m2 = At(-2 * h);
            var r = new Complex[p1.Length];
            for (int i = 0; i < r.Length; i++)
            {
                r[i] = ((8 * (p1[i] - m1[i])) - (p2[i] - m2[i])) / (12 * h);
            }

            return r;
        }

        private static (int Index, double Coefficient)[] Chain(ParamExpr e, IParameterSource values, IReadOnlyDictionary<Symbol, int> differentiate)
        {
            var result = new List<(int, double)>();
            foreach (var s in ParamExprSymbols(e).Distinct())
            {
                if (differentiate.TryGetValue(s, out int idx))
                {
                    double c = e.Derivative(s).Evaluate(values);
                    if (c != 0)
                    {
                        result.Add((idx, c));
                    }
                }
            }

            return [.. result];
        }

        private static Complex[] Kron1(Complex[] u)
        {
            // Superoperator U (x) conj(U) on (q, q + n): index bit 0 = ket, bit 1 = bra.
            var s = new Complex[16];
            for (int r = 0; r < 4; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    s[(r * 4) + c] = u[((r & 1) * 2) + (c & 1)] * Complex.Conjugate(u[((r >> 1) * 2) + (c >> 1)]);
                }
            }

            return s;
        }
    }
}

/// <summary>d(gate)/d(parameter) U^dagger on the ket side and the chain-rule factors to the differentiated symbols.</summary>
internal sealed record Derivative(CompiledGate D, (int Index, double Coefficient)[] Chain, OneQubitMatrix? OneQubit);

/// <summary>A 2x2 matrix on one (ket) qubit, applied where the row index matches (mask, value) and zero elsewhere.</summary>
internal sealed record OneQubitMatrix(int Qubit, int ControlMask, int ControlValue, Complex M00, Complex M01, Complex M10, Complex M11);

/// <summary>A compiled operation with bound parameters, in both pictures.</summary>
internal sealed record BoundOp(
    ChannelProgram.OpKind Kind,
    CompiledGate? Forward,
    CompiledGate? Adjoint,
    CompiledGate? KetForward,
    CompiledGate? BraForward,
    CompiledGate? KetAdjoint,
    CompiledGate? BraAdjoint,
    Derivative[] Derivatives)
{
    public void ApplyForward(Complex[] a, int threads)
    {
        if (Forward is not null)
        {
            Forward.Apply(a, threads);
            return;
        }

        KetForward!.Apply(a, threads);
        BraForward!.Apply(a, threads);
    }

    public void ApplyAdjoint(Complex[] a, int threads)
    {
        if (Adjoint is not null)
        {
            Adjoint.Apply(a, threads);
            return;
        }

        KetAdjoint!.Apply(a, threads);
        BraAdjoint!.Apply(a, threads);
    }
}

/// <summary>A <see cref="ChannelProgram"/> with bound parameters.</summary>
public sealed class BoundProgram
{
    internal BoundProgram(int numQubits, BoundOp[] ops)
    {
        NumQubits = numQubits;
        Ops = ops;
    }

    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; }

    internal BoundOp[] Ops { get; }

    /// <summary>rho -&gt; Phi(rho) in place (vec layout of <see cref="DensityMatrix"/>).</summary>
    public void ApplySchrodinger(Complex[] rho, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(rho);
        foreach (var op in Ops)
        {
            op.ApplyForward(rho, threads);
        }
    }

    /// <summary>O -&gt; Phi^dagger(O) in place.</summary>
    public void ApplyHeisenberg(Complex[] observable, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(observable);
        for (int k = Ops.Length - 1; k >= 0; k--)
        {
            Ops[k].ApplyAdjoint(observable, threads);
        }
    }
}

/// <summary>
/// An operation in the Pauli basis: transfer matrix T (Schrödinger picture), T^T (Heisenberg picture) and
/// derivative maps; or, with <paramref name="SwapSlot"/> &gt;= 0, a relabelling step of the layout plan.
/// </summary>
internal sealed record TransferOp(ChannelProgram.OpKind Kind, PauliTransfer? Forward, PauliTransfer? Adjoint, TransferDerivative[] Derivatives, int SwapSlot = -1)
{
    /// <summary>Transfer-matrix entries this close to 0 (or rows this close to a unit row) are taken as exact: they are rounding residue of the trace formula.</summary>
    public const double Snap = 1e-14;

    /// <summary>
    /// The same for derivative maps, whose dU comes from a five-point stencil with step 1e-3: its rounding leaves
    /// about 1e-13 where dT is exactly zero (the rows a rotation does not change), so the threshold sits well above it.
    /// </summary>
    public const double DerivativeSnap = 1e-11;

    private static readonly TransferOp?[] Swaps = new TransferOp?[32];

    public static TransferOp Create(ChannelProgram.OpKind kind, double[] t, int[] qubits, TransferDerivative[] derivatives, TransferOp? like = null)
    {
        int m = (int)Math.Sqrt(t.Length);
        var tt = new double[t.Length];
        for (int s = 0; s < m; s++)
        {
            for (int c = 0; c < m; c++)
            {
                tt[(c * m) + s] = t[(s * m) + c];
            }
        }

        return new TransferOp(kind, PauliTransfer.Create(t, qubits, Snap, like?.Forward), PauliTransfer.Create(tt, qubits, Snap, like?.Adjoint), derivatives);
    }

    /// <summary>The relabelling that exchanges the digits of slots 0 and <paramref name="slot"/>.</summary>
    public static TransferOp Swap(int slot) => Swaps[slot] ??= new TransferOp(ChannelProgram.OpKind.Unitary, null, null, [], slot);

    /// <summary>a &lt;- Phi(a), on part <paramref name="part"/> of <paramref name="parts"/> (see <see cref="PauliTransfer.Apply(Span{double}, int, int)"/>).</summary>
    public void ApplyForward(Span<double> a, int part = 0, int parts = 1)
    {
        if (SwapSlot >= 0)
        {
            PauliBasis.SwapLowestDigit(a, SwapSlot, part, parts);
        }
        else
        {
            Forward!.Apply(a, part, parts);
        }
    }

    /// <summary>a &lt;- Phi^dagger(a), on part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    public void ApplyAdjoint(Span<double> a, int part = 0, int parts = 1)
    {
        if (SwapSlot >= 0)
        {
            PauliBasis.SwapLowestDigit(a, SwapSlot, part, parts);
        }
        else
        {
            Adjoint!.Apply(a, part, parts);
        }
    }
}

/// <summary>One step of the layout plan: operation <paramref name="Op"/> on digit slots <paramref name="Slots"/>, or (Op = -1) a swap of slots 0 and <paramref name="SwapSlot"/>.</summary>
internal sealed record LayoutStep(int Op, int SwapSlot, int[] Slots);

/// <summary>The derivative map of gate parameter <paramref name="Parameter"/> (transfer matrix of dPhi/dtheta) and its chain-rule factors.</summary>
internal sealed record TransferDerivative(PauliTransfer Map, (int Index, double Coefficient)[] Chain, int Parameter);

/// <summary>A <see cref="ChannelProgram"/> bound in the Pauli basis.</summary>
internal sealed class TransferProgram(int numQubits, TransferOp[] ops)
{
    /// <summary>Number of qubits.</summary>
    public int NumQubits { get; } = numQubits;

    /// <summary>The operations, in circuit order.</summary>
    public TransferOp[] Ops { get; } = ops;

    /// <summary>O -&gt; Phi^dagger(O) on Pauli coefficients.</summary>
    public void ApplyHeisenberg(Span<double> observable)
    {
        for (int k = Ops.Length - 1; k >= 0; k--)
        {
            Ops[k].ApplyAdjoint(observable);
        }
    }
}

/// <summary>
/// Runs a sequence of steps, each split into <see cref="Parts"/> parts that touch disjoint data. The caller and
/// (with two threads) a helper worker claim the parts of the current step one by one; a step ends when all are
/// done. Without a helper the caller runs them in order. Results are combined per part in a fixed order, so the
/// arithmetic, and the result, is the same for any thread count; a helper that is not scheduled costs only the
/// claims it does not make.
/// </summary>
internal sealed class StepTeam : IDisposable
{
    /// <summary>Parts per step.</summary>
    public const int Parts = 2;

    private const int PartBits = 8;

    /// <summary>Polls a waiting thread makes before it starts yielding its core (about 0.1 ms, ten times a step): a partner that takes longer has been descheduled.</summary>
    private const int PollsBeforeYield = 1 << 12;

    private readonly Task? _helper;
    private Action<int>? _work;

    // (step number << PartBits) | next unclaimed part.
    private long _state;
    private int _finished;
    private volatile bool _stop;
    private volatile Exception? _error;

    /// <summary>Creates a team; with <paramref name="parallel"/> a helper worker claims parts too.</summary>
    public StepTeam(bool parallel)
    {
        if (parallel)
        {
            _helper = Task.Run(Help);
        }
    }

    /// <summary>Runs <paramref name="work"/>(p) for every part p, returning when all are done.</summary>
    public void Run(Action<int> work)
    {
        if (_helper is null)
        {
            for (int p = 0; p < Parts; p++)
            {
                work(p);
            }

            return;
        }

        long step = (_state >> PartBits) + 1;
        System.Threading.Volatile.Write(ref _finished, 0);
        System.Threading.Volatile.Write(ref _work, work);
        System.Threading.Interlocked.Exchange(ref _state, step << PartBits);
        Claim(step, work);
        int polls = 0;
        while (System.Threading.Volatile.Read(ref _finished) != Parts)
        {
            Pause(ref polls);
        }

        if (_error is { } error)
        {
            _error = null;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }

    /// <summary>Stops the helper.</summary>
    public void Dispose()
    {
        _stop = true;
        _helper?.GetAwaiter().GetResult();
    }

    /// <summary>Claims and runs parts of step <paramref name="step"/> while any is left.</summary>
    private void Claim(long step, Action<int> work)
    {
        while (true)
        {
            long state = System.Threading.Volatile.Read(ref _state);
            int part = (int)(state & ((1 << PartBits) - 1));
            if (state >> PartBits != step || part >= Parts)
            {
                return;
            }

            if (System.Threading.Interlocked.CompareExchange(ref _state, state + 1, state) != state)
            {
                continue;
            }

            try
            {
                work(part);
            }
#pragma warning disable CA1031 // Any failure of a part is handed to the caller, which rethrows it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _error ??= e;
            }

            System.Threading.Interlocked.Increment(ref _finished);
        }
    }

    /// <summary>A short pause while polling; after <see cref="PollsBeforeYield"/> of them, yield the core at every poll.</summary>
    private static void Pause(ref int polls)
    {
        if (++polls < PollsBeforeYield)
        {
            System.Threading.Thread.SpinWait(1);
        }
        else
        {
            System.Threading.Thread.Yield();
        }
    }

    private void Help()
    {
        int polls = 0;
        while (!_stop)
        {
            long state = System.Threading.Volatile.Read(ref _state);
            if ((state & ((1 << PartBits) - 1)) >= Parts || state == 0)
            {
                Pause(ref polls);
                continue;
            }

            polls = 0;

            // The work was published before the step number; a claim on this step succeeds only while it is current.
            Claim(state >> PartBits, System.Threading.Volatile.Read(ref _work)!);
        }
    }
}
