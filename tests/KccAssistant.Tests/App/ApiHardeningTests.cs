using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KccAssistant.Web.Security;

namespace KccAssistant.Tests.App;

/// <summary>Findings 4 and 9 of issue 8 against the real app: what a malformed or oversized /api body gets back.</summary>
public static class ApiHardening
{
    /// <summary>Bodies a client or an attacker may post: not JSON, wrong types, wrong shape.</summary>
    public static TheoryData<string> MalformedBodies => new()
    {
        "{\"question\": ",
        "not json at all",
        "{\"question\": 5}",
        "{\"question\": [\"paspoort\"]}",
        "{\"question\": \"paspoort\", \"mode\": 7}",
        "[1, 2, 3]",
    };

    public const string SecretBearer = "Bearer secret-bearer-token-4711";
    public const string SecretCookie = "session=secret-cookie-value-0815";

    /// <summary>Posts <paramref name="body"/> with credentials in Authorization and Cookie and checks none comes back.</summary>
    public static async Task AssertMalformedBodyGetsShortProblemAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", SecretBearer);
        request.Headers.TryAddWithoutValidation("Cookie", SecretCookie);

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        Assert.True(text.Length < 1000, text);
        foreach (var leak in new[] { "secret-bearer-token-4711", "secret-cookie-value-0815", "Exception", "   at ", "exception", "headers", "StackTrace", ".cs:line" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }

        // Whatever the client sends by default (after authentication is added: its API key) is not echoed either.
        foreach (var header in client.DefaultRequestHeaders.SelectMany(h => h.Value))
        {
            Assert.DoesNotContain(header, text, StringComparison.Ordinal);
        }
    }
}

/// <summary>The shared app runs in Development, where the developer exception page used to answer /api.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ApiHardeningDevelopmentTests(WebAppFixture app)
{
    [Theory]
    [MemberData(nameof(ApiHardening.MalformedBodies), MemberType = typeof(ApiHardening))]
    public async Task Ask_MalformedBodyInDevelopment_ShortProblemWithoutExceptionOrHeaders(string body)
    {
        using var client = app.CreateClient();

        await ApiHardening.AssertMalformedBodyGetsShortProblemAsync(client, body);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("0")]
    [InlineData("Lexical,Dense")]
    [InlineData("hybrid,dense")]
    [InlineData(" hybrid")]
    [InlineData("dense ")]
    [InlineData("Hybrid2")]
    public async Task Ask_ModeNotOneOfTheThreeNames_BadRequestProblem(string mode)
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/ask", new { question = "wat kost een paspoort", mode });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("hybrid, lexical of dense", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hybrid", "hybrid")]
    [InlineData("LEXICAL", "lexical")]
    [InlineData("Dense", "dense")]
    public async Task Ask_ModeNameInAnyCase_AnsweredInThatMode(string mode, string expected)
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/ask", new { question = "wat kost een paspoort", mode });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected, answer.GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData(100 * 1024, true)]
    [InlineData(100 * 1024, false)]
    [InlineData(31 * 1024 * 1024, true)]
    public async Task Ask_BodyOverTheLimit_PayloadTooLargeProblem(int size, bool withLength)
    {
        using var client = app.CreateClient();
        var json = Encoding.UTF8.GetBytes("{\"question\": \"" + new string('a', size) + "\"}");
        HttpContent content = withLength
            ? new ByteArrayContent(json)
            : new StreamContent(new UnknownLengthStream(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = content };
        // As curl does for large bodies: the server can refuse before 31 MB are sent.
        request.Headers.ExpectContinue = size > 1024 * 1024;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/healthz/ready")]
    [InlineData("/api/status")]
    [InlineData("/bestaat-niet")]
    [InlineData("/favicon.png")]
    public async Task AnyResponse_CarriesSecurityHeaders(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task AskPage_Html_HasNoInlineScript()
    {
        using var client = await Security.TestAuth.CreateSignedInClientAsync(app.BaseAddress);

        var html = await client.GetStringAsync("/");

        // script-src 'self' refuses inline script: every <script> must load a file.
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script(?<attributes>[^>]*)>(?<body>.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s =>
        {
            Assert.Contains("src=", s.Groups["attributes"].Value, StringComparison.Ordinal);
            Assert.True(string.IsNullOrWhiteSpace(s.Groups["body"].Value), s.Value);
        });
        Assert.DoesNotMatch(" on[a-z]+=\"", html);
    }

    /// <summary>A body sent chunked, without Content-Length, so the server only finds out while reading.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>An app in Production (the README's default environment) with an empty index, shared by a test class.</summary>
public sealed class ProductionAppFixture : IAsyncLifetime
{
    internal KccWebApp App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App = KccWebApp.Start("Production");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The same malformed bodies against the app in Production.</summary>
public sealed class ApiHardeningProductionTests(ProductionAppFixture fixture) : IClassFixture<ProductionAppFixture>
{
    [Theory]
    [MemberData(nameof(ApiHardening.MalformedBodies), MemberType = typeof(ApiHardening))]
    public async Task Ask_MalformedBodyInProduction_ShortProblemWithoutExceptionOrHeaders(string body)
    {
        using var client = fixture.App.CreateClient();

        await ApiHardening.AssertMalformedBodyGetsShortProblemAsync(client, body);
    }

    [Fact]
    public async Task Ask_BodyOverTheLimitInProduction_PayloadTooLargeProblem()
    {
        using var client = fixture.App.CreateClient();

        using var response = await client.PostAsync("/api/ask", new StringContent("{\"question\": \"" + new string('a', 70 * 1024) + "\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class SecurityHeadersTests
{
    [Fact]
    public void ContentSecurityPolicy_OidcAuthorityConfigured_FormsMayPostToItsOrigin()
    {
        var policy = SecurityHeaders.ContentSecurityPolicy("https://login.gemeente.example:8443/realms/kcc");

        Assert.Contains("form-action 'self' https://login.gemeente.example:8443;", policy + ";", StringComparison.Ordinal);
        Assert.DoesNotContain("realms", policy, StringComparison.Ordinal);
        Assert.EndsWith("form-action 'self'", SecurityHeaders.ContentSecurityPolicy(null), StringComparison.Ordinal);
    }
}
