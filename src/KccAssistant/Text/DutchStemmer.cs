using System.Collections.Concurrent;

namespace KccAssistant.Text;

/// <summary>
/// Snowball Dutch stemming plus vowel undoubling, so that open and closed syllables meet
/// ("parkeren" and "parkeer", "bomen" and "boom" share a stem). Thread-safe and cached.
/// </summary>
public static class DutchStemmer
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static Lucene.Net.Tartarus.Snowball.Ext.DutchStemmer? _stemmer;

    /// <summary>The stem of a folded token.</summary>
    public static string Stem(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length <= 3 || char.IsDigit(token[0]))
        {
            return token;
        }

        if (Cache.TryGetValue(token, out var cached))
        {
            return cached;
        }

        var stemmer = _stemmer ??= new Lucene.Net.Tartarus.Snowball.Ext.DutchStemmer();
        stemmer.SetCurrent(token);
        stemmer.Stem();
        var stem = UndoubleVowels(stemmer.Current);
        if (Cache.Count < 500_000)
        {
            Cache.TryAdd(token, stem);
        }

        return stem;
    }

    private static string UndoubleVowels(string stem)
    {
        if (stem.Length < 3)
        {
            return stem;
        }

        Span<char> buffer = stackalloc char[stem.Length];
        var length = 0;
        for (var i = 0; i < stem.Length; i++)
        {
            var c = stem[i];
            if (length > 0 && buffer[length - 1] == c && c is 'a' or 'e' or 'o' or 'u')
            {
                continue;
            }

            buffer[length++] = c;
        }

        return new string(buffer[..length]);
    }
}
