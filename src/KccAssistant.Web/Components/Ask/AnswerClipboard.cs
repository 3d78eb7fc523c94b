using KccAssistant.Answering;
using KccAssistant.Documents;

namespace KccAssistant.Web.Components.Ask;

/// <summary>The answer and its sources as plain text, for pasting into a mail or chat to a resident.</summary>
public static class AnswerClipboard
{
    /// <summary>
    /// The answer, a blank line, then "Bronnen:" and one numbered line per source: its title and, for public web pages
    /// only, the address. Knowledge-base items get their title alone: their addresses are internal API addresses a
    /// resident cannot open and should not see.
    /// </summary>
    public static string Text(AskResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var builder = new System.Text.StringBuilder(response.Answer.Trim());
        if (response.Citations.Count > 0)
        {
            builder.Append("\n\nBronnen:");
            foreach (var citation in response.Citations)
            {
                builder.Append('\n').Append('[').Append(citation.Number).Append("] ").Append(citation.Title.Trim());
                if (PublicPage(citation) is { } url)
                {
                    builder.Append(" – ").Append(url);
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>The citation's address when it is a public web page (website or Rijksoverheid, absolute http(s)); else null.</summary>
    public static string? PublicPage(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return citation.SourceType is SourceType.Website or SourceType.Rijksoverheid && AnswerMarkup.IsWebUrl(citation.Url) ? citation.Url : null;
    }

    /// <summary>How an agent names the kind of source, in Dutch.</summary>
    public static string TypeLabel(SourceType type) => type switch
    {
        SourceType.Website => "Website",
        SourceType.Rijksoverheid => "Rijksoverheid.nl",
        SourceType.Vac => "Kennisbank · VAC",
        SourceType.Kennisartikel or SourceType.Markdown => "Kennisbank · artikel",
        _ => "Bron",
    };
}
