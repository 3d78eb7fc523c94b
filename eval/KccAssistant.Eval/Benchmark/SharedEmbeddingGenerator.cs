using Microsoft.Extensions.AI;

namespace KccAssistant.Eval.Benchmark;

/// <summary>
/// Hands the singleton generator to code that disposes what it is given. IngestionPipeline wraps the generator in a
/// <c>CachingEmbeddingGenerator</c> per run and disposes that, and a <see cref="DelegatingEmbeddingGenerator{TInput, TEmbedding}"/>
/// disposes its inner generator: without this shield the second run in one process fails with ObjectDisposedException.
/// The DI container, which owns the inner generator, still disposes it.
/// </summary>
internal sealed class SharedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        // Borrowed, not owned.
    }
}
