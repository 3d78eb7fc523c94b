using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KccAssistant.Configuration;
using KccAssistant.Eval.Evaluation;
using KccAssistant.Eval.Export;
using KccAssistant.Feedback;
using KccAssistant.Privacy;
using KccAssistant.QuestionLog;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Evaluation;

/// <summary>Where a labelled set on the Evaluation page comes from.</summary>
public enum EvaluationSetKind
{
    /// <summary>One of the project's sets (<c>Kcc:Evaluation:SetsDirectory</c>), read only.</summary>
    Project,

    /// <summary>Uploaded through the page, kept in the data directory.</summary>
    Upload,

    /// <summary>Made from agents' feedback by the page's export, kept in the data directory.</summary>
    Export,
}

/// <summary>A labelled set the page can run.</summary>
/// <param name="Id"><c>kind/file.jsonl</c>: what the page and the download links name it by.</param>
/// <param name="Kind">Where it comes from.</param>
/// <param name="FileName">Its file name.</param>
/// <param name="Path">Its full path on the server.</param>
/// <param name="Questions">Usable questions (lines still marked needsReview not counted).</param>
/// <param name="Unanswerable">Unanswerable questions among them.</param>
/// <param name="NeedsReview">Lines still waiting for a label.</param>
/// <param name="Splits">Its parts ("dev", "test"); empty when it is not split.</param>
/// <param name="Modified">When the file last changed.</param>
/// <param name="Problem">Why it cannot be run, or null.</param>
public sealed record EvaluationSet(
    string Id, EvaluationSetKind Kind, string FileName, string Path, int Questions, int Unanswerable, int NeedsReview,
    IReadOnlyList<string> Splits, DateTimeOffset Modified, string? Problem)
{
    /// <summary>How the page names the kind.</summary>
    public string KindText => Kind switch
    {
        EvaluationSetKind.Project => "projectset",
        EvaluationSetKind.Upload => "geüpload",
        _ => "export uit feedback",
    };
}

/// <summary>What an upload or an export produced: the stored set, or the problems that kept it out.</summary>
/// <param name="Set">The stored set; null when refused.</param>
/// <param name="Problems">Per-line problems, in Dutch; empty when stored.</param>
/// <param name="MoreProblems">Problems beyond the listed ones.</param>
public sealed record EvaluationSetResult(EvaluationSet? Set, IReadOnlyList<SetProblem> Problems, int MoreProblems = 0);

