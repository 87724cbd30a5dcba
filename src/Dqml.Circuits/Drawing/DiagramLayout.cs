using System.Collections.Immutable;
using System.Globalization;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Parameters;

namespace Dqml.Circuits.Drawing;

/// <summary>What a row of a diagram is.</summary>
public enum DiagramRowKind
{
    /// <summary>A band header (e.g. <c>── QPU A ──</c>).</summary>
    Header,

    /// <summary>A qubit wire.</summary>
    Qubit,

    /// <summary>A classical bit wire.</summary>
    Clbit,
}

/// <summary>One row of a diagram.</summary>
/// <param name="Kind">Header, qubit or classical bit.</param>
/// <param name="Index">The qubit or bit index (the band index for a header).</param>
/// <param name="Label">The wire label (<c>q0</c>, <c>c1</c>) or the header text.</param>
public sealed record DiagramRow(DiagramRowKind Kind, int Index, string Label);

/// <summary>The kind of symbol an element draws on its wire.</summary>
public enum ElementKind
{
    /// <summary>A box with a label.</summary>
    Box,

    /// <summary>A measurement box (<c>M</c>).</summary>
    Measure,

    /// <summary>A control active on |1&gt; (<c>●</c>), or a classical condition bit that must be 1.</summary>
    Control,

    /// <summary>A control active on |0&gt; (<c>○</c>), or a classical condition bit that must be 0.</summary>
    OpenControl,

    /// <summary>The target of a controlled X (<c>⊕</c>).</summary>
    Target,

    /// <summary>One end of a SWAP (<c>×</c>).</summary>
    Swap,

    /// <summary>The classical bit a measurement writes (<c>╩</c>).</summary>
    MeasureBit,

    /// <summary>A barrier (<c>░</c>).</summary>
    Barrier,
}

/// <summary>A symbol on one row.</summary>
/// <param name="Row">Row index in <see cref="DiagramLayout.Rows"/>.</param>
/// <param name="Kind">The symbol.</param>
/// <param name="Label">The box label (boxes only).</param>
public sealed record DiagramElement(int Row, ElementKind Kind, string Label = "");

/// <summary>A vertical connector between two rows of one operation.</summary>
/// <param name="FromRow">Upper row.</param>
/// <param name="ToRow">Lower row.</param>
/// <param name="Classical">True for a classical (double) line: measurement to bit, condition bit to gate.</param>
/// <param name="Style">Solid or linked (dotted).</param>
public sealed record DiagramSegment(int FromRow, int ToRow, bool Classical, ConnectorStyle Style);

/// <summary>One instruction placed in a column.</summary>
/// <param name="Index">Instruction index in the circuit.</param>
/// <param name="Instruction">The instruction.</param>
/// <param name="Column">Its column.</param>
/// <param name="Elements">Its symbols, top to bottom.</param>
/// <param name="Segments">Its connectors, top to bottom.</param>
/// <param name="Note">Note above the column, or null.</param>
public sealed record DiagramOperation(int Index, Instruction Instruction, int Column, ImmutableArray<DiagramElement> Elements, ImmutableArray<DiagramSegment> Segments, string? Note)
{
    /// <summary>Topmost row the operation touches.</summary>
    public int TopRow => Elements.Min(e => e.Row);

    /// <summary>Bottom row the operation touches.</summary>
    public int BottomRow => Elements.Max(e => e.Row);
}

/// <summary>
/// The layout shared by <see cref="TextDiagram"/> and <see cref="SvgDiagram"/>: the rows (band headers,
/// qubit wires, classical bit wires) and each instruction's column. Instructions are packed left as far as
/// every row between their topmost and bottom wire allows (the connector blocks the rows it crosses), so
/// the order of instructions that share a wire or a bit is kept.
/// </summary>
/// <remarks>
/// Rows: the bands of <see cref="DiagramOptions.Groups"/> (or qubits 0..n-1, qubit 0 on top), then one
/// row per classical bit. Labels come from the registers: <c>q0</c>, <c>commq1</c>, <c>c0</c>. Parameters:
/// numbers are rounded to <see cref="DiagramOptions.Decimals"/> decimals (<c>RX(0.79)</c>), multiples of
/// pi/k are written <c>π/2</c>, and symbolic parameters are written by name (<c>RX(c0_3)</c>,
/// <c>RZ(x1)</c>). Cost: O(instructions x rows).
/// </remarks>
public sealed class DiagramLayout
{
    private static readonly FrozenSymmetric Symmetric = new(["rxx", "ryy", "rzz", "swap", "iswap", "cz", "ccz", "bell_pair"]);

