using Microsoft.Extensions.AI;

namespace KccAssistant.Embeddings;

/// <summary>
/// Whether an input is a question or a passage, passed as <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>
/// entry <see cref="PropertyName"/>. Models such as e5 need different prefixes for the two.
/// </summary>
public static class EmbeddingInputKind
{
    /// <summary>Key in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>.</summary>
    public const string PropertyName = "kcc.inputKind";

    /// <summary>A question or search query; gets <see cref="EmbeddingOptions.QueryPrefix"/>.</summary>
    public const string Query = "query";

    /// <summary>A chunk of a document (the default); gets <see cref="EmbeddingOptions.PassagePrefix"/>.</summary>
    public const string Passage = "passage";

    /// <summary>True when <paramref name="options"/> mark the inputs as queries.</summary>
    public static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } properties
        && properties.TryGetValue(PropertyName, out var value)
        && string.Equals(value?.ToString(), Query, StringComparison.OrdinalIgnoreCase);
}
