using KccAssistant.Documents;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Web;
using KccAssistant.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Web;

/// <summary>Pages, options and helpers shared by the web-source tests.</summary>
internal static class WebFixtures
{
    public const string SourceName = "website";

    /// <summary>A municipal-looking page: skip link, cookie banner, header menu, breadcrumb, main content, footer.</summary>
    public static string Page(string title, string main, string head = "", string menuLinks = "") => $$"""
        <!DOCTYPE html>
        <html lang="nl">
        <head>
          <meta charset="utf-8">
          <title>{{title}} | Gemeente Voorbeeldstad</title>
          {{head}}
        </head>
        <body>
          <a class="skiplink" href="#main">Naar de hoofdinhoud</a>
          <div id="cookie-consent"><p>Wij gebruiken cookies om de website te verbeteren.</p><button>Akkoord</button></div>
          <header>
            <a href="/">Gemeente Voorbeeldstad</a>
            <nav><ul><li><a href="/">Home</a></li>{{menuLinks}}</ul></nav>
          </header>
          <nav class="breadcrumb" aria-label="Kruimelpad"><ol><li><a href="/">Home</a></li><li>{{title}}</li></ol></nav>
          <main id="main">
            <h1>{{title}}</h1>
            {{main}}
          </main>
          <footer><p>Bel 14 0555 of mail info@voorbeeldstad.nl</p><a href="/privacy">Privacyverklaring</a></footer>
        </body>
        </html>
        """;

    /// <summary>A page with a unique paragraph (so content hashes differ) and links in its main content.</summary>
    public static string LinkPage(string title, params string[] hrefs) => Page(
        title,
        $"<p>Informatie over {title} voor inwoners van Voorbeeldstad.</p><ul>{string.Concat(hrefs.Select(h => $"<li><a href=\"{h}\">Lees meer over {h}</a></li>"))}</ul>");

    public static CrawlerOptions FastOptions(Action<CrawlerOptions>? configure = null)
    {
        var options = new CrawlerOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(5),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>
    /// The crawler's client as the application composes it (<see cref="WebSourcesServiceCollectionExtensions.AddKccWebSources"/>:
    /// primary handler and resilience pipeline), configured from <paramref name="options"/> (default <see cref="FastOptions"/>).
    /// </summary>
    public static CrawlerClient NewClient(CrawlerOptions? options = null) => new(options ?? FastOptions());

    public static async Task<List<IngestItem>> ReadAllAsync(
        ISourceReader reader, IReadOnlyDictionary<string, DocumentState>? previous = null, CancellationToken cancellationToken = default)
    {
        var items = new List<IngestItem>();
        await foreach (var item in reader.ReadAsync(new SourceContext(SourceName, previous ?? new Dictionary<string, DocumentState>()), cancellationToken))
        {
            // The expected total is a hint for the editor's progress bar, not something read; IngestProgressTests cover it.
            if (item is not TotalItem)
            {
                items.Add(item);
            }
        }

        return items;
    }

    public static async Task<List<IngestItem>> CrawlAsync(
        TestWebServer server, CrawlerOptions? options = null, IReadOnlyDictionary<string, DocumentState>? previous = null, string start = "/")
    {
        options ??= FastOptions();
        using var client = NewClient(options);
        var crawler = new HttpCrawler([server.Url(start)], options, client);
        return await ReadAllAsync(crawler, previous);
    }

    public static List<SourceDocument> Documents(this IEnumerable<IngestItem> items) =>
        [.. items.OfType<DocumentItem>().Select(d => d.Document)];

    public static List<SkippedItem> Skipped(this IEnumerable<IngestItem> items, SkipReason reason) =>
        [.. items.OfType<SkippedItem>().Where(s => s.Reason == reason)];

    public static string AllText(this SourceDocument document) =>
        document.Title + "\n" + string.Join("\n", document.Sections.Select(s => s.Heading + "\n" + s.Text));

    public static Dictionary<string, DocumentState> Previous(params DocumentState[] states) =>
        states.ToDictionary(s => s.DocumentId);
}

/// <summary>An <see cref="HttpClient"/> from a service provider that lives as long as the client.</summary>
internal sealed class CrawlerClient : IDisposable
{
    private readonly ServiceProvider _services;

    public CrawlerClient(CrawlerOptions options)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddKccWebSources(new ConfigurationBuilder().Build());
        services.AddSingleton(Options.Create(options));
        _services = services.BuildServiceProvider();
        Http = _services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebSourceReaderFactory));
    }

    public HttpClient Http { get; }

    public static implicit operator HttpClient(CrawlerClient client) => client.Http;

    public void Dispose()
    {
        Http.Dispose();
        _services.Dispose();
    }
}
