using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Web;
using KccAssistant.Stores;
using KccAssistant.Tests.Support;
using KccAssistant.Web.Components.Sources;

namespace KccAssistant.Tests.Pipeline;

/// <summary>
/// What the Bronnen page's progress bars, history and skipped list are built from: the totals readers announce, the
/// order of progress reports, the history file and the Dutch words for the pipeline's English codes.
/// </summary>
public sealed class IngestProgressTests
{
    private static SourceContext Context(string name) => new(name, new Dictionary<string, DocumentState>());

    private static async Task<List<IngestItem>> ReadAsync(ISourceReader reader, string name)
    {
        var items = new List<IngestItem>();
        await foreach (var item in reader.ReadAsync(Context(name)))
        {
            items.Add(item);
        }

        return items;
    }

    [Fact]
    public async Task KnowledgeBaseReader_SampleFolder_FirstAnnouncesEveryItemItWillYield()
    {
        var items = await ReadAsync(new KnowledgeBaseReader(RepositoryPaths.Samples("kennisbank")), "kennisbank");

        var total = Assert.IsType<TotalItem>(items[0]);
        Assert.Equal(TotalBasis.KnowledgeBase, total.Basis);
        Assert.Equal(items.Count(i => i is DocumentItem or SkippedItem), total.Total);
        Assert.Single(items.OfType<TotalItem>());
    }

    [Fact]
    public async Task SiteFolderReader_SampleSite_FirstAnnouncesOneItemPerPageFile()
    {
        var folder = RepositoryPaths.Samples("website");
        var items = await ReadAsync(new SiteFolderReader(folder), "website");

        var total = Assert.IsType<TotalItem>(items[0]);
        Assert.Equal(TotalBasis.Folder, total.Basis);
        Assert.Equal(
            Directory.EnumerateFiles(folder, "*.htm*", SearchOption.AllDirectories).Count() + Directory.EnumerateFiles(folder, "*.pdf", SearchOption.AllDirectories).Count(),
            total.Total);
        Assert.Equal(total.Total, items.Count(i => i is DocumentItem or SkippedItem));
    }

    [Fact]
    public void IngestionStatus_ReportArrivesLateOrAfterFinish_NeitherMovesTheBarBack()
    {
        var status = new IngestionStatus();
        Assert.True(status.TryStart("alle bronnen"));
        status.Report(new IngestProgress("website", 20, 10, 0, TimeSpan.FromSeconds(4), 3));
        // Progress<T> posts to the thread pool: an earlier report can arrive after a later one.
        status.Report(new IngestProgress("website", 12, 6, 0, TimeSpan.FromSeconds(2), 3));
        Assert.Equal(20, status.Progress!.DocumentsSeen);

        status.Report(new IngestProgress("website", 30, 15, 0, TimeSpan.FromSeconds(6), 3));
        Assert.Equal(30, status.Progress!.DocumentsSeen);

        status.Finish(new IngestReport { Committed = true }, null);
        status.Report(new IngestProgress("website", 31, 15, 0, TimeSpan.FromSeconds(7), 3));
        Assert.False(status.Running);
        Assert.Equal(30, status.Progress!.DocumentsSeen);
    }

