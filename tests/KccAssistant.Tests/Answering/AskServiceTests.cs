using KccAssistant.Answering;
using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Retrieval;
using KccAssistant.Stores.Embedded;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Answering;

public sealed class AskServiceTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private AskService Create(EmbeddedKnowledgeStore store)
    {
        var options = Options.Create(new RetrievalOptions());
        var retriever = new HybridRetriever(store, new KccAssistant.Retrieval.Lexical.DutchLexicalSearch(store), new HashEmbeddingGenerator(), options, NullLogger<HybridRetriever>.Instance);
        var models = new AnswerabilityModelProvider(
            Options.Create(new AnswerabilityOptions()),
            Options.Create(new KccOptions { DataDir = _data.Path }),
            NullLogger<AnswerabilityModelProvider>.Instance);
        return new AskService(retriever, new ExtractiveAnswerer(), new AnswerabilityGate(models, options, NullLogger<AnswerabilityGate>.Instance), store, options, NullLogger<AskService>.Instance);
    }

    [Fact]
    public async Task AskAsync_NothingIndexedYet_SaysSoInsteadOfNoAnswer()
    {
        using var store = new EmbeddedKnowledgeStore(_data.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);

        var response = await Create(store).AskAsync("wat kost een paspoort");

        Assert.False(response.Answered);
        Assert.Equal(AskService.EmptyIndexText, response.Answer);
    }

    [Fact]
    public async Task AskAsync_IndexedButNotCovered_NoAnswerText()
    {
        using var store = new EmbeddedKnowledgeStore(_data.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        await using (var writer = await store.BeginGenerationAsync("hash-test", TestDocuments.Dimensions))
        {
            var document = TestDocuments.Document("paspoort", "Paspoort aanvragen", "Een paspoort kost € 84,40.");
            await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, 0));
            await writer.CommitAsync();
        }

        var service = Create(store);
        var covered = await service.AskAsync("wat kost een paspoort");
        var uncovered = await service.AskAsync("openingstijden zwembad");

        Assert.True(covered.Answered);
        Assert.Contains("84,40", covered.Answer, StringComparison.Ordinal);
        Assert.False(uncovered.Answered);
        Assert.Equal(AskService.NoAnswerText, uncovered.Answer);
    }

    [Fact]
    public async Task AskAsync_AnsweredAndNot_ConfidenceBandWithItsMeaning()
    {
        using var store = new EmbeddedKnowledgeStore(_data.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        await using (var writer = await store.BeginGenerationAsync("hash-test", TestDocuments.Dimensions))
        {
            var document = TestDocuments.Document("paspoort", "Paspoort aanvragen", "Een paspoort kost € 84,40.");
            await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, 0));
            await writer.CommitAsync();
        }

        var service = Create(store);
        var covered = await service.AskAsync("wat kost een paspoort");
        var uncovered = await service.AskAsync("openingstijden zwembad");

        Assert.Contains(covered.ConfidenceBand, new[] { ConfidenceBands.High, ConfidenceBands.Medium, ConfidenceBands.Low });
        Assert.NotEqual(ConfidenceBands.NoAnswerMeaning, covered.ConfidenceMeaning);
        Assert.Equal(ConfidenceBands.Low, uncovered.ConfidenceBand);
        Assert.Equal(ConfidenceBands.NoAnswerMeaning, uncovered.ConfidenceMeaning);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
