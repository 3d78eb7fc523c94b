using System.Globalization;
using System.Text;

namespace KccAssistant.Embeddings;

/// <summary>
/// HuggingFace's BERT "basic tokenization" (clean text, CJK spacing, lower-casing, accent stripping, punctuation
/// split), producing words separated by single spaces for the WordPiece step.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' own basic tokenization is close but not equal to HuggingFace's: it drops every symbol
/// character (<c>$ € + ° ©</c>, which HuggingFace keeps and the vocabulary knows) and deletes tabs and line breaks
/// instead of treating them as spaces, so two words across a line break merge into one. Doing this step here keeps
/// vectors equal to what sentence-transformers computes for the same model.
/// </remarks>
internal static class BertTextNormalizer
{
    /// <summary>Normalizes <paramref name="prefix"/> followed by <paramref name="text"/>.</summary>
    public static string Normalize(string prefix, string text, bool lowerCase, bool stripAccents)
    {
        var combined = prefix.Length == 0 ? text : string.Concat(prefix, text);
        if (lowerCase)
        {
            combined = combined.ToLowerInvariant();
        }

        if (stripAccents && !combined.IsNormalized(NormalizationForm.FormD))
        {
            combined = combined.Normalize(NormalizationForm.FormD);
        }

        var builder = new StringBuilder(combined.Length + 16);
        var pendingSpace = false;
        foreach (var rune in combined.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (IsWhiteSpace(rune, category))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (rune.Value == 0xFFFD || IsControl(category) || (stripAccents && category == UnicodeCategory.NonSpacingMark))
            {
                continue;
            }

            var standalone = IsPunctuation(rune, category) || IsCjk(rune.Value);
            if ((pendingSpace || standalone) && builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }

            pendingSpace = standalone;
            AppendRune(builder, rune);
        }

        return builder.ToString();
    }

    private static void AppendRune(StringBuilder builder, Rune rune)
    {
        Span<char> chars = stackalloc char[2];
        var written = rune.EncodeToUtf16(chars);
        builder.Append(chars[..written]);
    }

    // Every Unicode separator counts, so a line break never glues two words together.
    private static bool IsWhiteSpace(Rune rune, UnicodeCategory category) =>
        Rune.IsWhiteSpace(rune)
        || category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsControl(UnicodeCategory category) => category is UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned;

    // BERT treats all non-alphanumeric ASCII as punctuation ("$", "+", "^" included), plus Unicode P* categories.
    private static bool IsPunctuation(Rune rune, UnicodeCategory category)
    {
        var cp = rune.Value;
        if (cp is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }

    private static bool IsCjk(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
