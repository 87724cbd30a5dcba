using System.Globalization;
using Dqml.Circuits.Noise;

namespace Dqml.Distributed;

/// <summary>
/// Builds an <see cref="Architecture"/> from short text specs (the command line and experiment files).
/// </summary>
/// <remarks>
/// Link spec, <c>key=value</c> pairs separated by commas, applied to the link between every pair of
/// processors: <c>latency=TIME</c> (classical latency; default 224 ns, the one-channel conditional pulse),
/// <c>controller=NAME</c> (a <see cref="ControllerLatency"/> entry such as <c>20-aggregated-control-flow</c>),
/// <c>km=D</c> (adds fibre latency D x 5 us), <c>visibility=V</c> (Bell pairs and quantum channel,
/// default 1), <c>theta=T</c> (pairs are cos T|00&gt; + sin T|11&gt; instead), <c>pairs=K</c> (Bell source
/// size, default 4), <c>generation=TIME</c> (pair generation latency), <c>classical=off</c>,
/// <c>quantum=off</c>, <c>bell=off</c>.
/// Processor spec, applied to every processor: <c>t1=TIME</c>, <c>t2=TIME</c>, <c>gate=TIME</c>,
/// <c>gate2=TIME</c>, <c>measure=TIME</c>, <c>reset=TIME</c>, <c>capacity=N</c>. Times take s, ms, us, ns.
/// </remarks>
public static class ArchitectureSpec
{
    /// <summary>Processor names in order of first appearance in an assignment such as <c>A:0-3,B:4-7</c>.</summary>
    public static IReadOnlyList<string> ProcessorNames(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var names = new List<string>();
        foreach (var token in assignment.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !names.Contains(token[..colon].Trim()))
            {
                names.Add(token[..colon].Trim());
            }
        }

        return names.Count > 0 ? names : throw new DistributionException($"assignment '{assignment}' names no processor (write NAME:QUBITS, e.g. A:0-3,B:4-7)");
    }

    /// <summary>An architecture with the named processors, all pairs linked as <paramref name="link"/> says.</summary>
    /// <exception cref="DistributionException">A key or value does not parse; the message names it.</exception>
    public static Architecture Build(IReadOnlyList<string> processors, string? link = null, string? processor = null)
    {
        ArgumentNullException.ThrowIfNull(processors);
        var p = Parse(processor, "processor");
        var l = Parse(link, "link");
        foreach (var key in p.Keys.Where(k => k is not ("t1" or "t2" or "gate" or "gate2" or "measure" or "reset" or "capacity")))
        {
            throw new DistributionException($"processor spec: unknown key '{key}' (known: t1, t2, gate, gate2, measure, reset, capacity)");
        }

        foreach (var key in l.Keys.Where(k => k is not ("latency" or "controller" or "km" or "visibility" or "theta" or "pairs" or "generation" or "classical" or "quantum" or "bell")))
        {
            throw new DistributionException($"link spec: unknown key '{key}' (known: latency, controller, km, visibility, theta, pairs, generation, classical, quantum, bell)");
        }

        double gate = Time(p, "gate", 0, "processor");
        var times = new GateTimes(gate, Time(p, "gate2", gate, "processor"), Time(p, "measure", 0, "processor"), Time(p, "reset", Time(p, "measure", 0, "processor"), "processor"));
        double? t1 = p.ContainsKey("t1") ? Time(p, "t1", 0, "processor") : null;
        double? t2 = p.ContainsKey("t2") ? Time(p, "t2", 0, "processor") : null;
        if (t2 is not null && t1 is null)
        {
            throw new DistributionException("processor spec: t2 is given without t1");
        }

        int? capacity = p.TryGetValue("capacity", out var cap) ? Int(cap, "capacity", "processor") : null;
        var procs = processors.Select(name => new Processor(name, capacity, t1, t2, times)).ToList();

        double latency = l.TryGetValue("controller", out var ctrl) ? ControllerLatency.Get(ctrl) : Time(l, "latency", ControllerLatency.Get(1, ControllerLayout.Distributed, ConditionalOperation.ConditionalPulse), "link");
        latency += l.TryGetValue("km", out var km) ? Fibre.Latency(Number(km, "km", "link")) : 0;
        double visibility = l.TryGetValue("visibility", out var v) ? Number(v, "visibility", "link") : 1;
        PairState state = l.TryGetValue("theta", out var th) ? new PartiallyEntangledPair(Number(th, "theta", "link")) : new WernerPair(visibility);
        int pairs = l.TryGetValue("pairs", out var k) ? Int(k, "pairs", "link") : 4;
        double generation = Time(l, "generation", 0, "link");
        var links = new List<Link>();
        for (int a = 0; a < procs.Count; a++)
        {
            for (int b = a + 1; b < procs.Count; b++)
            {
                links.Add(new Link(
                    procs[a].Name,
                    procs[b].Name,
                    Off(l, "classical") ? null : new ClassicalChannel(latency),
                    Off(l, "quantum") ? null : new QuantumChannel(visibility, latency),
                    Off(l, "bell") ? null : new BellSource(pairs, state, generation)));
            }
        }

        return new Architecture(procs, links);
    }

    private static Dictionary<string, string> Parse(string? spec, string what)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        try
        {
            return NoiseSpec.ParseKeyValues(spec, $"{what} spec {spec}");
        }
        catch (FormatException e)
        {
            throw new DistributionException(e.Message);
        }
    }

    private static bool Off(Dictionary<string, string> d, string key)
        => d.TryGetValue(key, out var v) && (v.Equals("off", StringComparison.OrdinalIgnoreCase) || v == "0" || v.Equals("false", StringComparison.OrdinalIgnoreCase));

    private static double Time(Dictionary<string, string> d, string key, double fallback, string what)
    {
        if (!d.TryGetValue(key, out var v))
        {
            return fallback;
        }

        double t;
        try
        {
            t = NoiseSpec.ParseNumber(v, $"{what} spec {key}");
        }
        catch (FormatException e)
        {
            throw new DistributionException(e.Message);
        }

        return t >= 0 ? t : throw new DistributionException($"{what} spec: {key} = {v} must be non-negative");
    }

    private static double Number(string v, string key, string what)
        => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)
            ? x
            : throw new DistributionException($"{what} spec: {key} = '{v}' is not a number");

    private static int Int(string v, string key, string what)
        => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int x)
            ? x
            : throw new DistributionException($"{what} spec: {key} = '{v}' is not a non-negative integer");
}
