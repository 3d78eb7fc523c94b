using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace KccAssistant.Web.Api;

/// <summary>
/// Keeps /api/* answers short and safe: request bodies are limited, and a body that cannot be read or bound gets a
/// ProblemDetails with a short message, never an exception, a stack trace or the request's headers, in every
/// environment (the developer exception page echoes Authorization and Cookie headers).
/// </summary>
public static partial class ApiHardening
{
    /// <summary>Largest request body an /api/* endpoint reads; a question is at most 1000 characters.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>Makes minimal APIs throw on bad requests in every environment, so the handler below can answer them.</summary>
    public static IServiceCollection AddKccApiHardening(this IServiceCollection services)
    {
        // Without this, Production answers a malformed body with an empty 400 and Development throws into the
        // developer exception page; either way the client gets no ProblemDetails.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Limits /api/* bodies and turns failures there into ProblemDetails without detail.</summary>
    public static IApplicationBuilder UseKccApiHardening(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            // Checked here, before binding: minimal APIs answer a body that breaks off while read with a bare 400.
            // This runs after authentication and authorization (see UseKccWeb), so a client without a key still
            // gets 401 first.
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                LogBadRequest(Logger(context), context.Request.Path, StatusCodes.Status413PayloadTooLarge);
                await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }

            if (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
            {
                // A chunked body has no length up front: read it (at most the limit, Kestrel enforces that) and let
                // the endpoint read it again from the buffer.
                context.Request.EnableBuffering(bufferThreshold: (int)MaxBodyBytes, bufferLimit: MaxBodyBytes);
                try
                {
                    await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
                }
                catch (IOException exception) when (!context.RequestAborted.IsCancellationRequested)
                {
                    // Kestrel's limit says 413; a malformed chunked body says 400.
                    var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status413PayloadTooLarge;
                    LogBadRequest(Logger(context), context.Request.Path, status);
                    await WriteProblemAsync(context, status);
                    return;
                }

                context.Request.Body.Position = 0;
            }

            try
            {
                await next(context);
            }
            catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
            {
                LogBadRequest(Logger(context), context.Request.Path, exception.StatusCode);
                await WriteProblemAsync(context, exception.StatusCode);
            }
            catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                LogFailed(Logger(context), exception, context.Request.Path);
                await WriteProblemAsync(context, StatusCodes.Status500InternalServerError);
            }
        });
    }

    private static Task WriteProblemAsync(HttpContext context, int status)
    {
        var (title, detail) = status switch
        {
            StatusCodes.Status413PayloadTooLarge => ("Verzoek te groot / Request too large", $"De inhoud van het verzoek is groter dan {MaxBodyBytes / 1024} kB."),
            StatusCodes.Status415UnsupportedMediaType => ("Verkeerd inhoudstype / Unsupported media type", "Stuur JSON met Content-Type: application/json."),
            >= 400 and < 500 => ("Ongeldig verzoek / Bad request", "De inhoud van het verzoek is geen geldige JSON in de verwachte vorm."),
            _ => ("Er ging iets mis / Internal error", "Het verzoek kon niet worden verwerkt."),
        };

        context.Response.Clear();
        return Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiHardening).FullName!);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request to {Path}: status {Status}")]
    private static partial void LogBadRequest(ILogger logger, PathString path, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, PathString path);
}
