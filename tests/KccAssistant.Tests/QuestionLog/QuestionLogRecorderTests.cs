using System.Runtime.CompilerServices;
using System.Security.Claims;
using KccAssistant.Answering;
using KccAssistant.Documents;
using KccAssistant.Privacy;
using KccAssistant.QuestionLog;
using KccAssistant.Retrieval;
using KccAssistant.Tests.Support;
using KccAssistant.Web.QuestionLog;
using KccAssistant.Web.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.QuestionLog;

public sealed class QuestionLogRecorderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kcc-qrec-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private QuestionLogRecorder Recorder(bool enabled = true, string? keyDirectory = null) => new(
        Options.Create(new QuestionLogOptions { Enabled = enabled }),
        PersonalDataRedactor.Default,
        new QuestionLogPseudonyms(keyDirectory ?? _directory),
        new ManualTimeProvider(Now),
        NullLogger<QuestionLogRecorder>.Instance);

    private static ClaimsPrincipal User(string name, params string[] roles)
    {
        var identity = new ClaimsIdentity("Test", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaims(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(identity);
    }

    private static AskResponse Response(bool answered = true, string answer = "Bel 06 12345678 terug [1].") => new(
        answered,
        answered ? answer : "Geen antwoord gevonden.",
        [new Citation(1, "Paspoort aanvragen", "https://www.lindenhaven.nl/paspoort#kosten", "Een paspoort kost € 84,40.", [], SourceType.Website, "Kosten", null, "web-17", 0.91)],
        0.82,
        "hybrid",
        new AskTimings(1, 2, 3, 42.345))
    {
        ConfidenceBand = ConfidenceBands.High,
    };

    [Fact]
    public void CreateEntry_QuestionWithBsn_RedactedPseudonymMostPrivilegedRole()
    {
        var entry = Recorder().CreateEntry("mevrouw met bsn 123456782 is haar paspoort kwijt", Response(), User("Jan de Vries", KccRoles.Agent, KccRoles.Editor), LoggedAsk.ViaPage);

        Assert.Equal("mevrouw met bsn [BSN] is haar paspoort kwijt", entry.Question);
        Assert.Equal("Bel [telefoonnummer] terug [1].", entry.Answer);
        Assert.Matches("^u-[0-9a-f]{12}$", entry.User);
        Assert.DoesNotContain("Vries", entry.User, StringComparison.Ordinal);
        Assert.Equal(KccRoles.Editor, entry.Role);
        Assert.Equal(Now, entry.At);
        Assert.Equal("hybrid", entry.Mode);
        Assert.Equal("hoog", entry.Band);
        Assert.Equal(42.3, entry.Milliseconds);
        Assert.Equal("page", entry.Via);
        var source = Assert.Single(entry.Sources);
        Assert.Equal(("web-17", "https://www.lindenhaven.nl/paspoort#kosten", 1), (source.DocumentId, source.Url, source.Number));
    }

    [Fact]
    public void CreateEntry_NoAnswer_EmptyAnswerSourcesKept()
    {
        var entry = Recorder().CreateEntry("hondenbelasting kwijtschelding", Response(answered: false), User("a"), LoggedAsk.ViaApi);

        Assert.False(entry.Answered);
        Assert.Equal("", entry.Answer);
        Assert.Single(entry.Sources);
    }

    [Fact]
    public void CreateEntry_SameUserTwice_SamePseudonymOtherUserOther()
    {
        var recorder = Recorder();

        var a1 = recorder.CreateEntry("q", Response(), User("Jan"), LoggedAsk.ViaApi).User;
        var a2 = recorder.CreateEntry("q", Response(), User("Jan"), LoggedAsk.ViaApi).User;
        var b = recorder.CreateEntry("q", Response(), User("Piet"), LoggedAsk.ViaApi).User;

        Assert.Equal(a1, a2);
        Assert.NotEqual(a1, b);
    }

    [Fact]
    public void Record_Disabled_NothingQueued()
    {
        var recorder = Recorder(enabled: false);

        recorder.Record("wat kost een paspoort", Response(), User("Jan"), LoggedAsk.ViaApi);

        Assert.False(recorder.Pending.TryRead(out _));
    }

    [Fact]
    public void Record_PseudonymKeyUnusable_DoesNotThrowNothingQueued()
    {
        // A file where the key's folder should be: the key cannot be created.
        Directory.CreateDirectory(_directory);
        var blocked = Path.Combine(_directory, "blocked");
        File.WriteAllText(blocked, "");
        var recorder = Recorder(keyDirectory: blocked);

        recorder.Record("wat kost een paspoort", Response(), User("Jan"), LoggedAsk.ViaApi);

        Assert.False(recorder.Pending.TryRead(out _));
    }

    [Fact]
    public async Task AskStreamingAsync_SourcesDeltaFinal_OnlyFinalLogged()
    {
        var recorder = Recorder();
        var final = Response(answer: "Het gegenereerde antwoord [1].");
        var logged = new LoggedAsk(new StreamingAsk(Response(answer: "Extractief [1]."), final), recorder);

        var updates = new List<AskUpdate>();
        await foreach (var update in logged.AskStreamingAsync("paspoort kwijt", RetrievalMode.Hybrid, User("Jan"), LoggedAsk.ViaPage))
        {
            updates.Add(update);
        }

        Assert.Equal(3, updates.Count);
        Assert.True(recorder.Pending.TryRead(out var entry));
        Assert.Equal("Het gegenereerde antwoord [1].", entry.Answer);
        Assert.Equal(final.AskId, entry.AskId);
        Assert.False(recorder.Pending.TryRead(out _));
    }

    [Fact]
    public async Task WriterExecute_QueuedEntries_AppendedToLog()
    {
        var recorder = Recorder();
        using var log = new JsonLinesQuestionLog(_directory);
        using var writer = new QuestionLogWriter(recorder, log, NullLogger<QuestionLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);

        recorder.Record("bsn 111222333 verhuizing", Response(), User("Jan"), LoggedAsk.ViaApi);
        await writer.StopAsync(CancellationToken.None);

        var entries = new List<QuestionLogEntry>();
        await foreach (var e in log.ReadAllAsync())
        {
            entries.Add(e);
        }

        Assert.Equal("bsn [BSN] verhuizing", Assert.Single(entries).Question);
    }

    private sealed class StreamingAsk(AskResponse sources, AskResponse final) : IAskService
    {
        public Task<AskResponse> AskAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, CancellationToken cancellationToken = default) =>
            Task.FromResult(final);

        public async IAsyncEnumerable<AskUpdate> AskStreamingAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new AskUpdate(AskUpdateKind.Sources, Response: sources);
            yield return new AskUpdate(AskUpdateKind.Delta, Text: "Het gegenereerde");
            yield return new AskUpdate(AskUpdateKind.Final, Response: final);
        }
    }
}
