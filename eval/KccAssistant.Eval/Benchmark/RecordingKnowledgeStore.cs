using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using KccAssistant.Documents;
using KccAssistant.Stores;

namespace KccAssistant.Eval.Benchmark;

/// <summary>A document with its embedded chunks, as written to a generation.</summary>
internal sealed record IndexedDocument(SourceDocument Document, IReadOnlyList<EmbeddedChunk> Chunks);

/// <summary>
/// Passes everything to the real store and keeps a copy of the documents and vectors written to generations, so the
/// bench can reuse the real chunks and their real vectors of the first ingest run without reading store internals.
/// </summary>
internal sealed class RecordingKnowledgeStore(IKnowledgeStore inner) : IKnowledgeStore
{
    private readonly ConcurrentQueue<IndexedDocument> _written = new();

    /// <summary>Documents added (not carried over) in all generations written through this store.</summary>
    public IReadOnlyList<IndexedDocument> Written => [.. _written];

    public Task<StoreInfo> GetInfoAsync(CancellationToken cancellationToken = default) => inner.GetInfoAsync(cancellationToken);

    public Task<IReadOnlyList<ScoredChunk>> SearchDenseAsync(ReadOnlyMemory<float> vector, int top, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
        inner.SearchDenseAsync(vector, top, filter, cancellationToken);

    public Task<GenerationChunks> GetChunksAsync(CancellationToken cancellationToken = default) => inner.GetChunksAsync(cancellationToken);

    public IAsyncEnumerable<StoredDocument> ExportAsync(CancellationToken cancellationToken = default) => inner.ExportAsync(cancellationToken);

    public Task<IReadOnlyList<Chunk>> GetDocumentChunksAsync(string documentId, CancellationToken cancellationToken = default) =>
        inner.GetDocumentChunksAsync(documentId, cancellationToken);

    public Task<IReadOnlyDictionary<string, DocumentState>> GetDocumentStatesAsync(string sourceName, CancellationToken cancellationToken = default) =>
        inner.GetDocumentStatesAsync(sourceName, cancellationToken);

    public async Task<IGenerationWriter> BeginGenerationAsync(string embeddingModel, int dimensions, CancellationToken cancellationToken = default) =>
        new RecordingWriter(await inner.BeginGenerationAsync(embeddingModel, dimensions, cancellationToken), _written);

    private sealed class RecordingWriter(IGenerationWriter inner, ConcurrentQueue<IndexedDocument> written) : IGenerationWriter
    {
        public long Generation => inner.Generation;

        public async Task AddDocumentAsync(SourceDocument document, IReadOnlyList<EmbeddedChunk> chunks, CancellationToken cancellationToken = default)
        {
            await inner.AddDocumentAsync(document, chunks, cancellationToken);
            written.Enqueue(new IndexedDocument(document, [.. chunks]));
        }

        public Task ImportDocumentAsync(StoredDocument document, CancellationToken cancellationToken = default) =>
            inner.ImportDocumentAsync(document, cancellationToken);

        public Task<bool> KeepDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
            inner.KeepDocumentAsync(documentId, cancellationToken);

        public Task<int> KeepSourceAsync(string sourceName, CancellationToken cancellationToken = default) =>
            inner.KeepSourceAsync(sourceName, cancellationToken);

        public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
