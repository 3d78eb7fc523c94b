using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

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

        var line = JsonSerializer.Serialize(feedback) + "\n";
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await File.AppendAllTextAsync(FilePath, line, Encoding.UTF8, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AnswerFeedback> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!File.Exists(FilePath))
        {
            yield break;
        }

        using var reader = new StreamReader(new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            // A line cut off by a crash is skipped, not fatal: the rest of the file is still good.
            AnswerFeedback? feedback = null;
            try
            {
                feedback = JsonSerializer.Deserialize<AnswerFeedback>(line);
            }
            catch (JsonException)
            {
            }

            if (feedback is not null)
            {
                yield return feedback;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