    private DiagramLayout(Circuit circuit, DiagramOptions options, ImmutableArray<DiagramRow> rows, ImmutableArray<DiagramOperation> operations)
    {
        Circuit = circuit;
        Options = options;
        Rows = rows;
        Operations = operations;
        ColumnCount = operations.IsEmpty ? 0 : operations.Max(o => o.Column) + 1;
    }

    /// <summary>The circuit drawn.</summary>
    public Circuit Circuit { get; }

    /// <summary>The options used.</summary>
    public DiagramOptions Options { get; }

    /// <summary>The rows, top to bottom.</summary>
    public ImmutableArray<DiagramRow> Rows { get; }

    /// <summary>The operations, in instruction order.</summary>
    public ImmutableArray<DiagramOperation> Operations { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount { get; }

    /// <summary>Lays out <paramref name="circuit"/>.</summary>
    /// <exception cref="ArgumentException">A band names a qubit out of range or twice.</exception>
    public static DiagramLayout Create(Circuit circuit, DiagramOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        options ??= new DiagramOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Decimals, nameof(options));
        var rows = new List<DiagramRow>();
        var qubitRow = new int[circuit.NumQubits];
        Array.Fill(qubitRow, -1);
        for (int g = 0; g < options.Groups.Length; g++)
        {
            var group = options.Groups[g];
            rows.Add(new DiagramRow(DiagramRowKind.Header, g, group.Label));
            foreach (int q in group.Qubits)
            {
                if ((uint)q >= (uint)circuit.NumQubits || qubitRow[q] >= 0)
                {
                    throw new ArgumentException($"band '{group.Label}' names qubit {q}, which is out of range or already in a band", nameof(options));
                }

                qubitRow[q] = rows.Count;
                rows.Add(new DiagramRow(DiagramRowKind.Qubit, q, WireLabel(circuit.QuantumRegisters, q, "q")));
            }
        }

        for (int q = 0; q < circuit.NumQubits; q++)
        {
            if (qubitRow[q] < 0)
            {
                qubitRow[q] = rows.Count;
                rows.Add(new DiagramRow(DiagramRowKind.Qubit, q, WireLabel(circuit.QuantumRegisters, q, "q")));
            }
        }

        var clbitRow = new int[circuit.NumClbits];
        for (int b = 0; b < circuit.NumClbits; b++)
        {
            clbitRow[b] = rows.Count;
            rows.Add(new DiagramRow(DiagramRowKind.Clbit, b, WireLabel(circuit.ClassicalRegisters, b, "c")));
        }

        var next = new int[rows.Count];
        var ops = new List<DiagramOperation>(circuit.Instructions.Length);
        for (int i = 0; i < circuit.Instructions.Length; i++)
        {
            var instr = circuit.Instructions[i];
            var mark = options.Marks is not null && options.Marks.TryGetValue(i, out var m) ? m : null;
            var elements = new List<DiagramElement>();
            var classicalRows = new HashSet<int>();
            Describe(instr, mark, options.Decimals, qubitRow, clbitRow, elements, classicalRows);
            elements.Sort((a, b) => a.Row.CompareTo(b.Row));
            int top = elements[0].Row, bottom = elements[^1].Row;
            int column = 0;
            for (int r = top; r <= bottom; r++)
            {
                column = Math.Max(column, next[r]);
            }

            for (int r = top; r <= bottom; r++)
            {
                next[r] = column + 1;
            }

            var segments = new List<DiagramSegment>();
            if (instr is not Barrier)
            {
                var style = mark?.Connector ?? ConnectorStyle.Solid;
                for (int k = 1; k < elements.Count; k++)
                {
                    if (elements[k].Row == elements[k - 1].Row)
                    {
                        continue;
                    }

                    bool classical = classicalRows.Contains(elements[k].Row) || classicalRows.Contains(elements[k - 1].Row);
                    segments.Add(new DiagramSegment(elements[k - 1].Row, elements[k].Row, classical, classical ? ConnectorStyle.Solid : style));
                }
            }

            ops.Add(new DiagramOperation(i, instr, column, [.. elements], [.. segments], mark?.Note));
        }

        return new DiagramLayout(circuit, options, [.. rows], [.. ops]);
    }

    /// <summary>The label of a gate as drawn: upper-case name and rounded parameters, e.g. <c>RX(0.79)</c>.</summary>
    public static string GateLabel(Gate gate, int decimals = 2)
    {
        ArgumentNullException.ThrowIfNull(gate);
        string name = gate.Name.ToUpperInvariant();
        return gate.Parameters.IsEmpty ? name : $"{name}({string.Join(",", gate.Parameters.Select(p => FormatParameter(p, decimals)))})";
    }

