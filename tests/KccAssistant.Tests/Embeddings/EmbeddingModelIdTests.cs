using KccAssistant.Embeddings;

namespace KccAssistant.Tests.Embeddings;

/// <summary>
/// The model id keys the embedding cache and the store: it must change whenever vectors would, and stay put otherwise
/// (a changed id re-embeds every chunk on the next ingestion).
/// </summary>
public sealed class EmbeddingModelIdTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"kcc-modelid-{Guid.NewGuid():N}");

    public EmbeddingModelIdTests() => Directory.CreateDirectory(Path.Combine(_folder, "multilingual-e5-small", "onnx"));

    [Fact]
    public void ModelId_BundledDefaults_IsTheModelNameWithItsPrecision()
    {
        using var quantized = new OnnxEmbeddingGenerator(new EmbeddingOptions());
        using var exact = new OnnxEmbeddingGenerator(new EmbeddingOptions { Precision = EmbeddingPrecision.Float32 });

        Assert.Equal("all-MiniLM-L6-v2-int8", quantized.ModelId);
        // The id stores embedded before int8 existed carry, so they stay valid at float precision.
        Assert.Equal("all-MiniLM-L6-v2", exact.ModelId);
    }

    [Fact]
    public void ModelId_BundledWithOtherMaxTokensOrPrefix_Differs()
    {
        using var shorter = new OnnxEmbeddingGenerator(new EmbeddingOptions { MaxTokens = 128 });
        using var prefixed = new OnnxEmbeddingGenerator(new EmbeddingOptions { PassagePrefix = "passage: " });

        Assert.StartsWith("all-MiniLM-L6-v2-int8-", shorter.ModelId, StringComparison.Ordinal);
        Assert.StartsWith("all-MiniLM-L6-v2-int8-", prefixed.ModelId, StringComparison.Ordinal);
        Assert.NotEqual(shorter.ModelId, prefixed.ModelId);
    }

    [Fact]
    public void ModelId_ExportedModel_NamedAfterItsFolderAndStable()
    {
        var options = E5Options();

        using var first = new OnnxEmbeddingGenerator(options);
        using var second = new OnnxEmbeddingGenerator(E5Options());

        Assert.Matches("^multilingual-e5-small-model-[0-9a-f]{8}$", first.ModelId);
        Assert.Equal(first.ModelId, second.ModelId);
    }

    // A model replaced in place by another of the same size (a fine-tuned or re-exported one) must still change the id.
    [Fact]
    public void ModelId_ModelFileReplacedBySameSizedOne_Differs()
    {
        using var before = new OnnxEmbeddingGenerator(E5Options());
        var modelPath = E5Options().ModelPath!;
        var bytes = File.ReadAllBytes(modelPath);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(modelPath, bytes);

        using var after = new OnnxEmbeddingGenerator(E5Options());

        Assert.NotEqual(before.ModelId, after.ModelId);
    }

    [Fact]
    public void ModelId_LargeModelChangedInTheMiddle_Differs()
    {
        var modelPath = Path.Combine(_folder, "multilingual-e5-small", "onnx", "model.onnx");
        var bytes = new byte[80 << 20];
        File.WriteAllBytes(modelPath, bytes);
        using var before = new OnnxEmbeddingGenerator(E5Options(writeModel: false));
        bytes[bytes.Length / 2] = 1;
        File.WriteAllBytes(modelPath, bytes);

        using var after = new OnnxEmbeddingGenerator(E5Options(writeModel: false));

        Assert.NotEqual(before.ModelId, after.ModelId);
    }

    [Fact]
    public void ModelId_OtherTokenizerFileOrSetting_Differs()
    {
        using var reference = new OnnxEmbeddingGenerator(E5Options());
        var otherTokenizer = E5Options();
        otherTokenizer.Tokenizer = EmbeddingTokenizer.HuggingFaceJson;
        otherTokenizer.TokenizerPath = TestModels.TestData("nl-unigram.tokenizer.json");
        var otherPooling = E5Options();
        otherPooling.Pooling = EmbeddingPooling.Cls;
        var otherPrefix = E5Options();
        otherPrefix.QueryPrefix = "vraag: ";
        var otherLength = E5Options();
        otherLength.MaxTokens = 256;

        string[] ids =
        [
            reference.ModelId,
            new OnnxEmbeddingGenerator(otherTokenizer).ModelId,
            new OnnxEmbeddingGenerator(otherPooling).ModelId,
            new OnnxEmbeddingGenerator(otherPrefix).ModelId,
            new OnnxEmbeddingGenerator(otherLength).ModelId,
        ];

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void ModelId_ThreadsAndBatchSize_DoNotChangeIt()
    {
        using var reference = new OnnxEmbeddingGenerator(E5Options());
        var tuned = E5Options();
        tuned.Threads = 2;
        tuned.BatchSize = 8;

        using var other = new OnnxEmbeddingGenerator(tuned);

        Assert.Equal(reference.ModelId, other.ModelId);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private EmbeddingOptions E5Options(bool writeModel = true)
    {
        var modelPath = Path.Combine(_folder, "multilingual-e5-small", "onnx", "model.onnx");
        if (writeModel && !File.Exists(modelPath))
        {
            File.WriteAllBytes(modelPath, TestModels.OnnxGraph(TestModels.Table(402, 4), tokenTypeIds: false));
        }

        return new EmbeddingOptions
        {
            Precision = EmbeddingPrecision.Float32,
            ModelPath = modelPath,
            Tokenizer = EmbeddingTokenizer.SentencePiece,
            TokenizerPath = TestModels.TestData("nl-unigram.model"),
            MaxTokens = 512,
            QueryPrefix = "query: ",
            PassagePrefix = "passage: ",
        };
    }
}
