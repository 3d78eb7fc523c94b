using KccAssistant.Documents;

namespace KccAssistant.Stores.Embedded;

/// <summary>
/// A read-only store over one loaded generation, committed or not. Self-calibration searches the generation an
/// ingest run is about to commit through it, so the "geen antwoord" model fits the index it will serve with.
/// </summary>
public sealed class IndexView : IKnowledgeStore
{
    private readonly IndexSnapshot _snapshot;

    internal IndexView(IndexSnapshot snapshot) => _snapshot = snapshot;

    /// <summary>Every chunk of the generation, grouped by document.</summary>
    public IReadOnlyList<Chunk> Chunks => _snapshot.Chunks;

    /// <inheritdoc />
    public Task<StoreInfo> GetInfoAsync(CancellationToken cancellationToken = default) => Task.FromResult(_snapshot.Info);

    /// <inheritdoc />
    public Task<IReadOnlyList<ScoredChunk>> SearchDenseAsync(ReadOnlyMemory<float> vector, int top, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(_snapshot.SearchDense(vector.Span, top, filter));

    /// <inheritdoc />
    public Task<GenerationChunks> GetChunksAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new GenerationChunks(_snapshot.Info, _snapshot.Chunks));

    /// <inheritdoc />
    public IAsyncEnumerable<StoredDocument> ExportAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Een IndexView kent de documentstatus niet; exporteer uit de store zelf.");

    /// <inheritdoc />
    public Task<IReadOnlyList<Chunk>> GetDocumentChunksAsync(string documentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_snapshot.DocumentChunks(documentId));

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, DocumentState>> GetDocumentStatesAsync(string sourceName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, DocumentState>>(new Dictionary<string, DocumentState>());

    /// <inheritdoc />
    public Task<IGenerationWriter> BeginGenerationAsync(string embeddingModel, int dimensions, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Een IndexView is alleen-lezen.");
}
