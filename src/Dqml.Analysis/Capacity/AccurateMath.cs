namespace Dqml.Analysis.Capacity;

/// <summary>
/// log(1 + x) and exp(x) - 1 accurate for small |x| (the BCL's <c>double.LogP1</c> and <c>double.ExpM1</c>
/// are computed as log(x + 1) and exp(x) - 1, which lose all digits for |x| near machine epsilon).
/// </summary>
internal static class AccurateMath
{
    /// <summary>log(1 + x) (Goldberg: log(u) x / (u - 1) with u = 1 + x rounded).</summary>
    public static double Log1P(double x)
    {
        double u = 1 + x;
        if (u == 1)
        {
            return x;
        }

        double d = u - 1;
        return double.IsInfinity(u) ? Math.Log(u) : Math.Log(u) * x / d;
    }

    /// <summary>exp(x) - 1 (Kahan: (u - 1) x / log(u) with u = exp(x) rounded).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        double um1 = u - 1;
        if (um1 == -1 || double.IsInfinity(u))
        {
            return um1;
        }

        return um1 * x / Math.Log(u);
    }
}
