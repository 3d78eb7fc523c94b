using System.Text.Json;
using KccAssistant.Ingest.Pipeline;

namespace KccAssistant.Ingest.Worker;

/// <summary>
/// <c>&lt;DataDir&gt;/ingest-status.json</c>: the state of the ingestion run of another process (the worker or the
/// CLI), for the web app. Replaced atomically (written beside it, then renamed over it), so readers always get a
/// whole document.
/// </summary>
public sealed class IngestStatusFile
{
    /// <summary>File name in the data directory.</summary>
    public const string FileName = "ingest-status.json";

    /// <summary>Opens the status file at <paramref name="path"/>.</summary>
    public IngestStatusFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The status file of a data directory.</summary>
    public static IngestStatusFile ForDataDirectory(string dataDirectory) => new(System.IO.Path.Combine(dataDirectory, FileName));

    /// <summary>The JSON of the file: the run report's options (camelCase, nulls left out).</summary>
    public static JsonSerializerOptions JsonOptions => IngestReport.JsonOptions;

    /// <summary>The last written state; null when there is none or it cannot be read.</summary>
    public async Task<IngestionSnapshot?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            return await JsonSerializer.DeserializeAsync<IngestionSnapshot>(stream, JsonOptions, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
        catch (IOException)
        {
            // Replaced under us on a platform where rename is not atomic for readers: the next read gets it.
            return null;
        }
    }

    /// <summary>Replaces the file with <paramref name="snapshot"/>.</summary>
    public async Task WriteAsync(IngestionSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(snapshot with { Pending = null }, JsonOptions), cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(temporary, Path, overwrite: true);
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException && attempt < 5)
            {
                // Windows refuses to replace a file a reader has open; readers hold it for a moment only.
                await Task.Delay(20 * attempt, cancellationToken);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }
        }
    }
}
