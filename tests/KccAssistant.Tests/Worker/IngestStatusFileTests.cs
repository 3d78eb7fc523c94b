using System.Diagnostics;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Worker;
using KccAssistant.Stores;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Worker;

public sealed class IngestStatusFileTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private IngestStatusFile File => IngestStatusFile.ForDataDirectory(_data.Path);

    private IngestStatusPublisher NewPublisher(TimeProvider? time = null) =>
        new(File, time ?? TimeProvider.System, NullLogger<IngestStatusPublisher>.Instance);

    private WorkerIngestionStatusSource NewWebSide(TimeProvider? time = null) =>
        new(File, IngestQueue.ForDataDirectory(_data.Path), time ?? TimeProvider.System, NullLogger<WorkerIngestionStatusSource>.Instance);

    private static async Task<IngestionSnapshot> WaitForAsync(WorkerIngestionStatusSource source, Func<IngestionSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var snapshot = await source.GetAsync();
            if (condition(snapshot))
            {
                return snapshot;
            }
        }

        throw new TimeoutException("The status file never showed the expected state.");
    }

    [Fact]
    public async Task RunAsync_RunInProgress_WebSideSeesProgressThenReport()
    {
        using var publisher = NewPublisher();
        using var web = NewWebSide();
        var finish = new TaskCompletionSource<IngestReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = publisher.RunAsync("website", async (progress, cancellationToken) =>
        {
            progress.Report(new IngestProgress("website", 0, 0, 0, TimeSpan.Zero, Generation: 7));
            progress.Report(new IngestProgress("website", 12, 30, 1, TimeSpan.FromSeconds(3), Generation: 7));
            return await finish.Task;
        });

        var running = await WaitForAsync(web, s => s.Running);
        Assert.Equal("website", running.Description);
        Assert.Equal(30, running.Progress!.ChunksEmbedded);
        Assert.Equal(7, running.Progress.Generation);
        Assert.Equal(Environment.ProcessId, running.ProcessId);
        Assert.False(running.Stalled);

        finish.SetResult(new IngestReport { Generation = 7, Committed = true, Documents = 12, Chunks = 30, EmbeddedChunks = 30 });
        await run;

        var done = await WaitForAsync(web, s => !s.Running);
        Assert.Equal(7, done.LastReport!.Generation);
        Assert.Null(done.Progress);
        Assert.Null(done.LastError);
        Assert.Empty(Directory.GetFiles(_data.Path, ".*"));
    }

    [Fact]
    public async Task RunAsync_ManyProgressReports_WrittenAtMostEveryHalfSecond()
    {
        using var publisher = NewPublisher();
        var writes = new List<DateTime>();
        using var watcher = new FileSystemWatcher(_data.Path) { EnableRaisingEvents = true };
        watcher.Renamed += (_, e) =>
        {
            if (e.Name == IngestStatusFile.FileName)
            {
                lock (writes)
                {
                    writes.Add(DateTime.UtcNow);
                }
            }
        };

        var started = Stopwatch.GetTimestamp();
        await publisher.RunAsync("kb", async (progress, cancellationToken) =>
        {
            for (var i = 1; i <= 300; i++)
            {
                progress.Report(new IngestProgress("kb", i, i, 0, TimeSpan.FromMilliseconds(i * 10), Generation: 2));
                await Task.Delay(10, cancellationToken);
            }

            return new IngestReport { Generation = 2, Committed = true };
        });

        // 300 reports over about 3 s (longer on a busy machine): a write per half second and the final one, not 300.
        var elapsed = Stopwatch.GetElapsedTime(started);
        await Task.Delay(200);
        lock (writes)
        {
            Assert.InRange(writes.Count, 2, (int)(elapsed.TotalSeconds / 0.5) + 3);
        }
    }

    [Fact]
    public async Task RunAsync_RunFails_ErrorRecordedAndLastReportKept()
    {
        using var publisher = NewPublisher();
        await publisher.RunAsync("kb", (_, _) => Task.FromResult(new IngestReport { Generation = 3, Committed = true }));

        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.RunAsync("kb", (progress, _) =>
        {
            progress.Report(new IngestProgress("kb", 0, 0, 0, TimeSpan.Zero, Generation: 4));
            throw new InvalidOperationException("schijf vol");
        }));

        var status = (await File.ReadAsync())!;
        Assert.False(status.Running);
        Assert.Equal("schijf vol", status.LastError);
        Assert.Equal(3, status.LastReport!.Generation);
    }

    [Fact]
    public async Task RunAsync_StoreBusy_LeavesTheWritingRunsStatusAlone()
    {
        // Another process's run is writing the file right now.
        var other = new IngestionSnapshot
        {
            Running = true,
            Description = "website",
            Progress = new IngestProgress("website", 5, 5, 0, TimeSpan.FromSeconds(2), 9),
            UpdatedAt = DateTimeOffset.UtcNow,
            ProcessId = Environment.ProcessId + 100_000,
            MachineName = Environment.MachineName,
        };
        await File.WriteAsync(other);
        using var publisher = NewPublisher();

        await Assert.ThrowsAsync<StoreBusyException>(() => publisher.RunAsync("kb", (_, _) =>
            Task.FromException<IngestReport>(new StoreBusyException("Another ingestion run is writing to 'x'."))));

        var status = (await File.ReadAsync())!;
        Assert.True(status.Running);
        Assert.Equal(9, status.Progress!.Generation);
    }

    [Fact]
    public async Task GetAsync_RunningWithoutHeartbeat_ShownAsStalled()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await File.WriteAsync(new IngestionSnapshot
        {
            Running = true,
            Description = "alle bronnen",
            UpdatedAt = time.GetUtcNow(),
            ProcessId = 4242,
            MachineName = "worker-1",
        });
        using var web = NewWebSide(time);
        Assert.True((await web.GetAsync()).Running);

        time.Advance(IngestStatusPublisher.StaleAfter + TimeSpan.FromSeconds(1));
        await Task.Delay(WorkerIngestionStatusSource.RefreshInterval + TimeSpan.FromMilliseconds(100));
        var status = await web.GetAsync();

        Assert.False(status.Running);
        Assert.True(status.Stalled);
        Assert.Contains("4242", status.LastError, StringComparison.Ordinal);
        Assert.Contains("vorige index", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_RequestsQueued_ListedAsPending()
    {
        await IngestQueue.ForDataDirectory(_data.Path).EnqueueAsync("kennisbank", "web");
        using var web = NewWebSide();

        var status = await web.GetAsync();

        Assert.Equal("kennisbank", Assert.Single(status.Pending!).Source);
        Assert.False(status.Running);
    }

    [Fact]
    public async Task ReadAsync_MissingOrBrokenFile_Null()
    {
        Assert.Null(await File.ReadAsync());

        await System.IO.File.WriteAllTextAsync(File.Path, "{ kapot");

        Assert.Null(await File.ReadAsync());
    }

    [Fact]
    public async Task PublishWorkerAsync_AfterARun_KeepsTheLastReport()
    {
        using var publisher = NewPublisher();
        await publisher.RunAsync("kb", (_, _) => Task.FromResult(new IngestReport { Generation = 5, Committed = true }));

        await publisher.PublishWorkerAsync(new WorkerInfo(1, "m", DateTimeOffset.UtcNow, "elke 1.00:00:00", DateTimeOffset.UtcNow.AddDays(1)));

        var status = (await File.ReadAsync())!;
        Assert.Equal(5, status.LastReport!.Generation);
        Assert.Equal("elke 1.00:00:00", status.Worker!.Schedule);
    }

    public void Dispose() => _data.Dispose();
}
