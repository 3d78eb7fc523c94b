using KccAssistant.Documents;
using KccAssistant.Stores;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>Why something found in a source was not indexed; each reason is counted in the run report.</summary>
public enum SkipReason
{
    /// <summary>Disallowed by robots.txt.</summary>
    Robots,
    /// <summary>Marked noindex (meta robots or X-Robots-Tag).</summary>
    NoIndex,
    /// <summary>Marked internal, confidential or not public.</summary>
    Confidential,
    /// <summary>Not active (e.g. a VAC with status non-actief, an archived or concept article).</summary>
    Inactive,
    /// <summary>Contains personal data (BSN, IBAN, ...).</summary>
    PersonalData,
    /// <summary>Same content as a document already read in this run.</summary>
    Duplicate,
    /// <summary>Could not be fetched or parsed.</summary>
    Failed,
}

/// <summary>What a source reader yields: a document, an unchanged document, or a skip with its reason.</summary>
public abstract record IngestItem;

/// <summary>A document to index.</summary>
public sealed record DocumentItem(SourceDocument Document) : IngestItem;

/// <summary>
/// A document the source reports as unchanged (HTTP 304, same lastmod): carried over from the serving generation.
/// </summary>
public sealed record UnchangedItem(string DocumentId) : IngestItem;

/// <summary>
/// The reader stopped before it had read the whole source (e.g. the crawler's page limit): documents it did not
/// see this run are kept as they were, not deleted. <paramref name="Reason"/> is for editors.
/// </summary>
public sealed record IncompleteItem(string Reason) : IngestItem;

/// <summary>Something that was not indexed. <paramref name="Location"/> is a URL, path or item id, never content.</summary>
public sealed record SkippedItem(string Location, SkipReason Reason, string Detail) : IngestItem
{
    /// <summary>The item's title when the reader knew it: editors recognise a VAC by its question, not by its UUID.</summary>
    public string? Title { get; init; }

    /// <summary>Where an editor can look at the item (an absolute http(s) URL), when there is one.</summary>
    public string? Url { get; init; }
}

/// <summary>Where a source's expected number of items comes from, so editors know how far to trust the total.</summary>
public enum TotalBasis
{
    /// <summary>Pages listed in the site's sitemap.</summary>
    Sitemap,
    /// <summary>Items counted in the knowledge base (files read, or the API's count).</summary>
    KnowledgeBase,
    /// <summary>Pages in the folder of a saved site.</summary>
    Folder,
    /// <summary>No count from the source itself: the documents the serving index holds for it (an estimate).</summary>
    PreviousRun,
}

/// <summary>
/// How many items (documents, unchanged documents and skips together) a reader expects to yield, as soon as it knows;
/// drives the progress bar and time estimate on the editor page. Optional: readers that cannot know yield none.
/// </summary>
public sealed record TotalItem(int Total, TotalBasis Basis) : IngestItem;

/// <summary>What a <see cref="WarningItem"/> is about; each kind is counted in the run report.</summary>
public enum WarningKind
{
    /// <summary>An item's link was not an absolute http(s) URL (javascript:, data:, relative, ...): it was indexed without it.</summary>
    UrlRemoved,
    /// <summary>A page's &lt;link rel=canonical&gt; pointed outside the source (another host, another scheme): the fetched URL was used.</summary>
    CanonicalIgnored,
    /// <summary>A redirect or next-page link left the source's scope and was not followed.</summary>
    RedirectRefused,
}

/// <summary>
/// Something an editor must know that did not stop an item from being indexed (or a source from being read).
/// <paramref name="Location"/> is a URL, path or item id, never content.
/// </summary>
public sealed record WarningItem(string Location, WarningKind Kind, string Detail) : IngestItem;

/// <summary>What a reader knows about the run it reads for.</summary>
/// <param name="SourceName">The configured source name.</param>
/// <param name="Previous">Documents of this source in the serving generation (for conditional requests).</param>
public sealed record SourceContext(string SourceName, IReadOnlyDictionary<string, DocumentState> Previous);

/// <summary>Reads one kind of source (a website, a knowledge-base file or API) into ingest items.</summary>
public interface ISourceReader
{
    /// <summary>Streams the source's items; failures of single items are yielded as <see cref="SkippedItem"/>, never thrown.</summary>
    IAsyncEnumerable<IngestItem> ReadAsync(SourceContext context, CancellationToken cancellationToken = default);
}
