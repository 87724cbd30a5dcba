using System.Text;
using System.Text.Json;
using Dqml.Experiments.Specs;

namespace Dqml.Experiments.Store;

/// <summary>
/// The result folder of one experiment: <c>spec.json</c> (the spec file as given), <c>store.json</c> (whether
/// it holds the quick or the full variant), <c>results.jsonl</c> (one finished run per line) and
/// <c>runs/&lt;id&gt;/</c> (per-run files such as <c>metrics.csv</c>).
/// </summary>
/// <remarks>
/// A line is appended with one write followed by a flush to disk, so a killed process leaves at most one
/// partial line at the end; <see cref="Load"/> ignores it (and a writer cuts it off before appending) and
/// keeps the first record of each run id. Appends from several threads of one process are serialised by a lock.
/// </remarks>
public sealed class ResultStore
{
    /// <summary>The copy of the spec file.</summary>
    public const string SpecFile = "spec.json";

    /// <summary>Which variant of the spec the store holds.</summary>
    public const string StoreFile = "store.json";

    /// <summary>The result table.</summary>
    public const string ResultsFile = "results.jsonl";

    /// <summary>The per-run folders.</summary>
    public const string RunsFolder = "runs";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private readonly object _gate = new();

    private ResultStore(string directory, bool quick)
    {
        Directory = directory;
        Quick = quick;
    }

    /// <summary>The store's folder.</summary>
    public string Directory { get; }

    /// <summary>True when the store holds the <c>--quick</c> variant of its spec.</summary>
    public bool Quick { get; }

    /// <summary>The path of <see cref="ResultsFile"/>.</summary>
    public string ResultsPath => Path.Combine(Directory, ResultsFile);

    /// <summary>
    /// Opens the store at <paramref name="directory"/> for <paramref name="spec"/>, creating it if needed.
    /// A partial last line of <see cref="ResultsFile"/> (a killed writer) is cut off.
    /// </summary>
    /// <exception cref="ExperimentInputException">The folder holds another spec, or the other variant (quick or full).</exception>
    public static ResultStore Open(string directory, ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(spec);
        string full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full);
        string specPath = Path.Combine(full, SpecFile);
        string storePath = Path.Combine(full, StoreFile);
        if (File.Exists(specPath))
        {
            if (!SameJson(File.ReadAllText(specPath), spec.SourceText))
            {
                throw new ExperimentInputException($"{full} holds results of a different spec ({SpecFile} differs): choose another --out or delete the folder");
            }

            bool storedQuick = ReadQuick(storePath);
            if (storedQuick != spec.IsQuick)
            {
                throw new ExperimentInputException(
                    $"{full} holds the {(storedQuick ? "--quick" : "full")} variant of the spec; this run is {(spec.IsQuick ? "--quick" : "full")}: choose another --out");
            }
        }
        else
        {
            WriteAtomically(specPath, spec.SourceText);
            WriteAtomically(storePath, $"{{\"name\":{JsonSerializer.Serialize(spec.Name)},\"quick\":{(spec.IsQuick ? "true" : "false")}}}\n");
        }

