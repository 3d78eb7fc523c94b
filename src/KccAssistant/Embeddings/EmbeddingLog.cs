using Microsoft.Extensions.Logging;

namespace KccAssistant.Embeddings;

/// <summary>Source-generated log messages of the embedding feature. Input text is never logged.</summary>
internal static partial class EmbeddingLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
        Message = "Loaded embedding model {ModelId} from {ModelPath} in {LoadMilliseconds} ms: {Dimensions} dimensions, inputs {Inputs}, output {Output}, {Tokenizer} tokenizer, {Pooling} pooling")]
    public static partial void ModelLoaded(ILogger logger, string modelId, string modelPath, long loadMilliseconds, int dimensions, string inputs, string output,
        EmbeddingTokenizer tokenizer, EmbeddingPooling pooling);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Extracted bundled embedding model file {Path} ({Bytes} bytes)")]
    public static partial void BundledFileExtracted(ILogger logger, string path, long bytes);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug,
        Message = "Embedded {Count} {InputKind} inputs ({Tokens} tokens, {Batches} batches) in {Milliseconds} ms")]
    public static partial void Embedded(ILogger logger, int count, string inputKind, long tokens, int batches, long milliseconds);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information,
        Message = "Quantized embedding model {ModelPath} to int8 ({Converted} matrix multiplications) at {QuantizedPath} in {Milliseconds} ms")]
    public static partial void ModelQuantized(ILogger logger, string modelPath, string quantizedPath, int converted, long milliseconds);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "The model cache {Path} was writable by others ({Mode}); it is now readable and writable by this user only")]
    public static partial void CacheFolderTightened(ILogger logger, string path, string mode);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning,
        Message = "The cached model file {Path} does not match the bytes shipped with the app (SHA-256 {Actual}, expected {Expected}); it is replaced")]
    public static partial void CachedFileReplaced(ILogger logger, string path, string actual, string expected);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information,
        Message = "Embedding the English gloss of passages and questions: read {Entries} Dutch headwords from {IndexPath} in {Milliseconds} ms")]
    public static partial void GlossLoaded(ILogger logger, string indexPath, int entries, long milliseconds);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information,
        Message = "No Dutch-English dictionary at {IndexPath} / {DictionaryPath} (Debian package dict-freedict-nld-eng): the embedding model reads the Dutch text as is")]
    public static partial void GlossAbsent(ILogger logger, string indexPath, string dictionaryPath);
}
