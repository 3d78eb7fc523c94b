namespace KccAssistant.Retrieval.Lexical;

/// <summary>
/// Finds vocabulary stems one edit away from an unknown stem (a missing, extra or wrong letter), using an index of
/// single-letter deletions, so typo tolerance costs a few dictionary lookups per unknown word.
/// </summary>
internal sealed class SpellingIndex
{
    private const int MinLength = 5;
    private readonly IReadOnlyDictionary<string, int> _frequencies;
    private readonly Dictionary<string, List<string>> _deletions = new(StringComparer.Ordinal);

    public SpellingIndex(IReadOnlyDictionary<string, int> frequencies)
    {
        _frequencies = frequencies;
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

    /// <summary>Up to two known stems one edit from <paramref name="stem"/>, most frequent first.</summary>
    public IEnumerable<string> Near(string stem)
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
        return candidates.OrderByDescending(c => _frequencies[c]).ThenBy(c => c, StringComparer.Ordinal).Take(2).ToList();
    }

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
        }
    }
}
