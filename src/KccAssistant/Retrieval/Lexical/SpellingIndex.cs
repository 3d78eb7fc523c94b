namespace KccAssistant.Retrieval.Lexical;

/// <summary>
/// Finds vocabulary stems one edit away from an unknown stem (a missing, extra or wrong letter), using an index of
/// single-letter deletions, so typo tolerance costs a few dictionary lookups per unknown word. Long words may be two
/// edits away ("kwijtsheldng"): those are compared with the stems of about the same length and first letter.
/// </summary>
internal sealed class SpellingIndex
{
    private const int MinLength = 5;
    private const int MinLengthTwoEdits = 8;
    private readonly IReadOnlyDictionary<string, int> _frequencies;
    private readonly Dictionary<string, List<string>> _deletions = new(StringComparer.Ordinal);
    private readonly Dictionary<(char First, int Length), List<string>> _long = [];
    private readonly IReadOnlyDictionary<string, string> _surface;

    /// <param name="frequencies">Document frequency per stem.</param>
    /// <param name="surface">The corpus's words (folded) with their stems: two-edit typos are judged on the word as typed.</param>
    public SpellingIndex(IReadOnlyDictionary<string, int> frequencies, IReadOnlyDictionary<string, string> surface)
    {
        _frequencies = frequencies;
        _surface = surface;
        foreach (var word in surface.Keys.Where(w => w.Length >= MinLengthTwoEdits - 2 && w.All(char.IsLetter)))
        {
            if (!_long.TryGetValue((word[0], word.Length), out var bucket))
            {
                bucket = [];
                _long[(word[0], word.Length)] = bucket;
            }

            bucket.Add(word);
        }

        foreach (var stem in frequencies.Keys.Where(s => s.Length >= MinLength - 1 && s.All(char.IsLetter)))
        {
            foreach (var deletion in Deletions(stem))
            {
                if (!_deletions.TryGetValue(deletion, out var list))
                {
                    list = [];
                    _deletions[deletion] = list;
                }

                list.Add(stem);
            }
        }
    }

    /// <summary>
    /// Up to two known stems one edit from <paramref name="stem"/>, most frequent first; for a long word with none,
    /// the stems of corpus words two edits from <paramref name="word"/>.
    /// </summary>
    public IEnumerable<string> Near(string stem, string word)
    {
        if (stem.Length < MinLength || !stem.All(char.IsLetter))
        {
            return [];
        }

        var candidates = new HashSet<string>(StringComparer.Ordinal);
        if (_deletions.TryGetValue(stem, out var longer))
        {
            candidates.UnionWith(longer); // a letter was left out
        }

        foreach (var deletion in Deletions(stem))
        {
            if (_frequencies.ContainsKey(deletion))
            {
                candidates.Add(deletion); // a letter too many
            }

            if (_deletions.TryGetValue(deletion, out var substituted))
            {
                candidates.UnionWith(substituted); // a wrong letter or two swapped
            }
        }

        candidates.Remove(stem);
        if (candidates.Count == 0 && word.Length >= MinLengthTwoEdits && word.All(char.IsLetter))
        {
            // Typists rarely miss the first letter; comparing only same-start words of similar length keeps this cheap.
            for (var length = word.Length - 2; length <= word.Length + 2; length++)
            {
                if (_long.TryGetValue((word[0], length), out var bucket))
                {
                    candidates.UnionWith(bucket.Where(other => WithinTwoEdits(word, other)).Select(other => _surface[other]).Where(_frequencies.ContainsKey));
                }
            }

            candidates.Remove(stem);
        }

        return candidates.OrderByDescending(c => _frequencies[c]).ThenBy(c => c, StringComparer.Ordinal).Take(2).ToList();
    }

    /// <summary>Optimal string alignment distance ≤ 2 (insertions, deletions, substitutions, adjacent swaps).</summary>
    internal static bool WithinTwoEdits(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return false;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > 2)
            {
                return false;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length] <= 2;
    }

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
        }
    }
}
