using System.Text.Json;
using Dqml.Experiments.Specs;

namespace Dqml.Experiments.Tests;

public class SchemaTests
{
    [Fact]
    public void Schema_SectionFields_MatchParserCatalogue()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SpecParserTests.RepoRoot(), "experiments", "schema", "experiment.schema.json")));
        var defs = doc.RootElement.GetProperty("$defs");
        foreach (var section in SpecFields.Sections)
        {
            var inSchema = defs.GetProperty(section).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
            var inParser = SpecFields.All.Where(f => f.Section == section).Select(f => f.Name).Order(StringComparer.Ordinal);
            Assert.Equal(inParser, inSchema);
        }
    }
}
