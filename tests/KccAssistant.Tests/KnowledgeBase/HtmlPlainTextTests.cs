using KccAssistant.Ingest.KnowledgeBase;

namespace KccAssistant.Tests.KnowledgeBase;

public sealed class HtmlPlainTextTests
{
    [Fact]
    public void Convert_ParagraphsAndLists_BlankLinesBetweenParagraphsDashesForItems()
    {
        var text = HtmlPlainText.Convert("<p>Neem mee:</p>\n<ul>\n <li>uw paspoort;</li>\n <li>een pasfoto.</li>\n</ul>\n<p>Klaar.</p>");

        Assert.Equal("Neem mee:\n\n- uw paspoort;\n- een pasfoto.\n\nKlaar.", text);
    }

    [Fact]
    public void Convert_EntitiesAndNbsp_DecodedAndNormalised()
    {
        var text = HtmlPlainText.Convert("<p>Kosten:&nbsp;&euro;&nbsp;84,40 &amp; leges &#8211; t/m 31&nbsp;dec.\u00A0 &lt;geen&gt;</p>");

        Assert.Equal("Kosten: € 84,40 & leges – t/m 31 dec. <geen>", text);
    }

    [Fact]
    public void Convert_WhitespaceAndInlineMarkup_Collapsed()
    {
        var text = HtmlPlainText.Convert("<div>\n   Het   <strong>stadhuis</strong>\n\t is <a href=\"/open\">open</a>   .\n</div>");

        Assert.Equal("Het stadhuis is open .", text);
    }

    [Fact]
    public void Convert_NestedListsLineBreaksAndTables_KeepStructure()
    {
        var html = "<ol><li>Stap een<ul><li>detail</li></ul></li><li>Stap twee</li></ol>"
            + "<p>Regel een<br/>Regel twee</p>"
            + "<table><tr><th>Product</th><th>Prijs</th></tr><tr><td>Paspoort</td><td>€ 84,40</td></tr></table>";

        var text = HtmlPlainText.Convert(html);

        Assert.Equal("- Stap een\n  - detail\n- Stap twee\n\nRegel een\nRegel twee\n\nProduct | Prijs\nPaspoort | € 84,40", text);
    }

    [Fact]
    public void Convert_ScriptsStylesAndComments_Dropped()
    {
        var text = HtmlPlainText.Convert("<style>p{}</style><p>Zichtbaar<!-- INTERN: verborgen --></p><script>alert(1)</script>");

        Assert.Equal("Zichtbaar", text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<p> </p>")]
    public void Convert_Blank_Empty(string? html)
    {
        Assert.Equal("", HtmlPlainText.Convert(html));
    }
}
