using System.Security.Claims;
using KccAssistant.Feedback;
using KccAssistant.Web.Security;

namespace KccAssistant.Web.Feedback;

/// <summary>A rating as an agent or API client sends it; every field may be missing until it is checked.</summary>
/// <param name="AskId">The <c>askId</c> of the rated answer.</param>
/// <param name="Helpful">Thumbs up or down; required.</param>
/// <param name="Reason">Optional: onjuist, onvolledig, verouderd, verkeerde-bron or anders.</param>
/// <param name="CorrectSource">Optional: the URL or source id that should have been cited.</param>
public sealed record FeedbackSubmission(string? AskId, bool? Helpful, string? Reason = null, string? CorrectSource = null);

/// <summary>
/// Checks and stores ratings for the Ask page and <c>POST /api/feedback</c> alike, so both write the same lines and
/// refuse the same mistakes.
/// </summary>
public sealed partial class FeedbackService(IFeedbackStore store, TimeProvider clock, ILogger<FeedbackService> logger)
{
    /// <summary>The rating came from the Ask page.</summary>
    public const string ViaPage = "page";

    /// <summary>The rating came from the HTTP API.</summary>
    public const string ViaApi = "api";

    /// <summary>Stores <paramref name="submission"/> by <paramref name="user"/>; returns null when stored, else what is wrong, in Dutch.</summary>
    public async Task<string?> RecordAsync(FeedbackSubmission submission, ClaimsPrincipal user, string via, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(user);
        if (submission.Helpful is not { } helpful)
        {
            return "Het veld 'helpful' is verplicht (true of false).";
        }

        var feedback = new AnswerFeedback(
            submission.AskId?.Trim() ?? "",
            helpful,
            string.IsNullOrEmpty(submission.Reason) ? null : submission.Reason,
            string.IsNullOrEmpty(submission.CorrectSource) ? null : submission.CorrectSource,
            clock.GetUtcNow(),
            // The most privileged role only: enough to leave testers' and admins' ratings out of an export.
            KccRoles.MostPrivileged(user),
            via);
        if (feedback.Problem() is { } problem)
        {
            return problem;
        }

        await store.AppendAsync(feedback, cancellationToken);
        LogRecorded(logger, feedback.Helpful, feedback.Reason ?? "-", feedback.Role, via);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback recorded: helpful={Helpful} reason={Reason} role={Role} via={Via}")]
    private static partial void LogRecorded(ILogger logger, bool helpful, string reason, string role, string via);
}
