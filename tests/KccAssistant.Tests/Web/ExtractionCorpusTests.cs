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
    // Measured on the locator path (docs/extraction.md): the written corpus, then the sample site. The floor test
    // allows a small margin below them, so a change to the locator that loses content or lets furniture in fails.
    private const double CorpusContentKept = 0.948;
    private const double CorpusBoilerplateDropped = 0.933;
    private const double SampleContentKept = 0.996;
    private const double SampleBoilerplateDropped = 1.000;
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

    [SkippableFact]
    public void SampleSite_EveryPage_HasContentAndBoilerplateToScore()
    {
        var sample = ExtractionCorpusMeasure.LoadSampleSite();
        Skip.If(sample.Count == 0, "ingest/samples/website is absent");

        Assert.All(sample, page =>
        {
            Assert.True(page.Content.Count >= 1, $"{page.Name}: {page.Content.Count} content sentences");
            Assert.True(page.Boilerplate.Count >= 3, $"{page.Name}: {page.Boilerplate.Count} boilerplate sentences");
        });
    }

    [Fact]
    public void Compare_LocatorAndSmartReader_LocatorKeptBecauseItIsNotWorseOnEitherMeasure()
    {
        var corpus = ExtractionCorpusMeasure.LoadCorpus();
        var sample = ExtractionCorpusMeasure.LoadSampleSite();
        var locator = Measure(corpus, ExtractionCorpusMeasure.ExtractWithLocator, "locator");
        var smartReader = Measure(corpus, ExtractionCorpusMeasure.ExtractWithSmartReader, "smartreader");
        var sampleLocator = Measure(sample, ExtractionCorpusMeasure.ExtractWithLocator, "locator");
        var sampleSmartReader = Measure(sample, ExtractionCorpusMeasure.ExtractWithSmartReader, "smartreader");
        var locatorTotal = ExtractionCorpusMeasure.Total("corpus (alle pagina's)", locator);
        var smartReaderTotal = ExtractionCorpusMeasure.Total("corpus (alle pagina's)", smartReader);
        var sampleLocatorTotal = ExtractionCorpusMeasure.Total($"voorbeeldsite ({sample.Count} pagina's)", sampleLocator);
        var sampleSmartReaderTotal = ExtractionCorpusMeasure.Total($"voorbeeldsite ({sample.Count} pagina's)", sampleSmartReader);
        var allLocator = ExtractionCorpusMeasure.Total("alles samen", locator.Concat(sampleLocator));
        var allSmartReader = ExtractionCorpusMeasure.Total("alles samen", smartReader.Concat(sampleSmartReader));

        var table = new StringBuilder("| pagina | inhoud | boilerplate | locator: inhoud behouden | locator: boilerplate weg | SmartReader: inhoud behouden | SmartReader: boilerplate weg |\n|---|---:|---:|---:|---:|---:|---:|\n");
        // The sample site's pages are listed only where one of the two lost or kept something it should not.
        var sampleRows = sampleLocator.Zip(sampleSmartReader).Where(pair => Math.Min(
            Math.Min(pair.First.ContentKeptShare, pair.First.BoilerplateDroppedShare),
            Math.Min(pair.Second.ContentKeptShare, pair.Second.BoilerplateDroppedShare)) < 1);
        var rows = locator.Zip(smartReader).Append((locatorTotal, smartReaderTotal)).Concat(sampleRows)
            .Append((sampleLocatorTotal, sampleSmartReaderTotal)).Append((allLocator, allSmartReader));
        foreach (var (l, s) in rows)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {l.Page} | {l.Content} | {l.Boilerplate} | {l.ContentKeptShare:0.000} | {l.BoilerplateDroppedShare:0.000} | {s.ContentKeptShare:0.000} | {s.BoilerplateDroppedShare:0.000} |\n");
        }

        output.WriteLine(table.ToString());

        // The decision in docs/extraction.md: SmartReader would replace the locator only when better on both measures.
        Assert.False(
            allSmartReader.ContentKeptShare > allLocator.ContentKeptShare && allSmartReader.BoilerplateDroppedShare > allLocator.BoilerplateDroppedShare,
            $"SmartReader now wins on both measures: revisit docs/extraction.md\n{table}");
    }

    [Fact]
    public void Locator_Corpus_StaysAtItsMeasuredShares()
    {
        var corpus = ExtractionCorpusMeasure.LoadCorpus();
        var total = ExtractionCorpusMeasure.Total("corpus", corpus.Select(p => ExtractionCorpusMeasure.Score(p, ExtractionCorpusMeasure.ExtractWithLocator(p))));

        Assert.True(total.ContentKeptShare >= CorpusContentKept - Margin, $"content kept {total.ContentKeptShare:0.000}, measured {CorpusContentKept}");
        Assert.True(total.BoilerplateDroppedShare >= CorpusBoilerplateDropped - Margin, $"boilerplate dropped {total.BoilerplateDroppedShare:0.000}, measured {CorpusBoilerplateDropped}");
    }

    [SkippableFact]
    public void Locator_SampleSite_StaysAtItsMeasuredShares()
    {
        var sample = ExtractionCorpusMeasure.LoadSampleSite();
        Skip.If(sample.Count == 0, "ingest/samples/website is absent");
        var total = ExtractionCorpusMeasure.Total("voorbeeldsite", sample.Select(p => ExtractionCorpusMeasure.Score(p, ExtractionCorpusMeasure.ExtractWithLocator(p))));

        Assert.True(total.ContentKeptShare >= SampleContentKept - Margin, $"content kept {total.ContentKeptShare:0.000}, measured {SampleContentKept}");
        Assert.True(total.BoilerplateDroppedShare >= SampleBoilerplateDropped - Margin, $"boilerplate dropped {total.BoilerplateDroppedShare:0.000}, measured {SampleBoilerplateDropped}");
    }

    // Scores every page; KCC_EXTRACTION_DUMP=folder also writes what the extractor kept, to see why a sentence was lost.
    private static List<PageScore> Measure(IReadOnlyList<CorpusPage> pages, Func<CorpusPage, string> extract, string extractorName)
    {
        var dump = Environment.GetEnvironmentVariable("KCC_EXTRACTION_DUMP");
        var scores = new List<PageScore>();
        foreach (var page in pages)
        {
            var text = extract(page);
            if (!string.IsNullOrEmpty(dump))
            {
                var file = Path.Combine(dump, $"{page.Name}.{extractorName}.txt");
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }

            scores.Add(ExtractionCorpusMeasure.Score(page, text));
        }

        return scores;
    }
}
