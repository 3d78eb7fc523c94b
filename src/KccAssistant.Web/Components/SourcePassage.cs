using System.Globalization;
using System.Text.Encodings.Web;
using KccAssistant.Answering;
using KccAssistant.Documents;

namespace KccAssistant.Web.Components;

/// <summary>
/// Opening the stored copy of a source at the passage a citation came from:
/// <c>bron/{documentId}?passage={ordinal}&amp;q={quote}</c>, both parameters optional.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>passage</c>: the chunk's ordinal within the document (the number after '#' in a chunk id; the whole chunk
/// id is accepted too). Wins over <c>q</c> when both point somewhere.</item>
/// <item><c>q</c>: text quoted from the source, normally the first supporting sentence of the citation (or its
/// snippet). The first passage holding it is the cited one, and only that text is marked there; a quote found nowhere
/// verbatim falls back to the passage sharing most of its words, marked whole.</item>
/// </list>
/// The page marks the cited passage with &lt;mark&gt; and scrolls it into view (wwwroot/js/bron.js). The quote is
/// used only to find and mark text already on the page; it is never shown by itself.
/// </remarks>
public static class SourcePassage
{
    /// <summary>Query parameter naming the passage by ordinal or chunk id.</summary>
    public const string PassageParameter = "passage";

    /// <summary>Query parameter carrying the quoted text.</summary>
    public const string QuoteParameter = "q";

    // A supporting sentence is far shorter; this only keeps URLs and matching work bounded.
    private const int MaxQuoteChars = 500;

    /// <summary>The stored copy opened at a citation's passage, relative to the app's base address.</summary>
    public static string Link(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        var quote = citation.Highlights.FirstOrDefault(h => !string.IsNullOrWhiteSpace(h)) ?? citation.Snippet;
        return Link(citation.DocumentId, quote);
    }

    /// <summary>The stored copy of <paramref name="documentId"/>, opened at a passage when one is given.</summary>
    public static string Link(string documentId, string? quote, int? passage = null)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        var query = new List<string>();
        if (passage is { } ordinal)
        {
            query.Add($"{PassageParameter}={ordinal.ToString(CultureInfo.InvariantCulture)}");
        }

        var cleaned = CleanQuote(quote);
        if (cleaned.Length > 0)
        {
            query.Add($"{QuoteParameter}={Uri.EscapeDataString(cleaned)}");
        }

        var link = $"bron/{Uri.EscapeDataString(documentId)}";
        return query.Count == 0 ? link : $"{link}?{string.Join('&', query)}";
    }

    /// <summary>The ordinal of the cited chunk, or null when the parameters point at none of them.</summary>
    public static int? Find(IReadOnlyList<Chunk> chunks, string? passage, string? quote)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (!string.IsNullOrWhiteSpace(passage))
        {
            var number = passage[(passage.LastIndexOf('#') + 1)..];
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) && chunks.Any(c => c.Ordinal == ordinal))
            {
                return ordinal;
            }
        }

        var cleaned = CleanQuote(quote);
        if (cleaned.Length == 0)
        {
            return null;
        }

        foreach (var chunk in chunks)
        {
            if (Collapse(chunk.Text).Contains(cleaned, StringComparison.Ordinal))
            {
                return chunk.Ordinal;
            }
        }

        // A quote that no longer matches verbatim (the source changed since the answer, or it was cut): the passage
        // with most of its words, if it has at least half of them.
        var words = Words(cleaned);
        if (words.Count == 0)
        {
            return null;
        }

        var best = chunks.Select(c => (c.Ordinal, Shared: Words(c.Text).Intersect(words).Count())).MaxBy(c => c.Shared);
        return best.Shared * 2 >= words.Count ? best.Ordinal : null;
    }

    /// <summary>
    /// How the text of the cited passage is rendered: the quote marked where the passage holds it, otherwise the whole
    /// passage marked. Always HTML-encodes.
    /// </summary>
    public static Func<string, string> Marker(string citedText, string? quote)
    {
        ArgumentNullException.ThrowIfNull(citedText);
        var cleaned = CleanQuote(quote);
        if (cleaned.Length == 0 || !Collapse(citedText).Contains(cleaned, StringComparison.Ordinal))
        {
            return text => Mark(HtmlEncoder.Default.Encode(text));
        }

        return text =>
        {
            var piece = Collapse(text);
            var at = piece.IndexOf(cleaned, StringComparison.Ordinal);
            if (at >= 0)
            {
                return HtmlEncoder.Default.Encode(piece[..at]) + Mark(HtmlEncoder.Default.Encode(cleaned))
                    + HtmlEncoder.Default.Encode(piece[(at + cleaned.Length)..]);
            }

            // A quote that spans list items or lines covers each of them whole.
            return piece.Length > 0 && cleaned.Contains(piece, StringComparison.Ordinal)
                ? Mark(HtmlEncoder.Default.Encode(piece))
                : HtmlEncoder.Default.Encode(piece);
        };
    }

    /// <summary>
    /// The text of a chunk as shown after <paramref name="previous"/> of the same section: the sentence the chunker
    /// repeats at the start of a chunk cut mid-paragraph (so it reads on its own in an answer) would otherwise show twice.
    /// </summary>
    public static string WithoutOverlap(string? previous, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(previous))
        {
            return text;
        }

        for (var length = Math.Min(Math.Min(previous.Length, text.Length), 1000); length >= 20; length--)
        {
            if ((length == text.Length || char.IsWhiteSpace(text[length])) && previous.EndsWith(text[..length], StringComparison.Ordinal))
            {
                return text[length..].TrimStart();
            }
        }

        return text;
    }

    /// <summary>The quote without snippet ellipses and with white space collapsed; "" when none or too long.</summary>
    internal static string CleanQuote(string? quote)
    {
        var cleaned = Collapse(quote ?? "").Trim('…', ' ');
        return cleaned.Length > MaxQuoteChars ? cleaned[..MaxQuoteChars].TrimEnd() : cleaned;
    }

    private static string Mark(string encoded) => "<mark>" + encoded + "</mark>";

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static HashSet<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.', ',', ';', ':', '!', '?', '(', ')', '"', '\'', '-', '•').ToLower(AnswerMarkup.Dutch))
            .Where(w => w.Length >= 3)
            .ToHashSet(StringComparer.Ordinal);
}
