using System.Text.Json;
using KccAssistant.Configuration;
using KccAssistant.Ingest;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores;
using KccAssistant.Tests.Support;
using KccAssistant.Tests.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.Pipeline;

/// <summary>
/// Issue 8, findings 5, 6 and 7 on the ingest side, reproduced against real HTTP servers through the real pipeline:
/// citation links that are not http(s) or point to another host, and redirects that leave the source.
/// </summary>
public sealed class IngestScopeTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly ServiceProvider _services;

    public IngestScopeTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("Kcc:DataDir", _data.Path),
            new("Kcc:PersonalData:Allow:EmailDomains:0", "lindenhaven.nl"),
            new("Kcc:PersonalData:Allow:PhoneNumbers:0", "0589 555 000"),
            new("Kcc:PersonalData:Allow:Ibans:0", "NL27 RABO 0310 0001 23"),
        ]).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKccCore(configuration);
        services.AddSingleton<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>(new HashEmbeddingGenerator());
        services.AddKccIngestion(configuration);
        _services = services.BuildServiceProvider();
    }

    private IngestionPipeline Pipeline => _services.GetRequiredService<IngestionPipeline>();

    private IKnowledgeStore Store => _services.GetRequiredService<IKnowledgeStore>();

    private DutchLexicalSearch Lexical => _services.GetRequiredService<DutchLexicalSearch>();

    public void Dispose()
    {
        _services.Dispose();
        _data.Dispose();
    }

    private static SourceDefinition Source(string name, SourceKind kind, string location, string? baseUrl = null) =>
        new() { Name = name, Kind = kind, Locations = [location], BaseUrl = baseUrl };

    private async Task<string> CitedUrlAsync(string query)
    {
        var hit = Assert.Single(await Lexical.SearchAsync(query, 1));
        return hit.Chunk.Url;
    }

    private static object Faq(string id, string canonical, string question, string answer) => new
    {
        id,
        canonical,
        question,
        introduction = $"<p>{answer}</p>",
        lastmodified = "2026-01-05T10:00:00Z",
    };

    [Fact]
    public async Task RunAsync_KnowledgeBaseItemsWithScriptDataOrRelativeLinks_IndexedWithoutTheLinkAndReported()
    {
        await using var server = await TestWebServer.StartAsync();
        var items = new[]
        {
            Faq("faq-js", "javascript:alert(document.domain)//", "Hoe verleng ik mijn paspoort?", "Een paspoort verlengt u met een afspraak in het stadhuis."),
            Faq("faq-data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "Wat kost een rijbewijs?", "Een rijbewijs kost veertig euro bij de balie."),
            Faq("faq-relative", "/onderwerpen/hondenbelasting", "Moet ik hondenbelasting betalen?", "Hondenbelasting betaalt u voor iedere hond in huis."),
            Faq("faq-vbscript", " VBScript:msgbox(1)", "Hoe meld ik een kapotte lantaarnpaal?", "Een kapotte lantaarnpaal meldt u via het meldformulier."),
            Faq("faq-ok", "https://www.rijksoverheid.nl/onderwerpen/afval/vraag-en-antwoord/grofvuil", "Hoe zet ik grofvuil buiten?", "Grofvuil zet u op de ophaaldag voor zeven uur buiten."),
        };
        server.MapText("/api/faqs.json", JsonSerializer.Serialize(items), "application/json");

        var report = await Pipeline.RunAsync([Source("kb", SourceKind.KnowledgeBase, server.Abs("/api/faqs.json"))]);

        Assert.True(report.Committed, report.ToSummary());
        Assert.Equal(5, report.Documents);
        Assert.Equal(4, report.Warnings.UrlsRemoved);
        Assert.Equal(["faq-data", "faq-js", "faq-relative", "faq-vbscript"], report.WarningItems.Where(w => w.Kind == nameof(WarningKind.UrlRemoved)).Select(w => w.Location).Order());
        Assert.Contains(report.WarningItems, w => w.Location == "faq-js" && w.Detail.Contains("'javascript:'", StringComparison.Ordinal));
        Assert.Equal("kennisbank:rijksoverheid/faq-js", await CitedUrlAsync("paspoort verlengen stadhuis"));
        Assert.Equal("kennisbank:rijksoverheid/faq-data", await CitedUrlAsync("rijksbewijs rijbewijs balie"));
        Assert.Equal("kennisbank:rijksoverheid/faq-relative", await CitedUrlAsync("hondenbelasting hond"));
        Assert.Equal("kennisbank:rijksoverheid/faq-vbscript", await CitedUrlAsync("lantaarnpaal meldformulier"));
        Assert.Equal("https://www.rijksoverheid.nl/onderwerpen/afval/vraag-en-antwoord/grofvuil", await CitedUrlAsync("grofvuil ophaaldag"));

        // The report file carries the new entries next to the unchanged contract.
        var json = JsonSerializer.Serialize(report, IngestReport.JsonOptions);
        Assert.Contains("\"urlsRemoved\": 4", json, StringComparison.Ordinal);
        Assert.Contains("\"skipped\": {", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SavedSitePageWithCanonicalToOtherHost_CitesTheSavedPageAndReports()
    {
        using var folder = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "paspoort.html"), WebFixtures.Page(
            "Paspoort", "<h1>Paspoort</h1><p>Een paspoort vraagt u aan in het stadhuis van Lindenhaven.</p>",
            head: "<link rel=\"canonical\" href=\"https://lindenhaven-loket.example/inloggen?doel=paspoort\">"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "rijbewijs.html"), WebFixtures.Page(
            "Rijbewijs", "<h1>Rijbewijs</h1><p>Een rijbewijs verlengt u online met DigiD.</p>",
            head: "<link rel=\"canonical\" href=\"javascript:alert(document.domain)//\">"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "afval.html"), WebFixtures.Page(
            "Afval", "<h1>Afval</h1><p>Afval zet u op de ophaaldag aan de straat.</p>",
            head: "<link rel=\"canonical\" href=\"https://lindenhaven.nl/afval-en-milieu\">"));

        var report = await Pipeline.RunAsync([Source("site", SourceKind.Site, folder.Path, "https://www.lindenhaven.nl/")]);

        Assert.Equal(3, report.Documents);
        Assert.Equal("https://www.lindenhaven.nl/paspoort", await CitedUrlAsync("paspoort stadhuis"));
        Assert.Equal("https://www.lindenhaven.nl/rijbewijs", await CitedUrlAsync("rijbewijs digid"));
        // The site's own host, with or without www, is still its canonical.
        Assert.Equal("https://lindenhaven.nl/afval-en-milieu", await CitedUrlAsync("afval ophaaldag"));
        Assert.Equal(2, report.Warnings.CanonicalsIgnored);
        var foreign = Assert.Single(report.WarningItems, w => w.Location == "https://www.lindenhaven.nl/paspoort");
        Assert.Contains("https://lindenhaven-loket.example", foreign.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("doel=paspoort", foreign.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CrawledPageWithCanonicalToOtherHost_CitesTheFetchedUrlAndReports()
    {
        await using var site = await TestWebServer.StartAsync();
        await using var phishing = await TestWebServer.StartAsync();
        site.MapText("/robots.txt", "User-agent: *\nAllow: /");
        site.MapHtml("/", WebFixtures.LinkPage("Home", "/paspoort", "/rijbewijs"));
        site.MapHtml("/paspoort", WebFixtures.Page("Paspoort", "<h1>Paspoort</h1><p>Een paspoort vraagt u aan in het stadhuis.</p>",
            head: $"<link rel=\"canonical\" href=\"{phishing.Abs("/paspoort")}\">"));
        site.MapHtml("/rijbewijs", WebFixtures.Page("Rijbewijs", "<h1>Rijbewijs</h1><p>Een rijbewijs verlengt u online met DigiD.</p>",
            head: "<link rel=\"canonical\" href=\"data:text/html,<script>alert(1)</script>\">"));

        var report = await Pipeline.RunAsync([Source("site", SourceKind.Site, site.BaseUrl.AbsoluteUri)]);

        Assert.Equal(site.Abs("/paspoort"), await CitedUrlAsync("paspoort stadhuis"));
        Assert.Equal(site.Abs("/rijbewijs"), await CitedUrlAsync("rijbewijs digid"));
        Assert.Equal(2, report.Warnings.CanonicalsIgnored);
        Assert.Contains(report.WarningItems, w => w.Location == site.Abs("/paspoort") && w.Kind == nameof(WarningKind.CanonicalIgnored));
        Assert.Empty(phishing.Requests);
    }

    [Fact]
    public async Task RunAsync_RobotsTxtRedirectsToOtherHost_OtherHostNeverRequestedAndReported()
    {
        await using var site = await TestWebServer.StartAsync();
        await using var other = await TestWebServer.StartAsync();
        other.MapText("/internal/robots.txt", "User-agent: *\nAllow: /");
        site.MapRedirect("/robots.txt", other.Abs("/internal/robots.txt"), status: 302);
        site.MapHtml("/", WebFixtures.LinkPage("Home", "/paspoort"));
        site.MapHtml("/paspoort", WebFixtures.Page("Paspoort", "<h1>Paspoort</h1><p>Een paspoort vraagt u aan in het stadhuis.</p>"));

        var report = await Pipeline.RunAsync([Source("site", SourceKind.Site, site.BaseUrl.AbsoluteUri)]);

        Assert.Empty(other.Requests);
        Assert.Equal(1, site.Count("/robots.txt"));
        Assert.Equal(1, report.Warnings.RedirectsRefused);
        var warning = Assert.Single(report.WarningItems);
        Assert.Contains("robots.txt", warning.Detail, StringComparison.Ordinal);
        // Unavailable robots.txt means all allowed (RFC 9309): the site itself is still read.
        Assert.Equal(2, report.Documents);
    }

    [Fact]
    public async Task RunAsync_SitemapRedirectsToOtherHost_OtherHostNeverRequested()
    {
        await using var site = await TestWebServer.StartAsync();
        await using var other = await TestWebServer.StartAsync();
        other.MapText("/sitemap.xml", $"<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{site.Abs("/paspoort")}</loc></url></urlset>", "application/xml");
        site.MapText("/robots.txt", $"User-agent: *\nAllow: /\nSitemap: {site.Abs("/sitemaps/main.xml")}");
        site.MapRedirect("/sitemaps/main.xml", other.Abs("/sitemap.xml"), status: 302);
        site.MapRedirect("/sitemap.xml", other.Abs("/sitemap.xml"), status: 301);
        site.MapHtml("/", WebFixtures.LinkPage("Home", "/paspoort"));
        site.MapHtml("/paspoort", WebFixtures.Page("Paspoort", "<h1>Paspoort</h1><p>Een paspoort vraagt u aan in het stadhuis.</p>"));

        var report = await Pipeline.RunAsync([Source("site", SourceKind.Site, site.BaseUrl.AbsoluteUri)]);

        Assert.Empty(other.Requests);
        Assert.Equal(1, site.Count("/sitemaps/main.xml"));
        Assert.Equal(2, report.Documents);
    }

    [Fact]
    public async Task RunAsync_PageRedirectsToOtherHost_OtherHostNeverRequestedAndReported()
    {
        await using var site = await TestWebServer.StartAsync();
        await using var other = await TestWebServer.StartAsync();
        other.MapHtml("/admin", WebFixtures.Page("Beheer", "<h1>Beheer</h1><p>Interne beheerpagina.</p>"));
        site.MapText("/robots.txt", "User-agent: *\nAllow: /");
        site.MapHtml("/", WebFixtures.LinkPage("Home", "/paspoort", "/oud"));
        site.MapRedirect("/oud", other.Abs("/admin"), status: 302);
        site.MapHtml("/paspoort", WebFixtures.Page("Paspoort", "<h1>Paspoort</h1><p>Een paspoort vraagt u aan in het stadhuis.</p>"));

        var report = await Pipeline.RunAsync([Source("site", SourceKind.Site, site.BaseUrl.AbsoluteUri)]);

        Assert.Empty(other.Requests);
        Assert.Equal(2, report.Documents);
        var warning = Assert.Single(report.WarningItems);
        Assert.Equal(site.Abs("/oud"), warning.Location);
        Assert.Equal(nameof(WarningKind.RedirectRefused), warning.Kind);
    }

    /// <summary>An Objecten API list of two pages; the second page's behaviour is set per test.</summary>
    private static void MapObjectenPages(TestWebServer server, Func<HttpContext, Task> secondPage)
    {
        server.Map("/api/v2/objects", context => context.Request.Query["page"] == "2"
            ? secondPage(context)
            : TestWebServer.WriteAsync(context, ObjectenPage(["vac-a"], server.Abs("/api/v2/objects?page=2")), "application/json"));
    }

    private static string ObjectenPage(string[] ids, string? next) => JsonSerializer.Serialize(new
    {
        count = 2,
        next,
        previous = (string?)null,
        results = ids.Select(id => new
        {
            uuid = id,
            url = $"https://objecten.example/api/v2/objects/{id}",
            record = new
            {
                data = new
                {
                    uuid = id,
                    status = "actief",
                    vraag = $"Vraag over {id}: hoe vraag ik een {(id == "vac-a" ? "parkeervergunning" : "gehandicaptenparkeerkaart")} aan?",
                    antwoord = $"<p>U vraagt de {(id == "vac-a" ? "parkeervergunning" : "gehandicaptenparkeerkaart")} online aan via het loket.</p>",
                    doelgroep = "eu-burger",
                },
            },
        }),
    });

    [Fact]
    public async Task RunAsync_ObjectenApiNextPageRedirectsToOtherHost_NotFollowedPreviousDocumentsKept()
    {
        await using var api = await TestWebServer.StartAsync();
        await using var other = await TestWebServer.StartAsync();
        other.MapText("/steal", ObjectenPage(["vac-evil"], null), "application/json");
        var redirect = false;
        MapObjectenPages(api, context =>
        {
            if (redirect)
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = other.Abs("/steal");
                return Task.CompletedTask;
            }

            return TestWebServer.WriteAsync(context, ObjectenPage(["vac-b"], null), "application/json");
        });
        var source = Source("kb", SourceKind.KnowledgeBase, api.Abs("/api/v2/objects"));
        var first = await Pipeline.RunAsync([source]);
        Assert.Equal(2, first.Documents);

        redirect = true;
        var second = await Pipeline.RunAsync([source]);

        Assert.Empty(other.Requests);
        Assert.True(second.Committed);
        Assert.Equal(2, second.Documents);
        Assert.Equal(0, second.Deleted);
        Assert.Equal(1, second.Warnings.RedirectsRefused);
        var warning = Assert.Single(second.WarningItems);
        Assert.Contains("leaves the origin", warning.Detail, StringComparison.Ordinal);
        Assert.NotNull(second.Sources.Single().Incomplete);
        Assert.NotEmpty(await Lexical.SearchAsync("gehandicaptenparkeerkaart", 5));
    }

    [Fact]
    public async Task RunAsync_ObjectenApiNextLinkToOtherOrigin_NotFollowedPreviousDocumentsKept()
    {
        await using var api = await TestWebServer.StartAsync();
        await using var other = await TestWebServer.StartAsync();
        other.MapText("/api/v2/objects", ObjectenPage(["vac-evil"], null), "application/json");
        var elsewhere = false;
        api.Map("/api/v2/objects", context => context.Request.Query["page"] == "2"
            ? TestWebServer.WriteAsync(context, ObjectenPage(["vac-b"], null), "application/json")
            : TestWebServer.WriteAsync(context, ObjectenPage(["vac-a"], elsewhere ? other.Abs("/api/v2/objects?page=2") : api.Abs("/api/v2/objects?page=2")), "application/json"));
        var source = Source("kb", SourceKind.KnowledgeBase, api.Abs("/api/v2/objects"));
        Assert.Equal(2, (await Pipeline.RunAsync([source])).Documents);

        elsewhere = true;
        var report = await Pipeline.RunAsync([source]);

        Assert.Empty(other.Requests);
        Assert.Equal(2, report.Documents);
        Assert.Equal(1, report.Warnings.RedirectsRefused);
        Assert.NotNull(report.Sources.Single().Incomplete);
    }

    [Fact]
    public async Task RunAsync_KnowledgeBaseRedirectWithinOrigin_FollowedWithItsHeaders()
    {
        await using var api = await TestWebServer.StartAsync();
        api.MapRedirect("/oud/faqs.json", "/api/faqs.json", status: 301);
        api.Map("/api/faqs.json", context => context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal)
            ? TestWebServer.WriteAsync(context, JsonSerializer.Serialize(new[] { Faq("faq-ok", "https://www.rijksoverheid.nl/grofvuil", "Hoe zet ik grofvuil buiten?", "Grofvuil zet u op de ophaaldag buiten.") }), "application/json")
            : Task.FromResult(context.Response.StatusCode = StatusCodes.Status406NotAcceptable));

        var report = await Pipeline.RunAsync([Source("kb", SourceKind.KnowledgeBase, api.Abs("/oud/faqs.json"))]);

        Assert.Equal(1, report.Documents);
        Assert.Empty(report.WarningItems);
        Assert.Equal(1, api.Count("/api/faqs.json"));
    }

    [Fact]
    public async Task SendAsync_RedirectLoopWithinOrigin_StopsAfterMaxRedirects()
    {
        await using var api = await TestWebServer.StartAsync();
        api.MapRedirect("/a", "/b", status: 302);
        api.MapRedirect("/b", "/a", status: 302);
        using var client = new HttpClient(KccAssistant.Ingest.Web.ScopedRedirectHandler.CreateDefault());

        var refused = await Assert.ThrowsAsync<KccAssistant.Ingest.Web.RedirectRefusedException>(() => client.GetAsync(api.Abs("/a")));

        Assert.Contains("more than", refused.Message, StringComparison.Ordinal);
        Assert.Equal(KccAssistant.Ingest.Web.ScopedRedirectHandler.MaxRedirects + 1, api.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_CrawledPagesWithDisguisedPersonalData_SkippedWhileOwnContactDetailsPass()
    {
        await using var site = await TestWebServer.StartAsync();
        site.MapText("/robots.txt", "User-agent: *\nAllow: /");
        site.MapHtml("/", WebFixtures.LinkPage("Home", "/contact", "/melding-1", "/melding-2", "/melding-3", "/melding-4"));
        site.MapHtml("/contact", WebFixtures.Page("Contact", "<h1>Contact</h1><p>Bel 14 0589 of buiten kantoortijd 0589-555 000. Mail info@lindenhaven.nl of j.devries@lindenhaven.nl. Betaal naar NL27 RABO 0310 0001 23.</p>"));
        site.MapHtml("/melding-1", WebFixtures.Page("Melding een", "<h1>Melding een</h1><p>Bewoner met BSN: \uFF11\uFF12\uFF13 \uFF14\uFF15\uFF16 \uFF17\uFF18\uFF12 belde over de container.</p>"));
        site.MapHtml("/melding-2", WebFixtures.Page("Melding twee", "<h1>Melding twee</h1><p>Zie het dossier op <a href=\"/zaak?bsn=123%20456%20782\">https://zaken.example/zaak?bsn=123%20456%20782</a> over de lantaarnpaal.</p>"));
        site.MapHtml("/melding-3", WebFixtures.Page("Melding drie", "<h1>Melding drie</h1><p>Terugbellen naar +31 (0)6-12 34 56 78 over de boom.</p>"));
        site.MapHtml("/melding-4", WebFixtures.Page("Melding vier", "<h1>Melding vier</h1><p>Antwoord sturen naar secretariaat.postma@gmail.com over de bank.</p>"));

        var report = await Pipeline.RunAsync([Source("site", SourceKind.Site, site.BaseUrl.AbsoluteUri)]);

        Assert.Equal(4, report.Skipped.PersonalData);
        Assert.Equal(
            ["/melding-1", "/melding-2", "/melding-3", "/melding-4"],
            report.SkippedItems.Where(s => s.Reason == nameof(SkipReason.PersonalData)).Select(s => new Uri(s.Location).AbsolutePath).Order());
        Assert.NotEmpty(await Lexical.SearchAsync("kantoortijd contact", 5));
        Assert.Empty(await Lexical.SearchAsync("container lantaarnpaal boom bank", 5));
    }
}
