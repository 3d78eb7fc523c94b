using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using KccAssistant.Retrieval;
using KccAssistant.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KccAssistant.Answering.Generative;

/// <summary>
/// The generative mode, as a decorator of the extractive <see cref="AskService"/>: it builds the extractive answer
/// first (it is cheap and it is the fallback), gives the model the same numbered sources, validates the reply
/// against them and returns either the validated reply or the extractive answer with the reason it was used.
/// </summary>
/// <remarks>
/// Questions the sources do not cover never reach the model: the honest "no answer" stays extractive. A caller's
/// cancellation propagates; the model's timeout, errors and invalid replies never fail a question.
/// </remarks>
public sealed class GenerativeAskService(
    AskService extractive,
    IAnswerGenerator generator,
    AnswerValidator validator,
    IOptions<GenerationOptions> options,
    ILogger<GenerativeAskService> logger) : IAskService
{
    /// <inheritdoc />
    public async Task<AskResponse> AskAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, CancellationToken cancellationToken = default)
    {
        var baseline = await extractive.AskWithSourcesAsync(question, mode, cancellationToken);
        if (!baseline.Response.Answered)
        {
            return baseline.Response;
        }

        var settings = options.Value;
        var sources = Sources(baseline, settings);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        string reply = "";
        string? failure = null;
        try
        {
            reply = await generator.GenerateAsync(question, sources, timeout.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            failure = Classify(exception, timeout);
        }

        return Complete(baseline, sources, reply, failure, started);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AskUpdate> AskStreamingAsync(string question, RetrievalMode mode = RetrievalMode.Hybrid, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var baseline = await extractive.AskWithSourcesAsync(question, mode, cancellationToken);
        if (!baseline.Response.Answered)
        {
            yield return new AskUpdate(AskUpdateKind.Final, Response: baseline.Response);
            yield break;
        }

        yield return new AskUpdate(AskUpdateKind.Sources, Response: baseline.Response);
        var settings = options.Value;
        var sources = Sources(baseline, settings);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        var reply = new StringBuilder();
        string? failure = null;
        var pieces = generator.StreamAsync(question, sources, timeout.Token).GetAsyncEnumerator(timeout.Token);
        try
        {
            while (true)
            {
                string piece;
                try
                {
                    if (!await pieces.MoveNextAsync())
                    {
                        break;
                    }

                    piece = pieces.Current;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = Classify(exception, timeout);
                    break;
                }

                reply.Append(piece);
                yield return new AskUpdate(AskUpdateKind.Delta, Text: piece);
            }
        }
        finally
        {
            await DisposeQuietlyAsync(pieces);
        }

        yield return new AskUpdate(AskUpdateKind.Final, Response: Complete(baseline, sources, reply.ToString(), failure, started));
    }

    /// <summary>
    /// The numbered sources for the model: per citation, the same best passages of its document that the extractive
    /// answer drew from, within <see cref="GenerationOptions.MaxSourceChars"/>.
    /// </summary>
    internal static IReadOnlyList<GenerationSource> Sources(ExtractiveResult baseline, GenerationOptions settings)
    {
        var sources = new List<GenerationSource>();
        foreach (var citation in baseline.Response.Citations.Take(settings.MaxSources))
        {
            var document = baseline.Documents.FirstOrDefault(d => d.DocumentId == citation.DocumentId);
            var text = document is null ? citation.Snippet : Passages(document, settings.MaxSourceChars);
            sources.Add(new GenerationSource(citation.Number, citation.Title, text));
        }

        return sources;
    }

    private static string Passages(RetrievedDocument document, int maxChars)
    {
        var builder = new StringBuilder();
        foreach (var chunk in document.Chunks.Take(ExtractiveAnswerer.PassagesPerDocument))
        {
            var heading = chunk.Section.Length > 0 && chunk.Section != chunk.Title ? chunk.Section + ":\n" : "";
            var separator = builder.Length > 0 ? "\n\n" : "";
            if (builder.Length + separator.Length + heading.Length + chunk.Text.Length <= maxChars)
            {
                builder.Append(separator).Append(heading).Append(chunk.Text);
                continue;
            }

            // Too long: as many whole sentences as fit, so that no sentence (or amount) is cut in half.
            var part = new StringBuilder(heading);
            foreach (var sentence in DutchSentenceSplitter.Default.Split(chunk.Text))
            {
                if (builder.Length + separator.Length + part.Length + sentence.Length + 1 > maxChars)
                {
                    break;
                }

                part.Append(part.Length > heading.Length ? " " : "").Append(sentence);
            }

            if (part.Length > heading.Length)
            {
                builder.Append(separator).Append(part);
            }

            break;
        }

        if (builder.Length == 0)
        {
            var text = document.Best.Text;
            var cut = text.Length <= maxChars ? text.Length : Math.Max(text.LastIndexOf(' ', maxChars - 1), maxChars / 2);
            builder.Append(text.AsSpan(0, cut));
        }

        return builder.ToString();
    }

    private AskResponse Complete(ExtractiveResult baseline, IReadOnlyList<GenerationSource> sources, string reply, string? failure, long started)
    {
        var response = baseline.Response;
        var generateMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var timings = response.Timings with
        {
            GenerateMs = Math.Round(generateMs, 2),
            TotalMs = Math.Round(response.Timings.TotalMs + generateMs, 2),
        };

        var report = new GenerationReport(generator.Model, 0, 0, []);
        if (failure is null)
        {
            GenerationLog.Reply(logger, generator.Model, reply);
            var validated = validator.Validate(reply, sources);
            foreach (var dropped in validated.Sentences.Where(s => s.Verdict is SentenceVerdict.NoCitation or SentenceVerdict.Unsupported))
            {
                GenerationLog.Dropped(logger, dropped.Verdict.ToString(), dropped.Support, string.Join(',', dropped.Citations));
            }

            report = new GenerationReport(generator.Model, validated.Kept, validated.Dropped, validated.RemovedCitations);
            if (validated.IsValid)
            {
                GenerationLog.Generated(logger, generator.Model, generateMs, validated.Kept, validated.Dropped, validated.RemovedCitations.Count);
                return response with
                {
                    Answer = validated.Text,
                    Citations = Highlighted(baseline, validated),
                    Generator = AnswerGenerators.Llm,
                    Generation = report,
                    Timings = timings,
                };
            }

            failure = validated.FailureReason ?? GenerationFallback.Unsupported;
        }

        GenerationLog.FellBack(logger, generator.Model, failure, generateMs);
        return response with { FallbackReason = failure, Generation = report, Timings = timings };
    }

    /// <summary>The citations with the source sentences that support the generated answer highlighted, instead of the extractive ones.</summary>
    private static List<Citation> Highlighted(ExtractiveResult baseline, ValidatedAnswer validated)
    {
        var citations = new List<Citation>();
        foreach (var citation in baseline.Response.Citations)
        {
            var evidence = validated.Sentences
                .Where(s => s.Verdict == SentenceVerdict.Supported)
                .SelectMany(s => s.Evidence)
                .Where(e => e.Number == citation.Number)
                .Select(e => e.Sentence)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var document = baseline.Documents.FirstOrDefault(d => d.DocumentId == citation.DocumentId);
            var chunk = evidence.Count == 0 || document is null
                ? null
                : document.Chunks.Take(ExtractiveAnswerer.PassagesPerDocument).FirstOrDefault(c => c.Text.Contains(evidence[0], StringComparison.Ordinal));
            citations.Add(chunk is null
                ? citation with { Highlights = evidence }
                : ExtractiveAnswerer.Cite(citation.Number, document!, chunk, evidence.Where(e => chunk.Text.Contains(e, StringComparison.Ordinal)).ToList()));
        }

        return citations;
    }

    private string Classify(Exception exception, CancellationTokenSource timeout)
    {
        // Our own deadline, or HttpClient's backstop timeout (a TaskCanceledException around a TimeoutException).
        if (timeout.IsCancellationRequested || exception is TimeoutException || exception.InnerException is TimeoutException)
        {
            return GenerationFallback.Timeout;
        }

        GenerationLog.Failed(logger, generator.Model, exception);
        return GenerationFallback.Error;
    }

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<string> pieces)
    {
        try
        {
            await pieces.DisposeAsync();
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or IOException)
        {
            // A stream abandoned at a timeout may complain while closing; the outcome is already decided.
        }
    }
}
