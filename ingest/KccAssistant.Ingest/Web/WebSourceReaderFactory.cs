using KccAssistant.Ingest.Pdf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Web;

/// <summary>
/// Creates website readers for configured sources; it is the typed <see cref="HttpClient"/> of the web sources, so
/// every crawler shares the pooled, non-redirecting handler registered by
/// <see cref="WebSourcesServiceCollectionExtensions.AddKccWebSources"/>. Resolve it per ingest run (it is transient).
/// </summary>
public sealed class WebSourceReaderFactory(
    HttpClient httpClient,
    IOptions<CrawlerOptions> options,
    HtmlContentExtractor extractor,
    PdfTextExtractor pdf,
    ILoggerFactory? loggerFactory = null)
{
    private readonly ILoggerFactory _loggers = loggerFactory ?? NullLoggerFactory.Instance;

    /// <summary>A crawler over HTTP from <paramref name="startUrls"/>.</summary>
    public HttpCrawler CreateCrawler(IEnumerable<Uri> startUrls, IProgress<CrawlProgress>? progress = null) =>
        new(startUrls, options.Value, httpClient, _loggers.CreateLogger<HttpCrawler>(), progress, extractor, pdf);

    /// <summary>A reader of a saved copy of a site; <paramref name="baseUrl"/> as in <see cref="SiteFolderReader"/>.</summary>
    public SiteFolderReader CreateFolderReader(string folder, Uri? baseUrl = null) =>
        new(folder, baseUrl, options.Value, _loggers.CreateLogger<SiteFolderReader>(), extractor, pdf);

    /// <summary>
    /// The reader for a <c>--site</c> argument: an http(s) URL is crawled, anything else is read as a folder holding a
    /// saved site (with <paramref name="baseUrl"/> or the base URL its robots.txt/sitemap.xml names).
    /// </summary>
    public Pipeline.ISourceReader Create(string site, Uri? baseUrl = null, IProgress<CrawlProgress>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(site);
        return Uri.TryCreate(site, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? CreateCrawler([url], progress)
            : CreateFolderReader(site, baseUrl);
    }
}
