using KccAssistant.Ingest.Pdf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Web;

/// <summary>Registers the website sources: crawler options and the typed HTTP client behind <see cref="WebSourceReaderFactory"/>.</summary>
public static class WebSourcesServiceCollectionExtensions
{
    /// <summary>Name of the crawler client's resilience pipeline (retry, circuit breaker per host, attempt timeout).</summary>
    public const string CrawlerPipelineName = "crawler";

    /// <summary>
    /// Binds and validates <see cref="CrawlerOptions"/> (section <c>Kcc:Crawler</c>) and <see cref="PdfOptions"/> (<c>Kcc:Pdf</c>),
    /// both checked at start, and registers
    /// <see cref="WebSourceReaderFactory"/> as a typed client on a handler that leaves redirects to the crawler, behind
    /// the resilience pipeline of <see cref="HttpResilience"/> configured from the same options.
    /// </summary>
    public static IServiceCollection AddKccWebSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<CrawlerOptions>()
            .Bind(configuration.GetSection(CrawlerOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrawlerOptions>, CrawlerOptionsValidator>());
        services.TryAddSingleton<HtmlContentExtractor>();
        services.AddOptions<PdfOptions>()
            .Bind(configuration.GetSection(PdfOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PdfOptions>, PdfOptionsValidator>());
        services.TryAddSingleton(sp => new PdfTextExtractor(sp.GetRequiredService<IOptions<PdfOptions>>().Value));

        services.AddHttpClient<WebSourceReaderFactory>(client =>
            {
                // Timeouts are per attempt (the pipeline) and per body (the crawler); a whole-request timeout would
                // also cut off retries a server asked for with Retry-After.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(HttpCrawler.CreateHttpHandler)
            .AddIngestResilience(CrawlerPipelineName, sp =>
            {
                var crawler = sp.GetRequiredService<IOptions<CrawlerOptions>>().Value;
                return new HttpResilienceSettings(crawler.MaxRetries, crawler.RetryBaseDelay, crawler.MaxDelay, crawler.RequestTimeout);
            });

        return services;
    }
}
