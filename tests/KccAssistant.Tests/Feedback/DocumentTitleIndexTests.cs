using KccAssistant.Documents;

namespace KccAssistant.Tests.Feedback;

public sealed class DocumentTitleIndexTests
{
    [Fact]
    public void Search_CaseAndDiacritics_AreIgnoredBothWays()
    {
        var index = Index("Café-vergunning aanvragen", "Uittreksel BRP", "Één keer per jaar afval");

        Assert.Equal("d0", Assert.Single(index.Search("CAFE")).DocumentId);
        Assert.Equal("d0", Assert.Single(index.Search("café")).DocumentId);
        Assert.Equal("d2", Assert.Single(index.Search("een keer")).DocumentId);
        Assert.Equal("d2", Assert.Single(index.Search("ÉÉN")).DocumentId);
    }

    [Fact]
    public void Search_TitleStartThenWordStartThenSubstring_RanksInThatOrder()
    {
        var index = Index(
            "Bijzondere bijstand",        // d0: no match
            "Verlengen paspoort",         // d1: a word starts with the query
            "Reispaspoort kwijt",         // d2: substring inside a word
            "Paspoort aanvragen voor een kind", // d3: the title starts with the query
            "Paspoort");                  // d4: the title starts with the query, shorter

        var found = index.Search("paspoort").Select(d => d.DocumentId).ToArray();

        Assert.Equal(["d4", "d3", "d1", "d2"], found);
    }

    [Fact]
    public void Search_EveryTypedWordStartsATitleWord_MatchesInAnyOrder()
    {
        var index = Index("Paspoort kwijt of gestolen", "Rijbewijs kwijt");

        Assert.Equal("d0", Assert.Single(index.Search("kwijt pasp")).DocumentId);
    }

    [Fact]
    public void Search_ManyMatches_ReturnsAtMostTheLimit()
    {
        var index = Index([.. Enumerable.Range(0, 20).Select(i => $"Afvalkalender wijk {i}")]);

        Assert.Equal(DocumentTitleIndex.DefaultLimit, index.Search("afval").Count);
        Assert.Equal(3, index.Search("afval", 3).Count);
    }

    [Fact]
    public void Search_FewerThanTwoCharacters_FindsNothing()
    {
        var index = Index("Paspoort");

        Assert.Empty(index.Search("p"));
        Assert.Empty(index.Search("  p  "));
        Assert.Empty(index.Search("xyz"));
    }

    [Fact]
    public void Constructor_SeveralChunksPerDocument_ListsTheDocumentOnce()
    {
        var chunks = new[] { Chunk("d0", "Paspoort", 0), Chunk("d0", "Paspoort", 1), Chunk("d1", "Paspoort kind", 0) };
        var index = new DocumentTitleIndex(7, chunks);

        Assert.Equal(2, index.Count);
        Assert.Equal(7, index.Generation);
        Assert.Equal(["d0", "d1"], index.Search("pasp").Select(d => d.DocumentId));
    }

    private static DocumentTitleIndex Index(params string[] titles) =>
        new(1, titles.Select((title, i) => Chunk($"d{i}", title, 0)));

    private static Chunk Chunk(string documentId, string title, int ordinal) => new()
    {
        Id = $"{documentId}#{ordinal}",
        DocumentId = documentId,
        Ordinal = ordinal,
        SourceName = "website",
        SourceType = SourceType.Website,
        Title = title,
        Url = $"https://example.nl/{documentId}",
        Text = "tekst",
    };
}
