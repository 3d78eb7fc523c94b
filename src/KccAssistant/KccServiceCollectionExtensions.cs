using KccAssistant.Answering;
using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Retrieval;
using KccAssistant.Retrieval.Lexical;
using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Stores.Qdrant;
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
    /// Adds the <c>Kcc</c> options, the store chosen by <c>Kcc:Store:Provider</c> (the embedded store in
    /// <c>Kcc:DataDir</c> by default, or Qdrant), the Dutch lexical search over it, hybrid retrieval and the extractive
    /// answerer (<see cref="IAskService"/>). Embeddings are added separately with <c>AddKccEmbeddings</c>, the
    /// generative mode with <c>AddKccGeneration</c>.
    /// </summary>
    public static IServiceCollection AddKccCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KccOptions>().Bind(configuration.GetSection(KccOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => QdrantNames.IsValidTenant(o.Tenant), "Kcc:Tenant mag niet eindigen op '-lease' of '-g' met cijfers (zo heten de collecties).")
            .ValidateOnStart();
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        services.AddOptions<RetrievalOptions>().Bind(configuration.GetSection(RetrievalOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnswerabilityOptions>().Bind(configuration.GetSection(AnswerabilityOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SynonymMap>(sp =>
        {
            var path = KccPaths.Resolve(sp.GetRequiredService<IOptions<RetrievalOptions>>().Value.SynonymsPath);
            return File.Exists(path) ? SynonymMap.Parse(File.ReadAllText(path)) : SynonymMap.Empty;
        });
        services.AddSingleton(sp => new EmbeddedKnowledgeStore(
            KccPaths.Resolve(sp.GetRequiredService<IOptions<KccOptions>>().Value.DataDir),
            sp.GetRequiredService<ILogger<EmbeddedKnowledgeStore>>()));
        services.AddQdrantStore();
        services.AddSingleton<IKnowledgeStore>(SelectedStore);
        services.AddSingleton(sp => new DutchLexicalSearch(sp.GetRequiredService<IKnowledgeStore>(), sp.GetRequiredService<SynonymMap>()));
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

    /// <summary>
    /// The store <c>Kcc:Store:Provider</c> chooses, undecorated: for a caller that registers its own
    /// <see cref="IKnowledgeStore"/> around it (the bench records what is written).
    /// </summary>
    public static IKnowledgeStore SelectedStore(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<IOptions<StoreOptions>>().Value.Provider switch
        {
            StoreProvider.Qdrant => services.GetRequiredService<QdrantKnowledgeStore>(),
            _ => services.GetRequiredService<EmbeddedKnowledgeStore>(),
        };
    }
}
