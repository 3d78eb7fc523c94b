using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>
/// Runs ingestion in the background of a long-running process (the web app), one run at a time, reporting
/// through <see cref="IngestionStatus"/>. Editors trigger it for one source or all.
/// </summary>
public sealed partial class IngestionRunner(
    IServiceProvider services,
    IngestionStatus status,
    IOptionsMonitor<List<SourceDefinition>> sources,
    IHostApplicationLifetime lifetime,
    ILogger<IngestionRunner> logger)
{
    private Task _current = Task.CompletedTask;

    /// <summary>The configured sources.</summary>
    public IReadOnlyList<SourceDefinition> Sources => sources.CurrentValue;

    /// <summary>Starts a run in the background; false when one is already running or the source is unknown.</summary>
    public bool TryStart(string? sourceName = null)
    {
        var all = Sources;
        if (sourceName is not null && !all.Any(s => s.Name.Equals(sourceName, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (!status.TryStart(sourceName ?? "alle bronnen"))
        {
            return false;
        }

        var only = sourceName is null ? null : new[] { sourceName };
        _current = Task.Run(async () =>
        {
            try
            {
                var progress = new Progress<IngestProgress>(status.Report);
                // A fresh pipeline per run: its HTTP clients and readers are transient.
                var pipeline = services.GetRequiredService<IngestionPipeline>();
                var report = await pipeline.RunAsync(all, only, progress, lifetime.ApplicationStopping);
                status.Finish(report, null);
            }
            catch (Exception exception)
            {
                LogRunFailed(logger, exception);
                status.Finish(null, exception.Message);
            }
        });
        return true;
    }

    /// <summary>Completes when the current run (if any) has finished.</summary>
    public Task WaitAsync(CancellationToken cancellationToken = default) => _current.WaitAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion run failed; the previous generation keeps serving")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
