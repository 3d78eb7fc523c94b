namespace KccAssistant.Embeddings;

/// <summary>How token states become one sentence vector, the <c>Kcc:Embedding:Pooling</c> setting.</summary>
public enum EmbeddingPooling
{
    /// <summary>Mean over the tokens the attention mask keeps (sentence-transformers' default; MiniLM, e5).</summary>
    Mean,

    /// <summary>The state of the first token ([CLS] or &lt;s&gt;), as BGE and some other models are trained.</summary>
    Cls,
}
