using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Eval.Benchmark;

/// <summary>Writes a synthetic index as one committed generation of the embedded store in a data directory.</summary>
internal static class SyntheticIndex
{
    /// <summary>Writes <paramref name="documents"/> into <paramref name="dataDirectory"/>; returns the chunk count
    /// (the web app confirms it on /healthz when it loads the generation).</summary>
    public static async Task<int> WriteAsync(string dataDirectory, IReadOnlyList<IndexedDocument> documents, string embeddingModel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var dimensions = documents.SelectMany(d => d.Chunks).First().Vector.Length;
        using var store = new EmbeddedKnowledgeStore(dataDirectory, NullLogger<EmbeddedKnowledgeStore>.Instance, () => SynonymMap.Empty);
        await using var writer = await store.BeginGenerationAsync(embeddingModel, dimensions, cancellationToken);
        foreach (var document in documents)
        {
            await writer.AddDocumentAsync(document.Document, document.Chunks, cancellationToken);
        }

        await writer.CommitAsync(cancellationToken);
        return documents.Sum(d => d.Chunks.Count);
    }
}
