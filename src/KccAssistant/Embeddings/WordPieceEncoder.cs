using Microsoft.ML.Tokenizers;

namespace KccAssistant.Embeddings;

/// <summary>Turns text into BERT input ids: HuggingFace basic tokenization, WordPiece, truncation, [CLS] … [SEP].</summary>
internal sealed class WordPieceEncoder : ITokenEncoder
{
    private readonly BertTokenizer _tokenizer;
    private readonly bool _lowerCase;
    private readonly bool _stripAccents;
    private readonly int _maxCharsToTokenize;

    private WordPieceEncoder(BertTokenizer tokenizer, int maxTokens, bool lowerCase, bool stripAccents)
    {
        _tokenizer = tokenizer;
        MaxTokens = maxTokens;
        _lowerCase = lowerCase;
        _stripAccents = stripAccents;
        // A WordPiece token covers at most MaxInputCharsPerWord characters plus a separator, so tokenizing more of a
        // very long text cannot change the kept tokens; capping it keeps a 1 MB page from costing a full tokenization.
        _maxCharsToTokenize = checked(maxTokens * (tokenizer.MaxInputCharsPerWord + 2));
    }

    /// <summary>Tokens per input including [CLS] and [SEP].</summary>
    public int MaxTokens { get; }

    /// <summary>Vocabulary id of [CLS].</summary>
    public int ClassificationTokenId => _tokenizer.ClassificationTokenId;

    /// <summary>Vocabulary id of [SEP].</summary>
    public int SeparatorTokenId => _tokenizer.SeparatorTokenId;

    /// <inheritdoc />
    public int PaddingTokenId => _tokenizer.PaddingTokenId;

    /// <summary>Loads a vocab.txt (one token a line).</summary>
    public static WordPieceEncoder Create(string vocabPath, int maxTokens, bool lowerCase, bool stripAccents)
    {
        // Basic tokenization happens in BertTextNormalizer; the tokenizer only splits on spaces and runs WordPiece.
        var tokenizer = BertTokenizer.Create(vocabPath, new BertOptions
        {
            ApplyBasicTokenization = false,
            LowerCaseBeforeTokenization = false,
            RemoveNonSpacingMarks = false,
        });
        return new WordPieceEncoder(tokenizer, maxTokens, lowerCase, stripAccents);
    }

    /// <summary>
    /// Builds the encoder from a vocabulary given as tokens in id order and the special tokens a tokenizer.json names,
    /// so the same basic tokenization and WordPiece code serves vocab.txt and tokenizer.json models.
    /// </summary>
    public static WordPieceEncoder Create(IReadOnlyList<string> vocabulary, WordPieceSettings settings, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(settings);
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true))
        {
            foreach (var token in vocabulary)
            {
                writer.Write(token);
                writer.Write('\n');
            }
        }

        stream.Position = 0;
        var tokenizer = BertTokenizer.Create(stream, new BertOptions
        {
            ApplyBasicTokenization = false,
            LowerCaseBeforeTokenization = false,
            RemoveNonSpacingMarks = false,
            UnknownToken = settings.UnknownToken,
            ClassificationToken = settings.ClassificationToken,
            SeparatorToken = settings.SeparatorToken,
            PaddingToken = settings.PaddingToken,
            MaskingToken = settings.MaskingToken,
            ContinuingSubwordPrefix = settings.ContinuingSubwordPrefix,
            MaxInputCharsPerWord = settings.MaxInputCharsPerWord,
        });
        return new WordPieceEncoder(tokenizer, maxTokens, settings.LowerCase, settings.StripAccents);
    }

    /// <summary>Encodes <paramref name="prefix"/> + <paramref name="text"/>, truncated to <see cref="MaxTokens"/>.</summary>
    public int[] Encode(string prefix, string text)
    {
        var pieces = EncodeWithoutSpecialTokens(prefix, text);
        var kept = Math.Min(pieces.Count, MaxTokens - 2);
        var ids = new int[kept + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = pieces[i];
        }

        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }

    /// <summary>Number of WordPiece tokens of <paramref name="text"/> without special tokens and without truncation.</summary>
    public int CountTokens(string text) => WordPieces(BertTextNormalizer.Normalize("", text, _lowerCase, _stripAccents)).Count;

    private IReadOnlyList<int> EncodeWithoutSpecialTokens(string prefix, string text)
    {
        if (text.Length > _maxCharsToTokenize)
        {
            text = text[.._maxCharsToTokenize];
        }

        return WordPieces(BertTextNormalizer.Normalize(prefix, text, _lowerCase, _stripAccents));
    }

    // The pre-tokenizer must stay on: with basic tokenization off it is what splits the normalised text on spaces.
    private IReadOnlyList<int> WordPieces(string normalized) =>
        _tokenizer.EncodeToIds(normalized, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
}

/// <summary>What a tokenizer.json says about its WordPiece model, normalizer and special tokens.</summary>
internal sealed record WordPieceSettings(
    bool LowerCase,
    bool StripAccents,
    string UnknownToken,
    string ClassificationToken,
    string SeparatorToken,
    string PaddingToken,
    string MaskingToken,
    string ContinuingSubwordPrefix,
    int MaxInputCharsPerWord);
