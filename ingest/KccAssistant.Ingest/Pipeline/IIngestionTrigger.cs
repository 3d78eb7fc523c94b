namespace KccAssistant.Ingest.Pipeline;

/// <summary>
/// How editors start re-ingestion from the web app: in the web process itself or, with <c>Kcc:Ingest:Mode</c> =
/// Worker, by queueing a request for the ingest worker.
/// </summary>
public interface IIngestionTrigger
{
    /// <summary>Whether a request would be taken now (in-process: no run going on; the worker's queue always takes one).</summary>
    bool CanTrigger { get; }

    /// <summary>Asks for a run of one configured source, or all when <paramref name="source"/> is null.</summary>
    Task<IngestTriggerResult> TriggerAsync(string? source, string requestedBy, CancellationToken cancellationToken = default);
}

/// <summary>What became of a trigger.</summary>
public enum IngestTriggerOutcome
{
    /// <summary>A run started in this process.</summary>
    Started,
    /// <summary>A request was queued for the worker.</summary>
    Queued,
    /// <summary>An equal or wider request was already waiting; nothing was added.</summary>
    AlreadyQueued,
    /// <summary>A run is going on in this process; nothing was started.</summary>
    Busy,
    /// <summary>No configured source has that name.</summary>
    UnknownSource,
}

/// <summary>The outcome of a trigger with a message for editors (Dutch).</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Source">The source asked for; null for all.</param>
/// <param name="Message">A sentence for the editor.</param>
public sealed record IngestTriggerResult(IngestTriggerOutcome Outcome, string? Source, string Message)
{
    /// <summary>True when the request will be (or is being) carried out.</summary>
    public bool Accepted => Outcome is IngestTriggerOutcome.Started or IngestTriggerOutcome.Queued or IngestTriggerOutcome.AlreadyQueued;

    internal static IngestTriggerResult Unknown(string source) =>
        new(IngestTriggerOutcome.UnknownSource, source, $"Onbekende bron '{source}'.");

    internal static string Describe(string? source) => source ?? "alle bronnen";
}

/// <summary>Runs ingestion in the web process through <see cref="IngestionRunner"/> (the default mode).</summary>
public sealed class InProcessIngestionTrigger(IngestionRunner runner, IngestionStatus status) : IIngestionTrigger
{
    /// <inheritdoc />
    public bool CanTrigger => !status.Running;

    /// <inheritdoc />
    public Task<IngestTriggerResult> TriggerAsync(string? source, string requestedBy, CancellationToken cancellationToken = default)
    {
        if (source is not null && !runner.Sources.Any(s => s.Name.Equals(source, StringComparison.OrdinalIgnoreCase)))
        {
            return Task.FromResult(IngestTriggerResult.Unknown(source));
        }

        return Task.FromResult(runner.TryStart(source)
            ? new IngestTriggerResult(IngestTriggerOutcome.Started, source, $"Inlezen van {IngestTriggerResult.Describe(source)} gestart.")
            : new IngestTriggerResult(IngestTriggerOutcome.Busy, source, "Er loopt al een inleesrun."));
    }
}
