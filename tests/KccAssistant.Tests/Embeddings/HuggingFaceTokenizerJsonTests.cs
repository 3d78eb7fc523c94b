using System.Text.Json;
using System.Text.Json.Nodes;
using KccAssistant.Embeddings;

namespace KccAssistant.Tests.Embeddings;

/// <summary>
/// tokenizer.json models. TestData/nl-unigram.tokenizer.json is what transformers' XLMRobertaConverter makes of
/// nl-unigram.model (see make-fixtures.py), so it must give the same ids as the SentencePiece reference.
/// </summary>
public sealed class HuggingFaceTokenizerJsonTests
{
    public static TheoryData<string, int[]> ReferenceCases() => SentencePieceEncoderTests.ReferenceCases();

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Load_XlmRobertaUnigramJson_GivesSentencePieceReferenceIds(string text, int[] expected)
    {
        var encoder = HuggingFaceTokenizerJson.Load(TestModels.TestData("nl-unigram.tokenizer.json"), 512);

        Assert.Equal(expected, encoder.Encode("", text));
        Assert.Equal(1, encoder.PaddingTokenId);
    }

    // Vocabulary in HuggingFace ids: 0 <s>, 1 <pad>, 2 </s>, 3 <unk>, 4 "▁" (-3), 5 "▁paspoort" (-5.5), 6 "▁pas" (-3),
    // 7 "poort" (-3), 8 "▁kw" (-2), 9 "ijt" (-2), 10 "▁kwijt" (-5), then letters at -10.
    // "Paspoort  KWIJT" is lower-cased, the double space collapses, Metaspace makes "▁paspoort▁kwijt"; Unigram picks
    // "▁paspoort" (-5.5 against -6 for "▁pas"+"poort") and "▁kw"+"ijt" (-4 against -5 for "▁kwijt").
    [Fact]
    public void Load_HandWrittenUnigramJson_LowerCasesCollapsesAndPicksMostProbableSplit()
    {
        var vocab = new JsonArray(
            Piece("<s>", 0), Piece("<pad>", 0), Piece("</s>", 0), Piece("<unk>", 0), Piece("\u2581", -3),
            Piece("\u2581paspoort", -5.5), Piece("\u2581pas", -3), Piece("poort", -3), Piece("\u2581kw", -2), Piece("ijt", -2),
            Piece("\u2581kwijt", -5));
        foreach (var letter in "pasortkwij".Distinct())
        {
            vocab.Add(Piece(letter.ToString(), -10));
        }

        var json = new JsonObject
        {
            ["added_tokens"] = new JsonArray(Special(0, "<s>"), Special(1, "<pad>"), Special(2, "</s>"), Special(3, "<unk>")),
            ["normalizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["normalizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Lowercase" },
                    new JsonObject { ["type"] = "Replace", ["pattern"] = new JsonObject { ["Regex"] = " {2,}" }, ["content"] = " " }),
            },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581", ["add_prefix_space"] = true },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "RobertaProcessing",
                ["sep"] = new JsonArray("</s>", 2),
                ["cls"] = new JsonArray("<s>", 0),
            },
            ["model"] = new JsonObject { ["type"] = "Unigram", ["unk_id"] = 3, ["vocab"] = vocab },
        };

        var encoder = Load(json, 64);

        Assert.Equal([0, 5, 8, 9, 2], encoder.Encode("", "Paspoort  KWIJT"));
        Assert.Equal(1, encoder.PaddingTokenId);
    }

    // Vocabulary: 0 [PAD], 1 [UNK], 2 [CLS], 3 [SEP], 4 [MASK], 5 pas, 6 ##poort, 7 kwijt, 8 ".", 9 cafe, 10 ##s.
    // BertNormalizer lower-cases and strips accents ("Cafés" → "cafes"), BERT splits off "."; WordPiece takes the
    // longest known prefix: "paspoort" → pas ##poort, "cafes" → cafe ##s; "?" is unknown.
    [Fact]
    public void Load_HandWrittenWordPieceJson_NormalizesSplitsAndWrapsInClsSep()
    {
        string[] tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "pas", "##poort", "kwijt", ".", "cafe", "##s"];
        var json = WordPieceJson(tokens, lowerCase: true);

        var encoder = Load(json, 64);

        Assert.Equal([2, 5, 6, 7, 8, 9, 10, 1, 3], encoder.Encode("", "Paspoort kwijt. Cafés?"));
        Assert.Equal(0, encoder.PaddingTokenId);
    }

    [Fact]
    public void Load_WordPieceJsonOfBundledVocabulary_MatchesVocabTxtEncoder()
    {
        var vocabPath = BundledFiles.VocabPath();
        var json = WordPieceJson(File.ReadAllLines(vocabPath), lowerCase: true);
        var fromJson = Load(json, 256);
        var fromVocab = WordPieceEncoder.Create(vocabPath, 256, lowerCase: true, stripAccents: true);

        foreach (var text in BundledFiles.DutchInputs)
        {
            Assert.Equal(fromVocab.Encode("query: ", text), fromJson.Encode("query: ", text));
        }
    }

    [Fact]
    public void Load_BpeModel_FailsNamingKeyAndType()
    {
        var json = new JsonObject { ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = new JsonObject(), ["merges"] = new JsonArray() } };

        var exception = Assert.Throws<InvalidDataException>(() => Load(json, 64));

        Assert.Contains("Kcc:Embedding:TokenizerPath", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'BPE'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnigramWithUnsupportedNormalizer_FailsNamingTheStep()
    {
        var json = new JsonObject
        {
            ["normalizer"] = new JsonObject { ["type"] = "Prepend", ["prepend"] = "\u2581" },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581" },
            ["model"] = new JsonObject { ["type"] = "Unigram", ["unk_id"] = 0, ["vocab"] = new JsonArray(Piece("<unk>", 0), Piece("\u2581a", -1)) },
        };

        var exception = Assert.Throws<InvalidDataException>(() => Load(json, 64));

        Assert.Contains("Prepend", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedUnigramVocabulary_FailsNamingKey()
    {
        var json = new JsonObject
        {
            ["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "\u2581" },
            ["model"] = new JsonObject { ["type"] = "Unigram", ["unk_id"] = 0, ["vocab"] = new JsonArray("<unk>", "\u2581a") },
        };

        var exception = Assert.Throws<InvalidDataException>(() => Load(json, 64));

        Assert.Contains("Kcc:Embedding:TokenizerPath", exception.Message, StringComparison.Ordinal);
        Assert.Contains("malformed", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotJson_FailsNamingKey()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kcc-tokenizer-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ geen json");
        try
        {
            var exception = Assert.Throws<InvalidDataException>(() => HuggingFaceTokenizerJson.Load(path, 64));

            Assert.Contains("Kcc:Embedding:TokenizerPath", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static JsonObject WordPieceJson(IReadOnlyList<string> tokens, bool lowerCase)
    {
        var vocab = new JsonObject();
        for (var i = 0; i < tokens.Count; i++)
        {
            vocab[tokens[i]] = i;
        }

        var cls = tokens.ToList().IndexOf("[CLS]");
        var sep = tokens.ToList().IndexOf("[SEP]");
        return new JsonObject
        {
            ["normalizer"] = new JsonObject
            {
                ["type"] = "BertNormalizer",
                ["clean_text"] = true,
                ["handle_chinese_chars"] = true,
                ["strip_accents"] = null,
                ["lowercase"] = lowerCase,
            },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[CLS]", ["type_id"] = 0 } },
                    new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                    new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "[SEP]", ["type_id"] = 0 } }),
                ["special_tokens"] = new JsonObject
                {
                    ["[CLS]"] = new JsonObject { ["id"] = "[CLS]", ["ids"] = new JsonArray(cls), ["tokens"] = new JsonArray("[CLS]") },
                    ["[SEP]"] = new JsonObject { ["id"] = "[SEP]", ["ids"] = new JsonArray(sep), ["tokens"] = new JsonArray("[SEP]") },
                },
            },
            ["model"] = new JsonObject
            {
                ["type"] = "WordPiece",
                ["unk_token"] = "[UNK]",
                ["continuing_subword_prefix"] = "##",
                ["max_input_chars_per_word"] = 100,
                ["vocab"] = vocab,
            },
        };
    }

    private static ITokenEncoder Load(JsonObject json, int maxTokens)
    {
        using var document = JsonDocument.Parse(json.ToJsonString());
        return HuggingFaceTokenizerJson.Load(document.RootElement, maxTokens, "test tokenizer.json");
    }

    private static JsonArray Piece(string piece, double score) => new(piece, score);

    private static JsonObject Special(int id, string content) => new() { ["id"] = id, ["content"] = content, ["special"] = true };
}
