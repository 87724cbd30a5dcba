using Xunit;

namespace Dqml.Testing;

/// <summary>A fact that runs only where a Chromium binary is on PATH (Debian's <c>chromium</c> package; <c>.ci/run</c> installs it when it can).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Skips with <see cref="HeadlessChromium.SkipReason"/> when no Chromium is found.</summary>
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Binary is null)
        {
            Skip = HeadlessChromium.SkipReason;
        }
    }
}
