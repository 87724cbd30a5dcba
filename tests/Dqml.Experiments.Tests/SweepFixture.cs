using Dqml.Experiments.Runs;
using Dqml.Experiments.Specs;
using Dqml.Experiments.Store;

namespace Dqml.Experiments.Tests;

/// <summary>Runs one small spec once into a temporary store, shared by a test class (xunit class fixture).</summary>
public abstract class SweepFixture : IDisposable
{
    /// <summary>Parses <paramref name="text"/> as <paramref name="fileName"/> and runs it on 2 threads into ROOT/<paramref name="storeName"/>.</summary>
    protected SweepFixture(string text, string fileName, string storeName)
    {
        Root = Directory.CreateTempSubdirectory("dqml-exp-").FullName;
        Spec = SpecParser.Parse(text, fileName);
        Store = ResultStore.Open(Path.Combine(Root, storeName), Spec);
        Outcome = SweepRunner.Run(Spec, Store, new SweepOptions { Threads = 2 });
    }

    public string Root { get; }

    public ExperimentSpec Spec { get; }

    public ResultStore Store { get; }

    public SweepOutcome Outcome { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
