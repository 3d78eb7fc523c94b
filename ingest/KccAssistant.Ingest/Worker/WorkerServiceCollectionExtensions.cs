using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Worker;

/// <summary>Registers the long-running ingest worker.</summary>
public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>Kcc:Worker</c> options (validated at start) and <see cref="IngestWorker"/> as a hosted service.
    /// Needs <c>AddKccIngestion</c> for the pipeline, the queue and the status file.
    /// </summary>
    public static IServiceCollection AddKccIngestWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());
        services.AddHostedService<IngestWorker>();
        return services;
    }
}
