using System.IO.Compression;
using System.Text;
using KccAssistant.Embeddings;
using KccAssistant.Text;

namespace KccAssistant.Tests.Embeddings;

/// <summary>
/// The Dutch→English gloss the embedding model reads instead of Dutch. The dictionaries are written by the tests in the
/// dictd form FreeDict ships (<c>.index</c> with base64 offsets, <c>.dict.dz</c> gzip data), so they run without the
/// Debian package; one test reads the real dictionary when it is installed.
/// </summary>
public sealed class DutchEnglishGlossTests : IDisposable
{
    private const string DebianIndex = "/usr/share/dictd/freedict-nld-eng.index";
    private const string DebianDictionary = "/usr/share/dictd/freedict-nld-eng.dict.dz";

    private static readonly HashSet<string> English = new(StringComparer.Ordinal)
    {
        "marriage", "certificate", "marry", "wed", "payment", "to", "some", "extent", "money", "back", "tax", "service", "child",
        "driving", "licence", "lost", "apply", "for", "on", "passport", "a",
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"kcc-gloss-{Guid.NewGuid():N}");

    public DutchEnglishGlossTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Gloss_SentenceWithStopwordsAndUnknownWords_TranslatesWordsDropsStopwordsKeepsTheRest()
    {
        var gloss = Load(compressed: true);

        // "ik", "mijn", "de" are stopwords; "DigiD" is not in the dictionary and stays as written (folded).
        Assert.Equal("money back tax service digid?", gloss.Gloss("Krijg ik mijn geld terug van de Belastingdienst, DigiD?"));
    }

    [Fact]
    public void Gloss_UncompressedDictionary_ReadsTheSame()
    {
        Assert.Equal("marry", Load(compressed: false).Gloss("trouwen"));
    }

    [Theory]
    [InlineData("kinderen", "child")] // plural -eren
    [InlineData("paspoorten", "passport")] // plural -en
    [InlineData("trouwt", "marry")] // verb stem + t, back to the infinitive
    [InlineData("getrouwd", "marry")] // participle ge-...-d
    [InlineData("betaalt", "payment")] // doubled vowel undone before -en: betaal -> betalen
    public void GlossWord_InflectedForm_FindsTheHeadword(string word, string expected)
    {
        Assert.Equal(expected, Load(compressed: true).GlossWord(word));
    }

    [Fact]
    public void GlossWord_CompoundWithLinkingS_GlossesBothParts()
    {
        Assert.Equal("marriage certificate", Load(compressed: true).GlossWord("huwelijksakte"));
    }

    [Fact]
    public void GlossWord_LigatureHeadword_MatchesPlainIj()
    {
        // FreeDict writes "rĳbewĳs" with the ligature; residents type "rijbewijs".
        Assert.Equal("driving licence", Load(compressed: true).GlossWord("rijbewijs"));
    }

    [Fact]
    public void GlossWord_TranslationThatLostItsSpaces_GetsThemBack()
    {
        Assert.Equal("to some extent", Load(compressed: true).GlossWord("enigszins"));
    }

    [Fact]
    public void GlossWord_FirstSenseUnknownToTheModel_TakesTheFirstKnownSense()
    {
        // "alimony" is no whole word of the vocabulary and must not become fragments such as "a limo ny".
        Assert.Equal("payment", Load(compressed: true).GlossWord("uitkering"));
    }

    [Fact]
    public void GlossWord_WithoutVocabulary_TakesTheFirstTranslationAsWritten()
    {
        var gloss = Load(compressed: true, englishWords: null);

        Assert.Equal("alimony", gloss.GlossWord("uitkering"));
    }

    [Fact]
    public void Load_AffixEntryFoldedOntoAWord_IsNotTakenForTheWord()
    {
        // The index lists the suffix "‐akte" under "akte"; its translation must not replace the word's own.
        Assert.Equal("certificate", Load(compressed: true).GlossWord("akte"));
    }

