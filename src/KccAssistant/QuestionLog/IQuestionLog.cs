namespace KccAssistant.QuestionLog;

/// <summary>
/// Every ask, redacted, for content gaps (editors) and labelled data (data scientists). Implementations keep it in the
/// data directory of the web app; the worker enforces retention with <see cref="PruneAsync"/>.
/// </summary>
public interface IQuestionLog
{
    /// <summary>Stores <paramref name="entry"/>; its question and answer must already be redacted.</summary>
    Task AppendAsync(QuestionLogEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Every stored entry, oldest first; when <paramref name="since"/> is given, only those at or after it.</summary>
    IAsyncEnumerable<QuestionLogEntry> ReadAllAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry older than <paramref name="cutoff"/> without losing newer ones; returns how many were removed.</summary>
    Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
