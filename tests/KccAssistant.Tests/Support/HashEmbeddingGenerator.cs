using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace KccAssistant.Tests.Support;

/// <summary>
/// A deterministic stand-in for the ONNX model in pipeline tests: a unit vector from the text's hash. Counts calls
/// so tests can assert what was (not) embedded.
/// </summary>
internal sealed class HashEmbeddingGenerator(string modelId = "hash-test") : IEmbeddingGenerator<string, Embedding<float>>
{
    private int _inputs;

    public int Inputs => _inputs;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var embeddings = values.Select(text =>
        {
            Interlocked.Increment(ref _inputs);
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(modelId + text));
            var vector = hash.Take(TestDocuments.Dimensions).Select(b => (b - 127.5f) / 127.5f).ToArray();
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return new Embedding<float>(vector.Select(v => v / norm).ToArray());
        }).ToList();
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("hash", null, modelId, TestDocuments.Dimensions) : null;

    public void Dispose()
    {
    }
}
