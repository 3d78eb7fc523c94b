using KccAssistant.Configuration;

namespace KccAssistant.Feedback;

/// <summary>
/// Ratings as JSON lines in <c>feedback.jsonl</c> in the data directory: append-only, so a crash loses at most the line
/// being written, and a data scientist can read the file with any tool.
/// </summary>
public sealed class JsonLinesFeedbackStore : IFeedbackStore, IDisposable
{
    /// <summary>File name inside the data directory.</summary>
    public const string FileName = "feedback.jsonl";

    // One writer at a time: two circuits rating at once must not interleave their bytes within a line.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="dataDirectory">The data directory (<c>Kcc:DataDir</c>), resolved.</param>
    public JsonLinesFeedbackStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        FilePath = Path.Combine(dataDirectory, FileName);
    }

    /// <summary>Where the ratings are kept.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public async Task AppendAsync(AnswerFeedback feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        if (feedback.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(feedback));
        }

        await JsonLinesFile.AppendAsync(FilePath, feedback, _gate, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AnswerFeedback> ReadAllAsync(CancellationToken cancellationToken = default) =>
        JsonLinesFile.ReadAsync<AnswerFeedback>(FilePath, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
