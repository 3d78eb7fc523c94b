using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.About;

/// <summary>Registers the page "Over deze assistent".</summary>
public static class AboutServiceCollectionExtensions
{
    /// <summary>Binds and validates <c>Kcc:About</c> at start.</summary>
    public static IServiceCollection AddKccAbout(this IServiceCollection services)
    {
        services.AddOptions<AboutOptions>().BindConfiguration(AboutOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AboutOptions>, AboutOptionsValidator>());
        return services;
    }
}
