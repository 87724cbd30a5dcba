namespace Dqml.Learning.Models;

/// <summary>The loss of a decision value f against a ±1 label y.</summary>
public enum LossKind
{
    /// <summary>(f − y)².</summary>
    Mse,

    /// <summary>Binary cross-entropy with p(y = +1) = (1 + f)/2, clipped to [eps, 1 − eps].</summary>
    CrossEntropy,

    /// <summary>max(0, 1 − y f).</summary>
    Hinge,
}

/// <summary>A loss function over decision values and ±1 labels, with its derivative.</summary>
public sealed class Loss
{
    private const double Eps = 1e-12;

    private Loss(LossKind kind) => Kind = kind;

    /// <summary>Mean squared error.</summary>
    public static Loss Mse { get; } = new(LossKind.Mse);

    /// <summary>Cross-entropy on p = (1 + f)/2.</summary>
    public static Loss CrossEntropy { get; } = new(LossKind.CrossEntropy);

    /// <summary>Hinge loss.</summary>
    public static Loss Hinge { get; } = new(LossKind.Hinge);

    /// <summary>Which loss.</summary>
    public LossKind Kind { get; }

    /// <summary>Name as written on the command line (<c>mse</c>, <c>cross-entropy</c>, <c>hinge</c>).</summary>
    public string Name => Kind switch
    {
        LossKind.Mse => "mse",
        LossKind.CrossEntropy => "cross-entropy",
        _ => "hinge",
    };

    /// <summary>The loss named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static Loss Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "mse" => Mse,
        "cross-entropy" or "ce" or "crossentropy" => CrossEntropy,
        "hinge" => Hinge,
        _ => throw new ArgumentException($"unknown loss '{name}': use mse, cross-entropy or hinge", nameof(name)),
    };

    /// <summary>The loss of decision value <paramref name="f"/> against label <paramref name="y"/> (±1).</summary>
    public double Value(double f, double y)
    {
        switch (Kind)
        {
            case LossKind.Mse:
                return (f - y) * (f - y);
            case LossKind.Hinge:
                return Math.Max(0, 1 - (y * f));
            default:
                double p = Math.Clamp((1 + (y * f)) / 2, Eps, 1 - Eps);
                return -Math.Log(p);
        }
    }

    /// <summary>d loss / d f.</summary>
    public double Derivative(double f, double y)
    {
        switch (Kind)
        {
            case LossKind.Mse:
                return 2 * (f - y);
            case LossKind.Hinge:
                return 1 - (y * f) > 0 ? -y : 0;
            default:
                double p = (1 + (y * f)) / 2;
                if (p <= Eps || p >= 1 - Eps)
                {
                    return 0;
                }

                return -y / (2 * p);
        }
    }

    /// <summary>Fraction of rows whose sign(f) matches the ±1 label (f = 0 counts as −1).</summary>
    public static double Accuracy(ReadOnlySpan<double> outputs, ReadOnlySpan<int> labels)
    {
        if (outputs.Length != labels.Length)
        {
            throw new ArgumentException($"{outputs.Length} outputs for {labels.Length} labels");
        }

        if (outputs.Length == 0)
        {
            return 0;
        }

        int ok = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            if ((outputs[i] > 0 ? 1 : -1) == (labels[i] > 0 ? 1 : -1))
            {
                ok++;
            }
        }

        return (double)ok / outputs.Length;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
