using KccAssistant.Stores;

namespace KccAssistant.Web.Hosting;

/// <summary>
/// A corrupt or unreadable index is not a bug in the request: API calls get a 503 ProblemDetails that says the index
/// is unavailable (never a 500 with a stack trace), and the process keeps running so that liveness stays green
/// while readiness reports the index. The store has already logged which file and what to do.
/// </summary>
internal sealed class StoreUnavailableMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (KnowledgeStoreUnavailableException exception) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "60";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "De index is niet beschikbaar",
                    // The file path stays in the log: callers of the API need not know the server's folders.
                    Detail = "De index kan niet worden gelezen. De beheerder vindt in het log welk bestand het is en hoe het te herstellen is.",
                },
            });
        }
    }
}
