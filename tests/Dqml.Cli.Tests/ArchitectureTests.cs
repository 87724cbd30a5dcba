using System.Reflection;

namespace Dqml.Cli.Tests;

/// <summary>Dependencies point one way: Cli -> Experiments -> Analysis -> Learning -> (Distributed, Simulation) -> Circuits.</summary>
public class ArchitectureTests
{
    public static TheoryData<string, string[]> Allowed => new()
    {
        { "Dqml.Circuits", [] },
        { "Dqml.Simulation", ["Dqml.Circuits"] },
        { "Dqml.Distributed", ["Dqml.Circuits", "Dqml.Simulation"] },
        { "Dqml.Learning", ["Dqml.Circuits", "Dqml.Simulation", "Dqml.Distributed"] },
        { "Dqml.Analysis", ["Dqml.Circuits", "Dqml.Simulation", "Dqml.Distributed", "Dqml.Learning"] },
        { "Dqml.Experiments", ["Dqml.Circuits", "Dqml.Simulation", "Dqml.Distributed", "Dqml.Learning", "Dqml.Analysis"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Layer_ReferencesOnlyLayersBelowIt(string assembly, string[] allowed)
    {
        var asm = Assembly.Load(assembly);
        var dqmlReferences = asm.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Dqml.", StringComparison.Ordinal)).ToArray();
        Assert.All(dqmlReferences, r => Assert.Contains(r, allowed));
    }
}
