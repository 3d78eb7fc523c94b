using KccAssistant.Configuration;
using KccAssistant.Ingest.Chunking;
using KccAssistant.Ingest.Gates;
using KccAssistant.Ingest.KnowledgeBase;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Ingest.Web;
using KccAssistant.Ingest.Worker;
using KccAssistant.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Ingest;

/// <summary>
/// Registers ingestion: sources, readers, chunking, gates, the pipeline, the in-process runner, and the worker's
/// request queue and status file with the trigger and status source of <c>Kcc:Ingest:Mode</c>.
/// </summary>
public static class IngestServiceCollectionExtensions
{
    /// <summary>Adds everything the worker and the web app need to ingest the configured <c>Kcc:Sources</c>.</summary>
    public static IServiceCollection AddKccIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<List<SourceDefinition>>().Bind(configuration.GetSection("Kcc:Sources")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<List<SourceDefinition>>, SourceDefinitionsValidator>());
        services.AddKccWebSources(configuration);
        services.AddKnowledgeBaseImport(configuration);
        services.AddHeadingAwareChunking(configuration);
        services.AddSingleton<IDocumentChunker>(sp => sp.GetRequiredService<HeadingAwareChunker>());
        services.AddKccPersonalDataDetection(configuration);
        services.AddSingleton<IDocumentGate, DocumentGate>();
        services.AddTransient<ISourceReaderFactory, SourceReaderFactory>();
        services.AddTransient<IngestionPipeline>();
        services.AddSingleton<IngestionStatus>();
        services.AddSingleton<IngestionRunner>();

        // Between processes: the worker's request queue and status file in the data directory.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => IngestQueue.ForDataDirectory(DataDirectory(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IngestQueue>>()));
        services.AddSingleton(sp => IngestStatusFile.ForDataDirectory(DataDirectory(sp)));
        services.AddSingleton(sp => IngestHistory.ForDataDirectory(DataDirectory(sp)));
        services.AddSingleton<IngestStatusPublisher>();

        // Kcc:Ingest:Mode picks how the web app starts runs and where it reads their state.
        services.AddSingleton<InProcessIngestionTrigger>();
        services.AddSingleton<QueueIngestionTrigger>();
        services.AddSingleton<InProcessIngestionStatusSource>();
        services.AddSingleton<WorkerIngestionStatusSource>();
        services.AddSingleton<IIngestionTrigger>(sp => IsWorkerMode(sp)
            ? sp.GetRequiredService<QueueIngestionTrigger>()
            : sp.GetRequiredService<InProcessIngestionTrigger>());
        services.AddSingleton<IIngestionStatusSource>(sp => IsWorkerMode(sp)
            ? sp.GetRequiredService<WorkerIngestionStatusSource>()
            : sp.GetRequiredService<InProcessIngestionStatusSource>());
        return services;
    }

    private static string DataDirectory(IServiceProvider services) =>
        KccPaths.Resolve(services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir);

    private static bool IsWorkerMode(IServiceProvider services) =>
        services.GetRequiredService<IOptions<IngestOptions>>().Value.Mode == IngestMode.Worker;

    /// <summary>Checks <c>Kcc:Sources</c> at start, naming the entry that is wrong.</summary>
    private sealed class SourceDefinitionsValidator : IValidateOptions<List<SourceDefinition>>
    {
        public ValidateOptionsResult Validate(string? name, List<SourceDefinition> options)
        {
            var failures = new List<string>();
            for (var i = 0; i < options.Count; i++)
            {
                var source = options[i];
                if (string.IsNullOrWhiteSpace(source.Name))
                {
                    failures.Add($"Kcc:Sources:{i}:Name is required.");
                }

                if (source.Locations.Count == 0 || source.Locations.Any(string.IsNullOrWhiteSpace))
                {
                    failures.Add($"Kcc:Sources:{i}:Locations needs at least one URL or path.");
                }

                if (source.BaseUrl is { Length: > 0 } baseUrl && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
                {
                    failures.Add($"Kcc:Sources:{i}:BaseUrl '{baseUrl}' is not an absolute URL.");
                }
            }

            foreach (var duplicate in options.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                failures.Add($"Kcc:Sources: the name '{duplicate.Key}' is used more than once.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
