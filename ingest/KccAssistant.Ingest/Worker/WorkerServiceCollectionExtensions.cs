using KccAssistant.QuestionLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest.Worker;

/// <summary>Registers the long-running ingest worker.</summary>
public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>Kcc:Worker</c> options (validated at start), <see cref="IngestWorker"/> and the question log's
    /// <see cref="QuestionLogRetention"/> as hosted services.
    /// Needs <c>AddKccIngestion</c> for the pipeline, the queue and the status file.
    /// </summary>
    public static IServiceCollection AddKccIngestWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());
        services.AddHostedService<IngestWorker>();
        // The web app writes the question log; its retention is enforced here, in the long-running process.
        services.AddKccQuestionLog();
        services.AddHostedService<QuestionLogRetention>();
        return services;
    }
}
