using System.ComponentModel.DataAnnotations;

namespace KccAssistant.Ingest.Pipeline;

/// <summary>What a configured source is.</summary>
public enum SourceKind
{
    /// <summary>A website: a start URL to crawl, or a folder holding a saved copy.</summary>
    Site,
    /// <summary>A knowledge base: a file, a folder or an Objecten API list URL.</summary>
    KnowledgeBase,
}

/// <summary>One entry of <c>Kcc:Sources</c>.</summary>
public sealed class SourceDefinition
{
    /// <summary>Unique name; editors re-ingest sources by name.</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Site or knowledge base.</summary>
    public SourceKind Kind { get; set; }

    /// <summary>Start URL(s) or path(s); relative paths resolve against the repository root.</summary>
    [MinLength(1)]
    public List<string> Locations { get; set; } = [];

    /// <summary>For a saved site folder: the site's public base URL, used for pages without a canonical link.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>For an Objecten API: the Authorization header value (e.g. "Token ...").</summary>
    public string? Authorization { get; set; }

    /// <summary>Short description shown to editors.</summary>
    public string? Description { get; set; }
}

/// <summary>The <c>Kcc:Ingest</c> section.</summary>
public sealed class IngestOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Ingest";

    /// <summary>Chunks embedded per batch.</summary>
    [Range(1, 4096)]
    public int EmbedBatch { get; set; } = 64;

    /// <summary>
    /// When the web app starts with an empty store, ingest the configured sources itself so a new user sees answers.
    /// </summary>
    public bool IngestOnFirstStart { get; set; } = true;

    /// <summary>
    /// Where the web app's re-ingestion runs: <see cref="IngestMode.InProcess"/> (default) in the web app itself, or
    /// <see cref="IngestMode.Worker"/> in a separate <c>--worker</c> process, through the request queue and status file.
    /// </summary>
    public IngestMode Mode { get; set; } = IngestMode.InProcess;
}

/// <summary>The values of <c>Kcc:Ingest:Mode</c>.</summary>
public enum IngestMode
{
    /// <summary>The web app runs ingestion itself, in the background.</summary>
    InProcess,
    /// <summary>A separate ingest worker (<c>--worker</c>) runs it; the web app queues requests and reads its status file.</summary>
    Worker,
}
