using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Stores.Qdrant;
using KccAssistant.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Stores.Qdrant;

/// <summary>
/// <c>migrate</c>: the embedded store's serving generation copied to the Qdrant store (over the in-memory
/// <see cref="FakeQdrantGateway"/>) and back, vectors and document states included.
/// </summary>
public sealed class QdrantMigrationTests : IDisposable
{
    private readonly TempDirectory _source = new();
    private readonly TempDirectory _back = new();
    private readonly FakeQdrantGateway _gateway = new();

    private QdrantKnowledgeStore Qdrant() => new(
        _gateway, new QdrantNames("kcc-", "lindenhaven"), new QdrantStoreOptions { BatchSize = 2 }, TimeProvider.System, NullLogger<QdrantKnowledgeStore>.Instance);

    [Fact]
    public async Task Copy_EmbeddedToQdrantAndBack_SameChunksVectorsAndStates()
    {
        using var embedded = new EmbeddedKnowledgeStore(_source.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        await using (var writer = await embedded.BeginGenerationAsync("minilm", TestDocuments.Dimensions))
        {
            var page = TestDocuments.Document("paspoort", "Paspoort aanvragen", "Een paspoort vraagt u aan in het stadhuis.") with { ETag = "\"p1\"" };
            var vac = TestDocuments.Document("vac-7", "Wat kost grofvuil?", "Grofvuil ophalen kost 25 euro.", source: "kennisbank", type: KccAssistant.Documents.SourceType.Vac);
            await writer.AddDocumentAsync(page, TestDocuments.Chunks(page, 2));
            await writer.AddDocumentAsync(vac, TestDocuments.Chunks(vac, 6));
            await writer.CommitAsync();
        }

        var qdrant = Qdrant();
        var there = await StoreMigration.CopyAsync(embedded, qdrant);
        using var back = new EmbeddedKnowledgeStore(_back.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        var home = await StoreMigration.CopyAsync(qdrant, back);

        Assert.Equal((2, 2), (there.Documents, there.Chunks));
        Assert.Equal((2, 2), (home.Documents, home.Chunks));
        Assert.Equal("minilm", (await qdrant.GetInfoAsync()).EmbeddingModel);
        // Keywords are a list: compared by content, the rest of the chunk by value.
        static object Comparable(KccAssistant.Documents.Chunk c) => (c with { Keywords = [] }, string.Join('|', c.Keywords));
        Assert.Equal((await embedded.GetChunksAsync()).Chunks.Select(Comparable), (await back.GetChunksAsync()).Chunks.Select(Comparable));
        Assert.Equal(await embedded.GetDocumentStatesAsync("website"), await back.GetDocumentStatesAsync("website"));
        Assert.Equal("\"p1\"", (await qdrant.GetDocumentStatesAsync("website"))["paspoort"].ETag);
        var hit = (await back.SearchDenseAsync(TestDocuments.UnitVector(6), 1))[0];
        Assert.Equal("vac-7", hit.Chunk.DocumentId);
        Assert.InRange(hit.Score, 0.999, 1.001);
    }

    [Fact]
    public async Task Copy_EmptySource_RefusedAndTargetUntouched()
    {
        using var embedded = new EmbeddedKnowledgeStore(_source.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => StoreMigration.CopyAsync(embedded, Qdrant()));
        Assert.Empty(_gateway.Aliases);
    }

    [Theory]
    [InlineData("qdrant")]
    [InlineData("embedded")]
    public void Parse_Migrate_Target(string target) =>
        Assert.Equal(target, IngestCommandLine.Parse(["migrate", "--to", target, "--data-dir", "data"]).MigrateTo);

    [Theory]
    [InlineData("migrate")]
    [InlineData("migrate --to mongo")]
    [InlineData("migrate --to qdrant --site https://www.lindenhaven.nl/")]
    public void Parse_MigrateWrong_Refused(string line) =>
        Assert.Throws<ArgumentException>(() => IngestCommandLine.Parse(line.Split(' ')));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _source.Dispose();
        _back.Dispose();
    }
}
