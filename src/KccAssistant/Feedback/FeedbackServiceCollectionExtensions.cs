using KccAssistant.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Feedback;

/// <summary>Registers the feedback store.</summary>
public static class FeedbackServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IFeedbackStore"/> as <c>feedback.jsonl</c> in <c>Kcc:DataDir</c>. Call after <c>AddKccCore</c>.</summary>
    public static IServiceCollection AddKccFeedback(this IServiceCollection services)
    {
        services.TryAddSingleton<IFeedbackStore>(sp =>
            new JsonLinesFeedbackStore(KccPaths.Resolve(sp.GetRequiredService<IOptions<KccOptions>>().Value.DataDir)));
        return services;
    }
}
