namespace KccAssistant.Ingest.Pipeline;

/// <summary>
/// What editors see of ingestion wherever it runs: the run going on, the last report and, for the worker, its
/// schedule and queue. Also the JSON contract of <c>&lt;DataDir&gt;/ingest-status.json</c> (camelCase).
/// </summary>
public sealed record IngestionSnapshot
{
    /// <summary>Nothing known yet.</summary>
    public static IngestionSnapshot Empty { get; } = new();

    /// <summary>True while a run is writing a generation.</summary>
    public bool Running { get; init; }

    /// <summary>What the current (or last) run was asked to do, e.g. "alle bronnen" or "website".</summary>
    public string? Description { get; init; }

    /// <summary>Where the running run is.</summary>
    public IngestProgress? Progress { get; init; }

    /// <summary>When the current (or last) run started.</summary>
    public DateTimeOffset? RunStartedAt { get; init; }

    /// <summary>When the last run finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The last run that committed a generation.</summary>
    public IngestReport? LastReport { get; init; }

    /// <summary>Why the last run failed, if it did.</summary>
    public string? LastError { get; init; }

    /// <summary>When the writer last wrote this (a heartbeat while running); null for in-process status.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The process that ran the current or last run.</summary>
    public int? ProcessId { get; init; }

    /// <summary>The machine of that process.</summary>
    public string? MachineName { get; init; }

    /// <summary>The ingest worker (<c>--worker</c>) that uses this data directory, as it last described itself.</summary>
    public WorkerInfo? Worker { get; init; }

    /// <summary>Requests waiting in the queue (filled by the reader, not stored in the status file).</summary>
    public IReadOnlyList<IngestRequest>? Pending { get; init; }

    /// <summary>
    /// True when the file says a run is going on but its writer stopped sending heartbeats (the process was killed
    /// or the machine stopped); <see cref="Running"/> is then false and <see cref="LastError"/> says so.
    /// </summary>
    public bool Stalled { get; init; }
}

/// <summary>How the ingest worker describes itself in the status file.</summary>
/// <param name="ProcessId">Its process id.</param>
/// <param name="MachineName">Its machine.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Schedule">Its schedule in words, e.g. "dagelijks om 02:00 (Europe/Amsterdam)".</param>
/// <param name="NextRunAt">When the next scheduled run is due; null without a schedule.</param>
/// <param name="StoppedAt">When it stopped, if it stopped cleanly.</param>
public sealed record WorkerInfo(int ProcessId, string MachineName, DateTimeOffset StartedAt, string Schedule, DateTimeOffset? NextRunAt, DateTimeOffset? StoppedAt = null);
