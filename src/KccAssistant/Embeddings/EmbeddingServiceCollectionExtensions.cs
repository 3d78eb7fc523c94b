using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Embeddings;

/// <summary>Registers the local ONNX embedding generator.</summary>
public static class EmbeddingServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Kcc:Embedding</c> (at start, with messages naming the keys) and registers
    /// <see cref="OnnxEmbeddingGenerator"/> as the singleton <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>
    /// of strings. The model loads on first use; call <see cref="OnnxEmbeddingGenerator.WarmUpAsync"/> to load it earlier.
    /// </summary>
    public static IServiceCollection AddKccEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<EmbeddingOptions>()
            .Bind(configuration.GetSection(EmbeddingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>());

        services.TryAddSingleton(sp => new OnnxEmbeddingGenerator(
            sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value,
            sp.GetService<ILogger<OnnxEmbeddingGenerator>>()));
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<OnnxEmbeddingGenerator>());
        return services;
    }
}
