using System.Text;
using System.Text.Json;

namespace KccAssistant.Embeddings;

/// <summary>
/// Reads a HuggingFace <c>tokenizer.json</c> with a WordPiece model (BERT, MiniLM, LaBSE) or a Unigram model
/// (XLM-RoBERTa: multilingual-e5, paraphrase-multilingual, bge-m3) and builds the matching encoder.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers 2.0 cannot load a tokenizer.json. The components these models use are mapped onto code
/// that already matches HuggingFace: a WordPiece model onto <see cref="WordPieceEncoder"/> (BERT basic tokenization and
/// WordPiece), a Unigram model onto SentencePiece through a generated model file (Precompiled normalizer, Metaspace
/// pre-tokenizer and Unigram are SentencePiece's own algorithms). Any other component fails with a message saying
/// which, rather than tokenizing differently from the model's training.
/// </remarks>
internal static class HuggingFaceTokenizerJson
{
    private const string Key = EmbeddingOptions.SectionName + ":TokenizerPath";
    private const string Metaspace = "\u2581";

    /// <summary>Loads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a tokenizer.json this reader supports; the message says why.</exception>
    public static ITokenEncoder Load(string path, int maxTokens)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 256 });
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{Key} '{path}' is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            return Load(document.RootElement, maxTokens, path);
        }
    }

    /// <summary>Builds the encoder from a parsed tokenizer.json; <paramref name="source"/> names it in messages.</summary>
    public static ITokenEncoder Load(JsonElement root, int maxTokens, string source)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported(source, "it has no \"model\" object; is it a HuggingFace tokenizer.json?");
        }

        var type = String(model, "type") ?? (model.TryGetProperty("continuing_subword_prefix", out _) ? "WordPiece" : null);
        try
        {
            return type switch
            {
                "WordPiece" => LoadWordPiece(root, model, maxTokens, source),
                "Unigram" => LoadUnigram(root, model, maxTokens, source),
                _ => throw Unsupported(source, $"its model type is '{type ?? "(none)"}'; supported are WordPiece and Unigram"),
            };
        }
        catch (Exception exception) when (exception is InvalidOperationException or KeyNotFoundException or FormatException or IndexOutOfRangeException)
        {
            // A property of the wrong kind or missing: say which file, not just which JsonElement call failed.
            throw Unsupported(source, $"it is malformed ({exception.Message})");
        }
    }

    private static WordPieceEncoder LoadWordPiece(JsonElement root, JsonElement model, int maxTokens, string source)
    {
        if (!model.TryGetProperty("vocab", out var vocabElement) || vocabElement.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported(source, "its WordPiece model has no \"vocab\" object");
        }

        var byId = new SortedDictionary<int, string>();
        foreach (var entry in vocabElement.EnumerateObject())
        {
            if (!byId.TryAdd(entry.Value.GetInt32(), entry.Name))
            {
                throw Unsupported(source, $"id {entry.Value.GetInt32()} occurs twice in its WordPiece vocabulary");
            }
        }

        var vocabulary = byId.Values.ToList();
        if (byId.Count == 0 || byId.Keys.First() != 0 || byId.Keys.Last() != byId.Count - 1)
        {
            throw Unsupported(source, "its WordPiece vocabulary ids are not 0..n-1 without gaps");
        }

        var (lowerCase, stripAccents) = ReadBertNormalizer(root, source);
        ReadBertPreTokenizer(root, source);
        var (prefix, suffix) = ReadPostProcessor(root, source);
        if (prefix.Count != 1 || suffix.Count != 1)
        {
            throw Unsupported(source, $"a WordPiece model needs one special token before and one after the text ([CLS] … [SEP]); its post_processor has {prefix.Count} and {suffix.Count}");
        }

        var unknown = String(model, "unk_token") ?? "[UNK]";
        var known = new HashSet<string>(vocabulary, StringComparer.Ordinal);
        foreach (var (token, id) in prefix.Concat(suffix).Append((unknown, -1)))
        {
            if (!known.Contains(token) || (id >= 0 && vocabulary[id] != token))
            {
                throw Unsupported(source, $"its special token '{token}' is not in its WordPiece vocabulary at id {id}");
            }
        }

        var padding = root.TryGetProperty("padding", out var paddingElement) && paddingElement.ValueKind == JsonValueKind.Object
            ? String(paddingElement, "pad_token")
            : null;
        padding = padding is not null && known.Contains(padding) ? padding : known.Contains("[PAD]") ? "[PAD]" : unknown;
        var mask = known.Contains("[MASK]") ? "[MASK]" : unknown;
        var settings = new WordPieceSettings(
            lowerCase,
            stripAccents,
            unknown,
            prefix[0].Token,
            suffix[0].Token,
            padding,
            mask,
            String(model, "continuing_subword_prefix") ?? "##",
            model.TryGetProperty("max_input_chars_per_word", out var maxChars) && maxChars.ValueKind == JsonValueKind.Number ? maxChars.GetInt32() : 100);
        return WordPieceEncoder.Create(vocabulary, settings, maxTokens);
    }

    private static (bool LowerCase, bool StripAccents) ReadBertNormalizer(JsonElement root, string source)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return (false, false);
        }

        var type = String(normalizer, "type");
        if (type == "BertNormalizer")
        {
            if (Bool(normalizer, "clean_text") == false || Bool(normalizer, "handle_chinese_chars") == false)
            {
                throw Unsupported(source, "its BertNormalizer turns off clean_text or handle_chinese_chars");
            }

            var lowerCase = Bool(normalizer, "lowercase") ?? true;
            return (lowerCase, Bool(normalizer, "strip_accents") ?? lowerCase);
        }

        // Some exports spell the BERT normalization as a sequence; NFD is implied when accents are stripped.
        if (type == "Sequence")
        {
            var steps = Steps(normalizer, "normalizers").Select(step => String(step, "type")).ToList();
            if (steps.All(step => step is "NFD" or "Lowercase" or "StripAccents"))
            {
                return (steps.Contains("Lowercase"), steps.Contains("StripAccents"));
            }
        }

        throw Unsupported(source, $"its WordPiece normalizer '{Describe(normalizer)}' is not BertNormalizer");
    }

    private static void ReadBertPreTokenizer(JsonElement root, string source)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var preTokenizer) || preTokenizer.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var type = String(preTokenizer, "type");
        var steps = type == "Sequence" ? Steps(preTokenizer, "pretokenizers").Select(step => String(step, "type")).ToList() : [type];
        if (steps is not ["BertPreTokenizer"])
        {
            throw Unsupported(source, $"its WordPiece pre_tokenizer '{Describe(preTokenizer)}' is not BertPreTokenizer");
        }
    }

    private static SentencePieceEncoder LoadUnigram(JsonElement root, JsonElement model, int maxTokens, string source)
    {
        if (!model.TryGetProperty("vocab", out var vocabElement) || vocabElement.ValueKind != JsonValueKind.Array)
        {
            throw Unsupported(source, "its Unigram model has no \"vocab\" array");
        }

        if (!model.TryGetProperty("unk_id", out var unknownElement) || unknownElement.ValueKind != JsonValueKind.Number)
        {
            throw Unsupported(source, "its Unigram model has no unk_id");
        }

        var unknownId = unknownElement.GetInt32();
        var byteFallback = Bool(model, "byte_fallback") ?? false;
        var specialIds = new HashSet<int>();
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                if (Bool(token, "special") ?? false)
                {
                    specialIds.Add(token.GetProperty("id").GetInt32());
                }
            }
        }

        var (prefix, suffix) = ReadPostProcessor(root, source);
        var pieces = new List<(string Piece, float Score, SentencePieceModelProto.PieceType Type)>(vocabElement.GetArrayLength());
        foreach (var entry in vocabElement.EnumerateArray())
        {
            var piece = entry[0].GetString() ?? "";
            var id = pieces.Count;
            var pieceType = id == unknownId ? SentencePieceModelProto.PieceType.Unknown
                : specialIds.Contains(id) || prefix.Any(p => p.Id == id) || suffix.Any(s => s.Id == id) ? SentencePieceModelProto.PieceType.Control
                : byteFallback && IsBytePiece(piece) ? SentencePieceModelProto.PieceType.Byte
                : SentencePieceModelProto.PieceType.Normal;
            pieces.Add((piece, (float)entry[1].GetDouble(), pieceType));
        }

        if (unknownId < 0 || unknownId >= pieces.Count)
        {
            throw Unsupported(source, $"its unk_id {unknownId} is outside its vocabulary of {pieces.Count}");
        }

        foreach (var (token, id) in prefix.Concat(suffix))
        {
            if (id < 0 || id >= pieces.Count || pieces[id].Piece != token)
            {
                throw Unsupported(source, $"its special token '{token}' is not in its Unigram vocabulary at id {id}");
            }
        }

        var duplicate = pieces.Where(p => p.Type != SentencePieceModelProto.PieceType.Control).GroupBy(p => p.Piece, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Unsupported(source, $"the piece '{duplicate.Key}' occurs twice in its Unigram vocabulary");
        }

        var (charsmap, collapse, normalize) = ReadUnigramNormalizer(root, source);
        var addDummyPrefix = ReadMetaspace(root, source);
        var paddingId = ReadPaddingId(root, pieces);
        // SentencePiece insists on ids for <s> and </s>; an absent one borrows <unk>'s id, which it never emits here.
        var beginningId = IndexOf(pieces, "<s>") ?? unknownId;
        var endId = IndexOf(pieces, "</s>") ?? unknownId;
        var bytes = SentencePieceModelProto.Build(
            pieces, unknownId, beginningId, endId, IndexOf(pieces, "<pad>") ?? -1,
            new SentencePieceNormalizerSpec(charsmap, addDummyPrefix, collapse), byteFallback);
        var layout = new SentencePieceIdLayout(
            Offset: 0,
            UnknownId: unknownId,
            PaddingId: paddingId,
            PrefixIds: prefix.Select(p => p.Id).ToArray(),
            SuffixIds: suffix.Select(s => s.Id).ToArray(),
            Normalize: normalize);
        using var stream = new MemoryStream(bytes, writable: false);
        return SentencePieceEncoder.Create(stream, layout, maxTokens, source);
    }

    // Precompiled (SentencePiece's compiled rules) goes to SentencePiece itself; whitespace collapsing becomes its
    // remove_extra_whitespaces; simple steps (lower-casing, Unicode normal forms) run in .NET before it.
    private static (byte[] Charsmap, bool Collapse, Func<string, string>? Normalize) ReadUnigramNormalizer(JsonElement root, string source)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return ([], false, null);
        }

        var steps = String(normalizer, "type") == "Sequence" ? Steps(normalizer, "normalizers").ToList() : [normalizer];
        var charsmap = Array.Empty<byte>();
        var collapse = false;
        var functions = new List<Func<string, string>>();
        foreach (var step in steps)
        {
            switch (String(step, "type"))
            {
                case "Precompiled":
                    charsmap = Convert.FromBase64String(String(step, "precompiled_charsmap") ?? "");
                    break;
                case "Replace" when IsSpaceCollapse(step):
                    collapse = true;
                    break;
                case "Strip":
                    break; // The encoder trims every input.
                case "Lowercase":
                    functions.Add(static text => text.ToLowerInvariant());
                    break;
                case "NFC":
                    functions.Add(static text => text.Normalize(NormalizationForm.FormC));
                    break;
                case "NFD":
                    functions.Add(static text => text.Normalize(NormalizationForm.FormD));
                    break;
                case "NFKC":
                    functions.Add(static text => text.Normalize(NormalizationForm.FormKC));
                    break;
                case "NFKD":
                    functions.Add(static text => text.Normalize(NormalizationForm.FormKD));
                    break;
                default:
                    throw Unsupported(source, $"its Unigram normalizer step '{Describe(step)}' is not supported (supported: Precompiled, Replace of repeated spaces, Strip, Lowercase, NFC, NFD, NFKC, NFKD)");
            }
        }

        Func<string, string>? normalize = functions.Count == 0 ? null : text =>
        {
            foreach (var function in functions)
            {
                text = function(text);
            }

            return text;
        };
        return (charsmap, collapse, normalize);
    }

    // Replace(" {2,}", " ") in older converters, Replace(" {2,}", "▁") in newer ones: both collapse runs of spaces.
    private static bool IsSpaceCollapse(JsonElement step)
    {
        if (!step.TryGetProperty("pattern", out var pattern) || pattern.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var content = String(step, "content");
        if (content is not (" " or Metaspace))
        {
            return false;
        }

        return String(pattern, "Regex") is " {2,}" or " +" || String(pattern, "String") == "  ";
    }

    // Returns whether "▁" goes before the text (SentencePiece's add_dummy_prefix).
    private static bool ReadMetaspace(JsonElement root, string source)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var preTokenizer) || preTokenizer.ValueKind == JsonValueKind.Null)
        {
            throw Unsupported(source, "its Unigram model has no pre_tokenizer; a Metaspace pre-tokenizer is expected");
        }

        var steps = String(preTokenizer, "type") == "Sequence" ? Steps(preTokenizer, "pretokenizers").ToList() : [preTokenizer];
        var whitespaceSplit = steps.Count == 2 && String(steps[0], "type") == "WhitespaceSplit";
        var metaspace = steps[^1];
        if ((steps.Count != 1 && !whitespaceSplit) || String(metaspace, "type") != "Metaspace")
        {
            throw Unsupported(source, $"its pre_tokenizer '{Describe(preTokenizer)}' is not Metaspace (optionally after WhitespaceSplit)");
        }

        if ((String(metaspace, "replacement") ?? Metaspace) != Metaspace || Bool(metaspace, "split") == false)
        {
            throw Unsupported(source, "its Metaspace pre-tokenizer does not split on \"▁\"");
        }

        var scheme = String(metaspace, "prepend_scheme");
        if (scheme is not null)
        {
            // "first" differs from "always" only when something split the text before Metaspace.
            if (scheme == "first" && whitespaceSplit)
            {
                throw Unsupported(source, "its Metaspace prepend_scheme 'first' after WhitespaceSplit");
            }

            return scheme != "never";
        }

        return Bool(metaspace, "add_prefix_space") ?? true;
    }

    private static int ReadPaddingId(JsonElement root, List<(string Piece, float Score, SentencePieceModelProto.PieceType Type)> pieces)
    {
        if (root.TryGetProperty("padding", out var padding) && padding.ValueKind == JsonValueKind.Object
            && padding.TryGetProperty("pad_id", out var id) && id.ValueKind == JsonValueKind.Number)
        {
            return id.GetInt32();
        }

        return IndexOf(pieces, "<pad>") ?? 0;
    }

    // The special tokens around a single sequence: TemplateProcessing ("<s> $A </s>"), RobertaProcessing,
    // BertProcessing, or a Sequence holding one of them (newer exports add a ByteLevel step beside it).
    private static (List<(string Token, int Id)> Prefix, List<(string Token, int Id)> Suffix) ReadPostProcessor(JsonElement root, string source)
    {
        if (!root.TryGetProperty("post_processor", out var processor) || processor.ValueKind == JsonValueKind.Null)
        {
            return ([], []);
        }

        var type = String(processor, "type");
        if (type == "Sequence")
        {
            var inner = Steps(processor, "processors").Where(step => String(step, "type") is not "ByteLevel").ToList();
            if (inner.Count != 1)
            {
                throw Unsupported(source, $"its post_processor '{Describe(processor)}' is not one template");
            }

            processor = inner[0];
            type = String(processor, "type");
        }

        switch (type)
        {
            case "BertProcessing" or "RobertaProcessing":
                return ([Pair(processor, "cls")], [Pair(processor, "sep")]);
            case "TemplateProcessing":
                var specials = processor.TryGetProperty("special_tokens", out var table) && table.ValueKind == JsonValueKind.Object ? table : default;
                var prefix = new List<(string Token, int Id)>();
                var suffix = new List<(string Token, int Id)>();
                var seenSequence = false;
                foreach (var item in processor.GetProperty("single").EnumerateArray())
                {
                    if (item.TryGetProperty("Sequence", out _))
                    {
                        seenSequence = true;
                        continue;
                    }

                    var name = item.GetProperty("SpecialToken").GetProperty("id").GetString() ?? "";
                    if (specials.ValueKind != JsonValueKind.Object || !specials.TryGetProperty(name, out var special))
                    {
                        throw Unsupported(source, $"its post_processor uses '{name}', which its special_tokens do not define");
                    }

                    var ids = special.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                    var tokens = special.GetProperty("tokens").EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
                    for (var i = 0; i < ids.Length; i++)
                    {
                        (seenSequence ? suffix : prefix).Add((i < tokens.Length ? tokens[i] : name, ids[i]));
                    }
                }

                return (prefix, suffix);
            default:
                throw Unsupported(source, $"its post_processor type '{type}' is not supported (supported: TemplateProcessing, BertProcessing, RobertaProcessing)");
        }

        static (string Token, int Id) Pair(JsonElement processor, string name)
        {
            var pair = processor.GetProperty(name);
            return (pair[0].GetString() ?? "", pair[1].GetInt32());
        }
    }

    private static bool IsBytePiece(string piece) => piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
        && Uri.IsHexDigit(piece[3]) && Uri.IsHexDigit(piece[4]);

    private static int? IndexOf(List<(string Piece, float Score, SentencePieceModelProto.PieceType Type)> pieces, string piece)
    {
        var index = pieces.FindIndex(p => p.Piece == piece);
        return index >= 0 ? index : null;
    }

    private static IEnumerable<JsonElement> Steps(JsonElement element, string property) =>
        element.TryGetProperty(property, out var steps) && steps.ValueKind == JsonValueKind.Array ? steps.EnumerateArray() : [];

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool? Bool(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    private static string Describe(JsonElement element)
    {
        var type = String(element, "type") ?? element.ValueKind.ToString();
        return type == "Sequence"
            ? $"Sequence[{string.Join(", ", element.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).SelectMany(p => p.Value.EnumerateArray()).Select(Describe))}]"
            : type;
    }

    private static InvalidDataException Unsupported(string source, string reason) =>
        new($"{Key} '{source}' cannot be used: {reason}.");
}
