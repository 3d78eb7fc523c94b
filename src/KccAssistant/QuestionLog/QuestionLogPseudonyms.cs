using System.Security.Cryptography;
using System.Text;

namespace KccAssistant.QuestionLog;

/// <summary>
/// Turns a user's stable id into the pseudonym the question log keeps: <c>u-</c> and 12 hex digits of an HMAC-SHA256
/// with a random key kept beside the log (<c>question-log.key</c>, readable by the app's user only). The same user gets
/// the same pseudonym, so a data scientist can tell one agent's questions apart, but without the key nobody can test
/// a name against the log.
/// </summary>
public sealed class QuestionLogPseudonyms
{
    /// <summary>File name of the key inside the log's folder.</summary>
    public const string KeyFileName = "question-log.key";

    private const int KeyBytes = 32;

    private readonly Lazy<byte[]> _key;

    /// <param name="directory">The folder of the question log, where the key is kept.</param>
    public QuestionLogPseudonyms(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        KeyPath = Path.Combine(directory, KeyFileName);
        _key = new Lazy<byte[]>(() => LoadOrCreateKey(KeyPath), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Where the key is kept.</summary>
    public string KeyPath { get; }

    /// <summary>The pseudonym of <paramref name="stableId"/>: <c>u-</c> and 12 lower-case hex digits.</summary>
    public string Of(string stableId)
    {
        ArgumentException.ThrowIfNullOrEmpty(stableId);
        var hash = HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(stableId));
        return "u-" + Convert.ToHexStringLower(hash, 0, 6);
    }

    private static byte[] LoadOrCreateKey(string path)
    {
        if (TryRead(path) is { } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(key);
            stream.Flush(flushToDisk: true);
        }

        try
        {
            // Without overwrite: when the web app and the worker create a key at the same moment, the first one wins
            // and both use it, or pseudonyms would change between entries.
            File.Move(temp, path, overwrite: false);
            return key;
        }
        catch (IOException) when (TryRead(path) is not null)
        {
            File.Delete(temp);
            return TryRead(path)!;
        }
    }

    private static byte[]? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var key = File.ReadAllBytes(path);
        return key.Length == KeyBytes ? key : throw new InvalidOperationException($"The question-log key '{path}' is damaged ({key.Length} bytes instead of {KeyBytes}); restore it, or delete it to start new pseudonyms.");
    }
}
