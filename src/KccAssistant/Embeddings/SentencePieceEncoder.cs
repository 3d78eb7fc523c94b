using Microsoft.ML.Tokenizers;

namespace KccAssistant.Embeddings;

/// <summary>
/// Turns text into input ids with a SentencePiece model (Unigram or BPE) run by Microsoft.ML.Tokenizers, mapped to
/// the ids the ONNX model was trained with and wrapped in its special tokens.
/// </summary>
/// <remarks>
/// Two layouts use it: XLM-RoBERTa's <c>sentencepiece.bpe.model</c>, whose ids fairseq shifted by one to make room
/// for &lt;s&gt;=0, &lt;pad&gt;=1, &lt;/s&gt;=2, &lt;unk&gt;=3 (as HuggingFace's XLMRobertaTokenizer maps them), and a
/// Unigram tokenizer.json turned into a SentencePiece model whose ids are already the model's.
/// </remarks>
internal sealed class SentencePieceEncoder : ITokenEncoder
{
    // A text longer than this cannot contribute kept tokens unless most of it normalizes away (runs of spaces,
    // control characters); capping it keeps a stray 1 MB input from costing a full tokenization.
    private const int MaxCharsPerToken = 64;

    private readonly SentencePieceTokenizer _tokenizer;
    private readonly SentencePieceIdLayout _layout;
    private readonly int _maxCharsToTokenize;
    private readonly int _maxContentTokens;

    private SentencePieceEncoder(SentencePieceTokenizer tokenizer, SentencePieceIdLayout layout, int maxTokens)
    {
        var specials = layout.PrefixIds.Count + layout.SuffixIds.Count;
        if (maxTokens <= specials)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, $"At least {specials + 1} tokens are needed for the special tokens and some text.");
        }

        _tokenizer = tokenizer;
        _layout = layout;
        MaxTokens = maxTokens;
        _maxContentTokens = maxTokens - specials;
        _maxCharsToTokenize = checked(maxTokens * MaxCharsPerToken);
    }

    /// <inheritdoc />
    public int MaxTokens { get; }

    /// <inheritdoc />
    public int PaddingTokenId => _layout.PaddingId;

    /// <summary>Loads an XLM-RoBERTa <c>sentencepiece.bpe.model</c> (multilingual-e5, paraphrase-multilingual, bge-m3).</summary>
    /// <exception cref="InvalidDataException">The file is not a SentencePiece model laid out as XLM-RoBERTa's.</exception>
    public static SentencePieceEncoder CreateXlmRoberta(string modelPath, int maxTokens)
    {
        SentencePieceTokenizer tokenizer;
        using (var stream = File.OpenRead(modelPath))
        {
            tokenizer = CreateTokenizer(stream, modelPath);
        }

        // fairseq's dictionary puts <s>, <pad>, </s>, <unk> first and keeps every other piece in SentencePiece's
        // order, one further on; that only holds for a model with <unk>, <s>, </s> at 0, 1, 2.
        if (tokenizer.UnknownId != 0 || tokenizer.BeginningOfSentenceId != 1 || tokenizer.EndOfSentenceId != 2)
        {
            throw new InvalidDataException(
                $"{modelPath} has <unk>={tokenizer.UnknownId}, <s>={tokenizer.BeginningOfSentenceId}, </s>={tokenizer.EndOfSentenceId}; " +
                "Kcc:Embedding:Tokenizer SentencePiece expects XLM-RoBERTa's layout (0, 1, 2). Use the model's tokenizer.json with Tokenizer HuggingFaceJson instead.");
        }

        return new SentencePieceEncoder(tokenizer, SentencePieceIdLayout.XlmRoberta, maxTokens);
    }

    /// <summary>Loads a serialized SentencePiece model whose ids need the given mapping.</summary>
    public static SentencePieceEncoder Create(Stream model, SentencePieceIdLayout layout, int maxTokens, string source)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new SentencePieceEncoder(CreateTokenizer(model, source), layout, maxTokens);
    }

    /// <inheritdoc />
    public int[] Encode(string prefix, string text)
    {
        var pieces = EncodeWithoutSpecialTokens(prefix, text);
        var prefixIds = _layout.PrefixIds;
        var suffixIds = _layout.SuffixIds;
        var ids = new List<int>(Math.Min(pieces.Count, _maxContentTokens) + prefixIds.Count + suffixIds.Count);
        ids.AddRange(prefixIds);
        var previousUnknown = false;
        var kept = 0;
        foreach (var piece in pieces)
        {
            // SentencePiece and HuggingFace's Unigram both emit one <unk> for a run of unknown characters ("東京");
            // Microsoft.ML.Tokenizers emits one per character.
            var unknown = piece == _tokenizer.UnknownId;
            if (unknown && previousUnknown)
            {
                continue;
            }

            previousUnknown = unknown;
            if (kept == _maxContentTokens)
            {
                break;
            }

            ids.Add(unknown ? _layout.UnknownId : piece + _layout.Offset);
            kept++;
        }

        ids.AddRange(suffixIds);
        return [.. ids];
    }

    private IReadOnlyList<int> EncodeWithoutSpecialTokens(string prefix, string text)
    {
        var combined = prefix.Length == 0 ? text : string.Concat(prefix, text);
        if (combined.Length > _maxCharsToTokenize)
        {
            var cut = _maxCharsToTokenize;
            if (char.IsHighSurrogate(combined[cut - 1]))
            {
                cut--;
            }

            combined = combined[..cut];
        }

        // SentencePiece removes leading and trailing spaces itself; HuggingFace's converted tokenizers would turn a
        // trailing one into an extra "▁" token. Trimming first makes both give the model the same ids.
        combined = combined.Trim();
        if (_layout.Normalize is { } normalize)
        {
            combined = normalize(combined);
        }

        return _tokenizer.EncodeToIds(combined, addBeginningOfSentence: false, addEndOfSentence: false);
    }

    private static SentencePieceTokenizer CreateTokenizer(Stream model, string source)
    {
        try
        {
            // Special tokens are added here, in the ONNX model's ids, not by the tokenizer.
            return SentencePieceTokenizer.Create(model, addBeginningOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{source} is not a SentencePiece model that Microsoft.ML.Tokenizers can load: {exception.Message}", exception);
        }
    }
}

/// <summary>How the ids of a SentencePiece model become the ONNX model's input ids.</summary>
/// <param name="Offset">Added to every piece id except the unknown one.</param>
/// <param name="UnknownId">Input id of an unknown piece.</param>
/// <param name="PaddingId">Input id of padding.</param>
/// <param name="PrefixIds">Special ids before the text (e.g. &lt;s&gt;).</param>
/// <param name="SuffixIds">Special ids after the text (e.g. &lt;/s&gt;).</param>
/// <param name="Normalize">Normalization applied before SentencePiece's own (e.g. lower-casing from a tokenizer.json).</param>
internal sealed record SentencePieceIdLayout(
    int Offset,
    int UnknownId,
    int PaddingId,
    IReadOnlyList<int> PrefixIds,
    IReadOnlyList<int> SuffixIds,
    Func<string, string>? Normalize = null)
{
    /// <summary>fairseq's XLM-RoBERTa dictionary: &lt;s&gt;=0, &lt;pad&gt;=1, &lt;/s&gt;=2, &lt;unk&gt;=3, pieces one further on.</summary>
    public static SentencePieceIdLayout XlmRoberta { get; } = new(Offset: 1, UnknownId: 3, PaddingId: 1, PrefixIds: [0], SuffixIds: [2]);
}
