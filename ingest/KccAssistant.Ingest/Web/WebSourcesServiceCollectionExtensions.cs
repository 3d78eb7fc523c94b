using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Web;

/// <summary>Registers the website sources: crawler options and the typed HTTP client behind <see cref="WebSourceReaderFactory"/>.</summary>
public static class WebSourcesServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="CrawlerOptions"/> (section <c>Kcc:Crawler</c>, checked at start) and registers
    /// <see cref="WebSourceReaderFactory"/> as a typed client on a handler that leaves redirects to the crawler.
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

        services.AddHttpClient<WebSourceReaderFactory>(client =>
            {
                // The crawler applies CrawlerOptions.RequestTimeout per request, body included, and retries itself.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(HttpCrawler.CreateHttpHandler);

        return services;
    }
}