    /// <summary>A parameter as drawn: a number rounded to <paramref name="decimals"/> (π fractions kept), or the expression's text.</summary>
    public static string FormatParameter(ParamExpr parameter, int decimals = 2)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!parameter.IsConstant)
        {
            return parameter.ToText();
        }

        double v = parameter.Value;
        foreach (int den in (ReadOnlySpan<int>)[1, 2, 3, 4, 6, 8])
        {
            double num = v * den / Math.PI;
            double r = Math.Round(num);
            if (r != 0 && Math.Abs(r) <= 16 && Math.Abs(num - r) < 1e-9)
            {
                string n = r switch { 1 => "π", -1 => "-π", _ => $"{r.ToString(CultureInfo.InvariantCulture)}π" };
                return den == 1 ? n : $"{n}/{den}";
            }
        }

        string text = Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', Math.Max(decimals, 0)), CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    private static string WireLabel(ImmutableArray<Register> registers, int index, string fallback)
    {
        foreach (var r in registers)
        {
            if (index >= r.Offset && index < r.Offset + r.Size)
            {
                return r.Size == 1 && registers.Length > 1 ? r.Name : r.Name + (index - r.Offset).ToString(CultureInfo.InvariantCulture);
            }
        }

        return fallback + index.ToString(CultureInfo.InvariantCulture);
    }

    private static void Describe(Instruction instr, OperationMark? mark, int decimals, int[] qubitRow, int[] clbitRow, List<DiagramElement> elements, HashSet<int> classicalRows)
    {
        string Label(string own) => mark?.Label ?? own;
        switch (instr)
        {
            case GateOperation g:
                DescribeGate(g, Label, decimals, qubitRow, elements);
                break;
            case Measurement me:
                elements.Add(new DiagramElement(qubitRow[me.Qubit], ElementKind.Measure, Label("M")));
                elements.Add(new DiagramElement(clbitRow[me.Clbit], ElementKind.MeasureBit));
                classicalRows.Add(clbitRow[me.Clbit]);
                break;
            case Reset r:
                elements.Add(new DiagramElement(qubitRow[r.Qubit], ElementKind.Box, Label("|0>")));
                break;
            case Barrier b:
                foreach (int q in b.Qubits)
                {
                    elements.Add(new DiagramElement(qubitRow[q], ElementKind.Barrier));
                }

                break;
            case NoiseChannelOperation n:
                foreach (var (q, k) in n.Qubits.Select((q, k) => (q, k)))
                {
                    string own = n.Qubits.Length > 1 ? $"{n.Channel.Name}:{k}" : n.Channel.Name;
                    elements.Add(new DiagramElement(qubitRow[q], ElementKind.Box, Label(own)));
                }

                break;
            case ReadoutError re:
                elements.Add(new DiagramElement(clbitRow[re.Clbit], ElementKind.Box, Label("RO")));
                break;
            case Conditioned c:
                Describe(c.Body, mark, decimals, qubitRow, clbitRow, elements, classicalRows);
                for (int j = 0; j < c.Condition.Clbits.Length; j++)
                {
                    int row = clbitRow[c.Condition.Clbits[j]];
                    bool one = ((c.Condition.Value >> j) & 1) == 1;
                    elements.Add(new DiagramElement(row, one ? ElementKind.Control : ElementKind.OpenControl));
                    classicalRows.Add(row);
                }

                break;
            default:
                throw new ArgumentException($"cannot draw instruction {instr}", nameof(instr));
        }
    }

    private static void DescribeGate(GateOperation g, Func<string, string> label, int decimals, int[] qubitRow, List<DiagramElement> elements)
    {
        var def = g.Gate.Definition;
        int controls = def.NumControls;
        for (int k = 0; k < controls; k++)
        {
            elements.Add(new DiagramElement(qubitRow[g.Qubits[k]], ElementKind.Control));
        }

        var baseDef = controls > 0 ? def.Base! : def;
        int targets = g.Qubits.Length - controls;
        string own = GateLabel(new Gate(baseDef, g.Gate.Parameters), decimals);
        for (int k = controls; k < g.Qubits.Length; k++)
        {
            int row = qubitRow[g.Qubits[k]];
            var element = baseDef.Name switch
            {
                "x" when controls > 0 => new DiagramElement(row, ElementKind.Target),
                "z" when controls > 0 => new DiagramElement(row, ElementKind.Control),
                "swap" => new DiagramElement(row, ElementKind.Swap),
                _ when targets > 1 && !Symmetric.Contains(baseDef.Name) => new DiagramElement(row, ElementKind.Box, label($"{own}:{k - controls}")),
                _ => new DiagramElement(row, ElementKind.Box, label(own)),
            };
            elements.Add(element);
        }
    }

    private sealed class FrozenSymmetric(string[] names)
    {
        public bool Contains(string name) => Array.IndexOf(names, name) >= 0;
    }
}
