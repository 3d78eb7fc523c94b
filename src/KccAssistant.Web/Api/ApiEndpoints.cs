using System.Security.Claims;
using System.Text.Json;
using KccAssistant.Answering;
using KccAssistant.Answering.Answerability;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Retrieval;
using KccAssistant.Stores;
using KccAssistant.Web.QuestionLog;
using KccAssistant.Web.Security;
using KccAssistant.Web.Components;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Api;

/// <summary>The HTTP API of DESIGN.md §4: ask (whole or streamed), status and re-ingestion.</summary>
public static class ApiEndpoints
{
    /// <summary>Longest question accepted, by the API and the Ask page alike.</summary>
    public const int MaxQuestionLength = 1000;

    /// <summary>A question as posted to /api/ask.</summary>
    /// <param name="Question">The agent's question.</param>
    /// <param name="Mode">Optional retrieval mode: hybrid (default), lexical or dense.</param>
    public sealed record AskBody(string? Question, string? Mode);

    /// <summary>Body of POST /api/ingest: one source by name, or all when empty.</summary>
    public sealed record IngestBody(string? Source);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapKccApi(this IEndpointRouteBuilder endpoints)
    {
        // /healthz and /healthz/ready: see Hosting/KccHealthChecks.
        var api = endpoints.MapGroup("/api").DisableAntiforgery();
        api.MapPost("/ask", async (AskBody? body, LoggedAsk ask, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        {
            if (Problem(body, out var mode) is { } problem)
            {
                return problem;
            }

            return Results.Ok(AnswerMarkup.WithSafeUrls(await ask.AskAsync(body!.Question!, mode, user, LoggedAsk.ViaApi, cancellationToken)));
        }).RequireAuthorization(KccPolicies.Ask);

        // The answer as it is written, one JSON object a line: "sources" (the extractive answer and its citations,
        // when a model is asked), "delta" pieces of unvalidated text, and always a last "final" with the validated
        // response, in the shape of /api/ask, that replaces everything before it.
        api.MapPost("/ask/stream", async (AskBody? body, LoggedAsk ask, IOptions<JsonOptions> json, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (Problem(body, out var mode) is { } problem)
            {
                await problem.ExecuteAsync(context);
                return;
            }

            var response = context.Response;
            response.ContentType = "application/x-ndjson; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            await foreach (var update in ask.AskStreamingAsync(body!.Question!, mode, context.User, LoggedAsk.ViaApi, cancellationToken))
            {
                var line = update.Kind switch
                {
                    AskUpdateKind.Delta => JsonSerializer.Serialize(new { type = "delta", text = update.Text }, json.Value.SerializerOptions),
                    _ => JsonSerializer.Serialize(new { type = update.Kind.ToString().ToLowerInvariant(), response = AnswerMarkup.WithSafeUrls(update.Response) }, json.Value.SerializerOptions),
                };
                await response.WriteAsync(line + "\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
            }
        }).RequireAuthorization(KccPolicies.Ask);

        api.MapGet("/status", async (
            IKnowledgeStore store,
            IIngestionStatusSource status,
            IOptionsMonitor<List<SourceDefinition>> sources,
            AnswerabilityModelProvider answerability,
            CancellationToken cancellationToken) =>
        {
            var info = await store.GetInfoAsync(cancellationToken);
            var ingestion = await status.GetAsync(cancellationToken);
            var noAnswer = answerability.Current;
            return Results.Ok(new
            {
                index = info,
                // Which "geen antwoord" model is in use and what it was measured at: data scientists check this first.
                answerability = new
                {
                    source = noAnswer.Source,
                    // configured / self-calibrated / calibrated: how the model was obtained.
                    kind = noAnswer.Kind,
                    noAnswer.Model.Threshold,
                    noAnswer.Model.EmbeddingModel,
                    noAnswer.Calibration,
                    noAnswer.Rejected,
                },
                sources = sources.CurrentValue.Select(s => new { s.Name, kind = s.Kind.ToString(), s.Locations, s.Description }),
                ingestion = new
                {
                    mode = status.Mode.ToString(),
                    ingestion.Running,
                    ingestion.Description,
                    ingestion.Progress,
                    ingestion.LastError,
                    ingestion.Stalled,
                    ingestion.RunStartedAt,
                    ingestion.FinishedAt,
                    ingestion.UpdatedAt,
                    ingestion.Worker,
                    ingestion.Pending,
                    lastReport = ingestion.LastReport,
                },
            });
        }).RequireAuthorization(KccPolicies.Status);

        api.MapPost("/ingest", async (IngestBody? body, IIngestionTrigger trigger, IIngestionStatusSource status, CancellationToken cancellationToken) =>
        {
            var source = string.IsNullOrWhiteSpace(body?.Source) ? null : body.Source.Trim();
            var result = await trigger.TriggerAsync(source, "api", cancellationToken);
            var described = result.Source ?? "alle bronnen";
            return result.Outcome switch
            {
                IngestTriggerOutcome.UnknownSource => Results.Problem(result.Message, statusCode: StatusCodes.Status404NotFound),
                IngestTriggerOutcome.Busy => Results.Conflict(new { started = false, reason = result.Message, running = status.Current.Description }),
                IngestTriggerOutcome.Started => Results.Accepted("/api/status", new { started = true, queued = false, source = described, message = result.Message }),
                _ => Results.Accepted("/api/status", new
                {
                    started = false,
                    queued = true,
                    alreadyQueued = result.Outcome == IngestTriggerOutcome.AlreadyQueued,
                    source = described,
                    message = result.Message,
                }),
            };
        }).RequireAuthorization(KccPolicies.Ingest);

        return endpoints;
    }

    private static readonly Dictionary<string, RetrievalMode> Modes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hybrid"] = RetrievalMode.Hybrid,
        ["lexical"] = RetrievalMode.Lexical,
        ["dense"] = RetrievalMode.Dense,
    };

    private static IResult? Problem(AskBody? body, out RetrievalMode mode)
    {
        mode = RetrievalMode.Hybrid;
        if (string.IsNullOrWhiteSpace(body?.Question))
        {
            return Results.Problem("Het veld 'question' is verplicht.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (body.Question.Length > MaxQuestionLength)
        {
            return Results.Problem("De vraag is te lang (maximaal 1000 tekens).", statusCode: StatusCodes.Status400BadRequest);
        }

        // Only the three names: Enum.TryParse would also take "7", "Lexical,Dense" and " hybrid".
        if (body.Mode is { Length: > 0 } && !Modes.TryGetValue(body.Mode, out mode))
        {
            return Results.Problem("Onbekende 'mode': gebruik hybrid, lexical of dense.", statusCode: StatusCodes.Status400BadRequest);
        }

        return null;
    }
}
