using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Chunking;

/// <summary>The <c>Kcc:Chunking</c> section: chunk sizes in words.</summary>
/// <remarks>
/// Dutch costs about 2.2 WordPiece tokens a word with the bundled English vocabulary, so 120 words is roughly
/// 260 tokens: chunks of the target size fit the embedder's default window.
/// </remarks>
public sealed class ChunkingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Chunking";

    /// <summary>The size chunks aim at.</summary>
    public int TargetWords { get; set; } = 120;

    /// <summary>No chunk is larger; a sentence longer than this is cut into word windows.</summary>
    public int MaxWords { get; set; } = 160;

    /// <summary>Chunks smaller than this are avoided unless the whole section is smaller.</summary>
    public int MinWords { get; set; } = 40;

    /// <summary>Sentences repeated at the start of a chunk that continues a paragraph split between sentences.</summary>
    public int OverlapSentences { get; set; } = 1;
}

/// <summary>Validates <see cref="ChunkingOptions"/> at start, naming the configuration key that is wrong.</summary>
public sealed class ChunkingOptionsValidator : IValidateOptions<ChunkingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string prefix = ChunkingOptions.SectionName;
        if (options.MinWords < 1)
        {
            errors.Add($"{prefix}:MinWords must be at least 1 (is {options.MinWords}).");
        }

        if (options.TargetWords < options.MinWords)
        {
            errors.Add($"{prefix}:TargetWords ({options.TargetWords}) must be at least {prefix}:MinWords ({options.MinWords}).");
        }

        if (options.MaxWords < options.TargetWords)
        {
            errors.Add($"{prefix}:MaxWords ({options.MaxWords}) must be at least {prefix}:TargetWords ({options.TargetWords}).");
        }

        if (options.OverlapSentences is < 0 or > 10)
        {
            errors.Add($"{prefix}:OverlapSentences must be between 0 and 10 (is {options.OverlapSentences}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
