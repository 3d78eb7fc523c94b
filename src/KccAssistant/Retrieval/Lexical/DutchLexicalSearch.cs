using KccAssistant.Stores;

namespace KccAssistant.Retrieval.Lexical;

/// <summary>
/// The Dutch lexical side of retrieval, over the chunks of whatever store serves: BM25 with folding, stemming,
/// compound splitting, synonyms and field weights, plus the coverage features (<see cref="ScoredChunk.Share"/>,
/// <see cref="ScoredChunk.TitleShare"/>, <see cref="ScoredChunk.SentenceShare"/>, <see cref="ScoredChunk.QueryWords"/>)
/// that the "geen antwoord" model needs. Kept out of the store contract so that every engine gives the same lexical
/// ranking and the same features without a Dutch analyzer of its own. The index is built once per generation, on the
/// first search that sees it, and swapped whole.
/// </summary>
public sealed class DutchLexicalSearch : IDisposable
{
    private readonly IKnowledgeStore _store;
    private readonly SynonymMap _synonyms;
    private readonly SemaphoreSlim _buildLock = new(1, 1);
    private volatile Built? _built;

    /// <summary>Searches the serving generation of <paramref name="store"/>.</summary>
    public DutchLexicalSearch(IKnowledgeStore store, SynonymMap? synonyms = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _synonyms = synonyms ?? SynonymMap.Empty;
    }

    /// <summary>Best chunks by Dutch-aware lexical scoring (BM25 over title, question, keywords and text), with coverage features.</summary>
    public async Task<IReadOnlyList<ScoredChunk>> SearchAsync(string query, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var built = await IndexAsync(cancellationToken);
        return built.Index.Search(query, top)
            .Select(hit => new ScoredChunk(built.Chunks[hit.Chunk], hit.Score, hit.Share, hit.TitleShare, hit.QueryWords, hit.SentenceShare))
            .ToList();
    }

    /// <summary>For diagnostics (eval <c>explain</c>): how a question is analysed against the serving generation.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, float> Stems, double Weight, bool Known)>> ExplainAsync(string question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        return (await IndexAsync(cancellationToken)).Index.Explain(question);
    }

    /// <summary>The lexical index of the serving generation, built when the generation changed since the last call.</summary>
    public async Task<LexicalIndex> GetIndexAsync(CancellationToken cancellationToken = default) => (await IndexAsync(cancellationToken)).Index;

    private async Task<Built> IndexAsync(CancellationToken cancellationToken)
    {
        // Asking for the info is cheap on every store (a cached snapshot or one small request); the chunks are only read
        // when the generation moved on.
        var info = await _store.GetInfoAsync(cancellationToken);
        if (_built is { } current && current.Matches(info))
        {
            return current;
        }

        await _buildLock.WaitAsync(cancellationToken);
        try
        {
            if (_built is { } again && again.Matches(info))
            {
                return again;
            }

            var chunks = await _store.GetChunksAsync(cancellationToken);
            var built = new Built(chunks.Info, chunks.Chunks, new LexicalIndex(chunks.Chunks, _synonyms));
            _built = built;
            return built;
        }
        finally
        {
            _buildLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _buildLock.Dispose();

    private sealed record Built(StoreInfo Info, IReadOnlyList<Documents.Chunk> Chunks, LexicalIndex Index)
    {
        // The commit time tells two stores apart that reuse a generation number (a store removed and written anew).
        public bool Matches(StoreInfo other) => Info.Generation == other.Generation && Info.CommittedAt == other.CommittedAt && Info.Chunks == other.Chunks;
    }
}
