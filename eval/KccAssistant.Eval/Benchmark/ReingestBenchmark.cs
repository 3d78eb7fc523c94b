using System.Diagnostics;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Ingest;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Eval.Benchmark;

/// <summary>The two ingest runs.</summary>
/// <param name="FirstSeconds">First run into an empty data directory (model already loaded).</param>
/// <param name="SecondSeconds">Immediate re-run with nothing changed.</param>
/// <param name="Speedup">First / second.</param>
/// <param name="Documents">Documents in the index.</param>
/// <param name="Chunks">Chunks in the index.</param>
/// <param name="FirstEmbeddedChunks">Chunks embedded by the first run.</param>
/// <param name="SecondEmbeddedChunks">Chunks embedded by the re-run (0 when nothing is re-embedded).</param>
/// <param name="SecondUnchangedDocuments">Documents the re-run carried over unchanged.</param>
/// <param name="SecondRequests">HTTP responses the site served during the re-run.</param>
/// <param name="SecondNotModified">Of those, 304 Not Modified.</param>
/// <param name="EmbeddingModel">Model that made the vectors.</param>
internal sealed record ReingestResult(
    double FirstSeconds,
    double SecondSeconds,
    double Speedup,
    int Documents,
    int Chunks,
    int FirstEmbeddedChunks,
    int SecondEmbeddedChunks,
    int SecondUnchangedDocuments,
    int SecondRequests,
    int SecondNotModified,
    string? EmbeddingModel);

/// <summary>
/// Runs the real ingestion pipeline — the services of the ingest worker (AddKccCore, AddKccEmbeddings,
/// AddKccIngestion) on a temporary Kcc:DataDir — over the served sample site and the sample kennisbank, then again
/// with nothing changed. Keeps the first run's documents and vectors for the synthetic index. Two decorators are
/// added: one records what is written, one keeps the pipeline from disposing the shared embedding generator.
/// </summary>
internal sealed class ReingestBenchmark : IDisposable
{
    private readonly IHost _host;
    private readonly RecordingKnowledgeStore _store;

    public ReingestBenchmark(string dataDirectory)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = KccPaths.RepositoryRoot });
        builder.Configuration.AddKccSettings();
        builder.Configuration.AddInMemoryCollection([new("Kcc:DataDir", dataDirectory), new("Logging:LogLevel:Default", "Warning")]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddKccCore(builder.Configuration).AddKccEmbeddings(builder.Configuration).AddKccIngestion(builder.Configuration);
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => new SharedEmbeddingGenerator(sp.GetRequiredService<OnnxEmbeddingGenerator>()));
        builder.Services.AddSingleton(sp => new RecordingKnowledgeStore(KccServiceCollectionExtensions.SelectedStore(sp)));
        builder.Services.AddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<RecordingKnowledgeStore>());
        _host = builder.Build();
        _store = _host.Services.GetRequiredService<RecordingKnowledgeStore>();
    }

    /// <summary>The configuration the pipeline runs with (for the crawler options and the embedding settings).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>What the first run wrote: real chunks with their real vectors.</summary>
    public IReadOnlyList<IndexedDocument> FirstRunDocuments { get; private set; } = [];

    public async Task<ReingestResult> RunAsync(StaticSiteServer site, string knowledgeBase, CancellationToken cancellationToken)
    {
        IReadOnlyList<SourceDefinition> sources =
        [
            new() { Name = "website", Kind = SourceKind.Site, Locations = [site.BaseUrl.AbsoluteUri] },
            new() { Name = "kennisbank", Kind = SourceKind.KnowledgeBase, Locations = [knowledgeBase] },
        ];

        // Loading the model is start-up cost, not ingestion: both runs get a loaded model.
        await _host.Services.GetRequiredService<OnnxEmbeddingGenerator>().WarmUpAsync(cancellationToken);

        var (first, firstTime) = await TimedRunAsync(sources, cancellationToken);
        if (first.EmbeddedChunks == 0 || first.Chunks == 0)
        {
            throw new InvalidOperationException($"De eerste inleesrun leverde niets op ({first.Documents} documenten, {first.Chunks} chunks).");
        }

        FirstRunDocuments = _store.Written;
        site.ResetCounts();
        var (second, secondTime) = await TimedRunAsync(sources, cancellationToken);
        return new ReingestResult(
            LoadStatistics.Round(firstTime.TotalSeconds),
            LoadStatistics.Round(secondTime.TotalSeconds, 3),
            LoadStatistics.Round(LoadStatistics.Speedup(firstTime, secondTime), 1),
            second.Documents,
            second.Chunks,
            first.EmbeddedChunks,
            second.EmbeddedChunks,
            second.Sources.Sum(s => s.Unchanged),
            site.Total,
            site.Count(304),
            first.EmbeddingModel);
    }

    public void Dispose() => _host.Dispose();

    private async Task<(IngestReport Report, TimeSpan Elapsed)> TimedRunAsync(IReadOnlyList<SourceDefinition> sources, CancellationToken cancellationToken)
    {
        // A fresh pipeline per run, as the worker and the web app's runner do.
        var pipeline = _host.Services.GetRequiredService<IngestionPipeline>();
        var started = Stopwatch.GetTimestamp();
        var report = await pipeline.RunAsync(sources, cancellationToken: cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var failed = report.Sources.FirstOrDefault(s => s.Error is not null);
        return failed is null
            ? (report, elapsed)
            : throw new InvalidOperationException($"Bron {failed.Name} faalde tijdens het inlezen: {failed.Error}");
    }
}
