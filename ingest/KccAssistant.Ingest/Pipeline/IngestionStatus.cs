namespace KccAssistant.Ingest.Pipeline;

/// <summary>
/// The state of ingestion in this process, for the web app's editor page and first-start notice. Thread-safe;
/// <see cref="Changed"/> fires on every update so Blazor components can re-render.
/// </summary>
public sealed class IngestionStatus
{
    private readonly Lock _gate = new();

    /// <summary>True while a run is going on.</summary>
    public bool Running { get; private set; }

    /// <summary>What the running run is doing.</summary>
    public IngestProgress? Progress { get; private set; }

    /// <summary>The last finished run.</summary>
    public IngestReport? LastReport { get; private set; }

    /// <summary>Why the last run failed, if it did.</summary>
    public string? LastError { get; private set; }

    /// <summary>What the current run was asked to do (e.g. "alle bronnen", "website").</summary>
    public string? Description { get; private set; }

    /// <summary>Raised after every change.</summary>
    public event Action? Changed;

    /// <summary>Marks a run as started; false when one is already running.</summary>
    public bool TryStart(string description)
    {
        lock (_gate)
        {
            if (Running)
            {
                return false;
            }

            Running = true;
            Description = description;
            Progress = null;
            LastError = null;
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Records progress.</summary>
    public void Report(IngestProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_gate)
        {
            // Progress<T> posts each report to the thread pool, so they can arrive out of order: an older one must
            // not move the progress bar back. After Finish, a late report must not bring back a finished run.
            if (!Running || (Progress is { } current && progress.Elapsed < current.Elapsed))
            {
                return;
            }

            Progress = progress;
        }

        Changed?.Invoke();
    }

    /// <summary>Brings back the last run of an earlier process, unless this process has run since.</summary>
    public void Restore(IngestReport? report, string? error)
    {
        lock (_gate)
        {
            if (Running || LastReport is not null || LastError is not null)
            {
                return;
            }

            LastReport = report;
            LastError = error;
        }

        Changed?.Invoke();
    }

    /// <summary>Marks the run as finished.</summary>
    public void Finish(IngestReport? report, string? error)
    {
        lock (_gate)
        {
            Running = false;
            LastReport = report ?? LastReport;
            LastError = error;
        }

        Changed?.Invoke();
    }
}
