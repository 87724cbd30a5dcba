using Dqml.Circuits;
using Dqml.Circuits.Parameters;

namespace Dqml.Learning.Models.Embeddings;

/// <summary>Boundary validation shared by the embeddings and ansatz builders (clear messages naming the caller).</summary>
internal static class EmbeddingGuard
{
    /// <summary>Checks that <paramref name="qubits"/> is non-empty, distinct and inside <paramref name="builder"/>.</summary>
    public static void Qubits(CircuitBuilder builder, IReadOnlyList<int> qubits, string what)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(qubits);
        if (qubits.Count == 0)
        {
            throw new ArgumentException($"{what}: the qubit list is empty", nameof(qubits));
        }

        var seen = new HashSet<int>();
        for (int k = 0; k < qubits.Count; k++)
        {
            int q = qubits[k];
            if (q < 0 || q >= builder.NumQubits)
            {
                throw new ArgumentException($"{what}: qubit {q} (position {k}) is out of range for a {builder.NumQubits}-qubit circuit", nameof(qubits));
            }

            if (!seen.Add(q))
            {
                throw new ArgumentException($"{what}: qubit {q} appears twice in the qubit list", nameof(qubits));
            }
        }
    }

    /// <summary>Checks that exactly <paramref name="expected"/> non-null features are given.</summary>
    public static void Features(IReadOnlyList<ParamExpr> features, int expected, int numQubits, string what)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count != expected)
        {
            throw new ArgumentException($"{what} on {numQubits} qubit(s) reads {expected} feature(s), got {features.Count}", nameof(features));
        }

        NoNulls(features, what);
    }

    /// <summary>Checks that no feature is null.</summary>
    public static void NoNulls(IReadOnlyList<ParamExpr> features, string what)
    {
        for (int k = 0; k < features.Count; k++)
        {
            if (features[k] is null)
            {
                throw new ArgumentException($"{what}: feature {k} is null", nameof(features));
            }
        }
    }
}

/// <summary>Validation of explicit entangling-pair lists (positions in a qubit list).</summary>
internal static class PairList
{
    /// <summary>
    /// Returns a copy of <paramref name="pairs"/> (null stays null) after checking that no position is negative,
    /// no pair repeats a position and no unordered pair is listed twice.
    /// </summary>
    public static IReadOnlyList<(int I, int J)>? Check(IReadOnlyList<(int I, int J)>? pairs, string option)
    {
        if (pairs is null)
        {
            return null;
        }

        var seen = new HashSet<(int, int)>();
        foreach (var (i, j) in pairs)
        {
            if (i < 0 || j < 0)
            {
                throw new ArgumentException($"{option}: pair ({i}, {j}) has a negative position", option);
            }

            if (i == j)
            {
                throw new ArgumentException($"{option}: pair ({i}, {j}) repeats a qubit", option);
            }

            if (!seen.Add((Math.Min(i, j), Math.Max(i, j))))
            {
                throw new ArgumentException($"{option}: pair ({i}, {j}) is listed twice", option);
            }
        }

        return [.. pairs];
    }
}
