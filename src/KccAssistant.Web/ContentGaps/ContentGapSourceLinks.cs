using KccAssistant.ContentGaps;
using KccAssistant.Documents;
using KccAssistant.Stores;
using KccAssistant.Web.Components;

namespace KccAssistant.Web.ContentGaps;

/// <summary>Where an editor can open a closest source: always the stored copy, and the original page when it is public.</summary>
/// <param name="Source">The source as the analyser found it.</param>
/// <param name="StoredCopy">The app's own view, <c>/bron/{id}</c>.</param>
/// <param name="PublicUrl">The original address for a public web page; null for knowledge-base items, whose logged address is internal.</param>
public sealed record GapSourceLink(GapSource Source, string StoredCopy, string? PublicUrl);

/// <summary>
/// Looks the closest sources up in the index to learn their kind: the question log keeps a source's address but not
/// whether it is public, and an Objecten API address must not be offered as a link to follow.
/// </summary>
public sealed class ContentGapSourceLinks(IKnowledgeStore store)
{
    /// <summary>The links of every closest source in <paramref name="report"/>, by document id.</summary>
    public async Task<IReadOnlyDictionary<string, GapSourceLink>> ResolveAsync(ContentGapReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var links = new Dictionary<string, GapSourceLink>(StringComparer.Ordinal);
        foreach (var source in report.Groups.SelectMany(g => g.Sources))
        {
            if (!links.ContainsKey(source.DocumentId))
            {
                links[source.DocumentId] = new GapSourceLink(source, "/bron/" + Uri.EscapeDataString(source.DocumentId), await PublicUrlAsync(source, cancellationToken));
            }
        }

        return links;
    }

    private async Task<string?> PublicUrlAsync(GapSource source, CancellationToken cancellationToken)
    {
        IReadOnlyList<Chunk> chunks;
        try
        {
            chunks = await store.GetDocumentChunksAsync(source.DocumentId, cancellationToken);
        }
        catch (KnowledgeStoreUnavailableException)
        {
            // Without the index the kind is unknown: the stored-copy link still names the source, and no internal
            // address slips out as a public one.
            return null;
        }

        // A source no longer indexed keeps its stored-copy link (which then says it is gone), but no original link.
        return chunks.Count > 0 && chunks[0].SourceType is SourceType.Website or SourceType.Rijksoverheid && AnswerMarkup.IsWebUrl(chunks[0].Url)
            ? chunks[0].Url
            : null;
    }
}
