using System.Net;
using System.Text.Json;
using KccAssistant.Answering.Answerability;
using KccAssistant.Stores;
using KccAssistant.Tests.App;
using KccAssistant.Tests.Security;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.About;

/// <summary>The page "Over deze assistent" (/over) from the real app on Kestrel, read as HTML.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AboutPageTests(WebAppFixture app)
{
    [Fact]
    public async Task AboutPage_SignedIn_ShowsIndexedSourcesCountsLastRunModelsAndContact()
    {
        using var client = await TestAuth.CreateSignedInClientAsync(app.BaseAddress);
        var info = await app.Services.GetRequiredService<IKnowledgeStore>().GetInfoAsync();
        var noAnswer = app.Services.GetRequiredService<AnswerabilityModelProvider>().Current;
        using var settings = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "appsettings.json")));
        var about = settings.RootElement.GetProperty("Kcc").GetProperty("About");

        using var response = await client.GetAsync("/over");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Over deze assistent</h1>", html, StringComparison.Ordinal);
        Assert.False(info.IsEmpty);
        foreach (var (source, documents) in info.Documents)
        {
            Assert.Matches($@"<strong>{System.Text.RegularExpressions.Regex.Escape(source)}</strong>[\s\S]*?<td class=""text-end"">{documents}</td>", html);
        }

        Assert.Contains(info.CommittedAt!.Value.ToLocalTime().ToString("d MMMM yyyy 'om' HH:mm", global::KccAssistant.Web.Components.AnswerMarkup.Dutch), html, StringComparison.Ordinal);
        Assert.Contains($"<code>{info.EmbeddingModel}</code>", html, StringComparison.Ordinal);
        Assert.Contains($"data-kind=\"{noAnswer.Kind}\"", html, StringComparison.Ordinal);
        Assert.Contains("niets verlaat de gemeente", html, StringComparison.Ordinal);
        Assert.Contains("geen taalmodel ingesteld", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"mailto:{about.GetProperty("ContactEmail").GetString()}\"", html, StringComparison.Ordinal);
        Assert.Contains($"Gemeente {about.GetProperty("MunicipalityName").GetString()}, {about.GetProperty("ContactName").GetString()}", html, StringComparison.Ordinal);
        Assert.Contains(about.GetProperty("ContactPhone").GetString()!, html, StringComparison.Ordinal);
        var retention = app.Services.GetRequiredService<IOptions<global::KccAssistant.QuestionLog.QuestionLogOptions>>().Value.RetentionDays;
        Assert.Contains($"worden <strong>{retention} dagen</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AboutPage_Authorization_IsEverySignedInUserWhateverTheRole()
    {
        // Pages sign in by cookie only, and the local sign-in grants every role; so the attribute itself is the check
        // that no policy or role narrows the page to editors.
        var authorize = Assert.Single(typeof(global::KccAssistant.Web.Components.Pages.About).GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), inherit: true));
        var attribute = (Microsoft.AspNetCore.Authorization.AuthorizeAttribute)authorize;
        Assert.Null(attribute.Policy);
        Assert.Null(attribute.Roles);
    }

    [Theory]
    [InlineData("/over")]
    [InlineData("/bronnen")]
    [InlineData("/deze-pagina-bestaat-niet")]
    public async Task Layout_SignedIn_LinksToAboutPage(string path)
    {
        using var client = await TestAuth.CreateSignedInClientAsync(app.BaseAddress);

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Matches(@"<a[^>]*href=""over""[^>]*>[\s\S]*?Over deze assistent\s*</a>", html);
    }

    [Fact]
    public async Task AboutPage_NotSignedIn_GoesToSignIn()
    {
        using var client = app.CreateClient(key: null);

        using var response = await client.GetAsync("/over");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/aanmelden", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AboutPage_OtherMunicipalityAndLocalModel_ShowsTheirContactAndOnlyTheEndpointHost()
    {
        await using var other = KccWebApp.Start("Development", new Dictionary<string, string?>
        {
            ["Kcc:About:MunicipalityName"] = "Zeewaard",
            ["Kcc:About:ContactName"] = "Functioneel beheer KCC",
            ["Kcc:About:ContactEmail"] = "kcc-beheer@zeewaard.example",
            ["Kcc:About:ContactPhone"] = "",
            ["Kcc:Generation:Enabled"] = "true",
            ["Kcc:Generation:Endpoint"] = "http://beheer:geheim-wachtwoord@10.20.30.40:11434/v1",
            ["Kcc:Generation:Model"] = "mistral-nemo:12b",
            ["Kcc:QuestionLog:RetentionDays"] = "30",
        });
        using var client = await other.CreateSignedInClientAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/over"));

        Assert.Contains("gemeente Zeewaard", html, StringComparison.Ordinal);
        Assert.Contains("Gemeente Zeewaard, Functioneel beheer KCC", html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:kcc-beheer@zeewaard.example\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Telefoon", html, StringComparison.Ordinal);
        // The sample sources still describe Lindenhaven; what the page says of itself and the contact must not.
        var intro = System.Text.RegularExpressions.Regex.Match(html, @"<p[^>]*id=""about-intro""[\s\S]*?</p>").Value;
        var contact = System.Text.RegularExpressions.Regex.Match(html, @"<address id=""contact"">[\s\S]*?</address>").Value;
        Assert.Contains("Zeewaard", intro, StringComparison.Ordinal);
        Assert.DoesNotContain("Lindenhaven", intro + contact, StringComparison.Ordinal);
        Assert.Contains("<code>mistral-nemo:12b</code> op <code>10.20.30.40:11434</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("geheim-wachtwoord", html, StringComparison.Ordinal);
        // A new data directory, nothing ingested: the page says so instead of showing a date of nothing.
        Assert.Contains("Er is nog niets ingelezen", html, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"configured\"", html, StringComparison.Ordinal);
        Assert.Contains("worden <strong>30 dagen</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ContactEmailNotAnAddress_FailsNamingTheKey()
    {
        var exception = Record.Exception(() =>
        {
            var broken = KccWebApp.Start("Development", new Dictionary<string, string?> { ["Kcc:About:ContactEmail"] = "bel de servicedesk" });
            broken.DisposeAsync().AsTask().GetAwaiter().GetResult();
        });

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(exception));
        Assert.Contains("Kcc:About:ContactEmail", validation.Message, StringComparison.Ordinal);
    }

    private static Exception? Unwrap(Exception? exception)
    {
        while (exception is AggregateException { InnerException: { } inner })
        {
            exception = inner;
        }

        return exception;
    }
}
