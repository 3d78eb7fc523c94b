using System.Security.Claims;
using KccAssistant.Feedback;
using KccAssistant.Web.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KccAssistant.Web.Feedback;

/// <summary><c>POST /api/feedback</c> of DESIGN.md §4, and the registration of the feedback feature.</summary>
public static class FeedbackEndpoints
{
    /// <summary>Adds the feedback store, <see cref="FeedbackService"/> and the source picker's <see cref="DocumentTitleSearch"/>.</summary>
    public static IServiceCollection AddKccWebFeedback(this IServiceCollection services)
    {
        services.AddKccFeedback();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FeedbackService>();
        services.AddSingleton<DocumentTitleSearch>();
        return services;
    }

    /// <summary>Maps <c>POST /api/feedback</c>: Agent role, 200 when stored, 400 ProblemDetails for a bad body.</summary>
    public static IEndpointRouteBuilder MapKccFeedbackApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/feedback", async (FeedbackSubmission? body, FeedbackService feedback, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        {
            if (body is null)
            {
                return Results.Problem("Stuur een JSON-object met 'askId' en 'helpful'.", statusCode: StatusCodes.Status400BadRequest);
            }

            return await feedback.RecordAsync(body, user, FeedbackService.ViaApi, cancellationToken) is { } problem
                ? Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest)
                : Results.Ok(new { recorded = true, askId = body.AskId!.Trim() });
        }).DisableAntiforgery().RequireAuthorization(KccPolicies.Ask);
        return endpoints;
    }
}
