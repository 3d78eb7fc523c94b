using KccAssistant.QuestionLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Worker;

/// <summary>
/// Enforces <c>Kcc:QuestionLog:RetentionDays</c>: removes older entries from the question log when the worker starts
/// and then once a day. The web app only appends; retention lives here so it also runs while nobody asks anything.
/// </summary>
public sealed partial class QuestionLogRetention(
    IQuestionLog log,
    IOptions<QuestionLogOptions> options,
    TimeProvider time,
    ILogger<QuestionLogRetention> logger) : BackgroundService
{
    /// <summary>Time between two prunes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>Removes entries older than the retention period; returns how many. A failure is logged, not thrown.</summary>
    public async Task<int> PruneOnceAsync(CancellationToken cancellationToken = default)
    {
        var days = options.Value.RetentionDays;
        var cutoff = time.GetUtcNow().AddDays(-days);
        try
        {
            var removed = await log.PruneAsync(cutoff, cancellationToken);
            LogPruned(logger, removed, days, cutoff);
            return removed;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // A locked or unreadable log must not stop ingestion: try again at the next interval.
            LogFailed(logger, exception.GetType().Name, exception.Message);
            return 0;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await PruneOnceAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Question log: removed {Removed} entries older than {RetentionDays} days (before {Cutoff:u})")]
    private static partial void LogPruned(ILogger logger, int removed, int retentionDays, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Question log: pruning failed ({Error}: {Detail}); retrying in a day")]
    private static partial void LogFailed(ILogger logger, string error, string detail);
}
