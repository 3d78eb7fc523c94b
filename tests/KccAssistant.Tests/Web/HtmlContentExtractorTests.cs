using KccAssistant.Ingest.Web;

namespace KccAssistant.Tests.Web;

public class HtmlContentExtractorTests
{
    private static readonly Uri PageUrl = new("https://www.voorbeeldstad.nl/paspoort/aanvragen");

    private const string PassportPage = """
        <!DOCTYPE html>
        <html lang="nl">
        <head>
          <meta charset="utf-8">
          <title>Paspoort aanvragen | Gemeente Voorbeeldstad</title>
          <link rel="canonical" href="https://www.voorbeeldstad.nl/paspoort/aanvragen/">
          <meta name="description" content="Zo vraagt u een paspoort aan.">
          <meta name="DCTERMS.modified" content="2024-05-01T10:00:00+02:00">
          <style>.x { color: red }</style>
        </head>
        <body>
          <a class="skiplink" href="#main">Naar de hoofdinhoud</a>
          <div id="cookie-banner"><p>Deze website gebruikt cookies.</p><button>Accepteren</button></div>
          <header>
            <a href="/">Gemeente Voorbeeldstad</a>
            <nav><ul><li><a href="/afval">Afval en containers</a></li><li><a href="/parkeren">Parkeren</a></li></ul></nav>
          </header>
          <nav aria-label="Kruimelpad"><ol><li><a href="/">Home</a></li><li>Paspoort</li></ol></nav>
          <main id="main">
            <div class="breadcrumbs"><a href="/">Start</a> &gt; Burgerzaken</div>
            <h1>Paspoort aanvragen</h1>
            <p>U vraagt een paspoort aan bij de gemeente&nbsp;waar   u
               woont.</p>
            <h2 id="kosten">Kosten</h2>
            <table>
              <tr><th>Product</th><th>Prijs</th></tr>
              <tr><td>Paspoort 18+</td><td>&euro; 84,70</td></tr>
            </table>
            <h2>Wat neemt u mee?</h2>
            <ul>
              <li>Uw oude paspoort</li>
              <li>Een pasfoto <ul><li>niet ouder dan 6 maanden</li></ul></li>
            </ul>
            <h3>Spoedaanvraag</h3>
            <p>Heeft u het snel nodig?<br>Vraag dan een <strong>spoedprocedure</strong> aan.</p>
            <aside><h2>Zie ook</h2><a href="/id-kaart">ID-kaart</a></aside>
            <div class="related-content"><h2>Gerelateerde onderwerpen</h2><a href="/rijbewijs">Rijbewijs</a></div>
            <div class="share-buttons"><a href="https://facebook.com/sharer">Delen op Facebook</a></div>
            <form action="/zoeken"><label>Zoeken</label><input name="q"></form>
          </main>
          <footer><p>Bel 14 0555</p><a href="/privacy">Privacyverklaring</a></footer>
          <script>var geheim = "niet indexeren";</script>
        </body>
        </html>
        """;

    [Fact]
    public void Extract_MunicipalPage_DropsMenuFooterCookieBannerAndBreadcrumb()
    {
        var page = new HtmlContentExtractor().Extract(PassportPage, PageUrl);
        var text = string.Join("\n", page.Sections.Select(s => s.Heading + "\n" + s.Text));

        foreach (var furniture in new[]
                 {
                     "cookies", "Accepteren", "Afval en containers", "Parkeren", "Home", "Start", "Burgerzaken", "14 0555",
                     "Privacyverklaring", "Zie ook", "Gerelateerde", "Delen op Facebook", "Zoeken", "geheim", "hoofdinhoud", "color",
                 })
        {
            Assert.DoesNotContain(furniture, text, StringComparison.Ordinal);
        }

        Assert.Contains("U vraagt een paspoort aan bij de gemeente waar u woont.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_MunicipalPage_KeepsHeadingsAsSectionsWithAnchors()
    {
        var page = new HtmlContentExtractor().Extract(PassportPage, PageUrl);

        Assert.Equal("Paspoort aanvragen", page.Title);
        Assert.Collection(
            page.Sections,
            lead =>
            {
                Assert.Equal("", lead.Heading);
                Assert.Null(lead.Anchor);
                Assert.Equal("U vraagt een paspoort aan bij de gemeente waar u woont.", lead.Text);
            },
            costs =>
            {
                Assert.Equal("Kosten", costs.Heading);
                Assert.Equal("kosten", costs.Anchor);
                Assert.Equal("Product | Prijs\nPaspoort 18+ | € 84,70", costs.Text);
            },
            bring =>
            {
                Assert.Equal("Wat neemt u mee?", bring.Heading);
                Assert.Equal("wat-neemt-u-mee", bring.Anchor);
                Assert.Equal("- Uw oude paspoort\n- Een pasfoto\n- niet ouder dan 6 maanden", bring.Text);
            },
            urgent =>
            {
                Assert.Equal("Spoedaanvraag", urgent.Heading);
                Assert.Equal("spoedaanvraag", urgent.Anchor);
                Assert.Equal("Heeft u het snel nodig?\nVraag dan een spoedprocedure aan.", urgent.Text);
            });
    }

    [Fact]
    public void Extract_CookieStatementPage_CookieTableKeptBannerDropped()
    {
        const string html = """
            <html><body class="page page-cookies">
            <div class="cookie-banner"><p>Wij gebruiken cookies.</p></div>
            <div id="cookiebar"><p>Deze site gebruikt cookies.</p></div>
            <div class="cookies-notice-wrapper"><p>Cookiemelding tekst.</p></div>
            <section class="cookie-settings"><p>Kies uw instellingen.</p><button>Opslaan</button></section>
            <main><h1>Cookieverklaring</h1>
            <p class="cookie-intro">Op deze website gebruiken wij cookies.</p>
            <table class="cookies"><tr><th>Naam</th><th>Doel</th></tr><tr><td>lh_consent</td><td>onthoudt uw keuze</td></tr></table>
            </main></body></html>
            """;

        var page = new HtmlContentExtractor().Extract(html, PageUrl);

        Assert.Equal("Op deze website gebruiken wij cookies.\n\nNaam | Doel\nlh_consent | onthoudt uw keuze", Assert.Single(page.Sections).Text);
    }

    [Fact]
    public void Extract_Metadata_CanonicalDescriptionAndLastModified()
    {
        var page = new HtmlContentExtractor().Extract(PassportPage, PageUrl);

        Assert.Equal("https://www.voorbeeldstad.nl/paspoort/aanvragen", page.CanonicalUrl);
        Assert.False(page.CanonicalIsRelative);
        Assert.Equal("Zo vraagt u een paspoort aan.", page.Description);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), page.LastModified);
        Assert.False(page.NoIndex);
        Assert.False(page.NoFollow);
    }

