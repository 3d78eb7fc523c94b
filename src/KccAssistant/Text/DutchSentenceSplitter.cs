using System.Collections.Frozen;

namespace KccAssistant.Text;

/// <summary>
/// Splits Dutch plain text into sentences without breaking on abbreviations ("o.a.", "bijv.", "ca.", "nr."),
/// initials, amounts ("€ 84,40"), times ("8.30 uur"), ordered-list numbers ("1. Ga naar ...") or "t/m".
/// Used to chunk long paragraphs and to pick the supporting sentences of an answer.
/// </summary>
/// <remarks>
/// A sentence ends at '.', '!', '?' or '…' (plus closing quotes and brackets) followed by white space and a
/// character that can start a sentence, at a blank line, or at a line break that starts a list item or follows
/// terminal punctuation. Single line breaks inside running text are treated as spaces.
/// </remarks>
public sealed class DutchSentenceSplitter
{
    // Abbreviations that practically never end a sentence: a following capital is a name ("dhr. Jansen", "bijv. Amsterdam").
    private static readonly string[] DefaultAbbreviations =
    [
        "a.s", "a.u.b", "aanv", "afd", "afb", "alg", "ang", "art", "bijl", "bijv", "blz", "bv", "bijz", "ca", "d.d", "d.i",
        "d.m.v", "d.w.z", "dhr", "dr", "drs", "e.e.a", "evt", "fa", "fig", "geb", "hfd", "hfdst",
        "i.c.m", "i.o.m", "i.p.v", "i.s.m", "i.v.m", "ir", "incl", "excl", "jl", "jr", "kl", "m.b.t", "m.b.v", "m.i.v",
        "m.m.v", "m.n", "m.u.v", "max", "mevr", "mgr", "min", "mln", "mld", "mr", "mw", "n.a.v", "n.v.t", "nr", "nrs",
        "o.a", "o.b.v", "o.l.v", "o.v.v", "p.p", "p.w", "pag", "plm", "prof", "r.k", "resp", "s.v.p", "sr",
        "str", "t.a.v", "t.b.v", "t.g.v", "t.o.v", "t.w", "t.z.t", "tel", "tgv", "v.a", "v.d", "v.w.b", "vgl", "vlg",
        "vnl", "vs", "z.g", "z.g.a.n", "z.o.z", "z.s.m", "zgn", "ong", "e.g", "i.e",
    ];

    // Month abbreviations are also first names or words ("Jan."): only a following digit ("1 jan. 2025") keeps the sentence going.
    private static readonly FrozenSet<string> MonthAbbreviations = FrozenSet.ToFrozenSet(
        ["jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec"], StringComparer.OrdinalIgnoreCase);

    // Abbreviations that often end a sentence ("paspoort, rijbewijs enz."): a following capital starts a new one.
    private static readonly string[] DefaultFinalAbbreviations = ["enz", "etc", "e.d", "e.a", "e.v", "o.i.d"];

    private readonly FrozenSet<string> _abbreviations;
    private readonly FrozenSet<string> _finalAbbreviations;

    /// <summary>A splitter with the built-in Dutch abbreviation list.</summary>
    public static DutchSentenceSplitter Default { get; } = new();

    /// <summary>Creates a splitter with the built-in abbreviations plus <paramref name="extraAbbreviations"/> (without the final period).</summary>
    public DutchSentenceSplitter(IEnumerable<string>? extraAbbreviations = null)
    {
        var abbreviations = new HashSet<string>(DefaultAbbreviations, StringComparer.OrdinalIgnoreCase);
        if (extraAbbreviations is not null)
        {
            foreach (var abbreviation in extraAbbreviations)
            {
                abbreviations.Add(abbreviation.Trim().TrimEnd('.'));
            }
        }

        _finalAbbreviations = DefaultFinalAbbreviations.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        abbreviations.ExceptWith(_finalAbbreviations);
        _abbreviations = abbreviations.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The sentences of <paramref name="text"/>, trimmed, in order; empty for blank text.</summary>
    public IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ranges = SplitRanges(text);
        var sentences = new string[ranges.Count];
        for (var i = 0; i < ranges.Count; i++)
        {
            sentences[i] = text[ranges[i]];
        }

        return sentences;
    }

    /// <summary>
    /// Where the sentences of <paramref name="text"/> are: trimmed ranges into the original string, so callers can
    /// highlight them in place.
    /// </summary>
    public IReadOnlyList<Range> SplitRanges(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<Range>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            int end;
            if (c == '\n')
            {
                end = LineBreakBoundary(text, i);
            }
            else if (c is '.' or '!' or '?' or '…')
            {
                end = PunctuationBoundary(text, start, i);
            }
            else
            {
                i++;
                continue;
            }

            if (end < 0)
            {
                i++;
                continue;
            }

            AddTrimmed(result, text, start, end);
            start = end;
            i = Math.Max(end, i + 1);
        }

