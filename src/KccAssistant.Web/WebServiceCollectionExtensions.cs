using KccAssistant.Web.About;
using KccAssistant.Web.Api;
using KccAssistant.Web.Components;
using KccAssistant.Web.Components.Ask;
using KccAssistant.Web.ContentGaps;
using KccAssistant.Web.Evaluation;
using KccAssistant.Web.Feedback;
using KccAssistant.Web.Hosting;
using KccAssistant.Web.QuestionLog;
using KccAssistant.Web.Security;

namespace KccAssistant.Web;

/// <summary>Registers and maps the web front end.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>Adds Blazor Server, the first-start ingestion and problem details.</summary>
    public static IServiceCollection AddKccWeb(this IServiceCollection services)
    {
        // 64 KB instead of SignalR's 32 KB: an input event carrying a pasted 25,000-character question (past maxlength)
        // then reaches the Ask page, which refuses it in Dutch, instead of dropping the circuit.
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(options => options.MaximumReceiveMessageSize = 64 * 1024);
        services.AddProblemDetails();
        // Source types and modes read better as words than as numbers for API clients.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddHostedService<FirstStartIngestion>();
        services.AddKccApiHardening().AddKccSecurityHeaders().AddKccHealthChecks().AddKccAbout();
        services.AddKccWebFeedback().AddKccWebQuestionLog().AddScoped<RecentQuestions>();
        services.AddKccWebContentGaps();
        services.AddKccWebEvaluation();
        return services;
    }

    /// <summary>Maps the pages and the API.</summary>
    public static WebApplication UseKccWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseKccSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseKccAuth();
        app.UseAntiforgery();
        app.UseKccApiHardening();
        // Inside the API hardening, so an unreadable index is a 503, not the hardening's generic 500.
        app.UseMiddleware<StoreUnavailableMiddleware>();
        // CSS and scripts are public; the sign-in page needs them before anyone is signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapKccHealthChecks();
        app.MapKccApi();
        app.MapKccFeedbackApi();
        app.MapKccContentGaps();
        app.MapKccEvaluation();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
