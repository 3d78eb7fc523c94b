using KccAssistant.Privacy;
using KccAssistant.QuestionLog;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KccAssistant.Web.QuestionLog;

/// <summary>Registers the logging of every ask from the Ask page and the API.</summary>
public static class QuestionLogWebExtensions
{
    /// <summary>Adds the question log (<c>Kcc:QuestionLog</c>), the redactor, <see cref="LoggedAsk"/> and the background writer.</summary>
    public static IServiceCollection AddKccWebQuestionLog(this IServiceCollection services)
    {
        services.AddKccQuestionLog();
        services.TryAddSingleton(sp => new PersonalDataRedactor(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PersonalDataOptions>>().Value));
        services.AddSingleton<QuestionLogRecorder>();
        services.AddSingleton<LoggedAsk>();
        services.AddHostedService<QuestionLogWriter>();
        return services;
    }
}
