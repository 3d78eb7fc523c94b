using KccAssistant.Text;

namespace KccAssistant.Retrieval;

/// <summary>Near-duplicate text detection by word 3-shingles and Jaccard similarity.</summary>
public static class NearDuplicates
{
    /// <summary>Similarity at or above which two passages count as the same text.</summary>
    public const double Threshold = 0.8;

    /// <summary>The set of consecutive word triples of a text (folded).</summary>
    public static HashSet<string> Shingles(string text)
    {
        var words = DutchTextNormalizer.Tokenize(text).ToList();
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        if (words.Count < 3)
        {
            shingles.Add(string.Join(' ', words));
            return shingles;
        }

        for (var i = 0; i + 2 < words.Count; i++)
        {
            shingles.Add($"{words[i]} {words[i + 1]} {words[i + 2]}");
        }

        return shingles;
    }

    /// <summary>Jaccard similarity of two shingle sets (0–1).</summary>
    public static double Similarity(HashSet<string> first, HashSet<string> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count == 0 || second.Count == 0)
        {
            return 0;
        }

        var shared = first.Count(second.Contains);
        return (double)shared / (first.Count + second.Count - shared);
    }
}
