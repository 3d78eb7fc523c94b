using System.Text.Json;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>One finished run in <see cref="IngestHistory"/>.</summary>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Generation">The generation it wrote.</param>
/// <param name="Committed">Whether that generation was committed (false: the previous one kept serving).</param>
/// <param name="Documents">Documents in the index after the run.</param>
/// <param name="Chunks">Chunks in the index after the run.</param>
/// <param name="EmbeddedChunks">Chunks embedded in this run.</param>
/// <param name="Skipped">Items skipped in this run.</param>
/// <param name="Sources">The sources the run read.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record IngestHistoryEntry(
    DateTimeOffset StartedAt,
    double Seconds,
    long Generation,
    bool Committed,
    int Documents,
    int Chunks,
    int EmbeddedChunks,
    int Skipped,
    IReadOnlyList<string> Sources,
    string? Error = null);

/// <summary>
/// The runs of a data directory, newest last, as JSON lines in <c>&lt;DataDir&gt;/ingest-history.jsonl</c>: written by
/// the pipeline after every run, wherever it runs (web app, worker, command line), so editors see a history that
/// survives restarts. Only one run writes a generation at a time (the store's write lock), so appends never race.
/// </summary>
public sealed class IngestHistory
{
    /// <summary>Lines kept; older runs are dropped when a run is added.</summary>
    public const int Keep = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IngestHistory(string path) => Path = path;

    /// <summary>The history file.</summary>
    public string Path { get; }

    /// <summary>The history of a data directory.</summary>
    public static IngestHistory ForDataDirectory(string dataDirectory) => new(System.IO.Path.Combine(dataDirectory, "ingest-history.jsonl"));

    /// <summary>Adds a run, dropping the oldest beyond <see cref="Keep"/>; replaced atomically, so a reader never sees half a file.</summary>
    public async Task AppendAsync(IngestHistoryEntry entry, CancellationToken cancellationToken = default)
    {
        var lines = File.Exists(Path) ? [.. await File.ReadAllLinesAsync(Path, cancellationToken)] : new List<string>();
        lines.Add(JsonSerializer.Serialize(entry, Json));
        var temporary = Path + ".tmp";
        await File.WriteAllLinesAsync(temporary, lines.Where(l => l.Length > 0).TakeLast(Keep), cancellationToken);
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>The last <paramref name="count"/> runs, newest first; lines that cannot be read are left out.</summary>
    public async Task<IReadOnlyList<IngestHistoryEntry>> ReadRecentAsync(int count, CancellationToken cancellationToken = default)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(Path, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        var entries = new List<IngestHistoryEntry>();
        foreach (var line in lines.Reverse())
        {
            if (entries.Count == count)
            {
                break;
            }

            try
            {
                if (line.Length > 0 && JsonSerializer.Deserialize<IngestHistoryEntry>(line, Json) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A line written by a newer or broken version: the rest of the history is still worth showing.
            }
        }

        return entries;
    }
}
