using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores;
using KccAssistant.Stores.Qdrant;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Stores.Qdrant;

/// <summary>The store contract against a real Qdrant server (<c>KCC_QDRANT_URL</c>); skipped, with that reason, without one.</summary>
public sealed class QdrantKnowledgeStoreTests : KnowledgeStoreContractTests, IAsyncLifetime
{
    private QdrantServer? _server;

    protected override Task<IKnowledgeStore> CreateStoreAsync()
    {
        _server ??= QdrantServer.Require();
        return Task.FromResult<IKnowledgeStore>(_server.Store());
    }

    [SkippableFact]
    public async Task BeginGeneration_WhileAnotherWriterHoldsTheLease_Refused()
    {
        var store = await CreateStoreAsync();
        var other = _server!.Store();
        await using var first = await store.BeginGenerationAsync("m", TestDocuments.Dimensions);

        await Assert.ThrowsAsync<StoreBusyException>(() => other.BeginGenerationAsync("m", TestDocuments.Dimensions));
    }

    [SkippableFact]
    public async Task Commit_TwoTenantsOnOneServer_NothingOfOneReturnedToTheOther()
    {
        _server ??= QdrantServer.Require();
        var lindenhaven = _server.Store("lindenhaven");
        var eikendaal = _server.Store("eikendaal");
        await CommitAsync(lindenhaven, "paspoort-lh", "Paspoort aanvragen in Lindenhaven", 0);
        await CommitAsync(eikendaal, "paspoort-ek", "Paspoort aanvragen in Eikendaal", 0);

        var lhChunks = (await lindenhaven.GetChunksAsync()).Chunks;
        var ekDense = await eikendaal.SearchDenseAsync(TestDocuments.UnitVector(0), 10);
        using var lexical = new DutchLexicalSearch(eikendaal);
        var ekLexical = await lexical.SearchAsync("paspoort lindenhaven", 10);

        Assert.Equal(["paspoort-lh"], lhChunks.Select(c => c.DocumentId).Distinct());
        Assert.Equal(["paspoort-ek"], ekDense.Select(h => h.Chunk.DocumentId).Distinct());
        Assert.All(ekLexical, h => Assert.Equal("paspoort-ek", h.Chunk.DocumentId));
        Assert.Empty(await eikendaal.GetDocumentChunksAsync("paspoort-lh"));
        Assert.False((await eikendaal.GetDocumentStatesAsync("website")).ContainsKey("paspoort-lh"));
        Assert.StartsWith(_server.Options.CollectionPrefix + "lindenhaven-g", await _server.Gateway.ResolveAliasAsync(lindenhaven.Names.Alias));
        Assert.StartsWith(_server.Options.CollectionPrefix + "eikendaal-g", await _server.Gateway.ResolveAliasAsync(eikendaal.Names.Alias));
    }

    [SkippableFact]
    public async Task SearchHybrid_ServerSideFusion_FindsByWordsAndByVector()
    {
        _server ??= QdrantServer.Require();
        var store = _server.Store();
        await using (var writer = await store.BeginGenerationAsync("m", TestDocuments.Dimensions))
        {
            foreach (var (id, title, axis) in new[] { ("paspoort", "Paspoort aanvragen", 0), ("afval", "Grofvuil ophalen", 3), ("parkeren", "Parkeervergunning", 5) })
            {
                var document = TestDocuments.Document(id, title, title + ".");
                await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, axis));
            }

            await writer.CommitAsync();
        }

        var byWords = await store.SearchHybridAsync(TestDocuments.UnitVector(5), "grofvuil", 3);

        Assert.Equal(3, byWords.Count);
        Assert.Contains(byWords.Take(2), h => h.Chunk.DocumentId == "afval");
        Assert.Contains(byWords.Take(2), h => h.Chunk.DocumentId == "parkeren");
    }

    private static async Task CommitAsync(IKnowledgeStore store, string id, string title, int axis)
    {
        await using var writer = await store.BeginGenerationAsync("m", TestDocuments.Dimensions);
        var document = TestDocuments.Document(id, title, title + ".");
        await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, axis));
        await writer.CommitAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// The same contract suite, with the Qdrant store over the in-memory <see cref="FakeQdrantGateway"/>: the store's
/// generation, alias, lease, carry-over and payload logic without a server. The fake is not Qdrant; the class above is
/// the real-server proof.
/// </summary>
public sealed class QdrantFakeGatewayContractTests : KnowledgeStoreContractTests
{
    private readonly FakeQdrantGateway _gateway = new();

    protected override Task<IKnowledgeStore> CreateStoreAsync() => Task.FromResult<IKnowledgeStore>(new QdrantKnowledgeStore(
        _gateway, new QdrantNames("kcc-", "lindenhaven"), new QdrantStoreOptions { BatchSize = 2, GracePeriod = TimeSpan.Zero }, TimeProvider.System,
        NullLogger<QdrantKnowledgeStore>.Instance));
}
