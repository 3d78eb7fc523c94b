using KccAssistant.Documents;

namespace KccAssistant.Stores;

/// <summary>
/// The index that serves questions: chunks with their vectors and lexical index, written in complete
/// generations. Readers always see the last committed generation; a generation that is being written,
/// abandoned or interrupted is never visible. Every member throws <see cref="KnowledgeStoreUnavailableException"/>
/// when the store's database cannot be opened or read (corrupt, truncated, unreadable).
/// </summary>
public interface IKnowledgeStore
{
    /// <summary>What the serving generation holds.</summary>
    Task<StoreInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Best chunks by Dutch-aware lexical scoring (BM25 over title, question, keywords and text).</summary>
    Task<IReadOnlyList<ScoredChunk>> SearchLexicalAsync(string query, int top, CancellationToken cancellationToken = default);

    /// <summary>Best chunks by cosine similarity to a normalised query vector.</summary>
    Task<IReadOnlyList<ScoredChunk>> SearchDenseAsync(ReadOnlyMemory<float> vector, int top, CancellationToken cancellationToken = default);

    /// <summary>The chunks of one document in the serving generation, in order; empty when unknown.</summary>
    Task<IReadOnlyList<Chunk>> GetDocumentChunksAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Per document of the serving generation: what is needed to decide whether it changed.</summary>
    Task<IReadOnlyDictionary<string, DocumentState>> GetDocumentStatesAsync(string sourceName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts writing a new generation. Nothing becomes visible until <see cref="IGenerationWriter.CommitAsync"/>;
    /// disposing the writer without committing discards it. Throws <see cref="StoreBusyException"/> when another
    /// writer holds the store.
    /// </summary>
    Task<IGenerationWriter> BeginGenerationAsync(string embeddingModel, int dimensions, CancellationToken cancellationToken = default);
}

/// <summary>Writes one generation of the index.</summary>
public interface IGenerationWriter : IAsyncDisposable
{
    /// <summary>The number of the generation being written.</summary>
    long Generation { get; }

    /// <summary>Adds a document with its embedded chunks.</summary>
    Task AddDocumentAsync(SourceDocument document, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken = default);

    /// <summary>Carries a document over unchanged from the serving generation (no re-embedding). Returns false when it is not there.</summary>
    Task<bool> KeepDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>Carries every document of a source over from the serving generation; used when another source is re-ingested.</summary>
    Task<int> KeepSourceAsync(string sourceName, CancellationToken cancellationToken = default);

    /// <summary>Makes the generation the serving one, atomically.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);
}

/// <summary>A chunk with the score of one retrieval method (higher is better).</summary>
/// <param name="Chunk">The chunk.</param>
/// <param name="Score">The method's raw score.</param>
/// <param name="Share">For lexical results: coverage, the idf-weighted share of the question's words that occur in this chunk (0–1).</param>
/// <param name="TitleShare">For lexical results: the same share counted in the document's title, VAC question and keywords only.</param>
/// <param name="QueryWords">For lexical results: how many meaning-bearing words the question has. With the shares, these decide "geen antwoord".</param>
/// <param name="SentenceShare">For lexical results: the share counted in the chunk's best sentence together with the title.</param>
public sealed record ScoredChunk(Chunk Chunk, double Score, double Share = 0, double TitleShare = 0, int QueryWords = 0, double SentenceShare = 0);

/// <summary>What the store knows of a document, to skip unchanged content on re-ingestion.</summary>
public sealed record DocumentState(string DocumentId, string ContentHash, string? ETag, string? HttpLastModified, DateTimeOffset? LastModified);

/// <summary>Summary of the serving generation.</summary>
/// <param name="Generation">Generation number, 0 when the store is empty.</param>
/// <param name="CommittedAt">When it was committed.</param>
/// <param name="EmbeddingModel">Identity of the model that made its vectors.</param>
/// <param name="Documents">Documents per source name.</param>
/// <param name="Chunks">Chunks in total.</param>
public sealed record StoreInfo(long Generation, DateTimeOffset? CommittedAt, string? EmbeddingModel, IReadOnlyDictionary<string, int> Documents, int Chunks)
{
    /// <summary>True when nothing has ever been committed.</summary>
    public bool IsEmpty => Generation == 0;
}

/// <summary>A generation writer that can show what it has written so far, before it commits.</summary>
public interface IGenerationPreview
{
    /// <summary>
    /// A read-only store over the generation as written so far, for checks that must run before it serves (such as
    /// calibrating the "geen antwoord" model on it).
    /// </summary>
    Task<Embedded.IndexView> PreviewAsync(CancellationToken cancellationToken = default);
}
