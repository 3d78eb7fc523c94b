using KccAssistant.ContentGaps;
using KccAssistant.Web.Security;

namespace KccAssistant.Web.ContentGaps;

/// <summary>The content-gap feature of the web app: its services and the CSV export.</summary>
public static class ContentGapEndpoints
{
    /// <summary>The export for API clients (X-Api-Key with the Editor role).</summary>
    public const string ApiPath = "/api/content-gaps.csv";

    /// <summary>
    /// The same export for the page's download link: /api/* accepts only API keys, and a signed-in editor's browser
    /// holds a cookie, not a key.
    /// </summary>
    public const string PagePath = "/inhoudshiaten/inhoudshiaten.csv";

    /// <summary>Adds the analyser, the done marks and <see cref="ContentGapSourceLinks"/>; the question log comes from its own feature.</summary>
    public static IServiceCollection AddKccWebContentGaps(this IServiceCollection services)
    {
        services.AddKccContentGaps();
        services.AddSingleton<ContentGapSourceLinks>();
        return services;
    }

    /// <summary>Maps the CSV export at <see cref="ApiPath"/> and <see cref="PagePath"/>, both for editors only.</summary>
    public static IEndpointRouteBuilder MapKccContentGaps(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ApiPath, ExportAsync).RequireAuthorization(KccPolicies.ContentGaps);
        endpoints.MapGet(PagePath, ExportAsync).RequireAuthorization(KccPolicies.ContentGaps);
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(ContentGapAnalyzer analyzer, ContentGapSourceLinks links, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var report = await analyzer.AnalyzeAsync(cancellationToken);
        var bytes = ContentGapCsv.Write(report, await links.ResolveAsync(report, cancellationToken), clock.LocalTimeZone);
        // The questions are redacted, but still what residents asked: no caching anywhere on the way.
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(bytes, ContentGapCsv.ContentType, ContentGapCsv.FileName);
    }
}
