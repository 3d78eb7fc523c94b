using Bunit;
using KccAssistant.Answering;
using KccAssistant.Documents;
using KccAssistant.Web.Components.Ask;

namespace KccAssistant.Tests.Components;

/// <summary>
/// <see cref="CitationCard"/> rendered by bUnit: the markup an agent clicks during a call, without a browser or a server.
/// </summary>
public sealed class CitationCardBunitTests : BunitContext
{
    private static Citation Passport(
        SourceType type = SourceType.Website,
        string url = "https://www.gemeente.nl/paspoort",
        string title = "Paspoort aanvragen",
        string section = "Meenemen",
        string snippet = "U vraagt een paspoort aan bij de balie. Neem een pasfoto mee.",
        IReadOnlyList<string>? highlights = null,
        DateTimeOffset? modified = null) =>
        new(2, title, url, snippet, highlights ?? ["Neem een pasfoto mee."], type, section,
            modified ?? new DateTimeOffset(2025, 3, 4, 10, 0, 0, TimeSpan.FromHours(1)), "web:paspoort", 0.8);

    private IRenderedComponent<CitationCard> RenderCard(Citation citation) =>
        Render<CitationCard>(p => p.Add(c => c.Citation, citation));

    [Fact]
    public void Render_WebsiteCitation_TitleOpensStoredCopyAtQuoteInNewTabWithOpener()
    {
        var card = RenderCard(Passport());

        var item = card.Find("li.citation");
        Assert.Equal("cite-2", item.Id);
        Assert.Equal("[2]", card.Find(".citation-number").TextContent);
        var title = card.Find("a.citation-title");
        Assert.Equal("Paspoort aanvragen", title.TextContent);
        // The stored copy, never the source's own URL: the same link for every kind of source.
        Assert.Equal("bron/web%3Apaspoort?q=Neem%20een%20pasfoto%20mee.", title.GetAttribute("href"));
        Assert.Equal("_blank", title.GetAttribute("target"));
        Assert.Equal("opener", title.GetAttribute("rel"));
    }

    [Theory]
    [InlineData(SourceType.Website, "Website")]
    [InlineData(SourceType.Rijksoverheid, "Rijksoverheid.nl")]
    [InlineData(SourceType.Vac, "Kennisbank · VAC")]
    [InlineData(SourceType.Kennisartikel, "Kennisbank · artikel")]
    [InlineData(SourceType.Markdown, "Kennisbank · artikel")]
    public void Render_SourceType_ShowsDutchLabel(SourceType type, string label)
    {
        var card = RenderCard(Passport(type: type));

        Assert.Equal(label, card.Find(".source-type").TextContent);
        Assert.Equal(type.ToString(), card.Find("li.citation").GetAttribute("data-source-type"));
    }

    [Fact]
    public void Render_SectionDiffersFromTitle_ShowsOnderdeel()
    {
        var card = RenderCard(Passport(section: "Meenemen"));

        Assert.Equal("Onderdeel: Meenemen", card.Find(".citation-section").TextContent);
    }

    [Theory]
    [InlineData("Paspoort aanvragen")]
    [InlineData("")]
    [InlineData("   ")]
    public void Render_SectionSameAsTitleOrEmpty_NoOnderdeel(string section)
    {
        var card = RenderCard(Passport(section: section));

        Assert.Empty(card.FindAll(".citation-section"));
        Assert.DoesNotContain("Onderdeel", card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LastModified_ShowsDutchDate()
    {
        var card = RenderCard(Passport(modified: new DateTimeOffset(2025, 3, 4, 23, 30, 0, TimeSpan.FromHours(1))));

        Assert.Equal("Bijgewerkt 4 maart 2025", card.Find(".citation-date").TextContent);
    }

    [Fact]
    public void Render_NoLastModified_NoDate()
    {
        var card = RenderCard(Passport() with { LastModified = null });

        Assert.Empty(card.FindAll(".citation-date"));
        Assert.DoesNotContain("Bijgewerkt", card.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SourceType.Website, "https://www.gemeente.nl/paspoort")]
    [InlineData(SourceType.Website, "http://www.gemeente.nl/paspoort")]
    [InlineData(SourceType.Rijksoverheid, "https://www.rijksoverheid.nl/onderwerpen/paspoort")]
    public void Render_PublicWebPage_LinksOriginalPage(SourceType type, string url)
    {
        var card = RenderCard(Passport(type: type, url: url));

        var original = card.Find("a.citation-original");
        Assert.Equal(url, original.GetAttribute("href"));
        Assert.Equal("_blank", original.GetAttribute("target"));
        Assert.Equal("noopener noreferrer", original.GetAttribute("rel"));
        Assert.Equal("Originele pagina van Paspoort aanvragen", original.TextContent);
    }

    [Theory]
    // Knowledge-base items: their address is an internal Objecten API address, not a page an agent can open.
    [InlineData(SourceType.Vac, "https://objecten.gemeente.nl/api/v2/objects/4f1c")]
    [InlineData(SourceType.Kennisartikel, "https://objecten.gemeente.nl/api/v2/objects/9a0b")]
    [InlineData(SourceType.Markdown, "kennisbank:markdown/paspoort.md")]
    [InlineData(SourceType.Vac, "kennisbank:vac/4f1c")]
    // Public kinds with an unsafe or non-absolute address.
    [InlineData(SourceType.Website, "javascript:alert(1)")]
    [InlineData(SourceType.Website, "//evil.example/paspoort")]
    [InlineData(SourceType.Rijksoverheid, "data:text/html,<script>alert(1)</script>")]
    [InlineData(SourceType.Website, "/paspoort")]
    public void Render_NotAPublicWebPage_NoOriginalPageAndUrlNowhereInMarkup(SourceType type, string url)
    {
        var card = RenderCard(Passport(type: type, url: url));

        Assert.Empty(card.FindAll("a.citation-original"));
        Assert.DoesNotContain("Originele pagina", card.Markup, StringComparison.Ordinal);
        Assert.All(card.FindAll("a"), a => Assert.StartsWith("bron/", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Highlights_MarksSupportingSentenceInSnippet()
    {
        var card = RenderCard(Passport());

        var snippet = card.Find(".citation-snippet");
        var mark = Assert.Single(snippet.QuerySelectorAll("mark"));
        Assert.Equal("Neem een pasfoto mee.", mark.TextContent);
        Assert.Equal("U vraagt een paspoort aan bij de balie. Neem een pasfoto mee.", snippet.TextContent);
    }

    [Fact]
    public void Render_HtmlInSnippetAndHighlight_EncodedNotInjected()
    {
        var card = RenderCard(Passport(
            title: "<img src=x onerror=alert(1)>Paspoort",
            snippet: "<script>alert(1)</script> Neem <b>een</b> pasfoto mee.",
            highlights: ["Neem <b>een</b> pasfoto mee."]));

        var snippet = card.Find(".citation-snippet");
        Assert.Empty(snippet.QuerySelectorAll("script, b"));
        Assert.Equal("<script>alert(1)</script> Neem <b>een</b> pasfoto mee.", snippet.TextContent);
        Assert.Equal("Neem <b>een</b> pasfoto mee.", Assert.Single(snippet.QuerySelectorAll("mark")).TextContent);
        Assert.Empty(card.FindAll("img, script"));
        Assert.Equal("<img src=x onerror=alert(1)>Paspoort", card.Find("a.citation-title").TextContent);
    }
}
