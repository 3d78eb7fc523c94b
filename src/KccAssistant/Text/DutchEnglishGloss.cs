using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace KccAssistant.Text;

/// <summary>
/// Word-by-word English gloss of Dutch text, read from a FreeDict dictionary in dictd form (<c>.index</c> and
/// <c>.dict.dz</c> or <c>.dict</c>). It exists for the English embedding model: "huwelijk aangeven" means nothing to it,
/// "marriage declare" does, so passages and questions alike are glossed before they are embedded (the lexical side keeps
/// the Dutch). Each word gets the first translation the embedding vocabulary knows, after de-inflection and, for
/// compounds, a greedy split into known parts; stopwords are dropped and unknown words (names, acronyms) kept.
/// The dictionary is GPL data read at run time from where Debian installs it; nothing of it is shipped.
/// </summary>
public sealed class DutchEnglishGloss
{
    /// <summary>Changes whenever the glossing rules change, so vectors made by older rules are re-embedded.</summary>
    public const string Version = "g1";

    private const int MinPart = 3;
    private const int MaxCacheEntries = 200_000;

    private static readonly HashSet<string> ShortWords = new(StringComparer.Ordinal)
    {
        "a", "i", "to", "of", "in", "on", "at", "by", "up", "an", "as", "is", "be", "do", "go", "no", "so", "or", "it", "me",
        "my", "we", "us", "he", "if", "off", "out", "one", "the", "and", "for",
    };

    private readonly Dictionary<string, string> _entries;
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    private DutchEnglishGloss(Dictionary<string, string> entries) => _entries = entries;

    /// <summary>Number of single-word Dutch headwords with a translation.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Reads a dictd dictionary. <paramref name="englishWords"/> (for example the whole-word entries of the embedding
    /// model's vocabulary) decides which sense is taken and restores spaces the dictionary lost ("tosomeextent");
    /// without it the first translation is taken as written.
    /// </summary>
    public static DutchEnglishGloss Load(string indexPath, string dictionaryPath, IReadOnlySet<string>? englishWords = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(dictionaryPath);
        byte[] data;
        using (var file = File.OpenRead(dictionaryPath))
        {
            using var buffer = new MemoryStream();
            // dictzip is gzip with a random-access table in an extra field, so GZipStream reads it whole.
            if (dictionaryPath.EndsWith(".dz", StringComparison.OrdinalIgnoreCase) || dictionaryPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                using var gzip = new GZipStream(file, CompressionMode.Decompress);
                gzip.CopyTo(buffer);
            }
            else
            {
                file.CopyTo(buffer);
            }

            data = buffer.ToArray();
        }

        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(indexPath, Encoding.UTF8))
        {
            var fields = line.Split('\t');
            if (fields.Length < 3 || fields[0].StartsWith("00database", StringComparison.Ordinal))
            {
                continue;
            }

            var headword = Fold(fields[0].Trim());
            if (headword.Length == 0 || !headword.All(char.IsLetter) || entries.ContainsKey(headword))
            {
                continue;
            }

            var offset = DecodeBase64Number(fields[1]);
            var length = DecodeBase64Number(fields[2]);
            if (offset < 0 || length <= 0 || offset + length > data.Length)
            {
                continue;
            }

            var entry = Encoding.UTF8.GetString(data, (int)offset, (int)length);
            // The index folds affix entries ("‐plaats", the suffix) onto the word itself; only the word's own entry counts.
            var ipa = entry.IndexOf(" /", StringComparison.Ordinal);
            var newline = entry.IndexOf('\n', StringComparison.Ordinal);
            var end = ipa >= 0 && (newline < 0 || ipa < newline) ? ipa : newline;
            if (end <= 0 || Fold(entry[..end].Trim()) != headword)
            {
                continue;
            }

            var translation = ChooseTranslation(entry, englishWords);
            if (translation is not null)
            {
                entries[headword] = translation;
            }
        }

