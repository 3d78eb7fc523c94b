using System.Globalization;
using System.Text;

namespace KccAssistant.Privacy;

/// <summary>
/// A view of a text in which personal data cannot hide behind its notation: percent-encoding is decoded, every
/// character is NFKC-normalised (full-width digits and letters become ASCII), decimal digits of any script become
/// ASCII digits, all white space (non-breaking, thin, ...) becomes a space, all dashes a hyphen, and invisible
/// format characters (zero-width space, soft hyphen) are dropped. Every character keeps the span of the original
/// it came from, so findings can be reported in the caller's coordinates.
/// </summary>
internal sealed class NormalizedText
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    private NormalizedText(string text, int[] starts, int[] ends)
    {
        Text = text;
        _starts = starts;
        _ends = ends;
    }

    /// <summary>The normalised text.</summary>
    public string Text { get; }

    public static NormalizedText Create(string original)
    {
        var builder = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);

        void Append(char c, int start, int end)
        {
            builder.Append(c);
            starts.Add(start);
            ends.Add(end);
        }

        var i = 0;
        while (i < original.Length)
        {
            var c = original[i];
            if (c < 0x80 && c != '%')
            {
                Append(c == '\r' ? '\n' : c == '\t' ? ' ' : c, i, i + 1);
                i++;
                continue;
            }

            if (c == '%' && TryDecodePercent(original, i, out var decoded, out var consumed))
            {
                foreach (var d in Normalize(decoded))
                {
                    Append(d, i, i + consumed);
                }

                i += consumed;
                continue;
            }

            var width = char.IsSurrogatePair(original, i) ? 2 : 1;
            foreach (var d in Normalize(original.Substring(i, width)))
            {
                Append(d, i, i + width);
            }

            i += width;
        }

        return new NormalizedText(builder.ToString(), [.. starts], [.. ends]);
    }

    /// <summary>The span in the original text of <paramref name="length"/> normalised characters at <paramref name="start"/>.</summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        var originalStart = _starts[start];
        var originalEnd = _ends[start + length - 1];
        return (originalStart, originalEnd - originalStart);
    }

    private static string Normalize(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        foreach (var rune in unit.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.DecimalDigitNumber)
            {
                // Arabic-Indic, Devanagari, mathematical and full-width digits all carry their value.
                builder.Append((char)('0' + (int)Rune.GetNumericValue(rune)));
            }
            else if (category == UnicodeCategory.Format)
            {
                // Zero-width spaces, joiners and soft hyphens render as nothing: drop them so "123\u200B456" reads as digits.
            }
            else if (rune.Value is '\n' or '\r' or 0x2028 or 0x2029)
            {
                builder.Append('\n');
            }
            else if (Rune.IsWhiteSpace(rune))
            {
                builder.Append(' ');
            }
            else if (category == UnicodeCategory.DashPunctuation || rune.Value == 0x2212)
            {
                builder.Append('-');
            }
            else
            {
                var normalized = rune.ToString().Normalize(NormalizationForm.FormKC);
                foreach (var d in normalized.EnumerateRunes())
                {
                    if (Rune.GetUnicodeCategory(d) == UnicodeCategory.DecimalDigitNumber)
                    {
                        builder.Append((char)('0' + (int)Rune.GetNumericValue(d)));
                    }
                    else if (Rune.IsWhiteSpace(d))
                    {
                        builder.Append(' ');
                    }
                    else
                    {
                        builder.Append(d.ToString());
                    }
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>A run of %XX escapes that decodes to valid UTF-8 ("%20", "%EF%BC%91").</summary>
    private static bool TryDecodePercent(string text, int start, out string decoded, out int consumed)
    {
        var bytes = new List<byte>();
        var i = start;
        while (i + 2 < text.Length && text[i] == '%' && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]) && bytes.Count < 16)
        {
            bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            i += 3;
        }

        decoded = "";
        consumed = i - start;
        if (bytes.Count == 0)
        {
            return false;
        }

        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        // "+" in a query string is a space too, but only inside percent-encoded text is that certain; leave it.
        return decoded.Length > 0;
    }
}
