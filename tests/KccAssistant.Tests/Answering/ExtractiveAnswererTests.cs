using KccAssistant.Answering;
using KccAssistant.Documents;
using KccAssistant.Retrieval;

namespace KccAssistant.Tests.Answering;

public sealed class ExtractiveAnswererTests
{
    private static RetrievedDocument Document(string id, string title, string text, string? section = null, SourceType type = SourceType.Website, string? anchor = null)
    {
        var chunk = new Chunk
        {
            Id = id + "#0",
            DocumentId = id,
            Ordinal = 0,
            SourceName = "test",
            SourceType = type,
            Title = title,
            Url = "https://www.example.nl/" + id,
            Section = section ?? "",
            Anchor = anchor,
            Text = text,
        };
        return new RetrievedDocument(id, [chunk], 1, 1, 0.5);
    }

    [Fact]
    public void Build_AmountQuestion_PrefersTheSentenceWithTheAmount()
    {
        var documents = new[]
        {
            Document("grofvuil", "Grofvuil laten ophalen", "Grofvuil is afval dat niet in de container past. U kunt grofvuil laten ophalen voor € 30,00 per ophaalbeurt. Zet het grofvuil op tijd buiten."),
        };

        var (answer, citations) = new ExtractiveAnswerer().Build("wat kost grofvuil ophalen", documents, 3);

        Assert.StartsWith("U kunt grofvuil laten ophalen voor € 30,00 per ophaalbeurt. [1]", answer, StringComparison.Ordinal);
        Assert.Contains("U kunt grofvuil laten ophalen voor € 30,00 per ophaalbeurt.", Assert.Single(citations).Highlights);
    }

    [Fact]
    public void Build_TwoSourcesDisagreeOnAmount_AnswerSaysSo()
    {
        var documents = new[]
        {
            Document("web", "Afvalpas", "Bent u uw afvalpas kwijt? Een nieuwe afvalpas kost € 10,00."),
            Document("kb", "Afvalpas kwijt", "Een nieuwe afvalpas kost € 15,00 bij verlies of diefstal.", type: SourceType.Vac),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("wat kost een nieuwe afvalpas", documents, 3);

        Assert.Contains("Let op: de bronnen noemen verschillende bedragen", answer, StringComparison.Ordinal);
        Assert.Contains("€ 10,00", answer, StringComparison.Ordinal);
        Assert.Contains("€ 15,00", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TwoSourcesAgreeOnAmount_NoWarning()
    {
        var documents = new[]
        {
            Document("web", "Afvalpas", "Een nieuwe afvalpas kost € 10,00."),
            Document("kb", "Afvalpas kwijt", "Een nieuwe afvalpas kost € 10 bij verlies.", type: SourceType.Vac),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("wat kost een nieuwe afvalpas", documents, 3);

        Assert.DoesNotContain("Let op", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DifferentAmountsForDifferentThings_NoWarning()
    {
        var documents = new[]
        {
            Document("paspoort", "Paspoort", "Een paspoort voor volwassenen kost € 84,40."),
            Document("spoed", "Spoedaanvraag", "Voor een spoedaanvraag betaalt u € 57,20 extra bovenop de leges."),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("wat kost een paspoort", documents, 3);

        Assert.DoesNotContain("Let op", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SentenceIntroducingAList_KeepsTheListItems()
    {
        var documents = new[]
        {
            Document("vac", "Wat kost een paspoort?", "De prijs van een paspoort hangt af van uw leeftijd:\n- 18 jaar en ouder: € 84,40.\n- Jonger dan 18 jaar: € 61,80.", type: SourceType.Vac),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("prijs paspoort", documents, 3);

        Assert.Contains("De prijs van een paspoort hangt af van uw leeftijd: 18 jaar en ouder: € 84,40; Jonger dan 18 jaar: € 61,80", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_QuestionHeadingChosen_CarriesTheSentenceThatAnswersIt()
    {
        var documents = new[]
        {
            Document("kwijt", "Paspoort kwijt", "Raakt u uw paspoort kwijt op vakantie? Dan doet u het volgende:\n- Doe aangifte bij de lokale politie. Vraag om een bewijs.\n- Neem contact op met de ambassade."),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("paspoort kwijt op vakantie", documents, 3);

        Assert.StartsWith("Raakt u uw paspoort kwijt op vakantie? Dan doet u het volgende: Doe aangifte bij de lokale politie; Neem contact op met de ambassade", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PointerToOtherPage_NotPreferred()
    {
        var documents = new[]
        {
            Document("a", "Milieustraat", "Meer informatie over de milieustraat leest u op de pagina Afval. De milieustraat is op zaterdag open van 8.30 tot 15.00 uur."),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("wanneer is de milieustraat open op zaterdag", documents, 3);

        Assert.StartsWith("De milieustraat is op zaterdag open", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CitationWithAnchor_LinksToTheSection()
    {
        var documents = new[] { Document("paspoort", "Paspoort", "Een paspoort kost € 84,40.", "Kosten", anchor: "kosten") };

        var (_, citations) = new ExtractiveAnswerer().Build("wat kost een paspoort", documents, 3);

        Assert.Equal("https://www.example.nl/paspoort#kosten", citations[0].Url);
        Assert.Equal("Kosten", citations[0].Section);
    }
}
