using System.Globalization;
using System.Text.Json;
using Dqml.Circuits;
using Dqml.Circuits.Instructions;
using Dqml.Circuits.Noise;

namespace Dqml.Simulation.Noise;

/// <summary>
/// A noise model: a circuit-to-circuit transform that inserts noise instructions. It can add a channel
/// after every one-qubit gate (on its qubit) and after every two-qubit gate (a two-qubit channel on the
/// pair, or a one-qubit channel on each qubit); thermal relaxation from T1, T2 and gate durations, with
/// the circuit scheduled as soon as possible so that idle qubits relax for the time they wait; and a
/// readout error after every measurement.
/// </summary>
/// <remarks>
/// Scheduling: each qubit has a clock. An operation on qubits Q starts at max over Q of their clocks;
/// each qubit in Q first relaxes for its idle time, then for the operation's duration after it. A barrier
/// synchronises its qubits. At the end every qubit relaxes until the last one finishes. Conditioned
/// operations are scheduled like unconditioned ones (the classical latency of feed-forward belongs to the
/// distributed layer's timing model).
/// </remarks>
public sealed record NoiseModel
{
    /// <summary>Channel after each one-qubit gate (one-qubit channel).</summary>
    public NoiseChannel? AfterOneQubitGate { get; init; }

    /// <summary>Channel after each gate on two or more qubits: a two-qubit channel on the first two qubits' pair, or a one-qubit channel on each qubit.</summary>
    public NoiseChannel? AfterMultiQubitGate { get; init; }

    /// <summary>T1 in seconds (null: no relaxation).</summary>
    public double? T1 { get; init; }

    /// <summary>T2 in seconds (T1 when not given); T2 &lt;= 2 T1.</summary>
    public double? T2 { get; init; }

    /// <summary>Duration of a one-qubit gate (s).</summary>
    public double OneQubitGateTime { get; init; }

    /// <summary>Duration of a gate on two or more qubits (s).</summary>
    public double MultiQubitGateTime { get; init; }

    /// <summary>Duration of a measurement or reset (s).</summary>
    public double MeasurementTime { get; init; }

    /// <summary>Readout error P(1|0), or 0.</summary>
    public double ReadoutP01 { get; init; }

    /// <summary>Readout error P(0|1), or 0.</summary>
    public double ReadoutP10 { get; init; }

    /// <summary>True when the model adds nothing.</summary>
    public bool IsEmpty => AfterOneQubitGate is null && AfterMultiQubitGate is null && T1 is null && ReadoutP01 == 0 && ReadoutP10 == 0;

    /// <summary>Returns <paramref name="circuit"/> with the noise instructions inserted.</summary>
    /// <exception cref="ArgumentException">The model is inconsistent (e.g. T2 &gt; 2 T1, a two-qubit channel after one-qubit gates).</exception>
    public Circuit Apply(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        Validate();
        var output = new List<Instruction>(circuit.Instructions.Length * 3);
        var clock = new double[circuit.NumQubits];
        bool thermal = T1 is not null;
        foreach (var instr in circuit.Instructions)
        {
            var inner = instr is Conditioned c ? c.Body : instr;
            var cond = (instr as Conditioned)?.Condition;
            void Emit(Instruction i) => output.Add(cond is null ? i : new Conditioned(cond, i));

            if (inner is Barrier b)
            {
                if (thermal && b.Qubits.Length > 0)
                {
                    double t = b.Qubits.Max(q => clock[q]);
                    foreach (int q in b.Qubits)
                    {
                        Relax(output, q, t - clock[q]);
                        clock[q] = t;
                    }
                }

                output.Add(instr);
                continue;
            }

            double duration = inner switch
            {
                GateOperation g => g.Qubits.Length == 1 ? OneQubitGateTime : MultiQubitGateTime,
                Circuits.Instructions.Measurement or Reset => MeasurementTime,
                _ => 0,
            };
            var qubits = inner.Qubits;
            if (thermal && qubits.Length > 0)
            {
                double start = qubits.Max(q => clock[q]);
                foreach (int q in qubits)
                {
                    Relax(output, q, start - clock[q]);
                    clock[q] = start + duration;
                }
            }

            output.Add(instr);
            switch (inner)
            {
                case GateOperation g when g.Qubits.Length == 1 && AfterOneQubitGate is not null:
                    Emit(new NoiseChannelOperation(AfterOneQubitGate, g.Qubits));
                    break;
                case GateOperation g when g.Qubits.Length >= 2 && AfterMultiQubitGate is not null:
                    if (AfterMultiQubitGate.NumQubits == 2)
                    {
                        Emit(new NoiseChannelOperation(AfterMultiQubitGate, [g.Qubits[0], g.Qubits[1]]));
                    }
                    else
                    {
                        foreach (int q in g.Qubits)
                        {
                            Emit(new NoiseChannelOperation(AfterMultiQubitGate, [q]));
                        }
                    }

                    break;
                case Circuits.Instructions.Measurement m when ReadoutP01 > 0 || ReadoutP10 > 0:
                    Emit(new ReadoutError(m.Clbit, ReadoutP01, ReadoutP10));
                    break;
                default:
                    break;
            }

            // The time passes whether or not a conditioned operation fires: relaxation is unconditional.
            if (thermal && duration > 0)
            {
                foreach (int q in qubits)
                {
                    Relax(output, q, duration);
                }
            }
        }

        if (thermal && circuit.NumQubits > 0)
        {
            double end = clock.Max();
            for (int q = 0; q < circuit.NumQubits; q++)
            {
                Relax(output, q, end - clock[q]);
            }
        }

        return circuit.WithInstructions(output);
    }

