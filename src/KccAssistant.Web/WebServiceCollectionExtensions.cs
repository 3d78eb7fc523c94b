using KccAssistant.Web.Api;
using KccAssistant.Web.Components;
using KccAssistant.Web.Hosting;

namespace KccAssistant.Web;

/// <summary>Registers and maps the web front end.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>Adds Blazor Server, the first-start ingestion and problem details.</summary>
    public static IServiceCollection AddKccWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddProblemDetails();
        // Enums by name in the API ("sourceType": "Website"), as documented, not by number.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddHostedService<FirstStartIngestion>();
        return services;
    }

    /// <summary>Maps the pages and the API.</summary>
    public static WebApplication UseKccWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapKccApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
