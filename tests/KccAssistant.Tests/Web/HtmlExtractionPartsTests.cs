using HtmlAgilityPack;
using KccAssistant.Ingest.Web;

namespace KccAssistant.Tests.Web;

/// <summary>The three jobs of <see cref="HtmlContentExtractor"/>, each on its own.</summary>
public class HtmlExtractionPartsTests
{
    private static HtmlNode Parse(string html)
    {
        var document = new HtmlDocument();
        document.LoadHtml(html);
        return document.DocumentNode;
    }

    [Fact]
    public void HtmlPageMetadata_HeadAndLinks_CanonicalDatesAndFollowableLinks()
    {
        var root = Parse("""
            <html><head><base href="/site/"><link rel="canonical" href="paspoort"><meta name="dcterms.modified" content="2026-03-01"></head>
            <body><a href="tarieven.pdf">Tarieven</a><a rel="nofollow" href="/inloggen">Inloggen</a><a href="javascript:void(0)">x</a></body></html>
            """);
        var baseUrl = HtmlPageMetadata.ResolveBaseUrl(root, new Uri("https://www.voorbeeldstad.nl/a/b"));

        var (canonical, relative, unusable) = HtmlPageMetadata.FindCanonical(root, baseUrl);

        Assert.Equal("https://www.voorbeeldstad.nl/site/", baseUrl.AbsoluteUri);
        Assert.Equal("https://www.voorbeeldstad.nl/site/paspoort", canonical);
        Assert.True(relative);
        Assert.Null(unusable);
        Assert.Equal(["https://www.voorbeeldstad.nl/site/tarieven.pdf"], HtmlPageMetadata.ExtractLinks(root, baseUrl));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), HtmlPageMetadata.ParseDate(HtmlPageMetadata.MetaContent([.. root.Descendants("meta")], "dcterms.modified")));
    }

    [Fact]
    public void MainContentLocator_PageWithFurniture_MainWithoutMenusBannersOrBreadcrumbs()
    {
        var body = Parse("""
            <body><div id="cookie-consent"><p>Wij gebruiken cookies.</p><button>Akkoord</button></div>
            <nav><a href="/">Home</a></nav>
            <main><nav class="breadcrumb"><a href="/">Home</a></nav><h1>Afval</h1><p>Zo scheidt u uw afval.</p><div hidden>verborgen</div></main>
            <footer>Bel 14 0555</footer></body>
            """).Descendants("body").Single();

        var content = MainContentLocator.Locate(body);

        Assert.Equal("main", content.Name);
        var text = HtmlSectionWriter.InlineText(content);
        Assert.Equal("Afval Zo scheidt u uw afval.", text);
    }

    [Fact]
    public void MainContentLocator_ClosedAccordionPanels_KeptWhileHiddenMenusAndPopupsGo()
    {
        // A closed accordion hides the answer only until the resident opens it; a hidden mobile menu or pop-up is not
        // content. Each kind of panel is recognised on its own: the button's aria-controls, until-found, <dd>, a class.
        var body = Parse("""
            <body><main><h1>Rijbewijs</h1><p>Zo vraagt u een rijbewijs aan.</p>
            <button aria-expanded="false" aria-controls="p1">Kosten</button><div id="p1" hidden><p>Een rijbewijs kost 52 euro.</p></div>
            <div hidden="until-found"><p>U krijgt het na vijf werkdagen.</p></div>
            <dl><dt>Kwijt?</dt>
            <dd hidden>Doe eerst aangifte.</dd></dl>
            <div class="accordion__panel" hidden><p>Met spoed kan het ook.</p></div>
            <button aria-expanded="false" aria-controls="m">Menu</button><div id="m" class="mobile-menu" hidden><a href="/">Home</a></div>
            <div class="nieuwsbrief-popup" hidden><p>Meld u aan voor de nieuwsbrief.</p></div>
            <div hidden><p>Oude tekst die niet meer klopt.</p></div></main></body>
            """).Descendants("body").Single();

        var text = HtmlSectionWriter.InlineText(MainContentLocator.Locate(body));

        Assert.Equal(
            "Rijbewijs Zo vraagt u een rijbewijs aan. Een rijbewijs kost 52 euro. U krijgt het na vijf werkdagen. Kwijt? Doe eerst aangifte. Met spoed kan het ook.",
            text);
    }

    [Fact]
    public void HtmlSectionWriter_Content_SectionsWithListsAndTableRows()
    {
        var content = Parse("""
            <main><p>Inleiding.</p><h2 id="kosten">Kosten</h2><table><tr><th>Product</th><th>Tarief</th></tr><tr><td>Paspoort</td><td>84,40 euro</td></tr></table>
            <ul><li>Neem een pasfoto mee.</li><li>Betaal met pin.</li></ul></main>
            """).Descendants("main").Single();
        var writer = new HtmlSectionWriter(null);

        writer.Visit(content, 0);
        var sections = writer.Finish();

        Assert.Equal(["", "Kosten"], sections.Select(s => s.Heading));
        Assert.Equal("kosten", sections[1].Anchor);
        Assert.Equal("Product | Tarief\nPaspoort | 84,40 euro\n\n- Neem een pasfoto mee.\n- Betaal met pin.", sections[1].Text);
    }
}
