namespace KccAssistant.Ingest.Pipeline;

/// <summary>The ingest CLI's exit codes, as documented in <see cref="IngestCommandLine.Usage"/>.</summary>
public static class IngestExitCodes
{
    /// <summary>The run completed (pages that failed are counted, not fatal); the worker stopped cleanly.</summary>
    public const int Completed = 0;

    /// <summary>The worker stopped on an unexpected error.</summary>
    public const int Failed = 1;

    /// <summary>Could not run: bad arguments or configuration, a source that does not exist.</summary>
    public const int CouldNotRun = 2;

    /// <summary>Busy: another run writes to the data directory, or a worker already runs for it.</summary>
    public const int Busy = 3;

    /// <summary>The index database is corrupt or unreadable; the message names the file and what to do.</summary>
    public const int StoreUnavailable = 4;

    /// <summary>Cancelled (Ctrl+C); the previous generation keeps serving.</summary>
    public const int Cancelled = 130;
}
