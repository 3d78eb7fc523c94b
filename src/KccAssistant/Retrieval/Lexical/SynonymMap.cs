using KccAssistant.Text;

namespace KccAssistant.Retrieval.Lexical;

/// <summary>
/// Equivalence groups of words and phrases ("gba, brp, basisregistratie personen"), read from an editable text
/// file: one group per line, comma-separated, '#' starts a comment. Applied to questions only, so editing the
/// file needs no re-ingestion.
/// </summary>
public sealed class SynonymMap
{
    private readonly Dictionary<string, List<string[]>> _byFirstToken = new(StringComparer.Ordinal);

    /// <summary>An empty map.</summary>
    public static SynonymMap Empty { get; } = new([]);

    /// <summary>Builds a map from groups of phrases.</summary>
    public SynonymMap(IEnumerable<IReadOnlyList<string>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        foreach (var group in groups)
        {
            var phrases = group.Select(p => DutchTextNormalizer.Tokenize(p).ToArray()).Where(p => p.Length > 0).ToList();
            foreach (var phrase in phrases)
            {
                var key = string.Join(' ', phrase);
                if (!_byFirstToken.TryGetValue(phrase[0], out var entries))
                {
                    entries = [];
                    _byFirstToken[phrase[0]] = entries;
                }

                foreach (var other in phrases)
                {
                    if (string.Join(' ', other) != key)
                    {
                        entries.Add([key, .. other]);
                    }
                }
            }
        }

        GroupCount = groups.Count();
    }

    /// <summary>Number of groups.</summary>
    public int GroupCount { get; }

    /// <summary>Parses the synonym file format; returns an error naming the line for malformed lines.</summary>
    public static SynonymMap Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = new List<IReadOnlyList<string>>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var phrases = line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (phrases.Length >= 2)
            {
                groups.Add(phrases);
            }
        }

        return new SynonymMap(groups);
    }

    /// <summary>Loads a synonym file; a missing file gives an empty map.</summary>
    public static async Task<SynonymMap> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        return Parse(await File.ReadAllTextAsync(path, cancellationToken));
    }

    /// <summary>
    /// For folded question tokens: every phrase of the question that has synonyms, as its start position, its length
    /// in tokens and the tokens of one equivalent phrase.
    /// </summary>
    public IEnumerable<(int Start, int Length, IReadOnlyList<string> Tokens)> Matches(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!_byFirstToken.TryGetValue(tokens[i], out var entries))
            {
                continue;
            }

            foreach (var entry in entries)
            {
                var phrase = entry[0].Split(' ');
                if (i + phrase.Length > tokens.Count)
                {
                    continue;
                }

                var matches = true;
                for (var j = 0; j < phrase.Length && matches; j++)
                {
                    matches = tokens[i + j] == phrase[j];
                }

                if (matches)
                {
                    yield return (i, phrase.Length, entry[1..]);
                }
            }
        }
    }

    /// <summary>The tokens of every equivalent phrase of a phrase that occurs in the question.</summary>
    public IEnumerable<string> Expand(IReadOnlyList<string> tokens) => Matches(tokens).SelectMany(m => m.Tokens);
}
