using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KccAssistant.Embeddings;
using KccAssistant.Feedback;
using KccAssistant.QuestionLog;
using KccAssistant.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.ContentGaps;

/// <summary>
/// Content gaps for editors: the questions in the question log that got "geen antwoord gevonden" or whose answer was
/// last rated thumbs-down, grouped by similarity (analysed Dutch terms and question embeddings), with the editors'
/// done marks applied.
/// </summary>
public sealed partial class ContentGapAnalyzer(
    IQuestionLog questionLog,
    IFeedbackStore feedback,
    IContentGapMarks marks,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<ContentGapOptions> options,
    TimeProvider clock,
    ILogger<ContentGapAnalyzer> logger)
{
    private const int EmbeddingBatch = 32;
    private const int CacheLimit = 50_000;

    // Questions repeat and the page is opened often: embedding each text once per process keeps the page fast.
    private readonly ConcurrentDictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    /// <summary>Groups the current content gaps; most questions first.</summary>
    public async Task<ContentGapReport> AnalyzeAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();

        var latestRating = new Dictionary<string, bool>(StringComparer.Ordinal);
        await foreach (var rating in feedback.ReadAllAsync(cancellationToken))
        {
            // Oldest first, so the last one read is the one that counts.
            latestRating[rating.AskId] = rating.Helpful;
        }

        var entries = new List<QuestionLogEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entry in questionLog.ReadAllAsync(now.AddDays(-settings.LookbackDays), cancellationToken))
        {
            var rejected = latestRating.TryGetValue(entry.AskId, out var helpful) && !helpful;
            if ((!entry.Answered || rejected) && !string.IsNullOrWhiteSpace(entry.Question) && seen.Add(entry.AskId))
            {
                entries.Add(entry);
            }
        }

        entries.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.AskId, b.AskId));
        var vectors = await EmbedAsync(entries.Select(e => e.Question), cancellationToken);
        var questions = entries.Select((e, i) => new GapQuestion(i, GapQuestionTerms.Analyze(e.Question), vectors?[e.Question])).ToList();
        var clusters = new GapClustering(settings.LexicalWeight, settings.Threshold).Cluster(questions);

        var latestMark = new Dictionary<string, ContentGapMark>(StringComparer.Ordinal);
        await foreach (var mark in marks.ReadAllAsync(cancellationToken))
        {
            latestMark[mark.Key] = mark;
        }

        var weeks = Weeks(now, settings.Weeks);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<ContentGap>(clusters.Count);
        foreach (var cluster in clusters)
        {
            var key = UniqueKey(Key(entries[cluster.Members[0].Index].Question, cluster.Members[0].Terms), keys);
            groups.Add(Describe(key, cluster, entries, weeks, latestMark.GetValueOrDefault(key), settings));
        }

        groups.Sort((a, b) => a.Questions != b.Questions ? b.Questions.CompareTo(a.Questions)
            : a.LastSeen != b.LastSeen ? b.LastSeen.CompareTo(a.LastSeen)
            : string.CompareOrdinal(a.Key, b.Key));
        LogAnalyzed(logger, entries.Count, groups.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new ContentGapReport(now, weeks, groups);
    }

    /// <summary>Marks the group <paramref name="key"/> done (content written or fixed) or undoes that, by an editor in <paramref name="role"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="key"/> is not a group key.</exception>
    public async Task MarkAsync(string key, bool done, string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        if (!ContentGapMark.IsValidKey(key))
        {
            throw new ArgumentException("Not a content-gap group key.", nameof(key));
        }

        await marks.AppendAsync(new ContentGapMark(key, done, clock.GetUtcNow(), role), cancellationToken);
        LogMarked(logger, key, done, role);
    }

    /// <summary>
    /// The group key: a hash of the analysed terms of the group's first question, so a re-asked question with other
    /// word order or inflection would give the same key, and the key never shows the question itself.
    /// </summary>
    internal static string Key(string question, string[] terms)
    {
        var basis = terms.Length > 0 ? string.Join(' ', terms) : DutchTextNormalizer.Fold(question).Trim();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(basis));
        return "g-" + Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary>The ISO weeks ending with the current one (in the clock's local time zone), oldest first.</summary>
    internal static IReadOnlyList<IsoWeek> Weeks(DateTimeOffset now, int count, TimeZoneInfo? zone = null)
    {
        var monday = MondayOf(now, zone ?? TimeZoneInfo.Utc);
        var weeks = new List<IsoWeek>(count);
        for (var i = count - 1; i >= 0; i--)
        {
            var day = monday.AddDays(-7 * i);
            var date = day.ToDateTime(TimeOnly.MinValue);
            weeks.Add(new IsoWeek(ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date), day));
        }

        return weeks;
    }

    private IReadOnlyList<IsoWeek> Weeks(DateTimeOffset now, int count) => Weeks(now, count, clock.LocalTimeZone);

    private static DateOnly MondayOf(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        return local.AddDays(-(((int)local.DayOfWeek + 6) % 7));
    }

    private static string UniqueKey(string key, HashSet<string> taken)
    {
        if (taken.Add(key))
        {
            return key;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{key}-{n.ToString(CultureInfo.InvariantCulture)}";
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
    }

    private ContentGap Describe(
        string key,
        GapClustering.Group cluster,
        List<QuestionLogEntry> entries,
        IReadOnlyList<IsoWeek> weeks,
        ContentGapMark? mark,
        ContentGapOptions settings)
    {
        var members = cluster.Members.Select(m => entries[m.Index]).ToList();
        var perWeek = new int[weeks.Count];
        foreach (var entry in members)
        {
            var index = (MondayOf(entry.At, clock.LocalTimeZone).DayNumber - weeks[0].Monday.DayNumber) / 7;
            if (index >= 0 && index < perWeek.Length)
            {
                perWeek[index]++;
            }
        }

        var example = cluster.Members
            .Select(m => (Member: m, Score: cluster.Similarity(m, settings.LexicalWeight)))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Member.Index)
            .First().Member;

        var firstSeen = members.Min(e => e.At);
        var lastSeen = members.Max(e => e.At);
        var state = ContentGapState.Open;
        DateTimeOffset? markedAt = null;
        var sinceMarked = 0;
        if (mark is { Done: true })
        {
            markedAt = mark.At;
            sinceMarked = members.Count(e => e.At > mark.At);
            state = sinceMarked > 0 ? ContentGapState.Reopened : ContentGapState.Done;
        }

        return new ContentGap(
            key,
            entries[example.Index].Question,
            members.Count,
            members.Count(e => !e.Answered),
            members.Count(e => e.Answered),
            perWeek,
            ClosestSources(members, settings.SourcesPerGroup),
            firstSeen,
            lastSeen,
            state,
            markedAt,
            sinceMarked,
            [.. members.OrderByDescending(e => e.At).Select(e => e.Question)]);
    }

    /// <summary>
    /// The sources shown most often with the group's questions; for an unanswered question these are the closest ones
    /// retrieval found, which is where an editor most likely adds the missing content. Ties go to the better average
    /// citation number, then the title.
    /// </summary>
    private static IReadOnlyList<GapSource> ClosestSources(List<QuestionLogEntry> members, int count) =>
        members
            .SelectMany(e => (e.Sources ?? []).Where(s => !string.IsNullOrWhiteSpace(s.DocumentId)).DistinctBy(s => s.DocumentId, StringComparer.Ordinal))
            .GroupBy(s => s.DocumentId, StringComparer.Ordinal)
            .Select(g => (Last: g.Last(), Count: g.Count(), Rank: g.Average(s => s.Number)))
            .OrderByDescending(x => x.Count)
            .ThenBy(x => x.Rank)
            .ThenBy(x => x.Last.Title, StringComparer.Ordinal)
            .Take(count)
            .Select(x => new GapSource(x.Last.DocumentId, x.Last.Title, x.Last.Url, x.Count))
            .ToList();

    /// <summary>Unit vectors per distinct question text, or null when the model failed (grouping is then lexical only).</summary>
    private async Task<IReadOnlyDictionary<string, float[]>?> EmbedAsync(IEnumerable<string> questions, CancellationToken cancellationToken)
    {
        var distinct = questions.Distinct(StringComparer.Ordinal).ToList();
        var missing = distinct.Where(q => !_vectors.ContainsKey(q)).ToList();
        try
        {
            foreach (var batch in missing.Chunk(EmbeddingBatch))
            {
                var generated = await embeddings.GenerateAsync(batch, QueryOptions(), cancellationToken);
                if (_vectors.Count + batch.Length > CacheLimit)
                {
                    _vectors.Clear();
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    _vectors[batch[i]] = Normalize(generated[i].Vector.ToArray());
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogEmbeddingFailed(logger, exception);
            return null;
        }

        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var question in distinct)
        {
            if (!_vectors.TryGetValue(question, out var vector))
            {
                // Evicted by a concurrent clear: embed it once more rather than fall back for one question.
                vector = Normalize((await embeddings.GenerateAsync([question], QueryOptions(), cancellationToken))[0].Vector.ToArray());
            }

            result[question] = vector;
        }

        return result;
    }

    // Questions, not passages: models with query and passage prefixes (e5) embed them as questions.
    private static EmbeddingGenerationOptions QueryOptions() => new()
    {
        AdditionalProperties = new AdditionalPropertiesDictionary { [EmbeddingInputKind.PropertyName] = EmbeddingInputKind.Query },
    };

    private static float[] Normalize(float[] vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Content gaps: {Questions} questions in {Groups} groups in {Milliseconds:F0} ms")]
    private static partial void LogAnalyzed(ILogger logger, int questions, int groups, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content gaps: the embedding model failed; grouping by terms only")]
    private static partial void LogEmbeddingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Content gap {Key} marked done={Done} by role {Role}")]
    private static partial void LogMarked(ILogger logger, string key, bool done, string role);
}
