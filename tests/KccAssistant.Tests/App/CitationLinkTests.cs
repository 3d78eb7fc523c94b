using System.Net.Http.Json;
using System.Text.Json;
using KccAssistant.Documents;
using KccAssistant.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KccAssistant.Tests.App;

/// <summary>
/// The real app over an index whose items carry hostile canonical URLs, written straight into the store (as an older
/// index or another writer could hold them), so the render side is tested whatever the ingest side lets through.
/// </summary>
public sealed class HostileIndexFixture : IAsyncLifetime
{
    public static readonly (string Id, string Title, string Url, SourceType Type, string Text, string Question)[] Items =
    [
        ("hondenbelasting", "Hondenbelasting betalen", "javascript:alert(document.domain)//", SourceType.Rijksoverheid,
            "U betaalt hondenbelasting voor elke hond die u houdt. De hondenbelasting voor een hond kost 120 euro per jaar. Meld uw hond aan bij de gemeente.",
            "hoeveel hondenbelasting betaal ik voor een hond"),
        ("parkeervergunning", "Parkeervergunning bewoners aanvragen", "data:text/html,<script>alert(document.domain)</script>", SourceType.Website,
            "Een parkeervergunning voor bewoners vraagt u online aan. De parkeervergunning kost 60 euro per jaar en geldt voor een kenteken.",
            "hoe vraag ik een parkeervergunning voor bewoners aan"),
        ("grofvuil", "Grofvuil laten ophalen", "//phishing.example/grofvuil", SourceType.Website,
            "Grofvuil laat u gratis ophalen door een afspraak te maken. Zet het grofvuil op de ophaaldag voor 7 uur aan de straat.",
            "hoe laat ik grofvuil ophalen"),
        ("speeltuin", "Speeltuin kapot melden", " JaVaScRiPt:alert(1)", SourceType.Rijksoverheid,
            "Is een speeltoestel in de speeltuin kapot? Meld de kapotte speeltuin bij de gemeente, dan repareren wij het speeltoestel.",
            "speeltoestel in de speeltuin is kapot waar meld ik dat"),
    ];

    internal KccWebApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Development: only there does a build (not a published folder) serve its static assets for the browser test.
        App = KccWebApp.Start("Development", new Dictionary<string, string?>
        {
            // Four tiny documents give low BM25 shares; the threshold is not what these tests are about.
            ["Kcc:Retrieval:MinLexicalShare"] = "0.05",
        });
        var store = App.Services.GetRequiredService<IKnowledgeStore>();
        var embeddings = App.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var model = embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";
        var documents = Items.Select(i => new SourceDocument
        {
            Id = i.Id,
            SourceName = i.Type == SourceType.Website ? "website" : "kennisbank",
            Type = i.Type,
            Title = i.Title,
            Url = i.Url,
            Sections = [new DocumentSection("", i.Text)],
        }).ToList();
        var chunks = documents.Select(d => new Chunk
        {
            Id = d.Id + "#0",
            DocumentId = d.Id,
            Ordinal = 0,
            SourceName = d.SourceName,
            SourceType = d.Type,
            Title = d.Title,
            Url = d.Url,
            Section = "",
            Text = d.Sections[0].Text,
        }).ToList();
        var vectors = await embeddings.GenerateAsync(chunks.Select(c => c.EmbeddingText));
        await using var writer = await store.BeginGenerationAsync(model, vectors[0].Vector.Length);
        for (var i = 0; i < documents.Count; i++)
        {
            await writer.AddDocumentAsync(documents[i], [new EmbeddedChunk(chunks[i], vectors[i].Vector.ToArray())]);
        }

        await writer.CommitAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Finding 5 at render: a citation only ever links to an http(s) page or the stored copy.</summary>
public sealed class CitationLinkTests(HostileIndexFixture fixture) : IClassFixture<HostileIndexFixture>
{
    public static TheoryData<int> ItemIndexes => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(ItemIndexes))]
    public async Task Ask_CitationWithUnsafeUrl_ApiUrlIsTheStoredCopy(int item)
    {
        var (id, _, url, _, _, question) = HostileIndexFixture.Items[item];
        using var client = fixture.App.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/ask", new { question });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(answer.GetProperty("answered").GetBoolean(), answer.ToString());
        var citation = answer.GetProperty("citations").EnumerateArray().First(c => c.GetProperty("documentId").GetString() == id);
        Assert.Equal($"bron/{id}", citation.GetProperty("url").GetString());
        Assert.DoesNotContain(url.Trim(), answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskStream_CitationWithUnsafeUrl_EveryLineHasTheStoredCopy()
    {
        var (id, _, _, _, _, question) = HostileIndexFixture.Items[0];
        using var client = fixture.App.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/ask/stream", new { question });
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.DoesNotContain("javascript:", line, StringComparison.OrdinalIgnoreCase));
        var final = JsonDocument.Parse(lines[^1]).RootElement.GetProperty("response");
        Assert.Contains(final.GetProperty("citations").EnumerateArray(), c => c.GetProperty("url").GetString() == $"bron/{id}");
    }

    [SkippableFact]
    public async Task AskPage_CitationWithUnsafeUrl_LinksToTheStoredCopy()
    {
        var (playwright, browser) = await BrowserSupport.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var violations = new List<string>();
            foreach (var (id, _, _, _, _, question) in HostileIndexFixture.Items)
            {
                var page = await BrowserSupport.OpenInteractiveAsync(browser, fixture.App.BaseAddress, violations);
                await page.FillAsync("#question", question);
                await page.ClickAsync("#ask");
                await page.WaitForSelectorAsync("#citations", new PageWaitForSelectorOptions { Timeout = 30_000 });

                var hrefs = await page.EvalOnSelectorAllAsync<string[]>("#citations a", "links => links.map(a => a.getAttribute('href'))");
                Assert.NotEmpty(hrefs);
                Assert.All(hrefs, href => Assert.Matches("^(https?://|bron/)", href));
                // The stored copy, opened at the cited passage (bron/{id}?q=...).
                Assert.Contains(hrefs, href => href == $"bron/{id}" || href.StartsWith($"bron/{id}?", StringComparison.Ordinal));
                await page.CloseAsync();
            }

            Assert.Empty(violations);
        }
    }
}
