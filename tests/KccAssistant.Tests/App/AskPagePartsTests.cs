using KccAssistant.Answering;
using KccAssistant.Documents;
using KccAssistant.Web.Components.Ask;

namespace KccAssistant.Tests.App;

/// <summary>The plain-text copy and the recent-questions list of the Ask page, without a browser.</summary>
public sealed class AskPagePartsTests
{
    private static Citation Cite(int number, string title, string url, SourceType type) =>
        new(number, title, url, "fragment", [], type, "", null, $"doc-{number}", 1.0);

    [Fact]
    public void Text_WebsiteAndKnowledgeBaseSources_AnswerThenNumberedTitlesWithOnlyPublicAddresses()
    {
        var response = new AskResponse(
            true,
            "Een paspoort kost € 84,40 [1]. Het is 10 jaar geldig [2].  ",
            [
                Cite(1, "Kosten paspoort", "https://www.lindenhaven.nl/kosten-paspoort", SourceType.Website),
                Cite(2, "Wat kost een paspoort?", "https://objecten.lindenhaven.nl/api/v2/objects/c55911f6", SourceType.Vac),
                Cite(3, "Paspoort kwijt", "https://www.rijksoverheid.nl/paspoort-kwijt", SourceType.Rijksoverheid),
                Cite(4, "Gevaarlijke link", "javascript:alert(1)", SourceType.Website),
            ],
            0.9,
            "hybrid",
            new AskTimings(0, 0, 0, 0));

        Assert.Equal(
            """
            Een paspoort kost € 84,40 [1]. Het is 10 jaar geldig [2].

            Bronnen:
            [1] Kosten paspoort – https://www.lindenhaven.nl/kosten-paspoort
            [2] Wat kost een paspoort?
            [3] Paspoort kwijt – https://www.rijksoverheid.nl/paspoort-kwijt
            [4] Gevaarlijke link
            """.ReplaceLineEndings("\n"),
            AnswerClipboard.Text(response));
    }

    [Fact]
    public void Text_NoCitations_AnswerOnly()
    {
        var response = new AskResponse(false, "Geen antwoord gevonden.", [], 0, "hybrid", new AskTimings(0, 0, 0, 0));
        Assert.Equal("Geen antwoord gevonden.", AnswerClipboard.Text(response));
    }

    [Fact]
    public void Add_TwelveQuestionsOneRepeated_NewestFirstNoDuplicatesAtMostTen()
    {
        var recent = new RecentQuestions();
        for (var i = 1; i <= 12; i++)
        {
            recent.Add($"vraag {i}");
        }

        recent.Add("  VRAAG 5 ");
        recent.Add("   ");

        Assert.Equal(RecentQuestions.Capacity, recent.Items.Count);
        Assert.Equal("VRAAG 5", recent.Items[0]);
        Assert.Equal(["VRAAG 5", "vraag 12", "vraag 11", "vraag 10", "vraag 9", "vraag 8", "vraag 7", "vraag 6", "vraag 4", "vraag 3"], recent.Items);
    }
}
