using KccAssistant.QuestionLog;

namespace KccAssistant.Web.QuestionLog;

/// <summary>
/// Appends the entries <see cref="QuestionLogRecorder"/> queues to <see cref="IQuestionLog"/>, one at a time. A
/// failing write costs that entry and a warning (without the question), never the app; at shutdown the queue is
/// written out first.
/// </summary>
public sealed partial class QuestionLogWriter(QuestionLogRecorder recorder, IQuestionLog log, ILogger<QuestionLogWriter> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await recorder.Pending.WaitToReadAsync(stoppingToken))
            {
                await WriteAvailableAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        recorder.Complete();
        await base.StopAsync(cancellationToken);
        // What was queued while stopping still goes to the file, unless the host's shutdown time runs out.
        await WriteAvailableAsync(cancellationToken);
    }

    private async Task WriteAvailableAsync(CancellationToken cancellationToken)
    {
        // Peek, write, then take: an append cancelled by the host's stop leaves the entry for the drain in StopAsync.
        while (recorder.Pending.TryPeek(out var entry))
        {
            try
            {
                await log.AppendAsync(entry, cancellationToken);
                recorder.Pending.TryRead(out _);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                recorder.Pending.TryRead(out _);
                LogFailed(logger, entry.AskId, exception.GetType().Name, exception is IOException or UnauthorizedAccessException ? exception.Message : "");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Question log: ask {AskId} could not be written ({Error}) {Detail}")]
    private static partial void LogFailed(ILogger logger, string askId, string error, string detail);
}
