using System.Collections.Immutable;

namespace Dqml.Circuits.Drawing;

/// <summary>How the vertical connector of a multi-wire operation is drawn.</summary>
public enum ConnectorStyle
{
    /// <summary>A solid line (controls, multi-qubit gates): text <c>│</c>.</summary>
    Solid,

    /// <summary>A dotted line: an entangled pair shared between processors, or a cut (knitted) gate: text <c>┆</c>.</summary>
    Linked,
}

/// <summary>
/// Extra drawing information for one instruction: a label replacing the gate's own, a short note
/// written above its column, and the connector style. Overlays (e.g. the distributed drawer) use it.
/// </summary>
/// <param name="Label">Replaces the box label of every box of the instruction (null: the gate's label).</param>
/// <param name="Note">A short text written in the note row above the instruction's column (null: none).</param>
/// <param name="Connector">Style of the connector between the instruction's quantum wires.</param>
public sealed record OperationMark(string? Label = null, string? Note = null, ConnectorStyle Connector = ConnectorStyle.Solid);

/// <summary>A labelled band of qubit wires (e.g. the qubits of one processor), drawn in the given order.</summary>
/// <param name="Label">The band's label, e.g. <c>QPU A</c>.</param>
/// <param name="Qubits">The qubits of the band, top to bottom.</param>
public sealed record WireGroup(string Label, ImmutableArray<int> Qubits);

/// <summary>Options of <see cref="TextDiagram"/> and <see cref="SvgDiagram"/>.</summary>
public sealed record DiagramOptions
{
    /// <summary>Width used when the output is not a terminal.</summary>
    public const int FallbackWidth = 80;

    /// <summary>Maximum text width in characters; longer circuits wrap into stacked chunks (null: <see cref="ConsoleWidth"/>). Text only.</summary>
    public int? Width { get; init; }

    /// <summary>Decimals numeric parameters are rounded to (multiples of pi/k are written as π fractions).</summary>
    public int Decimals { get; init; } = 2;

    /// <summary>
    /// Bands of qubits drawn in order with a header each. Empty: qubits 0..n-1, top to bottom, no headers.
    /// Qubits not named in any band follow the bands, in index order.
    /// </summary>
    public ImmutableArray<WireGroup> Groups { get; init; } = [];

    /// <summary>Per-instruction marks, by instruction index (null: none).</summary>
    public IReadOnlyDictionary<int, OperationMark>? Marks { get; init; }

    /// <summary>The console's width when standard output is a terminal, else <see cref="FallbackWidth"/>.</summary>
    public static int ConsoleWidth()
    {
        try
        {
            return Console.IsOutputRedirected || Console.WindowWidth < 20 ? FallbackWidth : Console.WindowWidth;
        }
        catch (IOException)
        {
            return FallbackWidth;
        }
        catch (InvalidOperationException)
        {
            return FallbackWidth;
        }
    }
}
