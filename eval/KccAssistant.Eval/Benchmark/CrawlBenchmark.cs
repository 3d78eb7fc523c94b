using System.Diagnostics;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Web;
using KccAssistant.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Eval.Benchmark;

/// <summary>The crawl numbers: pages fetched per second over the measured runs.</summary>
/// <param name="PagesPerSecond">Page requests answered per second (robots.txt and sitemaps not counted).</param>
/// <param name="PagesPerRun">Pages fetched in one crawl of the site.</param>
/// <param name="DocumentsPerRun">Documents the crawl yielded.</param>
/// <param name="Runs">Measured crawls (a warm-up crawl precedes them).</param>
/// <param name="Seconds">Time of the measured crawls together.</param>
/// <param name="ConcurrencyPerHost">Requests in flight (Kcc:Crawler:ConcurrencyPerHost).</param>
internal sealed record CrawlResult(double PagesPerSecond, int PagesPerRun, int DocumentsPerRun, int Runs, double Seconds, int ConcurrencyPerHost);

/// <summary>
/// Crawls the served sample site with the real <see cref="HttpCrawler"/> (the ingest's client and resilience pipeline, no crawl-delay, no previous
/// state, so every page is a full fetch and extraction) several times and reports pages per second.
/// </summary>
internal static class CrawlBenchmark
{
    public static async Task<CrawlResult> RunAsync(Uri site, CrawlerOptions options, int runs, CancellationToken cancellationToken)
    {
        // The client as the ingest composes it (primary handler and resilience pipeline), with the bench's options.
        var services = new ServiceCollection().AddLogging();
        services.AddKccWebSources(new ConfigurationBuilder().Build());
        services.AddSingleton(Options.Create(options));
        await using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebSourceReaderFactory));
        await CrawlOnceAsync(site, options, client, cancellationToken);

        var pages = 0;
        var documents = 0;
        var elapsed = TimeSpan.Zero;
        for (var run = 0; run < runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            var (runPages, runDocuments) = await CrawlOnceAsync(site, options, client, cancellationToken);
            elapsed += Stopwatch.GetElapsedTime(started);
            pages += runPages;
            documents += runDocuments;
        }

        return new CrawlResult(
            LoadStatistics.Round(LoadStatistics.PerSecond(pages, elapsed), 1),
            pages / Math.Max(runs, 1),
            documents / Math.Max(runs, 1),
            runs,
            LoadStatistics.Round(elapsed.TotalSeconds),
            options.ConcurrencyPerHost);
    }

    private static async Task<(int Pages, int Documents)> CrawlOnceAsync(Uri site, CrawlerOptions options, HttpClient client, CancellationToken cancellationToken)
    {
        var progress = new LastProgress();
        var crawler = new HttpCrawler([site], options, client, progress: progress);
        var documents = 0;
        var context = new SourceContext("website", new Dictionary<string, DocumentState>());
        await foreach (var item in crawler.ReadAsync(context, cancellationToken))
        {
            if (item is DocumentItem)
            {
                documents++;
            }
        }

        return (progress.Last?.PagesFetched ?? 0, documents);
    }

    // Progress<T> posts to the thread pool; the crawler reports from its loop, so keep the last report synchronously.
    private sealed class LastProgress : IProgress<CrawlProgress>
    {
        public CrawlProgress? Last { get; private set; }

        public void Report(CrawlProgress value) => Last = value;
    }
}
