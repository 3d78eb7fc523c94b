using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace KccAssistant.Tests.Security;

/// <summary>
/// The API keys every test host of the web app is configured with, one per role, written as an operator would:
/// the Agent key as a plain string entry, the others as objects naming their roles.
/// </summary>
internal static class TestAuth
{
    public const string Header = "X-Api-Key";
    public const string AgentKey = "test-agent-key-0123456789";
    public const string EditorKey = "test-editor-key-0123456789";
    public const string DataScientistKey = "test-datascientist-key-0123456789";
    public const string AdminKey = "test-admin-key-0123456789";
    public const string WrongKey = "test-wrong-key-0123456789";

    /// <summary>The keys as configuration entries under <c>Auth:ApiKeys</c>.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Auth:ApiKeys:0"] = AgentKey,
        ["Auth:ApiKeys:1:key"] = EditorKey,
        ["Auth:ApiKeys:1:roles:0"] = "Editor",
        ["Auth:ApiKeys:2:key"] = DataScientistKey,
        ["Auth:ApiKeys:2:roles:0"] = "DataScientist",
        ["Auth:ApiKeys:3:key"] = AdminKey,
        ["Auth:ApiKeys:3:roles:0"] = "Admin",
    };

    /// <summary>Configures the test keys on a web app under test.</summary>
    public static IWebHostBuilder UseTestApiKeys(this IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        return builder;
    }

    /// <summary>An in-memory client that sends the Admin key, for tests about something else than authorization.</summary>
    public static HttpClient CreateAdminClient(this WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(Header, AdminKey);
        return client;
    }

    /// <summary>An in-memory client holding the cookie of the "Lokaal aanmelden" form, for tests that read pages.</summary>
    public static async Task<HttpClient> CreateSignedInClientAsync(this WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/aanmelden");
        var token = System.Text.RegularExpressions.Regex.Match(form, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/aanmelden/lokaal", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", System.Net.WebUtility.HtmlDecode(token)), new("returnUrl", "/")]));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Local sign-in answered {(int)response.StatusCode}.");
        }

        return client;
    }

    /// <summary>
    /// A client for a real server holding the cookie of the "Lokaal aanmelden" form (for pages), and sending
    /// <paramref name="key"/> (for /api/*) when given.
    /// </summary>
    public static async Task<HttpClient> CreateSignedInClientAsync(Uri baseAddress, string? key = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(Header, key);
        }

        var form = await client.GetStringAsync("/aanmelden");
        var token = System.Text.RegularExpressions.Regex.Match(form, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/aanmelden/lokaal", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", System.Net.WebUtility.HtmlDecode(token)), new("returnUrl", "/")]));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"Local sign-in answered {(int)response.StatusCode}.");
        }

        return client;
    }

    /// <summary>A client for a real server that sends <paramref name="key"/> (none when null) and does not follow redirects.</summary>
    public static HttpClient CreateClient(Uri baseAddress, string? key)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(Header, key);
        }

        return client;
    }

    /// <summary>
    /// Opens <paramref name="path"/> in a fresh page; the app sends the browser to its sign-in page, where it clicks
    /// "Lokaal aanmelden" and is sent back.
    /// </summary>
    public static async Task<IPage> SignInLocallyAsync(IBrowser browser, Uri baseAddress, string path = "/")
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(baseAddress, path).ToString());
        await page.ClickAsync("#local-sign-in");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == new Uri(baseAddress, path).AbsolutePath, new PageWaitForURLOptions { Timeout = 30_000 });
        return page;
    }
}
