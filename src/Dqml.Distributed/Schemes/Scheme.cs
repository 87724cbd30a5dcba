using System.Collections.Immutable;
using System.Globalization;

namespace Dqml.Distributed;

/// <summary>How a cross-processor two-qubit gate is realised under quantum communication.</summary>
public enum QcRealisation
{
    /// <summary>An ideal inter-chip coupler: the gate runs as is (with the quantum channel's noise).</summary>
    Direct,

    /// <summary>Teleport the qubit to the other processor (1 ebit + 2 cbits), run the gate there, teleport it back.</summary>
    Teledata,

    /// <summary>Cat-entangler / disentangler remote controlled gate (1 ebit + 2 cbits).</summary>
    Telegate,
}

/// <summary>
/// A communication scheme: which resources may cross processors. The set is closed (no communication,
/// classical, quantum, Bell sources, knitting); each but knitting lowers a distributed circuit to a plain
/// executable circuit, knitting runs a quasi-probability sum of many local circuits.
/// </summary>
public abstract record Scheme
{
    /// <summary>The name as the command line spells it.</summary>
    public abstract string Name { get; }

    /// <summary>Parses <c>nc</c>, <c>cc</c>, <c>qc</c>, <c>qc:direct</c>, <c>qc:teledata</c>, <c>qc:telegate</c>, <c>bell:K</c>, <c>knit</c>.</summary>
    /// <exception cref="DistributionException">Unknown scheme or bad parameter.</exception>
    public static Scheme Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        int colon = t.IndexOf(':', StringComparison.Ordinal);
        string head = colon < 0 ? t : t[..colon], arg = colon < 0 ? string.Empty : t[(colon + 1)..];
        return head switch
        {
            "nc" when arg.Length == 0 => new NoCommunication(),
            "cc" when arg.Length == 0 => new ClassicalCommunication(),
            "knit" when arg.Length == 0 => new Knitting(),
            "qc" => new QuantumCommunication(arg switch
            {
                "" or "direct" => QcRealisation.Direct,
                "teledata" => QcRealisation.Teledata,
                "telegate" => QcRealisation.Telegate,
                _ => throw new DistributionException($"scheme '{text}': unknown realisation '{arg}' (use direct, teledata or telegate)"),
            }),
            "bell" => int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out int k)
                ? new BellSources(k)
                : throw new DistributionException($"scheme '{text}': expected bell:K with K the number of pairs, e.g. bell:1"),
            _ => throw new DistributionException($"unknown scheme '{text}' (use nc, cc, qc[:direct|teledata|telegate], bell:K or knit)"),
        };
    }
}

/// <summary>NC: no operation may span two processors.</summary>
public sealed record NoCommunication : Scheme
{
    /// <inheritdoc />
    public override string Name => "nc";
}

/// <summary>CC: LOCC only (measure on the sender, send the bit, classically controlled operation on the receiver).</summary>
public sealed record ClassicalCommunication : Scheme
{
    /// <inheritdoc />
    public override string Name => "cc";
}

/// <summary>QC: cross-processor gates realised by <see cref="Realisation"/>.</summary>
public sealed record QuantumCommunication(QcRealisation Realisation = QcRealisation.Direct) : Scheme
{
    /// <inheritdoc />
    public override string Name => Realisation switch
    {
        QcRealisation.Teledata => "qc:teledata",
        QcRealisation.Telegate => "qc:telegate",
        _ => "qc:direct",
    };
}

/// <summary>
/// Bell sources: <see cref="Pairs"/> pairs shared at t = 0 between two processors (pair i on local qubit i
/// of each, with the link's noise), nothing sent afterwards: otherwise as NC.
/// </summary>
public sealed record BellSources(int Pairs) : Scheme
{
    /// <inheritdoc />
    public override string Name => $"bell:{Pairs}";
}

/// <summary>
/// Circuit knitting: every coherent cross-processor two-qubit gate, and each of <see cref="WireCuts"/>, is
/// replaced by a quasi-probability decomposition into local operations (no communication at all), and the
/// results of the many term circuits are recombined classically with signs. Sampling overhead gamma per
/// cut (3 per CNOT or CZ, 1 + 2|sin t| per RZZ(t), 4 per wire cut), multiplied over cuts; shots scale with
/// gamma^2. Run with <see cref="DistributedRunner"/> (exact) or <see cref="KnittingSampler"/> (shots); it
/// does not lower to one circuit.
/// </summary>
public sealed record Knitting : Scheme
{
    /// <inheritdoc />
    public override string Name => "knit";

    /// <summary>Wire cuts to make in addition to the gate cuts.</summary>
    public ImmutableArray<WireCut> WireCuts { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(Knitting? other) => other is not null && WireCuts.SequenceEqual(other.WireCuts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, WireCuts.Length);
}
