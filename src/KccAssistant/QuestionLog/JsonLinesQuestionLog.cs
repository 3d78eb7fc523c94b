using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using KccAssistant.Configuration;

namespace KccAssistant.QuestionLog;

/// <summary>
/// The question log as JSON lines in <c>question-log.jsonl</c>: append-only, so a crash loses at most the line being
/// written, and that cut-off line is skipped on read. The web app appends while the ingest worker prunes from another
/// process, so both hold <c>question-log.lock</c> (an exclusive file lock, which the OS releases when a process dies)
/// and a prune writes a temp file that replaces the log by a rename: a reader sees the old or the new file, never half.
/// </summary>
public sealed class JsonLinesQuestionLog : IQuestionLog, IDisposable
{
    /// <summary>File name of the log inside its folder.</summary>
    public const string FileName = "question-log.jsonl";

    /// <summary>File name of the cross-process lock inside the same folder.</summary>
    public const string LockFileName = "question-log.lock";

    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(15);

    // An append holds the lock for a millisecond, a prune of a large log for some seconds: wait that long, then give up
    // rather than hang an answer (the caller logs a warning and the answer goes out anyway).
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    // Within the process, wait in turn instead of spinning on our own file lock.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _lockPath;

    /// <param name="directory">The folder of the log (resolved <c>Kcc:QuestionLog:Directory</c> or <c>Kcc:DataDir</c>).</param>
    public JsonLinesQuestionLog(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
        FilePath = Path.Combine(directory, FileName);
        _lockPath = Path.Combine(directory, LockFileName);
    }

    /// <summary>The folder of the log.</summary>
    public string Directory { get; }

    /// <summary>Where the entries are kept.</summary>
    public string FilePath { get; }

    /// <summary>Runs inside a prune after the new file is written and before it replaces the log: lets a test append then.</summary>
    internal Func<CancellationToken, Task>? BeforeReplace { get; init; }

    /// <inheritdoc />
    public async Task AppendAsync(QuestionLogEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry) + "\n");
        await using var held = await LockAsync(cancellationToken);
        await using var stream = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length > 0)
        {
            // A crash mid-line leaves no newline at the end; start on a fresh line so this entry is not glued to the
            // broken one and skipped with it.
            stream.Seek(-1, SeekOrigin.End);
            if (stream.ReadByte() != '\n')
            {
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
            }
        }

        stream.Seek(0, SeekOrigin.End);
        await stream.WriteAsync(line, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<QuestionLogEntry> ReadAllAsync(DateTimeOffset? since = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // No lock: a prune replaces the file by a rename, so this open handle keeps reading one whole version.
        await foreach (var entry in JsonLinesFile.ReadAsync<QuestionLogEntry>(FilePath, cancellationToken))
        {
            if (since is null || entry.At >= since)
            {
                yield return entry;
            }
        }
    }

    /// <inheritdoc />
    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var held = await LockAsync(cancellationToken);
        if (!File.Exists(FilePath))
        {
            return 0;
        }

        var removed = 0;
        var temp = Path.Combine(Directory, $"{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var writer = new StreamWriter(new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None), new UTF8Encoding(false)))
            {
                using var reader = new StreamReader(new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), Encoding.UTF8);
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    var entry = JsonLinesFile.Parse<QuestionLogEntry>(line);
                    if (entry is null)
                    {
                        // Cut-off lines go too: nothing can read them, and they could hold a fragment of a question.
                        continue;
                    }

                    if (entry.At < cutoff)
                    {
                        removed++;
                        continue;
                    }

                    await writer.WriteAsync(line.AsMemory(), cancellationToken);
                    await writer.WriteAsync("\n".AsMemory(), cancellationToken);
                }

                await writer.FlushAsync(cancellationToken);
                // On disk before the rename, so a power cut cannot leave an empty log in place of the old one.
                if (writer.BaseStream is FileStream file)
                {
                    file.Flush(flushToDisk: true);
                }
            }

            if (BeforeReplace is { } beforeReplace)
            {
                await beforeReplace(cancellationToken);
            }

            File.Move(temp, FilePath, overwrite: true);
            return removed;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task<Held> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var deadline = DateTime.UtcNow + LockTimeout;
            while (true)
            {
                try
                {
                    return new Held(new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), _gate);
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(LockRetryDelay, cancellationToken);
                }
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    /// <summary>The file lock and the in-process gate, released together.</summary>
    private sealed class Held(FileStream lockFile, SemaphoreSlim gate) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await lockFile.DisposeAsync();
            gate.Release();
        }
    }
}
