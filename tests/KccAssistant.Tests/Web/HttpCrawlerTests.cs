using System.Text;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Web;
using Microsoft.AspNetCore.Http;
using static KccAssistant.Tests.Web.WebFixtures;

namespace KccAssistant.Tests.Web;

/// <summary>Crawling behaviour against a real local HTTP server: discovery, scope, duplicates, redirects, limits.</summary>
public class HttpCrawlerTests
{
    [Fact]
    public async Task ReadAsync_SmallSite_FindsEveryLinkedPage()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/wonen", "/afval"));
        server.MapHtml("/wonen", LinkPage("Wonen", "/wonen/verhuizen", "/"));
        server.MapHtml("/afval", LinkPage("Afval", "/wonen", "afval/kalender"));
        server.MapHtml("/wonen/verhuizen", LinkPage("Verhuizen", "../afval"));
        server.MapHtml("/afval/kalender", LinkPage("Afvalkalender"));

        var items = await CrawlAsync(server);

        Assert.Equal(
            new[] { "/", "/afval", "/afval/kalender", "/wonen", "/wonen/verhuizen" }.Select(server.Abs).Select(u => UrlNormalizer.Normalize(u)),
            items.Documents().Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(items.Documents(), d => Assert.Equal(d.Id, d.Url));
        Assert.All(items.Documents(), d => Assert.Equal(SourceName, d.SourceName));
        Assert.All(server.Requests.Where(r => r.Path != "/robots.txt" && r.Path != "/sitemap.xml"), r => Assert.Equal(1, server.Count(r.PathAndQuery)));
        Assert.All(server.Requests, r => Assert.Equal(CrawlerOptions.DefaultUserAgent, r.UserAgent));
    }

    [Fact]
    public async Task ReadAsync_UrlVariants_FetchedOnce()
    {
        await using var server = await TestWebServer.StartAsync();
        var port = server.BaseUrl.Port;
        server.MapHtml("/", LinkPage(
            "Home",
            "/paspoort",
            "/paspoort/",
            "/paspoort#kosten",
            "/paspoort?utm_source=nieuwsbrief&utm_medium=email",
            "/paspoort/?fbclid=abc&gclid=def",
            $"HTTP://127.0.0.1:{port}/paspoort",
            "/zoeken?b=2&a=1",
            "/zoeken?a=1&b=2&mc_cid=x"));
        server.MapHtml("/paspoort", LinkPage("Paspoort"));
        server.MapHtml("/zoeken", LinkPage("Zoeken"));

        var items = await CrawlAsync(server);

        Assert.Equal(1, server.CountPath("/paspoort"));
        Assert.Equal(1, server.CountPath("/zoeken"));
        Assert.Equal(3, items.Documents().Count);
        Assert.Contains(items.Documents(), d => d.Id == server.Abs("/zoeken?a=1&b=2"));
    }

    [Fact]
    public async Task ReadAsync_ExternalLink_NeverFetched()
    {
        await using var external = await TestWebServer.StartAsync();
        external.MapHtml("/", LinkPage("Elders"));
        external.MapHtml("/pagina", LinkPage("Elders pagina"));
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", external.Abs("/pagina"), external.Abs("/"), "/eigen"));
        server.MapHtml("/eigen", LinkPage("Eigen"));
        server.MapRedirect("/naar-buiten", external.Abs("/pagina"));

        var items = await CrawlAsync(server);

        Assert.Empty(external.Requests);
        Assert.Equal(2, items.Documents().Count);
        Assert.Empty(items.OfType<SkippedItem>());
    }

    [Fact]
    public async Task ReadAsync_RedirectOutOfScope_NotFollowedAndNotFailed()
    {
        await using var external = await TestWebServer.StartAsync();
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/digid"));
        server.MapRedirect("/digid", external.Abs("/login"), 302);

        var items = await CrawlAsync(server);

        Assert.Empty(external.Requests);
        Assert.Equal(1, server.CountPath("/digid"));
        Assert.Single(items.Documents());
        Assert.Empty(items.OfType<SkippedItem>());
    }

    [Fact]
    public async Task ReadAsync_RedirectChain_FollowedToFinalUrl()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/oud"));
        server.MapRedirect("/oud", "/tussen", 301);
        server.MapRedirect("/tussen", "nieuw/", 302);
        server.MapRedirect("/nieuw/", "/nieuw", 308);
        server.MapHtml("/nieuw", LinkPage("Nieuw"));

        var items = await CrawlAsync(server);

        var documents = items.Documents();
        Assert.Equal([server.Abs("/"), server.Abs("/nieuw")], documents.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal("Nieuw", documents.Single(d => d.Id.EndsWith("/nieuw", StringComparison.Ordinal)).Title);
        Assert.Equal(1, server.CountPath("/oud"));
        Assert.Equal(1, server.CountPath("/nieuw"));
    }

