using System.Text.Json;
using KccAssistant.Ingest.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Ingest.Worker;

/// <summary>The result of queueing a request.</summary>
/// <param name="Request">The request that will be carried out: the new one, or the waiting one that covers it.</param>
/// <param name="AlreadyQueued">True when a waiting request already covered it and nothing was written.</param>
public sealed record IngestEnqueueResult(IngestRequest Request, bool AlreadyQueued);

/// <summary>
/// Re-ingestion requests between processes without a server: <c>&lt;DataDir&gt;/queue/</c> holds one small JSON file
/// per request (<c>{"source": "website" | null, "requestedAt": ..., "requestedBy": "web"}</c>). Files appear
/// atomically (written to a temporary name, then renamed), so a reader never sees half a request. The worker claims
/// the waiting requests by renaming them to <c>*.running</c> before a run and deletes them after it, so a request
/// made during a run waits for the next one, and a run that was killed leaves its requests to be taken up again.
/// </summary>
public sealed partial class IngestQueue
{
    /// <summary>Folder name under the data directory.</summary>
    public const string FolderName = "queue";

    private const string PendingExtension = ".json";
    private const string ClaimedExtension = ".running";
    private const string InvalidExtension = ".invalid";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Opens the queue in <paramref name="directory"/> (created on first write).</summary>
    public IngestQueue(string directory, TimeProvider? time = null, ILogger<IngestQueue>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The queue folder.</summary>
    public string Directory { get; }

    /// <summary>The queue of a data directory.</summary>
    public static IngestQueue ForDataDirectory(string dataDirectory, TimeProvider? time = null, ILogger<IngestQueue>? logger = null) =>
        new(Path.Combine(dataDirectory, FolderName), time, logger);

    /// <summary>
    /// Queues a run of <paramref name="source"/> (all sources when null), unless a waiting request already covers it:
    /// the same source, or all sources.
    /// </summary>
    public async Task<IngestEnqueueResult> EnqueueAsync(string? source, string requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var request = new IngestRequest(string.IsNullOrWhiteSpace(source) ? null : source.Trim(), _time.GetUtcNow(), requestedBy);
        if ((await GetPendingAsync(cancellationToken)).FirstOrDefault(p => p.Covers(request)) is { } waiting)
        {
            return new IngestEnqueueResult(waiting, AlreadyQueued: true);
        }

        System.IO.Directory.CreateDirectory(Directory);
        // Ticks first: file names sort in request order.
        var id = $"{request.RequestedAt.UtcTicks:D19}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(Directory, $".{id}.tmp");
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(request, JsonOptions), cancellationToken);
        File.Move(temporary, Path.Combine(Directory, id + PendingExtension));
        LogQueued(_logger, request.Source ?? "*", requestedBy, id);
        return new IngestEnqueueResult(request with { Id = id }, AlreadyQueued: false);
    }

    /// <summary>The requests waiting to be run, oldest first.</summary>
    public async Task<IReadOnlyList<IngestRequest>> GetPendingAsync(CancellationToken cancellationToken = default)
    {
        var requests = new List<IngestRequest>();
        foreach (var path in Files(PendingExtension))
        {
            if (await ReadAsync(path, cancellationToken) is { } request)
            {
                requests.Add(request);
            }
        }

        return requests;
    }

    /// <summary>Takes every waiting request for a run: they stay on disk as claimed until completed or released.</summary>
    public async Task<IReadOnlyList<IngestRequest>> ClaimAsync(CancellationToken cancellationToken = default)
    {
        var claimed = new List<IngestRequest>();
        foreach (var path in Files(PendingExtension))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            var claimedPath = Path.Combine(Directory, id + ClaimedExtension);
            try
            {
                File.Move(path, claimedPath);
            }
            catch (Exception exception) when (exception is FileNotFoundException or IOException)
            {
                continue;
            }

            if (await ReadAsync(claimedPath, cancellationToken) is { } request)
            {
                claimed.Add(request);
            }
        }

        return claimed;
    }

    /// <summary>Removes requests whose run has finished (committed or failed for good).</summary>
    public void Complete(IEnumerable<IngestRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests.Where(r => r.Id is not null))
        {
            File.Delete(Path.Combine(Directory, request.Id + ClaimedExtension));
        }
    }

    /// <summary>Puts claimed requests back in the queue (the run did not happen: the store was busy, or the worker stops).</summary>
    public void Release(IEnumerable<IngestRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests.Where(r => r.Id is not null))
        {
            TryMove(Path.Combine(Directory, request.Id + ClaimedExtension), Path.Combine(Directory, request.Id + PendingExtension));
        }
    }

    /// <summary>
    /// Puts back the requests of a run that never finished (the worker was killed): call once when the worker starts,
    /// while no other worker uses the queue. Returns how many came back.
    /// </summary>
    public int RecoverInterrupted()
    {
        var recovered = 0;
        foreach (var path in Files(ClaimedExtension))
        {
            if (TryMove(path, Path.ChangeExtension(path, PendingExtension)))
            {
                recovered++;
            }
        }

        if (recovered > 0)
        {
            LogRecovered(_logger, recovered);
        }

        return recovered;
    }

    private IEnumerable<string> Files(string extension) =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*" + extension)
                .Where(p => !Path.GetFileName(p).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    private async Task<IngestRequest?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var request = JsonSerializer.Deserialize<IngestRequest>(await File.ReadAllBytesAsync(path, cancellationToken), JsonOptions);
            if (request is not null && !string.IsNullOrWhiteSpace(request.RequestedBy))
            {
                return request with { Id = Path.GetFileNameWithoutExtension(path) };
            }
        }
        catch (FileNotFoundException)
        {
            // Taken by the worker between listing and reading.
            return null;
        }
        catch (JsonException)
        {
        }

        // Not written by this queue (files only appear complete): set it aside rather than fail on it every poll.
        LogInvalid(_logger, Path.GetFileName(path));
        TryMove(path, Path.ChangeExtension(path, InvalidExtension));
        return null;
    }

    private static bool TryMove(string from, string to)
    {
        try
        {
            File.Move(from, to, overwrite: true);
            return true;
        }
        catch (Exception exception) when (exception is FileNotFoundException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued re-ingestion of {Source} for {RequestedBy} as {Id}")]
    private static partial void LogQueued(ILogger logger, string source, string requestedBy, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue file {File} is not a request; set aside as .invalid")]
    private static partial void LogInvalid(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took up {Count} request(s) of a run that did not finish")]
    private static partial void LogRecovered(ILogger logger, int count);
}
