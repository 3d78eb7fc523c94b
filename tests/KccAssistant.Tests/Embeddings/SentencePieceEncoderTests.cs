using System.Text.Json;
using KccAssistant.Embeddings;

namespace KccAssistant.Tests.Embeddings;

/// <summary>
/// The XLM-RoBERTa SentencePiece tokenizer. TestData/nl-unigram.model is a 400-piece Unigram model trained with Google's
/// spm_train on the sample municipality's texts (SentencePiece's defaults: nmt_nfkc rules, &lt;unk&gt;=0, &lt;s&gt;=1,
/// &lt;/s&gt;=2, the layout of XLM-RoBERTa's sentencepiece.bpe.model); nl-unigram.expected.json holds the ids Google's
/// SentencePiece library gives, mapped as transformers' XLMRobertaTokenizer maps them (see make-fixtures.py).
/// </summary>
public sealed class SentencePieceEncoderTests
{
    public static TheoryData<string, int[]> ReferenceCases()
    {
        var data = new TheoryData<string, int[]>();
        foreach (var (text, ids) in ReadReference())
        {
            data.Add(text, ids);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Encode_DutchText_MatchesSentencePieceWithFairseqIds(string text, int[] expected)
    {
        var encoder = SentencePieceEncoder.CreateXlmRoberta(TestModels.TestData("nl-unigram.model"), 512);

        Assert.Equal(expected, encoder.Encode("", text));
    }

    [Fact]
    public void Encode_QueryPrefix_EqualsPrefixedText()
    {
        var encoder = SentencePieceEncoder.CreateXlmRoberta(TestModels.TestData("nl-unigram.model"), 512);
        var expected = ReadReference().Single(r => r.Text.StartsWith("query: ", StringComparison.Ordinal));

        Assert.Equal(expected.Ids, encoder.Encode("query: ", expected.Text["query: ".Length..]));
    }

    [Fact]
    public void Encode_LongText_KeepsFirstTokensBetweenSpecialTokens()
    {
        var encoder = SentencePieceEncoder.CreateXlmRoberta(TestModels.TestData("nl-unigram.model"), 16);
        var full = SentencePieceEncoder.CreateXlmRoberta(TestModels.TestData("nl-unigram.model"), 512);
        var text = string.Join(" ", Enumerable.Repeat("Hoe vraag ik een parkeervergunning aan?", 20));

        var ids = encoder.Encode("", text);

        Assert.Equal(16, ids.Length);
        Assert.Equal(0, ids[0]);
        Assert.Equal(2, ids[^1]);
        Assert.Equal(full.Encode("", text)[..15], ids[..15]);
        Assert.Equal(1, encoder.PaddingTokenId);
    }

    // The generator serves concurrent requests with one tokenizer instance.
    [Fact]
    public void Encode_ConcurrentCalls_GiveSameIdsAsSequential()
    {
        var encoder = SentencePieceEncoder.CreateXlmRoberta(TestModels.TestData("nl-unigram.model"), 512);
        var reference = ReadReference();

        var results = new int[reference.Count * 50][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results[i] = encoder.Encode("", reference[i % reference.Count].Text));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(reference[i % reference.Count].Ids, results[i]);
        }
    }

    // A hand-built model with SentencePiece ids:
    //   0 <unk>, 1 <s>, 2 </s>, 3 "▁" (-3), 4 "▁pas" (-3), 5 "poort" (-3), 6 "▁paspoort" (-5.5), 7 "▁kw" (-2),
    //   8 "ijt" (-2), 9 "▁kwijt" (-5), 10 "▁op" (-2), 11 "." (-2), then single letters at -10.
    // "paspoort kwijt op." normalizes to "▁paspoort▁kwijt▁op." and Unigram keeps the most probable split:
    //   "▁paspoort" (-5.5) beats "▁pas"+"poort" (-6); "▁kw"+"ijt" (-4) beats "▁kwijt" (-5), so it is not longest match.
    // SentencePiece ids 6, 7, 8, 10, 11 become fairseq ids 7, 8, 9, 11, 12, between <s>=0 and </s>=2.
    [Fact]
    public void Encode_HandBuiltUnigramModel_PicksMostProbableSplitAndShiftsIds()
    {
        var encoder = HandBuiltEncoder();

        Assert.Equal([0, 7, 8, 9, 11, 12, 2], encoder.Encode("", "paspoort kwijt op."));
    }

    // "€" is not in the vocabulary: "▁" (SentencePiece id 3, fairseq 4) and then one <unk> (fairseq 3) for the run "€€",
    // as SentencePiece and HuggingFace merge a run of unknown characters.
    [Fact]
    public void Encode_RunOfUnknownCharacters_GivesOneUnknownId()
    {
        var encoder = HandBuiltEncoder();

        Assert.Equal([0, 7, 4, 3, 8, 9, 2], encoder.Encode("", "paspoort €€ kwijt"));
    }

    [Fact]
    public void CreateXlmRoberta_ModelWithOtherSpecialIds_FailsPointingToTokenizerJson()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kcc-spm-{Guid.NewGuid():N}.model");
        File.WriteAllBytes(path, TestModels.SentencePieceModel(
            [("<s>", 0, TestModels.Control), ("</s>", 0, TestModels.Control), ("<unk>", 0, TestModels.Unknown), ("▁a", -1, TestModels.Normal)],
            unknownId: 2, beginningId: 0, endId: 1));
        try
        {
            var exception = Assert.Throws<InvalidDataException>(() => SentencePieceEncoder.CreateXlmRoberta(path, 64));

            Assert.Contains("HuggingFaceJson", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CreateXlmRoberta_NotAModel_ThrowsInvalidData()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kcc-spm-{Guid.NewGuid():N}.model");
        File.WriteAllText(path, "dit is geen sentencepiece-model");
        try
        {
            Assert.Throws<InvalidDataException>(() => SentencePieceEncoder.CreateXlmRoberta(path, 64));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static SentencePieceEncoder HandBuiltEncoder()
    {
        var pieces = new List<(string, float, int)>
        {
            ("<unk>", 0, TestModels.Unknown), ("<s>", 0, TestModels.Control), ("</s>", 0, TestModels.Control),
            ("\u2581", -3, TestModels.Normal), ("\u2581pas", -3, TestModels.Normal), ("poort", -3, TestModels.Normal),
            ("\u2581paspoort", -5.5f, TestModels.Normal), ("\u2581kw", -2, TestModels.Normal), ("ijt", -2, TestModels.Normal),
            ("\u2581kwijt", -5, TestModels.Normal), ("\u2581op", -2, TestModels.Normal), (".", -2, TestModels.Normal),
        };
        pieces.AddRange("pasortkwij".Distinct().Select(c => (c.ToString(), -10f, TestModels.Normal)));
        var path = Path.Combine(Path.GetTempPath(), $"kcc-spm-{Guid.NewGuid():N}.model");
        File.WriteAllBytes(path, TestModels.SentencePieceModel(pieces, unknownId: 0, beginningId: 1, endId: 2));
        try
        {
            return SentencePieceEncoder.CreateXlmRoberta(path, 64);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static List<(string Text, int[] Ids)> ReadReference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestModels.TestData("nl-unigram.expected.json")));
        return document.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("text").GetString()!, e.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToArray()))
            .ToList();
    }
}
