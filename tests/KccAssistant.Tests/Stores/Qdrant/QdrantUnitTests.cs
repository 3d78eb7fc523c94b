using KccAssistant.Documents;
using KccAssistant.Stores;
using KccAssistant.Stores.Qdrant;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client.Grpc;

namespace KccAssistant.Tests.Stores.Qdrant;

/// <summary>What of the Qdrant store needs no server: names, ids, payloads, filters, sparse vectors, clean-up rules, options.</summary>
public sealed class QdrantNamingTests
{
    [Fact]
    public void Names_Tenant_CollectionsBehindAliasWithPrefix()
    {
        var names = new QdrantNames("kcc-", "lindenhaven");

        Assert.Equal("kcc-lindenhaven", names.Alias);
        Assert.Equal("kcc-lindenhaven-g7", names.Collection(7));
        Assert.Equal("kcc-lindenhaven-lease", names.LeaseCollection);
        Assert.Equal(7, names.GenerationOf("kcc-lindenhaven-g7"));
    }

    [Theory]
    [InlineData("kcc-lindenhaven-west-g3")]
    [InlineData("kcc-eikendaal-g3")]
    [InlineData("kcc-lindenhaven-lease")]
    [InlineData("kcc-lindenhaven-g03")]
    [InlineData("kcc-lindenhaven-g")]
    [InlineData("andere-app-lindenhaven-g3")]
    public void GenerationOf_AnotherTenantsOrStrangersCollection_Null(string collection) =>
        Assert.Null(new QdrantNames("kcc-", "lindenhaven").GenerationOf(collection));

    [Theory]
    [InlineData("lindenhaven", true)]
    [InlineData("den-haag", true)]
    [InlineData("Lindenhaven", false)]
    [InlineData("a-g1", false)]
    [InlineData("west-lease", false)]
    [InlineData("-west", false)]
    [InlineData("", false)]
    public void IsValidTenant_Name_AsExpected(string tenant, bool valid) => Assert.Equal(valid, QdrantNames.IsValidTenant(tenant));

    [Fact]
    public void PointIds_SameChunkId_SameUuidEverywhere_OtherChunk_OtherUuid()
    {
        var first = QdrantPointIds.FromChunkId("https://www.lindenhaven.nl/paspoort#0");

        Assert.Equal(first, QdrantPointIds.FromChunkId("https://www.lindenhaven.nl/paspoort#0"));
        Assert.NotEqual(first, QdrantPointIds.FromChunkId("https://www.lindenhaven.nl/paspoort#1"));
        Assert.NotEqual(first, QdrantPointIds.FromName("https://www.lindenhaven.nl/paspoort#0"));
        // RFC 9562 layout: version 5 in the high nibble of byte 6, variant 10xx in byte 8.
        var bytes = first.ToByteArray(bigEndian: true);
        Assert.Equal(0x50, bytes[6] & 0xF0);
        Assert.Equal(0x80, bytes[8] & 0xC0);
        Assert.Equal("d7d1ae71-02d7-5b7b-bf5b-e5d16e2a3c2c".Length, first.ToString().Length);
    }

    [Fact]
    public void Payload_ChunkAndDocument_RoundTrip()
    {
        var chunk = new Chunk
        {
            Id = "vac-12#1", DocumentId = "vac-12", Ordinal = 1, SourceName = "kennisbank", SourceType = SourceType.Vac, Title = "Wat kost een paspoort?",
            Url = "https://objecten.lindenhaven.nl/api/v2/objects/12", Section = "Kosten", Anchor = "kosten", Question = "Wat kost een paspoort?",
            Keywords = ["reisdocument", "paspoort"], Text = "Een paspoort kost € 84,00.", LastModified = new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.FromHours(2)),
        };
        var document = new DocumentRecord("vac-12", "kennisbank", SourceType.Vac, "Wat kost een paspoort?", chunk.Url,
            new DocumentState("vac-12", "abc123", "\"e1\"", "Thu, 01 Oct 2026 06:00:00 GMT", chunk.LastModified));

