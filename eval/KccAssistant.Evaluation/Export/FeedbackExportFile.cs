using System.Text;
using System.Text.Json;
using KccAssistant.Feedback;
using KccAssistant.Privacy;
using KccAssistant.QuestionLog;

namespace KccAssistant.Eval.Export;

/// <summary>
/// The feedback export from stores to a file, shared by <c>eval export</c> and the Evaluation page: read every rating
/// and the question log, build the labelled lines, write them as JSON Lines (UTF-8 without BOM, <c>\n</c> endings).
/// </summary>
public static class FeedbackExportFile
{
    /// <summary>Reads <paramref name="feedback"/> and <paramref name="log"/> and builds the export (see <see cref="FeedbackExport.Build"/>).</summary>
    public static async Task<FeedbackExportResult> BuildAsync(
        IFeedbackStore feedback, IQuestionLog log, PersonalDataRedactor redactor, DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        ArgumentNullException.ThrowIfNull(log);
        var ratings = new List<AnswerFeedback>();
        await foreach (var rating in feedback.ReadAllAsync(cancellationToken))
        {
            ratings.Add(rating);
        }

        var entries = new List<QuestionLogEntry>();
        await foreach (var entry in log.ReadAllAsync(cancellationToken: cancellationToken))
        {
            entries.Add(entry);
        }

        return FeedbackExport.Build(ratings, entries, redactor, since);
    }

    /// <summary>Writes the lines of <paramref name="result"/> to <paramref name="path"/>, creating its folder.</summary>
    public static async Task WriteAsync(string path, FeedbackExportResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var text = new StringBuilder();
        foreach (var line in result.Questions)
        {
            text.Append(JsonSerializer.Serialize(line)).Append('\n');
        }

        await File.WriteAllTextAsync(path, text.ToString(), new UTF8Encoding(false), cancellationToken);
    }
}
