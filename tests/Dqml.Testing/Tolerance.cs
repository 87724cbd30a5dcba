namespace Dqml.Testing;

/// <summary>Shared numeric tolerances for tests.</summary>
public static class Tolerance
{
    /// <summary>Default absolute tolerance for amplitudes and probabilities.</summary>
    public const double Default = 1e-10;

    /// <summary>Tolerance for comparisons against central finite differences.</summary>
    public const double FiniteDifference = 1e-6;
}
