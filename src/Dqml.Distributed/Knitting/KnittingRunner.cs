using System.Runtime.ExceptionServices;
using Dqml.Simulation;

namespace Dqml.Distributed;

/// <summary>Exact recombination of a knitted circuit.</summary>
public static class KnittingRunner
{
    private const int Chunks = 64;

    /// <summary>Knits <paramref name="circuit"/> under <paramref name="scheme"/> (its wire cuts included) and recombines it exactly.</summary>
    /// <exception cref="DistributionException">A cross operation cannot be cut, or there are more than <see cref="KnittedCircuit.MaxExactTerms"/> term circuits.</exception>
    public static DistributedResult Run(DistributedCircuit circuit, Knitting scheme, SimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(scheme);
        return RunExact(KnittedCircuit.Create(circuit, scheme.WireCuts), options) with { Scheme = scheme };
    }

    /// <summary>
    /// Exact probabilities over the logical qubits: every term circuit runs on the state vector with every
    /// measurement branched (no deferral, so each branch has known classical bits), and
    /// p(x) = sum_term c_term sum_branch w_b sign(bits_b) |psi_b(x)|^2. The sum is split into fixed chunks run in
    /// parallel and added in order, so the result does not depend on the thread count. The ledger has no
    /// communication, Gamma the product of the cuts' gammas and one note per cut.
    /// </summary>
    /// <exception cref="DistributionException">More than <see cref="KnittedCircuit.MaxExactTerms"/> term circuits (use <see cref="KnittingSampler"/>).</exception>
    public static DistributedResult RunExact(KnittedCircuit knitted, SimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(knitted);
        if (knitted.TermCount > KnittedCircuit.MaxExactTerms)
        {
            throw new DistributionException($"scheme knit: {knitted.Cuts.Length} cuts make {knitted.TermCount} term circuits, more than exact mode enumerates ({KnittedCircuit.MaxExactTerms} = 6^8); estimate with KnittingSampler instead, or cut fewer gates");
        }

        var opts = (options ?? SimulatorOptions.Default) with { DeferMeasurements = false };
        var sim = new StateVectorSimulator(opts);
        int dim = 1 << knitted.NumQubits;
        long total = knitted.TermCount;
        int chunks = (int)Math.Min(total, Chunks);
        var partial = new double[chunks][];
        try
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, opts.Threads) }, k =>
            {
                var acc = new double[dim];
                for (long t = total * k / chunks; t < total * (k + 1) / chunks; t++)
                {
                    var choice = knitted.Choice(t);
                    double c = knitted.Coefficient(choice);
                    var result = sim.RunExact(knitted.TermCircuit(choice));
                    foreach (var b in result.Branches)
                    {
                        b.State.AddProbabilities(acc, c * knitted.Sign(b.Bits) * b.Weight);
                    }
                }

                partial[k] = acc;
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        var p = new double[dim];
        foreach (var part in partial)
        {
            for (int i = 0; i < dim; i++)
            {
                p[i] += part[i];
            }
        }

        return new DistributedResult(new Knitting(), knitted.Ledger, p, sim.Name);
    }
}
