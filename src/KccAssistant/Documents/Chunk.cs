namespace KccAssistant.Documents;

/// <summary>A retrievable piece of a document: one section or part of one, about 100–150 words.</summary>
public sealed record Chunk
{
    /// <summary>Unique within a generation: document id plus ordinal.</summary>
    public required string Id { get; init; }

    /// <summary>The document this chunk belongs to.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Position of the chunk within its document.</summary>
    public required int Ordinal { get; init; }

    /// <summary>The configured source the document came from.</summary>
    public required string SourceName { get; init; }

    /// <summary>The kind of document.</summary>
    public required SourceType SourceType { get; init; }

    /// <summary>Document title.</summary>
    public required string Title { get; init; }

    /// <summary>Citation link of the document.</summary>
    public required string Url { get; init; }

    /// <summary>Section heading, empty for lead text.</summary>
    public string Section { get; init; } = "";

    /// <summary>Fragment of the section on the source page, if any.</summary>
    public string? Anchor { get; init; }

    /// <summary>The VAC question, if the document is a VAC.</summary>
    public string? Question { get; init; }

    /// <summary>Keywords of the document.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>The chunk's plain text.</summary>
    public required string Text { get; init; }

    /// <summary>When the document last changed, per its source.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>
    /// The text that is embedded: title, section and body together, because a chunk on its own often lacks
    /// the subject ("Kosten" says nothing without "Paspoort").
    /// </summary>
    public string EmbeddingText =>
        string.IsNullOrEmpty(Section) || Section == Title ? $"{Title}. {Text}" : $"{Title} - {Section}. {Text}";
}

/// <summary>A chunk and its embedding vector.</summary>
public sealed record EmbeddedChunk(Chunk Chunk, ReadOnlyMemory<float> Vector);
