using System.Text.Json;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Worker;
using KccAssistant.Stores.Embedded;
using KccAssistant.Tests.Support;
using KccAssistant.Tests.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Worker;

/// <summary>
/// The real ingest CLI and worker as child processes with the real (bundled) embedding model: a worker killed in the
/// middle of writing a generation, a second run while one is writing, and the documented exit codes.
/// </summary>
public sealed class WorkerProcessTests : IAsyncLifetime
{
    private const int SitePages = 150;
    private readonly TempDirectory _root = new();
    private TestWebServer _site = null!;
    private volatile int _pageDelayMs;

    private string DataDir => Path.Combine(_root.Path, "data");

    private string KnowledgeBase => Path.Combine(_root.Path, "kb");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(KnowledgeBase);
        await File.WriteAllTextAsync(Path.Combine(KnowledgeBase, "hond.md"), "---\ntitle: Hondenbelasting\nid: md-hond\n---\nU betaalt hondenbelasting voor elke hond die bij u woont. De aanslag komt in februari.\n");
        await File.WriteAllTextAsync(Path.Combine(KnowledgeBase, "afval.md"), "---\ntitle: Afvalpas\nid: md-afval\n---\nMet de afvalpas opent u de ondergrondse container voor restafval.\n");
        await File.WriteAllTextAsync(Path.Combine(KnowledgeBase, "paspoort.md"), "---\ntitle: Paspoort kwijt\nid: md-paspoort\n---\nBent u uw paspoort kwijt? Doe aangifte van vermissing bij de gemeente.\n");

        // A site slow enough to kill a run in the middle of it: a hub linking to many pages, each served late.
        _site = await TestWebServer.StartAsync();
        _site.MapHtml("/", WebFixtures.LinkPage("Onderwerpen", [.. Enumerable.Range(0, SitePages).Select(i => $"/onderwerp/{i}")]));
        for (var i = 0; i < SitePages; i++)
        {
            var page = WebFixtures.Page(
                $"Onderwerp {i}",
                $"<p>Informatie over onderwerp {i} voor inwoners: aanvragen, kosten en voorwaarden van regeling nummer {i}. " +
                $"Neem het formulier {i} mee naar de balie van het stadskantoor.</p>");
            _site.Map($"/onderwerp/{i}", async context =>
            {
                await Task.Delay(_pageDelayMs, context.RequestAborted);
                await TestWebServer.WriteAsync(context, page, "text/html; charset=utf-8");
            });
        }

