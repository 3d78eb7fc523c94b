using System.Diagnostics;
using KccAssistant.Documents;
using KccAssistant.Stores;

namespace KccAssistant.Web.Feedback;

/// <summary>
/// Searches the titles of the serving generation's documents, for the "welke bron had het moeten zijn?" picker. The
/// title index is built once per generation and shared by every circuit; a new generation replaces it on the next search.
/// </summary>
public sealed partial class DocumentTitleSearch(IKnowledgeStore store, ILogger<DocumentTitleSearch> logger)
{
    // Swapped whole, never changed in place: a search reads either the old index or the new one. Two circuits that see a
    // new generation at once may both build it; that costs a little work once and needs no lock.
    private volatile DocumentTitleIndex? _index;

    /// <summary>
    /// Up to <paramref name="limit"/> documents of the serving generation whose title matches <paramref name="query"/>,
    /// best first. Throws <see cref="Stores.KnowledgeStoreUnavailableException"/> when the index cannot be read.
    /// </summary>
    public async Task<IReadOnlyList<DocumentTitle>> SearchAsync(string query, int limit = DocumentTitleIndex.DefaultLimit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var index = await IndexAsync(cancellationToken);
        var found = index.Search(query, limit);
        // What the agent typed may be about the caller; it is only ever logged at Trace.
        LogSearched(logger, query, found.Count, index.Generation);
        return found;
    }

    private async Task<DocumentTitleIndex> IndexAsync(CancellationToken cancellationToken)
    {
        // Asking the store which generation serves is cheap on every keystroke (the embedded store caches it, Qdrant
        // answers one small request); the chunks are only read when it moved on.
        var generation = (await store.GetInfoAsync(cancellationToken)).Generation;
        if (_index is { } current && current.Generation == generation)
        {
            return current;
        }

        var started = Stopwatch.GetTimestamp();
        var chunks = await store.GetChunksAsync(cancellationToken);
        var built = new DocumentTitleIndex(chunks.Info.Generation, chunks.Chunks);
        _index = built;
        LogBuilt(logger, generation, built.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return built;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Title index built for generation {Generation}: {Documents} documents in {Milliseconds:F0} ms")]
    private static partial void LogBuilt(ILogger logger, long generation, int documents, double milliseconds);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Title search '{Query}': {Found} documents in generation {Generation}")]
    private static partial void LogSearched(ILogger logger, string query, int found, long generation);
}
