using KccAssistant.Eval.Benchmark;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Bench;

public sealed class EmbeddingPassagesTests
{
    [Fact]
    public void SelectPassages_OnlyFullSizeChunks_WithTitleAndSection()
    {
        var full = Words(120);
        var documents = new[]
        {
            Indexed("https://www.example.nl/a", "Paspoort", full),
            Indexed("https://www.example.nl/b", "Kort", Words(20)),
        };

        var passages = EmbeddingComparison.SelectPassages(documents, 3);

        Assert.Equal(3, passages.Count);
        Assert.All(passages, p => Assert.Equal($"Paspoort. {full}", p));
    }

    [Fact]
    public void SelectPassages_NoFullSizeChunk_Throws() =>
        Assert.Throws<InvalidOperationException>(() => EmbeddingComparison.SelectPassages([Indexed("x", "Kort", Words(10))], 4));

    [Fact]
    public void WordCount_CountsWhitespaceSeparatedWords() =>
        Assert.Equal(4, EmbeddingComparison.WordCount("  een paspoort\n aanvragen\tkost "));

    private static IndexedDocument Indexed(string id, string title, string text)
    {
        var document = TestDocuments.Document(id, title, text);
        return new IndexedDocument(document, TestDocuments.Chunks(document, 0));
    }

    private static string Words(int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(i => i % 7 == 6 ? "gemeente." : "aanvraag"));
}
