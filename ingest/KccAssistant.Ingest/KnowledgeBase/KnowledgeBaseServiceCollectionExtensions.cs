using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>Creates <see cref="KnowledgeBaseReader"/>s for configured or command-line locations.</summary>
public sealed class KnowledgeBaseReaderFactory(IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider)
{
    /// <summary>Name of the HTTP client used for knowledge-base URLs (configure timeouts and resilience on it).</summary>
    public const string HttpClientName = "KccAssistant.KnowledgeBase";

    /// <summary>A reader for one location.</summary>
    public KnowledgeBaseReader Create(KnowledgeBaseReaderOptions options)
        => new(options, httpClientFactory.CreateClient(HttpClientName), loggerFactory.CreateLogger<KnowledgeBaseReader>(), timeProvider);

    /// <summary>A reader for a file, folder or URL without authentication (e.g. from <c>--kb</c>).</summary>
    public KnowledgeBaseReader Create(string location) => Create(new KnowledgeBaseReaderOptions { Location = location });
}

/// <summary>Registers knowledge-base import.</summary>
public static class KnowledgeBaseServiceCollectionExtensions
{
    /// <summary>Adds <see cref="KnowledgeBaseReaderFactory"/> and its named HTTP client.</summary>
    public static IHttpClientBuilder AddKnowledgeBaseImport(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KnowledgeBaseReaderFactory>();
        // Redirects are followed only within the origin of the request (the API token goes along), never by the handler itself.
        return services.AddHttpClient(KnowledgeBaseReaderFactory.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(100))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.All })
            .AddHttpMessageHandler(() => new Web.ScopedRedirectHandler());
    }
}
