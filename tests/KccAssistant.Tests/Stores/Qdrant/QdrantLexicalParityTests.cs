using KccAssistant.Documents;
using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Stores.Qdrant;
using KccAssistant.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Stores.Qdrant;

/// <summary>
/// The Dutch lexical search gives the same ranking and the same coverage features (what the "geen antwoord" model
/// weighs) over the Qdrant store as over the embedded store, for the same documents: the chunks come back in the same
/// order from both. Qdrant here is the store over the in-memory fake gateway.
/// </summary>
public sealed class QdrantLexicalParityTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task SearchAsync_SameDocumentsInBothStores_SameRankingAndFeatures()
    {
        using var embedded = new EmbeddedKnowledgeStore(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        using var qdrant = new QdrantKnowledgeStore(new FakeQdrantGateway(), new QdrantNames("kcc-", "lindenhaven"), new QdrantStoreOptions { BatchSize = 3 },
            TimeProvider.System, NullLogger<QdrantKnowledgeStore>.Instance);
        (string Id, string Title, string Text, SourceType Type)[] documents =
        [
            ("paspoort-kwijt", "Paspoort of ID-kaart kwijt", "Bent u uw paspoort kwijt op vakantie? Doe aangifte bij de politie ter plaatse en vraag een nooddocument aan.", SourceType.Website),
            ("vac-3", "Wat kost een paspoort?", "Een paspoort voor volwassenen kost € 84,00. Voor kinderen onder 18 jaar kost het € 66,00.", SourceType.Vac),
            ("grofvuil", "Grofvuil laten ophalen", "Grofvuil laat u gratis ophalen. Maak online een afspraak; de ophaaldienst komt op dinsdag.", SourceType.Website),
            ("parkeren", "Parkeervergunning voor bewoners", "Als bewoner van het centrum vraagt u een parkeervergunning aan. De vergunning geldt een jaar.", SourceType.Kennisartikel),
            ("hond", "Hondenbelasting", "Heeft u een hond? Dan betaalt u hondenbelasting. Meld uw hond aan via het belastingloket.", SourceType.Website),
        ];
        foreach (var store in new IKnowledgeStore[] { embedded, qdrant })
        {
            await using var writer = await store.BeginGenerationAsync("m", TestDocuments.Dimensions);
            for (var i = 0; i < documents.Length; i++)
            {
                var (id, title, text, type) = documents[i];
                var document = TestDocuments.Document(id, title, text, type: type);
                await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, i));
            }

            await writer.CommitAsync();
        }

        var synonyms = SynonymMap.Parse("paspoort, reisdocument\nkwijt, verloren");
        using var overEmbedded = new DutchLexicalSearch(embedded, synonyms);
        using var overQdrant = new DutchLexicalSearch(qdrant, synonyms);
        foreach (var question in new[] { "reisdocument verloren op vakantie", "wat kost een paspoort voor mijn kind", "parkeervergunningen centrum", "hond aanmelden", "zwembad openingstijden" })
        {
            var expected = await overEmbedded.SearchAsync(question, 5);
            var found = await overQdrant.SearchAsync(question, 5);

            Assert.Equal(expected.Select(h => (h.Chunk.Id, h.Score, h.Share, h.TitleShare, h.QueryWords, h.SentenceShare)),
                found.Select(h => (h.Chunk.Id, h.Score, h.Share, h.TitleShare, h.QueryWords, h.SentenceShare)));
        }

        Assert.Equal("paspoort-kwijt", (await overQdrant.SearchAsync("reisdocument verloren op vakantie", 1))[0].Chunk.DocumentId);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
