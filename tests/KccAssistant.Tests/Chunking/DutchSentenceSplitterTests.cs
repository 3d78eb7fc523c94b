using KccAssistant.Text;

namespace KccAssistant.Tests.Chunking;

public sealed class DutchSentenceSplitterTests
{
    private static IReadOnlyList<string> Split(string text) => DutchSentenceSplitter.Default.Split(text);

    [Fact]
    public void Split_AbbreviationsAmountsAndTimes_StayInOneSentence()
    {
        var sentences = Split(
            "U kunt o.a. een paspoort, bijv. voor een reis, ca. 5 werkdagen na de aanvraag ophalen. Een paspoort kost € 84,40. "
            + "Het loket is open van 8.30 uur t/m 17.00 uur. Zie nr. 12 van de lijst. Schrijf t.a.v. dhr. Jansen, z.s.m. graag.");

        Assert.Equal(
        [
            "U kunt o.a. een paspoort, bijv. voor een reis, ca. 5 werkdagen na de aanvraag ophalen.",
            "Een paspoort kost € 84,40.",
            "Het loket is open van 8.30 uur t/m 17.00 uur.",
            "Zie nr. 12 van de lijst.",
            "Schrijf t.a.v. dhr. Jansen, z.s.m. graag.",
        ], sentences);
    }

    [Fact]
    public void Split_AbbreviationFollowedByName_NotSplit()
    {
        Assert.Single(Split("Neem contact op met o.a. Burgerzaken of bijv. Team Belastingen."));
        Assert.Single(Split("Dit regelt mevr. De Vries van de afdeling."));
        Assert.Single(Split("Dit regelt J. de Vries van de afdeling."));
    }

    [Fact]
    public void Split_QuestionsExclamationsAndQuotes_Split()
    {
        var sentences = Split("Bent u uw paspoort kwijt? Doe dan aangifte! Hij zei: \"Kom morgen terug.\" Daarna ging hij naar huis...  Echt.");

        Assert.Equal(["Bent u uw paspoort kwijt?", "Doe dan aangifte!", "Hij zei: \"Kom morgen terug.\"", "Daarna ging hij naar huis...", "Echt."], sentences);
    }

    [Fact]
    public void Split_EnzAtEndBeforeCapital_Splits()
    {
        Assert.Equal(["Neem uw paspoort, rijbewijs enz. mee.", "Dan bent u klaar."], Split("Neem uw paspoort, rijbewijs enz. mee. Dan bent u klaar."));
        Assert.Equal(["Neem paspoort, rijbewijs enz.", "Dan bent u klaar."], Split("Neem paspoort, rijbewijs enz. Dan bent u klaar."));
    }

    [Fact]
    public void Split_MonthAbbreviation_OnlyBeforeDigitKeepsSentence()
    {
        Assert.Single(Split("De aanvraag moet voor 1 jan. 2026 binnen zijn."));
        Assert.Equal(2, Split("Mijn collega heet Jan. Hij helpt u verder.").Count);
    }

    [Fact]
    public void Split_ListLinesAndNumberedSteps_EachItemOwnSentence()
    {
        var sentences = Split("Neem mee:\n- uw paspoort\n- een pasfoto\n\n1. Ga naar de website.\n2. Log in met DigiD.");

        Assert.Equal(["Neem mee:", "- uw paspoort", "- een pasfoto", "1. Ga naar de website.", "2. Log in met DigiD."], sentences);
    }

    [Fact]
    public void Split_SoftLineBreakInRunningText_JoinsSentence()
    {
        Assert.Single(Split("Het stadhuis is open\nvan maandag tot en met vrijdag."));
    }

    [Fact]
    public void Split_UrlsAndDomainNames_NotSplit()
    {
        Assert.Equal(["Kijk op www.lindenhaven.nl/afval voor de kalender.", "Of bel 14 0589."], Split("Kijk op www.lindenhaven.nl/afval voor de kalender. Of bel 14 0589."));
    }

    [Fact]
    public void SplitRanges_PointIntoOriginalText()
    {
        const string text = "  Eerste zin.   Tweede zin?  ";

        var ranges = DutchSentenceSplitter.Default.SplitRanges(text);

        Assert.Equal(["Eerste zin.", "Tweede zin?"], ranges.Select(r => text[r]));
        Assert.Equal(2, ranges[0].Start.Value);
    }

    [Fact]
    public void Split_ExtraAbbreviation_Respected()
    {
        var splitter = new DutchSentenceSplitter(["wmo."]);

        Assert.Single(splitter.Split("Vraag een voorziening aan via het wmo. Loket in het stadhuis."));
        Assert.Equal(2, Split("Vraag een voorziening aan via het wmo. Loket in het stadhuis.").Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    public void Split_Blank_Empty(string text)
    {
        Assert.Empty(Split(text));
    }
}
