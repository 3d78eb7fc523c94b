namespace KccAssistant.Ingest.Pipeline;

/// <summary>Where editors read the state of ingestion: this process, or the worker's status file.</summary>
public interface IIngestionStatusSource
{
    /// <summary>Where ingestion runs.</summary>
    IngestMode Mode { get; }

    /// <summary>The latest known state, cheap to read while rendering.</summary>
    IngestionSnapshot Current { get; }

    /// <summary>Raised when the state changed (a run started, moved on or finished; a request was queued).</summary>
    event Action? Changed;

    /// <summary>The state, read again when what <see cref="Current"/> holds may be out of date.</summary>
    Task<IngestionSnapshot> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>Reports the in-process runner's <see cref="IngestionStatus"/>.</summary>
public sealed class InProcessIngestionStatusSource(IngestionStatus status) : IIngestionStatusSource
{
    /// <inheritdoc />
    public IngestMode Mode => IngestMode.InProcess;

    /// <inheritdoc />
    public IngestionSnapshot Current => new()
    {
        Running = status.Running,
        Description = status.Description,
        Progress = status.Progress,
        LastReport = status.LastReport,
        LastError = status.LastError,
        ProcessId = Environment.ProcessId,
        MachineName = Environment.MachineName,
    };

    /// <inheritdoc />
    public event Action? Changed
    {
        add => status.Changed += value;
        remove => status.Changed -= value;
    }

    /// <inheritdoc />
    public Task<IngestionSnapshot> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Current);
}
