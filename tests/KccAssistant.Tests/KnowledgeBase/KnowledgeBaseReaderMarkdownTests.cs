using KccAssistant.Documents;
using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Tests.KnowledgeBase;

public sealed class KnowledgeBaseReaderMarkdownTests : IDisposable
{
    private const string Article = """
        ---
        title: Afval scheiden
        id: md-afval-scheiden
        status: actief
        url: https://www.lindenhaven.nl/afval-scheiden
        trefwoorden:
          - afval
          - gft
        laatstGewijzigd: 2025-04-02
        vertrouwelijk: false
        ---
        # Afval scheiden

        In Lindenhaven scheidt u **gft**, papier en _plastic_. Zie de [afvalkalender](https://www.lindenhaven.nl/afvalkalender).

        ## Wat mag in de gft-container?

        Groente-, fruit- en tuinafval:

        * schillen
        * koffiedik en theezakjes
        * gras en bladeren

        ### Niet in de gft-container

        1. Luiers
        2. Kattenbakkorrels

        ## Grofvuil

        Grofvuil laat u ophalen. Dat kost ca. € 25,00 per keer.
        `Bel 14 0589` voor een afspraak.
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ReadAsync_MarkdownWithFrontMatter_SectionsFromHeadingsAsPlainText()
    {
        var path = _folder.Write("afval.md", Article);

        var document = Assert.Single((await new KnowledgeBaseReader(path).ReadAllAsync()).Documents());

        Assert.Equal(SourceType.Markdown, document.Type);
        Assert.Equal("md-afval-scheiden", document.Id);
        Assert.Equal("Afval scheiden", document.Title);
        Assert.Equal("https://www.lindenhaven.nl/afval-scheiden", document.Url);
        Assert.Equal(["afval", "gft"], document.Keywords);
        Assert.Equal(new DateTimeOffset(2025, 4, 2, 0, 0, 0, TimeSpan.Zero), document.LastModified);
        Assert.Equal(["", "Wat mag in de gft-container?", "Niet in de gft-container", "Grofvuil"], document.Sections.Select(s => s.Heading));
        Assert.Equal("In Lindenhaven scheidt u gft, papier en plastic. Zie de afvalkalender.", document.Sections[0].Text);
        Assert.Equal("Groente-, fruit- en tuinafval:\n\n- schillen\n- koffiedik en theezakjes\n- gras en bladeren", document.Sections[1].Text);
        Assert.Equal("- Luiers\n- Kattenbakkorrels", document.Sections[2].Text);
        Assert.Equal("Grofvuil laat u ophalen. Dat kost ca. € 25,00 per keer. Bel 14 0589 voor een afspraak.", document.Sections[3].Text);
        Assert.Equal("grofvuil", document.Sections[3].Anchor);
        Assert.DoesNotContain(document.Sections, s => s.Text.Contains('*', StringComparison.Ordinal) || s.Text.Contains('#', StringComparison.Ordinal) || s.Text.Contains("](", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_MarkdownWithoutFrontMatter_TitleFromHeadingIdFromPath()
    {
        _folder.Write("artikelen/openingstijden.md", "# Openingstijden\n\nHet stadhuis is open van 8.30 uur tot 17.00 uur.\n");

        var document = Assert.Single((await new KnowledgeBaseReader(_folder.Path).ReadAllAsync()).Documents());

        Assert.Equal("markdown:artikelen/openingstijden", document.Id);
        Assert.Equal("Openingstijden", document.Title);
        Assert.Equal("kennisbank:markdown/artikelen/openingstijden", document.Url);
        Assert.Equal("Het stadhuis is open van 8.30 uur tot 17.00 uur.", Assert.Single(document.Sections).Text);
    }

    [Theory]
    [InlineData("vertrouwelijk: true", SkipReason.Confidential)]
    [InlineData("openbaar: nee", SkipReason.Confidential)]
    [InlineData("status: concept", SkipReason.Inactive)]
    [InlineData("status: non-actief", SkipReason.Inactive)]
    public async Task ReadAsync_MarkdownNotForIndexing_Skipped(string frontMatterLine, SkipReason expected)
    {
        var path = _folder.Write("intern.md", $"---\ntitle: Werkinstructie\nid: wi-1\n{frontMatterLine}\n---\nTekst.\n");

        var skip = Assert.IsType<SkippedItem>(Assert.Single(await new KnowledgeBaseReader(path).ReadAllAsync()));

        Assert.Equal(expected, skip.Reason);
        Assert.Equal("wi-1", skip.Location);
    }

    [Fact]
    public async Task ReadAsync_MarkdownWithInvalidFrontMatter_FailedWithLine()
    {
        var path = _folder.Write("kapot.md", "---\ntitle: Kapot\ntrefwoorden: [a, b\n---\nTekst.\n");

        var skip = Assert.IsType<SkippedItem>(Assert.Single(await new KnowledgeBaseReader(path).ReadAllAsync()));

        Assert.Equal(SkipReason.Failed, skip.Reason);
        Assert.Equal(path, skip.Location);
        Assert.StartsWith("invalid front matter at line", skip.Detail, StringComparison.Ordinal);
    }
}
