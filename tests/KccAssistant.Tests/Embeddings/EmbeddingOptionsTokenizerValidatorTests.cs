using KccAssistant.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Embeddings;

public sealed class EmbeddingOptionsTokenizerValidatorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"kcc-options-{Guid.NewGuid():N}");

    public EmbeddingOptionsTokenizerValidatorTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void ValidateAll_Defaults_Valid() => Assert.Empty(EmbeddingOptionsValidator.ValidateAll(new EmbeddingOptions()));

    [Fact]
    public void ValidateAll_E5Configuration_Valid()
    {
        var options = new EmbeddingOptions
        {
            ModelPath = File("model.onnx"),
            Tokenizer = EmbeddingTokenizer.SentencePiece,
            TokenizerPath = File("sentencepiece.bpe.model"),
            MaxTokens = 512,
            QueryPrefix = "query: ",
            PassagePrefix = "passage: ",
        };

        Assert.Empty(EmbeddingOptionsValidator.ValidateAll(options));
    }

    [Fact]
    public void ValidateAll_SentencePieceWithoutPaths_NamesModelPathAndTokenizerPath()
    {
        var failures = EmbeddingOptionsValidator.ValidateAll(new EmbeddingOptions { Tokenizer = EmbeddingTokenizer.SentencePiece });

        Assert.Contains(failures, f => f.StartsWith("Kcc:Embedding:ModelPath is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Kcc:Embedding:TokenizerPath (the model's sentencepiece.bpe.model) is required", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateAll_TokenizerJsonWithVocabPath_SaysVocabPathIsForWordPiece()
    {
        var options = new EmbeddingOptions
        {
            ModelPath = File("model.onnx"),
            Tokenizer = EmbeddingTokenizer.HuggingFaceJson,
            TokenizerPath = File("tokenizer.json"),
            VocabPath = File("vocab.txt"),
        };

        var failure = Assert.Single(EmbeddingOptionsValidator.ValidateAll(options));

        Assert.StartsWith("Kcc:Embedding:VocabPath is read only when Kcc:Embedding:Tokenizer is WordPiece", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_WordPieceWithTokenizerPath_SaysToUseVocabPath()
    {
        var options = new EmbeddingOptions { ModelPath = File("model.onnx"), VocabPath = File("vocab.txt"), TokenizerPath = File("tokenizer.json") };

        var failure = Assert.Single(EmbeddingOptionsValidator.ValidateAll(options));

        Assert.Contains("Kcc:Embedding:TokenizerPath", failure, StringComparison.Ordinal);
        Assert.Contains("Kcc:Embedding:VocabPath", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_MissingTokenizerFile_NamesKeyAndPath()
    {
        var missing = Path.Combine(_folder, "ontbreekt.json");
        var options = new EmbeddingOptions { ModelPath = File("model.onnx"), Tokenizer = EmbeddingTokenizer.HuggingFaceJson, TokenizerPath = missing };

        var failure = Assert.Single(EmbeddingOptionsValidator.ValidateAll(options));

        Assert.Equal($"Kcc:Embedding:TokenizerPath '{missing}' does not exist.", failure);
    }

    [Fact]
    public void ValidateAll_UndefinedEnumValues_NameKeys()
    {
        var failures = EmbeddingOptionsValidator.ValidateAll(new EmbeddingOptions { Tokenizer = (EmbeddingTokenizer)7, Pooling = (EmbeddingPooling)9 });

        Assert.Contains(failures, f => f.StartsWith("Kcc:Embedding:Tokenizer '7' is not one of WordPiece, SentencePiece, HuggingFaceJson", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Kcc:Embedding:Pooling '9' is not one of Mean, Cls", StringComparison.Ordinal));
    }

    [Fact]
    public void AddKccEmbeddings_InvalidConfiguration_FailsAtStartNamingKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kcc:Embedding:Tokenizer"] = "HuggingFaceJson",
        }).Build();
        using var services = new ServiceCollection().AddKccEmbeddings(configuration).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmbeddingOptions>>().Value);

        Assert.Contains(exception.Failures, f => f.Contains("Kcc:Embedding:TokenizerPath (the model's tokenizer.json)", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, name);
        return path;
    }
}