    private void Relax(List<Instruction> output, int qubit, double time)
    {
        if (time > 0)
        {
            output.Add(new NoiseChannelOperation(new ThermalRelaxation(T1!.Value, T2 ?? T1.Value, time), [qubit]));
        }
    }

    /// <summary>Checks the model's consistency.</summary>
    public void Validate()
    {
        if (AfterOneQubitGate is { NumQubits: not 1 })
        {
            throw new ArgumentException($"noise after one-qubit gates must be a one-qubit channel, got '{AfterOneQubitGate.Name}' on {AfterOneQubitGate.NumQubits} qubits");
        }

        if (AfterMultiQubitGate is { NumQubits: > 2 })
        {
            throw new ArgumentException($"noise after multi-qubit gates must act on 1 or 2 qubits, got '{AfterMultiQubitGate.Name}' on {AfterMultiQubitGate.NumQubits}");
        }

        if (T1 is not null)
        {
            _ = new ThermalRelaxation(T1.Value, T2 ?? T1.Value, 0); // validates T1 > 0, T2 <= 2 T1
        }
        else if (T2 is not null)
        {
            throw new ArgumentException("T2 is given without T1");
        }

        foreach (var (name, v) in new[] { ("one-qubit gate time", OneQubitGateTime), ("multi-qubit gate time", MultiQubitGateTime), ("measurement time", MeasurementTime) })
        {
            if (!(v >= 0) || double.IsInfinity(v))
            {
                throw new ArgumentException($"{name} = {v.ToString(CultureInfo.InvariantCulture)} s must be non-negative");
            }
        }

        _ = new ReadoutError(0, ReadoutP01, ReadoutP10); // validates the probabilities
    }

