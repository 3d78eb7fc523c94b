using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Stores;
using KccAssistant.Stores.Embedded;
using KccAssistant.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace KccAssistant.Tests.Stores;

/// <summary>
/// Issue 8, finding 8: a corrupt <c>kcc.db</c> aborted the web app and the ingest CLI with an unhandled exception
/// (rc 134) and no message naming the file. The store now says which file and what to do; the CLI exits with 4,
/// the web app keeps running and answers 503.
/// </summary>
public sealed class CorruptStoreTests : IDisposable
{
    private const string ApiKey = "corrupt-store-test-key-0123456789";
    private readonly TempDirectory _directory = new();

    private string DatabasePath => Path.Combine(_directory.Path, "kcc.db");

    private void WriteGarbage(string path, int length = 64 * 1024)
    {
        var bytes = new byte[length];
        new Random(8).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public async Task GetInfo_RandomBytes_UnavailableNamingTheFile()
    {
        WriteGarbage(DatabasePath);
        var store = new EmbeddedKnowledgeStore(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);

        var error = await Assert.ThrowsAsync<KnowledgeStoreUnavailableException>(() => store.GetInfoAsync());

        Assert.Equal(DatabasePath, error.DatabasePath);
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("back-up", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<KnowledgeStoreUnavailableException>(() => StoreLexical.SearchAsync(store, "paspoort", 5));
        await Assert.ThrowsAsync<KnowledgeStoreUnavailableException>(() => store.GetDocumentStatesAsync("website"));
        await Assert.ThrowsAsync<KnowledgeStoreUnavailableException>(() => store.BeginGenerationAsync("m", TestDocuments.Dimensions));
    }

    [Fact]
    public async Task GetInfo_TruncatedDatabase_UnavailableNamingTheFile()
    {
        var writerStore = new EmbeddedKnowledgeStore(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        await using (var writer = await writerStore.BeginGenerationAsync("m", TestDocuments.Dimensions))
        {
            // Enough rows that the chunk table spans many pages, so a cut-off file loses some of them.
            for (var i = 0; i < 300; i++)
            {
                var document = TestDocuments.Document($"doc{i}", $"Titel {i}", string.Concat(Enumerable.Repeat($"Tekst over onderwerp {i}. ", 40)));
                await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, i % TestDocuments.Dimensions));
            }

            await writer.CommitAsync();
        }

        SqliteConnection.ClearAllPools();
        var length = new FileInfo(DatabasePath).Length;
        Assert.True(length > 100_000, $"database is only {length} bytes");
        using (var file = new FileStream(DatabasePath, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(length / 2);
        }

        var store = new EmbeddedKnowledgeStore(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        var error = await Assert.ThrowsAsync<KnowledgeStoreUnavailableException>(() => store.GetInfoAsync());
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE chunks SET source_type = 'Onzin'")]
    [InlineData("UPDATE chunks SET last_modified = 'gisteren'")]
    [InlineData("UPDATE chunks SET vector = 'geen vector'")]
    [InlineData("UPDATE generations SET committed_at = 'nooit'")]
    public async Task GetInfo_RowsThatDoNotParse_UnavailableNamingTheFile(string damage)
    {
        var writerStore = new EmbeddedKnowledgeStore(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        await using (var writer = await writerStore.BeginGenerationAsync("m", TestDocuments.Dimensions))
        {
            var document = TestDocuments.Document("paspoort", "Paspoort", "Een paspoort aanvragen.");
            await writer.AddDocumentAsync(document, TestDocuments.Chunks(document, 0));
            await writer.CommitAsync();
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = damage;
            await command.ExecuteNonQueryAsync();
        }

        var store = new EmbeddedKnowledgeStore(_directory.Path, NullLogger<EmbeddedKnowledgeStore>.Instance);
        var error = await Assert.ThrowsAsync<KnowledgeStoreUnavailableException>(() => store.GetInfoAsync());
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("onleesbare inhoud", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("empty-header")]
    public async Task CachingEmbeddingGenerator_DamagedCacheFile_RebuiltAndStillEmbeds(string damage)
    {
        var path = Path.Combine(_directory.Path, "embeddings.db");
        if (damage == "garbage")
        {
            WriteGarbage(path);
        }
        else
        {
            // The SQLite header and then nothing: a copy cut off after the first bytes.
            File.WriteAllBytes(path, [.. "SQLite format 3\0"u8, .. new byte[84]]);
        }

        using var cache = new CachingEmbeddingGenerator(new HashEmbeddingGenerator(), path, "hash-test");
        var first = await cache.GenerateAsync(["een paspoort aanvragen"]);
        var second = await cache.GenerateAsync(["een paspoort aanvragen"]);

        Assert.Equal(first[0].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal(1, cache.Misses);
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM embeddings";
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IngestCli_GarbageDatabase_ExitCode4AndMessageNamingTheFile(bool worker)
    {
        WriteGarbage(DatabasePath);
        string[] args = worker
            ? ["--worker", "--data-dir", _directory.Path]
            : ["--data-dir", _directory.Path, "--kb", RepositoryPaths.Samples("kennisbank")];
        using var cli = AppProcess.Start(AppProcess.IngestDll, args, new Dictionary<string, string?>
        {
            ["KCC_ROOT"] = RepositoryPaths.Root,
            ["DOTNET_ENVIRONMENT"] = "Production",
        });

        var exitCode = await cli.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exitCode == IngestExitCodes.StoreUnavailable, $"exit code {exitCode}\nstdout:\n{cli.Output}\nstderr:\n{cli.Error}");
        Assert.Contains(DatabasePath, cli.Error, StringComparison.Ordinal);
        Assert.Contains("back-up", cli.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", cli.Error + cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebApp_GarbageDatabase_StaysUpHealthz200Ask503PagesExplain()
    {
        WriteGarbage(DatabasePath);
        var port = AppProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var web = AppProcess.Start(AppProcess.WebDll, ["--urls", baseAddress.ToString()], new Dictionary<string, string?>
        {
            ["KCC_ROOT"] = RepositoryPaths.Root,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Kcc__DataDir"] = _directory.Path,
            ["Auth__ApiKeys__0"] = ApiKey,
        });
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);

        // Up: /healthz answers while the background services have had their go at the store.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        HttpResponseMessage? health = null;
        while (health is null && DateTime.UtcNow < deadline)
        {
            Assert.False(web.HasExited, $"the web app exited:\n{web.Output}\n{web.Error}");
            try
            {
                health = await client.GetAsync("/healthz");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(300);
            }
        }

        Assert.NotNull(health);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        health.Dispose();
        await Task.Delay(TimeSpan.FromSeconds(3));

        using var ask = await client.PostAsJsonAsync("/api/ask", new { question = "wat kost een paspoort" });
        var problem = await ask.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(ask.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)ask.StatusCode}: {problem}\n{web.Error}");
        Assert.Equal("application/problem+json", ask.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("index", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", problem.ToString(), StringComparison.Ordinal);

        using var signedIn = await Security.TestAuth.CreateSignedInClientAsync(baseAddress);
        foreach (var page in new[] { "/", "/bronnen" })
        {
            using var response = await signedIn.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}\n{web.Error}");
            Assert.Contains("id=\"index-unavailable\"", html, StringComparison.Ordinal);
            Assert.Contains("kan op dit moment niet worden gelezen", html, StringComparison.Ordinal);
        }

        using var healthAgain = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, healthAgain.StatusCode);
        Assert.False(web.HasExited, $"the web app exited:\n{web.Output}\n{web.Error}");
        Assert.Contains(DatabasePath, web.Output + web.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
