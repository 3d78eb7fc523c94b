using System.Security.Cryptography;
using System.Text;
using KccAssistant.Documents;

namespace KccAssistant.Ingest.Web;

/// <summary>What <see cref="HtmlContentExtractor"/> found in one HTML page.</summary>
/// <param name="Title">The page title: the main heading, else the &lt;title&gt; without its site suffix.</param>
/// <param name="CanonicalUrl">The normalised absolute &lt;link rel=canonical&gt;, when the page declares one.</param>
/// <param name="Description">The meta description, when present.</param>
/// <param name="LastModified">When the page says it last changed (meta dcterms.modified, article:modified_time, or the Last-Modified header).</param>
/// <param name="NoIndex">Meta robots says noindex (or none).</param>
/// <param name="NoFollow">Meta robots says nofollow (or none).</param>
/// <param name="Links">Normalised absolute http(s) links to follow (rel=nofollow links and all links of a nofollow page left out).</param>
/// <param name="Sections">The main content, split on h2/h3.</param>
public sealed record ExtractedPage(
    string Title,
    string? CanonicalUrl,
    string? Description,
    DateTimeOffset? LastModified,
    bool NoIndex,
    bool NoFollow,
    IReadOnlyList<string> Links,
    IReadOnlyList<DocumentSection> Sections)
{
    private string? _fingerprint;

    /// <summary>True when the canonical link was written as a relative URL (saved copies of sites often rewrite it).</summary>
    public bool CanonicalIsRelative { get; init; }

    /// <summary>A canonical link that is not an http(s) URL (javascript:, data:, ...): never used, but reported.</summary>
    public string? UnusableCanonical { get; init; }

    /// <summary>
    /// A warning when the page's canonical link is unusable or not in <paramref name="inScope"/>; null when the
    /// page has no canonical link or it may be used.
    /// </summary>
    internal Pipeline.WarningItem? CanonicalWarning(string location, Func<Uri, bool> inScope)
    {
        if (UnusableCanonical is { } unusable)
        {
            return new Pipeline.WarningItem(location, Pipeline.WarningKind.CanonicalIgnored, $"canonical link is not an http(s) URL ({Pipeline.CitationLinks.Describe(unusable)}); the page's own URL is used");
        }

        if (CanonicalUrl is { } canonical && Uri.TryCreate(canonical, UriKind.Absolute, out var url) && !inScope(url))
        {
            return new Pipeline.WarningItem(location, Pipeline.WarningKind.CanonicalIgnored, $"canonical link points outside the source ({url.Scheme}://{url.Authority}); the page's own URL is used");
        }

        return null;
    }

    /// <summary>
    /// A hash over the title and the text of the main content only (not the URL or dates), so the same page served
    /// under two addresses is recognised as a duplicate.
    /// </summary>
    public string ContentFingerprint => _fingerprint ??= ComputeFingerprint();

    /// <summary>The number of characters of main-content text.</summary>
    public int TextLength => Sections.Sum(s => s.Text.Length);

    /// <summary>Builds the document to index under <paramref name="documentUrl"/> (already normalised).</summary>
    public SourceDocument ToDocument(string sourceName, string documentUrl, string? etag = null, string? httpLastModified = null) => new()
    {
        Id = documentUrl,
        SourceName = sourceName,
        Type = SourceType.Website,
        Title = Title,
        Url = documentUrl,
        LastModified = LastModified,
        Sections = Sections,
        ETag = etag,
        HttpLastModified = httpLastModified,
    };

    private string ComputeFingerprint()
    {
        var builder = new StringBuilder();
        builder.Append(Title).Append('\u001f');
        foreach (var section in Sections)
        {
            builder.Append(section.Heading).Append('\u001e').Append(section.Text).Append('\u001d');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }
}
