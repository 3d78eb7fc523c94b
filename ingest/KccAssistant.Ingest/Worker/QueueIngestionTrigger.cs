using KccAssistant.Ingest.Pipeline;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Worker;

/// <summary>With <c>Kcc:Ingest:Mode</c> = Worker: re-ingestion requests go to the worker's queue.</summary>
public sealed class QueueIngestionTrigger(IngestQueue queue, IOptionsMonitor<List<SourceDefinition>> sources) : IIngestionTrigger
{
    /// <inheritdoc />
    public bool CanTrigger => true;

    /// <inheritdoc />
    public async Task<IngestTriggerResult> TriggerAsync(string? source, string requestedBy, CancellationToken cancellationToken = default)
    {
        if (source is not null)
        {
            if (sources.CurrentValue.FirstOrDefault(s => s.Name.Equals(source, StringComparison.OrdinalIgnoreCase)) is not { } configured)
            {
                return IngestTriggerResult.Unknown(source);
            }

            source = configured.Name;
        }

        var result = await queue.EnqueueAsync(source, requestedBy, cancellationToken);
        return result.AlreadyQueued
            ? new IngestTriggerResult(IngestTriggerOutcome.AlreadyQueued, source,
                $"Er wacht al een verzoek voor {IngestTriggerResult.Describe(result.Request.Source)} (sinds {result.Request.RequestedAt.ToLocalTime():HH:mm:ss}).")
            : new IngestTriggerResult(IngestTriggerOutcome.Queued, source,
                $"Verzoek om {IngestTriggerResult.Describe(source)} opnieuw in te lezen staat in de wachtrij van de inleesdienst.");
    }
}
