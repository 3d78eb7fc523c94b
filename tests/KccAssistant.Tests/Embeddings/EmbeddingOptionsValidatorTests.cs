using KccAssistant.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Embeddings;

public sealed class EmbeddingOptionsValidatorTests
{
    private readonly EmbeddingOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(_validator.Validate(null, new EmbeddingOptions()).Succeeded);
        Assert.Empty(EmbeddingOptionsValidator.ValidateAll(new EmbeddingOptions()));
    }

    [Fact]
    public void Validate_ModelPathWithoutVocabPath_NamesVocabPathKey()
    {
        var result = _validator.Validate(null, new EmbeddingOptions { ModelPath = typeof(EmbeddingOptions).Assembly.Location });

        Assert.True(result.Failed);
        Assert.Contains("Kcc:Embedding:VocabPath is required when Kcc:Embedding:ModelPath is set", result.FailureMessage);
    }

    [Fact]
    public void Validate_MissingModelAndVocabFiles_NameKeysAndPaths()
    {
        var result = _validator.Validate(null, new EmbeddingOptions { ModelPath = "/nope/model.onnx", VocabPath = "/nope/vocab.txt" });

        Assert.Contains("Kcc:Embedding:ModelPath '/nope/model.onnx' does not exist", result.FailureMessage);
        Assert.Contains("Kcc:Embedding:VocabPath '/nope/vocab.txt' does not exist", result.FailureMessage);
    }

    [Fact]
    public void Validate_VocabPathWithoutModelPath_NamesModelPathKey()
    {
        var result = _validator.Validate(null, new EmbeddingOptions { VocabPath = typeof(EmbeddingOptions).Assembly.Location });

        Assert.Contains("Kcc:Embedding:ModelPath is required when Kcc:Embedding:VocabPath is set", result.FailureMessage);
    }

    [Fact]
    public void Validate_MaxTokensAboveBundledModelPositions_NamesMaxTokensKey()
    {
        var result = _validator.Validate(null, new EmbeddingOptions { MaxTokens = 1024 });

        Assert.Contains("Kcc:Embedding:MaxTokens must be at most 512", result.FailureMessage);
    }

    [Theory]
    [InlineData(nameof(EmbeddingOptions.MaxTokens), 4, "Kcc:Embedding:MaxTokens must be between 16 and 8192")]
    [InlineData(nameof(EmbeddingOptions.BatchSize), 0, "Kcc:Embedding:BatchSize must be between 1 and 1024")]
    [InlineData(nameof(EmbeddingOptions.Threads), -1, "Kcc:Embedding:Threads must be between 0 and 256")]
    public void ValidateAll_OutOfRangeNumber_NamesKey(string property, int value, string expected)
    {
        var options = new EmbeddingOptions();
        typeof(EmbeddingOptions).GetProperty(property)!.SetValue(options, value);

        Assert.Contains(EmbeddingOptionsValidator.ValidateAll(options), m => m.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithKeyInMessage()
    {
        var exception = Assert.Throws<OptionsValidationException>(() =>
            new OnnxEmbeddingGenerator(new EmbeddingOptions { ModelPath = "/nope/model.onnx" }));

        Assert.Contains("Kcc:Embedding:VocabPath is required", exception.Message);
    }

    [Fact]
    public void AddKccEmbeddings_InvalidConfiguration_FailsAtStartNamingTheKey()
    {
        using var provider = BuildProvider(new() { ["Kcc:Embedding:ModelPath"] = "/nope/model.onnx", ["Kcc:Embedding:BatchSize"] = "0" });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Kcc:Embedding:VocabPath is required when Kcc:Embedding:ModelPath is set", exception.Message);
        Assert.Contains("Kcc:Embedding:ModelPath '/nope/model.onnx' does not exist", exception.Message);
        Assert.Contains("Kcc:Embedding:BatchSize must be between 1 and 1024", exception.Message);
    }

    [Fact]
    public void AddKccEmbeddings_ValidConfiguration_RegistersOneSingletonGenerator()
    {
        using var provider = BuildProvider(new()
        {
            ["Kcc:Embedding:MaxTokens"] = "128",
            ["Kcc:Embedding:QueryPrefix"] = "query: ",
            ["Kcc:Embedding:CacheDir"] = EmbeddingFixture.CacheDir,
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.Same(provider.GetRequiredService<OnnxEmbeddingGenerator>(), generator);
        Assert.Same(generator, provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Equal(128, provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value.MaxTokens);
        Assert.Equal("query: ", provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value.QueryPrefix);
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddKccEmbeddings(configuration).BuildServiceProvider();
    }
}
