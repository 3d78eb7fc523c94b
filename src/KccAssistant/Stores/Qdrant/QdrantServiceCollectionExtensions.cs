using KccAssistant.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace KccAssistant.Stores.Qdrant;

/// <summary>Registers the Qdrant store; <c>AddKccCore</c> calls it, and it is only built when <c>Kcc:Store:Provider</c> is <c>Qdrant</c>.</summary>
public static class QdrantServiceCollectionExtensions
{
    /// <summary>Adds the client (one gRPC channel per process), the gateway, the tenant stores and the store of <c>Kcc:Tenant</c>.</summary>
    public static IServiceCollection AddQdrantStore(this IServiceCollection services)
    {
        services.AddSingleton(sp => CreateClient(sp.GetRequiredService<IOptions<StoreOptions>>().Value.Qdrant, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IQdrantGateway>(sp => new QdrantGateway(
            sp.GetRequiredService<QdrantClient>(), sp.GetRequiredService<IOptions<StoreOptions>>().Value.Qdrant, sp.GetRequiredService<ILogger<QdrantGateway>>()));
        services.AddSingleton<QdrantTenantStores>();
        services.AddSingleton(sp => sp.GetRequiredService<QdrantTenantStores>().For(sp.GetRequiredService<IOptions<KccOptions>>().Value.Tenant));
        return services;
    }

    /// <summary>A client for the configured endpoint: TLS when the scheme is https, the API key, a pinned certificate when given.</summary>
    public static QdrantClient CreateClient(QdrantStoreOptions options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = new Uri(options.Endpoint);
        var apiKey = options.ApiKey.Length == 0 ? null : options.ApiKey;
        if (endpoint.Scheme == Uri.UriSchemeHttps && options.CertificateThumbprint.Length > 0)
        {
            // A self-signed server certificate: trust exactly this one.
            var channel = QdrantChannel.ForAddress(endpoint, new ClientConfiguration { ApiKey = apiKey, CertificateThumbprint = options.CertificateThumbprint });
            return new QdrantClient(new QdrantGrpcClient(channel), options.RequestTimeout, loggers);
        }

        return new QdrantClient(endpoint, apiKey, options.RequestTimeout, loggers);
    }
}

/// <summary>
/// The stores of several tenants on one server, sharing one client: a worker that serves several municipalities asks
/// for each tenant's store here. Each store only ever reads its own tenant's alias and filters on its tenant.
/// </summary>
public sealed class QdrantTenantStores(IQdrantGateway gateway, IOptions<StoreOptions> options, ILoggerFactory loggers)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, QdrantKnowledgeStore> _stores = new(StringComparer.Ordinal);

    /// <summary>The store of <paramref name="tenant"/>.</summary>
    public QdrantKnowledgeStore For(string tenant)
    {
        var settings = options.Value.Qdrant;
        return _stores.GetOrAdd(tenant, name => new QdrantKnowledgeStore(
            gateway, new QdrantNames(settings.CollectionPrefix, name), settings, TimeProvider.System, loggers.CreateLogger<QdrantKnowledgeStore>()));
    }
}
