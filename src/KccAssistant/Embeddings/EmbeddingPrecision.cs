namespace KccAssistant.Embeddings;

/// <summary>The numeric precision the embedding model's weights run at.</summary>
public enum EmbeddingPrecision
{
    /// <summary>The model as published: 32-bit float weights.</summary>
    Float32,

    /// <summary>
    /// 8-bit integer weights (dynamic quantization of every constant matrix multiplication): about twice as fast on a
    /// CPU, with vectors within cosine 0.98–0.99 of the float model's. Activations are quantized at run time.
    /// </summary>
    Int8,
}
