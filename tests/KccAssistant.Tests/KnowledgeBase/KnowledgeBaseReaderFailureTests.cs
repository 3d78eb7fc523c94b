using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.KnowledgeBase;

public sealed class KnowledgeBaseReaderFailureTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadAsync_MalformedJsonFile_FailedWithPathAndLineOthersImported()
    {
        _folder.Write("a-goed.json", """{"uuid": "g1", "vraag": "Goede vraag?", "antwoord": "Goed antwoord."}""");
        var bad = _folder.Write("b-kapot.json", "{\n  \"uuid\": \"k1\",\n  \"vraag\": \"Kapot\" \"antwoord\": \"x\"\n}");
        _folder.Write("c-artikel.md", "---\ntitle: Artikel\nid: md-1\n---\nTekst van het artikel.\n");
        _folder.Write("notities.txt", "geen kennisbankbestand");

        var items = await new KnowledgeBaseReader(_folder.Path).ReadAllAsync();

        Assert.Equal(["g1", "md-1"], items.Documents().Select(d => d.Id));
        var skip = Assert.Single(items.Skips());
        Assert.Equal(SkipReason.Failed, skip.Reason);
        Assert.Equal(bad, skip.Location);
        Assert.StartsWith("invalid JSON at line 3", skip.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("onbekend.json", """{"foo": 1, "bar": [1, 2]}""")]
    [InlineData("getal.json", "42")]
    [InlineData("tekst.json", "gewoon wat tekst")]
    public async Task ReadAsync_UnknownFormat_FailedUnknownFormat(string name, string content)
    {
        var path = _folder.Write(name, content);

        var skip = Assert.IsType<SkippedItem>(Assert.Single(await new KnowledgeBaseReader(path).ReadAllAsync()));

        Assert.Equal(SkipReason.Failed, skip.Reason);
        Assert.Equal(path, skip.Location);
        Assert.Equal("unknown format", skip.Detail);
    }

    [Fact]
    public async Task ReadAsync_BadItemsInList_EachFailedOthersImported()
    {
        var path = _folder.Write("lijst.json", """
            [
              {"uuid": "v1", "vraag": "Vraag een?", "antwoord": "Antwoord een."},
              {"uuid": "v2", "antwoord": "Antwoord zonder vraag."},
              42,
              {"iets": "anders"},
              {"uuid": "v3", "vraag": "Vraag drie?", "antwoord": "Antwoord drie."}
            ]
            """);

        var items = await new KnowledgeBaseReader(path).ReadAllAsync();

        Assert.Equal(["v1", "v3"], items.Documents().Select(d => d.Id));
        var skips = items.Skips();
        Assert.Equal(3, skips.Count);
        Assert.All(skips, s => Assert.Equal(SkipReason.Failed, s.Reason));
        Assert.Equal(["v2", $"{path}[2]", $"{path}[3]"], skips.Select(s => s.Location));
    }

    [Fact]
    public async Task ReadAsync_MissingLocation_FailedNotThrown()
    {
        var missing = Path.Combine(_folder.Path, "bestaat-niet");

        var skip = Assert.IsType<SkippedItem>(Assert.Single(await new KnowledgeBaseReader(missing).ReadAllAsync()));

        Assert.Equal(SkipReason.Failed, skip.Reason);
        Assert.Equal(missing, skip.Location);
    }

    [Fact]
    public void Constructor_AuthHeaderWithoutName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new KnowledgeBaseReader(new KnowledgeBaseReaderOptions { Location = "https://example.invalid/", AuthHeader = "Token xyz" }));
    }
}

public sealed class KnowledgeBaseServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddKnowledgeBaseImport_FactoryCreatesWorkingReader()
    {
        using var folder = new TempFolder();
        var path = folder.Write("vac.json", """{"uuid": "f1", "vraag": "Vraag?", "antwoord": "Antwoord."}""");
        var services = new ServiceCollection().AddLogging();
        services.AddKnowledgeBaseImport();
        using var provider = services.BuildServiceProvider();

        var reader = provider.GetRequiredService<KnowledgeBaseReaderFactory>().Create(path);

        Assert.Equal("f1", Assert.Single((await reader.ReadAllAsync()).Documents()).Id);
    }
}
