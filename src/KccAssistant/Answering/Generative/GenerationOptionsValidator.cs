using Microsoft.Extensions.Options;

namespace KccAssistant.Answering.Generative;

/// <summary>Checks the <c>Kcc:Generation</c> section at start when the mode is enabled; every message names the key.</summary>
public sealed class GenerationOptionsValidator : IValidateOptions<GenerationOptions>
{
    private const string Section = GenerationOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GenerationOptions options)
    {
        var failures = ValidateAll(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>All problems of <paramref name="options"/>; none when the mode is disabled.</summary>
    public static IReadOnlyList<string> ValidateAll(GenerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.Enabled)
        {
            return failures;
        }

        if (string.IsNullOrWhiteSpace(options.Endpoint))
        {
            failures.Add($"{Section}:Endpoint is required when {Section}:Enabled is true (for Ollama: http://127.0.0.1:11434/v1).");
        }
        else if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add($"{Section}:Endpoint '{options.Endpoint}' must be an absolute http or https URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add($"{Section}:Model is required when {Section}:Enabled is true (for Ollama e.g. llama3.1:8b).");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:Timeout must be more than 0 and at most 00:10:00 (it is {options.Timeout}).");
        }

        if (options.MaxTokens is < 16 or > 32_768)
        {
            failures.Add($"{Section}:MaxTokens must be between 16 and 32768 (it is {options.MaxTokens}).");
        }

        if (options.Temperature is < 0 or > 2 || double.IsNaN(options.Temperature))
        {
            failures.Add($"{Section}:Temperature must be between 0 and 2 (it is {options.Temperature}).");
        }

        if (options.MaxSources is < 1 or > 20)
        {
            failures.Add($"{Section}:MaxSources must be between 1 and 20 (it is {options.MaxSources}).");
        }

        if (options.MaxSourceChars is < 200 or > 20_000)
        {
            failures.Add($"{Section}:MaxSourceChars must be between 200 and 20000 (it is {options.MaxSourceChars}).");
        }

        if (options.MinSupport is < 0 or > 1 || double.IsNaN(options.MinSupport))
        {
            failures.Add($"{Section}:MinSupport must be between 0 and 1 (it is {options.MinSupport}).");
        }

        return failures;
    }
}
