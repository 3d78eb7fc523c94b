namespace KccAssistant.Answering.Answerability;

/// <summary>
/// The topic a page is filed under, as its address says: Rijksoverheid (and many municipal sites built the same way)
/// publish every page under <c>/onderwerpen/{onderwerp}/…</c>. Read from the URL rather than from a field, so that it
/// needs nothing from the store and works for any source that follows the convention; other addresses have no topic.
/// </summary>
public static class SourceTopic
{
    private const string Segment = "onderwerpen";

    /// <summary>The topic segment of <paramref name="url"/> in lower case, or null when it has none.</summary>
    public static string? Of(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (string.Equals(segments[i], Segment, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(segments[i + 1]).ToLowerInvariant();
            }
        }

        return null;
    }
}
