using KccAssistant.Embeddings;
using Microsoft.ML.Tokenizers;

namespace KccAssistant.Tests.Embeddings;

[Collection(EmbeddingCollection.Name)]
public sealed class WordPieceEncoderTests(EmbeddingFixture fixture)
{
    private const int Cls = 101;
    private const int Sep = 102;

    private string VocabPath => Path.Combine(EmbeddingFixture.CacheDir, "vocab.txt");

    private async Task<WordPieceEncoder> CreateEncoderAsync(int maxTokens = 256)
    {
        await fixture.Generator.WarmUpAsync();
        return WordPieceEncoder.Create(VocabPath, maxTokens, lowerCase: true, stripAccents: true);
    }

    [Theory]
    [InlineData("Hello, World! It's 3.5 o'clock (really)?", "hello , world ! it ' s 3 . 5 o ' clock ( really ) ?")]
    [InlineData("  Café\u00A0au\tlait\r\n", "cafe au lait")]
    [InlineData("zero\u200Bwidth\u0000joiner", "zerowidthjoiner")]
    [InlineData("prijs $5 of €12 + btw", "prijs $ 5 of €12 + btw")]
    [InlineData("Gemeente\u2028Apeldoorn", "gemeente apeldoorn")]
    [InlineData("东京 office", "东 京 office")]
    [InlineData("", "")]
    public void Normalize_Text_MatchesHuggingFaceBasicTokenizer(string input, string expected)
    {
        Assert.Equal(expected, BertTextNormalizer.Normalize("", input, lowerCase: true, stripAccents: true));
    }

    [Fact]
    public void Normalize_CasedWithoutAccentStripping_KeepsCaseAndAccents()
    {
        Assert.Equal("Café , Één", BertTextNormalizer.Normalize("", "Café, Één", lowerCase: false, stripAccents: false));
    }

    [Fact]
    public async Task Encode_TextWithoutSymbols_EqualsMicrosoftBertTokenizerWithAccentStripping()
    {
        var encoder = await CreateEncoderAsync();
        var reference = BertTokenizer.Create(VocabPath, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        string[] texts =
        [
            "De gemeente Apeldoorn helpt inwoners met hun paspoortaanvraag en rijbewijsverlenging.",
            "Héél veel coöperaties zijn geïnformeerd over de naïeve café-eigenaar.",
            "Hello, World! It's 3.5 o'clock (really)? Don't.",
        ];

        foreach (var text in texts)
        {
            Assert.Equal(reference.EncodeToIds(text, true, true, true), encoder.Encode("", text));
        }
    }

    [Fact]
    public async Task Encode_SymbolsInVocabulary_AreKeptAsTokens()
    {
        var encoder = await CreateEncoderAsync();

        var ids = encoder.Encode("", "€ 5 $");

        Assert.Equal([Cls, 1574, 1019, 1002, Sep], ids);
    }

    [Fact]
    public async Task Encode_LongText_TruncatesPerTokenAndKeepsClsAndSep()
    {
        var encoder = await CreateEncoderAsync(maxTokens: 16);
        const string Text = "paspoortaanvraag rijbewijsverlenging parkeervergunning afvalinzameling";
        var all = encoder.Encode("", Text);
        var truncated = WordPieceEncoder.Create(VocabPath, 8, true, true).Encode("", Text);

        Assert.True(all.Length > 8);
        Assert.Equal(8, truncated.Length);
        Assert.Equal(Cls, truncated[0]);
        Assert.Equal(Sep, truncated[^1]);
        Assert.Equal(all[..7], truncated[..7]);
    }

    [Fact]
    public async Task Encode_Prefix_IsTokenizedBeforeTheText()
    {
        var encoder = await CreateEncoderAsync();

        Assert.Equal(encoder.Encode("", "query: afval"), encoder.Encode("query: ", "afval"));
    }
}
