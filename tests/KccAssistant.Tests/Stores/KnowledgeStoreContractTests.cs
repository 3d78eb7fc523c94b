using KccAssistant.Documents;
using KccAssistant.Stores;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Stores;

/// <summary>
/// The behaviour every <see cref="IKnowledgeStore"/> implementation must have, written once: the embedded store runs it
/// always, Qdrant against a real server (QdrantKnowledgeStoreTests). Facts are skippable so that a store
/// without its server reports every test as skipped, with the reason.
/// </summary>
public abstract class KnowledgeStoreContractTests
{
    protected abstract Task<IKnowledgeStore> CreateStoreAsync();

    private static async Task<IReadOnlyList<string>> DocumentIdsAsync(IKnowledgeStore store) =>
        (await store.GetChunksAsync()).Chunks.Select(c => c.DocumentId).Distinct().Order(StringComparer.Ordinal).ToList();

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

    [SkippableFact]
    public async Task GetInfo_NewStore_IsEmpty()
    {
        var store = await CreateStoreAsync();

        var info = await store.GetInfoAsync();

        Assert.True(info.IsEmpty);
        Assert.Empty((await store.GetChunksAsync()).Chunks);
        Assert.Empty(await store.SearchDenseAsync(TestDocuments.UnitVector(0), 5));
        Assert.Empty(await store.GetDocumentStatesAsync("website"));
        await foreach (var document in store.ExportAsync())
        {
            Assert.Fail($"Een lege store exporteerde {document.Document.Id}.");
        }
    }

    [SkippableFact]
    public async Task Commit_Generation_BecomesVisibleWithCounts()
    {
        var store = await CreateStoreAsync();

        await CommitAsync(store, ("paspoort", "Paspoort aanvragen", "Een paspoort kost 84 euro.", 0), ("afval", "Grofvuil", "Grofvuil laat u ophalen.", 1));

        var info = await store.GetInfoAsync();
        Assert.False(info.IsEmpty);
        Assert.Equal(2, info.Chunks);
        Assert.Equal(2, info.Documents["website"]);
        Assert.Equal("test-model", info.EmbeddingModel);
        Assert.NotNull(info.CommittedAt);
        var chunks = await store.GetChunksAsync();
        Assert.Equal(info.Generation, chunks.Info.Generation);
        Assert.Equal(["afval", "paspoort"], await DocumentIdsAsync(store));
    }

