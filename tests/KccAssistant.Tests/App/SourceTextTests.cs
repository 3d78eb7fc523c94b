using KccAssistant.Answering;
using KccAssistant.Documents;
using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Web.Components;

namespace KccAssistant.Tests.App;

/// <summary>Stored text back into lists and tables, and finding and marking the cited passage on /bron.</summary>
public sealed class SourceTextTests
{
    [Fact]
    public void Parse_KnowledgeBaseHtml_KeepsParagraphsNestedListsAndTables()
    {
        // The text exactly as ingest stores it, from the knowledge-base extractor.
        var stored = HtmlPlainText.Convert("""
            <p>Neem mee:</p>
            <ul><li>een pasfoto</li><li>uw oude paspoort<ul><li>ook als het verlopen is</li></ul></li></ul>
            <table><tr><th>Leeftijd</th><th>Prijs</th></tr><tr><td>18 jaar en ouder</td><td>€ 84,70</td></tr></table>
            <p>Klaar.</p>
            """);

        var html = SourceText.ToHtml(SourceText.Parse(stored)).Value;

        Assert.Equal(
            "<p>Neem mee:</p><ul><li>een pasfoto</li><li>uw oude paspoort<ul><li>ook als het verlopen is</li></ul></li></ul>"
            + "<div class=\"table-responsive\"><table class=\"table table-sm table-bordered w-auto bron-tabel\"><tbody><tr><td>Leeftijd</td><td>Prijs</td></tr>"
            + "<tr><td>18 jaar en ouder</td><td>&#x20AC; 84,70</td></tr></tbody></table></div><p>Klaar.</p>",
            html);
    }

    [Fact]
    public void Parse_PlainTextBulletsAndNumbers_BecomeLists()
    {
        var blocks = SourceText.Parse("Stappen:\n1. Maak een afspraak\n2. Kom langs\n\n• groen\n• grijs");

        Assert.IsType<ParagraphBlock>(blocks[0]);
        var numbered = Assert.IsType<ListBlock>(blocks[1]);
        Assert.True(numbered.Ordered);
        Assert.Equal(["Maak een afspraak", "Kom langs"], numbered.Items.Select(i => i.Lines[0]));
        var bullets = Assert.IsType<ListBlock>(blocks[2]);
        Assert.False(bullets.Ordered);
        Assert.Equal(["groen", "grijs"], bullets.Items.Select(i => i.Lines[0]));
    }

    [Fact]
    public void Parse_IndentedLineAfterItem_ContinuesThatItem()
    {
        var list = Assert.IsType<ListBlock>(Assert.Single(SourceText.Parse("- Eerste punt\n  met een tweede alinea\n- Tweede punt")));

        Assert.Equal(["Eerste punt", "met een tweede alinea"], list.Items[0].Lines);
        Assert.Equal(2, list.Items.Count);
    }

    [Fact]
    public void ToHtml_SourceTextWithMarkup_IsEncoded()
    {
        var html = SourceText.ToHtml(SourceText.Parse("- <script>alert(1)</script>\n<b>vet</b> | <i>cel</i>")).Value;

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2", null, 2)]
    [InlineData("doc#1", null, 1)]
    [InlineData("9", "Kom op tijd naar de balie.", 1)]
    [InlineData(null, "… Kom op tijd naar de balie. …", 1)]
    [InlineData(null, "Kom   op tijd\nnaar de balie.", 1)]
    [InlineData(null, "balie tijd kom op", 1)]
    [InlineData(null, "iets heel anders over afval", null)]
    [InlineData(null, null, null)]
    public void Find_PassageOrQuote_IsTheCitedChunk(string? passage, string? quote, int? expected)
    {
        Chunk[] chunks = [Chunk(0, "Maak een afspraak via de website."), Chunk(1, "Neem een pasfoto mee.\nKom op tijd naar de balie."), Chunk(2, "Betaal met pin.")];

        Assert.Equal(expected, SourcePassage.Find(chunks, passage, quote));
    }

    [Fact]
    public void Marker_QuoteInPassage_MarksOnlyTheQuote()
    {
        var mark = SourcePassage.Marker("Neem een pasfoto mee. Kom op tijd.", "Kom op tijd.");

        Assert.Equal("Neem een pasfoto mee. <mark>Kom op tijd.</mark>", mark("Neem een pasfoto mee. Kom op tijd."));
    }

    [Fact]
    public void Marker_QuoteSpanningListItems_MarksEachItemWhole()
    {
        const string text = "Neem mee:\n- een pasfoto\n- uw oude paspoort";
        var mark = SourcePassage.Marker(text, "een pasfoto - uw oude paspoort");

        Assert.Equal("Neem mee:", mark("Neem mee:"));
        Assert.Equal("<mark>een pasfoto</mark>", mark("een pasfoto"));
        Assert.Equal("<mark>uw oude paspoort</mark>", mark("uw oude paspoort"));
    }

    [Fact]
    public void Marker_NoQuote_MarksTheWholePassageEncoded()
    {
        Assert.Equal("<mark>a &lt; b</mark>", SourcePassage.Marker("a < b", null)("a < b"));
    }

    [Fact]
    public void WithoutOverlap_RepeatedSentence_IsShownOnce()
    {
        const string previous = "Eerste zin van de alinea. Tweede zin die herhaald wordt.";

        Assert.Equal("Derde zin.", SourcePassage.WithoutOverlap(previous, "Tweede zin die herhaald wordt. Derde zin."));
        Assert.Equal("Iets anders. Derde zin.", SourcePassage.WithoutOverlap(previous, "Iets anders. Derde zin."));
    }

    [Fact]
    public void Link_Citation_OpensTheStoredCopyAtItsFirstSupportingSentence()
    {
        var citation = new Citation(1, "Paspoort", "https://example.nl/paspoort", "… Neem een pasfoto mee. Kom op tijd & op afspraak. …",
            ["Kom op tijd & op afspraak."], SourceType.Website, "", null, "doc/1", 1);

        Assert.Equal("bron/doc%2F1?q=Kom%20op%20tijd%20%26%20op%20afspraak.", SourcePassage.Link(citation));
        Assert.Equal("bron/doc%2F1?q=Neem%20een%20pasfoto%20mee.", SourcePassage.Link(citation with { Highlights = [], Snippet = "… Neem een pasfoto mee. …" }));
        Assert.Equal("bron/doc%2F1?passage=3", SourcePassage.Link("doc/1", null, 3));
    }

    private static Chunk Chunk(int ordinal, string text) => new()
    {
        Id = $"doc#{ordinal}",
        DocumentId = "doc",
        Ordinal = ordinal,
        SourceName = "kennisbank",
        SourceType = SourceType.Vac,
        Title = "Paspoort",
        Url = "https://example.nl/paspoort",
        Text = text,
    };
}
