using KccAssistant.Ingest.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    /// <summary>Name of the knowledge-base client's resilience pipeline.</summary>
    public const string PipelineName = "knowledge-base";

    /// <summary>
    /// Adds <see cref="KnowledgeBaseReaderFactory"/> and its named HTTP client: in-scope redirects, then the resilience
    /// pipeline (retry honouring Retry-After, circuit breaker per host, attempt timeout) from <c>Kcc:KnowledgeBaseHttp</c>.
    /// </summary>
    public static IHttpClientBuilder AddKnowledgeBaseImport(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<KnowledgeBaseHttpOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(KnowledgeBaseHttpOptions.SectionName));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KnowledgeBaseHttpOptions>, KnowledgeBaseHttpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KnowledgeBaseReaderFactory>();

        // Redirects are followed only within the origin of the request (the API token goes along), never by the handler
        // itself. The pipeline sits inside the redirect handler, so each hop is retried on its own and counts for its own host.
        var builder = services.AddHttpClient(KnowledgeBaseReaderFactory.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<KnowledgeBaseHttpOptions>>().Value.TotalTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.All })
            .AddHttpMessageHandler(() => new Web.ScopedRedirectHandler());
        builder.AddIngestResilience(PipelineName, sp =>
        {
            var http = sp.GetRequiredService<IOptions<KnowledgeBaseHttpOptions>>().Value;
            return new HttpResilienceSettings(http.MaxRetries, http.RetryBaseDelay, http.MaxDelay, http.RequestTimeout);
        });
        return builder;
    }
}
