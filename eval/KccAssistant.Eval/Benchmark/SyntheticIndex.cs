using KccAssistant.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
        // Through the core's registration and the store contract only. The web app under test reads the same data
        // directory, so the embedded provider is named here whatever the environment says.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Kcc:DataDir", dataDirectory), new("Kcc:Store:Provider", nameof(StoreProvider.Embedded))])
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddKccCore(configuration).BuildServiceProvider();
        var store = services.GetRequiredService<IKnowledgeStore>();
        await using var writer = await store.BeginGenerationAsync(embeddingModel, dimensions, cancellationToken);
        foreach (var document in documents)
        {
            await writer.AddDocumentAsync(document.Document, document.Chunks, cancellationToken);
        }

        await writer.CommitAsync(cancellationToken);
        return documents.Sum(d => d.Chunks.Count);
    }
}
