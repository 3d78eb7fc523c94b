using System.Runtime.CompilerServices;
using KccAssistant.QuestionLog;

namespace KccAssistant.Tests.Support;

/// <summary>A question log held in memory, for tests that seed what was asked without the JSON-lines file.</summary>
internal sealed class InMemoryQuestionLog : IQuestionLog
{
    private readonly List<QuestionLogEntry> _entries = [];

    public Task AppendAsync(QuestionLogEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<QuestionLogEntry> ReadAllAsync(DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        QuestionLogEntry[] snapshot;
        lock (_entries)
        {
            snapshot = [.. _entries.OrderBy(e => e.At)];
        }

        foreach (var entry in snapshot.Where(e => since is null || e.At >= since))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return entry;
        }
    }

    public Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            return Task.FromResult(_entries.RemoveAll(e => e.At < cutoff));
        }
    }

    /// <summary>An entry as the ask service would log it; sources as (document id, title, url).</summary>
    public static QuestionLogEntry Entry(
        string question, DateTimeOffset at, bool answered = false, string? askId = null, params (string Id, string Title, string Url)[] sources) =>
        new(
            askId ?? Guid.NewGuid().ToString(),
            at,
            "u-0123456789ab",
            "Agent",
            "hybrid",
            question,
            answered,
            answered ? "Een antwoord." : "",
            answered ? 0.8 : 0.1,
            answered ? "hoog" : "laag",
            [.. sources.Select((s, i) => new LoggedSource(i + 1, s.Title, s.Url, s.Id, 1.0 / (i + 1)))],
            12,
            "page");
}