    [Fact]
    public async Task IngestStatusFile_ProgressPerSource_SurvivesTheTripToTheWebApp()
    {
        // In worker mode the page reads the worker's progress from this file: the bars need every source's numbers.
        using var data = new TempDirectory();
        var file = KccAssistant.Ingest.Worker.IngestStatusFile.ForDataDirectory(data.Path);
        SourceProgress[] sources =
        [
            new("website", SourceRunState.Done, 75, 75, TotalBasis.Sitemap, 74, 1, 12.5),
            new("kennisbank", SourceRunState.Running, 30, 89, TotalBasis.KnowledgeBase, 28, 2, 6),
        ];
        await file.WriteAsync(new IngestionSnapshot
        {
            Running = true,
            Progress = new IngestProgress("kennisbank", 105, 300, 3, TimeSpan.FromSeconds(18), 4) { Sources = sources },
        });

        var read = await file.ReadAsync();

        Assert.Equal(sources, read!.Progress!.Sources);
        Assert.DoesNotContain("remaining", await File.ReadAllTextAsync(file.Path), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SourceProgress_HalfwayAfterAMinute_EstimatesAnotherMinute()
    {
        var progress = new SourceProgress("website", SourceRunState.Running, 50, 100, TotalBasis.Sitemap, 48, 2, 60);

        Assert.Equal(50, progress.PerMinute);
        Assert.Equal(TimeSpan.FromMinutes(1), progress.Remaining);
        Assert.Null((progress with { State = SourceRunState.Done }).Remaining);
        Assert.Null((progress with { Total = null }).Remaining);
    }

    [Fact]
    public async Task IngestHistory_MoreRunsThanKept_KeepsTheNewestAndReadsThemNewestFirst()
    {
        using var data = new TempDirectory();
        var history = IngestHistory.ForDataDirectory(data.Path);
        Assert.Empty(await history.ReadRecentAsync(20));

        var start = new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= IngestHistory.Keep + 5; i++)
        {
            await history.AppendAsync(new IngestHistoryEntry(start.AddDays(i), 10 + i, i, Committed: i % 2 == 0, 100, 400, 4, 3, ["website"], i % 2 == 0 ? null : "mislukt"));
        }

        await File.AppendAllTextAsync(history.Path, "geen json\n");
        Assert.Equal(IngestHistory.Keep + 1, File.ReadAllLines(history.Path).Length);

        var recent = await history.ReadRecentAsync(20);
        Assert.Equal(20, recent.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(k => (long)(IngestHistory.Keep + 5 - k)), recent.Select(r => r.Generation));
        Assert.Equal("mislukt", recent[0].Error);
        Assert.True(recent[1].Committed);
    }

    [Fact]
    public void IngestTexts_EverySkipReason_HasItsOwnDutchLabelAndExplanation()
    {
        var labels = Enum.GetValues<SkipReason>().Select(r => IngestTexts.Label(r.ToString())).ToList();

        Assert.Equal(["robots", "noindex", "vertrouwelijk", "niet actief", "persoonsgegevens", "dubbel", "mislukt"], labels);
        Assert.All(Enum.GetValues<SkipReason>(), r => Assert.NotEqual("Overgeslagen.", IngestTexts.Explanation(r.ToString())));
        Assert.Equal(Enum.GetValues<SkipReason>().Length, Enum.GetValues<SkipReason>().Select(r => IngestTexts.Explanation(r.ToString())).Distinct().Count());
    }

    [Theory]
    [InlineData("VAC marked vertrouwelijk", "VAC gemarkeerd als vertrouwelijk")]
    [InlineData("kennisartikel without Dutch translation (kennisartikelen.json#3)", "kennisartikel zonder Nederlandse vertaling (kennisartikelen.json#3)")]
    [InlineData("Markdown article without title (text.md)", "Markdown-artikel zonder titel (text.md)")]
    [InlineData("disallowed by robots.txt", "uitgesloten door robots.txt")]
    [InlineData("same content as https://www.example.nl/text", "zelfde inhoud als https://www.example.nl/text")]
    [InlineData("an item with this id was already read in this run", "een item met hetzelfde id is in deze run al gelezen")]
    [InlineData("invalid JSON at line 3, position 7", "ongeldige JSON op regel 3, positie 7")]
    [InlineData("VAC ended at 2025-01-01", "VAC verlopen op 2025-01-01")]
    [InlineData("PDF without a text layer (scanned?)", "pdf zonder tekstlaag (gescand document?): er is geen tekst uit te lezen")]
    [InlineData("PDF has 5 pages, more than Kcc:Pdf:MaxPages (3)", "pdf heeft 5 pagina's, meer dan Kcc:Pdf:MaxPages (3)")]
    [InlineData("PDF marked 'Vertrouwelijk'", "pdf gemarkeerd als 'Vertrouwelijk'")]
    [InlineData("could not read PDF: PdfDocumentFormatException: bad xref", "kon de pdf niet lezen: PdfDocumentFormatException: bad xref")]
    public void IngestTexts_Detail_PipelinePhrasesInDutchNamesKept(string detail, string dutch) =>
        Assert.Equal(dutch, IngestTexts.Detail(detail));
}
