using KccAssistant.Configuration;
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
    IOptions<KccOptions> kccOptions,
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

            await SaveAsync();
        });
        return true;
    }

    /// <summary>
    /// After a restart the editor page still shows the last run (what was indexed, what was skipped and why): it is
    /// kept in the data directory's status file, the same one the worker writes.
    /// </summary>
    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        var saved = await StatusFile.ReadAsync(cancellationToken);
        if (saved is not null)
        {
            status.Restore(saved.LastReport, saved.LastError);
        }
    }

    private Worker.IngestStatusFile StatusFile => Worker.IngestStatusFile.ForDataDirectory(KccPaths.Resolve(kccOptions.Value.DataDir));

    private async Task SaveAsync()
    {
        try
        {
            await StatusFile.WriteAsync(new IngestionSnapshot
            {
                LastReport = status.LastReport,
                LastError = status.LastError,
                FinishedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
                ProcessId = Environment.ProcessId,
                MachineName = Environment.MachineName,
            });
        }
        catch (IOException exception)
        {
            LogStatusNotSaved(logger, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the ingestion status: {Reason}")]
    private static partial void LogStatusNotSaved(ILogger logger, string reason);

    /// <summary>Completes when the current run (if any) has finished.</summary>
    public Task WaitAsync(CancellationToken cancellationToken = default) => _current.WaitAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion run failed; the previous generation keeps serving")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}
