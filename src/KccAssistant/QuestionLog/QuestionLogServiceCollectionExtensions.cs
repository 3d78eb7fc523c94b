using KccAssistant.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.QuestionLog;

/// <summary>Registers the question log.</summary>
public static class QuestionLogServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Kcc:QuestionLog</c> (checked at start) and adds <see cref="IQuestionLog"/> as
    /// <c>question-log.jsonl</c> and <see cref="QuestionLogPseudonyms"/> in its folder. Call after <c>AddKccCore</c>.
    /// </summary>
    public static IServiceCollection AddKccQuestionLog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<QuestionLogOptions>().Bind(configuration.GetSection(QuestionLogOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuestionLogOptions>, QuestionLogOptionsValidator>());
        services.TryAddSingleton<IQuestionLog>(sp => new JsonLinesQuestionLog(Folder(sp)));
        services.TryAddSingleton(sp => new QuestionLogPseudonyms(Folder(sp)));
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    private static string Folder(IServiceProvider services) => services.GetRequiredService<IOptions<QuestionLogOptions>>().Value
        .ResolveDirectory(services.GetRequiredService<IOptions<KccOptions>>().Value.DataDir);
}
