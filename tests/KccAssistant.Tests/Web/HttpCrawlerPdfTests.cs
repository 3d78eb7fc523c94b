using KccAssistant.Ingest.Gates;
using KccAssistant.Ingest.Pdf;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Web;
using KccAssistant.Tests.Pdf;
using Microsoft.AspNetCore.Http;
using static KccAssistant.Tests.Web.WebFixtures;

namespace KccAssistant.Tests.Web;

/// <summary>PDFs over real HTTP: good ones become documents with page citations; scans, huge and long ones are skipped with their reason.</summary>
public class HttpCrawlerPdfTests
{
    [Fact]
    public async Task ReadAsync_LinkedPdf_DocumentWithTitlePagesAndLinkingPageAsContext()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/haven"));
        server.MapHtml("/haven", LinkPage("Haven en passantenhaven", "/documenten/tarieven.pdf"));
        MapPdf(server, "/documenten/tarieven.pdf", SamplePdfs.Tarieventabel());

        var items = await CrawlPdfAsync(server);

        var pdf = Assert.Single(items.Documents(), d => d.Id == server.Abs("/documenten/tarieven.pdf"));
        Assert.Equal("Tarieventabel havengelden 2026 (pdf)", pdf.Title);
        Assert.Equal(["Haven en passantenhaven"], pdf.Keywords);
        Assert.Contains(pdf.Sections, s => s.Anchor == "page=2" && s.Text.Contains("Hijsen met de havenkraan, tot 3 ton | per keer | 65,00 euro", StringComparison.Ordinal));
        Assert.Empty(items.OfType<SkippedItem>());
    }

    [Fact]
    public async Task ReadAsync_ScannedPdf_SkippedWithoutTextLayer()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/scan.pdf"));
        MapPdf(server, "/scan.pdf", new PdfLayoutWriter("Aanvraagformulier").ScannedPage().Build());

        var items = await CrawlPdfAsync(server);

        var skipped = Assert.Single(items.Skipped(SkipReason.Failed));
        Assert.Equal(server.Abs("/scan.pdf"), skipped.Location);
        Assert.Equal("PDF without a text layer (scanned?)", skipped.Detail);
        Assert.Equal("pdf zonder tekstlaag (gescand document?): er is geen tekst uit te lezen", KccAssistant.Web.Components.Sources.IngestTexts.Detail(skipped.Detail));
    }

    [Fact]
    public async Task ReadAsync_PdfAboveMaxBytes_SkippedTooLarge()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/verordening.pdf"));
        var bytes = SamplePdfs.Havenverordening();
        MapPdf(server, "/verordening.pdf", bytes);

        var items = await CrawlPdfAsync(server, new PdfOptions { MaxBytes = 2048 });

        Assert.True(bytes.Length > 2048);
        var skipped = Assert.Single(items.Skipped(SkipReason.Failed));
        Assert.Equal("too large (more than 2048 bytes)", skipped.Detail);
        Assert.DoesNotContain(items.Documents(), d => d.Id.EndsWith(".pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_PdfWithMorePagesThanAllowed_Skipped()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/jaarverslag.pdf"));
        var writer = new PdfLayoutWriter("Jaarverslag");
        for (var page = 1; page <= 3; page++)
        {
            writer.Heading($"Hoofdstuk {page}").Paragraph($"Tekst van hoofdstuk {page} van het jaarverslag van de gemeente.").PageBreak();
        }

        MapPdf(server, "/jaarverslag.pdf", writer.Build());

        var items = await CrawlPdfAsync(server, new PdfOptions { MaxPages = 2 });

        Assert.Equal("PDF has 4 pages, more than Kcc:Pdf:MaxPages (2)", Assert.Single(items.Skipped(SkipReason.Failed)).Detail);
    }

    [Fact]
    public async Task ReadAsync_PdfWithNoIndexHeader_SkippedNoIndex()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/intern.pdf"));
        var bytes = SamplePdfs.FolderRegenwater();
        server.Map("/intern.pdf", async context =>
        {
            context.Response.Headers["X-Robots-Tag"] = "noindex";
            context.Response.ContentType = "application/pdf";
            await context.Response.Body.WriteAsync(bytes);
        });

        var items = await CrawlPdfAsync(server);

        Assert.Equal(server.Abs("/intern.pdf"), Assert.Single(items.Skipped(SkipReason.NoIndex)).Location);
    }

    [Fact]
    public async Task ReadAsync_PdfMarkedConfidential_SkippedConfidential()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/notitie.pdf"));
        MapPdf(server, "/notitie.pdf", new PdfLayoutWriter("Notitie").Paragraph("Vertrouwelijk").Heading("Notitie aan het college").Paragraph("Over de begroting van volgend jaar.").Build());

        var items = await CrawlPdfAsync(server);

        Assert.Equal("PDF marked 'Vertrouwelijk'", Assert.Single(items.Skipped(SkipReason.Confidential)).Detail);
    }

    [Fact]
    public async Task ReadAsync_PdfWithPersonalData_DocumentGateSkipsIt()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/besluit.pdf"));
        MapPdf(server, "/besluit.pdf", new PdfLayoutWriter("Besluit").Heading("Besluit op bezwaar")
            .Paragraph("Het bezwaar van de heer Jansen, burgerservicenummer 111222333, is ongegrond verklaard.").Build());

        var items = await CrawlPdfAsync(server);

        var pdf = Assert.Single(items.Documents(), d => d.Id == server.Abs("/besluit.pdf"));
        Assert.Equal(SkipReason.PersonalData, new DocumentGate().Check(pdf)?.Reason);
    }

    [Fact]
    public async Task ReadAsync_PdfReadingOff_SkippedAsUnsupportedWithoutRequest()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapHtml("/", LinkPage("Home", "/tarieven.pdf"));
        MapPdf(server, "/tarieven.pdf", SamplePdfs.Tarieventabel());

        var items = await CrawlPdfAsync(server, new PdfOptions { Enabled = false });

        Assert.Equal("unsupported content type (.pdf)", Assert.Single(items.Skipped(SkipReason.Failed)).Detail);
        Assert.Equal(0, server.CountPath("/tarieven.pdf"));
    }

    private static void MapPdf(TestWebServer server, string path, byte[] bytes) => server.Map(path, async context =>
    {
        context.Response.ContentType = "application/pdf";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    });

    private static async Task<List<IngestItem>> CrawlPdfAsync(TestWebServer server, PdfOptions? pdf = null)
    {
        var options = FastOptions();
        using var client = NewClient(options);
        var crawler = new HttpCrawler([server.Url("/")], options, client, pdf: new PdfTextExtractor(pdf ?? new PdfOptions()));
        return await ReadAllAsync(crawler);
    }
}
