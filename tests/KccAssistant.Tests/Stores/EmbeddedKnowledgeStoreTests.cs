using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Stores;

public sealed class EmbeddedKnowledgeStoreTests : KnowledgeStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override Task<IKnowledgeStore> CreateStoreAsync() =>
        Task.FromResult<IKnowledgeStore>(new EmbeddedKnowledgeStore(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance));

    [Fact]
    public async Task BeginGeneration_WhileAnotherWriterHoldsTheStore_Refused()
    {
        var store = await CreateStoreAsync();
        await using var first = await store.BeginGenerationAsync("m", TestDocuments.Dimensions);

        var error = await Assert.ThrowsAsync<StoreBusyException>(() => store.BeginGenerationAsync("m", TestDocuments.Dimensions));
        Assert.StartsWith("Another ingestion run is writing to", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopen_AfterWriterVanishedMidWrite_ServesPreviousAndNextRunCompletes()
    {
        var first = new EmbeddedKnowledgeStore(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        await using (var writer = await first.BeginGenerationAsync("m", TestDocuments.Dimensions))
        {
            var document = TestDocuments.Document("paspoort", "Paspoort", "Een paspoort aanvragen.");
            await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, 0));
            await writer.CommitAsync();
        }

        // A crash leaves a 'writing' generation with rows behind; write one by hand, as a killed process would.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "kcc.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO generations (id, state, started_at, model, dimensions) VALUES (99, 'writing', '2026-01-01T00:00:00Z', 'm', 8);
                INSERT INTO chunks (generation, chunk_id, doc_id, ordinal, source_name, source_type, title, url, section, keywords, text, vector)
                VALUES (99, 'half#0', 'half', 0, 'website', 'Website', 'Half', 'https://x', '', '', 'half geschreven rijbewijs', zeroblob(32));
                """;
            await command.ExecuteNonQueryAsync();
        }

        var reopened = new EmbeddedKnowledgeStore(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        var info = await reopened.GetInfoAsync();
        Assert.Equal(1, info.Chunks);
        Assert.Empty(await StoreLexical.SearchAsync(reopened, "rijbewijs", 5));

        await using (var writer = await reopened.BeginGenerationAsync("m", TestDocuments.Dimensions))
        {
            Assert.True(await writer.KeepDocumentAsync("paspoort"));
            var document = TestDocuments.Document("rijbewijs", "Rijbewijs", "Rijbewijs verlengen.");
            await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, 2));
            await writer.CommitAsync();
        }

        var hits = await StoreLexical.SearchAsync(reopened, "rijbewijs", 5);
        Assert.Equal("rijbewijs", Assert.Single(hits).Chunk.DocumentId);
        Assert.Equal(2, (await reopened.GetInfoAsync()).Chunks);
    }

    [Fact]
    public async Task AddDocument_WrongDimensions_Throws()
    {
        var store = await CreateStoreAsync();
        await using var writer = await store.BeginGenerationAsync("m", 4);
        var document = TestDocuments.Document("a", "A", "tekst");

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.AddDocumentAsync(document, TestDocuments.Chunks(document, 0)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