    [Fact]
    public void Extract_NoPageDate_UsesLastModifiedHeader()
    {
        var page = new HtmlContentExtractor().Extract(
            "<html><head><meta property=\"article:modified_time\" content=\"2023-02-03T04:05:06Z\"></head><body><main><p>Tekst</p></main></body></html>",
            PageUrl,
            "Wed, 21 Oct 2015 07:28:00 GMT");
        var headerOnly = new HtmlContentExtractor().Extract("<html><body><main><p>Tekst</p></main></body></html>", PageUrl, "Wed, 21 Oct 2015 07:28:00 GMT");

        Assert.Equal(new DateTimeOffset(2023, 2, 3, 4, 5, 6, TimeSpan.Zero), page.LastModified);
        Assert.Equal(new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.Zero), headerOnly.LastModified);
    }

    [Fact]
    public void Extract_Links_AbsoluteNormalisedAndNofollowLeftOut()
    {
        const string html = """
            <html><head><base href="https://www.voorbeeldstad.nl/nieuws/"></head><body>
            <nav><a href="/afval/">Afval</a></nav>
            <main>
              <p><a href="artikel-1?utm_source=x#top">Artikel</a> <a href="https://other.example.org/x">Extern</a>
              <a href="/geheim" rel="nofollow">Niet volgen</a> <a href="mailto:info@voorbeeldstad.nl">Mail</a>
              <a href="tel:140555">Bel</a> <a href="javascript:void(0)">JS</a> <a href="#kosten">Anker</a></p>
            </main></body></html>
            """;

        var page = new HtmlContentExtractor().Extract(html, PageUrl);

        Assert.Equal(
            [
                "https://www.voorbeeldstad.nl/afval",
                "https://www.voorbeeldstad.nl/nieuws/artikel-1",
                "https://other.example.org/x",
                "https://www.voorbeeldstad.nl/nieuws",
            ],
            page.Links);
    }

    [Fact]
    public void Extract_MetaRobotsNoindexNofollow_FlagsSetAndNoLinks()
    {
        var page = new HtmlContentExtractor().Extract(
            "<html><head><meta name=\"ROBOTS\" content=\"NoIndex, NoFollow\"></head><body><main><p><a href=\"/a\">A</a> tekst</p></main></body></html>",
            PageUrl);
        var none = new HtmlContentExtractor().Extract(
            "<html><head><meta name=\"robots\" content=\"none\"></head><body><main><p>tekst</p></main></body></html>", PageUrl);

        Assert.True(page.NoIndex);
        Assert.True(page.NoFollow);
        Assert.Empty(page.Links);
        Assert.True(none.NoIndex && none.NoFollow);
    }

    [Fact]
    public void Extract_NoMainElement_FallsBackToTextDensity()
    {
        const string html = """
            <html><head><title>Afvalkalender - Gemeente Voorbeeldstad</title></head><body>
            <div id="top"><a href="/">Logo</a> <a href="/a">Wonen</a> <a href="/b">Werken</a> <a href="/c">Bestuur</a></div>
            <div class="wrapper">
              <div class="links"><ul><li><a href="/x">Paspoort</a></li><li><a href="/y">Rijbewijs</a></li><li><a href="/z">Verhuizen</a></li></ul></div>
              <div class="text">
                <h1>Afvalkalender</h1>
                <p>De gemeente haalt het afval op vaste dagen op. Zet uw container op de ophaaldag voor 07.30 uur aan de straat, met de handgreep naar de weg.</p>
                <h2>Groene container</h2>
                <p>In de groene container gaan groente-, fruit- en tuinafval, etensresten en kleine snoeiresten. Grote takken brengt u naar de milieustraat.</p>
              </div>
            </div>
            <div class="bottom">Copyright 2024 Gemeente Voorbeeldstad, alle rechten voorbehouden.</div>
            </body></html>
            """;

        var page = new HtmlContentExtractor().Extract(html, PageUrl);
        var text = string.Join("\n", page.Sections.Select(s => s.Heading + "\n" + s.Text));

        Assert.Equal("Afvalkalender", page.Title);
        Assert.Equal(["", "Groene container"], page.Sections.Select(s => s.Heading));
        Assert.StartsWith("De gemeente haalt het afval op", page.Sections[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Rijbewijs", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bestuur", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Paspoort aanvragen | Gemeente Voorbeeldstad", "Paspoort aanvragen")]
    [InlineData("Afval | Containers | Gemeente Voorbeeldstad", "Afval | Containers")]
    [InlineData("Verhuizen - Gemeente Voorbeeldstad", "Verhuizen")]
    [InlineData("Verhuizen", "Verhuizen")]
    public void Extract_NoH1_TitleFromTitleElementWithoutSiteSuffix(string title, string expected)
    {
        var page = new HtmlContentExtractor().Extract($"<html><head><title>{title}</title></head><body><main><p>Tekst</p></main></body></html>", PageUrl);

        Assert.Equal(expected, page.Title);
    }

    [Fact]
    public void Extract_LogoH1InPageHeader_NotTakenAsTitle()
    {
        const string html = """
            <html><head><title>Parkeervergunning | Gemeente Voorbeeldstad</title></head><body>
            <header><h1><a href="/">Gemeente Voorbeeldstad</a></h1></header>
            <main><p>Een parkeervergunning vraagt u online aan.</p></main></body></html>
            """;

        var page = new HtmlContentExtractor().Extract(html, PageUrl);

        Assert.Equal("Parkeervergunning", page.Title);
    }

    [Fact]
    public void Extract_HeadingWithoutId_SlugAnchorsAreUniqueAndFolded()
    {
        const string html = """
            <html><body><main><h1>T</h1>
            <h2>Één aanvraag</h2><p>a</p>
            <h2>Één aanvraag</h2><p>b</p>
            <h2><a id="bezwaar"></a>Bezwaar maken</h2><p>c</p>
            <h2>Leeg</h2>
            <h3>Daarna</h3><p>d</p>
            </main></body></html>
            """;

        var page = new HtmlContentExtractor().Extract(html, PageUrl);

        Assert.Equal(["een-aanvraag", "een-aanvraag-2", "bezwaar", "daarna"], page.Sections.Select(s => s.Anchor));
    }

    [Fact]
    public void Extract_HiddenElementsAndEntities_HiddenDroppedEntitiesDecoded()
    {
        const string html = """
            <html><body><main><h1>Kosten &amp; betalen</h1>
            <p>Prijs:&#160;&euro;&nbsp;12,50 &ndash; pinnen of contant.</p>
            <p hidden>Verborgen tekst</p><div style="display: none">Ook verborgen</div><span aria-hidden="true">Icoon</span>
            <dl><dt>Levertijd</dt><dd>5 werkdagen</dd></dl>
            </main></body></html>
            """;

        var page = new HtmlContentExtractor().Extract(html, PageUrl);

        Assert.Equal("Kosten & betalen", page.Title);
        Assert.Equal("Prijs: € 12,50 – pinnen of contant.\n\nLevertijd\n\n5 werkdagen", Assert.Single(page.Sections).Text);
    }

    [Fact]
    public void ToDocument_Page_WebsiteDocumentUnderGivenUrl()
    {
        var page = new HtmlContentExtractor().Extract(PassportPage, PageUrl);

        var document = page.ToDocument("website", "https://www.voorbeeldstad.nl/paspoort/aanvragen", "\"v1\"", "Wed, 21 Oct 2015 07:28:00 GMT");

        Assert.Equal("https://www.voorbeeldstad.nl/paspoort/aanvragen", document.Id);
        Assert.Equal(document.Id, document.Url);
        Assert.Equal(Documents.SourceType.Website, document.Type);
        Assert.Equal("website", document.SourceName);
        Assert.Equal("\"v1\"", document.ETag);
        Assert.Equal("Wed, 21 Oct 2015 07:28:00 GMT", document.HttpLastModified);
        Assert.Equal(page.LastModified, document.LastModified);
    }
}
