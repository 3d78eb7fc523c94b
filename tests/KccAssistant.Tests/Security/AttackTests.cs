using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.Security;

/// <summary>
/// Findings 2 and 3 of issue 8 reproduced against the real app on Kestrel: what an attacker on the network, or a page
/// from another origin in the agent's browser, could do before.
/// </summary>
[Collection(SecuredAppCollection.Name)]
public sealed partial class AttackTests(SecuredAppFixture app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/bronnen")]
    [InlineData("/bron/paspoort")]
    public async Task Page_Anonymous_RedirectedToSignInWithoutContent(string path)
    {
        using var client = app.CreateClient(key: null);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/aanmelden", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("Paspoort", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Status_Anonymous_401WithoutPathsOrErrors()
    {
        using var client = app.CreateClient(key: null);

        using var response = await client.GetAsync("/api/status");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("kennisbank", body, StringComparison.Ordinal);
        Assert.DoesNotContain("locations", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ingest_CrossSiteNoCorsPost_401AndNothingStarts()
    {
        var status = app.Services.GetRequiredService<IIngestionStatusSource>();
        var store = app.Services.GetRequiredService<IKnowledgeStore>();
        var generation = (await store.GetInfoAsync()).Generation;

        // fetch('http://127.0.0.1:.../api/ingest', {method: 'POST', mode: 'no-cors'}) from another origin: no body,
        // no content type, no key. Before, this answered 202 and built a new generation.
        using var client = app.CreateClient(key: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest");
        request.Headers.Add("Origin", "http://evil.example");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(300);
        var snapshot = await status.GetAsync();
        Assert.False(snapshot.Running);
        Assert.Null(snapshot.RunStartedAt);
        Assert.Equal(generation, (await store.GetInfoAsync()).Generation);
    }

    [Fact]
    public async Task Ingest_CrossSiteNoCorsPostWithSignedInCookie_401AndNothingStarts()
    {
        var status = app.Services.GetRequiredService<IIngestionStatusSource>();
        var store = app.Services.GetRequiredService<IKnowledgeStore>();
        var generation = (await store.GetInfoAsync()).Generation;
        var cookie = await SignInLocallyAsync();

        // What fetch(..., {method: 'POST', mode: 'no-cors'}) from another origin sends: no body, no content type,
        // a foreign Origin, and whatever cookies the browser holds for the app.
        using var client = app.CreateClient(key: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest");
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Sec-Fetch-Mode", "no-cors");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(300);
        var snapshot = await status.GetAsync();
        Assert.False(snapshot.Running);
        Assert.Null(snapshot.RunStartedAt);
        Assert.Equal(generation, (await store.GetInfoAsync()).Generation);

        // The same cookie does open the pages: it was a valid session, the API just does not accept it.
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Add("Cookie", cookie);
        using var pageResponse = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
    }

    [Fact]
    public async Task Ask_AnonymousMalformedBody_401BeforeTheBodyIsRead()
    {
        using var client = app.CreateClient(key: null);

        using var response = await client.PostAsync("/api/ask", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnyRequest_ForeignHostHeader_400FromHostFiltering()
    {
        using var client = app.CreateClient(TestAuth.AdminKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task LocalSignIn_PostWithoutAntiforgeryToken_Refused()
    {
        using var client = app.CreateClient(key: null);

        using var response = await client.PostAsync("/aanmelden/lokaal", new FormUrlEncodedContent([new("returnUrl", "/")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("kcc.auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task LocalSignIn_ExternalReturnUrl_StaysOnTheSite()
    {
        var cookie = await SignInLocallyAsync("//evil.example/");
        Assert.NotEmpty(cookie);
        Assert.Equal("/", _lastRedirect);
    }

    private string? _lastRedirect;

    /// <summary>Signs in with the "Lokaal aanmelden" form as a browser would; returns the Cookie header to send.</summary>
    private async Task<string> SignInLocallyAsync(string returnUrl = "/")
    {
        using var client = app.CreateClient(key: null);
        using var form = await client.GetAsync("/aanmelden");
        var html = await form.Content.ReadAsStringAsync();
        var token = TokenField().Match(html).Groups[1].Value;
        var antiforgeryCookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/aanmelden/lokaal")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), new("returnUrl", returnUrl)]),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        using var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        _lastRedirect = response.Headers.Location!.OriginalString;
        var auth = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kcc.auth=", StringComparison.Ordinal));
        return auth.Split(';')[0];
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
