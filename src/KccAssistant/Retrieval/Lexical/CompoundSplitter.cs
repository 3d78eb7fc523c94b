using KccAssistant.Text;

namespace KccAssistant.Retrieval.Lexical;

/// <summary>
/// Splits Dutch compounds into parts that occur on their own in the corpus ("parkeervergunning" into "parkeer" and
/// "vergunning"; "afvalstoffenheffing" into "afval", "stoffen", "heffing"), so a question about "vergunning" finds
/// the compound and the other way round. Data-driven: a part counts only when its stem is in the vocabulary.
/// </summary>
public sealed class CompoundSplitter
{
    private const int MinPart = 3;
    private const int MinCompound = 7;
    private static readonly string[] Linkers = ["s", "en", "e"];
    private readonly Func<string, bool> _isKnownStem;

    /// <summary>Creates a splitter over a vocabulary of stems.</summary>
    public CompoundSplitter(Func<string, bool> isKnownStem) => _isKnownStem = isKnownStem;

    /// <summary>The stems of the parts of a folded word, or an empty list when it is not a known compound.</summary>
    public IReadOnlyList<string> Split(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < MinCompound || !word.All(char.IsLetter))
        {
            return [];
        }

        var parts = new List<string>();
        return TrySplit(word, parts, depth: 0) ? parts : [];
    }

    private bool TrySplit(string word, List<string> parts, int depth)
    {
        // Prefer the longest head: "grofvuil" as "grof" + "vuil", not "gro" + "fvuil".
        for (var cut = word.Length - MinPart - 1; cut >= MinPart; cut--)
        {
            var tail = word[cut..];
            var tailStem = DutchStemmer.Stem(tail);
            var tailKnown = tail.Length >= 4 && _isKnownStem(tailStem);
            if (!tailKnown && (depth >= 2 || tail.Length < MinCompound))
            {
                continue;
            }

            foreach (var head in Heads(word[..cut]))
            {
                if (head.Length < MinPart || !_isKnownStem(DutchStemmer.Stem(head)))
                {
                    continue;
                }

                if (tailKnown)
                {
                    parts.Add(DutchStemmer.Stem(head));
                    parts.Add(tailStem);
                    return true;
                }

                var nested = new List<string>();
                if (TrySplit(tail, nested, depth + 1))
                {
                    parts.Add(DutchStemmer.Stem(head));
                    parts.AddRange(nested);
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> Heads(string head)
    {
        yield return head;
        foreach (var linker in Linkers)
        {
            if (head.Length > linker.Length + MinPart && head.EndsWith(linker, StringComparison.Ordinal))
            {
                yield return head[..^linker.Length];
            }
        }
    }
}
