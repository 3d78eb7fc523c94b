using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Retrieval;

/// <summary>The Dutch lexical component over the chunks of a store's serving generation (here the embedded store).</summary>
public sealed class DutchLexicalSearchTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private EmbeddedKnowledgeStore NewStore() => new(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);

    private static async Task CommitAsync(IKnowledgeStore store, params (string Id, string Title, string Text, int Axis)[] documents)
    {
        await using var writer = await store.BeginGenerationAsync("test-model", TestDocuments.Dimensions);
        foreach (var (id, title, text, axis) in documents)
        {
            var document = TestDocuments.Document(id, title, text);
            await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, axis));
        }

        await writer.CommitAsync();
    }

    [Fact]
    public async Task SearchAsync_DutchCompoundAndInflection_Found()
    {
        using var store = NewStore();
        await CommitAsync(
            store,
            ("parkeren", "Parkeervergunning aanvragen", "Als bewoner vraagt u een parkeervergunning aan voor uw straat.", 0),
            ("bouwen", "Omgevingsvergunning", "Voor een dakkapel heeft u soms een vergunning nodig.", 1),
            ("betaald", "Betaald parkeren", "Parkeren in het centrum betaalt u per uur.", 2),
            ("afval", "Grofvuil", "Grofvuil laat u ophalen.", 3));
        using var search = new DutchLexicalSearch(store);

        var byPart = await search.SearchAsync("vergunning om te parkeren", 5);
        var byInflection = await search.SearchAsync("parkeervergunningen", 5);

        Assert.Equal("parkeren", byPart[0].Chunk.DocumentId);
        Assert.Equal("parkeren", byInflection[0].Chunk.DocumentId);
        Assert.InRange(byPart[0].Share, 0.01, 1.0);
    }

    [Fact]
    public async Task SearchAsync_EmptyStore_FindsNothing()
    {
        using var store = NewStore();
        using var search = new DutchLexicalSearch(store);

        Assert.Empty(await search.SearchAsync("paspoort", 5));
    }

    [Fact]
    public async Task SearchAsync_NewGenerationCommitted_SearchesItsChunks()
    {
        using var store = NewStore();
        using var search = new DutchLexicalSearch(store);
        await CommitAsync(store, ("paspoort", "Paspoort aanvragen", "Een paspoort kost 84 euro.", 0));
        Assert.Single(await search.SearchAsync("paspoort", 5));

        await CommitAsync(store, ("rijbewijs", "Rijbewijs verlengen", "Een rijbewijs verlengt u online.", 2));
        store.Refresh();

        Assert.Empty(await search.SearchAsync("paspoort", 5));
        Assert.Equal("rijbewijs", Assert.Single(await search.SearchAsync("rijbewijs", 5)).Chunk.DocumentId);
    }

    [Fact]
    public async Task SearchAsync_AnyStore_SameRankingAndCoverageAsIndexOverItsChunks()
    {
        // The component must give exactly what a lexical index over the generation's chunks gives: the "geen antwoord"
        // model was fitted on these features.
        using var store = NewStore();
        await CommitAsync(
            store,
            ("paspoort", "Paspoort aanvragen", "Een paspoort vraagt u aan in het stadhuis. Neem een pasfoto mee.", 0),
            ("id", "Identiteitskaart", "Een identiteitskaart is vijf jaar geldig voor kinderen.", 1),
            ("verloren", "Paspoort kwijt", "Bent u uw paspoort kwijt op vakantie? Doe aangifte bij de politie ter plaatse.", 2));
        var synonyms = SynonymMap.Parse("id, identiteitskaart");
        using var search = new DutchLexicalSearch(store, synonyms);
        var chunks = (await store.GetChunksAsync()).Chunks;
        var index = new LexicalIndex(chunks, synonyms);

        var found = await search.SearchAsync("paspoort kwijt op vakantie", 3);
        var expected = index.Search("paspoort kwijt op vakantie", 3);

        Assert.Equal(expected.Select(h => chunks[h.Chunk].Id), found.Select(h => h.Chunk.Id));
        Assert.Equal(expected.Select(h => (h.Score, h.Share, h.TitleShare, h.QueryWords, h.SentenceShare)),
            found.Select(h => (h.Score, h.Share, h.TitleShare, h.QueryWords, h.SentenceShare)));
        Assert.Equal("verloren", found[0].Chunk.DocumentId);
        Assert.True(found[0].QueryWords > 0);
    }

    [Fact]
    public async Task ExplainAsync_WordNotInCorpus_MarkedUnknown()
    {
        using var store = NewStore();
        await CommitAsync(store, ("paspoort", "Paspoort aanvragen", "Een paspoort kost 84 euro.", 0));
        using var search = new DutchLexicalSearch(store);

        var groups = await search.ExplainAsync("paspoort hondenbelasting");

        Assert.Contains(groups, g => g.Known);
        Assert.Contains(groups, g => !g.Known);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
