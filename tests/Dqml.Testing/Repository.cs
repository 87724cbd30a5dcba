namespace Dqml.Testing;

/// <summary>Paths inside the repository, found from the running test binaries (not from compile-time paths).</summary>
public static class Repository
{
    /// <summary>The prefix a deterministic CI build (ContinuousIntegrationBuild) maps the repository root to.</summary>
    public const string MappedRoot = "/_/";

    /// <summary>The repository root: the nearest folder above the test binaries that holds Dqml.slnx.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dqml.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"Dqml.slnx not found above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// The real location of a source file named by [CallerFilePath]. A CI build with ContinuousIntegrationBuild maps
    /// the repository root to "/_/" in compiled paths, so such a path is re-rooted at <see cref="Root"/>.
    /// </summary>
    public static string SourcePath(string compiledPath)
    {
        ArgumentNullException.ThrowIfNull(compiledPath);
        string normalised = compiledPath.Replace('\\', '/');
        return normalised.StartsWith(MappedRoot, StringComparison.Ordinal)
            ? Path.Combine(Root(), normalised[MappedRoot.Length..])
            : compiledPath;
    }
}
