namespace KccAssistant.Ingest.Pipeline;

/// <summary>Where one source of a run is.</summary>
public enum SourceRunState
{
    /// <summary>Not started yet (an earlier source is being read).</summary>
    Waiting,
    /// <summary>Being read.</summary>
    Running,
    /// <summary>Read to the end.</summary>
    Done,
    /// <summary>Could not be read; its previous documents were kept.</summary>
    Failed,
}

/// <summary>One source's progress in a run, for the progress bar on the editor page. Immutable: a snapshot.</summary>
/// <param name="Name">Source name.</param>
/// <param name="State">Waiting, running, done or failed.</param>
/// <param name="Done">Items handled so far: documents (new, changed or unchanged) and skips.</param>
/// <param name="Total">Items expected; null when unknown. Never below <paramref name="Done"/>.</param>
/// <param name="Basis">Where <paramref name="Total"/> comes from.</param>
/// <param name="Documents">Documents among <paramref name="Done"/>.</param>
/// <param name="Skipped">Skips among <paramref name="Done"/>.</param>
/// <param name="Seconds">Seconds spent on this source so far.</param>
public sealed record SourceProgress(string Name, SourceRunState State, int Done, int? Total, TotalBasis? Basis, int Documents, int Skipped, double Seconds)
{
    /// <summary>Items per minute so far; null until there is enough to tell.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? PerMinute => Done > 0 && Seconds >= 1 ? Done / Seconds * 60 : null;

    /// <summary>Estimated time left at the rate so far; null without a total or a rate.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan? Remaining => State == SourceRunState.Running && Total is { } total && PerMinute is { } rate and > 0
        ? TimeSpan.FromMinutes(Math.Max(0, total - Done) / rate)
        : null;
}

/// <summary>
/// Counts per source while the pipeline runs (on the pipeline's own flow, so no locking) and hands out immutable
/// snapshots, which are what crosses threads.
/// </summary>
internal sealed class SourceProgressTracker
{
    private readonly List<Entry> _entries;

    public SourceProgressTracker(IEnumerable<string> sources) => _entries = [.. sources.Select(name => new Entry(name))];

    public void Start(string source, int previousDocuments)
    {
        var entry = Find(source);
        entry.State = SourceRunState.Running;
        entry.Started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (previousDocuments > 0)
        {
            // Until the reader says better: about as many as the serving index holds.
            (entry.Total, entry.Basis) = (previousDocuments, TotalBasis.PreviousRun);
        }
    }

    public void SetTotal(string source, int total, TotalBasis basis)
    {
        var entry = Find(source);
        (entry.Total, entry.Basis) = (total, basis);
    }

    public void Document(string source) => Find(source).Documents++;

    public void Skip(string source) => Find(source).Skipped++;

    /// <summary>A document the pipeline itself turned down (duplicate, gate, no text): it counts as a skip, not a document.</summary>
    public void Reclassify(string source)
    {
        var entry = Find(source);
        entry.Documents--;
        entry.Skipped++;
    }

    public void Finish(string source, bool failed)
    {
        var entry = Find(source);
        entry.State = failed ? SourceRunState.Failed : SourceRunState.Done;
        entry.Seconds = System.Diagnostics.Stopwatch.GetElapsedTime(entry.Started).TotalSeconds;
    }

    public IReadOnlyList<SourceProgress> Snapshot() => [.. _entries.Select(e =>
    {
        var done = e.Documents + e.Skipped;
        var seconds = e.State == SourceRunState.Running ? System.Diagnostics.Stopwatch.GetElapsedTime(e.Started).TotalSeconds : e.Seconds;
        // A finished source is complete whatever the estimate said; a running one never shows more done than expected.
        int? total = e.State == SourceRunState.Done ? done : e.Total is { } t ? Math.Max(t, done) : null;
        return new SourceProgress(e.Name, e.State, done, total, e.Basis, e.Documents, e.Skipped, Math.Round(seconds, 2));
    })];

    private Entry Find(string source) =>
        _entries.FirstOrDefault(e => e.Name.Equals(source, StringComparison.OrdinalIgnoreCase)) ?? Add(source);

    private Entry Add(string source)
    {
        var entry = new Entry(source);
        _entries.Add(entry);
        return entry;
    }

    private sealed class Entry(string name)
    {
        public string Name { get; } = name;
        public SourceRunState State { get; set; }
        public long Started { get; set; }
        public double Seconds { get; set; }
        public int? Total { get; set; }
        public TotalBasis? Basis { get; set; }
        public int Documents { get; set; }
        public int Skipped { get; set; }
    }
}