        var payload = QdrantPayload.From("lindenhaven", document, chunk);
        var back = QdrantPayload.ToChunk(payload);

        Assert.Equal(chunk with { Keywords = [] }, back with { Keywords = [] });
        Assert.Equal(chunk.Keywords, back.Keywords);
        Assert.Equal(document, QdrantPayload.ToDocument(payload));
        Assert.Equal("lindenhaven", payload[QdrantPayload.Keys.Tenant].StringValue);
    }

    [Fact]
    public void Payload_OptionalFieldsMissing_NullNotEmpty()
    {
        var chunk = new Chunk { Id = "p#0", DocumentId = "p", Ordinal = 0, SourceName = "website", SourceType = SourceType.Website, Title = "P", Url = "https://x/p", Text = "tekst" };
        var document = new DocumentRecord("p", "website", SourceType.Website, "P", "https://x/p", new DocumentState("p", "h", null, null, null));

        var payload = QdrantPayload.From("t", document, chunk);

        Assert.False(payload.ContainsKey(QdrantPayload.Keys.Anchor));
        Assert.Null(QdrantPayload.ToChunk(payload).Question);
        Assert.Equal(document, QdrantPayload.ToDocument(payload));
    }

    [Fact]
    public void Filter_EveryFilter_RequiresTheTenant()
    {
        var plain = QdrantPayload.Build("lindenhaven");
        var filtered = QdrantPayload.Build("lindenhaven", new ChunkFilter(
            SourceNames: new HashSet<string> { "website", "kennisbank" }, SourceTypes: new HashSet<SourceType> { SourceType.Vac }, DocumentIds: new HashSet<string> { "vac-1" }));
        var where = QdrantPayload.Where("lindenhaven", QdrantPayload.Keys.DocumentId, "vac-1");

        foreach (var filter in new[] { plain, filtered, where })
        {
            Assert.Contains(filter.Must, c => c.Field.Key == "tenant" && c.Field.Match.Keyword == "lindenhaven");
            Assert.Empty(filter.Should);
        }

        Assert.Equal(4, filtered.Must.Count);
        Assert.Equal(["kennisbank", "website"], filtered.Must.Single(c => c.Field.Key == "source_name").Field.Match.Keywords.Strings);
        Assert.Equal(["Vac"], filtered.Must.Single(c => c.Field.Key == "source_type").Field.Match.Keywords.Strings);
        Assert.Single(QdrantPayload.Build("lindenhaven", new ChunkFilter()).Must);
    }

    [Fact]
    public void SparseVectors_InflectionsAndStopwords_SameStemsSortedDistinct()
    {
        var query = DutchSparseVectors.ForQuery("Wat kost het aanvragen van een parkeervergunning?");
        var same = DutchSparseVectors.ForQuery("parkeervergunningen aanvragen kosten");
        var chunk = DutchSparseVectors.ForChunk(new Chunk
        {
            Id = "p#0", DocumentId = "p", Ordinal = 0, SourceName = "website", SourceType = SourceType.Website, Title = "Parkeervergunning",
            Url = "https://x/p", Text = "U vraagt een parkeervergunning aan. De parkeervergunning kost geld.",
        });

        Assert.Equal(3, query.Indices.Length);
        Assert.Equal(query.Indices.Order(), same.Indices.Order());
        Assert.Equal(query.Indices.Order(), query.Indices);
        Assert.Equal(query.Indices.Distinct().Count(), query.Indices.Length);
        Assert.All(query.Values, v => Assert.Equal(1f, v));
        var vergunning = Array.IndexOf(chunk.Indices, query.Indices.Single(i => i == DutchSparseVectors.IndexOf(KccAssistant.Text.DutchStemmer.Stem("parkeervergunning"))));
        var geld = Array.IndexOf(chunk.Indices, DutchSparseVectors.IndexOf(KccAssistant.Text.DutchStemmer.Stem("geld")));
        Assert.True(chunk.Values[vergunning] > chunk.Values[geld], "title and repetition weigh more");
        Assert.InRange(chunk.Values.Max(), 0.1f, 2.2f);
        Assert.True(DutchSparseVectors.ForQuery("de het een").IsEmpty);
    }

    [Fact]
    public void HybridQuery_DenseAndSparsePrefetch_FusedByRrfWithTenantFilter()
    {
        var request = QdrantKnowledgeStore.HybridQuery("kcc-lindenhaven-g3", "lindenhaven", new float[] { 1, 0 }, DutchSparseVectors.ForQuery("paspoort kwijt"), 5, null, withSparse: true);

        Assert.Equal(Fusion.Rrf, request.Query.Fusion);
        Assert.Equal(5ul, request.Limit);
        Assert.Equal([QdrantVectors.Dense, QdrantVectors.Sparse], request.Prefetch.Select(p => p.Using));
        Assert.All(request.Prefetch, p => Assert.Contains(p.Filter.Must, c => c.Field.Key == "tenant"));
        Assert.Equal(2, request.Prefetch[1].Query.Nearest.Sparse.Indices.Count);
    }

    [Fact]
    public void CollectionsToRemove_ServingWritingRecentAndStrangers_Kept()
    {
        var names = new QdrantNames("kcc-", "lindenhaven");
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        string[] collections = ["kcc-lindenhaven-g3", "kcc-lindenhaven-g4", "kcc-lindenhaven-g5", "kcc-lindenhaven-g6", "kcc-lindenhaven-g8", "kcc-lindenhaven-g9",
            "kcc-eikendaal-g1", "kcc-lindenhaven-lease", "iets-anders"];
        DateTimeOffset? Replaced(long generation) => generation switch
        {
            3 => now.AddHours(-1),
            5 => now.AddMinutes(-2),
            _ => null,
        };

        var remove = QdrantGenerations.CollectionsToRemove(collections, names, serving: 6, writing: 9, Replaced, now, TimeSpan.FromMinutes(10));

        // 3: replaced long ago; 4: no record (never committed); 8: newer than serving, left by a run that died.
        Assert.Equal(["kcc-lindenhaven-g3", "kcc-lindenhaven-g4", "kcc-lindenhaven-g8"], remove);
        Assert.Equal(10, QdrantGenerations.Next(collections, names, serving: 6, lastHandedOut: 7));
        Assert.Equal(12, QdrantGenerations.Next(collections, names, serving: 6, lastHandedOut: 11));
        Assert.Equal(1, QdrantGenerations.Next([], names, serving: 0, lastHandedOut: 0));
    }

    [Theory]
    [InlineData("Endpoint", "localhost:6334", "Kcc:Store:Qdrant:Endpoint")]
    [InlineData("Endpoint", "ftp://qdrant:6334", "Kcc:Store:Qdrant:Endpoint")]
    [InlineData("CollectionPrefix", "KCC ", "Kcc:Store:Qdrant:CollectionPrefix")]
    [InlineData("CertificateThumbprint", "abc", "Kcc:Store:Qdrant:CertificateThumbprint")]
    [InlineData("BatchSize", "0", "Kcc:Store:Qdrant:BatchSize")]
    [InlineData("LeaseDuration", "00:00:01", "Kcc:Store:Qdrant:LeaseDuration")]
    public void Validate_QdrantOptionWrong_FailsNamingTheKey(string key, string value, string named)
    {
        var options = new StoreOptions { Provider = StoreProvider.Qdrant };
        var property = typeof(QdrantStoreOptions).GetProperty(key)!;
        property.SetValue(options.Qdrant, property.PropertyType == typeof(string) ? value
            : property.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = new StoreOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GoodQdrantOrAnyEmbedded_Succeeds_PinnedCertificateWithoutTls_Refused()
    {
        var compose = new StoreOptions { Provider = StoreProvider.Qdrant, Qdrant = { Endpoint = "http://qdrant:6334", ApiKey = "geheim-0123456789" } };
        var tls = new StoreOptions { Provider = StoreProvider.Qdrant, Qdrant = { Endpoint = "https://qdrant.intern:6334", CertificateThumbprint = new string('a', 64) } };
        var pinnedPlain = new StoreOptions { Provider = StoreProvider.Qdrant, Qdrant = { Endpoint = "http://qdrant.intern:6334", CertificateThumbprint = new string('a', 64) } };
        var embedded = new StoreOptions { Qdrant = { Endpoint = "onzin" } };

        Assert.True(new StoreOptionsValidator().Validate(null, compose).Succeeded);
        Assert.True(new StoreOptionsValidator().Validate(null, tls).Succeeded);
        Assert.Contains("TLS", new StoreOptionsValidator().Validate(null, pinnedPlain).FailureMessage, StringComparison.Ordinal);
        Assert.True(new StoreOptionsValidator().Validate(null, embedded).Succeeded);
    }
}

/// <summary>The alias switch and the lease against the client interface (<see cref="FakeQdrantGateway"/>), without a server.</summary>
public sealed class QdrantAliasSwitchTests
{
    private readonly FakeQdrantGateway _gateway = new();

    private QdrantKnowledgeStore Store(string tenant = "lindenhaven", TimeSpan? grace = null) => new(
        _gateway, new QdrantNames("kcc-", tenant), new QdrantStoreOptions { GracePeriod = grace ?? TimeSpan.FromMinutes(10) }, TimeProvider.System,
        NullLogger<QdrantKnowledgeStore>.Instance);

    private static async Task CommitAsync(IKnowledgeStore store, string id, int axis)
    {
        await using var writer = await store.BeginGenerationAsync("m", TestDocuments.Dimensions);
        var document = TestDocuments.Document(id, id, id + " tekst");
        await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, axis));
        await writer.CommitAsync();
    }

    [Fact]
    public async Task Commit_First_AliasCreated_Second_AliasMovedOldKeptForGrace()
    {
        var store = Store();

        await CommitAsync(store, "a", 0);
        await CommitAsync(store, "b", 1);

        Assert.Equal("kcc-lindenhaven-g2", _gateway.Aliases["kcc-lindenhaven"]);
        Assert.Contains("kcc-lindenhaven-g1", await _gateway.ListCollectionsAsync());
        Assert.Equal(["alias kcc-lindenhaven -> kcc-lindenhaven-g1", "alias kcc-lindenhaven -> kcc-lindenhaven-g2"], _gateway.Calls.Where(c => c.StartsWith("alias", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BeginGeneration_AfterGrace_ReplacedCollectionRemoved()
    {
        var store = Store(grace: TimeSpan.Zero);
        await CommitAsync(store, "a", 0);
        await CommitAsync(store, "b", 1);

        Assert.DoesNotContain("kcc-lindenhaven-g1", await _gateway.ListCollectionsAsync());
        Assert.Contains("kcc-lindenhaven-g2", await _gateway.ListCollectionsAsync());
    }

    [Fact]
    public async Task Writer_DisposedWithoutCommit_AliasUntouchedAndCollectionGone()
    {
        var store = Store();
        await CommitAsync(store, "a", 0);

        await using (var writer = await store.BeginGenerationAsync("m", TestDocuments.Dimensions))
        {
            var document = TestDocuments.Document("b", "b", "b tekst");
            await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, 1));
        }

        Assert.Equal("kcc-lindenhaven-g1", _gateway.Aliases["kcc-lindenhaven"]);
        Assert.DoesNotContain("kcc-lindenhaven-g2", await _gateway.ListCollectionsAsync());
        Assert.Equal(["a"], (await store.GetChunksAsync()).Chunks.Select(c => c.DocumentId));
    }

    [Fact]
    public async Task BeginGeneration_RunThatDiedLeftACollection_RemovedAndNumberNotReused()
    {
        var store = Store();
        await CommitAsync(store, "a", 0);
        // What a killed process leaves: a filled collection the alias never pointed to, and an expired lease.
        await _gateway.CreateGenerationCollectionAsync("kcc-lindenhaven-g2", TestDocuments.Dimensions, new QdrantStoreOptions(), []);

        await CommitAsync(store, "b", 1);

        Assert.DoesNotContain("kcc-lindenhaven-g2", await _gateway.ListCollectionsAsync());
        Assert.Equal("kcc-lindenhaven-g3", _gateway.Aliases["kcc-lindenhaven"]);
    }

    [Fact]
    public async Task BeginGeneration_LeaseHeldByAnotherMachine_Busy_AfterRelease_Free()
    {
        var first = Store();
        var second = Store();

        await using (var writer = await first.BeginGenerationAsync("m", TestDocuments.Dimensions))
        {
            await Assert.ThrowsAsync<StoreBusyException>(() => second.BeginGenerationAsync("m", TestDocuments.Dimensions));
        }

        await using var later = await second.BeginGenerationAsync("m", TestDocuments.Dimensions);
        Assert.True(later.Generation >= 2);
    }

    [Fact]
    public async Task Lease_ExpiredWhileWriting_AnotherMachineTakesOver_StaleWriterCannotCommit()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        var options = new QdrantStoreOptions { LeaseDuration = TimeSpan.FromMinutes(2) };
        QdrantKnowledgeStore Machine() => new(_gateway, new QdrantNames("kcc-", "lindenhaven"), options, clock, NullLogger<QdrantKnowledgeStore>.Instance);
        var first = Machine();
        var second = Machine();
        await CommitAsync(first, "a", 0);

        await using var stale = await first.BeginGenerationAsync("m", TestDocuments.Dimensions);
        await Assert.ThrowsAsync<StoreBusyException>(() => second.BeginGenerationAsync("m", TestDocuments.Dimensions));
        clock.Advance(TimeSpan.FromMinutes(3));
        await using var takeover = await second.BeginGenerationAsync("m", TestDocuments.Dimensions);

        await Assert.ThrowsAsync<StoreBusyException>(() => stale.CommitAsync());
        Assert.Equal("kcc-lindenhaven-g1", _gateway.Aliases["kcc-lindenhaven"]);
        Assert.True(takeover.Generation > stale.Generation);
        await takeover.CommitAsync();
        Assert.Equal(first.Names.Collection(takeover.Generation), _gateway.Aliases["kcc-lindenhaven"]);
    }

    /// <summary>A clock the test moves; timers stay on real time (the lease renewal does not fire within a test).</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    [Fact]
    public async Task Leases_TwoTenants_Independent()
    {
        await using var lindenhaven = await Store("lindenhaven").BeginGenerationAsync("m", TestDocuments.Dimensions);
        await using var eikendaal = await Store("eikendaal").BeginGenerationAsync("m", TestDocuments.Dimensions);

        Assert.Equal(1, lindenhaven.Generation);
        Assert.Equal(1, eikendaal.Generation);
    }

    [Fact]
    public async Task Stores_TwoTenantsOnOneServer_EachSeesOnlyItsOwn()
    {
        var lindenhaven = Store("lindenhaven");
        var eikendaal = Store("eikendaal");
        await CommitAsync(lindenhaven, "lh", 0);
        await CommitAsync(eikendaal, "ek", 0);

        Assert.Equal(["lh"], (await lindenhaven.GetChunksAsync()).Chunks.Select(c => c.DocumentId));
        Assert.Equal(["ek"], (await eikendaal.SearchDenseAsync(TestDocuments.UnitVector(0), 10)).Select(h => h.Chunk.DocumentId));
        Assert.Empty(await eikendaal.GetDocumentChunksAsync("lh"));
    }

    [Fact]
    public async Task Preview_BeforeCommit_ShowsTheNewGenerationOnly()
    {
        var store = Store();
        await CommitAsync(store, "a", 0);

        await using var writer = await store.BeginGenerationAsync("m", TestDocuments.Dimensions);
        var document = TestDocuments.Document("b", "b", "b tekst");
        await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, 1));
        var preview = await ((IGenerationPreview)writer).PreviewAsync();

        Assert.Equal(["b"], (await preview.GetChunksAsync()).Chunks.Select(c => c.DocumentId));
        Assert.Equal(["a"], (await store.GetChunksAsync()).Chunks.Select(c => c.DocumentId));
    }
}
