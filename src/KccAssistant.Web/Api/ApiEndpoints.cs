using KccAssistant.Answering;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Retrieval;
using KccAssistant.Stores;

namespace KccAssistant.Web.Api;

/// <summary>The HTTP API of DESIGN.md §4: ask, health, status and re-ingestion.</summary>
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
        api.MapPost("/ask", async (AskBody? body, AskService ask, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Question))
            {
                return Results.Problem("Het veld 'question' is verplicht.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (body.Question.Length > 1000)
            {
                return Results.Problem("De vraag is te lang (maximaal 1000 tekens).", statusCode: StatusCodes.Status400BadRequest);
            }

            var mode = RetrievalMode.Hybrid;
            if (body.Mode is { Length: > 0 } && !Enum.TryParse(body.Mode, ignoreCase: true, out mode))
            {
                return Results.Problem("Onbekende 'mode': gebruik hybrid, lexical of dense.", statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Ok(await ask.AskAsync(body.Question, mode, cancellationToken));
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
}
