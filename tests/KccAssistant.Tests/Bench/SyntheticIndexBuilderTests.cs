using System.Numerics.Tensors;
using KccAssistant.Documents;
using KccAssistant.Eval.Benchmark;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Bench;

public sealed class SyntheticIndexBuilderTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(1000)]
    [InlineData(10_000)]
    public void Build_TargetChunks_ExactlyThatManyWithDistinctIds(int target)
    {
        var index = SyntheticIndexBuilder.Build(Seed(), target);
        var chunks = index.SelectMany(d => d.Chunks).ToList();

        Assert.Equal(target, chunks.Count);
        Assert.Equal(chunks.Count, chunks.Select(c => c.Chunk.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(index.Count, index.Select(d => d.Document.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Build_EveryVector_UnitLengthAndCloseToItsOriginal()
    {
        var seed = Seed();
        var index = SyntheticIndexBuilder.Build(seed, 2000);

        foreach (var chunk in index.SelectMany(d => d.Chunks))
        {
            Assert.Equal(1.0, TensorPrimitives.Norm(chunk.Vector.Span), 4);
        }

        var copy = index.Skip(seed.Count).First().Chunks[0];
        var original = seed[0].Chunks[0].Vector.Span;
        var cosine = TensorPrimitives.Dot(copy.Vector.Span, original);
        Assert.InRange(cosine, 0.9f, 0.99999f);
    }

    [Fact]
    public void Build_SeedComesFirstUnchanged_ThenVariantsForOtherMunicipalities()
    {
        var seed = Seed();

        var index = SyntheticIndexBuilder.Build(seed, 1000);

        Assert.Same(seed[0], index[0]);
        var variant = index[seed.Count];
        var municipality = SyntheticIndexBuilder.Municipality(1);
        Assert.Equal($"{seed[0].Document.Title} ({municipality})", variant.Document.Title);
        Assert.NotEqual(seed[0].Document.Url, variant.Document.Url);
        Assert.All(variant.Chunks, c =>
        {
            Assert.Equal(variant.Document.Id, c.Chunk.DocumentId);
            Assert.EndsWith($"gemeente {municipality}.", c.Chunk.Text, StringComparison.Ordinal);
        });
        Assert.Equal(Enumerable.Range(0, variant.Chunks.Count), variant.Chunks.Select(c => c.Chunk.Ordinal));
    }

    [Fact]
    public void Build_SameSeed_SameIndex()
    {
        var first = SyntheticIndexBuilder.Build(Seed(), 300);
        var second = SyntheticIndexBuilder.Build(Seed(), 300);

        Assert.Equal(
            first.SelectMany(d => d.Chunks).Select(c => c.Chunk.Text + c.Vector.Span[0]),
            second.SelectMany(d => d.Chunks).Select(c => c.Chunk.Text + c.Vector.Span[0]));
    }

    [Fact]
    public void Municipality_BeyondTheList_Numbered()
    {
        var names = Enumerable.Range(1, 200).Select(SyntheticIndexBuilder.Municipality).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Build_EmptySeed_Throws() =>
        Assert.Throws<ArgumentException>(() => SyntheticIndexBuilder.Build([], 10));

    private static List<IndexedDocument> Seed()
    {
        var texts = new[]
        {
            ("https://www.example.nl/paspoort", "Paspoort aanvragen", "U vraagt een paspoort aan bij de gemeente. Maak eerst een afspraak. Neem een pasfoto mee. De kosten staan op de website."),
            ("https://www.example.nl/afval", "Grofvuil", "Grofvuil laat u ophalen. U maakt online een afspraak. Het ophalen is gratis tot vier keer per jaar."),
            ("vac-1", "Verhuizing doorgeven", "Een verhuizing geeft u door binnen vijf dagen. Dat kan vier weken van tevoren. U doet dit online met DigiD."),
        };
        return texts.Select((t, i) =>
        {
            var document = TestDocuments.Document(t.Item1, t.Item2, t.Item3) with
            {
                Sections = [new DocumentSection("", t.Item3), new DocumentSection("Kosten", t.Item3 + " Extra zin.")],
            };
            return new IndexedDocument(document, TestDocuments.Chunks(document, i));
        }).ToList();
    }
}
