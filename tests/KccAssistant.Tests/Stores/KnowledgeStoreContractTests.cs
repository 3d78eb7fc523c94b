using KccAssistant.Stores;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Stores;

/// <summary>The behaviour every <see cref="IKnowledgeStore"/> implementation must have.</summary>
public abstract class KnowledgeStoreContractTests
{
    protected abstract Task<IKnowledgeStore> CreateStoreAsync();

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
    public async Task GetInfo_NewStore_IsEmpty()
    {
        var store = await CreateStoreAsync();

        var info = await store.GetInfoAsync();

        Assert.True(info.IsEmpty);
        Assert.Empty(await store.SearchLexicalAsync("paspoort", 5));
        Assert.Empty(await store.SearchDenseAsync(TestDocuments.UnitVector(0), 5));
    }

    [Fact]
    public async Task Commit_Generation_BecomesVisibleWithCounts()
    {
        var store = await CreateStoreAsync();

        await CommitAsync(store, ("paspoort", "Paspoort aanvragen", "Een paspoort kost 84 euro.", 0), ("afval", "Grofvuil", "Grofvuil laat u ophalen.", 1));

        var info = await store.GetInfoAsync();
        Assert.False(info.IsEmpty);
        Assert.Equal(2, info.Chunks);
        Assert.Equal(2, info.Documents["website"]);
        Assert.Equal("test-model", info.EmbeddingModel);
    }

    [Fact]
    public async Task BeginGeneration_BeforeCommit_ReadersKeepPreviousGeneration()
    {
        var store = await CreateStoreAsync();
        await CommitAsync(store, ("paspoort", "Paspoort aanvragen", "Een paspoort kost 84 euro.", 0));
        var before = await store.GetInfoAsync();

        await using (var writer = await store.BeginGenerationAsync("test-model", TestDocuments.Dimensions))
        {
            var document = TestDocuments.Document("rijbewijs", "Rijbewijs", "Een rijbewijs verlengen.");
            await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, 2));

            var during = await store.GetInfoAsync();
            Assert.Equal(before.Generation, during.Generation);
            Assert.Empty(await store.SearchLexicalAsync("rijbewijs", 5));
            // Disposed without commit: abandoned.
        }

        var after = await store.GetInfoAsync();
        Assert.Equal(before.Generation, after.Generation);
        Assert.Single(await store.SearchLexicalAsync("paspoort", 5));
        Assert.Empty(await store.SearchLexicalAsync("rijbewijs", 5));
    }

    [Fact]
    public async Task Commit_NewGeneration_ReplacesPreviousContent()
    {
        var store = await CreateStoreAsync();
        await CommitAsync(store, ("paspoort", "Paspoort aanvragen", "Een paspoort kost 84 euro.", 0));

        await CommitAsync(store, ("rijbewijs", "Rijbewijs verlengen", "Een rijbewijs verlengt u online.", 2));

        Assert.Empty(await store.SearchLexicalAsync("paspoort", 5));
        var hit = Assert.Single(await store.SearchLexicalAsync("rijbewijs", 5));
        Assert.Equal("rijbewijs", hit.Chunk.DocumentId);
    }

    [Fact]
    public async Task KeepDocument_UnchangedDocument_CarriedOverWithoutNewVectors()
    {
        var store = await CreateStoreAsync();
        await CommitAsync(store, ("paspoort", "Paspoort aanvragen", "Een paspoort kost 84 euro.", 0), ("afval", "Grofvuil", "Grofvuil laat u ophalen.", 1));
        var states = await store.GetDocumentStatesAsync("website");

        await using (var writer = await store.BeginGenerationAsync("test-model", TestDocuments.Dimensions))
        {
            Assert.True(await writer.KeepDocumentAsync("paspoort"));
            Assert.False(await writer.KeepDocumentAsync("bestaat-niet"));
            await writer.CommitAsync();
        }

        Assert.Single(await store.SearchLexicalAsync("paspoort", 5));
        Assert.Empty(await store.SearchLexicalAsync("grofvuil", 5));
        var dense = await store.SearchDenseAsync(TestDocuments.UnitVector(0), 1);
        Assert.Equal("paspoort", Assert.Single(dense).Chunk.DocumentId);
        Assert.Equal(states["paspoort"].ContentHash, (await store.GetDocumentStatesAsync("website"))["paspoort"].ContentHash);
    }

    [Fact]
    public async Task KeepSource_OtherSourceReingested_KeepsItsDocuments()
    {
        var store = await CreateStoreAsync();
        await using (var writer = await store.BeginGenerationAsync("test-model", TestDocuments.Dimensions))
        {
            var web = TestDocuments.Document("paspoort", "Paspoort", "Paspoort aanvragen.");
            var kb = TestDocuments.Document("vac-1", "Wat kost een rijbewijs?", "Een rijbewijs kost 52 euro.", source: "kennisbank");
            await writer.AddDocumentAsync(web, TestDocuments.Chunks(web, 0));
            await writer.AddDocumentAsync(kb, TestDocuments.Chunks(kb, 3));
            await writer.CommitAsync();
        }

        await using (var writer = await store.BeginGenerationAsync("test-model", TestDocuments.Dimensions))
        {
            Assert.Equal(1, await writer.KeepSourceAsync("kennisbank"));
            await writer.CommitAsync();
        }

        var info = await store.GetInfoAsync();
        Assert.Equal(1, info.Documents["kennisbank"]);
        Assert.False(info.Documents.ContainsKey("website"));
    }

    [Fact]
    public async Task SearchDense_NearestVectorFirst()
    {
        var store = await CreateStoreAsync();
        await CommitAsync(store, ("a", "A", "tekst a", 0), ("b", "B", "tekst b", 3), ("c", "C", "tekst c", 5));

        var hits = await store.SearchDenseAsync(TestDocuments.UnitVector(3), 3);

        Assert.Equal(["b", "a", "c"], hits.Select(h => h.Chunk.DocumentId).Take(1).Concat(hits.Skip(1).Select(h => h.Chunk.DocumentId).Order()));
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task SearchLexical_DutchCompoundAndInflection_Found()
    {
        var store = await CreateStoreAsync();
        await CommitAsync(
            store,
            ("parkeren", "Parkeervergunning aanvragen", "Als bewoner vraagt u een parkeervergunning aan voor uw straat.", 0),
            ("bouwen", "Omgevingsvergunning", "Voor een dakkapel heeft u soms een vergunning nodig.", 1),
            ("betaald", "Betaald parkeren", "Parkeren in het centrum betaalt u per uur.", 2),
            ("afval", "Grofvuil", "Grofvuil laat u ophalen.", 3));

        var byPart = await store.SearchLexicalAsync("vergunning om te parkeren", 5);
        var byInflection = await store.SearchLexicalAsync("parkeervergunningen", 5);

        Assert.Equal("parkeren", byPart[0].Chunk.DocumentId);
        Assert.Equal("parkeren", byInflection[0].Chunk.DocumentId);
        Assert.InRange(byPart[0].Share, 0.01, 1.0);
    }
}
