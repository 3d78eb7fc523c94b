using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KccAssistant.Feedback;
using KccAssistant.Tests.Security;

namespace KccAssistant.Tests.App;

/// <summary>The real web app on Kestrel with its own empty data directory, so feedback.jsonl holds only these tests' lines.</summary>
public sealed class FeedbackApp : IAsyncLifetime
{
    internal KccWebApp App { get; private set; } = null!;

    public string FeedbackFile => Path.Combine(App.DataDirectory, JsonLinesFeedbackStore.FileName);

    public Task InitializeAsync()
    {
        App = KccWebApp.Start("Production");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Stored lines about <paramref name="askId"/>, parsed.</summary>
    public IReadOnlyList<JsonElement> LinesFor(string askId) =>
        !File.Exists(FeedbackFile)
            ? []
            : [.. File.ReadAllLines(FeedbackFile).Select(line => JsonDocument.Parse(line).RootElement).Where(e => e.GetProperty("askId").GetString() == askId)];
}

/// <summary>POST /api/feedback as DESIGN.md §4 describes it: Agent role by API key, ProblemDetails for bad bodies, one JSON line per rating.</summary>
public sealed class FeedbackApiTests(FeedbackApp fixture) : IClassFixture<FeedbackApp>
{
    private HttpClient Client(string? key) => TestAuth.CreateClient(fixture.App.BaseAddress, key);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PostFeedback_NoKey_Unauthorized()
    {
        using var client = Client(null);
        using var response = await client.PostAsync("/api/feedback", Json($$"""{"askId":"{{Guid.NewGuid()}}","helpful":true}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostFeedback_WrongKey_Unauthorized()
    {
        using var client = Client(TestAuth.WrongKey);
        using var response = await client.PostAsync("/api/feedback", Json($$"""{"askId":"{{Guid.NewGuid()}}","helpful":true}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(TestAuth.EditorKey)]
    [InlineData(TestAuth.DataScientistKey)]
    public async Task PostFeedback_KeyWithoutAgentRole_Forbidden(string key)
    {
        var askId = Guid.NewGuid().ToString();
        using var client = Client(key);
        using var response = await client.PostAsync("/api/feedback", Json($$"""{"askId":"{{askId}}","helpful":true}"""));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(fixture.LinesFor(askId));
    }

    [Theory]
    [InlineData("""{"askId":"@ID","helpful":false,"reason":"fout"}""", "reason")]
    [InlineData("""{"askId":"@ID","helpful":false,"reason":"Onjuist"}""", "reason")]
    [InlineData("""{"askId":"@ID","helpful":true,"reason":"onjuist"}""", "reason")]
    [InlineData("""{"askId":"@ID"}""", "helpful")]
    [InlineData("""{"askId":"mevrouw Jansen","helpful":true}""", "askId")]
    [InlineData("""{"helpful":true}""", "askId")]
    [InlineData("""{"askId":"@ID","helpful":false,"correctSource":"twee woorden"}""", "correctSource")]
    [InlineData("""{"askId":"@ID","helpful":"ja"}""", null)]
    [InlineData("""{"askId":""", null)]
    [InlineData("""null""", null)]
    public async Task PostFeedback_BadBody_BadRequestProblemAndNothingStored(string template, string? field)
    {
        var askId = Guid.NewGuid().ToString();
        var before = File.Exists(fixture.FeedbackFile) ? File.ReadAllLines(fixture.FeedbackFile).Length : 0;
        using var client = Client(TestAuth.AgentKey);
        using var response = await client.PostAsync("/api/feedback", Json(template.Replace("@ID", askId, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, File.Exists(fixture.FeedbackFile) ? File.ReadAllLines(fixture.FeedbackFile).Length : 0);
    }

    [Fact]
    public async Task PostFeedback_AgentRatesAnAskedAnswer_OkAndOneLineWithoutQuestionOrName()
    {
        using var client = Client(TestAuth.AgentKey);
        const string question = "mevrouw De Vries wil weten wat een paspoort kost";
        using var asked = await client.PostAsJsonAsync("/api/ask", new { question });
        asked.EnsureSuccessStatusCode();
        var askId = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("askId").GetString()!;
        Assert.True(Guid.TryParse(askId, out _), askId);

        using var response = await client.PostAsync("/api/feedback", Json($$"""{"askId":"{{askId}}","helpful":false,"reason":"verkeerde-bron","correctSource":"https://www.lindenhaven.nl/kosten-paspoort-en-identiteitskaart"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(fixture.LinesFor(askId));
        Assert.False(line.GetProperty("helpful").GetBoolean());
        Assert.Equal("verkeerde-bron", line.GetProperty("reason").GetString());
        Assert.Equal("https://www.lindenhaven.nl/kosten-paspoort-en-identiteitskaart", line.GetProperty("correctSource").GetString());
        Assert.Equal("Agent", line.GetProperty("role").GetString());
        Assert.Equal("api", line.GetProperty("via").GetString());
        Assert.True((DateTimeOffset.UtcNow - line.GetProperty("at").GetDateTimeOffset()).Duration() < TimeSpan.FromMinutes(5));
        var raw = line.GetRawText();
        Assert.DoesNotContain("paspoort kost", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Vries", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("question", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PostFeedback_ThumbsUpWithoutReason_OkAndReasonNull()
    {
        var askId = Guid.NewGuid().ToString();
        using var client = Client(TestAuth.AdminKey);
        using var response = await client.PostAsync("/api/feedback", Json($$"""{"askId":"{{askId}}","helpful":true}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(fixture.LinesFor(askId));
        Assert.True(line.GetProperty("helpful").GetBoolean());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("reason").ValueKind);
        Assert.Equal("Admin", line.GetProperty("role").GetString());
    }

    [Fact]
    public async Task PostAsk_TwoAsks_EachHasItsOwnAskId()
    {
        using var client = Client(TestAuth.AgentKey);
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var asked = await client.PostAsJsonAsync("/api/ask", new { question = "wat kost een paspoort" });
            asked.EnsureSuccessStatusCode();
            ids.Add((await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("askId").GetString()!);
        }

        Assert.NotEqual(ids[0], ids[1]);
    }
}
