using KccAssistant.Answering.Answerability;
using KccAssistant.Documents;

namespace KccAssistant.Tests.Answering;

public sealed class SelfCalibratorTests
{
    private static Chunk Chunk(string documentId, int ordinal, string title, string section, string? question = null, params string[] keywords) => new()
    {
        Id = $"{documentId}#{ordinal}",
        DocumentId = documentId,
        Ordinal = ordinal,
        SourceName = "kennisbank",
        SourceType = SourceType.Vac,
        Title = title,
        Url = $"https://example.nl/{documentId}",
        Section = section,
        Question = question,
        Keywords = keywords,
        Text = "tekst",
    };

    private static List<IReadOnlyList<Chunk>> Corpus() =>
    [
        [Chunk("a", 0, "Paspoort aanvragen voor een kind", "", null, "paspoort", "kind", "reisdocument"), Chunk("a", 1, "Paspoort aanvragen voor een kind", "Wat neemt u mee naar de balie")],
        [Chunk("b", 0, "Hoe vraag ik een uittreksel BRP aan?", "", "Hoe vraag ik een uittreksel BRP aan?")],
        [Chunk("c", 0, "Grofvuil", "Kosten")],
    ];

    [Fact]
    public void Probes_Corpus_AnswerableFromOwnDescriptionAndOneLeftOutProbePerDocument()
    {
        var probes = SelfCalibrator.Probes(Corpus(), maxDocuments: 10);

        // Two answerable kinds where a document has them, one where it only has a title.
        Assert.Equal(2, probes.Count(p => p.DocumentId == "a" && p.Answerable));
        Assert.Equal(1, probes.Count(p => p.DocumentId == "c" && p.Answerable));
        // Left out: every document whose title has at least two words; "Grofvuil" alone is no question.
        Assert.Equal(["a", "b"], probes.Where(p => !p.Answerable).Select(p => p.DocumentId).Order());
        Assert.All(probes.Where(p => !p.Answerable), p => Assert.Equal("weggelaten", p.Kind));
        Assert.All(probes, p => Assert.Equal(p.Question.ToLowerInvariant(), p.Question));
        Assert.DoesNotContain(probes, p => p.Question.Contains('?', StringComparison.Ordinal));
    }

    [Fact]
    public void Probes_SameCorpusTwice_SameProbes()
    {
        Assert.Equal(SelfCalibrator.Probes(Corpus(), 10), SelfCalibrator.Probes(Corpus(), 10));
    }

    [Fact]
    public void Probes_MoreDocumentsThanMaximum_SampleOfMaximum()
    {
        var corpus = Enumerable.Range(0, 50).Select(i => (IReadOnlyList<Chunk>)[Chunk($"d{i}", 0, $"Onderwerp nummer {i} regelen", "")]).ToList();

        var probes = SelfCalibrator.Probes(corpus, maxDocuments: 20);

        Assert.Equal(20, probes.Select(p => p.DocumentId).Distinct().Count());
    }

    [Fact]
    public void WithStory_Probe_KeepsItsWordsAndAddsAtMostAsManyFromTheVocabulary()
    {
        var random = new Random(1);
        var vocabulary = new[] { "verhuizing", "belasting", "rijbewijs" };

        for (var i = 0; i < 20; i++)
        {
            var story = SelfCalibrator.WithStory("paspoort kind aanvragen", vocabulary, random).Split(' ');

            Assert.Subset(story.ToHashSet(), new HashSet<string> { "paspoort", "kind", "aanvragen" });
            Assert.InRange(story.Length, 4, 6);
            Assert.All(story.Except(["paspoort", "kind", "aanvragen"]), w => Assert.Contains(w, vocabulary));
        }
    }
}
