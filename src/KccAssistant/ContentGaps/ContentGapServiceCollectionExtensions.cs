using KccAssistant.Configuration;
using KccAssistant.Feedback;
using KccAssistant.QuestionLog;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.ContentGaps;

/// <summary>Registers the content-gap analysis.</summary>
public static class ContentGapServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ContentGapOptions"/> (<c>Kcc:ContentGaps</c>, validated at start), the done marks as
    /// <c>content-gaps.jsonl</c> in <c>Kcc:DataDir</c>, the feedback store and <see cref="ContentGapAnalyzer"/>. The
    /// question log and the embedding generator come from their own features.
    /// </summary>
    public static IServiceCollection AddKccContentGaps(this IServiceCollection services)
    {
        services.AddOptions<ContentGapOptions>().BindConfiguration(ContentGapOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddKccFeedback();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IContentGapMarks>(sp =>
            new JsonLinesContentGapMarks(KccPaths.Resolve(sp.GetRequiredService<IOptions<KccOptions>>().Value.DataDir)));
        // A factory, so the container's start-up validation does not ask for the question log: a host that never opens
        // the content gaps need not register one.
        services.TryAddSingleton(sp => new ContentGapAnalyzer(
            sp.GetRequiredService<IQuestionLog>(),
            sp.GetRequiredService<IFeedbackStore>(),
            sp.GetRequiredService<IContentGapMarks>(),
            sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<IOptions<ContentGapOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ContentGapAnalyzer>>()));
        return services;
    }
}
