using KccAssistant.Configuration;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Worker;

/// <summary>
/// The long-running ingest worker (<c>--worker</c>): ingests all configured sources on the <c>Kcc:Worker</c>
/// schedule and runs the re-ingestion requests the web app queues, one run at a time, publishing progress and
/// reports to <see cref="IngestStatusFile"/>. Waiting requests are merged into one run (all sources when any asks
/// for all, or when a scheduled run is due). One worker per data directory (<c>worker.lock</c>).
/// </summary>
public sealed partial class IngestWorker(
    IServiceProvider services,
    IKnowledgeStore store,
    IngestQueue queue,
    IngestStatusPublisher publisher,
    IOptions<WorkerOptions> options,
    IOptionsMonitor<List<SourceDefinition>> sources,
    IOptions<KccOptions> kccOptions,
    TimeProvider time,
    ILogger<IngestWorker> logger) : BackgroundService
{
    /// <summary>The file a worker holds locked for its lifetime, in the data directory.</summary>
    public const string LockFileName = "worker.lock";

    private FileStream? _lock;
    private IngestSchedule _schedule = IngestSchedule.None;
    private WorkerInfo? _info;
    private DateTimeOffset? _nextRun;
    private bool _waitingForStore;
    private bool _emptyStoreRun;

    /// <summary>When the next scheduled run is due; null without a schedule.</summary>
    public DateTimeOffset? NextRunAt => _nextRun;

    /// <summary>Takes the data directory's worker lock (a second worker is refused), then starts.</summary>
    /// <exception cref="StoreBusyException">Another worker runs for this data directory.</exception>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = KccPaths.Resolve(kccOptions.Value.DataDir);
        Directory.CreateDirectory(dataDirectory);
        if (sources.CurrentValue.Count == 0)
        {
            throw new InvalidOperationException("Kcc:Sources is empty: the worker has nothing to ingest.");
        }

        try
        {
            // Not DeleteOnClose: the file stays, the OS lock is what counts, and it goes with the process.
            _lock = new FileStream(Path.Combine(dataDirectory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new StoreBusyException($"Another ingest worker is running for '{dataDirectory}'.", exception);
        }

        _schedule = IngestSchedule.From(options.Value, time.LocalTimeZone);
        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
            if (_info is not null)
            {
                await publisher.PublishWorkerAsync(_info with { StoppedAt = time.GetUtcNow() }, CancellationToken.None);
            }

            LogStopped(logger);
        }
        finally
        {
            if (_lock is not null)
            {
                await _lock.DisposeAsync();
                _lock = null;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var startedAt = time.GetUtcNow();
        queue.RecoverInterrupted();
        var info = await store.GetInfoAsync(stoppingToken);
        _emptyStoreRun = info.IsEmpty && options.Value.RunWhenEmpty;
        _nextRun = _emptyStoreRun ? startedAt : _schedule.NextRun(startedAt, info.CommittedAt);
        _info = new WorkerInfo(Environment.ProcessId, Environment.MachineName, startedAt, _schedule.Description, _nextRun);
        await publisher.PublishWorkerAsync(_info, stoppingToken);
        LogStarted(logger, _schedule.Description, _nextRun, queue.Directory);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StepAsync(stoppingToken);
                await Task.Delay(NextWait(), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The worker outlives a bad step (a full disk, an unreadable queue): say so and try again later.
                LogStepFailed(logger, exception);
                try
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>One look at the schedule and the queue; runs when something is due.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var scheduled = _nextRun is { } next && now >= next;
        var claimed = await queue.ClaimAsync(cancellationToken);
        if (!scheduled && claimed.Count == 0)
        {
            return;
        }

        var configured = sources.CurrentValue;
        IReadOnlyCollection<string>? only = null;
        string description;
        if (scheduled || claimed.Any(r => r.Source is null))
        {
            description = !scheduled ? "alle bronnen" : _emptyStoreRun ? "alle bronnen (lege index)" : "alle bronnen (gepland)";
        }
        else
        {
            var asked = claimed.Select(r => r.Source!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            only = configured.Where(s => asked.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).Select(s => s.Name).ToList();
            foreach (var unknown in asked.Where(a => !configured.Any(s => s.Name.Equals(a, StringComparison.OrdinalIgnoreCase))))
            {
                LogUnknownSource(logger, unknown);
            }

            if (only.Count == 0)
            {
                queue.Complete(claimed);
                return;
            }

            description = string.Join(", ", only);
        }

        LogRunStarting(logger, description, claimed.Count);
        var runStartedAt = time.GetUtcNow();
        try
        {
            // A fresh pipeline per run: its HTTP clients and readers are transient.
            var pipeline = services.GetRequiredService<IngestionPipeline>();
            await publisher.RunAsync(description, (progress, token) => pipeline.RunAsync(configured, only, progress, token), null, cancellationToken);
            _waitingForStore = false;
        }
        catch (StoreBusyException exception)
        {
            // A CLI run holds the store: keep the requests (and the due schedule) for when it is done.
            queue.Release(claimed);
            if (!_waitingForStore)
            {
                LogStoreBusy(logger, exception.Message);
                _waitingForStore = true;
            }

            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            queue.Release(claimed);
            throw;
        }
        catch (Exception exception)
        {
            // Recorded in the status file for editors; the requests are done with, or one bad request would loop.
            LogRunFailed(logger, description, exception);
        }

        queue.Complete(claimed);
        if (scheduled)
        {
            _emptyStoreRun = false;
            _nextRun = _schedule.NextRun(time.GetUtcNow(), runStartedAt);
            _info = _info! with { NextRunAt = _nextRun };
            await publisher.PublishWorkerAsync(_info, cancellationToken);
        }
    }

    private TimeSpan NextWait()
    {
        var wait = options.Value.PollInterval;
        if (_nextRun is { } next)
        {
            var untilDue = next - time.GetUtcNow();
            wait = untilDue <= TimeSpan.Zero ? TimeSpan.Zero : untilDue < wait ? untilDue : wait;
        }

        return _waitingForStore ? options.Value.PollInterval : wait;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest worker started: schedule {Schedule}, next run {NextRun}, queue {Queue}")]
    private static partial void LogStarted(ILogger logger, string schedule, DateTimeOffset? nextRun, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest worker stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run starting: {Description} ({Requests} queued request(s))")]
    private static partial void LogRunStarting(ILogger logger, string description, int requests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store busy, waiting before the next try: {Reason}")]
    private static partial void LogStoreBusy(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request for unknown source {Source} dropped")]
    private static partial void LogUnknownSource(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {Description} failed; the previous generation keeps serving")]
    private static partial void LogRunFailed(ILogger logger, string description, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker step failed; trying again after the poll interval")]
    private static partial void LogStepFailed(ILogger logger, Exception exception);
}
