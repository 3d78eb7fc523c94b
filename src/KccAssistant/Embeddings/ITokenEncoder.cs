namespace KccAssistant.Embeddings;

/// <summary>Turns text into the input ids of one model: its tokenizer, its special tokens and its truncation.</summary>
internal interface ITokenEncoder
{
    /// <summary>Tokens per input including the special tokens.</summary>
    int MaxTokens { get; }

    /// <summary>Id written into the padded positions of a batch (masked out, but position ids of some models depend on it).</summary>
    int PaddingTokenId { get; }

    /// <summary>Encodes <paramref name="prefix"/> + <paramref name="text"/> with the model's special tokens, truncated to <see cref="MaxTokens"/>.</summary>
    int[] Encode(string prefix, string text);
}
