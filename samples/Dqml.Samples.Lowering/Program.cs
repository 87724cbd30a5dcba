// Three small circuits on two processors, lowered under every communication scheme; each line prints the
// ledger (what crossing the processors cost) or why the scheme cannot run the circuit.
// Run: dotnet run --project samples/Dqml.Samples.Lowering
using Dqml.Circuits;
using Dqml.Distributed;

string[] schemes = ["nc", "cc", "qc:direct", "qc:teledata", "qc:telegate", "bell:1", "knit"];
var architecture = ArchitectureSpec.Build(["A", "B"]);

// A CHSH round: only local gates. Under bell:1 qubit 0 of A and qubit 0 of B start as a Bell pair.
var chsh = new CircuitBuilder(2, 2).RY(-Math.PI / 4, 1).Measure(0, 0).Measure(1, 1).Build();

// Feed-forward: A measures, B rotates on the outcome (LOCC, one classical bit).
var feedForward = new CircuitBuilder(2, 1).H(0).Measure(0, 0).If(0, true, b => b.RY(1.1, 1)).Build();

// A coherent circuit: a CNOT and an RZZ across the cut.
var coherent = new CircuitBuilder(3).H(0).CX(0, 1).CX(1, 2).RZZ(0.4, 0, 2).Build();

Show("chsh round", DistributedCircuit.Parse(chsh, architecture, "A:0,B:1"));
Show("feed-forward", DistributedCircuit.Parse(feedForward, architecture, "A:0,B:1"));
Show("coherent", DistributedCircuit.Parse(coherent, architecture, "A:0-1,B:2"));

void Show(string title, DistributedCircuit circuit)
{
    Console.WriteLine($"== {title}: {circuit.CrossOperations().Count} operation(s) across processors");
    Console.WriteLine($"{"scheme",-12} {"qubits",6} {"ebits",5} {"cbits",5} {"telep",5} {"rounds",6} {"gamma",6} {"makespan",10}  P(0...0)");
    foreach (string text in schemes)
    {
        try
        {
            var result = DistributedRunner.Run(circuit, Scheme.Parse(text));
            var l = result.Ledger;
            string qubits = result.Lowered is { } lowered ? $"{lowered.Circuit.NumQubits}" : "-";
            Console.WriteLine(
                $"{text,-12} {qubits,6} {l.Ebits,5} {l.ClassicalBits,5} {l.QubitsTeleported,5} {l.Rounds,6} {l.Gamma,6:F2} " +
                $"{l.MakespanSeconds * 1e6,8:F2}us  {result.LogicalProbabilities[0]:F4}");
        }
        catch (DistributionException e)
        {
            // The scheme cannot realise an operation across the processors; the lowering says which and why.
            Console.WriteLine($"{text,-12} refused: {e.Message}");
        }
    }

    Console.WriteLine();
}
