using System.Collections.Immutable;
using System.Globalization;

namespace Dqml.Distributed;

/// <summary>Durations of operations on a processor, in seconds.</summary>
public sealed record GateTimes(double OneQubit, double TwoQubit, double Measurement, double Reset)
{
    /// <summary>Instantaneous operations (timing off).</summary>
    public static GateTimes Zero { get; } = new(0, 0, 0, 0);

    /// <summary>Typical superconducting figures: 50 ns, 300 ns, 1 us measurement, 1 us reset.</summary>
    public static GateTimes Superconducting { get; } = new(50e-9, 300e-9, 1e-6, 1e-6);
}

/// <summary>
/// A quantum processor (QPU): a register of <see cref="Capacity"/> qubits with its own classical
/// controller, optional coherence times and gate durations. Local gates are free; anything touching two
/// processors needs a communication resource.
/// </summary>
public sealed record Processor(string Name, int? Capacity = null, double? T1 = null, double? T2 = null, GateTimes? Times = null)
{
    /// <summary>Gate durations (zero when not given).</summary>
    public GateTimes Durations => Times ?? GateTimes.Zero;

    /// <summary>True when idle qubits decohere (T1 given).</summary>
    public bool HasCoherenceTimes => T1 is not null;
}

/// <summary>A classical channel: one message of classical bits takes <see cref="LatencySeconds"/> (controller plus fibre).</summary>
public sealed record ClassicalChannel(double LatencySeconds);

/// <summary>A quantum channel that can carry a qubit (direct coupler or photonic link) with a fidelity and latency.</summary>
public sealed record QuantumChannel(double Visibility = 1, double LatencySeconds = 0);

/// <summary>The state a Bell source delivers.</summary>
public abstract record PairState
{
    /// <summary>Concurrence of the delivered pair.</summary>
    public abstract double Concurrence { get; }
}

/// <summary>A Werner state V|Phi+&gt;&lt;Phi+| + (1 - V) I/4.</summary>
public sealed record WernerPair(double Visibility) : PairState
{
    /// <inheritdoc />
    public override double Concurrence => Math.Max(0, ((3 * Visibility) - 1) / 2);
}

/// <summary>A pure partially entangled pair cos t|00&gt; + sin t|11&gt;.</summary>
public sealed record PartiallyEntangledPair(double Theta) : PairState
{
    /// <inheritdoc />
    public override double Concurrence => Math.Abs(Math.Sin(2 * Theta));
}

/// <summary>A source of pre-shared Bell pairs between the link's two processors.</summary>
public sealed record BellSource(int Pairs, PairState State, double GenerationLatencySeconds = 0);

/// <summary>
/// What connects two processors: any of a classical channel, a quantum channel and a Bell source.
/// A scheme that needs a resource the link lacks is rejected.
/// </summary>
public sealed record Link(string A, string B, ClassicalChannel? Classical = null, QuantumChannel? Quantum = null, BellSource? Bell = null)
{
    /// <summary>True when the link joins <paramref name="p"/> and <paramref name="q"/> (either order).</summary>
    public bool Joins(string p, string q) => (A == p && B == q) || (A == q && B == p);
}

/// <summary>Thrown when an architecture, assignment or scheme is inconsistent; the message names the culprit.</summary>
public sealed class DistributionException(string message) : InvalidOperationException(message);

/// <summary>Processors and the links between them.</summary>
public sealed class Architecture
{
    /// <summary>Creates and validates an architecture.</summary>
    /// <exception cref="DistributionException">Duplicate or unknown processor names, a link to itself, duplicate links.</exception>
    public Architecture(IEnumerable<Processor> processors, IEnumerable<Link>? links = null)
    {
        ArgumentNullException.ThrowIfNull(processors);
        Processors = [.. processors];
        Links = links is null ? [] : [.. links];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in Processors)
        {
            if (string.IsNullOrWhiteSpace(p.Name))
            {
                throw new DistributionException("a processor needs a name");
            }

            if (!names.Add(p.Name))
            {
                throw new DistributionException($"processor '{p.Name}' is defined twice");
            }

            if (p.Capacity is < 1)
            {
                throw new DistributionException($"processor '{p.Name}': capacity {p.Capacity} must be at least 1");
            }

            if (p.T1 is double t1 && (p.T2 ?? t1) > 2 * t1)
            {
                throw new DistributionException($"processor '{p.Name}': T2 = {p.T2} s exceeds 2 T1 = {2 * t1} s");
            }
        }

        for (int i = 0; i < Links.Length; i++)
        {
            var l = Links[i];
            foreach (var end in new[] { l.A, l.B })
            {
                if (!names.Contains(end))
                {
                    throw new DistributionException($"link {l.A}-{l.B}: unknown processor '{end}' (known: {string.Join(", ", names)})");
                }
            }

            if (l.A == l.B)
            {
                throw new DistributionException($"link {l.A}-{l.B} joins a processor to itself");
            }

            for (int j = 0; j < i; j++)
            {
                if (Links[j].Joins(l.A, l.B))
                {
                    throw new DistributionException($"processors {l.A} and {l.B} are linked twice");
                }
            }

            if (l.Bell is { Pairs: < 0 })
            {
                throw new DistributionException($"link {l.A}-{l.B}: a Bell source cannot have {l.Bell.Pairs} pairs");
            }

            if (l.Bell?.State is WernerPair { Visibility: < -1.0 / 3 or > 1 } w)
            {
                throw new DistributionException($"link {l.A}-{l.B}: visibility {w.Visibility.ToString(CultureInfo.InvariantCulture)} is outside [-1/3, 1]");
            }
        }
    }

    /// <summary>The processors, in order (their index is the processor id).</summary>
    public ImmutableArray<Processor> Processors { get; }

    /// <summary>The links.</summary>
    public ImmutableArray<Link> Links { get; }

    /// <summary>Index of a processor by name.</summary>
    /// <exception cref="DistributionException">No such processor.</exception>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Processors.Length; i++)
        {
            if (Processors[i].Name == name)
            {
                return i;
            }
        }

        throw new DistributionException($"unknown processor '{name}' (known: {string.Join(", ", Processors.Select(p => p.Name))})");
    }

    /// <summary>The link between two processors, or null.</summary>
    public Link? LinkBetween(int p, int q) => Links.FirstOrDefault(l => l.Joins(Processors[p].Name, Processors[q].Name));

    /// <summary>
    /// The seed's setup: two processors A and B (4 qubits each with the assignment A:0-3,B:4-7) joined by a link with a classical channel of
    /// <paramref name="classicalLatency"/> seconds (default: one-channel conditional pulse, 224 ns), an ideal
    /// quantum channel and a Bell source of <paramref name="bellPairs"/> pairs of visibility
    /// <paramref name="visibility"/>.
    /// </summary>
    public static Architecture TwoProcessors(int bellPairs = 4, double visibility = 1, double? classicalLatency = null, Processor? template = null)
    {
        var a = (template ?? new Processor("A")) with { Name = "A" };
        var b = a with { Name = "B" };
        double latency = classicalLatency ?? ControllerLatency.Get(1, ControllerLayout.Distributed, ConditionalOperation.ConditionalPulse);
        return new Architecture([a, b], [new Link("A", "B", new ClassicalChannel(latency), new QuantumChannel(), new BellSource(bellPairs, new WernerPair(visibility)))]);
    }
}
