using KccAssistant.Answering;
using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Retrieval;
using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant;

/// <summary>Registers the core: the store, retrieval and answering.</summary>
public static class KccServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>Kcc</c> options, the embedded store in <c>Kcc:DataDir</c>, hybrid retrieval and the extractive
    /// answerer (<see cref="IAskService"/>). Embeddings are added separately with <c>AddKccEmbeddings</c>, the
    /// generative mode with <c>AddKccGeneration</c>.
    /// </summary>
    public static IServiceCollection AddKccCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KccOptions>().Bind(configuration.GetSection(KccOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RetrievalOptions>().Bind(configuration.GetSection(RetrievalOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnswerabilityOptions>().Bind(configuration.GetSection(AnswerabilityOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SynonymMap>(sp =>
        {
            var path = KccPaths.Resolve(sp.GetRequiredService<IOptions<RetrievalOptions>>().Value.SynonymsPath);
            return File.Exists(path) ? SynonymMap.Parse(File.ReadAllText(path)) : SynonymMap.Empty;
        });
        services.AddSingleton(sp =>
        {
            var synonyms = sp.GetRequiredService<SynonymMap>();
            return new EmbeddedKnowledgeStore(
                KccPaths.Resolve(sp.GetRequiredService<IOptions<KccOptions>>().Value.DataDir),
                sp.GetRequiredService<ILogger<EmbeddedKnowledgeStore>>(),
                () => synonyms);
        });
        services.AddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<EmbeddedKnowledgeStore>());
        services.AddSingleton<HybridRetriever>();
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddSingleton<AnswerabilityModelProvider>();
        services.AddSingleton<AnswerabilityGate>();
        services.AddSingleton<SelfCalibrator>();
        services.AddSingleton<AskService>();
        // TryAdd: AddKccGeneration puts its decorator here, whichever of the two is called first.
        services.TryAddSingleton<IAskService>(sp => sp.GetRequiredService<AskService>());
        return services;
    }
}
