using KccAssistant.Configuration;
using KccAssistant.Ingest;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.Pipeline;

/// <summary>The pipeline's side of the Bronnen page: progress per source during a run, and a history line after it.</summary>
public sealed class IngestRunHistoryTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly ServiceProvider _services;

    public IngestRunHistoryTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Kcc:DataDir", _data.Path)]).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKccCore(configuration);
        services.AddSingleton<Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>>(new HashEmbeddingGenerator());
        services.AddKccIngestion(configuration);
        _services = services.BuildServiceProvider();
    }

    private static SourceDefinition[] Sample =>
    [
        new() { Name = "website", Kind = SourceKind.Site, Locations = [RepositoryPaths.Samples("website")], BaseUrl = "https://www.lindenhaven.nl/" },
        new() { Name = "kennisbank", Kind = SourceKind.KnowledgeBase, Locations = [RepositoryPaths.Samples("kennisbank")] },
    ];

    private IngestHistory History => _services.GetRequiredService<IngestHistory>();

    [Fact]
    public async Task RunAsync_SampleMunicipality_EachSourceCountsUpToItsTotalAndTheRunIsInTheHistory()
    {
        var reports = new List<IngestProgress>();
        var report = await _services.GetRequiredService<IngestionPipeline>().RunAsync(Sample, progress: new Sink(reports.Add));

        foreach (var name in new[] { "website", "kennisbank" })
        {
            var seen = reports.Select(r => Assert.Single(r.Sources!, s => s.Name == name)).ToList();
            Assert.Equal(SourceRunState.Waiting, seen[0].State);
            // Never backwards, and more than one step: the bar moves during the source, not only at its end.
            Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.True(pair.Second.Done >= pair.First.Done));
            Assert.True(seen.Select(s => s.Done).Distinct().Count() > 2, string.Join(" ", seen.Select(s => s.Done)));
            var last = seen[^1];
            Assert.Equal(SourceRunState.Done, last.State);
            Assert.Equal(last.Total, last.Done);
            Assert.Equal(report.SkippedItems.Count(s => s.Source == name), last.Skipped);
            Assert.Equal(report.Sources.Single(s => s.Name == name).Documents, last.Documents);
        }

        Assert.Equal(TotalBasis.Folder, reports[^1].Sources!.Single(s => s.Name == "website").Basis);
        Assert.Equal(TotalBasis.KnowledgeBase, reports[^1].Sources!.Single(s => s.Name == "kennisbank").Basis);

        var run = Assert.Single(await History.ReadRecentAsync(20));
        Assert.Equal(
            (report.StartedAt, report.Seconds, report.Generation, true, report.Documents, report.Chunks, report.EmbeddedChunks, report.Skipped.Total, (string?)null),
            (run.StartedAt, run.Seconds, run.Generation, run.Committed, run.Documents, run.Chunks, run.EmbeddedChunks, run.Skipped, run.Error));
        Assert.True(run.Skipped > 0);
        Assert.Equal(["website", "kennisbank"], run.Sources);
    }

    [Fact]
    public async Task RunAsync_CancelledHalfway_HistorySaysNotCommittedAndWhy()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new Sink(p =>
        {
            if (p.Sources?.Any(s => s.Done > 10) == true)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _services.GetRequiredService<IngestionPipeline>().RunAsync(Sample, progress: progress, cancellationToken: cancellation.Token));

        var run = Assert.Single(await History.ReadRecentAsync(20));
        Assert.False(run.Committed);
        Assert.Equal("afgebroken voordat de run klaar was", run.Error);
        Assert.True(run.Generation > 0);
    }

    public void Dispose()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    /// <summary>Reports synchronously, in order, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class Sink(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
