using KccAssistant.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Ingest.Worker;

/// <summary>
/// With <c>Kcc:Ingest:Mode</c> = Worker: the web app's view of ingestion, read from the worker's status file and
/// request queue. Re-read at most every <see cref="RefreshInterval"/>; while anyone listens to <see cref="Changed"/>
/// a timer looks every second. A "running" status without a heartbeat for <see cref="IngestStatusPublisher.StaleAfter"/>
/// is shown as stalled: the process writing it is gone and the previous index keeps serving.
/// </summary>
public sealed partial class WorkerIngestionStatusSource : IIngestionStatusSource, IDisposable
{
    /// <summary>How old <see cref="Current"/> may be before <see cref="GetAsync"/> reads again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    private readonly IngestStatusFile _file;
    private readonly IngestQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkerIngestionStatusSource> _logger;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly Lock _gate = new();
    private IngestionSnapshot _current = IngestionSnapshot.Empty;
    private string _version = "";
    private long _readAt;
    private bool _loaded;
    private Action? _changed;
    private ITimer? _timer;

    /// <summary>Reads <paramref name="file"/> and <paramref name="queue"/>.</summary>
    public WorkerIngestionStatusSource(IngestStatusFile file, IngestQueue queue, TimeProvider time, ILogger<WorkerIngestionStatusSource> logger)
    {
        _file = file;
        _queue = queue;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public IngestMode Mode => IngestMode.Worker;

    /// <inheritdoc />
    public IngestionSnapshot Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public event Action? Changed
    {
        add
        {
            lock (_gate)
            {
                _changed += value;
                _timer ??= _time.CreateTimer(_ => _ = RefreshQuietlyAsync(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
            }
        }

        remove
        {
            lock (_gate)
            {
                _changed -= value;
                if (_changed is null)
                {
                    _timer?.Dispose();
                    _timer = null;
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<IngestionSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _loaded) && _time.GetElapsedTime(Interlocked.Read(ref _readAt)) < RefreshInterval)
        {
            return Current;
        }

        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await _file.ReadAsync(cancellationToken) ?? IngestionSnapshot.Empty;
            var pending = await _queue.GetPendingAsync(cancellationToken);
            snapshot = MarkStalled(snapshot with { Pending = pending }, _time.GetUtcNow());
            var version = $"{snapshot.UpdatedAt:O}|{snapshot.Running}|{snapshot.Stalled}|{string.Join(',', pending.Select(p => p.Id))}";
            Volatile.Write(ref _current, snapshot);
            Interlocked.Exchange(ref _readAt, _time.GetTimestamp());
            Volatile.Write(ref _loaded, true);
            if (version != _version)
            {
                _version = version;
                _changed?.Invoke();
            }

            return snapshot;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>A run that stopped sending heartbeats is not running any more: say what happened instead.</summary>
    public static IngestionSnapshot MarkStalled(IngestionSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!snapshot.Running || snapshot.UpdatedAt is not { } updated || now - updated < IngestStatusPublisher.StaleAfter)
        {
            return snapshot;
        }

        return snapshot with
        {
            Running = false,
            Stalled = true,
            LastError = $"De inleesrun ({snapshot.Description}) in proces {snapshot.ProcessId} op {snapshot.MachineName} geeft sinds " +
                $"{updated.ToLocalTime():d-M HH:mm:ss} geen teken van leven; het proces is waarschijnlijk gestopt. De vorige index blijft in gebruik.",
        };
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await GetAsync();
        }
        catch (Exception exception)
        {
            LogRefreshFailed(_logger, exception.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        _refreshLock.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the ingest worker's status: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
