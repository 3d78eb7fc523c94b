using System.Text.Json;
using KccAssistant.Answering;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Retrieval;
using KccAssistant.Stores;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Api;

/// <summary>The HTTP API of DESIGN.md §4: ask (whole or streamed), health, status and re-ingestion.</summary>
public static class ApiEndpoints
{
    /// <summary>A question as posted to /api/ask.</summary>
    /// <param name="Question">The agent's question.</param>
    /// <param name="Mode">Optional retrieval mode: hybrid (default), lexical or dense.</param>
    public sealed record AskBody(string? Question, string? Mode);

    /// <summary>Body of POST /api/ingest: one source by name, or all when empty.</summary>
    public sealed record IngestBody(string? Source);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapKccApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (IKnowledgeStore store, IngestionStatus status, CancellationToken cancellationToken) =>
        {
            var info = await store.GetInfoAsync(cancellationToken);
            return Results.Ok(new { status = "ok", generation = info.Generation, chunks = info.Chunks, ingesting = status.Running });
        });

        var api = endpoints.MapGroup("/api").DisableAntiforgery();
        api.MapPost("/ask", async (AskBody? body, IAskService ask, CancellationToken cancellationToken) =>
        {
            if (Problem(body, out var mode) is { } problem)
            {
                return problem;
            }

            return Results.Ok(await ask.AskAsync(body!.Question!, mode, cancellationToken));
        });

        // The answer as it is written, one JSON object a line: "sources" (the extractive answer and its citations,
        // when a model is asked), "delta" pieces of unvalidated text, and always a last "final" with the validated
        // response, in the shape of /api/ask, that replaces everything before it.
        api.MapPost("/ask/stream", async (AskBody? body, IAskService ask, IOptions<JsonOptions> json, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (Problem(body, out var mode) is { } problem)
            {
                await problem.ExecuteAsync(context);
                return;
            }

            var response = context.Response;
            response.ContentType = "application/x-ndjson; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            await foreach (var update in ask.AskStreamingAsync(body!.Question!, mode, cancellationToken))
            {
                var line = update.Kind switch
                {
                    AskUpdateKind.Delta => JsonSerializer.Serialize(new { type = "delta", text = update.Text }, json.Value.SerializerOptions),
                    _ => JsonSerializer.Serialize(new { type = update.Kind.ToString().ToLowerInvariant(), response = update.Response }, json.Value.SerializerOptions),
                };
                await response.WriteAsync(line + "\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
            }
        });

        api.MapGet("/status", async (IKnowledgeStore store, IngestionStatus status, IngestionRunner runner, CancellationToken cancellationToken) =>
        {
            var info = await store.GetInfoAsync(cancellationToken);
            return Results.Ok(new
            {
                index = info,
                sources = runner.Sources.Select(s => new { s.Name, kind = s.Kind.ToString(), s.Locations, s.Description }),
                ingestion = new { status.Running, status.Description, status.Progress, status.LastError, lastReport = status.LastReport },
            });
        });

        api.MapPost("/ingest", (IngestBody? body, IngestionRunner runner, IngestionStatus status) =>
        {
            var source = string.IsNullOrWhiteSpace(body?.Source) ? null : body.Source;
            if (source is not null && !runner.Sources.Any(s => s.Name.Equals(source, StringComparison.OrdinalIgnoreCase)))
            {
                return Results.Problem($"Onbekende bron '{source}'.", statusCode: StatusCodes.Status404NotFound);
            }

            return runner.TryStart(source)
                ? Results.Accepted("/api/status", new { started = true, source = source ?? "alle bronnen" })
                : Results.Conflict(new { started = false, reason = "Er loopt al een inleesrun.", running = status.Description });
        });

        return endpoints;
    }

    private static IResult? Problem(AskBody? body, out RetrievalMode mode)
    {
        mode = RetrievalMode.Hybrid;
        if (string.IsNullOrWhiteSpace(body?.Question))
        {
            return Results.Problem("Het veld 'question' is verplicht.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (body.Question.Length > 1000)
        {
            return Results.Problem("De vraag is te lang (maximaal 1000 tekens).", statusCode: StatusCodes.Status400BadRequest);
        }

        if (body.Mode is { Length: > 0 } && !Enum.TryParse(body.Mode, ignoreCase: true, out mode))
        {
            return Results.Problem("Onbekende 'mode': gebruik hybrid, lexical of dense.", statusCode: StatusCodes.Status400BadRequest);
        }

        return null;
    }
}
