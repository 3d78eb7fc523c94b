using System.Runtime.CompilerServices;
using KccAssistant.Configuration;

namespace KccAssistant.ContentGaps;

/// <summary>
/// Done marks as JSON lines in <c>content-gaps.jsonl</c> in the data directory: append-only, so the history of marks is
/// kept and a crash loses at most the line being written.
/// </summary>
public sealed class JsonLinesContentGapMarks : IContentGapMarks, IDisposable
{
    /// <summary>File name inside the data directory.</summary>
    public const string FileName = "content-gaps.jsonl";

    // Two editors marking at once must not interleave their bytes within a line.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="dataDirectory">The data directory (<c>Kcc:DataDir</c>), resolved.</param>
    public JsonLinesContentGapMarks(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        FilePath = Path.Combine(dataDirectory, FileName);
    }

    /// <summary>Where the marks are kept.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public async Task AppendAsync(ContentGapMark mark, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mark);
        if (!ContentGapMark.IsValidKey(mark.Key))
        {
            throw new ArgumentException("Not a content-gap group key.", nameof(mark));
        }

        await JsonLinesFile.AppendAsync(FilePath, mark, _gate, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ContentGapMark> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Lines cut off by a crash are skipped by the reader; a mark with a key that is not a group key is skipped here.
        await foreach (var mark in JsonLinesFile.ReadAsync<ContentGapMark>(FilePath, cancellationToken))
        {
            if (ContentGapMark.IsValidKey(mark.Key))
            {
                yield return mark;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