        AddTrimmed(result, text, start, text.Length);
        return result;
    }

    /// <summary>Returns the end (exclusive) of the sentence when the line break at <paramref name="index"/> ends it, else -1.</summary>
    private static int LineBreakBoundary(string text, int index)
    {
        var next = index + 1;
        while (next < text.Length && text[next] is ' ' or '\t' or '\r' or '\u00A0')
        {
            next++;
        }

        if (next >= text.Length)
        {
            return -1;
        }

        // A blank line always ends a sentence; so does a line that starts a list item.
        if (text[next] == '\n' || StartsListItem(text, next))
        {
            return index;
        }

        // After terminal punctuation or a colon the line break ends the sentence ("Neem mee:" / "- paspoort").
        var previous = index - 1;
        while (previous >= 0 && char.IsWhiteSpace(text[previous]))
        {
            previous--;
        }

        return previous >= 0 && text[previous] is ':' or ';' or '.' or '!' or '?' or '…' ? index : -1;
    }

    private static bool StartsListItem(string text, int index)
    {
        var c = text[index];
        if (c is '-' or '*' or '•' or '–' or '·' && index + 1 < text.Length && text[index + 1] == ' ')
        {
            return true;
        }

        var j = index;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            j++;
        }

        return j > index && j - index <= 3 && j + 1 < text.Length && text[j] is '.' or ')' && text[j + 1] == ' ';
    }

    /// <summary>
    /// Returns the end (exclusive) of the sentence when the punctuation at <paramref name="index"/> ends it, else -1.
    /// </summary>
    private int PunctuationBoundary(string text, int sentenceStart, int index)
    {
        // Take the whole run of terminal punctuation and closing quotes/brackets: "?!", "...", ".)" and '."'.
        var end = index;
        while (end < text.Length && text[end] is '.' or '!' or '?' or '…')
        {
            end++;
        }

        var single = end - index == 1 && text[index] == '.';

        while (end < text.Length && text[end] is '"' or '\'' or '”' or '’' or ')' or ']' or '»')
        {
            end++;
        }

        if (end >= text.Length)
        {
            return -1;
        }

        // Punctuation inside a token ("8.30", "www.lindenhaven.nl", "o.a.") is no boundary.
        if (!char.IsWhiteSpace(text[end]))
        {
            return -1;
        }

        var next = end;
        while (next < text.Length && text[next] is ' ' or '\t' or '\u00A0' or '\r')
        {
            next++;
        }

        if (next >= text.Length)
        {
            return -1;
        }

        // A line break is judged by LineBreakBoundary, which knows about the punctuation before it.
        if (text[next] == '\n')
        {
            return -1;
        }

        var following = text[next];
        if (char.IsLower(following))
        {
            return -1;
        }

        if (!single)
        {
            // '?', '!', '…' and "...": a sentence ends unless the next text continues in lower case (handled above).
            return end;
        }

        var token = TokenBefore(text, sentenceStart, index);
        if (token.Length == 0)
        {
            return end;
        }

        if (IsNumber(token))
        {
            // "1. Ga naar ..." at the start of a line or sentence is a list number, not the end of a sentence.
            var tokenStart = index - token.Length;
            return AtLineOrSentenceStart(text, sentenceStart, tokenStart) && token.Length <= 3 ? -1 : end;
        }

        if (_finalAbbreviations.Contains(token))
        {
            return end;
        }

        if (MonthAbbreviations.Contains(token))
        {
            return char.IsAsciiDigit(following) ? -1 : end;
        }

        if (_abbreviations.Contains(token) || IsInitial(token) || IsDottedAbbreviation(token))
        {
            return -1;
        }

        return end;
    }

    /// <summary>The word directly before the period, without leading brackets or quotes.</summary>
    private static string TokenBefore(string text, int sentenceStart, int index)
    {
        var start = index;
        while (start > sentenceStart && !char.IsWhiteSpace(text[start - 1]) && text[start - 1] is not ('(' or '[' or '"' or '“' or '\'' or '‘' or '/'))
        {
            start--;
        }

        return text[start..index];
    }

    private static bool AtLineOrSentenceStart(string text, int sentenceStart, int tokenStart)
    {
        var j = tokenStart - 1;
        while (j >= sentenceStart && text[j] is ' ' or '\t' or '\u00A0')
        {
            j--;
        }

        return j < sentenceStart || text[j] == '\n';
    }

    private static bool IsNumber(string token)
    {
        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    // "J." in "J. de Vries"; a single capital letter.
    private static bool IsInitial(string token) => token.Length == 1 && char.IsLetter(token[0]);

    // "t.a.v", "z.s.m", "a.s": letter groups of at most three letters joined by periods.
    private static bool IsDottedAbbreviation(string token)
    {
        if (!token.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var part in token.Split('.'))
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsLetter))
            {
                return false;
            }
        }

        return true;
    }

    private static void AddTrimmed(List<Range> result, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            result.Add(start..end);
        }
    }
}
