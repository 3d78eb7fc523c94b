using System.Runtime.CompilerServices;
using System.Security.Claims;
using KccAssistant.Answering;
using KccAssistant.QuestionLog;
using KccAssistant.Retrieval;

namespace KccAssistant.Web.QuestionLog;

/// <summary>
/// The ask service as the Ask page and the HTTP API call it: the same answer, and every final answer handed to
/// <see cref="QuestionLogRecorder"/>. One place, so the page and the API cannot log differently.
/// </summary>
public sealed class LoggedAsk(IAskService ask, QuestionLogRecorder recorder)
{
    /// <summary>The ask came from the Ask page.</summary>
    public const string ViaPage = "page";

    /// <summary>The ask came from the HTTP API.</summary>
    public const string ViaApi = "api";

    /// <summary>Answers <paramref name="question"/> and logs the answer for <paramref name="user"/>.</summary>
    public async Task<AskResponse> AskAsync(string question, RetrievalMode mode, ClaimsPrincipal user, string via, CancellationToken cancellationToken = default)
    {
        var response = await ask.AskAsync(question, mode, cancellationToken);
        recorder.Record(question, response, user, via);
        return response;
    }

    /// <summary>Answers step by step (see <see cref="IAskService.AskStreamingAsync"/>) and logs the final answer only.</summary>
    public async IAsyncEnumerable<AskUpdate> AskStreamingAsync(
        string question, RetrievalMode mode, ClaimsPrincipal user, string via, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in ask.AskStreamingAsync(question, mode, cancellationToken))
        {
            // Before the yield: a caller that stops reading after the final answer must not skip the log.
            if (update is { Kind: AskUpdateKind.Final, Response: { } final })
            {
                recorder.Record(question, final, user, via);
            }

            yield return update;
        }
    }
}
