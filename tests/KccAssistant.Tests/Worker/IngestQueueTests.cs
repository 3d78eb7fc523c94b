using System.Text.Json;
using KccAssistant.Ingest.Worker;
using KccAssistant.Tests.Support;

namespace KccAssistant.Tests.Worker;

public sealed class IngestQueueTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    private IngestQueue NewQueue() => IngestQueue.ForDataDirectory(_data.Path, _time);

    private string QueueDirectory => Path.Combine(_data.Path, "queue");

    [Fact]
    public async Task EnqueueAsync_OneSource_WritesOneRequestFileWithTheContract()
    {
        var result = await NewQueue().EnqueueAsync("website", "web");

        Assert.False(result.AlreadyQueued);
        var file = Assert.Single(Directory.GetFiles(QueueDirectory));
        Assert.EndsWith(".json", file, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal("website", json.RootElement.GetProperty("source").GetString());
        Assert.Equal("web", json.RootElement.GetProperty("requestedBy").GetString());
        Assert.Equal(_time.GetUtcNow(), json.RootElement.GetProperty("requestedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task EnqueueAsync_AllSources_SourceIsNullInTheFile()
    {
        await NewQueue().EnqueueAsync(null, "web");

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Directory.GetFiles(QueueDirectory).Single()));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("source").ValueKind);
    }

    [Fact]
    public async Task EnqueueAsync_SameSourceTwice_SecondIsDeduplicated()
    {
        var queue = NewQueue();
        var first = await queue.EnqueueAsync("website", "web");
        _time.Advance(TimeSpan.FromMinutes(1));

        var second = await queue.EnqueueAsync("WEBSITE", "api");

        Assert.True(second.AlreadyQueued);
        Assert.Equal(first.Request.Id, second.Request.Id);
        Assert.Single(await queue.GetPendingAsync());
    }

    [Fact]
    public async Task EnqueueAsync_AllSourcesPending_OneSourceIsCovered()
    {
        var queue = NewQueue();
        await queue.EnqueueAsync(null, "web");

        var result = await queue.EnqueueAsync("kennisbank", "web");

        Assert.True(result.AlreadyQueued);
        Assert.Null(result.Request.Source);
    }

    [Fact]
    public async Task EnqueueAsync_OneSourcePending_AllSourcesStillQueued()
    {
        var queue = NewQueue();
        await queue.EnqueueAsync("kennisbank", "web");

        var result = await queue.EnqueueAsync(null, "web");

        Assert.False(result.AlreadyQueued);
        Assert.Equal(2, (await queue.GetPendingAsync()).Count);
    }

    [Fact]
    public async Task GetPendingAsync_SeveralRequests_OldestFirst()
    {
        var queue = NewQueue();
        await queue.EnqueueAsync("b", "web");
        _time.Advance(TimeSpan.FromSeconds(1));
        await queue.EnqueueAsync("a", "web");

        var pending = await queue.GetPendingAsync();

        Assert.Equal(["b", "a"], pending.Select(p => p.Source));
    }

    [Fact]
    public async Task ClaimAsync_SameSourceQueuedDuringTheRun_NewRequestWaitsForTheNextRun()
    {
        var queue = NewQueue();
        await queue.EnqueueAsync("website", "web");
        var claimed = await queue.ClaimAsync();

        // The run has started and may already have read the page that changed: a new request must not be merged away.
        var during = await queue.EnqueueAsync("website", "web");
        queue.Complete(claimed);

        Assert.False(during.AlreadyQueued);
        Assert.Equal(during.Request.Id, Assert.Single(await queue.GetPendingAsync()).Id);
    }

    [Fact]
    public async Task Complete_ClaimedRequests_FilesDeleted()
    {
        var queue = NewQueue();
        await queue.EnqueueAsync("website", "web");
        var claimed = await queue.ClaimAsync();

        queue.Complete(claimed);

        Assert.Empty(Directory.GetFiles(QueueDirectory));
    }

    [Fact]
    public async Task Release_ClaimedRequests_PendingAgain()
    {
        var queue = NewQueue();
        var queued = await queue.EnqueueAsync("website", "web");
        var claimed = await queue.ClaimAsync();
        Assert.Empty(await queue.GetPendingAsync());

        queue.Release(claimed);

        Assert.Equal(queued.Request.Id, Assert.Single(await queue.GetPendingAsync()).Id);
    }

    [Fact]
    public async Task RecoverInterrupted_RequestsOfAKilledRun_PendingAgain()
    {
        await NewQueue().EnqueueAsync("website", "web");
        await NewQueue().ClaimAsync();

        // A new worker process after the old one was killed mid-run.
        var queue = NewQueue();
        var recovered = queue.RecoverInterrupted();

        Assert.Equal(1, recovered);
        Assert.Equal("website", Assert.Single(await queue.GetPendingAsync()).Source);
    }

    [Fact]
    public async Task GetPendingAsync_FileThatIsNoRequest_SetAsideNotReturned()
    {
        var queue = NewQueue();
        await queue.EnqueueAsync("website", "web");
        await File.WriteAllTextAsync(Path.Combine(QueueDirectory, "handwerk.json"), "{ geen json");

        var pending = await queue.GetPendingAsync();

        Assert.Equal("website", Assert.Single(pending).Source);
        Assert.True(File.Exists(Path.Combine(QueueDirectory, "handwerk.invalid")));
    }

    [Fact]
    public async Task EnqueueAsync_ManyWritersWhileReading_ReaderOnlySeesWholeRequests()
    {
        var queue = NewQueue();
        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await queue.GetPendingAsync();
                reads++;
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => NewQueue().EnqueueAsync($"bron-{i}", "web"))));
        await stop.CancelAsync();
        await reader;

        Assert.True(reads > 0);
        Assert.Equal(40, (await queue.GetPendingAsync()).Count);
        Assert.Empty(Directory.GetFiles(QueueDirectory, "*.invalid"));
        Assert.Empty(Directory.GetFiles(QueueDirectory, ".*"));
    }

    public void Dispose() => _data.Dispose();
}
