using System.Globalization;
using KccAssistant.Configuration;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Feedback;
using KccAssistant.Privacy;
using KccAssistant.QuestionLog;
using Microsoft.Extensions.Configuration;

namespace KccAssistant.Eval.Export;

/// <summary>
/// <c>eval export --data-dir DIR --out FILE.jsonl [--since YYYY-MM-DD] [--Kcc:QuestionLog:Directory DIR]</c>: agents' feedback as labelled questions in
/// the set format, readable by <c>eval run</c> (lines with <c>needsReview</c> are skipped there until labelled).
/// Exit code 0 when written, 2 when it could not run.
/// </summary>
internal static class ExportCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(args, ["--data-dir", "--out", "--since"]);
        var dataDir = arguments.Value("--data-dir") ?? throw new ArgumentException("export: --data-dir DIR is verplicht (de map met feedback.jsonl en question-log.jsonl).");
        var output = arguments.Value("--out") ?? throw new ArgumentException("export: --out FILE.jsonl is verplicht.");
        var since = ParseSince(arguments.Value("--since"));
        if (!Directory.Exists(dataDir))
        {
            throw new ArgumentException($"export: de datamap '{dataDir}' bestaat niet.");
        }

        // Settings as for the other commands (--Kcc:Key value), so the export reads the log where the web app writes it.
        if (arguments.Rest.Where((a, i) => i % 2 == 0 && !a.StartsWith("--Kcc:", StringComparison.Ordinal)).Any() || arguments.Rest.Count % 2 != 0)
        {
            throw new ArgumentException($"export: onbekende argumenten: {string.Join(' ', arguments.Rest)}");
        }

        // The question log may live in its own folder (Kcc:QuestionLog:Directory, as the web app was configured);
        // feedback always lives in the data directory.
        var configuration = new ConfigurationBuilder().AddKccSettings().AddEnvironmentVariables().AddCommandLine([.. arguments.Rest]).Build();
        var logOptions = configuration.GetSection(QuestionLogOptions.SectionName).Get<QuestionLogOptions>() ?? new QuestionLogOptions();
        FeedbackExportResult result;
        using (var log = new JsonLinesQuestionLog(logOptions.ResolveDirectory(dataDir)))
        {
            result = await FeedbackExportFile.BuildAsync(new JsonLinesFeedbackStore(dataDir), log, new PersonalDataRedactor(AllowList(configuration)), since, cancellationToken);
        }

        await FeedbackExportFile.WriteAsync(output, result, cancellationToken);
        var review = result.Questions.Count(q => q.NeedsReview);
        Console.WriteLine(
            $"{result.Questions.Count} vragen geschreven naar {output}: {result.Questions.Count - review} gelabeld, {review} te beoordelen (needsReview). " +
            $"{result.Ratings} beoordelingen gebruikt, {result.Merged} samengevoegd met een gelijke vraag, {result.WithoutLogEntry} zonder vraag in de vragenlog.");
        return 0;
    }

    /// <summary>The start of the day <paramref name="value"/> (UTC), or null; anything but YYYY-MM-DD is an error.</summary>
    internal static DateTimeOffset? ParseSince(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new ArgumentException($"export: --since verwacht een datum als JJJJ-MM-DD (bijvoorbeeld 2026-11-01), niet '{value}'.");
    }

    /// <summary>The municipality's own contact details from appsettings.json, so the re-redaction spares them as the app does.</summary>
    private static PersonalDataOptions AllowList(IConfiguration configuration) =>
        configuration.GetSection(PersonalDataOptions.SectionName).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
}
