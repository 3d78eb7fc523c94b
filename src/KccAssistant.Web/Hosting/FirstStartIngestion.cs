using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Hosting;

/// <summary>
/// On a first start with an empty store, ingests the configured sources so that a new user gets answers without a
/// separate step; the Ask page shows that it is doing so. Only with <c>Kcc:Ingest:Mode</c> = InProcess: with a
/// worker, the worker does this (<c>Kcc:Worker:RunWhenEmpty</c>).
/// </summary>
internal sealed partial class FirstStartIngestion(
    IKnowledgeStore store,
    IngestionRunner runner,
    IOptions<IngestOptions> options,
    ILogger<FirstStartIngestion> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Mode != IngestMode.InProcess)
        {
            return;
        }

        await runner.RestoreAsync(stoppingToken);
        if (!options.Value.IngestOnFirstStart)
        {
            return;
        }

        StoreInfo info;
        try
        {
            info = await store.GetInfoAsync(stoppingToken);
        }
        catch (KnowledgeStoreUnavailableException exception)
        {
            // A background service that throws stops the host; the app stays up and answers 503 instead.
            LogStoreUnavailable(logger, exception.Message);
            return;
        }

        if (info.IsEmpty && runner.Sources.Count > 0 && runner.TryStart())
        {
            LogFirstStart(logger, runner.Sources.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "No first-start ingestion: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Empty store: ingesting the {Count} configured sources")]
    private static partial void LogFirstStart(ILogger logger, int count);
}