        var store = new ResultStore(full, spec.IsQuick);
        store.CutPartialLine();
        return store;
    }

    /// <summary>Opens an existing store read-only (for <see cref="Merge"/> and reports).</summary>
    /// <exception cref="ExperimentInputException">The folder has no <see cref="SpecFile"/>.</exception>
    public static ResultStore OpenExisting(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string full = Path.GetFullPath(directory);
        if (!File.Exists(Path.Combine(full, SpecFile)))
        {
            throw new ExperimentInputException($"{full} is not a result store (no {SpecFile})");
        }

        return new ResultStore(full, ReadQuick(Path.Combine(full, StoreFile)));
    }

    /// <summary>The spec text stored in the folder.</summary>
    public string SpecText() => File.ReadAllText(Path.Combine(Directory, SpecFile));

    /// <summary>
    /// The finished runs, in file order: complete lines only (a trailing line without its newline is ignored,
    /// as is any line that is not a record), the first record of each id kept.
    /// </summary>
    public IReadOnlyList<RunRecord> Load()
    {
        if (!File.Exists(ResultsPath))
        {
            return [];
        }

        string text = File.ReadAllText(ResultsPath, Encoding.UTF8);
        int end = text.LastIndexOf('\n');
        var records = new List<RunRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (end < 0)
        {
            return records;
        }

        foreach (string line in text[..end].Split('\n'))
        {
            if (line.Length > 0 && RunRecord.TryParse(line.TrimEnd('\r')) is { } record && seen.Add(record.Id))
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Appends <paramref name="record"/> as one line: a single write, then a flush to disk.</summary>
    public void Append(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        byte[] bytes = Utf8NoBom.GetBytes(record.ToJsonLine() + "\n");
        lock (_gate)
        {
            using var stream = new FileStream(ResultsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>The folder for run <paramref name="id"/>'s own files (created).</summary>
    public string RunDirectory(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var safe = new StringBuilder(id.Length);
        foreach (char c in id)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '=' or ',' or '.' or '-' or '_' ? c : '_');
        }

        string path = Path.Combine(Directory, RunsFolder, safe.ToString());
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Joins the stores in <paramref name="sources"/> (shards of one sweep) into a new store at
    /// <paramref name="output"/>: the specs (and variants) must be equal; runs are de-duplicated by id and
    /// written in grid order; per-run folders are copied.
    /// </summary>
    /// <returns>The merged store.</returns>
    /// <exception cref="ExperimentInputException">No sources, a folder that is not a store, different specs, or an output that already holds results.</exception>
    public static ResultStore Merge(string output, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0)
        {
            throw new ExperimentInputException("merge needs at least one result store to read");
        }

        var stores = sources.Select(OpenExisting).ToList();
        string specText = stores[0].SpecText();
        foreach (var other in stores.Skip(1))
        {
            if (!SameJson(other.SpecText(), specText))
            {
                throw new ExperimentInputException($"{other.Directory} holds a different spec than {stores[0].Directory}: only shards of one sweep can be merged");
            }

            if (other.Quick != stores[0].Quick)
            {
                throw new ExperimentInputException($"{other.Directory} and {stores[0].Directory} mix --quick and full results");
            }
        }

        string full = Path.GetFullPath(output);
        if (File.Exists(Path.Combine(full, ResultsFile)) && stores.All(s => s.Directory != full))
        {
            throw new ExperimentInputException($"{full} already holds results: merge into a new folder");
        }

        var records = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        foreach (var store in stores)
        {
            foreach (var r in store.Load())
            {
                records.TryAdd(r.Id, r);
            }
        }

        System.IO.Directory.CreateDirectory(full);
        WriteAtomically(Path.Combine(full, SpecFile), specText);
        WriteAtomically(Path.Combine(full, StoreFile), File.ReadAllText(Path.Combine(stores[0].Directory, StoreFile)));
        var lines = new StringBuilder();
        foreach (var r in records.Values.OrderBy(r => r.Index))
        {
            lines.Append(r.ToJsonLine()).Append('\n');
        }

        WriteAtomically(Path.Combine(full, ResultsFile), lines.ToString());
        foreach (var store in stores.Where(s => s.Directory != full))
        {
            CopyRuns(Path.Combine(store.Directory, RunsFolder), Path.Combine(full, RunsFolder));
        }

        return new ResultStore(full, stores[0].Quick);
    }

    /// <summary>Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/>, flushes it, and renames it over the path.</summary>
    public static void WriteAtomically(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        string full = Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Utf8NoBom.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
    }

    private void CutPartialLine()
    {
        if (!File.Exists(ResultsPath))
        {
            return;
        }

        using var stream = new FileStream(ResultsPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        long length = stream.Length;
        if (length == 0)
        {
            return;
        }

        // Scan back to the last newline; everything after it is a partial line.
        var one = new byte[1];
        long keep = length;
        while (keep > 0)
        {
            stream.Position = keep - 1;
            _ = stream.Read(one, 0, 1);
            if (one[0] == (byte)'\n')
            {
                break;
            }

            keep--;
        }

        if (keep != length)
        {
            stream.SetLength(keep);
            stream.Flush(flushToDisk: true);
        }
    }

    private static void CopyRuns(string from, string to)
    {
        if (!System.IO.Directory.Exists(from))
        {
            return;
        }

        foreach (string file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static bool ReadQuick(string storePath)
    {
        if (!File.Exists(storePath))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(storePath));
            return doc.RootElement.TryGetProperty("quick", out var q) && q.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>True when the two texts are the same JSON (whitespace and comments aside).</summary>
    private static bool SameJson(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            return Canonical(a) == Canonical(b);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Canonical(string text)
    {
        using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return JsonSerializer.Serialize(doc.RootElement);
    }
}
