using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Chunking;

/// <summary>Registers the heading-aware chunker.</summary>
public static class ChunkingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="HeadingAwareChunker"/> as a singleton with <see cref="ChunkingOptions"/> bound to
    /// <c>Kcc:Chunking</c> and validated at start.
    /// </summary>
    public static IServiceCollection AddHeadingAwareChunking(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ChunkingOptions>().Bind(configuration.GetSection(ChunkingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChunkingOptions>, ChunkingOptionsValidator>());
        services.TryAddSingleton<HeadingAwareChunker>();
        return services;
    }
}
