using System.Text;
using KccAssistant.Documents;
using KccAssistant.Ingest.Chunking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Chunking;

public sealed class HeadingAwareChunkerTests
{
    private static readonly HeadingAwareChunker Chunker = new(new ChunkingOptions());

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Deterministic Dutch-looking sentences of varying length, each distinguishable by its number.</summary>
    private static string Sentence(int number, int words)
    {
        var builder = new StringBuilder($"Zin{number} gaat over");
        for (var w = 2; w < words - 1; w++)
        {
            builder.Append(' ').Append((w % 5) switch { 0 => "de", 1 => "aanvraag", 2 => "van", 3 => "een", _ => "paspoort" });
        }

        return builder.Append(" eind.").ToString();
    }

    private static string Paragraph(ref int number, int sentences, int seed)
    {
        var parts = new List<string>();
        for (var s = 0; s < sentences; s++)
        {
            parts.Add(Sentence(number++, 6 + ((seed + (s * 7)) % 17)));
        }

        return string.Join(' ', parts);
    }

    private static SourceDocument Document(params DocumentSection[] sections) => new()
    {
        Id = "https://www.lindenhaven.nl/paspoort",
        SourceName = "website",
        Type = SourceType.Website,
        Title = "Paspoort aanvragen",
        Url = "https://www.lindenhaven.nl/paspoort",
        Question = "Hoe vraag ik een paspoort aan?",
        Keywords = ["paspoort", "reisdocument"],
        LastModified = new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero),
        Sections = sections,
    };

    private static string LongSection(int paragraphs, int seed = 3)
    {
        var number = 0;
        var list = new List<string>();
        for (var p = 0; p < paragraphs; p++)
        {
            list.Add(Paragraph(ref number, 2 + ((seed + p) % 9), seed + p));
        }

        return string.Join("\n\n", list);
    }

    [Fact]
    public void Chunk_SeveralSections_NoChunkCrossesASection()
    {
        var sections = new[]
        {
            new DocumentSection("", "Met een paspoort kunt u reizen."),
            new DocumentSection("Aanvraag", LongSection(12), "aanvraag"),
            new DocumentSection("Kosten", "Een paspoort kost € 84,40."),
            new DocumentSection("Voorwaarden", LongSection(7, seed: 5)),
        };

        var chunks = Chunker.Chunk(Document(sections));

        Assert.Equal(sections.Select(s => s.Heading).ToArray(), chunks.Select(c => c.Section).Distinct().ToArray());
        foreach (var chunk in chunks)
        {
            var section = Assert.Single(sections, s => s.Heading == chunk.Section);
            Assert.Contains(chunk.Text, section.Text, StringComparison.Ordinal);
            Assert.Equal(section.Anchor, chunk.Anchor);
        }

        Assert.Equal("Met een paspoort kunt u reizen.", chunks[0].Text);
        Assert.Equal("Een paspoort kost € 84,40.", Assert.Single(chunks, c => c.Section == "Kosten").Text);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(11)]
    public void Chunk_LongSection_SizesWithinBoundsAndEverySentenceKept(int seed)
    {
        var text = LongSection(20, seed);
        var options = new ChunkingOptions();

        var chunks = Chunker.Chunk(Document(new DocumentSection("Aanvraag", text)));

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.InRange(Words(c.Text), options.MinWords, options.MaxWords));
        var average = chunks.Average(c => Words(c.Text));
        Assert.InRange(average, 90, 150);
        static IEnumerable<string> SentenceNumbers(string t) => t.Split(' ', '\n').Where(w => w.StartsWith("Zin", StringComparison.Ordinal));
        Assert.Equal(SentenceNumbers(text), chunks.SelectMany(c => SentenceNumbers(c.Text)).Distinct());
    }

    [Fact]
    public void Chunk_ParagraphsThatFit_CutAtParagraphBoundaries()
    {
        var number = 0;
        var paragraphs = Enumerable.Range(0, 6).Select(p => Paragraph(ref number, 5, p)).ToList();
        Assert.All(paragraphs, p => Assert.InRange(Words(p), 40, 90));

        var chunks = Chunker.Chunk(Document(new DocumentSection("Aanvraag", string.Join("\n\n", paragraphs))));

        // Every chunk is made of whole paragraphs.
        Assert.All(chunks, c => Assert.All(c.Text.Split("\n\n"), part => Assert.Contains(part, paragraphs)));
    }

    [Fact]
    public void Chunk_SmallTrailingParagraph_NotLeftAsTinyChunk()
    {
        var number = 0;
        var big1 = Paragraph(ref number, 10, 1);
        var big2 = Paragraph(ref number, 10, 2);
        var tail = "Tot slot: neem uw oude paspoort mee naar de afspraak.";
        Assert.InRange(Words(big1) + Words(big2), 161, 320);

        var chunks = Chunker.Chunk(Document(new DocumentSection("Aanvraag", $"{big1}\n\n{big2}\n\n{tail}")));

        Assert.All(chunks, c => Assert.InRange(Words(c.Text), 40, 160));
        Assert.EndsWith(tail, chunks[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_AbbreviationsAndAmounts_CutsOnlyBetweenSentences()
    {
        string[] sentences =
        [
            "U kunt o.a. een paspoort aanvragen.",
            "Een paspoort kost € 84,40 voor volwassenen.",
            "Het loket is open van 8.30 uur t/m 17.00 uur.",
            "Neem bijv. uw oude paspoort mee.",
            "De levertijd is ca. 5 werkdagen.",
            "Vraag naar nr. 12 bij de balie.",
            "Een ID-kaart kost € 77,85 per stuk.",
            "Spoed kost € 57,20 extra.",
        ];
        var chunker = new HeadingAwareChunker(new ChunkingOptions { TargetWords = 12, MaxWords = 16, MinWords = 4, OverlapSentences = 0 });

        var chunks = chunker.Chunk(Document(new DocumentSection("Aanvraag", string.Join(' ', sentences))));

        Assert.True(chunks.Count >= 3);
        foreach (var chunk in chunks)
        {
            Assert.Contains(sentences, s => chunk.Text.StartsWith(s, StringComparison.Ordinal));
            Assert.Contains(sentences, s => chunk.Text.EndsWith(s, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Chunk_ParagraphCutBetweenSentences_NextChunkRepeatsLastSentence()
    {
        var number = 0;
        var text = Paragraph(ref number, 24, 4);
        Assert.True(Words(text) > 300);

        var chunks = Chunker.Chunk(Document(new DocumentSection("Aanvraag", text)));

        Assert.True(chunks.Count >= 2);
        for (var i = 1; i < chunks.Count; i++)
        {
            var previousLast = chunks[i - 1].Text[(chunks[i - 1].Text.LastIndexOf("Zin", StringComparison.Ordinal))..];
            Assert.StartsWith(previousLast, chunks[i].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Chunk_RunOnTextWithoutSentenceEnds_CutIntoWindowsWithinMax()
    {
        var text = string.Join(' ', Enumerable.Range(0, 700).Select(i => $"woord{i}"));

        var chunks = Chunker.Chunk(Document(new DocumentSection("Lijst", text)));

        Assert.All(chunks, c => Assert.InRange(Words(c.Text), 40, 160));
        Assert.Equal(700, chunks.Sum(c => Words(c.Text)));
        Assert.Equal("woord0", chunks[0].Text.Split(' ')[0]);
        Assert.EndsWith("woord699", chunks[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_LongList_CutBetweenItems()
    {
        var items = Enumerable.Range(1, 40).Select(i => $"- item {i} met een paar woorden extra uitleg erbij").ToList();

        var chunks = Chunker.Chunk(Document(new DocumentSection("Bewijs", "Neem mee:\n" + string.Join('\n', items))));

        Assert.True(chunks.Count >= 2);
        Assert.All(chunks.Skip(1), c => Assert.StartsWith("- item", c.Text, StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.InRange(Words(c.Text), 40, 160));
    }

    [Fact]
    public void Chunk_Document_IdsOrdinalsAndMetadata()
    {
        var document = Document(
            new DocumentSection("", "Inleiding over het paspoort."),
            new DocumentSection("Leeg", "   "),
            new DocumentSection("Aanvraag", LongSection(8), "aanvraag"));

        var chunks = Chunker.Chunk(document);

        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
        Assert.Equal(chunks.Select(c => $"https://www.lindenhaven.nl/paspoort#{c.Ordinal}"), chunks.Select(c => c.Id));
        Assert.DoesNotContain(chunks, c => c.Section == "Leeg");
        Assert.All(chunks, c =>
        {
            Assert.Equal(document.Id, c.DocumentId);
            Assert.Equal("website", c.SourceName);
            Assert.Equal(SourceType.Website, c.SourceType);
            Assert.Equal(document.Title, c.Title);
            Assert.Equal(document.Url, c.Url);
            Assert.Equal(document.Question, c.Question);
            Assert.Equal(document.Keywords, c.Keywords);
            Assert.Equal(document.LastModified, c.LastModified);
        });
    }

    [Fact]
    public void Chunk_SameDocumentTwice_SameChunks()
    {
        var document = Document(new DocumentSection("Aanvraag", LongSection(10)));

        Assert.Equal(Chunker.Chunk(document).Select(c => (c.Id, c.Text)), Chunker.Chunk(document).Select(c => (c.Id, c.Text)));
    }

    [Fact]
    public void Constructor_InvalidOptions_MessageNamesTheKey()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new HeadingAwareChunker(new ChunkingOptions { TargetWords = 200, MaxWords = 160 }));

        Assert.Contains("Kcc:Chunking:MaxWords", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHeadingAwareChunking_BindsKccChunkingSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kcc:Chunking:TargetWords"] = "20", ["Kcc:Chunking:MaxWords"] = "30", ["Kcc:Chunking:MinWords"] = "5" })
            .Build();
        using var services = new ServiceCollection().AddHeadingAwareChunking(configuration).BuildServiceProvider();

        var chunker = services.GetRequiredService<HeadingAwareChunker>();
        var chunks = chunker.Chunk(Document(new DocumentSection("Aanvraag", LongSection(4))));

        Assert.All(chunks, c => Assert.True(Words(c.Text) <= 30));
        Assert.Equal(20, services.GetRequiredService<IOptions<ChunkingOptions>>().Value.TargetWords);
    }
}
