using KccAssistant.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.QuestionLog;

/// <summary>Registers the question log.</summary>
public static class QuestionLogServiceCollectionExtensions
{
    /// <summary>
    /// Binds (from the host's configuration) and validates <c>Kcc:QuestionLog</c> (checked at start) and adds <see cref="IQuestionLog"/> as
    /// <c>question-log.jsonl</c> and <see cref="QuestionLogPseudonyms"/> in its folder. Call after <c>AddKccCore</c>.
    /// </summary>
    public static IServiceCollection AddKccQuestionLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<QuestionLogOptions>().BindConfiguration(QuestionLogOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuestionLogOptions>, QuestionLogOptionsValidator>());
        services.TryAddSingleton<IQuestionLog>(sp => new JsonLinesQuestionLog(Folder(sp)));
        services.TryAddSingleton(sp => new QuestionLogPseudonyms(Folder(sp)));
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    private static string Folder(IServiceProvider services) => services.GetRequiredService<IOptions<QuestionLogOptions>>().Value
        .ResolveDirectory(services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir);
}
