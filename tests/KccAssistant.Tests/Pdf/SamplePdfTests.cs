using KccAssistant.Ingest.Pdf;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Pdf;

/// <summary>The committed sample PDFs are what <see cref="SamplePdfs"/> generates, and read back as intended.</summary>
public class SamplePdfTests
{
    [Fact]
    public void SamplePdfs_Committed_SameBytesAsGenerator()
    {
        var folder = Path.Combine(RepositoryPaths.Samples("website"), SamplePdfs.Folder);
        var write = Environment.GetEnvironmentVariable("KCC_WRITE_SAMPLE_PDFS") == "1";
        foreach (var (name, generate) in SamplePdfs.All)
        {
            var bytes = generate();
            var path = Path.Combine(folder, name);
            if (write)
            {
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(path, bytes);
            }

            Assert.True(File.Exists(path), $"{path} is missing: run with KCC_WRITE_SAMPLE_PDFS=1");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{name} differs from its generator: run with KCC_WRITE_SAMPLE_PDFS=1");
        }
    }

    [Fact]
    public void Read_Tarieventabel_TitleHeadingsTableRowsAndPages()
    {
        var result = new PdfTextExtractor().Read(SamplePdfs.Tarieventabel(), new PdfSource("website", "https://www.lindenhaven.nl/documenten/tarieventabel.pdf")
        {
            LinkedFrom = new PdfLinkContext("https://www.lindenhaven.nl/haven", "Haven en passantenhaven"),
        });

        var document = Assert.IsType<DocumentItem>(result.Item).Document;
        Assert.Equal("Tarieventabel havengelden 2026 (pdf)", document.Title);
        Assert.Equal(["Haven en passantenhaven"], document.Keywords);
        Assert.Equal(
            ["", "1. Passantenhaven", "2. Vaste ligplaatsen", "3. Hijsen, trailers en overige diensten", "4. Vrijstellingen en betaling"],
            document.Sections.Select(s => s.Heading));
        Assert.Equal(["page=1", "page=1", "page=1", "page=2", "page=2"], document.Sections.Select(s => s.Anchor));
        var harbour = document.Sections[1].Text;
        Assert.Contains("Omschrijving | Eenheid | Tarief\nLiggeld passant, 1 april tot 1 oktober | per meter per nacht | 2,10 euro", harbour, StringComparison.Ordinal);
        Assert.Contains("- Reddingsboten, vaartuigen van de politie", document.Sections[4].Text, StringComparison.Ordinal);
        // The running header and "Pagina 1 van 2" are furniture, not content.
        Assert.DoesNotContain(document.Sections, s => s.Text.Contains("Pagina 1", StringComparison.Ordinal) || s.Text.Contains("Gemeente Lindenhaven - Tarieventabel", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2025, 12, 18, 10, 0, 0, TimeSpan.Zero), document.LastModified);
        Assert.NotNull(result.Fingerprint);
    }

    [Fact]
    public void Read_Verordening_WrappedParagraphsJoinedAndArticlesPerPage()
    {
        var document = Assert.IsType<DocumentItem>(new PdfTextExtractor().Read(SamplePdfs.Havenverordening(), new PdfSource("website", "https://www.lindenhaven.nl/documenten/havenverordening.pdf")).Item).Document;

        var article3 = Assert.Single(document.Sections, s => s.Heading == "Artikel 3. Verblijfsduur passantenhaven");
        Assert.Equal("page=1", article3.Anchor);
        Assert.Contains("ten hoogste vijf aaneengesloten nachten in de passantenhaven liggen. In de maanden juli", article3.Text, StringComparison.Ordinal);
        Assert.Equal("page=2", Assert.Single(document.Sections, s => s.Heading == "Artikel 5. Gedragsregels in de haven").Anchor);
        Assert.DoesNotContain("\n", article3.Text, StringComparison.Ordinal);
    }
}
