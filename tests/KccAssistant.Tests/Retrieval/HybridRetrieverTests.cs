using KccAssistant.Documents;
using KccAssistant.Embeddings;
using KccAssistant.Retrieval;
using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores.Embedded;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Retrieval;

public sealed class HybridRetrieverTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task RetrieveAsync_Hybrid_DenseRankingIsEachDocumentOnceBySimilarity()
    {
        var generator = new HashEmbeddingGenerator();
        async Task<float[]> Vector(string text) => (await generator.EmbedQueryAsync(text)).ToArray();

        // Document b has two passages, one of them embedded exactly as the question: it leads the dense ranking and
        // appears once. The others follow by their cosine with the question, computed here by hand.
        var question = await Vector("vraag over b");
        var vectors = new Dictionary<string, float[][]>
        {
            ["a"] = [await Vector("iets anders a")],
            ["b"] = [await Vector("nog iets b"), question],
            ["c"] = [await Vector("derde c")],
        };
        using var store = new EmbeddedKnowledgeStore(_data.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        await using (var writer = await store.BeginGenerationAsync("hash-test", TestDocuments.Dimensions))
        {
            foreach (var (id, passages) in vectors)
            {
                var document = new SourceDocument
                {
                    Id = id,
                    SourceName = "website",
                    Type = SourceType.Website,
                    Title = "Document " + id,
                    Url = "https://www.example.nl/" + id,
                    Sections = passages.Select((_, i) => new DocumentSection($"Kop {i}", $"Tekst {i} van {id}.")).ToList(),
                };
                var chunks = TestDocuments.Chunks(document, 0).Select((chunk, i) => chunk with { Vector = passages[i] }).ToList();
                await writer.AddDocumentAsync(document, chunks);
            }

            await writer.CommitAsync();
        }

        using var lexical = new DutchLexicalSearch(store);
        var retriever = new HybridRetriever(store, lexical, generator, Options.Create(new RetrievalOptions()), NullLogger<HybridRetriever>.Instance);
        var result = await retriever.RetrieveAsync("vraag over b");

        static double Cosine(float[] x, float[] y) => x.Zip(y, (p, q) => (double)p * q).Sum();
        var expected = vectors.OrderByDescending(v => v.Value.Max(p => Cosine(p, question))).Select(v => v.Key).ToList();
        Assert.Equal("b", expected[0]);
        Assert.Equal(expected, result.DenseRanking);

        var lexicalOnly = await retriever.RetrieveAsync("tekst", RetrievalMode.Lexical);
        Assert.Empty(lexicalOnly.DenseRanking!);
    }

    public void Dispose() => _data.Dispose();
}
