using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Privacy;

/// <summary>Registers the personal-data detector with the allow-list of <c>Kcc:PersonalData</c>.</summary>
public static class PrivacyServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="PersonalDataOptions"/> (checked at start) and registers one
    /// <see cref="PersonalDataDetector"/> for the ingest gate and anything else that must recognise personal data, and a
    /// <see cref="PersonalDataRedactor"/> with the same allow-list for what is stored of questions.
    /// </summary>
    public static IServiceCollection AddKccPersonalDataDetection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PersonalDataOptions>().Bind(configuration.GetSection(PersonalDataOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PersonalDataOptions>, PersonalDataOptionsValidator>());
        services.TryAddSingleton(sp => new PersonalDataDetector(sp.GetRequiredService<IOptions<PersonalDataOptions>>().Value));
        services.TryAddSingleton(sp => new PersonalDataRedactor(sp.GetRequiredService<IOptions<PersonalDataOptions>>().Value));
        return services;
    }
}
