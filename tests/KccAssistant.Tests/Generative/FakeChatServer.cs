using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KccAssistant.Tests.Generative;

/// <summary>A chat completion request as the fake server received it.</summary>
public sealed partial record ChatRequest(string Model, bool Stream, string System, string User, JsonObject Body)
{
    /// <summary>The [n] of the source whose text contains <paramref name="text"/>, read from the prompt as a model would.</summary>
    public int SourceWith(string text)
    {
        foreach (Match source in SourceBlock().Matches(User))
        {
            if (source.Groups[2].Value.Contains(text, StringComparison.Ordinal))
            {
                return int.Parse(source.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"No source contains '{text}'.");
    }

    [GeneratedRegex("<bron nummer=\"(\\d+)\"[^>]*>\\r?\\n(.*?)\\r?\\n</bron>", RegexOptions.Singleline)]
    private static partial Regex SourceBlock();
}

/// <summary>What the fake model does with a request.</summary>
public sealed record FakeReply
{
    /// <summary>The reply text in the pieces that are streamed (joined for a non-streamed reply).</summary>
    public IReadOnlyList<string> Pieces { get; init; } = [];

    /// <summary>Status code; anything but 200 sends an OpenAI-style error body.</summary>
    public int Status { get; init; } = 200;

    /// <summary>Wait before answering at all (a slow or hanging model).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Streaming only: awaited before the last piece is sent, so a test can prove pieces arrive before the end.</summary>
    public Task? BeforeLastPiece { get; init; }

    public static FakeReply Text(params string[] pieces) => new() { Pieces = pieces };
}

/// <summary>
/// A fake OpenAI-compatible server on real Kestrel (127.0.0.1, free port): <c>POST /v1/chat/completions</c>, whole
/// replies and <c>"stream": true</c> replies as server-sent events ending in <c>data: [DONE]</c>. Records every request.
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ChatRequest> _requests = new();

    private FakeChatServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The endpoint to configure, as for Ollama: the base URL with /v1.</summary>
    public string Endpoint => new Uri(BaseUrl, "/v1").ToString();

    /// <summary>Decides the reply; by default a one-sentence answer citing [1].</summary>
    public Func<ChatRequest, FakeReply> Reply { get; set; } = _ => FakeReply.Text("Een paspoort ", "kost € 84,40 [1].");

    public IReadOnlyList<ChatRequest> Requests => [.. _requests];

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeChatServer? server = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) => server!.HandleAsync(context));
        await app.StartAsync();
        server = new FakeChatServer(app, new Uri(app.Urls.First()));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Content(JsonNode? message) => message?["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        // Content as parts: [{"type": "text", "text": "..."}].
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    private async Task HandleAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        var messages = body["messages"]!.AsArray();
        var request = new ChatRequest(
            body["model"]?.GetValue<string>() ?? "",
            body["stream"]?.GetValue<bool>() ?? false,
            string.Join("\n", messages.Where(m => m?["role"]?.GetValue<string>() is "system" or "developer").Select(Content)),
            string.Join("\n", messages.Where(m => m?["role"]?.GetValue<string>() == "user").Select(Content)),
            body);
        _requests.Enqueue(request);
        var reply = Reply(request);

        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (reply.Status != 200)
        {
            context.Response.StatusCode = reply.Status;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "fake failure", type = "server_error", code = "fake" } });
            return;
        }

        if (!request.Stream)
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = request.Model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = string.Concat(reply.Pieces) }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 100, completion_tokens = 10, total_tokens = 110 },
            });
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        for (var i = 0; i < reply.Pieces.Count; i++)
        {
            if (i == reply.Pieces.Count - 1 && reply.BeforeLastPiece is { } gate)
            {
                await gate.WaitAsync(context.RequestAborted);
            }

            var delta = i == 0 ? (object)new { role = "assistant", content = reply.Pieces[i] } : new { content = reply.Pieces[i] };
            await SendAsync(context, Chunk(request.Model, delta, finishReason: null));
        }

        await SendAsync(context, Chunk(request.Model, new { }, "stop"));
        await context.Response.WriteAsync("data: [DONE]\n\n", Encoding.UTF8);
        await context.Response.Body.FlushAsync();
    }

    private static string Chunk(string model, object delta, string? finishReason) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = 1_700_000_000,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    });

    private static async Task SendAsync(HttpContext context, string json)
    {
        await context.Response.WriteAsync($"data: {json}\n\n", Encoding.UTF8);
        await context.Response.Body.FlushAsync();
    }
}
