using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace KccAssistant.Configuration;

/// <summary>
/// The append-only JSON-lines files in the data directory (feedback, content-gap marks, the question log) share two
/// rules: a writer appends one whole line at a time, and a reader skips a line a crash cut off instead of failing, so
/// one broken line never hides the rest of the file.
/// </summary>
public static class JsonLinesFile
{
    /// <summary>
    /// Appends <paramref name="value"/> as one line to <paramref name="path"/> while holding <paramref name="gate"/>:
    /// two callers in one process must not interleave their bytes within a line.
    /// </summary>
    public static async Task AppendAsync<T>(string path, T value, SemaphoreSlim gate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var line = JsonSerializer.Serialize(value) + "\n";
        await gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.AppendAllTextAsync(path, line, Encoding.UTF8, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Every line of <paramref name="path"/> that parses as <typeparamref name="T"/>, in file order; nothing when the
    /// file does not exist. Opened with delete sharing, so a writer that replaces the file by a rename is not blocked
    /// and this reader keeps reading the version it opened.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (Parse<T>(line) is { } value)
            {
                yield return value;
            }
        }
    }

    /// <summary>One line as <typeparamref name="T"/>, or null when it is blank or not valid JSON for it (a line cut off by a crash).</summary>
    public static T? Parse<T>(string line)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
