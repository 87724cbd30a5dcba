using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Dqml.Analysis.NonlocalGames;
using Dqml.Cli.Output;

namespace Dqml.Cli.Commands;

/// <summary>
/// <c>dqml chsh [--visibility V] [--json]</c>: the CHSH game's classical value (exhaustive enumeration of
/// deterministic strategies), quantum value (optimal measurements on a simulated |Phi+&gt;) and, with
/// <c>--visibility</c>, the value with a simulated Werner pair of that visibility.
/// </summary>
public static class ChshCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var visibility = new Option<double?>("--visibility")
        {
            Description = "Visibility V in [0, 1] of a noisy shared pair (Werner state V |Phi+><Phi+| + (1 - V) I/4).",
            CustomParser = ParseVisibility,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var cmd = new Command("chsh", "CHSH nonlocal game: classical, quantum (|Phi+>) and noisy-pair winning probabilities.");
        cmd.Add(visibility);
        cmd.Add(json);
        cmd.SetAction(parse =>
        {
            double? v = parse.GetValue(visibility);
            if (v is double vv && !(vv >= 0 && vv <= 1))
            {
                throw new CliException($"--visibility must be in [0, 1], got {vv.ToString("G", CultureInfo.InvariantCulture)}");
            }

            var classical = ChshGame.Game.ClassicalValue();
            double quantum = ChshGame.QuantumValue();
            double? noisy = v is double w ? ChshGame.NoisyValue(w) : null;
            if (parse.GetValue(json))
            {
                CliText.WriteJson(stdout, j =>
                {
                    j.WriteNumber("classical", classical.WinProbability);
                    j.WriteNumber("quantum", quantum);
                    j.WriteNumber("tsirelson", ChshGame.TsirelsonValue);
                    j.WriteNumber("deterministicStrategies", classical.Enumerated);
                    j.WriteNumber("optimalClassicalStrategies", classical.OptimalCount);
                    if (v is double w2 && noisy is double nv)
                    {
                        j.WriteNumber("visibility", w2);
                        j.WriteNumber("noisy", nv);
                        j.WriteBoolean("noisyBeatsClassical", nv > classical.WinProbability + 1e-12);
                    }
                });
            }
            else
            {
                stdout.WriteLine("CHSH game: questions s, t uniform in {0, 1}; win when a XOR b = s AND t.");
                stdout.WriteLine($"classical  {CliText.Fixed(classical.WinProbability, 6)}  best of {classical.Enumerated} deterministic strategies ({classical.OptimalCount} optimal)");
                stdout.WriteLine($"quantum    {CliText.Fixed(quantum, 6)}  |Phi+>, Alice Z, X; Bob (Z+X)/sqrt2, (Z-X)/sqrt2 (Tsirelson: cos^2(pi/8) = {CliText.Fixed(ChshGame.TsirelsonValue, 6)})");
                if (v is double w2 && noisy is double nv)
                {
                    string verdict = nv > classical.WinProbability + 1e-12 ? "beats" : "does not beat";
                    stdout.WriteLine($"noisy      {CliText.Fixed(nv, 6)}  Werner pair, V = {w2.ToString("G6", CultureInfo.InvariantCulture)}; 1/2 + V/(2 sqrt 2), {verdict} classical (needs V > 1/sqrt2 = 0.707107)");
                }

                stdout.Flush();
            }

            return ExitCodes.Success;
        });
        return cmd;
    }

    private static double? ParseVisibility(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return value;
        }

        result.AddError($"--visibility expects a number, got '{text}'");
        return null;
    }
}
