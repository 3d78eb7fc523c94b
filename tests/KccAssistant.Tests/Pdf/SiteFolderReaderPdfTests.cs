using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Web;
using KccAssistant.Tests.Support;
using static KccAssistant.Tests.Web.WebFixtures;

namespace KccAssistant.Tests.Pdf;

public class SiteFolderReaderPdfTests
{
    [Fact]
    public async Task ReadAsync_SampleSite_PdfsAreDocumentsWithTheirLinkingPage()
    {
        var items = await ReadAllAsync(new SiteFolderReader(RepositoryPaths.Samples("website")));

        var pdfs = items.Documents().Where(d => d.Id.EndsWith(".pdf", StringComparison.Ordinal)).ToDictionary(d => d.Id);
        Assert.Equal(3, pdfs.Count);
        var tarieven = pdfs["https://www.lindenhaven.nl/documenten/tarieventabel-havengelden-2026.pdf"];
        Assert.Equal(["Haven en passantenhaven"], tarieven.Keywords);
        Assert.Equal(["Rioolheffing"], pdfs["https://www.lindenhaven.nl/documenten/folder-regenwater-opvangen.pdf"].Keywords);
        Assert.All(pdfs.Values, d => Assert.All(d.Sections, s => Assert.Matches("^page=[12]$", s.Anchor)));
        Assert.Empty(items.Skipped(SkipReason.Failed));
    }

    [Fact]
    public async Task ReadAsync_ScannedPdfInFolder_SkippedWithReason()
    {
        using var folder = new KccAssistant.Tests.KnowledgeBase.TempFolder();
        folder.Write("index.html", Page("Formulieren", "<p>Download het <a href=\"formulier.pdf\">aanvraagformulier</a>.</p>"));
        File.WriteAllBytes(Path.Combine(folder.Path, "formulier.pdf"), new PdfLayoutWriter("Formulier").ScannedPage().Build());

        var items = await ReadAllAsync(new SiteFolderReader(folder.Path, new Uri("https://www.voorbeeldstad.nl/")));

        var skipped = Assert.Single(items.Skipped(SkipReason.Failed));
        Assert.Equal("https://www.voorbeeldstad.nl/formulier.pdf", skipped.Location);
        Assert.Equal("PDF without a text layer (scanned?)", skipped.Detail);
        Assert.Single(items.Documents());
    }
}
