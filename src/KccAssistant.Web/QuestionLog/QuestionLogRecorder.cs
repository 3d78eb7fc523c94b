using System.Security.Claims;
using System.Threading.Channels;
using KccAssistant.Answering;
using KccAssistant.Privacy;
using KccAssistant.QuestionLog;
using KccAssistant.Web.Security;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.QuestionLog;

/// <summary>
/// Turns an answered ask into a <see cref="QuestionLogEntry"/> (question and answer redacted, the user as a pseudonym,
/// the role only as the most privileged one) and queues it for <see cref="QuestionLogWriter"/>. The answer never waits
/// for the file: a prune by the worker can hold the log's lock for seconds. Nothing here may fail an answer.
/// </summary>
public sealed partial class QuestionLogRecorder(
    IOptions<QuestionLogOptions> options,
    PersonalDataRedactor redactor,
    QuestionLogPseudonyms pseudonyms,
    TimeProvider clock,
    ILogger<QuestionLogRecorder> logger)
{
    // Enough for minutes of asks at full load while a prune holds the lock; beyond that an entry is dropped, not the answer.
    private const int QueueCapacity = 10_000;

    private readonly Channel<QuestionLogEntry> _queue = Channel.CreateBounded<QuestionLogEntry>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Entries waiting to be written.</summary>
    internal ChannelReader<QuestionLogEntry> Pending => _queue.Reader;

    /// <summary>Logs <paramref name="response"/> to <paramref name="question"/> when the question log is enabled; never throws.</summary>
    public void Record(string question, AskResponse response, ClaimsPrincipal user, string via)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            var entry = CreateEntry(question, response, user, via);
            if (!_queue.Writer.TryWrite(entry))
            {
                LogDropped(logger, response.AskId);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The exception type only: a message could quote the question.
            LogFailed(logger, response.AskId, exception.GetType().Name);
        }
    }

    /// <summary>The entry as stored: question and answer redacted, the user as a pseudonym.</summary>
    public QuestionLogEntry CreateEntry(string question, AskResponse response, ClaimsPrincipal user, string via)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(user);
        return new QuestionLogEntry(
            response.AskId,
            clock.GetUtcNow(),
            pseudonyms.Of(StableId(user)),
            KccRoles.MostPrivileged(user),
            response.Mode,
            redactor.Redact(question.Trim()),
            response.Answered,
            response.Answered ? redactor.Redact(response.Answer) : "",
            response.Confidence,
            response.ConfidenceBand,
            [.. response.Citations.Select(c => new LoggedSource(c.Number, c.Title, c.Url, c.DocumentId, c.Score))],
            Math.Round(response.Timings.TotalMs, 1),
            via);
    }

    /// <summary>Stops accepting entries, so the writer can drain the queue and end.</summary>
    internal void Complete() => _queue.Writer.TryComplete();

    /// <summary>
    /// What identifies the user across sign-ins: the identity provider's subject, else the name. An API key's user is
    /// named after the key's configuration entry ("api-key Auth:ApiKeys:0"), never the key itself.
    /// </summary>
    internal static string StableId(ClaimsPrincipal user)
    {
        var id = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value ?? user.Identity?.Name;
        return string.IsNullOrWhiteSpace(id) ? "anoniem" : $"{user.Identity?.AuthenticationType}:{id}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Question log: ask {AskId} not logged, the queue is full")]
    private static partial void LogDropped(ILogger logger, string askId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Question log: ask {AskId} not logged ({Error})")]
    private static partial void LogFailed(ILogger logger, string askId, string error);
}
