using KccAssistant.Answering.Generative;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Generative;

public sealed class GenerationOptionsValidatorTests
{
    private static IServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddKccGeneration(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Options_EnabledWithoutEndpointAndModel_FailNamingTheKeys()
    {
        var services = Services(new() { ["Kcc:Generation:Enabled"] = "true" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GenerationOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Kcc:Generation:Endpoint", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Kcc:Generation:Model", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Endpoint", "ftp://127.0.0.1/v1", "Kcc:Generation:Endpoint")]
    [InlineData("Endpoint", "localhost:11434", "Kcc:Generation:Endpoint")]
    [InlineData("Timeout", "00:00:00", "Kcc:Generation:Timeout")]
    [InlineData("MaxTokens", "0", "Kcc:Generation:MaxTokens")]
    [InlineData("Temperature", "3", "Kcc:Generation:Temperature")]
    [InlineData("MinSupport", "1.5", "Kcc:Generation:MinSupport")]
    public void Options_EnabledWithInvalidValue_FailNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kcc:Generation:Enabled"] = "true",
            ["Kcc:Generation:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["Kcc:Generation:Model"] = "llama3.1:8b",
            [$"Kcc:Generation:{key}"] = value,
        };

        var error = Assert.Throws<OptionsValidationException>(() => Services(settings).GetRequiredService<IOptions<GenerationOptions>>().Value);

        Assert.Contains(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Disabled_NothingRequiredAndAnsweringUnchanged()
    {
        var services = Services(new() { ["Kcc:Generation:Enabled"] = "false", ["Kcc:Generation:Endpoint"] = "nonsense" });

        var options = services.GetRequiredService<IOptions<GenerationOptions>>().Value;

        Assert.False(options.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
        Assert.Equal(0, options.Temperature);
        Assert.Null(services.GetService<IAnswerGenerator>());
    }

    [Fact]
    public void Options_RepositoryAppSettings_ValidAndDisabled()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(Support.RepositoryPaths.Root, "appsettings.json")).Build();
        var options = configuration.GetSection(GenerationOptions.SectionName).Get<GenerationOptions>()!;

        Assert.False(options.Enabled);
        Assert.Equal("http://127.0.0.1:11434/v1", options.Endpoint);
        options.Enabled = true;
        Assert.Empty(GenerationOptionsValidator.ValidateAll(options));
    }
}
