using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace KccAssistant.Tests.Web;

/// <summary>
/// Main-content extraction measured on the labelled corpus (docs/extraction.md): the product's MainContentLocator
/// path against SmartReader (a Readability port, test project only), and a floor under the locator's measures.
/// </summary>
public class ExtractionCorpusTests(ITestOutputHelper output)
{
    // Measured with this corpus on the locator path (docs/extraction.md); the floor allows a small margin below them.
    private const double MeasuredContentKept = 0;
    private const double MeasuredBoilerplateDropped = 0;
    private const double Margin = 0.02;

    [Fact]
    public void Measure_LabelledPage_MarksStrippedShortAndAmbiguousSentencesLeftOut()
    {
        var page = ExtractionCorpusMeasure.Load("proef", """
            <body data-truth="boilerplate"><nav><ul><li><a href="/">Afval</a></li><li><a href="/p">Paspoort aanvragen bij de gemeente</a></li></ul></nav>
            <main data-truth="content"><h1>Paspoort aanvragen bij de gemeente</h1><p>U vraagt een paspoort aan in het stadskantoor. Neem een <a href="#">pasfoto</a> mee!</p></main>
            <footer><p>Bel ons op 14 0555 voor vragen.</p></footer></body>
            """);

        Assert.DoesNotContain("data-truth", page.Html, StringComparison.Ordinal);
        Assert.Equal(["u vraagt een paspoort aan in het stadskantoor.", "neem een pasfoto mee!"], page.Content);
        Assert.Equal(["bel ons op 14 0555 voor vragen."], page.Boilerplate);
        Assert.Equal(2, page.Ambiguous);

        var score = ExtractionCorpusMeasure.Score(page, "U vraagt een paspoort aan in het\nstadskantoor . Bel ons op 14 0555 voor vragen.");

        Assert.Equal(new PageScore("proef", 2, 1, 1, 0), score);
    }

    [Fact]
    public void Corpus_EveryPage_HasContentAndBoilerplateToScore()
    {
        var corpus = ExtractionCorpusMeasure.LoadCorpus();

        Assert.True(corpus.Count >= 20, $"{corpus.Count} pages in {ExtractionCorpusMeasure.CorpusFolder}");
        Assert.All(corpus, page =>
        {
            Assert.True(page.Content.Count >= 3, $"{page.Name}: {page.Content.Count} content sentences");
            Assert.True(page.Boilerplate.Count >= 3, $"{page.Name}: {page.Boilerplate.Count} boilerplate sentences");
            Assert.DoesNotContain(ExtractionCorpusMeasure.TruthAttribute, page.Html, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Compare_LocatorAndSmartReader_LocatorKeptBecauseItIsNotWorseOnEitherMeasure()
    {
        var corpus = ExtractionCorpusMeasure.LoadCorpus();
        var locator = corpus.Select(p => ExtractionCorpusMeasure.Score(p, ExtractionCorpusMeasure.ExtractWithLocator(p))).ToList();
        var smartReader = corpus.Select(p => ExtractionCorpusMeasure.Score(p, ExtractionCorpusMeasure.ExtractWithSmartReader(p))).ToList();
        var locatorTotal = ExtractionCorpusMeasure.Total("totaal", locator);
        var smartReaderTotal = ExtractionCorpusMeasure.Total("totaal", smartReader);

        var table = new StringBuilder("| pagina | inhoud | boilerplate | locator: inhoud behouden | locator: boilerplate weg | SmartReader: inhoud behouden | SmartReader: boilerplate weg |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var (l, s) in locator.Zip(smartReader).Append((locatorTotal, smartReaderTotal)))
        {
            table.Append(CultureInfo.InvariantCulture, $"| {l.Page} | {l.Content} | {l.Boilerplate} | {l.ContentKeptShare:0.00} | {l.BoilerplateDroppedShare:0.00} | {s.ContentKeptShare:0.00} | {s.BoilerplateDroppedShare:0.00} |\n");
        }

        output.WriteLine(table.ToString());

        // The decision in docs/extraction.md: SmartReader would replace the locator only when better on both measures.
        Assert.False(
            smartReaderTotal.ContentKeptShare > locatorTotal.ContentKeptShare && smartReaderTotal.BoilerplateDroppedShare > locatorTotal.BoilerplateDroppedShare,
            $"SmartReader now wins on both measures: revisit docs/extraction.md\n{table}");
    }

    [Fact]
    public void Locator_Corpus_StaysAtItsMeasuredShares()
    {
        var corpus = ExtractionCorpusMeasure.LoadCorpus();
        var total = ExtractionCorpusMeasure.Total("totaal", corpus.Select(p => ExtractionCorpusMeasure.Score(p, ExtractionCorpusMeasure.ExtractWithLocator(p))));

        Assert.True(total.ContentKeptShare >= MeasuredContentKept - Margin, $"content kept {total.ContentKeptShare:0.000}, measured {MeasuredContentKept}");
        Assert.True(total.BoilerplateDroppedShare >= MeasuredBoilerplateDropped - Margin, $"boilerplate dropped {total.BoilerplateDroppedShare:0.000}, measured {MeasuredBoilerplateDropped}");
    }
}
