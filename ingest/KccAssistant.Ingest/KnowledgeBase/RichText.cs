using System.Text.RegularExpressions;
using Markdig;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>
/// Knowledge-base text fields hold HTML (Objecten API VAC's, Rijksoverheid) or Markdown (SDG product texts):
/// both become plain text through one HTML-to-text path.
/// </summary>
internal static partial class RichText
{
    /// <summary>CommonMark plus pipe tables and GitHub-style heading ids (used as section anchors).</summary>
    public static MarkdownPipeline Markdown { get; } = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .Build();

    /// <summary>Plain text of an HTML or Markdown field; "" when blank.</summary>
    public static string ToPlainText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        // Indented HTML rendered as Markdown would become a code block, so HTML is detected first.
        if (LooksLikeHtml(text))
        {
            return HtmlPlainText.Convert(text);
        }

        // Plain-text fields often list with "•", which Markdown does not know: its lines would run together into one
        // paragraph ("• a • b") and the list would be lost for good. As "- " they are the Markdown list they mean.
        return HtmlPlainText.Convert(Markdig.Markdown.ToHtml(Bullet().Replace(text, "$1- "), Markdown));
    }

    public static bool LooksLikeHtml(string text) => HtmlTag().IsMatch(text);

    [GeneratedRegex(@"^([ \t]*)[•▪◦·][ \t]+", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Bullet();

    [GeneratedRegex(@"</?(p|div|br|ul|ol|li|h[1-6]|strong|em|b|i|u|a|span|table|tr|td|th|blockquote|section|article)\b[^>]*>|&(nbsp|amp|euro|quot|#\d+);", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTag();
}
