using System.Net;
using System.Text;

namespace KccAssistant.Tests.Security;

/// <summary>
/// Every page and endpoint against anonymous, a wrong key and each role's key, on the real app. Pages are for browsers:
/// they sign in with a cookie, so an API key on a page request counts for nothing and the browser is sent to the
/// sign-in page, like an anonymous one. <c>/api/ingest</c> is posted for an unknown source so that an allowed request
/// shows as the handler's 404 without starting a run.
/// </summary>
[Collection(SecuredAppCollection.Name)]
public sealed class AuthorizationMatrixTests(SecuredAppFixture app)
{
    private const int SignIn = 302;

    public static readonly string?[] Callers = [null, TestAuth.WrongKey, TestAuth.AgentKey, TestAuth.EditorKey, TestAuth.DataScientistKey, TestAuth.AdminKey];

    /// <summary>Method, path, body, and the expected status per caller in the order of <see cref="Callers"/>.</summary>
    private static readonly (string Method, string Path, string? Body, int[] Expected)[] Matrix =
    [
        //                                                                     anon  wrong agent editor ds   admin
        ("GET", "/", null, [SignIn, SignIn, SignIn, SignIn, SignIn, SignIn]),
        ("GET", "/bronnen", null, [SignIn, SignIn, SignIn, SignIn, SignIn, SignIn]),
        ("GET", "/bron/{id}", null, [SignIn, SignIn, SignIn, SignIn, SignIn, SignIn]),
        ("GET", "/inhoudshiaten", null, [SignIn, SignIn, SignIn, SignIn, SignIn, SignIn]),
        ("GET", "/inhoudshiaten/inhoudshiaten.csv", null, [SignIn, SignIn, SignIn, SignIn, SignIn, SignIn]),
        ("GET", "/evaluatie", null, [SignIn, SignIn, SignIn, SignIn, SignIn, SignIn]),
        ("GET", "/evaluatie/sets/project/lindenhaven.jsonl", null, [SignIn, SignIn, SignIn, SignIn, SignIn, SignIn]),
        ("GET", "/aanmelden", null, [200, 200, 200, 200, 200, 200]),
        ("GET", "/healthz", null, [200, 200, 200, 200, 200, 200]),
        ("POST", "/api/ask", """{"question":"wat kost een paspoort"}""", [401, 401, 200, 403, 403, 200]),
        ("POST", "/api/ask/stream", """{"question":"wat kost een paspoort"}""", [401, 401, 200, 403, 403, 200]),
        ("GET", "/api/status", null, [401, 401, 403, 200, 200, 200]),
        ("POST", "/api/ingest", """{"source":"geen-bestaande-bron"}""", [401, 401, 403, 404, 403, 404]),
        ("POST", "/api/feedback", """{"askId":"3f2504e0-4f89-41d3-9a0c-0305e82c3301","helpful":true}""", [401, 401, 200, 403, 403, 200]),
        ("GET", "/api/content-gaps.csv", null, [401, 401, 403, 200, 403, 200]),
    ];

    public static TheoryData<string, string, string, int> Cases()
    {
        string[] names = ["anonymous", "wrong key", "Agent", "Editor", "DataScientist", "Admin"];
        var data = new TheoryData<string, string, string, int>();
        foreach (var (method, path, _, expected) in Matrix)
        {
            for (var i = 0; i < names.Length; i++)
            {
                data.Add(method, path, names[i], expected[i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_Caller_GetsExpectedStatus(string method, string path, string caller, int expected)
    {
        string[] names = ["anonymous", "wrong key", "Agent", "Editor", "DataScientist", "Admin"];
        var key = Callers[Array.IndexOf(names, caller)];
        var body = Matrix.Single(m => m.Method == method && m.Path == path).Body;
        using var client = app.CreateClient(key);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", Uri.EscapeDataString(app.DocumentId), StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == SignIn)
        {
            Assert.Equal("/aanmelden", response.Headers.Location?.AbsolutePath ?? response.Headers.Location?.OriginalString.Split('?')[0]);
        }

        if (expected is 401 or 403)
        {
            // Never a redirect and never an HTML page for an API client.
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.Equal(TestAuth.Header, response.Headers.WwwAuthenticate.ToString());
        }
    }
}
