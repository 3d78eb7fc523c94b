using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using Microsoft.AspNetCore.Http;
using static KccAssistant.Tests.Web.WebFixtures;

namespace KccAssistant.Tests.Web;

/// <summary>robots.txt, sitemaps and re-crawl behaviour (lastmod, conditional requests) over HTTP.</summary>
public class HttpCrawlerRobotsAndSitemapTests
{
    [Fact]
    public async Task ReadAsync_RobotsRules_DisallowedSkippedAndNeverFetched()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/robots.txt", """
            User-agent: *
            Disallow: /

            User-agent: KccAssistantBot
            Disallow: /intern
            Allow: /intern/openbaar
            Disallow: /*?print=
            Disallow: /*.php$
            """);
        string[] links = ["/intern/geheim", "/intern/openbaar/info", "/pagina?print=1", "/oud.php", "/oud.php?id=1", "/normaal"];
        server.MapHtml("/", LinkPage("Home", links));
        foreach (var path in new[] { "/intern/geheim", "/intern/openbaar/info", "/pagina", "/oud.php", "/normaal" })
        {
            server.Map(path, context => TestWebServer.WriteAsync(context, LinkPage(path + context.Request.QueryString), "text/html"));
        }

        var items = await CrawlAsync(server);

        Assert.Equal(
            new[] { "/intern/geheim", "/oud.php", "/pagina?print=1" }.Select(server.Abs),
            items.Skipped(SkipReason.Robots).Select(s => s.Location).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { "/", "/intern/openbaar/info", "/normaal", "/oud.php?id=1" }.Select(server.Abs),
            items.Documents().Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal(0, server.CountPath("/intern/geheim"));
        Assert.Equal(0, server.Count("/oud.php"));
        Assert.Equal(0, server.CountPath("/pagina"));
    }

    [Fact]
    public async Task ReadAsync_RobotsServerError_DisallowsAll()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapStatus("/robots.txt", 503);
        server.MapHtml("/", LinkPage("Home"));

        var items = await CrawlAsync(server, FastOptions(o => o.MaxRetries = 1));

        var skipped = Assert.Single(items.Skipped(SkipReason.Robots));
        Assert.Equal(server.Abs("/"), skipped.Location);
        Assert.Empty(items.Documents());
        Assert.All(server.Requests, r => Assert.Equal("/robots.txt", r.Path));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(401)]
    public async Task ReadAsync_RobotsClientError_AllowsAll(int status)
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapStatus("/robots.txt", status);
        server.MapHtml("/", LinkPage("Home", "/a"));
        server.MapHtml("/a", LinkPage("A"));

        var items = await CrawlAsync(server);

        Assert.Equal(2, items.Documents().Count);
    }

    [Fact]
    public async Task ReadAsync_RobotsRedirected_RedirectFollowed()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapRedirect("/robots.txt", "/echte-robots.txt");
        server.MapText("/echte-robots.txt", "User-agent: *\nDisallow: /verboden");
        server.MapHtml("/", LinkPage("Home", "/verboden"));

        var items = await CrawlAsync(server);

        Assert.Single(items.Skipped(SkipReason.Robots));
        Assert.Equal(0, server.CountPath("/verboden"));
    }

    [Fact]
    public async Task ReadAsync_CrawlDelay_RequestsSpaced()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/robots.txt", "User-agent: *\nCrawl-delay: 0.3");
        server.MapHtml("/", LinkPage("Home", "/a", "/b"));
        server.MapHtml("/a", LinkPage("A"));
        server.MapHtml("/b", LinkPage("B"));

        await CrawlAsync(server, FastOptions(o => o.UseSitemaps = false));

        var pages = server.Requests.Where(r => r.Path is "/" or "/a" or "/b").Select(r => r.Timestamp).Order().ToList();
        Assert.Equal(3, pages.Count);
        for (var i = 1; i < pages.Count; i++)
        {
            // Without the delay these arrive within a few milliseconds; the margin absorbs scheduling jitter on a busy machine.
            var gap = Stopwatch.GetElapsedTime(pages[i - 1], pages[i]);
            Assert.True(gap >= TimeSpan.FromMilliseconds(150), $"requests closer than the crawl-delay: {gap.TotalMilliseconds:F0} ms; all: {string.Join(", ", server.Requests.Select(r => $"{r.Path}@{Stopwatch.GetElapsedTime(server.Requests[0].Timestamp, r.Timestamp).TotalMilliseconds:F0}"))}");
        }
    }

    [Fact]
    public async Task ReadAsync_SitemapIndexWithGzipChild_LastmodDecidesWhatIsFetched()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/robots.txt", $"User-agent: *\nAllow: /\nSitemap: {server.Abs("/sitemaps/index.xml")}");
        server.MapText("/sitemaps/index.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>{server.Abs("/sitemaps/pages.xml.gz")}</loc><lastmod>2025-01-01</lastmod></sitemap>
              <sitemap><loc>{server.Abs("/sitemaps/news.xml")}</loc></sitemap>
            </sitemapindex>
            """, "application/xml");
        var gzipped = Gzip($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>{server.Abs("/oud")}</loc><lastmod>2024-01-01</lastmod></url>
              <url><loc>{server.Abs("/nieuw")}</loc><lastmod>2025-01-01T12:00:00+01:00</lastmod></url>
              <url><loc>{server.Abs("/alleen-in-sitemap")}</loc></url>
            </urlset>
            """);
        server.Map("/sitemaps/pages.xml.gz", async context =>
        {
            context.Response.ContentType = "application/x-gzip";
            await context.Response.Body.WriteAsync(gzipped);
        });
        server.MapText("/sitemaps/news.xml", $"""
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{server.Abs("/nieuws/1")}</loc></url></urlset>
            """, "text/xml");
        server.MapHtml("/", Page("Home", "<p>Welkom op de website van de gemeente.</p>"));
        foreach (var path in new[] { "/oud", "/nieuw", "/alleen-in-sitemap", "/nieuws/1" })
        {
            server.MapHtml(path, LinkPage(path));
        }

        var known = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var previous = Previous(
            new DocumentState(server.Abs("/oud"), "hash", null, null, known),
            new DocumentState(server.Abs("/nieuw"), "hash", null, null, known));

        var items = await CrawlAsync(server, previous: previous);

        Assert.Equal(server.Abs("/oud"), Assert.Single(items.OfType<UnchangedItem>()).DocumentId);
        Assert.Equal(0, server.CountPath("/oud"));
        Assert.Equal(
            new[] { "/", "/alleen-in-sitemap", "/nieuw", "/nieuws/1" }.Select(server.Abs),
            items.Documents().Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, server.CountPath("/sitemaps/pages.xml.gz"));
    }

    [Fact]
    public async Task ReadAsync_DefaultSitemapXml_FindsUnlinkedPages()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/sitemap.xml", $"""
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>{server.Abs("/verborgen")}</loc></url>
              <url><loc>https://elders.example.org/pagina</loc></url>
            </urlset>
            """, "application/xml");
        server.MapHtml("/", Page("Home", "<p>Geen links naar de verborgen pagina.</p>"));
        server.MapHtml("/verborgen", LinkPage("Verborgen"));

        var items = await CrawlAsync(server);

        Assert.Contains(items.Documents(), d => d.Id == server.Abs("/verborgen"));
        Assert.Equal(2, items.Documents().Count);
    }

    [Fact]
    public async Task ReadAsync_Sitemap_AnnouncesItsInScopePagesAsTheTotalFirst()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/sitemap.xml", $"""
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>{server.Abs("/")}</loc></url>
              <url><loc>{server.Abs("/a")}</loc></url>
              <url><loc>{server.Abs("/b")}</loc></url>
              <url><loc>https://elders.example.org/pagina</loc></url>
            </urlset>
            """, "application/xml");
        server.MapHtml("/", Page("Home", "<p>Startpagina zonder links.</p>"));
        server.MapHtml("/a", LinkPage("A"));
        server.MapHtml("/b", LinkPage("B"));

        using var client = NewClient();
        var items = new List<IngestItem>();
        await foreach (var item in new KccAssistant.Ingest.Web.HttpCrawler([server.Url("/")], FastOptions(), client).ReadAsync(new SourceContext(SourceName, new Dictionary<string, DocumentState>())))
        {
            items.Add(item);
        }

        // The start page is in the sitemap too and the other host is out of scope: three pages, each yielding one item.
        var total = Assert.Single(items.OfType<TotalItem>());
        Assert.Equal(new TotalItem(3, TotalBasis.Sitemap), total);
        Assert.IsType<TotalItem>(items.First(i => i is not WarningItem));
        Assert.Equal(total.Total, items.Count(i => i is DocumentItem or SkippedItem or UnchangedItem));
    }

    [Fact]
    public async Task ReadAsync_PreviousValidators_ConditionalRequests304YieldUnchanged()
    {
        await using var server = await TestWebServer.StartAsync();
        const string lastModified = "Wed, 21 Oct 2015 07:28:00 GMT";
        server.Map("/", context =>
        {
            if (context.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            return TestWebServer.WriteAsync(context, LinkPage("Home", "/a"), "text/html");
        });
        server.Map("/a", context =>
        {
            if (context.Request.Headers.IfModifiedSince == lastModified)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            return TestWebServer.WriteAsync(context, LinkPage("A"), "text/html");
        });
        server.MapHtml("/b", LinkPage("B"));
        var previous = Previous(
            new DocumentState(server.Abs("/"), "h1", "\"v1\"", null, null),
            new DocumentState(server.Abs("/a"), "h2", null, lastModified, null),
            new DocumentState(server.Abs("/weg"), "h3", "\"x\"", null, null),
            new DocumentState(server.Abs("/b"), "h4", "\"oud\"", null, null));

        var items = await CrawlAsync(server, previous: previous);

        Assert.Equal(
            new[] { "/", "/a" }.Select(server.Abs),
            items.OfType<UnchangedItem>().Select(u => u.DocumentId).Order(StringComparer.Ordinal));
        var changed = Assert.Single(items.Documents());
        Assert.Equal(server.Abs("/b"), changed.Id);
        Assert.Empty(items.OfType<SkippedItem>());
        Assert.Equal("\"v1\"", server.Requests.Single(r => r.Path == "/").IfNoneMatch);
        Assert.Equal(lastModified, server.Requests.Single(r => r.Path == "/a").IfModifiedSince);
        Assert.Equal(1, server.CountPath("/weg"));
    }

    [Fact]
    public async Task ReadAsync_ResponseValidators_StoredOnDocument()
    {
        await using var server = await TestWebServer.StartAsync();
        server.Map("/", context =>
        {
            context.Response.Headers.ETag = "\"abc\"";
            context.Response.Headers.LastModified = "Wed, 21 Oct 2015 07:28:00 GMT";
            return TestWebServer.WriteAsync(context, LinkPage("Home"), "text/html");
        });

        var document = Assert.Single((await CrawlAsync(server)).Documents());

        Assert.Equal("\"abc\"", document.ETag);
        Assert.Equal("Wed, 21 Oct 2015 07:28:00 GMT", document.HttpLastModified);
        Assert.Equal(new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.Zero), document.LastModified);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
