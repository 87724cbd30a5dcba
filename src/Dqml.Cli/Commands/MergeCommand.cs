using System.CommandLine;
using Dqml.Experiments.Store;

namespace Dqml.Cli.Commands;

/// <summary><c>dqml merge OUT DIR1 DIR2 ...</c>: joins result stores (shards of one sweep) into a new store.</summary>
public static class MergeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(TextWriter stdout)
    {
        var output = new Argument<string>("out") { Description = "The merged store (a new folder)." };
        var sources = new Argument<string[]>("stores") { Description = "The stores to join (same spec).", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("merge", "Join the result stores of sweep shards (dqml run --shard i/N) into one; runs are de-duplicated by id.");
        cmd.Add(output);
        cmd.Add(sources);
        cmd.SetAction(parse =>
        {
            var merged = ResultStore.Merge(parse.GetValue(output)!, parse.GetValue(sources) ?? []);
            var records = merged.Load();
            Summary.Write(merged.Directory, records);
            stdout.Write(Summary.ToMarkdown(records));
            stdout.WriteLine($"{records.Count} runs merged into {merged.Directory}");
            stdout.Flush();
            return ExitCodes.Success;
        });
        return cmd;
    }
}