/// <summary>
/// The labelled sets of the Evaluation page: the project's own (read only), uploaded ones and exports of agents'
/// feedback, the last two as files in <c>&lt;DataDir&gt;/eval-sets/</c>. Uploaded text is validated line by line and
/// stored under a name the server makes; it is data for the eval runner, never executed and never a path.
/// </summary>
public sealed partial class EvaluationSets(
    IOptions<EvaluationOptions> options,
    IOptions<KccOptions> kcc,
    IFeedbackStore feedback,
    IQuestionLog questionLog,
    PersonalDataRedactor redactor,
    TimeProvider clock,
    ILogger<EvaluationSets> logger)
{
    /// <summary>The folder for uploaded and exported sets, under the data directory.</summary>
    public const string FolderName = "eval-sets";

    /// <summary>The project's sets folder, resolved.</summary>
    public string ProjectDirectory => KccPaths.Resolve(options.Value.SetsDirectory);

    private string DataDirectory => KccPaths.Resolve(kcc.Value.DataDir);

    /// <summary>Every set, project sets first, then uploads and exports, newest first.</summary>
    public async Task<IReadOnlyList<EvaluationSet>> ListAsync(CancellationToken cancellationToken = default)
    {
        var sets = new List<EvaluationSet>();
        foreach (var kind in Enum.GetValues<EvaluationSetKind>())
        {
            var directory = DirectoryOf(kind);
            if (!Directory.Exists(directory))
            {
                if (kind == EvaluationSetKind.Project)
                {
                    LogNoProjectSets(logger, directory);
                }

                continue;
            }

            var files = Directory.EnumerateFiles(directory, "*.jsonl").Select(System.IO.Path.GetFileName).OfType<string>().Where(IsSafeName);
            var ofKind = new List<EvaluationSet>();
            foreach (var file in files)
            {
                ofKind.Add(await ReadAsync(kind, file, cancellationToken));
            }

            sets.AddRange(kind == EvaluationSetKind.Project
                ? ofKind.OrderBy(s => s.FileName, StringComparer.Ordinal)
                : ofKind.OrderByDescending(s => s.Modified));
        }

        return sets;
    }

    /// <summary>The set with <paramref name="id"/>, or null when there is none (or the id is not one this page makes).</summary>
    public async Task<EvaluationSet?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        TryParseId(id, out var kind, out var file) && File.Exists(System.IO.Path.Combine(DirectoryOf(kind), file))
            ? await ReadAsync(kind, file, cancellationToken)
            : null;

    /// <summary>The file of set <paramref name="id"/> for download, or null.</summary>
    public string? FileOf(string kind, string file) =>
        TryParseId($"{kind}/{file}", out var parsedKind, out var parsedFile) && File.Exists(System.IO.Path.Combine(DirectoryOf(parsedKind), parsedFile))
            ? System.IO.Path.Combine(DirectoryOf(parsedKind), parsedFile)
            : null;

    /// <summary>
    /// Validates an uploaded set and, when it is valid, stores it under a new name made from <paramref name="fileName"/>.
    /// The caller has already refused files over <see cref="EvaluationOptions.MaxUploadBytes"/>; the stream is read
    /// only up to that size again here.
    /// </summary>
    public async Task<EvaluationSetResult> UploadAsync(string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var max = options.Value.MaxUploadBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return new EvaluationSetResult(null, [new SetProblem(0, $"Het bestand is groter dan {max / 1024} KB; het maximum is ingesteld met {EvaluationOptions.SectionName}:MaxUploadBytes.")]);
            }

            buffer.Write(chunk, 0, read);
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return new EvaluationSetResult(null, [new SetProblem(0, "Het bestand is geen UTF-8-tekst. Sla het op als UTF-8 (JSON Lines, .jsonl).")]);
        }

        var validation = LabelledSetValidator.Validate(text, options.Value.MaxUploadLines);
        if (!validation.IsValid)
        {
            return new EvaluationSetResult(null, validation.Problems, validation.MoreProblems);
        }

        var name = $"{Slug(fileName)}-{Stamp()}.jsonl";
        var path = await WriteAsync(EvaluationSetKind.Upload, name, text, cancellationToken);
        LogUploaded(logger, name, validation.Questions.Count);
        return new EvaluationSetResult(await ReadAsync(EvaluationSetKind.Upload, System.IO.Path.GetFileName(path), cancellationToken), []);
    }

    /// <summary>
    /// Writes agents' feedback (from <paramref name="since"/>, when given) as a labelled set, like <c>eval export</c>;
    /// returns the set and what the export made of the ratings.
    /// </summary>
    public async Task<(EvaluationSet Set, FeedbackExportResult Export)> ExportFeedbackAsync(DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        var result = await FeedbackExportFile.BuildAsync(feedback, questionLog, redactor, since, cancellationToken);
        var name = $"feedback-{Stamp()}.jsonl";
        var path = System.IO.Path.Combine(DirectoryOf(EvaluationSetKind.Export), name);
        await FeedbackExportFile.WriteAsync(path, result, cancellationToken);
        LogExported(logger, name, result.Questions.Count);
        return (await ReadAsync(EvaluationSetKind.Export, name, cancellationToken), result);
    }

    private async Task<EvaluationSet> ReadAsync(EvaluationSetKind kind, string file, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(DirectoryOf(kind), file);
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var validation = LabelledSetValidator.Validate(text, int.MaxValue);
        var problem = validation.IsValid ? null : string.Join(" ", validation.Problems.Take(3).Select(p => p.ToString()));
        return new EvaluationSet(
            $"{IdPrefix(kind)}/{file}", kind, file, path, validation.Questions.Count, validation.Unanswerable, validation.NeedsReview,
            validation.Splits, new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero), problem);
    }

    private async Task<string> WriteAsync(EvaluationSetKind kind, string name, string text, CancellationToken cancellationToken)
    {
        var directory = DirectoryOf(kind);
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, name);
        // Written beside and moved into place: the list never shows half a set.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text.ReplaceLineEndings("\n"), new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, path, overwrite: false);
        return path;
    }

    private string DirectoryOf(EvaluationSetKind kind) => kind switch
    {
        EvaluationSetKind.Project => ProjectDirectory,
        _ => System.IO.Path.Combine(DataDirectory, FolderName, IdPrefix(kind)),
    };

    private static string IdPrefix(EvaluationSetKind kind) => kind.ToString().ToLowerInvariant();

    private static bool TryParseId(string? id, out EvaluationSetKind kind, out string file)
    {
        kind = default;
        file = "";
        var slash = id?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0 || !Enum.TryParse(id![..slash], ignoreCase: true, out kind) || !Enum.IsDefined(kind) || !IsSafeName(id[(slash + 1)..]))
        {
            return false;
        }

        file = id[(slash + 1)..];
        return true;
    }

    private string Stamp() => clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>A name part from what the uploader called the file: lower-case letters, digits and dashes only.</summary>
    internal static string Slug(string? fileName)
    {
        var stem = System.IO.Path.GetFileNameWithoutExtension(fileName ?? "").ToLowerInvariant();
        var slug = NotSlug().Replace(stem, "-").Trim('-');
        return slug.Length == 0 ? "set" : slug[..Math.Min(slug.Length, 40)].TrimEnd('-');
    }

    /// <summary>File names this page reads and serves: no separators, no dot files, always .jsonl.</summary>
    internal static bool IsSafeName(string name) => SafeName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\\.jsonl$")]
    private static partial Regex SafeName();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The project's labelled sets folder {Directory} does not exist (Kcc:Evaluation:SetsDirectory); the Evaluation page lists only uploaded and exported sets")]
    private static partial void LogNoProjectSets(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Labelled set {Name} uploaded: {Questions} questions")]
    private static partial void LogUploaded(ILogger logger, string name, int questions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback exported as labelled set {Name}: {Questions} lines")]
    private static partial void LogExported(ILogger logger, string name, int questions);
}