    [SkippableFact]
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
            Assert.Equal(["paspoort"], await DocumentIdsAsync(store));
            Assert.Empty(await store.GetDocumentChunksAsync("rijbewijs"));
            // Disposed without commit: abandoned.
        }

        var after = await store.GetInfoAsync();
        Assert.Equal(before.Generation, after.Generation);
        Assert.Equal(["paspoort"], await DocumentIdsAsync(store));
        Assert.Equal("paspoort", Assert.Single(await store.SearchDenseAsync(TestDocuments.UnitVector(2), 5)).Chunk.DocumentId);
    }

    [SkippableFact]
    public async Task Commit_NewGeneration_ReplacesPreviousContent()
    {
        var store = await CreateStoreAsync();
        await CommitAsync(store, ("paspoort", "Paspoort aanvragen", "Een paspoort kost 84 euro.", 0));
        var first = await store.GetInfoAsync();

        await CommitAsync(store, ("rijbewijs", "Rijbewijs verlengen", "Een rijbewijs verlengt u online.", 2));

        Assert.True((await store.GetInfoAsync()).Generation > first.Generation);
        Assert.Equal(["rijbewijs"], await DocumentIdsAsync(store));
        Assert.Empty(await store.GetDocumentChunksAsync("paspoort"));
        var hit = Assert.Single(await store.SearchDenseAsync(TestDocuments.UnitVector(0), 5));
        Assert.Equal("rijbewijs", hit.Chunk.DocumentId);
    }

    [SkippableFact]
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

        Assert.Equal(["paspoort"], await DocumentIdsAsync(store));
        var dense = await store.SearchDenseAsync(TestDocuments.UnitVector(0), 1);
        Assert.Equal("paspoort", Assert.Single(dense).Chunk.DocumentId);
        Assert.Equal(states["paspoort"].ContentHash, (await store.GetDocumentStatesAsync("website"))["paspoort"].ContentHash);
    }

    [SkippableFact]
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

    [SkippableFact]
    public async Task SearchDense_NearestVectorFirst()
    {
        var store = await CreateStoreAsync();
        await CommitAsync(store, ("a", "A", "tekst a", 0), ("b", "B", "tekst b", 3), ("c", "C", "tekst c", 5));

        var hits = await store.SearchDenseAsync(TestDocuments.UnitVector(3), 3);

        Assert.Equal(["b", "a", "c"], hits.Select(h => h.Chunk.DocumentId).Take(1).Concat(hits.Skip(1).Select(h => h.Chunk.DocumentId).Order()));
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.InRange(hits[0].Score, 0.99, 1.01);
    }

    [SkippableFact]
    public async Task SearchDense_WithFilter_BestMatchingChunksOnly()
    {
        var store = await CreateStoreAsync();
        await using (var writer = await store.BeginGenerationAsync("test-model", TestDocuments.Dimensions))
        {
            var web = TestDocuments.Document("paspoort", "Paspoort", "Paspoort aanvragen.");
            var vac = TestDocuments.Document("vac-1", "Wat kost een paspoort?", "Een paspoort kost 84 euro.", source: "kennisbank", type: SourceType.Vac);
            var article = TestDocuments.Document("artikel-1", "Paspoort", "Over het paspoort.", source: "kennisbank", type: SourceType.Kennisartikel);
            await writer.AddDocumentAsync(web, TestDocuments.Chunks(web, 0));
            await writer.AddDocumentAsync(vac, TestDocuments.Chunks(vac, 4));
            await writer.AddDocumentAsync(article, TestDocuments.Chunks(article, 6));
            await writer.CommitAsync();
        }

        var query = TestDocuments.UnitVector(0);
        var bySource = await store.SearchDenseAsync(query, 5, new ChunkFilter(SourceNames: new HashSet<string> { "kennisbank" }));
        var byType = await store.SearchDenseAsync(query, 5, new ChunkFilter(SourceTypes: new HashSet<SourceType> { SourceType.Vac }));
        var byDocument = await store.SearchDenseAsync(query, 1, new ChunkFilter(DocumentIds: new HashSet<string> { "artikel-1", "vac-1" }));
        var unfiltered = await store.SearchDenseAsync(query, 5, new ChunkFilter());

        Assert.Equal(["artikel-1", "vac-1"], bySource.Select(h => h.Chunk.DocumentId).Order(StringComparer.Ordinal));
        Assert.Equal("vac-1", Assert.Single(byType).Chunk.DocumentId);
        Assert.Single(byDocument);
        Assert.NotEqual("paspoort", byDocument[0].Chunk.DocumentId);
        Assert.Equal(3, unfiltered.Count);
        Assert.Equal("paspoort", unfiltered[0].Chunk.DocumentId);
    }

    [SkippableFact]
    public async Task GetDocumentChunks_SeveralSections_InOrderWithPayload()
    {
        var store = await CreateStoreAsync();
        var document = TestDocuments.Document("paspoort", "Paspoort aanvragen", "Een paspoort kost 84 euro.") with
        {
            Sections = [new DocumentSection("Kosten", "Een paspoort kost 84 euro.", "kosten"), new DocumentSection("Aanvragen", "Maak een afspraak.")],
            Question = "Wat kost een paspoort?",
            Keywords = ["reisdocument", "id"],
            LastModified = new DateTimeOffset(2026, 11, 3, 9, 30, 0, TimeSpan.Zero),
        };
        await using (var writer = await store.BeginGenerationAsync("test-model", TestDocuments.Dimensions))
        {
            var chunks = TestDocuments.Chunks(document, 0).Select((c, i) => c with { Chunk = c.Chunk with { Anchor = document.Sections[i].Anchor } }).ToList();
            await writer.AddDocumentAsync(document, chunks);
            await writer.CommitAsync();
        }

        var stored = await store.GetDocumentChunksAsync("paspoort");

        Assert.Equal(["Kosten", "Aanvragen"], stored.Select(c => c.Section));
        Assert.Equal([0, 1], stored.Select(c => c.Ordinal));
        Assert.Equal("kosten", stored[0].Anchor);
        Assert.Null(stored[1].Anchor);
        Assert.Equal("Wat kost een paspoort?", stored[0].Question);
        Assert.Equal(["reisdocument", "id"], stored[0].Keywords);
        Assert.Equal(document.LastModified, stored[0].LastModified);
        Assert.Equal(SourceType.Website, stored[0].SourceType);
        Assert.Equal("https://www.example.nl/paspoort", stored[0].Url);
        Assert.Equal("paspoort#1", stored[1].Id);
    }

    [SkippableFact]
    public async Task Export_ImportedIntoNewGeneration_SameChunksVectorsAndStates()
    {
        var store = await CreateStoreAsync();
        await using (var writer = await store.BeginGenerationAsync("test-model", TestDocuments.Dimensions))
        {
            var page = TestDocuments.Document("paspoort", "Paspoort", "Paspoort aanvragen.") with { ETag = "\"v1\"", HttpLastModified = "Tue, 03 Nov 2026 09:30:00 GMT" };
            var vac = TestDocuments.Document("vac-1", "Wat kost een rijbewijs?", "Een rijbewijs kost 52 euro.", source: "kennisbank", type: SourceType.Vac);
            await writer.AddDocumentAsync(page, TestDocuments.Chunks(page, 1));
            await writer.AddDocumentAsync(vac, TestDocuments.Chunks(vac, 5));
            await writer.CommitAsync();
        }

        var exported = new List<StoredDocument>();
        await foreach (var document in store.ExportAsync())
        {
            exported.Add(document);
        }

        var before = await store.GetDocumentStatesAsync("website");
        await using (var writer = await store.BeginGenerationAsync("test-model", TestDocuments.Dimensions))
        {
            foreach (var document in exported)
            {
                await writer.ImportDocumentAsync(document);
            }

            await writer.CommitAsync();
        }

        Assert.Equal(["paspoort", "vac-1"], exported.Select(d => d.Document.Id).Order(StringComparer.Ordinal));
        Assert.Equal(SourceType.Vac, exported.Single(d => d.Document.Id == "vac-1").Document.Type);
        Assert.Equal(TestDocuments.UnitVector(1), exported.Single(d => d.Document.Id == "paspoort").Chunks[0].Vector.ToArray());
        var after = await store.GetDocumentStatesAsync("website");
        Assert.Equal(before["paspoort"], after["paspoort"]);
        Assert.Equal("\"v1\"", after["paspoort"].ETag);
        Assert.Equal(1, (await store.GetInfoAsync()).Documents["kennisbank"]);
        var hit = (await store.SearchDenseAsync(TestDocuments.UnitVector(5), 1))[0];
        Assert.Equal("vac-1", hit.Chunk.DocumentId);
        Assert.InRange(hit.Score, 0.99, 1.01);
    }
}
