using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace KccAssistant.ContentGaps;

/// <summary>
/// An editor marked a group done (content written or fixed) or undid that. Names the editor only by role: who fixed
/// what is not something this file needs to know.
/// </summary>
/// <param name="Key">The group's <see cref="ContentGap.Key"/>.</param>
/// <param name="Done">True for done, false for undone.</param>
/// <param name="At">When.</param>
/// <param name="Role">The most privileged role of the editor.</param>
public sealed partial record ContentGapMark(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("done")] bool Done,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("role")] string Role)
{
    /// <summary>True when <paramref name="key"/> has the form the analyser gives keys; anything else would be free text in the file.</summary>
    public static bool IsValidKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    [GeneratedRegex("^g-[0-9a-f]{12}(-[0-9]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}

/// <summary>Keeps the editors' done marks.</summary>
public interface IContentGapMarks
{
    /// <summary>Stores <paramref name="mark"/>; the latest mark of a key counts.</summary>
    /// <exception cref="ArgumentException">When the key is not a group key.</exception>
    Task AppendAsync(ContentGapMark mark, CancellationToken cancellationToken = default);

    /// <summary>Every stored mark, oldest first.</summary>
    IAsyncEnumerable<ContentGapMark> ReadAllAsync(CancellationToken cancellationToken = default);
}
