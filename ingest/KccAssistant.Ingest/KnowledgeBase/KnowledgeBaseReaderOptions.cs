using System.ComponentModel.DataAnnotations;

namespace KccAssistant.Ingest.KnowledgeBase;

/// <summary>One knowledge-base location to import: a file, a folder or an http(s) URL (e.g. an Objecten API list).</summary>
public sealed class KnowledgeBaseReaderOptions
{
    /// <summary>A file (*.json, *.md), a folder (read recursively) or an http(s) URL.</summary>
    [Required]
    public string Location { get; set; } = "";

    /// <summary>
    /// A header sent with every request to <see cref="Location"/>, as "Name: value" (e.g. "Authorization: Token xyz").
    /// Sent only to the origin of <see cref="Location"/>.
    /// </summary>
    public string? AuthHeader { get; set; }

    /// <summary>At most this many pages are followed through <c>next</c> links.</summary>
    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 1000;
}
