using KccAssistant.Ingest;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Worker;
using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Worker;

/// <summary>The worker as a hosted service in this process, over two small Markdown knowledge bases and a fake model.</summary>
public sealed class IngestWorkerTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private readonly HashEmbeddingGenerator _embeddings = new();
    private readonly List<IHost> _hosts = [];

    private string DataDir => Path.Combine(_root.Path, "data");

    private string FolderA => Path.Combine(_root.Path, "a");

    private string FolderB => Path.Combine(_root.Path, "b");

    private IngestQueue Queue => IngestQueue.ForDataDirectory(DataDir);

    private IngestStatusFile StatusFile => IngestStatusFile.ForDataDirectory(DataDir);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FolderA);
        Directory.CreateDirectory(FolderB);
        await WriteArticleAsync(FolderA, "hond", "Hondenbelasting", "U betaalt hondenbelasting voor elke hond die bij u woont.");
        await WriteArticleAsync(FolderB, "afval", "Afvalpas", "Met de afvalpas opent u de ondergrondse container.");
    }

    private static Task WriteArticleAsync(string folder, string id, string title, string text) =>
        File.WriteAllTextAsync(Path.Combine(folder, id + ".md"), $"---\ntitle: {title}\nid: md-{id}\n---\n{text}\n");

    private IHost BuildHost(bool runWhenEmpty = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = _root.Path });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kcc:DataDir"] = DataDir,
            ["Kcc:Sources:0:Name"] = "a",
            ["Kcc:Sources:0:Kind"] = "KnowledgeBase",
            ["Kcc:Sources:0:Locations:0"] = FolderA,
            ["Kcc:Sources:1:Name"] = "b",
            ["Kcc:Sources:1:Kind"] = "KnowledgeBase",
            ["Kcc:Sources:1:Locations:0"] = FolderB,
            ["Kcc:Worker:PollInterval"] = "00:00:00.100",
            ["Kcc:Worker:RunWhenEmpty"] = runWhenEmpty ? "true" : "false",
        });
        builder.Services.AddLogging();
        builder.Services.AddKccCore(builder.Configuration);
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_embeddings);
        builder.Services.AddKccIngestion(builder.Configuration).AddKccIngestWorker(builder.Configuration);
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    /// <summary>Commits a first generation of both sources, as an earlier run would have.</summary>
    private async Task<long> IngestBothAsync(IHost host)
    {
        var sources = new List<SourceDefinition>
        {
            new() { Name = "a", Kind = SourceKind.KnowledgeBase, Locations = [FolderA] },
            new() { Name = "b", Kind = SourceKind.KnowledgeBase, Locations = [FolderB] },
        };
        var report = await host.Services.GetRequiredService<IngestionPipeline>().RunAsync(sources);
        return report.Generation;
    }

    private async Task<IngestionSnapshot> WaitForStatusAsync(Func<IngestionSnapshot, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            // The worker deletes a run's claimed requests just after it published the run's end.
            if (await StatusFile.ReadAsync() is { } status && condition(status) && !QueueFiles().Any(f => f.EndsWith(".running", StringComparison.Ordinal)))
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The worker's status never reached the expected state: {(await StatusFile.ReadAsync())}");
    }

    private string[] QueueFiles() =>
        Directory.Exists(Queue.Directory) ? Directory.GetFiles(Queue.Directory) : [];

    [Fact]
    public async Task Worker_QueuedRequestForOneSource_RunsOnlyThatSourceAndDeletesTheRequest()
    {
        var host = BuildHost();
        var first = await IngestBothAsync(host);
        await WriteArticleAsync(FolderB, "grofvuil", "Grofvuil", "Grofvuil laat u gratis ophalen na een afspraak.");
        var embeddedBefore = _embeddings.Inputs;
        await Queue.EnqueueAsync("b", "web");

        await host.StartAsync();
        var status = await WaitForStatusAsync(s => s.LastReport?.Generation > first && !s.Running);

        var report = status.LastReport!;
        Assert.Equal("b", Assert.Single(report.Sources).Name);
        Assert.Equal("b", status.Description);
        Assert.Null(status.LastError);
        Assert.Equal(1, report.EmbeddedChunks);
        Assert.Equal(embeddedBefore + 2, _embeddings.Inputs); // the new article and the dimension probe
        var info = await host.Services.GetRequiredService<IKnowledgeStore>().GetInfoAsync();
        Assert.Equal(1, info.Documents["a"]);
        Assert.Equal(2, info.Documents["b"]);
        Assert.Empty(QueueFiles());
        Assert.Equal(Environment.ProcessId, status.Worker!.ProcessId);
    }

    [Fact]
    public async Task Worker_EmptyStore_IngestsAllSourcesAtStart()
    {
        var host = BuildHost();

        await host.StartAsync();
        var status = await WaitForStatusAsync(s => s.LastReport is { Committed: true } && !s.Running);

        Assert.Equal(["a", "b"], status.LastReport!.Sources.Select(s => s.Name));
        Assert.Equal("alle bronnen (lege index)", status.Description);
        Assert.Single(await host.Services.GetRequiredService<KccAssistant.Retrieval.Lexical.DutchLexicalSearch>().SearchAsync("hondenbelasting", 5));
    }

    [Fact]
    public async Task Worker_NoScheduleAndNothingQueued_StaysIdle()
    {
        var host = BuildHost(runWhenEmpty: false);

        await host.StartAsync();
        var status = await WaitForStatusAsync(s => s.Worker is not null);
        await Task.Delay(500);

        Assert.Null(status.Worker!.NextRunAt);
        Assert.Null((await StatusFile.ReadAsync())!.LastReport);
        Assert.True((await host.Services.GetRequiredService<IKnowledgeStore>().GetInfoAsync()).IsEmpty);
    }

    [Fact]
    public async Task Worker_RequestsOfAKilledRun_TakenUpAtStart()
    {
        var host = BuildHost(runWhenEmpty: false);
        var first = await IngestBothAsync(host);
        await Queue.EnqueueAsync("a", "web");
        await Queue.ClaimAsync(); // the killed worker had claimed it
        Assert.Empty(await Queue.GetPendingAsync());

        await host.StartAsync();
        var status = await WaitForStatusAsync(s => s.LastReport?.Generation > first && !s.Running);

        Assert.Equal("a", Assert.Single(status.LastReport!.Sources).Name);
        Assert.Empty(QueueFiles());
    }

    [Fact]
    public async Task Worker_StoreBusyWhenARequestArrives_RequestWaitsUntilTheStoreIsFree()
    {
        var host = BuildHost(runWhenEmpty: false);
        var first = await IngestBothAsync(host);
        using var other = new EmbeddedKnowledgeStore(DataDir, NullLogger<EmbeddedKnowledgeStore>.Instance);
        var writer = await other.BeginGenerationAsync("hash-test", TestDocuments.Dimensions);
        await Queue.EnqueueAsync("a", "web");

        await host.StartAsync();
        await Task.Delay(1000);
        Assert.Single(QueueFiles());
        Assert.Equal(first, (await other.GetInfoAsync()).Generation);

        await writer.DisposeAsync();
        var status = await WaitForStatusAsync(s => s.LastReport?.Generation > first && !s.Running);

        Assert.Null(status.LastError);
        Assert.Empty(QueueFiles());
    }

    [Fact]
    public async Task Worker_SecondWorkerForTheSameDataDirectory_RefusedAsBusy()
    {
        var first = BuildHost(runWhenEmpty: false);
        await first.StartAsync();

        var second = BuildHost(runWhenEmpty: false);
        var error = await Assert.ThrowsAsync<StoreBusyException>(() => second.StartAsync());

        Assert.Contains("Another ingest worker is running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_RunningWorker_StatusSaysItStopped()
    {
        var host = BuildHost(runWhenEmpty: false);
        await host.StartAsync();
        await WaitForStatusAsync(s => s.Worker is not null);

        await host.StopAsync();

        Assert.NotNull((await StatusFile.ReadAsync())!.Worker!.StoppedAt);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
            {
            }

            host.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Dispose();
    }
}
