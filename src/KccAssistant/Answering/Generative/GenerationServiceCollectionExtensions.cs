using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace KccAssistant.Answering.Generative;

/// <summary>Registers the optional generative mode.</summary>
public static class GenerationServiceCollectionExtensions
{
    /// <summary>Key of the Semantic Kernel chat completion service that writes answers, and name of its HttpClient.</summary>
    public const string ServiceKey = "Kcc:Generation";

    /// <summary>
    /// Binds and validates <c>Kcc:Generation</c> (at start, with messages naming the keys). When
    /// <c>Kcc:Generation:Enabled</c> is true, registers Semantic Kernel's OpenAI chat completion service against the
    /// configured endpoint, the <see cref="SemanticKernelAnswerGenerator"/>, the <see cref="AnswerValidator"/>, and
    /// <see cref="GenerativeAskService"/> as the <see cref="IAskService"/> in place of the extractive one. Call after
    /// <c>AddKccCore</c>. When disabled, answering is unchanged.
    /// </summary>
    public static IServiceCollection AddKccGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(GenerationOptions.SectionName);
        services.AddOptions<GenerationOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GenerationOptions>, GenerationOptionsValidator>());
        if (!section.GetValue<bool>(nameof(GenerationOptions.Enabled)))
        {
            return services;
        }

        services.AddHttpClient(ServiceKey, (sp, client) =>
        {
            // Backstop only: GenerativeAskService enforces Timeout itself and falls back to the extractive answer.
            client.Timeout = sp.GetRequiredService<IOptions<GenerationOptions>>().Value.Timeout + TimeSpan.FromSeconds(5);
        });
        services.TryAddKeyedSingleton<IChatCompletionService>(ServiceKey, (sp, _) =>
        {
            var settings = sp.GetRequiredService<IOptions<GenerationOptions>>().Value;
            // The OpenAI connector with a custom endpoint: any OpenAI-compatible server (Ollama, vLLM, LM Studio).
            // Given our own HttpClient it neither retries nor applies its own timeout. SK marks the custom-endpoint
            // constructor experimental (SKEXP0010); it is the connector's documented way to reach such servers.
#pragma warning disable SKEXP0010
            return new OpenAIChatCompletionService(
                settings.Model,
                new Uri(settings.Endpoint),
                string.IsNullOrWhiteSpace(settings.ApiKey) ? null : settings.ApiKey,
                httpClient: sp.GetRequiredService<IHttpClientFactory>().CreateClient(ServiceKey),
                loggerFactory: sp.GetService<ILoggerFactory>());
#pragma warning restore SKEXP0010
        });
        services.TryAddSingleton<IAnswerGenerator>(sp => new SemanticKernelAnswerGenerator(
            sp.GetRequiredKeyedService<IChatCompletionService>(ServiceKey),
            sp.GetRequiredService<IOptions<GenerationOptions>>().Value,
            sp.GetRequiredService<ILogger<SemanticKernelAnswerGenerator>>()));
        services.TryAddSingleton(sp => new AnswerValidator(sp.GetRequiredService<IOptions<GenerationOptions>>().Value.MinSupport));
        services.TryAddSingleton<GenerativeAskService>();
        services.Replace(ServiceDescriptor.Singleton<IAskService>(sp => sp.GetRequiredService<GenerativeAskService>()));
        return services;
    }
}