        // The child processes read this as their appsettings.json (KCC_ROOT points here).
        var settings = new
        {
            Logging = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Warning", ["KccAssistant.Ingest.Worker"] = "Information" } },
            Kcc = new
            {
                DataDir,
                Sources = new object[]
                {
                    new { Name = "kennisbank", Kind = "KnowledgeBase", Locations = new[] { KnowledgeBase } },
                    new { Name = "site", Kind = "Site", Locations = new[] { _site.BaseUrl.AbsoluteUri } },
                },
                // One document per embed batch: progress (and rows of the new generation) from the first page on.
                Ingest = new { EmbedBatch = 1 },
                Worker = new { PollInterval = "00:00:00.200" },
                Crawler = new { UseSitemaps = false, MaxRetries = 0, RequestTimeout = "00:00:20", ConcurrencyPerHost = 2 },
            },
        };
        await File.WriteAllTextAsync(Path.Combine(_root.Path, "appsettings.json"), JsonSerializer.Serialize(settings));
    }

    private async Task<(long Generation, int Chunks, string[] Hits)> ServingAsync()
    {
        using var store = new EmbeddedKnowledgeStore(DataDir, NullLogger<EmbeddedKnowledgeStore>.Instance);
        var info = await store.GetInfoAsync();
        var hits = await StoreLexical.SearchAsync(store, "hondenbelasting aanslag", 5);
        return (info.Generation, info.Chunks, [.. hits.Select(h => h.Chunk.Id)]);
    }

    private async Task<int> WritingGenerationsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "kcc.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM generations WHERE state = 'writing'";
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Worker_KilledWhileWritingAGeneration_PreviousGenerationServesAndNextRunCommits()
    {
        // A committed generation first: a quick run over the Markdown knowledge base.
        var (firstExit, firstOutput) = await IngestProcess.RunAsync(["--source", "kennisbank"], _root.Path);
        Assert.True(firstExit == 0, firstOutput);
        var before = await ServingAsync();
        Assert.True(before.Generation > 0);
        Assert.NotEmpty(before.Hits);

        // The worker takes up a request for the slow site, queued the way the web app does it.
        _pageDelayMs = 400;
        using (var worker = IngestProcess.Start(["--worker"], _root.Path))
        {
            await IngestQueue.ForDataDirectory(DataDir).EnqueueAsync("site", "test");
            var status = IngestStatusFile.ForDataDirectory(DataDir);
            var deadline = DateTime.UtcNow.AddSeconds(40);
            IngestionSnapshot? seen = null;
            while (!(seen is { Running: true, Progress: { ChunksEmbedded: > 0 } progress } && progress.Generation > before.Generation))
            {
                Assert.False(worker.HasExited, $"The worker stopped by itself:\n{worker.Output}");
                Assert.True(DateTime.UtcNow < deadline, $"The worker never started writing. Status: {seen}\n{worker.Output}");
                await Task.Delay(100);
                seen = await status.ReadAsync();
            }

            Assert.Equal(1, await WritingGenerationsAsync());
            worker.Kill();
            await worker.WaitForExitAsync();
        }

        // Nothing of the half-written generation is visible; the request is still there for the next worker.
        var after = await ServingAsync();
        Assert.Equal(before.Generation, after.Generation);
        Assert.Equal(before.Chunks, after.Chunks);
        Assert.Equal(before.Hits, after.Hits);
        Assert.Equal(1, IngestQueue.ForDataDirectory(DataDir).RecoverInterrupted());

        // The next run completes normally and commits a new generation with the site in it.
        _pageDelayMs = 0;
        var (nextExit, nextOutput) = await IngestProcess.RunAsync(["--source", "site"], _root.Path);
        Assert.True(nextExit == 0, nextOutput);
        using var store = new EmbeddedKnowledgeStore(DataDir, NullLogger<EmbeddedKnowledgeStore>.Instance);
        var info = await store.GetInfoAsync();
        Assert.True(info.Generation > before.Generation);
        Assert.Equal(SitePages + 1, info.Documents["site"]);
        Assert.Equal(3, info.Documents["kennisbank"]);
        Assert.Equal(before.Hits, (await StoreLexical.SearchAsync(store, "hondenbelasting aanslag", 5)).Select(h => h.Chunk.Id));
        Assert.Equal(0, await WritingGenerationsAsync());
        var finalStatus = (await IngestStatusFile.ForDataDirectory(DataDir).ReadAsync())!;
        Assert.False(finalStatus.Running);
        Assert.Equal(info.Generation, finalStatus.LastReport!.Generation);
    }

    [Fact]
    public async Task Cli_SecondRunWhileOneIsWriting_ExitCode3Busy()
    {
        var (firstExit, firstOutput) = await IngestProcess.RunAsync(["--source", "kennisbank"], _root.Path);
        Assert.True(firstExit == 0, firstOutput);
        using var store = new EmbeddedKnowledgeStore(DataDir, NullLogger<EmbeddedKnowledgeStore>.Instance);

        int exitCode;
        string output;
        await using (await store.BeginGenerationAsync("all-MiniLM-L6-v2", 384))
        {
            (exitCode, output) = await IngestProcess.RunAsync(["--source", "kennisbank"], _root.Path);
        }

        Assert.Equal(IngestExitCodes.Busy, exitCode);
        Assert.Contains("busy", output, StringComparison.Ordinal);
        Assert.Contains($"Another ingestion run is writing to '{DataDir}'", output, StringComparison.Ordinal);
        Assert.Equal(1, (await store.GetInfoAsync()).Generation);
    }

    [Fact]
    public async Task Cli_SourceThatDoesNotExist_ExitCode2()
    {
        var (exitCode, output) = await IngestProcess.RunAsync(["--data-dir", DataDir, "--kb", Path.Combine(_root.Path, "bestaat-niet")]);

        Assert.Equal(IngestExitCodes.CouldNotRun, exitCode);
        Assert.Contains("bestaat niet", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_WorkerWithInvalidSchedule_ExitCode2NamingTheKey()
    {
        var (exitCode, output) = await IngestProcess.RunAsync(["--worker", "--Kcc:Worker:DailyAt", "25:00"], _root.Path);

        Assert.Equal(IngestExitCodes.CouldNotRun, exitCode);
        Assert.Contains("Kcc:Worker:DailyAt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_Help_ExitCode0WithTheExitCodes()
    {
        var (exitCode, output) = await IngestProcess.RunAsync(["--help"]);

        Assert.Equal(IngestExitCodes.Completed, exitCode);
        Assert.Contains("--worker", output, StringComparison.Ordinal);
        Assert.Contains("130", output, StringComparison.Ordinal);
        Assert.Contains("busy", output, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }
}