    /// <summary>
    /// Parses a noise spec: inline items separated by ';' or a JSON object with the same keys.
    /// </summary>
    /// <remarks>
    /// Items: a channel spec (<c>depolarizing:0.01</c>, <c>pauli:0.01,0,0.02</c>, <c>amplitude_damping:0.05</c>,
    /// ...) applies after every gate: one-qubit channels after every gate on each of its qubits,
    /// <c>depolarizing2:p</c> after every two-qubit gate; or <c>key=value</c> pairs separated by commas:
    /// <c>t1</c>, <c>t2</c>, <c>gate</c> (one-qubit gate time), <c>gate2</c> (two-qubit gate time, default
    /// <c>gate</c>), <c>measure</c> (measurement and reset time), <c>readout</c> (<c>p</c> or
    /// <c>p01/p10</c>), <c>after1</c> / <c>after2</c> (a channel spec for one- / multi-qubit gates only).
    /// Times take units s, ms, us, ns. Examples: <c>depolarizing:0.01</c>,
    /// <c>t1=50us,t2=70us,gate=50ns</c>, <c>depolarizing:0.001;depolarizing2:0.01;readout=0.02</c>,
    /// <c>{"t1": "50us", "t2": "70us", "gate": "50ns", "readout": 0.01}</c>.
    /// </remarks>
    /// <exception cref="FormatException">The spec does not parse or a value is out of range; the message names it.</exception>
    public static NoiseModel Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string text = spec.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("empty noise spec");
        }

        var pairs = new List<(string Key, string Value)>();
        if (text.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                foreach (var prop in doc.RootElement.EnumerateObject())
                {
                    string value = prop.Value.ValueKind switch
                    {
                        JsonValueKind.Number => prop.Value.GetRawText(),
                        JsonValueKind.String => prop.Value.GetString()!,
                        _ => throw new FormatException($"noise spec: '{prop.Name}' must be a number or a string"),
                    };
                    pairs.Add((prop.Name, value));
                }
            }
            catch (JsonException e)
            {
                throw new FormatException($"noise spec is not valid JSON: {e.Message}", e);
            }
        }
        else
        {
            foreach (var item in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (item.Contains(':', StringComparison.Ordinal) && !item.Contains('=', StringComparison.Ordinal))
                {
                    pairs.Add(("channel", item));
                    continue;
                }

                foreach (var (k, v) in NoiseSpec.ParseKeyValues(item, spec))
                {
                    pairs.Add((k, v));
                }
            }
        }

        var model = new NoiseModel();
        double? gate2 = null;
        foreach (var (rawKey, value) in pairs)
        {
            string key = rawKey.ToLowerInvariant();
            model = key switch
            {
                "channel" => AddChannel(model, NoiseSpec.Parse(value), spec),
                "after1" => model with { AfterOneQubitGate = NoiseSpec.Parse(value) },
                "after2" => model with { AfterMultiQubitGate = NoiseSpec.Parse(value) },
                "t1" => model with { T1 = NoiseSpec.ParseNumber(value, spec) },
                "t2" => model with { T2 = NoiseSpec.ParseNumber(value, spec) },
                "gate" => model with { OneQubitGateTime = NoiseSpec.ParseNumber(value, spec) },
                "gate2" => model,
                "measure" => model with { MeasurementTime = NoiseSpec.ParseNumber(value, spec) },
                "readout" => ParseReadout(model, value, spec),
                _ => throw new FormatException($"noise spec '{spec}': unknown key '{rawKey}' (known: t1, t2, gate, gate2, measure, readout, after1, after2, or a channel such as depolarizing:0.01)"),
            };
            if (key == "gate2")
            {
                gate2 = NoiseSpec.ParseNumber(value, spec);
            }
        }

        model = model with { MultiQubitGateTime = gate2 ?? model.OneQubitGateTime };
        try
        {
            model.Validate();
        }
        catch (ArgumentException e)
        {
            string msg = e.Message.Split(" (Parameter", 2)[0];
            throw new FormatException($"noise spec '{spec}': {msg.Split('\n')[0]}", e);
        }

        return model;
    }

    private static NoiseModel AddChannel(NoiseModel model, NoiseChannel channel, string spec) => channel.NumQubits switch
    {
        1 => model with { AfterOneQubitGate = channel, AfterMultiQubitGate = model.AfterMultiQubitGate ?? channel },
        2 => model with { AfterMultiQubitGate = channel },
        _ => throw new FormatException($"noise spec '{spec}': channel '{channel.Name}' on {channel.NumQubits} qubits cannot follow gates"),
    };

    private static NoiseModel ParseReadout(NoiseModel model, string value, string spec)
    {
        var parts = value.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2)
        {
            throw new FormatException($"noise spec '{spec}': readout takes p or p01/p10, got '{value}'");
        }

        double p01 = NoiseSpec.ParseNumber(parts[0], spec);
        double p10 = parts.Length == 2 ? NoiseSpec.ParseNumber(parts[1], spec) : p01;
        foreach (var p in new[] { p01, p10 })
        {
            if (p is < 0 or > 1)
            {
                throw new FormatException($"noise spec '{spec}': readout probability {p.ToString(CultureInfo.InvariantCulture)} is outside [0, 1]");
            }
        }

        return model with { ReadoutP01 = p01, ReadoutP10 = p10 };
    }
}
