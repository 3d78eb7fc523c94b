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

    private static RetrievedDocument Vac(string id, string question, string text) => Document(id, question, text, "Antwoord", SourceType.Vac) is var d
        ? d with { Chunks = [d.Best with { Question = question }] }
        : d;

    [Fact]
    public void Build_DependentSentence_ComesWithItsCondition()
    {
        var documents = new[]
        {
            Document("melding", "Melding openbare ruimte", "Ziet u een kapotte lantaarnpaal? Daar meldt u via de website of de app. Wij repareren de meeste lampen binnen een week."),
        };

        var (answer, citations) = new ExtractiveAnswerer().Build("waar meld ik een kapotte lantaarnpaal", documents, 3);

        Assert.Contains("Ziet u een kapotte lantaarnpaal? Daar meldt u via de website of de app.", answer, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(^|\] )Daar meldt", answer);
        Assert.Contains("Daar meldt u via de website of de app.", citations[0].Highlights);
        Assert.Contains("Ziet u een kapotte lantaarnpaal?", citations[0].Highlights);
    }

    [Fact]
    public void Build_DependentSentenceWithoutItsCondition_NotUsed()
    {
        var documents = new[]
        {
            Document("paspoort", "Paspoort aanvragen", "Dan vraagt u een nieuw paspoort aan bij de balie.\nEen paspoort aanvragen doet u altijd zelf in het stadhuis."),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("paspoort aanvragen balie", documents, 3);

        Assert.DoesNotContain("Dan vraagt u", answer, StringComparison.Ordinal);
        Assert.StartsWith("Een paspoort aanvragen doet u altijd zelf in het stadhuis.", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Rijbewijs kwijt of gestolen", true)]
    [InlineData("- Rijbewijs aanvragen of verlengen", true)]
    [InlineData("Document | Tarief | Geldigheidsduur", true)]
    [InlineData("Online aanvragen", true)]
    [InlineData("- Oosterwijk: vrijdag", false)]
    [InlineData("Melding klein evenement | gratis", false)]
    [InlineData("Paspoort 18 jaar en ouder | € 84,40 | 10 jaar", false)]
    [InlineData("U meldt een verlies bij de gemeente.", false)]
    public void IsStructure_Line_TellsHeadingsAndLinksFromFacts(string line, bool expected) =>
        Assert.Equal(expected, ExtractiveAnswerer.IsStructure(line));

    [Fact]
    public void Build_NavigationListMatchesTheQuestion_NeverAnAnswerSentence()
    {
        var documents = new[]
        {
            Document("burgerzaken", "Burgerzaken", "Rijbewijs\n- Rijbewijs aanvragen of verlengen\n- Rijbewijs kwijt of gestolen\n- Buitenlands rijbewijs omwisselen"),
            Document("kwijt", "Rijbewijs kwijt", "Bent u uw rijbewijs kwijt? U vraagt een vervangend rijbewijs aan bij de balie van het stadhuis."),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("rijbewijs kwijt of gestolen", documents, 3);

        Assert.DoesNotContain("Rijbewijs kwijt of gestolen", answer, StringComparison.Ordinal);
        Assert.Contains("U vraagt een vervangend rijbewijs aan", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_VacAsksTheQuestion_ItsAnswerLeads()
    {
        var documents = new[]
        {
            Document("web", "Afval", "Grofvuil laten ophalen kan op afspraak. De gemeente haalt grofvuil op bij uw huis. U zet grofvuil pas op de ophaaldag buiten."),
            Vac("vac", "Hoe laat ik grofvuil ophalen?", "U maakt online een afspraak en zet het grofvuil voor 7.30 uur aan de straat. Maximaal 2 kuub per keer."),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("hoe laat ik grofvuil ophalen", documents, 3);

        Assert.StartsWith("U maakt online een afspraak en zet het grofvuil voor 7.30 uur aan de straat. [2]", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_VacAboutSomethingElse_DoesNotLead()
    {
        var documents = new[]
        {
            Document("web", "Grofvuil", "U kunt grofvuil laten ophalen voor € 30,00 per ophaalbeurt."),
            Vac("vac", "Wanneer is de milieustraat open?", "De milieustraat is open op zaterdag van 9.00 tot 16.00 uur. Grofvuil kunt u daar gratis brengen."),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("wat kost grofvuil ophalen", documents, 3);

        Assert.StartsWith("U kunt grofvuil laten ophalen voor € 30,00", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PriceQuestion_GivesEveryPriceVariant()
    {
        var documents = new[]
        {
            Document("kosten", "Kosten paspoort", "Tarieven 2026\nDocument | Tarief | Geldigheidsduur\nPaspoort 18 jaar en ouder | € 84,40 | 10 jaar\nPaspoort jonger dan 18 jaar | € 61,80 | 5 jaar\nToeslag spoedaanvraag | € 57,20 | -", "Kosten"),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("wat kost een paspoort", documents, 3);

        Assert.Contains("Paspoort 18 jaar en ouder: tarief € 84,40; geldigheidsduur 10 jaar.", answer, StringComparison.Ordinal);
        Assert.Contains("Paspoort jonger dan 18 jaar: tarief € 61,80; geldigheidsduur 5 jaar.", answer, StringComparison.Ordinal);
        Assert.Contains("Toeslag spoedaanvraag: tarief € 57,20.", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Document | Tarief", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NotAPriceQuestion_NoExtraAmounts()
    {
        var documents = new[]
        {
            Document("kosten", "Paspoort", "Een paspoort is 10 jaar geldig voor volwassenen. Een paspoort kost € 84,40. Met spoed betaalt u € 57,20 extra. Een identiteitskaart kost € 80,10."),
        };

        var (answer, _) = new ExtractiveAnswerer().Build("hoe lang is een paspoort geldig", documents, 3);

        Assert.DoesNotContain("€ 80,10", answer, StringComparison.Ordinal);
    }
}
