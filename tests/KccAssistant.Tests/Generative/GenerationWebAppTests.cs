using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KccAssistant.Answering;
using KccAssistant.Answering.Generative;
using KccAssistant.Stores;
using KccAssistant.Tests.Security;
using KccAssistant.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.Generative;

/// <summary>
/// The web app's wiring of the generative mode: Program.cs with its one AddKccGeneration line, configured the way an
/// operator would (settings), against the fake model. The store is seeded with three small documents and the
/// embedding model is replaced by a hash, so these start in about a second instead of ingesting the sample site.
/// </summary>
public sealed class GenerationWebAppTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private FakeChatServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeChatServer.StartAsync();
        _server.Reply = _ => FakeReply.Text("Een paspoort voor volwassenen ", "kost € 84,40 [1].");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    private async Task<WebApplicationFactory<Program>> StartAsync(bool generation)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Kcc:DataDir", _data.Path);
            builder.UseSetting("Kcc:Ingest:IngestOnFirstStart", "false");
            builder.UseSetting("Kcc:Retrieval:MinLexicalShare", "0.05");
            builder.UseSetting("Kcc:Generation:Enabled", generation ? "true" : "false");
            builder.UseSetting("Kcc:Generation:Endpoint", _server.Endpoint);
            builder.UseSetting("Kcc:Generation:Model", "fake-model");
            builder.UseTestApiKeys();
            builder.ConfigureTestServices(services =>
                services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashEmbeddingGenerator()));
        });
        await GenerationDocuments.SeedAsync(factory.Services.GetRequiredService<IKnowledgeStore>());
        return factory;
    }

    private static async Task<JsonElement> AskAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/ask", new { question = "wat kost een paspoort", mode = "lexical" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task ApiAsk_GenerationDisabled_UnchangedExtractiveAnswerAndModelNeverAsked()
    {
        await using var factory = await StartAsync(generation: false);
        using var client = factory.CreateAdminClient();

        var answer = await AskAsync(client);

        Assert.IsType<AskService>(factory.Services.GetRequiredService<IAskService>());
        Assert.Null(factory.Services.GetService<IAnswerGenerator>());
        Assert.True(answer.GetProperty("answered").GetBoolean());
        Assert.Equal("extractive", answer.GetProperty("generator").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("fallbackReason").ValueKind);
        Assert.Contains("84,40", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"\[\d\]", answer.GetProperty("answer").GetString()!);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ApiAsk_GenerationEnabled_ValidatedModelAnswerInTheSameShape()
    {
        await using var factory = await StartAsync(generation: true);
        using var client = factory.CreateAdminClient();

        var answer = await AskAsync(client);

        Assert.IsType<GenerativeAskService>(factory.Services.GetRequiredService<IAskService>());
        Assert.True(answer.GetProperty("answered").GetBoolean());
        Assert.Equal("llm", answer.GetProperty("generator").GetString());
        Assert.Equal("Een paspoort voor volwassenen kost € 84,40. [1]", answer.GetProperty("answer").GetString());
        var citation = answer.GetProperty("citations")[0];
        Assert.Equal(1, citation.GetProperty("number").GetInt32());
        Assert.False(string.IsNullOrEmpty(citation.GetProperty("url").GetString()));
        Assert.False(string.IsNullOrEmpty(citation.GetProperty("snippet").GetString()));
        Assert.Equal("fake-model", answer.GetProperty("generation").GetProperty("model").GetString());
        Assert.False(Assert.Single(_server.Requests).Stream);
    }

    [Fact]
    public async Task ApiAskStream_GenerationEnabled_SourcesThenDeltasThenValidatedFinal()
    {
        await using var factory = await StartAsync(generation: true);
        using var client = factory.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/api/ask/stream", new { question = "wat kost een paspoort", mode = "lexical" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal("sources", lines[0].GetProperty("type").GetString());
        Assert.NotEmpty(lines[0].GetProperty("response").GetProperty("citations").EnumerateArray());
        Assert.Equal(
            ["Een paspoort voor volwassenen ", "kost € 84,40 [1]."],
            lines.Where(l => l.GetProperty("type").GetString() == "delta").Select(l => l.GetProperty("text").GetString()));
        var final = lines[^1];
        Assert.Equal("final", final.GetProperty("type").GetString());
        Assert.Equal("llm", final.GetProperty("response").GetProperty("generator").GetString());
        Assert.Equal("Een paspoort voor volwassenen kost € 84,40. [1]", final.GetProperty("response").GetProperty("answer").GetString());
        Assert.True(Assert.Single(_server.Requests).Stream);
    }

    [Fact]
    public async Task ApiAskStream_GenerationDisabled_OneFinalLine()
    {
        await using var factory = await StartAsync(generation: false);
        using var client = factory.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/api/ask/stream", new { question = "wat kost een paspoort", mode = "lexical" });

        var line = Assert.Single((await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var final = JsonDocument.Parse(line).RootElement;
        Assert.Equal("final", final.GetProperty("type").GetString());
        Assert.Equal("extractive", final.GetProperty("response").GetProperty("generator").GetString());
    }

    [Fact]
    public async Task ApiAskStream_InvalidBody_BadRequestWithProblemDetails()
    {
        await using var factory = await StartAsync(generation: true);
        using var client = factory.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/api/ask/stream", new { question = " " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
