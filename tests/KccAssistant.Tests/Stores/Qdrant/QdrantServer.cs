using KccAssistant.Stores;
using KccAssistant.Stores.Qdrant;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Stores.Qdrant;

/// <summary>
/// The real Qdrant server the Qdrant tests run against: <c>KCC_QDRANT_URL</c> (gRPC address, e.g. http://localhost:6334;
/// <c>KCC_QDRANT_API_KEY</c> when the server has one). Without it every such test is skipped with a reason that names
/// the variable. Each test works under its own collection prefix and removes its collections afterwards.
/// </summary>
internal sealed class QdrantServer : IAsyncDisposable
{
    public const string UrlVariable = "KCC_QDRANT_URL";

    public const string SkipReason = "Geen Qdrant-server: zet KCC_QDRANT_URL (bijv. http://localhost:6334, gRPC) om de Qdrant-tests tegen een echte server te draaien.";

    private readonly global::Qdrant.Client.QdrantClient _client;

    private QdrantServer(string url)
    {
        Options = new QdrantStoreOptions
        {
            Endpoint = url,
            ApiKey = Environment.GetEnvironmentVariable("KCC_QDRANT_API_KEY") ?? "",
            CollectionPrefix = $"kcctest{Guid.NewGuid():N}"[..15] + "-",
            GracePeriod = TimeSpan.Zero,
            BatchSize = 3,
        };
        _client = QdrantServiceCollectionExtensions.CreateClient(Options, NullLoggerFactory.Instance);
        Gateway = new QdrantGateway(_client, Options, NullLogger<QdrantGateway>.Instance);
    }

    public QdrantStoreOptions Options { get; }

    public IQdrantGateway Gateway { get; }

    /// <summary>The server, or a skip naming <see cref="UrlVariable"/>.</summary>
    public static QdrantServer Require()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        Skip.If(string.IsNullOrWhiteSpace(url), SkipReason);
        return new QdrantServer(url!);
    }

    public QdrantKnowledgeStore Store(string tenant = "test") =>
        new(Gateway, new QdrantNames(Options.CollectionPrefix, tenant), Options, TimeProvider.System, NullLogger<QdrantKnowledgeStore>.Instance);

    public async ValueTask DisposeAsync()
    {
        foreach (var collection in await Gateway.ListCollectionsAsync())
        {
            if (collection.StartsWith(Options.CollectionPrefix, StringComparison.Ordinal))
            {
                await Gateway.DeleteCollectionAsync(collection);
            }
        }

        _client.Dispose();
    }
}
