using System.Globalization;
using System.Text;
using Dqml.Analysis.Capacity;

namespace Dqml.Experiments.Store;

/// <summary>
/// The Fisher eigenvalue spectrum of a capacity run, written to its run folder as <see cref="FileName"/>: for each
/// index j (1 = largest), the j-th largest eigenvalue of the normalised Fisher matrix
/// F^(theta) = P F(theta) / E_theta[tr F] (the matrix the effective dimension is computed from), averaged over the
/// parameter samples theta, with its smallest and largest value over the samples.
/// </summary>
/// <remarks>
/// The normalised eigenvalues of all samples sum to P on average, so <see cref="Normalised"/> sums to P (0 when every
/// Fisher matrix is zero). <see cref="Raw"/> scales them back by <see cref="MeanTrace"/> / P: the mean over the samples
/// of the j-th largest eigenvalue of F(theta) itself, which sums to E_theta[tr F]. When every sample has the same
/// Fisher rank r, exactly r averaged eigenvalues lie above the relative rank tolerance (see <see cref="Rank"/>); in
/// general the count lies between the smallest and the largest rank of the samples. Rounding noise can leave tiny
/// negative values; they are kept as computed.
/// </remarks>
/// <param name="Normalised">Mean normalised eigenvalues, descending (length P).</param>
/// <param name="Minimum">Per index, the smallest normalised eigenvalue over the samples.</param>
/// <param name="Maximum">Per index, the largest normalised eigenvalue over the samples.</param>
/// <param name="MeanTrace">E_theta[tr F], the normalisation constant (0: the output does not depend on the parameters).</param>
public sealed record CapacitySpectrum(IReadOnlyList<double> Normalised, IReadOnlyList<double> Minimum, IReadOnlyList<double> Maximum, double MeanTrace)
{
    /// <summary>The file in a capacity run's folder (<c>runs/&lt;id&gt;/</c>).</summary>
    public const string FileName = "fisher-spectrum.csv";

    private const string Header = "index,normalised,normalised_min,normalised_max,raw";

    /// <summary>P, the number of eigenvalues (parameters).</summary>
    public int ParameterCount => Normalised.Count;

    /// <summary>The mean eigenvalues of F(theta) itself: <see cref="Normalised"/> times <see cref="MeanTrace"/> / P.</summary>
    public IReadOnlyList<double> Raw => [.. Normalised.Select(v => ParameterCount == 0 ? 0 : v * MeanTrace / ParameterCount)];

    /// <summary>The averaged spectrum of <paramref name="result"/> (its <see cref="EffectiveDimensionResult.NormalisedSpectra"/>).</summary>
    /// <exception cref="ArgumentException">The result holds no spectra or spectra of different lengths.</exception>
    public static CapacitySpectrum From(EffectiveDimensionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var spectra = result.NormalisedSpectra;
        if (spectra.IsDefaultOrEmpty || spectra.Any(s => s.Length != result.ParameterCount))
        {
            throw new ArgumentException($"expected one spectrum of {result.ParameterCount} eigenvalues per parameter sample", nameof(result));
        }

        int p = result.ParameterCount;
        var mean = new double[p];
        var min = new double[p];
        var max = new double[p];
        for (int j = 0; j < p; j++)
        {
            double sum = 0, lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            foreach (var s in spectra)
            {
                sum += s[j];
                lo = Math.Min(lo, s[j]);
                hi = Math.Max(hi, s[j]);
            }

            mean[j] = sum / spectra.Length;
            min[j] = lo;
            max[j] = hi;
        }

        return new CapacitySpectrum(mean, min, max, result.MeanFisherTrace);
    }

    /// <summary>
    /// Eigenvalues of <see cref="Normalised"/> above <paramref name="relativeTolerance"/> times the largest, counted
    /// from the top as <see cref="FisherInformation.Spectrum"/> counts a rank (0 when the largest is not positive).
    /// </summary>
    public int Rank(double relativeTolerance = FisherInformation.DefaultRankTolerance)
    {
        if (Normalised.Count == 0 || !(Normalised[0] > 0))
        {
            return 0;
        }

        double cut = relativeTolerance * Normalised[0];
        int r = 0;
        while (r < Normalised.Count && Normalised[r] > cut)
        {
            r++;
        }

        return r;
    }

    /// <summary>The CSV text: <c>index,normalised,normalised_min,normalised_max,raw</c>, one row per eigenvalue (index 1 = largest).</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder(Header).Append('\n');
        var raw = Raw;
        for (int j = 0; j < ParameterCount; j++)
        {
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"{j + 1},{Normalised[j]:R},{Minimum[j]:R},{Maximum[j]:R},{raw[j]:R}")).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Writes <see cref="FileName"/> into <paramref name="runDirectory"/> (atomically).</summary>
    public void Write(string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ResultStore.WriteAtomically(Path.Combine(runDirectory, FileName), ToCsv());
    }

    /// <summary>Reads a file written by <see cref="Write"/>; null when it is missing or not such a file.</summary>
    public static CapacitySpectrum? TryRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || lines[0] != Header)
        {
            return null;
        }

        var mean = new List<double>();
        var min = new List<double>();
        var max = new List<double>();
        double trace = 0;
        foreach (string line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Length != 5 || !All(cells, out var v) || v[0] != mean.Count + 1)
            {
                return null;
            }

            mean.Add(v[1]);
            min.Add(v[2]);
            max.Add(v[3]);
            trace += v[4];
        }

        // The raw column sums to E[tr F]; the normalised one to P (or 0).
        return mean.Count == 0 ? null : new CapacitySpectrum(mean, min, max, trace);
    }

    private static bool All(string[] cells, out double[] values)
    {
        values = new double[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        return true;
    }
}
