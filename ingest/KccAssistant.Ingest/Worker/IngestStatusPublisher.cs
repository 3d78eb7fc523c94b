using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Ingest.Worker;

/// <summary>
/// Publishes this process's ingestion runs to <see cref="IngestStatusFile"/> so the web app can follow a run in
/// another process: progress at most every <see cref="WriteInterval"/>, a heartbeat every
/// <see cref="HeartbeatInterval"/> while a run goes on (readers treat a silent "running" as
/// <see cref="StaleAfter"/> stalled), and the report or error at the end. A run claims the file only once it holds
/// the store's write lock, so a run refused as busy never overwrites the status of the run that is writing.
/// </summary>
public sealed partial class IngestStatusPublisher(IngestStatusFile file, TimeProvider time, ILogger<IngestStatusPublisher> logger) : IDisposable
{
    /// <summary>Least time between two progress writes.</summary>
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest time between two writes while a run goes on.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    /// <summary>A "running" status not written for this long belongs to a process that is gone.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private WorkerInfo? _worker;

    /// <summary>The status file.</summary>
    public IngestStatusFile File => file;

    /// <summary>
    /// Records the worker's description (schedule, next run) and writes it, unless another process's run is writing
    /// the file right now; the next write of this process's own runs carries it then.
    /// </summary>
    public async Task PublishWorkerAsync(WorkerInfo worker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        _worker = worker;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var current = await file.ReadAsync(cancellationToken) ?? IngestionSnapshot.Empty;
            if (!IsLiveRunOfAnotherProcess(current))
            {
                await file.WriteAsync(current with { Worker = worker, UpdatedAt = time.GetUtcNow() }, cancellationToken);
            }
        }
        catch (IOException exception)
        {
            LogWriteFailed(logger, file.Path, exception.Message);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> (an ingestion pipeline run) and publishes its progress and outcome. Exceptions
    /// are recorded and rethrown; a <see cref="StoreBusyException"/> is rethrown without touching the file.
    /// </summary>
    /// <param name="description">What the run does, for editors ("alle bronnen", "website").</param>
    /// <param name="run">The run, given the progress sink to report to.</param>
    /// <param name="alsoReport">Another progress sink (the terminal), told everything too.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<IngestReport> RunAsync(
        string description,
        Func<IProgress<IngestProgress>, CancellationToken, Task<IngestReport>> run,
        IProgress<IngestProgress>? alsoReport = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var baseline = await file.ReadAsync(cancellationToken) ?? IngestionSnapshot.Empty;
        var state = new RunState(description, time.GetUtcNow());
        using var stopWriting = new CancellationTokenSource();
        var writing = WriteWhileRunningAsync(baseline, state, stopWriting.Token);
        var progress = new SinkProgress(p =>
        {
            state.Update(p);
            alsoReport?.Report(p);
        });

        IngestReport? report = null;
        string? error = null;
        try
        {
            report = await run(progress, cancellationToken);
            return report;
        }
        catch (StoreBusyException)
        {
            state.Abandon();
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error = "afgebroken voordat de run klaar was";
            throw;
        }
        catch (Exception exception)
        {
            error = exception.Message;
            throw;
        }
        finally
        {
            await stopWriting.CancelAsync();
            await writing;
            if (!state.Abandoned)
            {
                await FinishAsync(baseline, state, report, error);
            }
        }
    }

    private async Task WriteWhileRunningAsync(IngestionSnapshot baseline, RunState state, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(WriteInterval, time);
        var lastWrite = DateTimeOffset.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = time.GetUtcNow();
                if (state.Owned && (state.TakeDirty() || now - lastWrite >= HeartbeatInterval))
                {
                    await WriteAsync(Running(baseline, state, now), stop);
                    lastWrite = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task FinishAsync(IngestionSnapshot baseline, RunState state, IngestReport? report, string? error)
    {
        var now = time.GetUtcNow();
        if (!state.Owned)
        {
            // Failed before it held the store (bad configuration, model would not load): say so, unless another
            // process's run is writing the file.
            baseline = await file.ReadAsync() ?? baseline;
            if (IsLiveRunOfAnotherProcess(baseline))
            {
                return;
            }
        }

        await WriteAsync(
            baseline with
            {
                Running = false,
                Description = state.Description,
                Progress = null,
                RunStartedAt = state.StartedAt,
                FinishedAt = now,
                LastReport = report ?? baseline.LastReport,
                LastError = error,
                UpdatedAt = now,
                ProcessId = Environment.ProcessId,
                MachineName = Environment.MachineName,
                Worker = _worker ?? baseline.Worker,
                Stalled = false,
            },
            CancellationToken.None);
    }

    private IngestionSnapshot Running(IngestionSnapshot baseline, RunState state, DateTimeOffset now) => baseline with
    {
        Running = true,
        Description = state.Description,
        Progress = state.Latest,
        RunStartedAt = state.StartedAt,
        LastError = null,
        UpdatedAt = now,
        ProcessId = Environment.ProcessId,
        MachineName = Environment.MachineName,
        Worker = _worker ?? baseline.Worker,
        Stalled = false,
    };

    private async Task WriteAsync(IngestionSnapshot snapshot, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await file.WriteAsync(snapshot, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The status is for display; a full disk or a locked file must not fail the run.
            LogWriteFailed(logger, file.Path, exception.Message);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private bool IsLiveRunOfAnotherProcess(IngestionSnapshot snapshot) =>
        snapshot.Running
        && (snapshot.ProcessId != Environment.ProcessId || snapshot.MachineName != Environment.MachineName)
        && snapshot.UpdatedAt is { } updated && time.GetUtcNow() - updated < StaleAfter;

    /// <inheritdoc />
    public void Dispose() => _writeLock.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the ingestion status to {Path}: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string path, string reason);

    /// <summary>What the run has reported so far; written by the run's thread, read by the writer loop.</summary>
    private sealed class RunState(string description, DateTimeOffset startedAt)
    {
        private IngestProgress? _latest;
        private int _dirty;
        private int _owned;
        private int _abandoned;

        public string Description => description;

        public DateTimeOffset StartedAt => startedAt;

        public IngestProgress? Latest => Volatile.Read(ref _latest);

        /// <summary>True once the pipeline reported the generation it writes: it holds the store.</summary>
        public bool Owned => Volatile.Read(ref _owned) == 1;

        public bool Abandoned => Volatile.Read(ref _abandoned) == 1;

        public void Update(IngestProgress progress)
        {
            Volatile.Write(ref _latest, progress);
            if (progress.Generation > 0)
            {
                Volatile.Write(ref _owned, 1);
            }

            Volatile.Write(ref _dirty, 1);
        }

        public bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;

        public void Abandon() => Volatile.Write(ref _abandoned, 1);
    }

    /// <summary>Reports synchronously, in order (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    private sealed class SinkProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
