using System.Globalization;
using System.Text;

namespace KccAssistant.Text;

/// <summary>Folds case and diacritics and splits text into word tokens, the same way for indexing and for questions.</summary>
public static class DutchTextNormalizer
{
    /// <summary>Lower-cases and removes diacritics ("één" becomes "een", "café" becomes "cafe").</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Folded word tokens: runs of letters and digits. Hyphenated words yield their parts
    /// ("id-kaart" gives "id" and "kaart") and, because residents write both, the joined form ("idkaart").
    /// </summary>
    public static IEnumerable<string> Tokenize(string text)
    {
        var folded = Fold(text);
        var start = -1;
        var hyphenParts = new List<string>();
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
                var token = folded[start..i];
                start = -1;
                yield return token;
                var joinsNext = (c == '-' || c == '/') && i + 1 < folded.Length && char.IsLetter(folded[i + 1]);
                hyphenParts.Add(token);
                if (!joinsNext)
                {
                    if (hyphenParts.Count > 1)
                    {
                        yield return string.Concat(hyphenParts);
                    }

                    hyphenParts.Clear();
                }
            }
            else
            {
                hyphenParts.Clear();
            }
        }
    }
}