        return new DutchEnglishGloss(entries);
    }

    /// <summary>The English gloss of <paramref name="text"/>: one translation per word, lower case, separated by spaces.</summary>
    public string Gloss(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var token in Tokens(text))
        {
            string glossed;
            if (token.Length == 1 && token[0] is '.' or '?' or '!')
            {
                glossed = token;
            }
            else if (DutchStopwords.IsStopword(token))
            {
                continue;
            }
            else
            {
                glossed = GlossWord(token);
            }

            if (builder.Length > 0 && glossed is not ("." or "?" or "!"))
            {
                builder.Append(' ');
            }

            builder.Append(glossed);
        }

        return builder.ToString();
    }

    /// <summary>The gloss of one folded word: its translation, its parts' translations, or the word itself.</summary>
    public string GlossWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (_cache.TryGetValue(word, out var cached))
        {
            return cached;
        }

        var result = word.Any(char.IsDigit) ? word : Lookup(word) ?? SplitCompound(word) ?? word;
        if (_cache.Count < MaxCacheEntries)
        {
            _cache[word] = result;
        }

        return result;
    }

    private string? Lookup(string word)
    {
        foreach (var form in BaseForms(word))
        {
            if (_entries.TryGetValue(form, out var translation))
            {
                return translation;
            }
        }

        return null;
    }

    // Dutch compounds put the head last ("huwelijksakte" = huwelijk + s + akte): the longest known first part whose
    // rest is known too (itself, or split again), allowing the linking s / e / en between them.
    private string? SplitCompound(string word, int depth = 0)
    {
        if (word.Length < 2 * MinPart || depth > 3)
        {
            return null;
        }

        for (var cut = word.Length - MinPart; cut >= MinPart; cut--)
        {
            var head = word[..cut];
            if (!_entries.TryGetValue(head, out var first))
            {
                continue;
            }

            foreach (var skip in LinkingLengths(word, cut))
            {
                var rest = word[(cut + skip)..];
                if (rest.Length < MinPart)
                {
                    continue;
                }

                var second = Lookup(rest) ?? SplitCompound(rest, depth + 1);
                if (second is not null)
                {
                    return first + " " + second;
                }
            }
        }

        return null;
    }

    private static IEnumerable<int> LinkingLengths(string word, int cut)
    {
        yield return 0;
        if (word[cut] == 's')
        {
            yield return 1;
        }

        if (word.AsSpan(cut).StartsWith("en", StringComparison.Ordinal))
        {
            yield return 2;
        }
        else if (word[cut] == 'e')
        {
            yield return 1;
        }
    }

    // Candidate dictionary forms of an inflected word, most likely first: plurals, verb endings, participles and
    // inflected adjectives, with the spelling changes Dutch makes (open syllables, doubled consonants, v/f, z/s).
    private static IEnumerable<string> BaseForms(string word)
    {
        yield return word;
        if (word.Length < 4)
        {
            yield break;
        }

        var stems = new List<string>();
        if (word.EndsWith("'s", StringComparison.Ordinal))
        {
            stems.Add(word[..^2]);
        }

        if (word.StartsWith("ge", StringComparison.Ordinal) && word.Length > 5 && word[^1] is 'd' or 't')
        {
            stems.Add(word[2..^1]);
        }

        if (word.StartsWith("ge", StringComparison.Ordinal) && word.EndsWith("en", StringComparison.Ordinal) && word.Length > 6)
        {
            // Strong participles ("gebleven", "gegeven"): the infinitive without "ge".
            stems.Add(word[2..]);
        }

        foreach (var suffix in new[] { "eren", "tjes", "jes", "ten", "den", "te", "de", "en", "es", "s", "e", "t", "d" })
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                stems.Add(word[..^suffix.Length]);
            }
        }

        foreach (var stem in stems)
        {
            foreach (var form in Respell(stem))
            {
                yield return form;
                yield return form + "en";
                if (form.EndsWith('e'))
                {
                    yield return form + "n";
                }
            }
        }
    }

    private static IEnumerable<string> Respell(string stem)
    {
        yield return stem;
        var n = stem.Length;
        if (n >= 2 && stem[^1] == stem[^2] && !IsVowel(stem[^1]))
        {
            yield return stem[..^1];
        }

        if (n >= 3 && !IsVowel(stem[^1]) && IsVowel(stem[^2]) && !IsVowel(stem[^3]))
        {
            // An open syllable lost its doubled vowel: "maken" -> "mak" -> "maak".
            yield return stem[..^1] + stem[^2] + stem[^1];
        }

        if (n >= 3 && stem[^2] == stem[^3] && IsVowel(stem[^2]) && !IsVowel(stem[^1]))
        {
            // The other way: "betaal" + "en" is spelled "betalen".
            yield return stem[..^2] + stem[^1];
        }

        if (stem[^1] == 'v')
        {
            yield return stem[..^1] + "f";
        }
        else if (stem[^1] == 'z')
        {
            yield return stem[..^1] + "s";
        }
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>
    /// The translation to use from one dictd entry: the first one whose words the embedding vocabulary knows, with
    /// lost spaces put back; otherwise the very first.
    /// </summary>
    internal static string? ChooseTranslation(string entry, IReadOnlySet<string>? englishWords)
    {
        string? first = null;
        var lines = entry.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // The first line is the headword and its pronunciation.
        foreach (var raw in lines.Skip(1))
        {
            var line = raw;
            var dot = line.IndexOf(". ", StringComparison.Ordinal);
            if (dot > 0 && line[..dot].All(char.IsDigit))
            {
                line = line[(dot + 2)..];
            }

            foreach (var candidate in line.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var cleaned = CleanTranslation(candidate);
                if (cleaned.Length == 0)
                {
                    continue;
                }

                if (englishWords is null)
                {
                    return cleaned;
                }

                first ??= cleaned;
                if (Respace(cleaned, englishWords) is { } known)
                {
                    return known;
                }
            }
        }

        return first;
    }

    private static string CleanTranslation(string candidate)
    {
        var builder = new StringBuilder(candidate.Length);
        foreach (var c in candidate.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetter(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is ' ' or '-' or '\u2010' && builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().Trim();
    }

    // Every word known as it stands, or a run of letters split into the fewest known words ("tosomeextent").
    private static string? Respace(string text, IReadOnlySet<string> englishWords)
    {
        var parts = new List<string>();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (englishWords.Contains(word))
            {
                parts.Add(word);
                continue;
            }

            if (Segment(word, englishWords) is not { } segmented)
            {
                return null;
            }

            parts.Add(segmented);
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    private static string? Segment(string word, IReadOnlySet<string> englishWords)
    {
        if (word.Length > 40)
        {
            return null;
        }

        // best[i]: fewest words covering word[..i]. Pieces of one or two letters only as real short words, or any
        // unknown word falls apart into fragments ("alimony" is not "a limo ny").
        var best = new int[word.Length + 1];
        var from = new int[word.Length + 1];
        Array.Fill(best, int.MaxValue);
        best[0] = 0;
        for (var end = 1; end <= word.Length; end++)
        {
            for (var start = 0; start < end; start++)
            {
                if (best[start] == int.MaxValue)
                {
                    continue;
                }

                var piece = word[start..end];
                if ((piece.Length > 2 || ShortWords.Contains(piece)) && englishWords.Contains(piece) && best[start] + 1 < best[end])
                {
                    best[end] = best[start] + 1;
                    from[end] = start;
                }
            }
        }

        if (best[word.Length] == int.MaxValue)
        {
            return null;
        }

        var pieces = new List<string>();
        for (var end = word.Length; end > 0; end = from[end])
        {
            pieces.Add(word[from[end]..end]);
        }

        pieces.Reverse();
        return string.Join(' ', pieces);
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var c = i < folded.Length ? folded[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0)
            {
                yield return folded[start..i];
                start = -1;
            }

            if (c is '.' or '?' or '!')
            {
                yield return c.ToString();
            }
        }
    }

    // Headwords write "ij" as the ligature "ĳ"; text almost never does.
    private static string Fold(string text) => DutchTextNormalizer.Fold(text.Replace("\u0133", "ij", StringComparison.Ordinal).Replace("\u0132", "IJ", StringComparison.Ordinal));

    private static long DecodeBase64Number(string field)
    {
        long value = 0;
        foreach (var c in field.Trim())
        {
            var digit = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '+' => 62,
                '/' => 63,
                _ => -1,
            };
            if (digit < 0)
            {
                return -1;
            }

            value = (value * 64) + digit;
        }

        return value;
    }
}
