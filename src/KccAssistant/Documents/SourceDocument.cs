namespace KccAssistant.Documents;

/// <summary>The kind of source a document came from; shown to agents next to each citation.</summary>
public enum SourceType
{
    /// <summary>A page of the municipality's public website.</summary>
    Website,
    /// <summary>A vraag-antwoordcombinatie from the KCC knowledge base.</summary>
    Vac,
    /// <summary>A product article (SDG/PDC) from the KCC knowledge base.</summary>
    Kennisartikel,
    /// <summary>A national Rijksoverheid VAC.</summary>
    Rijksoverheid,
    /// <summary>A Markdown article with YAML front matter.</summary>
    Markdown,
}

/// <summary>One titled part of a document; chunks never cross a section boundary.</summary>
/// <param name="Heading">The section heading (Dutch label for knowledge-base sections), or empty for the lead text.</param>
/// <param name="Text">Plain text; paragraphs separated by blank lines.</param>
/// <param name="Anchor">Fragment identifier of the section on the source page, when it has one.</param>
public sealed record DocumentSection(string Heading, string Text, string? Anchor = null);

/// <summary>
/// A source document after extraction and gating: clean text with structure, ready to be chunked.
/// </summary>
public sealed record SourceDocument
{
    /// <summary>Stable identity: the normalised URL for web pages, the item id for knowledge-base items.</summary>
    public required string Id { get; init; }

    /// <summary>The configured source this document belongs to (e.g. "website", "kennisbank").</summary>
    public required string SourceName { get; init; }

    /// <summary>The kind of document.</summary>
    public required SourceType Type { get; init; }

    /// <summary>Title shown in citations.</summary>
    public required string Title { get; init; }

    /// <summary>Where a citation links to.</summary>
    public required string Url { get; init; }

    /// <summary>The question of a VAC; indexed with a boost like the title.</summary>
    public string? Question { get; init; }

    /// <summary>When the source says the content last changed.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>Keywords (trefwoorden) from the source, indexed with a boost.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>The document's sections in reading order.</summary>
    public required IReadOnlyList<DocumentSection> Sections { get; init; }

    /// <summary>Validator data for conditional re-fetching (ETag or Last-Modified header), if any.</summary>
    public string? ETag { get; init; }

    /// <summary>Last-Modified response header, if any.</summary>
    public string? HttpLastModified { get; init; }

    /// <summary>A hash over everything that is indexed; unchanged hash means unchanged chunks.</summary>
    public string ContentHash => _contentHash ??= ComputeHash();

    private string? _contentHash;

    private string ComputeHash()
    {
        var builder = new System.Text.StringBuilder();
        builder.Append(Title).Append('\u001f').Append(Url).Append('\u001f').Append(Question).Append('\u001f')
            .Append(string.Join('|', Keywords)).Append('\u001f').Append(LastModified?.ToString("O")).Append('\u001f');
        foreach (var section in Sections)
        {
            builder.Append(section.Heading).Append('\u001e').Append(section.Anchor).Append('\u001e').Append(section.Text).Append('\u001d');
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(builder.ToString())));
    }
}
