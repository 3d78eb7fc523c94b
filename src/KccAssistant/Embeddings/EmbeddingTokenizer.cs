namespace KccAssistant.Embeddings;

/// <summary>Tokenizer family of the embedding model, the <c>Kcc:Embedding:Tokenizer</c> setting.</summary>
public enum EmbeddingTokenizer
{
    /// <summary>BERT WordPiece with a <c>vocab.txt</c> (<see cref="EmbeddingOptions.VocabPath"/>); MiniLM, BERT, LaBSE.</summary>
    WordPiece,

    /// <summary>
    /// An XLM-RoBERTa SentencePiece model (<c>sentencepiece.bpe.model</c> in <see cref="EmbeddingOptions.TokenizerPath"/>)
    /// with fairseq's id layout: multilingual-e5, paraphrase-multilingual, bge-m3.
    /// </summary>
    SentencePiece,

    /// <summary>A HuggingFace <c>tokenizer.json</c> (<see cref="EmbeddingOptions.TokenizerPath"/>) with a WordPiece or Unigram model.</summary>
    HuggingFaceJson,
}
