using HtmlAgilityPack;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Web;
using static KccAssistant.Tests.Web.WebFixtures;

namespace KccAssistant.Tests.Web;

public sealed class SiteFolderReaderTests : IDisposable
{
    private static readonly Uri BaseUrl = new("https://www.voorbeeldstad.nl/");
    private readonly string _folder = Directory.CreateTempSubdirectory("kcc-site-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ReadAsync_FixtureFolder_UrlsFromCanonicalOrPathAndSkipsCounted()
    {
        Write("index.html", LinkPage("Home"));
        Write("diensten/index.html", LinkPage("Diensten"));
        Write("diensten/paspoort.html", Page("Paspoort", "<p>Zo vraagt u een paspoort aan.</p>", head: "<link rel=\"canonical\" href=\"https://www.voorbeeldstad.nl/paspoort-aanvragen/\">"));
        Write("diensten/zoveelste-kopie.htm", Page("Paspoort", "<p>Zo vraagt u een paspoort aan.</p>"));
        Write("relatief.html", Page("Relatief", "<p>Canonical als bestandspad.</p>", head: "<link rel=\"canonical\" href=\"andere-naam.html\">"));
        Write("geheim.html", Page("Geheim", "<p>Niet indexeren.</p>", head: "<meta name=\"robots\" content=\"noindex\">"));
        Write("intern/medewerkers.html", LinkPage("Medewerkers"));
        Write("leeg.html", "<html><head><title>Leeg</title></head><body><main></main></body></html>");
        Write("Nieuws Archief/Bericht 1.HTML", LinkPage("Bericht"));
        Write("assets/site.css", "main { color: red }");
        Write("robots.txt", "User-agent: *\nDisallow: /intern/");

        var items = await ReadAllAsync(new SiteFolderReader(_folder, BaseUrl));

        Assert.Equal(
            [
                "https://www.voorbeeldstad.nl/",
                "https://www.voorbeeldstad.nl/Nieuws%20Archief/Bericht%201",
                "https://www.voorbeeldstad.nl/diensten",
                "https://www.voorbeeldstad.nl/paspoort-aanvragen",
                "https://www.voorbeeldstad.nl/relatief",
            ],
            items.Documents().Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(items.Documents(), d => Assert.Equal(Documents.SourceType.Website, d.Type));
        Assert.Equal("https://www.voorbeeldstad.nl/geheim", Assert.Single(items.Skipped(SkipReason.NoIndex)).Location);
        Assert.Equal("https://www.voorbeeldstad.nl/intern/medewerkers", Assert.Single(items.Skipped(SkipReason.Robots)).Location);
        Assert.Equal("diensten/zoveelste-kopie.htm", Assert.Single(items.Skipped(SkipReason.Duplicate)).Location);
        Assert.Equal("leeg.html", Assert.Single(items.Skipped(SkipReason.Failed)).Location);
        Assert.DoesNotContain(items.Documents(), d => d.AllText().Contains("cookies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_NoBaseUrl_TakenFromRobotsSitemapLine()
    {
        Write("robots.txt", "User-agent: *\nAllow: /\nSitemap: https://www.lindenhaven.example/sitemap.xml");
        Write("afval.html", LinkPage("Afval"));

        var items = await ReadAllAsync(new SiteFolderReader(_folder));

        Assert.Equal("https://www.lindenhaven.example/afval", Assert.Single(items.Documents()).Id);
    }

    [Fact]
    public async Task ReadAsync_NoBaseUrlAnywhere_FailsWithMessage()
    {
        Write("afval.html", LinkPage("Afval"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAllAsync(new SiteFolderReader(_folder)));

        Assert.Contains("base URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingFolder_Throws()
    {
        var reader = new SiteFolderReader(Path.Combine(_folder, "bestaat-niet"), BaseUrl);

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => ReadAllAsync(reader));
    }

    [SkippableFact]
    public async Task ReadAsync_SampleSite_EveryPageIndexedWithoutFurniture()
    {
        var folder = SampleSiteFolder();
        Skip.If(folder is null, "ingest/samples/website is absent or has no HTML pages yet (it is written in another branch).");

        var items = await ReadAllAsync(new SiteFolderReader(folder!));
        var documents = items.Documents();
        // Pages and the PDFs they link to: each file is one item.
        var pageCount = Directory.EnumerateFiles(folder!, "*.htm*", SearchOption.AllDirectories).Count()
            + Directory.EnumerateFiles(folder!, "*.pdf", SearchOption.AllDirectories).Count();

        Assert.NotEmpty(documents);
        Assert.Equal(pageCount, items.Count);
        Assert.Equal(documents.Count, documents.Select(d => d.Id).Distinct().Count());
        Assert.Empty(items.Skipped(SkipReason.Failed));
        foreach (var document in documents)
        {
            Assert.True(Uri.TryCreate(document.Id, UriKind.Absolute, out var url) && url.Scheme.StartsWith("http", StringComparison.Ordinal), document.Id);
            Assert.False(string.IsNullOrWhiteSpace(document.Title), document.Id);
            Assert.DoesNotContain(" | ", document.Title, StringComparison.Ordinal);
            Assert.NotEmpty(document.Sections);
        }

        // Whatever the sample's menus, footers and cookie banners say must not end up in any document.
        foreach (var path in Directory.EnumerateFiles(folder!, "*.htm*", SearchOption.AllDirectories))
        {
            var furniture = FurnitureSentences(File.ReadAllText(path));
            foreach (var document in documents)
            {
                var text = document.AllText();
                foreach (var sentence in furniture)
                {
                    Assert.False(text.Contains(sentence, StringComparison.Ordinal), $"{document.Id} contains page furniture: \"{sentence}\"");
                }
            }
        }
    }

    // Text of the sample's <nav>, <footer>, page header and cookie banner, as sentences long enough to be distinctive.
    private static List<string> FurnitureSentences(string html)
    {
        var document = new HtmlDocument();
        document.LoadHtml(html);
        var furniture = document.DocumentNode.Descendants().Where(n =>
            n.Name is "nav" or "footer"
            || (n.Name == "header" && n.ParentNode?.Name == "body")
            || string.Equals(n.GetAttributeValue("role", ""), "dialog", StringComparison.OrdinalIgnoreCase)
            || (n.Id ?? "").Contains("cookie", StringComparison.OrdinalIgnoreCase));
        return [.. furniture
            .SelectMany(n => HtmlContentExtractor.NormalizeWhitespace(HtmlEntity.DeEntitize(n.InnerText)).Split(['.', '?', '!'], StringSplitOptions.TrimEntries))
            .Where(s => s.Length >= 30)
            .Distinct()];
    }

    // KCC_SAMPLE_WEBSITE points at another checkout's sample (useful from a worktree where it is not yet merged).
    private static string? SampleSiteFolder()
    {
        if (Environment.GetEnvironmentVariable("KCC_SAMPLE_WEBSITE") is { Length: > 0 } overridden)
        {
            return SiteFolderReader.IsSiteFolder(overridden) ? overridden : null;
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "KccAssistant.sln")))
        {
            root = root.Parent;
        }

        var folder = root is null ? null : Path.Combine(root.FullName, "ingest", "samples", "website");
        return folder is not null && SiteFolderReader.IsSiteFolder(folder) ? folder : null;
    }

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