    [Fact]
    public void ModelId_DictionaryPresent_NamesTheGlossAndAbsentStaysAsBefore()
    {
        WriteDictionary(compressed: true);
        var present = new EmbeddingGlossOptions { Enabled = true, IndexPath = IndexPath, DictionaryPath = DictionaryPath(compressed: true) };
        var absent = new EmbeddingGlossOptions { Enabled = true, IndexPath = Path.Combine(_folder, "missing.index"), DictionaryPath = Path.Combine(_folder, "missing.dict.dz") };

        using var glossed = new OnnxEmbeddingGenerator(new EmbeddingOptions { Gloss = present });
        using var plain = new OnnxEmbeddingGenerator(new EmbeddingOptions { Gloss = absent });
        using var disabled = new OnnxEmbeddingGenerator(new EmbeddingOptions { Gloss = new EmbeddingGlossOptions { Enabled = false, IndexPath = present.IndexPath, DictionaryPath = present.DictionaryPath } });

        Assert.StartsWith("all-MiniLM-L6-v2-int8+gloss-freedict-", glossed.ModelId, StringComparison.Ordinal);
        Assert.True(glossed.Glossed);
        Assert.Equal("all-MiniLM-L6-v2-int8", plain.ModelId);
        Assert.False(plain.Glossed);
        Assert.Equal("all-MiniLM-L6-v2-int8", disabled.ModelId);
    }

    [SkippableFact]
    public void Load_DebianFreeDict_ReadsMostHeadwordsAndGlossesACompound()
    {
        Skip.IfNot(File.Exists(DebianIndex) && File.Exists(DebianDictionary),
            "dict-freedict-nld-eng is not installed (apt-get install dict-freedict-nld-eng); .ci/run installs it");

        var gloss = DutchEnglishGloss.Load(DebianIndex, DebianDictionary);

        Assert.InRange(gloss.Count, 15_000, 30_000);
        // A compound the dictionary does not list splits into two translated parts.
        Assert.Equal(2, gloss.GlossWord("huwelijksakte").Split(' ').Length);
    }

    private string IndexPath => Path.Combine(_folder, "test-nld-eng.index");

    private string DictionaryPath(bool compressed) => Path.Combine(_folder, compressed ? "test-nld-eng.dict.dz" : "test-nld-eng.dict");

    private DutchEnglishGloss Load(bool compressed) => Load(compressed, English);

    private DutchEnglishGloss Load(bool compressed, IReadOnlySet<string>? englishWords)
    {
        WriteDictionary(compressed);
        return DutchEnglishGloss.Load(IndexPath, DictionaryPath(compressed), englishWords);
    }

    // Entries as FreeDict's dictd build writes them: headword and pronunciation, then senses (numbered when several).
    private void WriteDictionary(bool compressed)
    {
        (string Headword, string Entry)[] entries =
        [
            ("00databaseshort", "Test Dutch-English\n"),
            ("akte", "‐akte /ˈɑktə/\nact\n"),
            ("akte", "akte /ɑktə/\n1. certificate\n2. deed\n"),
            ("belastingdienst", "belastingdienst /bəlɑstɪŋdinst/\ntax service\n"),
            ("betalen", "betalen /bətalən/\npayment\n"),
            ("enigszins", "enigszins /enəxsɪns/\ntosomeextent\n"),
            ("geld", "geld /ɣɛlt/\nmoney\n"),
            ("huwelijk", "huwelijk /hyʋələk/\nmarriage\n"),
            ("kind", "kind /kɪnt/\nchild\n"),
            ("paspoort", "paspoort /pɑspoːrt/\npassport\n"),
            ("rĳbewĳs", "rĳbewĳs /rɛibəʋɛis/\ndriving licence\n"),
            ("terug", "terug /tərʏx/\nback\n"),
            ("trouwen", "trouwen /trɑuən/\n1. marry, wed\n2. espouse\n"),
            ("uitkering", "uitkering /œytkerɪŋ/\n1. alimony\n2. payment\n"),
        ];
        var data = new MemoryStream();
        var index = new StringBuilder();
        foreach (var (headword, entry) in entries)
        {
            var bytes = Encoding.UTF8.GetBytes(entry);
            index.Append(headword).Append('\t').Append(Base64Number(data.Length)).Append('\t').Append(Base64Number(bytes.Length)).Append('\n');
            data.Write(bytes);
        }

        File.WriteAllText(IndexPath, index.ToString(), new UTF8Encoding(false));
        if (compressed)
        {
            using var file = File.Create(DictionaryPath(true));
            using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            gzip.Write(data.ToArray());
        }
        else
        {
            File.WriteAllBytes(DictionaryPath(false), data.ToArray());
        }
    }

    private static string Base64Number(long value)
    {
        const string Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var builder = new StringBuilder();
        do
        {
            builder.Insert(0, Digits[(int)(value % 64)]);
            value /= 64;
        }
        while (value > 0);
        return builder.ToString();
    }
}
