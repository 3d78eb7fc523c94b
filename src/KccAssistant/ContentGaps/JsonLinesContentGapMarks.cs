using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

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

        var line = JsonSerializer.Serialize(mark) + "\n";
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
    public async IAsyncEnumerable<ContentGapMark> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!File.Exists(FilePath))
        {
            yield break;
        }

        using var reader = new StreamReader(new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            // A line cut off by a crash is skipped: the other marks still count.
            ContentGapMark? mark = null;
            try
            {
                mark = JsonSerializer.Deserialize<ContentGapMark>(line);
            }
            catch (JsonException)
            {
            }

            if (mark is not null && ContentGapMark.IsValidKey(mark.Key))
            {
                yield return mark;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