    [Fact]
    public async Task ReadAsync_RedirectLoop_DetectedAndFailed()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/lus-a"));
        server.MapRedirect("/lus-a", "/lus-b");
        server.MapRedirect("/lus-b", "/lus-a");

        var items = await CrawlAsync(server);

        var failed = Assert.Single(items.Skipped(SkipReason.Failed));
        Assert.Equal(server.Abs("/lus-a"), failed.Location);
        Assert.Contains("redirect loop", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(1, server.CountPath("/lus-a"));
        Assert.Equal(1, server.CountPath("/lus-b"));
    }

    [Fact]
    public async Task ReadAsync_TooManyRedirects_Failed()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/r0"));
        for (var i = 0; i < 8; i++)
        {
            server.MapRedirect($"/r{i}", $"/r{i + 1}");
        }

        var items = await CrawlAsync(server);

        Assert.Contains("more than 5 redirects", Assert.Single(items.Skipped(SkipReason.Failed)).Detail, StringComparison.Ordinal);
        Assert.Equal(0, server.CountPath("/r7"));
    }

    [Fact]
    public async Task ReadAsync_CanonicalToOtherPage_IndexedUnderCanonicalOnce()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/paspoort/print", "/paspoort"));
        server.MapHtml("/paspoort/print", Page("Paspoort", "<p>Printversie van de paspoortpagina.</p>", head: "<link rel=\"canonical\" href=\"/paspoort\">"));
        server.MapHtml("/paspoort", Page("Paspoort", "<p>Zo vraagt u een paspoort aan.</p>", head: "<link rel=\"canonical\" href=\"/paspoort/\">"));

        var items = await CrawlAsync(server);

        Assert.Single(items.Documents(), d => d.Id == server.Abs("/paspoort"));
        Assert.DoesNotContain(items.Documents(), d => d.Id.Contains("print", StringComparison.Ordinal));
        var duplicate = Assert.Single(items.Skipped(SkipReason.Duplicate));
        Assert.Contains(server.Abs("/paspoort"), duplicate.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SameContentUnderTwoUrls_SecondSkippedAsDuplicate()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/afval", "/afval-en-containers"));
        var same = LinkPage("Afval");
        server.MapHtml("/afval", same);
        server.MapHtml("/afval-en-containers", same);

        var items = await CrawlAsync(server);

        Assert.Equal(2, items.Documents().Count);
        Assert.Contains("same content as", Assert.Single(items.Skipped(SkipReason.Duplicate)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_CalendarTrap_Bounded()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/agenda"));
        server.Map("/agenda", context =>
        {
            var month = int.TryParse(context.Request.Query["maand"], out var m) ? m : 0;
            var html = LinkPage($"Agenda maand {month}", $"/agenda?maand={month + 1}", $"/agenda?maand={month - 1}", $"/agenda?maand={month + 1}&view=list");
            return TestWebServer.WriteAsync(context, html, "text/html");
        });

        var items = await CrawlAsync(server, FastOptions(o => o.MaxQueryVariantsPerPath = 5));

        // The start page plus five query variants; "&view=list" shows the same month, so it is a duplicate.
        Assert.Equal(6, server.CountPath("/agenda"));
        Assert.Equal(5, items.Documents().Count);
        Assert.Equal(2, items.Skipped(SkipReason.Duplicate).Count);
    }

    [Fact]
    public async Task ReadAsync_MaxDepth_LinksBeyondNotFollowed()
    {
        await using var server = await TestWebServer.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            server.MapHtml(i == 0 ? "/" : $"/d{i}", LinkPage($"Diepte {i}", $"/d{i + 1}"));
        }

        var items = await CrawlAsync(server, FastOptions(o => o.MaxDepth = 2));

        Assert.Equal(3, items.Documents().Count);
        Assert.Equal(0, server.CountPath("/d3"));
    }

    [Fact]
    public async Task ReadAsync_MaxPages_StopsCrawl()
    {
        await using var server = await TestWebServer.StartAsync();
        var children = Enumerable.Range(1, 20).Select(i => $"/p{i}").ToArray();
        server.MapHtml("/", LinkPage("Home", children));
        foreach (var child in children)
        {
            server.MapHtml(child, LinkPage(child));
        }

        var items = await CrawlAsync(server, FastOptions(o => o.MaxPages = 5));

        Assert.Equal(5, items.Documents().Count);
        Assert.Equal(5, server.Requests.Count(r => r.Path == "/" || r.Path.StartsWith("/p", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ReadAsync_AllowedPathPrefixes_OnlyThosePathsCrawled()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/burgerzaken/paspoort", "/burgerzakenarchief", "/nieuws"));
        server.MapHtml("/burgerzaken/paspoort", LinkPage("Paspoort", "/burgerzaken"));
        server.MapHtml("/burgerzaken", LinkPage("Burgerzaken"));
        server.MapHtml("/burgerzakenarchief", LinkPage("Archief"));
        server.MapHtml("/nieuws", LinkPage("Nieuws"));

        var items = await CrawlAsync(server, FastOptions(o => o.AllowedPathPrefixes = ["/burgerzaken/"]));

        Assert.Equal(3, items.Documents().Count);
        Assert.Equal(0, server.CountPath("/nieuws"));
        Assert.Equal(0, server.CountPath("/burgerzakenarchief"));
    }

    [Fact]
    public async Task ReadAsync_NoIndexMetaAndHeader_SkippedButLinksFollowed()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/meta", "/header", "/andere-bot", "/eigen-bot", "/nofollow"));
        server.MapHtml("/meta", Page("Meta", "<p><a href=\"/via-meta\">verder</a></p>", head: "<meta name=\"robots\" content=\"noindex\">"));
        server.Map("/header", context =>
        {
            context.Response.Headers["X-Robots-Tag"] = "noindex";
            return TestWebServer.WriteAsync(context, LinkPage("Header", "/via-header"), "text/html");
        });
        server.Map("/andere-bot", context =>
        {
            context.Response.Headers["X-Robots-Tag"] = "googlebot: noindex";
            return TestWebServer.WriteAsync(context, LinkPage("Andere bot"), "text/html");
        });
        server.Map("/eigen-bot", context =>
        {
            context.Response.Headers["X-Robots-Tag"] = "KccAssistantBot: noindex, nofollow";
            return TestWebServer.WriteAsync(context, LinkPage("Eigen bot", "/nooit-1"), "text/html");
        });
        server.MapHtml("/nofollow", Page("Nofollow", "<p><a href=\"/nooit-2\">niet volgen</a></p>", head: "<meta name=\"robots\" content=\"noindex,nofollow\">"));
        server.MapHtml("/via-meta", LinkPage("Via meta"));
        server.MapHtml("/via-header", LinkPage("Via header"));

        var items = await CrawlAsync(server);

        Assert.Equal(
            new[] { "/eigen-bot", "/header", "/meta", "/nofollow" }.Select(server.Abs),
            items.Skipped(SkipReason.NoIndex).Select(s => s.Location).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { "/", "/andere-bot", "/via-header", "/via-meta" }.Select(server.Abs),
            items.Documents().Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal(0, server.CountPath("/nooit-1"));
        Assert.Equal(0, server.CountPath("/nooit-2"));
    }

    [Fact]
    public async Task ReadAsync_NonHtmlContent_PdfReadOtherDocumentsCountedAssetsIgnored()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/folder.docx", "/logo.png", "/style.css", "/download", "/plaatje"));
        server.MapText("/download", "%PDF-1.7", "application/pdf");
        server.MapText("/plaatje", "GIF89a", "image/gif");

        var items = await CrawlAsync(server);

        var failed = items.Skipped(SkipReason.Failed);
        Assert.Equal(2, failed.Count);
        Assert.Contains(failed, f => f.Location == server.Abs("/folder.docx") && f.Detail.Contains("unsupported content type", StringComparison.Ordinal));
        // Served as a PDF without a .pdf name, read as one: this one is broken.
        Assert.Contains(failed, f => f.Location == server.Abs("/download") && f.Detail.StartsWith("could not read PDF", StringComparison.Ordinal));
        Assert.Equal(0, server.CountPath("/folder.docx"));
        Assert.Equal(0, server.CountPath("/logo.png"));
        Assert.Equal(0, server.CountPath("/style.css"));
        Assert.Single(items.Documents());
    }

    [Fact]
    public async Task ReadAsync_GoneAndForbidden_GoneAbsentForbiddenFailed()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/weg", "/verdwenen", "/verboden"));
        server.MapStatus("/verdwenen", 410);
        server.MapStatus("/verboden", 403);

        var items = await CrawlAsync(server);

        var failed = Assert.Single(items.Skipped(SkipReason.Failed));
        Assert.Equal(server.Abs("/verboden"), failed.Location);
        Assert.Equal("HTTP 403", failed.Detail);
        Assert.Single(items.Documents());
    }

    [Fact]
    public async Task ReadAsync_Windows1252Page_DecodedByDeclaredCharset()
    {
        await using var server = await TestWebServer.StartAsync();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1252).GetBytes(Page("Tarieven", "<p>Een paspoort kost € 84,40 – inclusief leges.</p>"));
        server.Map("/", async context =>
        {
            context.Response.ContentType = "text/html; charset=windows-1252";
            await context.Response.Body.WriteAsync(bytes);
        });

        var items = await CrawlAsync(server);

        Assert.Contains("€ 84,40 – inclusief", Assert.Single(items.Documents()).AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ManyPages_AtMostConcurrencyPerHostInFlight()
    {
        await using var server = await TestWebServer.StartAsync();
        int inFlight = 0, peak = 0;
        var children = Enumerable.Range(1, 8).Select(i => $"/p{i}").ToArray();
        server.MapHtml("/", LinkPage("Home", children));
        foreach (var child in children)
        {
            server.Map(child, async context =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                await Task.Delay(80);
                Interlocked.Decrement(ref inFlight);
                await TestWebServer.WriteAsync(context, LinkPage(child), "text/html");
            });
        }

        var items = await CrawlAsync(server, FastOptions(o => o.ConcurrencyPerHost = 2));

        Assert.Equal(9, items.Documents().Count);
        Assert.Equal(2, peak);
    }

    [SkippableFact]
    public async Task ReadAsync_SampleSiteServedOverHttp_SameDocumentsAsFolderReader()
    {
        var folder = Environment.GetEnvironmentVariable("KCC_SAMPLE_WEBSITE") is { Length: > 0 } overridden ? overridden : SampleSite();
        Skip.If(folder is null || !SiteFolderReader.IsSiteFolder(folder), "ingest/samples/website is absent or has no HTML pages yet.");
        await using var server = await TestWebServer.StartAsync();
        foreach (var file in Directory.EnumerateFiles(folder!, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            var type = file.EndsWith(".html", StringComparison.Ordinal) ? "text/html; charset=utf-8"
                : file.EndsWith(".xml", StringComparison.Ordinal) ? "application/xml"
                : file.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "text/plain";
            server.Map("/" + Path.GetRelativePath(folder!, file).Replace(Path.DirectorySeparatorChar, '/'), async context =>
            {
                context.Response.ContentType = type;
                await context.Response.Body.WriteAsync(bytes);
            });
        }

        var crawled = await CrawlAsync(server, start: "/index.html");
        var read = await ReadAllAsync(new SiteFolderReader(folder!));

        // The sample's canonical links name its real host, outside this crawl's scope: pages keep their served URL.
        Assert.Equal(read.Documents().Count, crawled.Documents().Count);
        Assert.Equal(
            read.Documents().Select(d => d.Title).Order(StringComparer.Ordinal),
            crawled.Documents().Select(d => d.Title).Order(StringComparer.Ordinal));
        Assert.Empty(crawled.Skipped(SkipReason.Failed));
        Assert.Equal(3, crawled.Documents().Count(d => d.Title.EndsWith("(pdf)", StringComparison.Ordinal)));
    }

    private static string? SampleSite()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "KccAssistant.sln")))
        {
            root = root.Parent;
        }

        return root is null ? null : Path.Combine(root.FullName, "ingest", "samples", "website");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Fact]
    public async Task ReadAsync_Progress_ReportedPerPage()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/a", "/b"));
        server.MapHtml("/a", LinkPage("A"));
        server.MapHtml("/b", LinkPage("B"));
        var progress = new RecordingProgress();
        using var client = NewClient();

        await ReadAllAsync(new HttpCrawler([server.Url("/")], FastOptions(), client, progress: progress));

        // Three pages and the footer's /privacy link, which answers 404.
        Assert.Equal(4, progress.Reports.Count);
        Assert.Equal(new CrawlProgress(4, 0, 3, 0, 0), progress.Reports[^1]);
        Assert.Equal(1, progress.Reports[0].Documents);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_StopsWithOperationCanceled()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/traag"));
        server.Map("/traag", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        });
        using var client = NewClient();
        using var cancellation = new CancellationTokenSource();
        var crawler = new HttpCrawler([server.Url("/")], FastOptions(), client);

        var seen = new List<IngestItem>();
        var reading = Task.Run(async () =>
        {
            await foreach (var item in crawler.ReadAsync(new SourceContext(SourceName, new Dictionary<string, KccAssistant.Stores.DocumentState>()), cancellation.Token))
            {
                seen.Add(item);
                await cancellation.CancelAsync();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        Assert.Single(seen);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheKey()
    {
        using var client = NewClient();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new HttpCrawler([new Uri("https://example.nl/")], new CrawlerOptions { MaxPages = 0, ConcurrencyPerHost = 0 }, client));

        Assert.Contains("Kcc:Crawler:MaxPages", error.Message, StringComparison.Ordinal);
        Assert.Contains("Kcc:Crawler:ConcurrencyPerHost", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingProgress : IProgress<CrawlProgress>
    {
        public List<CrawlProgress> Reports { get; } = [];

        public void Report(CrawlProgress value) => Reports.Add(value);
    }
}
