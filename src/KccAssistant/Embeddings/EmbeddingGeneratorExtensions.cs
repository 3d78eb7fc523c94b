using Microsoft.Extensions.AI;

namespace KccAssistant.Embeddings;

/// <summary>Query and passage helpers for any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of text.</summary>
public static class EmbeddingGeneratorExtensions
{
    /// <summary>Embeds a question, marking it as a query so the generator applies its query prefix.</summary>
    public static async Task<ReadOnlyMemory<float>> EmbedQueryAsync(
        this IEmbeddingGenerator<string, Embedding<float>> generator,
        string question,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(question);
        // Fresh options per call: generators and decorators may mutate the options they receive.
        var options = CreateOptions(EmbeddingInputKind.Query);
        var embeddings = await generator.GenerateAsync([question], options, cancellationToken).ConfigureAwait(false);
        return embeddings[0].Vector;
    }

    private static EmbeddingGenerationOptions CreateOptions(string inputKind) => new()
    {
        AdditionalProperties = new AdditionalPropertiesDictionary { [EmbeddingInputKind.PropertyName] = inputKind },
    };
}
