using KccAssistant.Documents;

namespace KccAssistant.Stores;

/// <summary>
/// The catalogue and vectors that serve questions: documents and their chunks with vectors, written in complete
/// generations, searched densely with optional payload filters. Readers always see the last committed generation; a
/// generation that is being written, abandoned or interrupted is never visible. The Dutch lexical analysis is not part
/// of a store: <see cref="Retrieval.Lexical.DutchLexicalSearch"/> works over <see cref="GetChunksAsync"/> of any store,
/// so an engine needs no Dutch analyzer of its own. Every member throws <see cref="KnowledgeStoreUnavailableException"/>
/// when the store cannot be opened or read (corrupt, truncated, unreadable, unreachable).
/// </summary>
public interface IKnowledgeStore
{
    /// <summary>What the serving generation holds.</summary>
    Task<StoreInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Best chunks by cosine similarity to a normalised query vector, among those that pass <paramref name="filter"/>.</summary>
    Task<IReadOnlyList<ScoredChunk>> SearchDenseAsync(ReadOnlyMemory<float> vector, int top, ChunkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every chunk of the serving generation (without vectors), grouped by document in a stable order, with the
    /// generation they belong to: what the lexical analysis, the title search and self-calibration work over.
    /// </summary>
    Task<GenerationChunks> GetChunksAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every document of the serving generation with its chunks and their vectors, for copying a generation to another
    /// store without re-embedding (<c>migrate</c>).
    /// </summary>
    IAsyncEnumerable<StoredDocument> ExportAsync(CancellationToken cancellationToken = default);

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

    /// <summary>Adds a document exported from another store, with its recorded state and vectors as they are.</summary>
    Task ImportDocumentAsync(StoredDocument document, CancellationToken cancellationToken = default);

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
    Task<IKnowledgeStore> PreviewAsync(CancellationToken cancellationToken = default);
}

/// <summary>The chunks of one generation.</summary>
/// <param name="Info">The generation they belong to.</param>
/// <param name="Chunks">Its chunks, grouped by document, in a stable order.</param>
public sealed record GenerationChunks(StoreInfo Info, IReadOnlyList<Chunk> Chunks);

/// <summary>What a store records of a document, without its text (the chunks hold that).</summary>
/// <param name="Id">Document id.</param>
/// <param name="SourceName">The configured source it came from.</param>
/// <param name="Type">Kind of source.</param>
/// <param name="Title">Title.</param>
/// <param name="Url">Address (or source id) of the document.</param>
/// <param name="State">What is needed to decide whether it changed.</param>
public sealed record DocumentRecord(string Id, string SourceName, SourceType Type, string Title, string Url, DocumentState State)
{
    /// <summary>The record of a document as read from its source.</summary>
    public static DocumentRecord From(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new DocumentRecord(document.Id, document.SourceName, document.Type, document.Title, document.Url,
            new DocumentState(document.Id, document.ContentHash, document.ETag, document.HttpLastModified, document.LastModified));
    }
}

/// <summary>A document of a generation with its embedded chunks.</summary>
/// <param name="Document">The document's record.</param>
/// <param name="Chunks">Its chunks in order, with their vectors.</param>
public sealed record StoredDocument(DocumentRecord Document, IReadOnlyList<EmbeddedChunk> Chunks);

/// <summary>
/// Restricts a search to chunks whose payload matches: every non-empty set must contain the chunk's value. Empty or
/// null sets do not restrict. Stores apply it inside the search (Qdrant as a payload filter), so the top results are
/// the best matching ones, not the best ones filtered afterwards.
/// </summary>
/// <param name="SourceNames">Configured source names to keep.</param>
/// <param name="SourceTypes">Source types to keep.</param>
/// <param name="DocumentIds">Document ids to keep.</param>
public sealed record ChunkFilter(
    IReadOnlySet<string>? SourceNames = null,
    IReadOnlySet<SourceType>? SourceTypes = null,
    IReadOnlySet<string>? DocumentIds = null)
{
    /// <summary>True when the filter lets every chunk through.</summary>
    public bool IsEmpty => (SourceNames is null || SourceNames.Count == 0) && (SourceTypes is null || SourceTypes.Count == 0) && (DocumentIds is null || DocumentIds.Count == 0);

    /// <summary>Whether <paramref name="chunk"/> passes.</summary>
    public bool Matches(Chunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return (SourceNames is null || SourceNames.Count == 0 || SourceNames.Contains(chunk.SourceName))
            && (SourceTypes is null || SourceTypes.Count == 0 || SourceTypes.Contains(chunk.SourceType))
            && (DocumentIds is null || DocumentIds.Count == 0 || DocumentIds.Contains(chunk.DocumentId));
    }
}
