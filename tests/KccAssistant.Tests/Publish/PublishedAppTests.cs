using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KccAssistant.Tests.Publish;

/// <summary>
/// The published web app and worker run from a folder with no source tree anywhere above it (issue 8, "Runs from a
/// published folder"; this is also the CI step that publishes, starts with a fresh HOME and asks with an API key).
/// </summary>
public sealed class PublishedAppTests(PublishedAppFixture app) : IClassFixture<PublishedAppFixture>
{
    [Fact]
    public async Task Ask_PublishedWebAppWithFreshHome_AnswersWithCitations()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = "wat kost een paspoort" });

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{app.WebOutput}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("answered").GetBoolean(), body.ToString());
        var citations = body.GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);
        // The bundled sample municipality (website and kennisbank) answered, not some other data directory.
        Assert.All(citations, c => Assert.EndsWith(".lindenhaven.nl", new Uri(c.GetProperty("url").GetString()!).Host, StringComparison.Ordinal));
        Assert.Contains(citations, c => c.GetProperty("title").GetString()!.Contains("paspoort", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void FirstStart_PublishedWebApp_FillsDataDirectoryBesideTheApp()
    {
        // DESIGN.md §4: the data directory lies beside the app in a published folder; the working directory is not used.
        Assert.True(File.Exists(Path.Combine(app.WebFolder, "data", "kcc.db")), $"No data/kcc.db in {app.WebFolder}.\n{app.WebOutput}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.WebWorkingDirectory));
    }

    [Fact]
    public void EvaluationSets_PublishedWebApp_ProjectSetsBesideTheAppWhereTheDefaultSetsDirectoryPoints()
    {
        // Kcc:Evaluation:SetsDirectory defaults to eval/sets, relative to the content root: the app's own folder here.
        foreach (var set in Directory.GetFiles(Path.Combine(Support.RepositoryPaths.Root, "eval", "sets"), "*.jsonl"))
        {
            var published = Path.Combine(app.WebFolder, "eval", "sets", Path.GetFileName(set));
            Assert.True(File.Exists(published), $"{published} is missing.");
        }
    }

    [Fact]
    public async Task StaticAssets_PublishedWebAppStartedFromAnotherDirectory_ServedWithContent()
    {
        // Started from another directory, the host's default content root was that directory: every static file,
        // including the Blazor script, came back 200 with an empty body and the pages had no style or interactivity.
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/_framework/blazor.web.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 1000, "blazor.web.js is empty");
    }

    [Fact]
    public async Task Run_PublishedWorkerWithFreshHome_IngestsBundledSample()
    {
        var (home, cwd) = app.FreshMachine("worker");
        var data = Path.Combine(app.Root, "worker-data");
        var report = Path.Combine(app.Root, "worker-report.json");
        using var worker = PublishedApp.Start(
            Path.Combine(app.WorkerFolder, "KccAssistant.Ingest.dll"), ["--data-dir", data, "--report", report], cwd, home);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));

        var exitCode = await worker.WaitForExitAsync(timeout.Token);

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{worker.Output}");
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement;
        Assert.True(json.GetProperty("documents").GetInt32() > 50, json.ToString());
        Assert.True(json.GetProperty("chunks").GetInt32() > 0, json.ToString());
        Assert.True(File.Exists(Path.Combine(data, "kcc.db")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(cwd));
    }
}
